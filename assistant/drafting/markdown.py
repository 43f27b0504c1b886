"""Readable markdown rendering of a Draft, and its summary counts."""

from __future__ import annotations

from assistant.rules.labels import DRAFT_SUMMARY_LABELS, status_label
from assistant.types import Draft, Section


def summarize(draft: Draft) -> dict:
    secs = draft.sections
    count = lambda kind: sum(1 for s in secs for f in s.flags if f.kind == kind)  # noqa: E731
    return {
        "sections": len(secs),
        "drafted": sum(s.status == "drafted" for s in secs),
        "approved": sum(s.status == "approved" for s in secs),
        "failed": sum(s.status == "failed" for s in secs),
        "pending": sum(s.status == "pending" for s in secs),
        "citations": sum(len(s.citations) for s in secs),
        "invalid_citations": count("invalid_citation"),
        "placeholders": count("placeholder"),
        "unsupported_numbers": count("unsupported_number"),
        "unrouted": len(draft.unrouted_notes),
        "table_rows": sum(len(t.rows) for t in draft.tables),
    }


def _section_md(draft: Draft, section: Section, out: list[str]) -> None:
    out.append(f"{'#' * min(section.level + 2, 6)} {section.heading()}")
    out.append("")
    if section.children:
        for child in section.children:
            _section_md(draft, child, out)
        return
    sd = draft.section(section.id)
    if sd is None:
        out += ["_(chưa có trong bản thảo)_", ""]
        return
    if sd.status in {"failed", "pending"}:
        out.append(f"> Trạng thái: **{status_label(sd.status)}**" + (f" — {sd.error}" if sd.error else ""))
        out.append("")
    out += [sd.text or "_(trống)_", ""]
    cited = [s for s in sd.sources if s.n in sd.citations]
    if cited:
        out.append("Nguồn:")
        out += [f"- [{s.n}] {s.locator.label()} — {s.text}" for s in cited]
        out.append("")
    for f in sd.flags:
        if f.kind != "placeholder":
            out.append(f"> ⚠ {f.message}")
    if any(f.kind != "placeholder" for f in sd.flags):
        out.append("")


def _tables_md(draft: Draft, out: list[str]) -> None:
    for fill in draft.tables:
        table = draft.outline.tables[fill.table_index]
        out += [f"### Biểu {table.number or fill.table_index + 1}. {table.title}", ""]
        cols = table.columns or [f"Cột {i + 1}" for i in range(max(map(len, fill.rows), default=0))]
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "---|" * len(cols))
        group = None
        for row, g in zip(fill.rows, fill.row_groups):
            if g and g != group:
                out.append(f"| **{g}** |" + " |" * (len(cols) - 1))
                group = g
            out.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
        out.append("")


def render_markdown(draft: Draft) -> str:
    out: list[str] = [f"# {draft.outline.title or 'Báo cáo'}", ""]
    if draft.intro:
        out += [draft.intro, ""]
    for section in draft.outline.sections:
        _section_md(draft, section, out)
    if draft.tables:
        out += ["## Phụ lục: các biểu", ""]
        _tables_md(draft, out)
    if draft.unrouted_notes:
        out += ["## Ghi chú chưa xếp được vào mục nào", ""]
        out += [f"- {n.id}: {n.text}" for n in draft.unrouted_notes]
        out.append("")
    s = summarize(draft)
    counts = ", ".join(f"{s[k]} {DRAFT_SUMMARY_LABELS[k].lower()}"
                       for k in ("placeholders", "unsupported_numbers", "invalid_citations", "unrouted"))
    out.append(f"_Tổng hợp: {s['drafted'] + s['approved']}/{s['sections']} mục đã soạn, {s['failed']} lỗi, {counts}._")
    return "\n".join(out).rstrip() + "\n"
