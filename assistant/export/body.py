"""The report's content in the .docx: body under the đề cương's headings, Biểu tables, sources list.

Citations: final mode drops every "[n]" marker with the space before it; review mode keeps the markers
and anchors a Word comment (source locator and text) on the sentence each marker follows. Placeholders
"[Cần bổ sung: ...]" and "[chưa kiểm chứng]" marks stay visible and highlighted in both modes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from assistant.export.docx_writing import (
    add_comment,
    add_line,
    add_run,
    format_paragraph,
    make_table,
    merge_row,
    repeat_header,
    set_outline_level,
)
from assistant.export.layout import Layout, TextFormat
from assistant.rules.citations import strip_citations
from assistant.rules.placeholders import MARKS_RE
from assistant.text.citation_marks import MARKER, find_markers
from assistant.types import BieuFill, BieuTable, Draft, Source

SOURCES_TITLE = "NGUỒN TRÍCH DẪN"
TT_WIDTH_CM = 1.2
BLANK_ROWS = 2  # numbered empty rows kept under a group (or a table) the notes give no values for
_SENTENCE_END = re.compile(r"[.!?;:][\"”’)]*\s+")
_TT = {"tt", "stt", "số tt"}


# ---------------------------------------------------------------- text with citations and marks


def _tokens(text: str) -> Iterator[tuple[str, str, list[int]]]:
    """('text' | 'mark' | 'cite', raw text, cited numbers); adjacent markers ("[1][2]", "[1] [2]") merge."""
    spans = sorted([(m.start(), m.end(), "mark") for m in MARKS_RE.finditer(text)]
                   + [(m.start(), m.end(), "cite") for m in MARKER.finditer(text)])
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            continue
        if kind == "cite" and merged and merged[-1][2] == "cite" and not text[merged[-1][1]:start].strip():
            merged[-1] = (merged[-1][0], end, "cite")
        else:
            merged.append((start, end, kind))
    pos = 0
    for start, end, kind in merged:
        if start > pos:
            yield "text", text[pos:start], []
        raw = text[start:end]
        yield kind, raw, [n for _, _, nums in find_markers(raw) for n in nums or []] if kind == "cite" else []
        pos = end
    if pos < len(text):
        yield "text", text[pos:], []


def _source_lines(numbers: list[int], sources: dict[int, Source]) -> list[str]:
    lines = []
    for n in dict.fromkeys(numbers):
        src = sources.get(n)
        lines.append(f"[{n}] {src.locator.label()} — {src.text}" if src else f"[{n}] Không có nguồn số {n} trong mục này.")
    return lines


def write_text(doc: DocxDocument, p: Paragraph, text: str, fmt: TextFormat, layout: Layout, *,
               review: bool, sources: dict[int, Source]) -> None:
    """Runs for `text` in paragraph `p`; in review mode each citation becomes a comment on its sentence."""
    if not review:
        text = strip_citations(text)
    anchor: list[Run] = []  # runs of the sentence the next citation marker refers to
    for kind, raw, numbers in _tokens(text):
        if kind == "mark":
            anchor.append(add_run(p, raw, fmt, highlight=layout.placeholder_highlight))
        elif kind == "text":
            ends = list(_SENTENCE_END.finditer(raw))
            if ends:  # a new sentence starts inside this piece: the anchor restarts there
                add_run(p, raw[:ends[-1].end()], fmt)
                raw, anchor = raw[ends[-1].end():], []
            if raw:
                anchor.append(add_run(p, raw, fmt))
        else:
            marker = add_run(p, raw, fmt)
            add_comment(doc, [*anchor, marker], _source_lines(numbers, sources),
                        author=layout.comment_author, initials=layout.comment_initials)
            anchor = []


def write_paragraphs(doc: DocxDocument, text: str, layout: Layout, *, review: bool, sources: dict[int, Source]) -> None:
    """One justified, indented body paragraph per non-empty line of `text`."""
    for line in (line.strip() for line in text.splitlines()):
        if line:
            p = format_paragraph(doc.add_paragraph(), layout.body)
            write_text(doc, p, line, layout.body, layout, review=review, sources=sources)


# ---------------------------------------------------------------- body


def write_body(doc: DocxDocument, draft: Draft, layout: Layout, *, review: bool) -> None:
    """The first paragraph, then every section of the đề cương in order: heading, and the drafted text of leaves."""
    write_paragraphs(doc, draft.intro, layout, review=review, sources={})
    for section in draft.outline.walk():
        fmt = layout.heading(section.level)
        p = format_paragraph(doc.add_paragraph(), fmt, keep_with_next=True)
        set_outline_level(p, section.level)
        add_run(p, section.heading(), fmt, caps_attr=True)
        sd = draft.section(section.id)
        if sd is not None:
            write_paragraphs(doc, sd.text, layout, review=review, sources={s.n: s for s in sd.sources})


def page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# ---------------------------------------------------------------- Biểu tables


def _fit(cells: list[str], index: int, ncols: int, numbered: bool) -> list[str]:
    """Cells aligned to the columns: the TT cell added or numbered when missing, extra cells joined into the last."""
    cells = list(cells)
    if numbered and len(cells) == ncols - 1:
        cells.insert(0, "")
    if len(cells) > ncols:
        cells = cells[: ncols - 1] + ["; ".join(cells[ncols - 1:])]
    cells += [""] * (ncols - len(cells))
    if numbered and not cells[0].strip():
        cells[0] = str(index)
    return cells


def _rows_for(bieu: BieuTable, fill: BieuFill | None, ncols: int, numbered: bool) -> list[tuple[str | None, list[list[str]]]]:
    """[(group or None, body rows)] in the form's order; groups and tables without values get numbered blank rows."""
    rows = list(zip(fill.rows, fill.row_groups + [None] * len(fill.rows))) if fill else []
    order: list[str | None] = [None, *bieu.groups]
    order += [g for g in dict.fromkeys(g for _, g in rows) if g not in order]
    out = []
    for group in order:
        mine = [cells for cells, g in rows if g == group]
        if not mine:
            if group is None and (bieu.groups or rows):
                continue  # nothing before the first group row
            mine = [[]] * BLANK_ROWS
        out.append((group, [_fit(cells, i, ncols, numbered) for i, cells in enumerate(mine, 1)]))
    return out


def _column_widths(columns: list[str], rows: list[list[str]], width_cm: float, numbered: bool) -> list[float]:
    """A narrow TT column; the others share the width by the length of their longest text (within bounds)."""
    tt = TT_WIDTH_CM if numbered and len(columns) > 1 else 0.0
    rest = range(1 if tt else 0, len(columns))
    weights = [min(max([len(columns[j]), *(len(r[j]) for r in rows if j < len(r))]), 60) + 10 for j in rest]
    return ([tt] if tt else []) + [(width_cm - tt) * w / sum(weights) for w in weights]


def write_bieu(doc: DocxDocument, bieu: BieuTable, fill: BieuFill | None, layout: Layout, width_cm: float, note: str) -> None:
    title = f"Biểu {bieu.number}. {bieu.title}" if bieu.number else bieu.title
    add_line(doc, title, layout.appendix_title)
    add_line(doc, note, layout.appendix_note)
    columns = bieu.columns or (bieu.header_rows[-1] if bieu.header_rows else [])
    ncols = len(columns) or max((len(r) for r in (fill.rows if fill else [])), default=1)
    columns = (list(columns) + [""] * ncols)[:ncols]
    numbered = bool(columns) and columns[0].strip().casefold() in _TT
    widths = _column_widths(columns, fill.rows if fill else [], width_cm, numbered)
    groups = _rows_for(bieu, fill, ncols, numbered)
    table = make_table(doc, 1 + sum(len(rows) + (g is not None) for g, rows in groups), widths, borders=True)
    for cell, text in zip(table.rows[0].cells, columns):
        add_line(cell, text, layout.table_head, first=True)
    repeat_header(table, [0])
    r = 1
    for group, rows in groups:
        if group is not None:
            add_line(merge_row(table, r), group, layout.table_group, first=True)
            r += 1
        for cells in rows:
            for j, (cell, text) in enumerate(zip(table.rows[r].cells, cells)):
                add_line(cell, text, layout.table_number if numbered and j == 0 else layout.table_text, first=True)
            r += 1


def write_tables(doc: DocxDocument, draft: Draft, layout: Layout, width_cm: float, note: str) -> None:
    fills = {f.table_index: f for f in draft.tables}
    for i, bieu in enumerate(draft.outline.tables):
        page_break(doc)
        write_bieu(doc, bieu, fills.get(i), layout, width_cm, note)


# ---------------------------------------------------------------- sources appendix (review mode)


def write_sources(doc: DocxDocument, draft: Draft, layout: Layout) -> None:
    """'[n] locator — text' for every source cited, grouped by section (numbers restart in each section),
    then the sources of each Biểu table's values."""
    page_break(doc)
    add_line(doc, SOURCES_TITLE, layout.sources_title)
    groups: list[tuple[str, list[str]]] = []
    for section in draft.outline.walk():
        sd = draft.section(section.id)
        if sd is not None:
            cited = [n for _, _, numbers in find_markers(sd.text) for n in numbers or []]
            groups.append((section.heading(), _source_lines(cited + sd.citations, {s.n: s for s in sd.sources})))
    for fill in draft.tables:
        if fill.sources and fill.table_index < len(draft.outline.tables):
            bieu = draft.outline.tables[fill.table_index]
            groups.append((f"Biểu {bieu.number or fill.table_index + 1}", _source_lines([s.n for s in fill.sources],
                                                                                   {s.n: s for s in fill.sources})))
    for heading, lines in groups:
        if lines:
            add_line(doc, heading, layout.sources_heading)
            for line in lines:
                add_line(doc, line, layout.sources_line)
