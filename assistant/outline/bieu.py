"""Biểu tables of a đề cương: caption ("Biểu 1. Danh mục văn bản ..."), columns, group rows.

- Header rows: rows from the top until the first body row. A body row starts with a number or
  placeholder ("1", "2", "..", "…") or is a group row. Multi-row headers are merged per column:
  a horizontally merged cell ("Kết quả" over "Số lượng" | "Tỷ lệ") gives "Kết quả - Số lượng",
  "Kết quả - Tỷ lệ"; a cell split across rows letter by letter ("T" / "T") gives "TT"; a row of
  column numbers ("(1)", "(2)"...) is dropped.
- Group rows: no number (or a Roman/capital label) and exactly one other text cell: "Tỉnh ủy", "UBND tỉnh".
- Numbered empty rows are placeholders, not data.

Also recognises a "table" that the text reader made from tab-indented outline lines, so that the
outline parser can read those lines as paragraphs again.
"""

from __future__ import annotations

import re

from assistant.text.numbering import parse_marker
from assistant.types import BieuTable, Table

_PLACEHOLDER = re.compile(r"^(\d{1,3}[.)]?|\.{2,}|…+|[-–]|\d{1,3}\.\d{1,2}\.?)$")
_GROUP_LABEL = re.compile(r"^([IVX]{1,4}|[A-HK-UWYĐ])[.)]?$")
_COLUMN_INDEX = re.compile(r"^\(?\d{1,2}\)?$|^\(?[A-Z]\)?$")


def _cells(row: list[str]) -> list[str]:
    return [c.strip() for c in row]


def _nonempty(row: list[str]) -> list[int]:
    return [i for i, c in enumerate(row) if c.strip()]


def is_group_row(row: list[str]) -> bool:
    cells = _cells(row)
    idx = _nonempty(cells)
    if not idx:
        return False
    first = cells[0]
    text_idx = [i for i in idx if i > 0]
    if first and not _GROUP_LABEL.match(first):
        return False
    if len(text_idx) != 1:
        return False
    return not _PLACEHOLDER.match(cells[text_idx[0]])


def is_body_row(row: list[str]) -> bool:
    cells = _cells(row)
    if not cells:
        return False
    return bool(_PLACEHOLDER.match(cells[0])) or is_group_row(cells)


def _is_index_row(row: list[str]) -> bool:
    cells = [c for c in _cells(row) if c]
    return len(cells) >= 2 and all(_COLUMN_INDEX.match(c) for c in cells)


def merge_columns(header_rows: list[list[str]]) -> list[str]:
    rows = [_cells(r) for r in header_rows if not _is_index_row(r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    columns: list[str] = []
    for j in range(width):
        pieces: list[str] = []
        for i, row in enumerate(rows):
            cell = row[j]
            if not cell and j > 0 and i + 1 < len(rows) and rows[i + 1][j]:
                k = j - 1
                while k > 0 and not row[k]:
                    k -= 1
                if row[k] and all(rows[i + 1][x] for x in range(k, j + 1)):
                    cell = row[k]  # horizontally merged header cell spanning k..j
            if cell:
                pieces.append(cell)
        if len(pieces) > 1 and all(len(p) <= 2 and p.isalpha() and p.isupper() for p in pieces):
            columns.append("".join(pieces))  # "T" / "T": a split "TT" cell
        else:
            columns.append(" - ".join(p for k, p in enumerate(pieces) if k == 0 or pieces[k - 1] != p))
    while columns and not columns[-1]:
        columns.pop()
    return columns


def parse_bieu(number: str | None, title: str, table: Table | None) -> BieuTable:
    if table is None:
        return BieuTable(number=number, title=title)
    rows = [_cells(r) for r in table.rows]
    header: list[list[str]] = []
    for row in rows:
        if header and is_body_row(row):
            break
        header.append(row)
    groups = [r[_nonempty(r)[-1]] for r in rows[len(header):] if is_group_row(r)]
    return BieuTable(
        number=number,
        title=title,
        columns=merge_columns(header),
        groups=groups,
        header_rows=header,
        locator=table.locator,
    )


def indented_lines(table: Table) -> list[tuple[int, str]] | None:
    """If `table` is really tab-indented text (one text per row, or 'label<TAB>text'), return
    (indent, text) per row; None for a real table."""
    out: list[tuple[int, str]] = []
    for row in table.rows:
        idx = _nonempty(row)
        if not idx:
            continue
        if idx[-1] != len(row) - 1 and len(row) > 2:
            return None  # trailing empty cells: a grid, not indentation
        cells = [row[i].strip() for i in idx]
        if len(cells) > 2 or (len(cells) == 2 and idx[1] != idx[0] + 1):
            return None
        if len(cells) == 2:
            marker = parse_marker(cells[0] + " x")
            if marker is None or marker.rest != "x":
                return None
        out.append((idx[0], " ".join(cells)))
    return out or None
