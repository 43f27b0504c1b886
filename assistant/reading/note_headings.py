"""The heading path a note carries ("Kết quả > Biểu 1 ..."), shared by the notes reader and the drafter.

Kept apart from `assistant.reading.notes` so that code which only reads a note's heading path (routing, Biểu
filling) does not depend on the file readers (and through them on python-docx).
"""

from __future__ import annotations

from assistant.text.numbering import table_number

HEADING_SEP = " > "


def heading_parts(heading: str | None) -> list[str]:
    return [p for p in (heading or "").split(HEADING_SEP) if p]


def bieu_number(heading: str | None) -> str | None:
    """'1' when the note sits under a "Biểu 1 ..." / "Biểu số 01" heading (at any depth), else None."""
    for part in heading_parts(heading):
        number = table_number(part)
        if number:
            return number
    return None
