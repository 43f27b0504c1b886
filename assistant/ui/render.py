"""HTML for the workspace: status badges, the đề cương tree, highlighted section text, sources, live drafting.

Pure functions of the data (no Gradio), everything escaped; tested without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant.rules.labels import SECTION_STATUS, SEVERITY_LABELS
from assistant.rules.placeholders import PLACEHOLDER_RE, UNVERIFIED, UNVERIFIED_RE
from assistant.rules.section_flags import section_flags, section_status
from assistant.text.citation_marks import find_markers
from assistant.types import Outline, Section, SectionDraft, Source


def status_code(sd: SectionDraft | None, section: Section | None = None) -> str:
    """The reviewer status of a section: `assistant.rules.section_flags.section_status` (the drafter's flags and
    the checker's findings come from the same rules)."""
    return section_status(sd, section)


def badge(code: str) -> str:
    label, icon = SECTION_STATUS[code]
    return f'<span class="bc-badge bc-{code}">{icon} {html.escape(label)}</span>'


def legend_html() -> str:
    codes = ["pending", "drafted", "missing", "unverified", "failed", "approved"]
    return '<div class="bc-legend">' + " ".join(badge(c) for c in codes) + "</div>"


def section_choices(outline: Outline | None, sections: dict[str, SectionDraft], running: Iterable[str] = ()) -> list:
    """(label, value) pairs for the section list: every leaf, indented by depth, with its status."""
    if outline is None:
        return []
    running = set(running)
    out = []

    def visit(s: Section, prefix: str) -> None:
        num = s.number.strip()
        path = f"{prefix}{num.rstrip('.')}." if num and num[0].isalnum() else prefix + num
        if not s.is_leaf:
            for c in s.children:
                visit(c, path if num and num[0].isalnum() else prefix)
            return
        code = "running" if s.id in running else status_code(sections.get(s.id), s)
        label, icon = SECTION_STATUS[code]
        out.append((f"{icon} {path} {s.title} — {label}", s.id))

    for s in outline.sections:
        visit(s, "")
    return out


def tree_html(outline: Outline | None, sections: dict[str, SectionDraft] | None = None) -> str:
    """The đề cương as a collapsible tree; leaves show their status when a report has sections."""
    if outline is None or not outline.sections:
        return '<div class="bc-empty">Chưa có đề cương. Hãy tải lên kế hoạch hoặc đề cương.</div>'
    sections = sections or {}

    def node(s: Section) -> str:
        title = f'<span class="bc-num">{html.escape(s.number)}</span> {html.escape(s.title)}'
        extra = ' <span class="bc-opt">(nếu có)</span>' if s.optional else ""
        if s.is_leaf:
            reqs = "".join(f'<li class="bc-req">{html.escape(r.text)}</li>' for r in s.requirements[:6])
            req_html = f'<ul class="bc-reqs">{reqs}</ul>' if reqs else ""
            st = badge(status_code(sections.get(s.id), s)) if sections else ""
            return f'<li class="bc-leaf"><div>{title}{extra} {st}</div>{req_html}</li>'
        kids = "".join(node(c) for c in s.children)
        return f"<li><details open><summary>{title}{extra}</summary><ul>{kids}</ul></details></li>"

    head = f'<div class="bc-tree-title">{html.escape(outline.title or "Đề cương")}</div>'
    n = len(outline.leaves())
    tables = f" · {len(outline.tables)} biểu số liệu" if outline.tables else ""
    meta = f'<div class="bc-meta">{n} mục cần viết{tables}</div>'
    return f'<div class="bc-tree">{head}{meta}<ul>{"".join(node(s) for s in outline.sections)}</ul></div>'


def section_head_html(sd: SectionDraft, version: int, sec: Section | None = None) -> str:
    """Title, status and version of the section being edited, its đề cương guidance, its drafting error."""
    guide = ""
    if sec and (sec.guidance or sec.requirements):
        items = "".join(f"<li>{html.escape(g)}</li>" for g in sec.guidance[:5])
        items += "".join(f"<li>Yêu cầu: {html.escape(r.text)}</li>" for r in sec.requirements[:5])
        guide = f'<details class="bc-guide"><summary>Hướng dẫn của đề cương</summary><ul>{items}</ul></details>'
    err = f'<div class="bc-error">Lỗi khi soạn: {html.escape(sd.error)}</div>' if sd.error else ""
    return (f'<div class="bc-sechead"><div class="bc-sectitle">{html.escape(sd.number)} {html.escape(sd.title)}</div>'
            f'{badge(status_code(sd, sec))} <span class="bc-ver">phiên bản {version}</span></div>{guide}{err}')


def _source_titles(sources: list[Source]) -> dict[int, str]:
    return {s.n: f"{s.locator.label()}: {s.text[:300]}" for s in sources}


def highlight_html(text: str, sd: SectionDraft | None = None, section: Section | None = None) -> str:
    """Section text with placeholders, unverified figures and citations marked up; the unverified figures are
    those `section_flags` finds in this text (the figures the section list and the check count)."""
    if not text.strip():
        return '<div class="bc-empty">Mục này chưa có nội dung.</div>'
    titles = _source_titles(sd.sources) if sd else {}
    flags = section_flags(text, sd.sources, section) if sd else []
    figures = sorted({f.text for f in flags if f.kind == "unsupported_number" and f.text != UNVERIFIED},
                     key=len, reverse=True)
    spans: list[tuple[int, int, str]] = []
    cited: dict[int, list[int] | None] = {}
    for m in PLACEHOLDER_RE.finditer(text):
        spans.append((m.start(), m.end(), "ph"))
    for m in UNVERIFIED_RE.finditer(text):
        spans.append((m.start(), m.end(), "uv"))
    for start, end, numbers in find_markers(text):  # the same reading of [1, 2] / [1-3] as the citation check
        cited[start] = numbers
        spans.append((start, end, "cite"))
    for fig in figures:
        for m in re.finditer(r"(?<![\w.,])" + re.escape(fig) + r"(?![\w])", text):
            spans.append((m.start(), m.end(), "num"))
    spans.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out, pos = [], 0
    for start, end, kind in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        piece = html.escape(text[start:end])
        if kind == "cite":
            nums = cited[start] or []
            tip = html.escape(" | ".join(titles.get(n, f"[{n}] không có trong nguồn") for n in nums), quote=True)
            valid = cited[start] is not None and all(n in titles for n in nums)
            bad = "" if valid or not titles else " bc-bad"
            out.append(f'<sup class="bc-cite{bad}" title="{tip}">{piece}</sup>')
        elif kind == "ph":
            out.append(f'<mark class="bc-ph" title="Thiếu số liệu: cần bổ sung trước khi ban hành">{piece}</mark>')
        elif kind == "uv":
            out.append(f'<span class="bc-uvtag">{piece}</span>')
        else:
            out.append(f'<mark class="bc-numflag" title="Số liệu không có trong nguồn được trích dẫn">{piece}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    body = "".join(out)
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return f'<div class="bc-preview">{paras}</div>'


def flags_summary(sd: SectionDraft | None) -> str:
    if sd is None or not sd.flags:
        return ""
    items = "".join(f"<li>{html.escape(f.message)}</li>" for f in sd.flags[:12])
    return f'<ul class="bc-flags">{items}</ul>'


def sources_html(sd: SectionDraft | None, cited: Iterable[int] = ()) -> str:
    """The sources given to the section: cited note lines and document passages first."""
    if sd is None or not sd.sources:
        return '<div class="bc-empty">Mục này chưa có nguồn. Nguồn xuất hiện sau khi soạn thảo.</div>'
    cited = set(cited) or set(sd.citations)
    order = sorted(sd.sources, key=lambda s: (s.n not in cited, s.n))
    cards = []
    for s in order:
        kind = "Ghi chú" if s.kind == "note" else "Tài liệu"
        cls = "bc-src" + (" bc-cited" if s.n in cited else "")
        used = "được trích dẫn" if s.n in cited else "chưa dùng"
        cards.append(
            f'<div class="{cls}"><div class="bc-src-head"><b>[{s.n}]</b> {kind} · '
            f'<code>{html.escape(s.locator.label())}</code> <span class="bc-used">{used}</span></div>'
            f'<div class="bc-src-text">{html.escape(s.text)}</div></div>'
        )
    return '<div class="bc-sources">' + "".join(cards) + "</div>"


def live_html(order: list[tuple[str, str]], live: dict[str, str], state: dict[str, str], done: int, total: int,
              info: str = "", finished: bool = False) -> str:
    """The drafting progress panel: a bar, then every running section with its streamed text."""
    pct = int(100 * done / total) if total else 0
    bar = (f'<div class="bc-progress"><div class="bc-bar" style="width:{pct}%"></div>'
           f'<span>{done}/{total} mục</span></div>')
    cards = []
    for sid, heading in order:
        st = state.get(sid)
        if st not in ("running", "failed") and not (st == "done" and live.get(sid)):
            continue
        text = html.escape(live.get(sid, ""))
        cursor = '<span class="bc-caret">▍</span>' if st == "running" else ""
        cls = {"running": "bc-live-run", "failed": "bc-live-fail"}.get(st, "bc-live-done")
        cards.append(f'<div class="bc-live {cls}" data-section="{html.escape(sid, quote=True)}">'
                     f'<div class="bc-live-head">{html.escape(heading)}</div>'
                     f'<div class="bc-live-text">{text}{cursor}</div></div>')
    recent = cards[-6:]
    if finished:
        failed = sum(v == "failed" for v in state.values())
        tail = f", {failed} mục lỗi" if failed else ""
        recent = [c for c in recent if "bc-live-fail" in c]
        recent.insert(0, f'<div class="bc-finished">✔ Soạn xong {total - failed}/{total} mục{tail}. '
                         'Chọn một mục bên dưới để xem và sửa.</div>')
    note = f'<div class="bc-meta">{html.escape(info)}</div>' if info and not any(state.values()) else ""
    return f'<div class="bc-livebox">{bar}{note}{"".join(recent)}</div>'


def check_summary_html(counts: dict[str, int], n_findings: int) -> str:
    if not n_findings:
        return '<div class="bc-ok">✔ Không có phát hiện nào: báo cáo khớp đề cương.</div>'
    parts = [f'<span class="bc-sev bc-sev-{k}">{SEVERITY_LABELS[k]}: {counts.get(k, 0)}</span>' for k in SEVERITY_LABELS]
    return f'<div class="bc-checksum">{n_findings} phát hiện · {" ".join(parts)} · chọn một dòng để tới mục đó</div>'
