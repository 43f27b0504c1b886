"""Check a report (draft artifact, .md, or a .docx edited in Word) against the đề cương → CheckReport.

Findings, one per (section, kind), messages in Vietnamese saying what to do:
- missing_section: a section of the đề cương with no heading in the report (a container counts as present when any
  of its children is; when a whole container is missing only the container is reported);
- out_of_order: among the present children of one parent, those outside the longest run that keeps the đề cương's
  order (ties: the section that moved up is reported);
- empty_section: a leaf whose heading is there with no text under it;
- missing_figure: a requirement of the đề cương not met by the text, judged by
  `assistant.rules.requirements_met.requirement_met` (the drafter's rule too); not checked where a placeholder
  already stands for it;
- placeholder_left: "[Cần bổ sung …]" or a dotted blank (".....") left in a section (in the preamble: bracketed only,
  since the header keeps dotted blanks for values the user fills in by hand);
- invalid_citation: a draft artifact's [n] naming no source of that section; in a .md/.docx, [n] naming no number of
  the sources list ("Nguồn trích dẫn"; a list grouped by section counts as one), or any [n] when the report has no
  sources list (final reports carry none);
- unsupported_number: a figure (number, %, date, document number, year) of a section found neither in the notes nor
  in the đề cương; a draft checked without notes gets the drafter's own number lock (figures in no source the
  section cites nor in its title and guidance: `assistant.rules.section_flags.unsupported_figures`); a
  "[chưa kiểm chứng]" mark left by the drafter always counts;
- unmatched_text: a heading (and its text) that aligns to no section of the đề cương.
Severities come from SEVERITY (one table); missing/empty sections marked "(nếu có)" are OPTIONAL_SEVERITY.
The summary counts errors, warnings, infos, findings, sections (of the đề cương), sections_present, and each kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.checking.alignment import Alignment, align
from assistant.checking.report_reader import ParsedReport, ReportSection, read_report
from assistant.rules.number_lock import lock_numbers
from assistant.rules.placeholders import UNVERIFIED, count_unverified, is_blank, placeholders_in
from assistant.rules.requirements_met import missing_figure_message, missing_figures
from assistant.rules.section_flags import unsupported_figures
from assistant.text.citation_marks import find_markers
from assistant.types import CheckReport, Draft, Finding, FindingKind, Note, Outline, Section, Severity

SEVERITY: dict[FindingKind, Severity] = {
    "missing_section": "error",
    "empty_section": "error",
    "placeholder_left": "error",
    "invalid_citation": "error",
    "missing_figure": "warning",
    "unsupported_number": "warning",
    "out_of_order": "warning",
    "unmatched_text": "warning",
}
OPTIONAL_SEVERITY: Severity = "info"
"""missing_section / empty_section of a section marked "(nếu có)"."""


def _where(s: Section, capital: bool = False) -> str:
    """'mục II.1 “Công tác tuyên truyền”' ('Mục …' at the start of a sentence)."""
    word = "Mục" if capital else "mục"
    return f"{word} {s.id} “{s.title}”" if s.title else f"{word} {s.id}"


def _finding(kind: FindingKind, section: Section | None, message: str) -> Finding:
    severity = SEVERITY[kind]
    if section is not None and section.optional and kind in ("missing_section", "empty_section"):
        severity = OPTIONAL_SEVERITY
    return Finding(section=section.id if section else None, kind=kind, severity=severity, message=message)


# ---------------------------------------------------------------- order


def _keep_in_order(seq: list[int]) -> set[int]:
    """Indexes (into seq) of a longest increasing subsequence; on ties the later elements are kept, so the
    element that moved up is the one left out."""
    n = len(seq)
    length = [1] * n
    for i in range(n):
        for j in range(i):
            if seq[j] < seq[i] and length[j] + 1 > length[i]:
                length[i] = length[j] + 1
    keep: set[int] = set()
    best = max(length, default=0)
    i = max((k for k in range(n) if length[k] == best), default=-1)
    while i >= 0:
        keep.add(i)
        want = length[i] - 1
        i = max((j for j in range(i) if length[j] == want and seq[j] < seq[i]), default=-1) if want else -1
    return keep


def _order_findings(outline: Outline, al: Alignment) -> list[Finding]:
    out: list[Finding] = []
    groups: list[list[Section]] = [outline.sections] + [s.children for s in outline.walk() if s.children]
    for siblings in groups:
        present = [(al.first_position(c), k, c) for k, c in enumerate(siblings) if al.present(c)]
        present.sort(key=lambda t: t[0])
        keep = _keep_in_order([k for _, k, _ in present])
        for idx, (_, k, c) in enumerate(present):
            if idx in keep:
                continue
            before = next((siblings[j] for j in range(k - 1, -1, -1) if al.present(siblings[j])), None)
            where = f"sau {_where(before)}" if before else "ở đầu phần này"
            out.append(_finding("out_of_order", c, f"{_where(c, True)} nằm sai thứ tự so với đề cương; "
                                                   f"chuyển về đúng vị trí ({where})."))
    return out


# ---------------------------------------------------------------- one section


def _citation_findings(section: Section, text: str, rs: ReportSection, report: ParsedReport) -> list[Finding]:
    if rs.sources is not None:
        valid = {s.n for s in rs.sources}
        context = (f"mục này chỉ có nguồn {', '.join(f'[{n}]' for n in sorted(valid))}" if valid
                   else "mục này không có nguồn nào")
    elif report.source_numbers is not None:
        valid = report.source_numbers
        context = "danh mục nguồn trích dẫn không có số này"
    else:
        valid = set()
        context = "báo cáo không có danh mục nguồn trích dẫn"
    bad: list[str] = []
    for start, end, numbers in find_markers(text):
        if numbers is None and text[start:end] not in bad:
            bad.append(text[start:end])  # a malformed range ("[3-1]"), as the drafter's citation check reads it
        for n in numbers or []:
            if n not in valid and f"[{n}]" not in bad:
                bad.append(f"[{n}]")
    if not bad:
        return []
    return [_finding("invalid_citation", section,
                     f"Trích dẫn {', '.join(bad)} trong {_where(section)} không trỏ tới nguồn nào ({context}); "
                     "sửa số trích dẫn hoặc xoá.")]


def _section_findings(section: Section, text: str, rs: ReportSection, report: ParsedReport,
                      notes_support: list[str] | None) -> list[Finding]:
    out: list[Finding] = []
    where_cap = _where(section, True)
    holes = placeholders_in(text)
    if section.is_leaf and is_blank(text) and not holes:
        return [_finding("empty_section", section,
                         f"{where_cap} có tiêu đề nhưng chưa có nội dung; viết nội dung cho mục này.")]
    if holes:
        shown = "; ".join(dict.fromkeys(h if len(h) <= 80 else h[:77] + "…" for h in holes))
        out.append(_finding("placeholder_left", section,
                            f"{where_cap} còn chỗ chưa điền: {shown}; điền số liệu/nội dung rồi xoá dấu chờ."))
    out.extend(_citation_findings(section, text, rs, report))
    for req in missing_figures(section, text):
        out.append(_finding("missing_figure", section, f"{where_cap}: {missing_figure_message(req)}"))
    flags, missing_from = [], ""
    if notes_support is not None:
        flags, missing_from = lock_numbers(text, [], notes_support)[1], "ghi chú"
    elif rs.sources is not None:  # a draft checked without notes: the drafter's own number lock
        flags, missing_from = unsupported_figures(text, rs.sources, section), "nguồn được trích dẫn"
    unsupported = list(dict.fromkeys(f.text for f in flags))
    marks = count_unverified(text)
    if unsupported or marks:
        what = f"số liệu không có trong {missing_from}: {', '.join(unsupported)}" if unsupported else (
            f"{marks} số liệu còn đánh dấu {UNVERIFIED}")
        out.append(_finding("unsupported_number", section,
                            f"{where_cap} có {what}; kiểm tra lại với nguồn hoặc bỏ."))
    return out


# ---------------------------------------------------------------- whole report


def outline_texts(outline: Outline) -> list[str]:
    """Texts of the đề cương itself: figures quoted from it (e.g. "Chỉ thị số 19-CT/TU") need no note."""
    texts = [outline.title, outline.intro or ""]
    for s in outline.walk():
        texts += [s.title, *s.guidance, *(r.text for r in s.requirements)]
    return [t for t in texts if t]


def _summary(findings: list[Finding], outline: Outline, al: Alignment) -> dict[str, int]:
    sections = list(outline.walk())
    summary = {
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "infos": sum(f.severity == "info" for f in findings),
        "findings": len(findings),
        "sections": len(sections),
        "sections_present": sum(al.present(s) for s in sections),
    }
    for kind in SEVERITY:
        summary[kind] = sum(f.kind == kind for f in findings)
    return summary


def check_parsed(report: ParsedReport, outline: Outline, notes: Iterable[Note] | None = None) -> CheckReport:
    al = align(report, outline)
    outline_support = outline_texts(outline)
    notes_support = None if notes is None else [n.text for n in notes] + outline_support
    findings: list[Finding] = []
    order = {s.id: k for k, s in enumerate(outline.walk())}
    parents = {c.id: s for s in outline.walk() for c in s.children}
    for s in outline.walk():
        parent = parents.get(s.id)
        if not al.present(s) and (parent is None or al.present(parent)):
            findings.append(_finding("missing_section", s, f"Thiếu {_where(s)} của đề cương; bổ sung mục này."))
    findings += _order_findings(outline, al)
    for i, s in al.matches.items():
        findings += _section_findings(s, al.texts[s.id], report.sections[i], report, notes_support)
    for stray in al.stray:
        snippet = stray.heading() if len(stray.heading()) <= 90 else stray.heading()[:87] + "…"
        lines = len([ln for ln in stray.text.splitlines() if ln.strip()])
        findings.append(_finding("unmatched_text", None,
                                 f"Phần “{snippet}” ({lines} đoạn) không thuộc mục nào của đề cương; "
                                 "chuyển nội dung vào mục phù hợp hoặc bỏ."))
    holes = placeholders_in(al.preamble, dotted=False)
    if holes:
        findings.append(_finding("placeholder_left", None,
                                 f"Phần mở đầu còn chỗ chưa điền: {'; '.join(dict.fromkeys(holes))}."))
    findings.sort(key=lambda f: (order.get(f.section, len(order)) if f.section else len(order),
                                 list(SEVERITY).index(f.kind)))
    return CheckReport(findings=findings, summary=_summary(findings, outline, al))


def check_report(report: str | Path | Draft | ParsedReport, outline: Outline,
                 notes: Iterable[Note] | None = None) -> CheckReport:
    """REPORT (path to draft .json / .md / .txt / .docx, a Draft, or an already parsed report) vs the đề cương."""
    parsed = report if isinstance(report, ParsedReport) else read_report(report)
    return check_parsed(parsed, outline, list(notes) if notes is not None else None)


def check_draft(draft: Draft, outline: Outline | None = None, notes: Iterable[Note] | None = None) -> CheckReport:
    """A draft artifact checked against `outline` (its own outline when None)."""
    return check_report(draft, outline or draft.outline, notes)
