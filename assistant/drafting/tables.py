"""Fill the đề cương's Biểu tables from the notes written under a "Biểu N" heading.

A row note holds its cells separated by "|" or tabs ("125-KH/ThU | Kế hoạch thực hiện ... | 12/10/2016").
Rows are aligned to the table's columns: a row one cell short gets its running number ("STT"/"TT") first;
extra cells are joined into the last column; missing ones stay blank. A row goes under a group of the table
("Tỉnh ủy", "UBND tỉnh"...) when the note's sub-heading names that group, or when its first cell does (that
cell is then dropped); a row holding only a group name switches the group for the rows that follow.
Values are copied as written (figures standardised) — nothing is computed or invented.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from assistant.reading.note_headings import bieu_number, heading_parts
from assistant.rules.number_lock import standardize
from assistant.text.normalize import fold_key
from assistant.text.numbering import table_number
from assistant.types import BieuFill, BieuTable, Note, Outline, Source

GROUP_MATCH = 85
_PLACEHOLDER_ROW = re.compile(r"^(\d+|\.+|…)$")


def _cells(text: str) -> list[str]:
    parts = re.split(r"\s*\|\s*|\t", text.strip().strip("|"))
    return [standardize(p.strip()) for p in parts]


def _group_of(name: str, groups: list[str]) -> str | None:
    key = fold_key(name).rstrip(":")
    best = max(groups, key=lambda g: fuzz.ratio(key, fold_key(g)), default=None)
    if best is not None and fuzz.ratio(key, fold_key(best)) >= GROUP_MATCH:
        return best
    return None


def _is_header(cells: list[str], table: BieuTable) -> bool:
    cols = {fold_key(c) for c in table.columns}
    return sum(fold_key(c) in cols for c in cells if c) >= max(2, len([c for c in cells if c]) // 2 + 1)


def _numbered(table: BieuTable) -> bool:
    return bool(table.columns) and fold_key(table.columns[0]) in {"stt", "tt", "t", "số tt", "số thứ tự"}


def _align(cells: list[str], table: BieuTable, running: int) -> list[str]:
    width = len(table.columns) or len(cells)
    if _numbered(table) and len(cells) == width - 1:
        cells = [str(running), *cells]
    if len(cells) > width:
        cells = [*cells[: width - 1], "; ".join(c for c in cells[width - 1:] if c)]
    return cells + [""] * (width - len(cells))


def fill_table(index: int, table: BieuTable, notes: list[Note]) -> BieuFill:
    fill = BieuFill(table_index=index)
    group: str | None = None
    for note in notes:
        parts = heading_parts(note.heading)
        below = parts[next(i for i, p in enumerate(parts) if table_number(p)) + 1:]
        if below:
            group = _group_of(below[-1], table.groups) or group
        cells = _cells(note.text)
        nonempty = [c for c in cells if c]
        if not nonempty or _is_header(cells, table):
            continue
        if len(nonempty) == 1 and (g := _group_of(nonempty[0], table.groups)):
            group = g
            continue
        if _PLACEHOLDER_ROW.match(nonempty[0]) and len(nonempty) == 1:
            continue  # an empty numbered row copied from the đề cương
        first = next(i for i, c in enumerate(cells) if c)
        if (g := _group_of(cells[first], table.groups)) and len(nonempty) > 1:
            group, cells = g, cells[first + 1:]
        n = len(fill.sources) + 1
        fill.rows.append(_align(cells, table, sum(1 for rg in fill.row_groups if rg == group) + 1))
        fill.row_groups.append(group)
        fill.sources.append(Source(n=n, kind="note", ref=note.id, text=note.text, locator=note.locator))
    return fill


def fill_tables(outline: Outline, table_notes: list[Note]) -> list[BieuFill]:
    """One BieuFill per table of the outline that has at least one row note (by Biểu number)."""
    fills = []
    for i, table in enumerate(outline.tables):
        number = table.number or str(i + 1)
        notes = [n for n in table_notes if bieu_number(n.heading) == number]
        if notes:
            fills.append(fill_table(i, table, notes))
    return fills

