"""Unit notes (.txt / .md / .docx) → Note per bullet, each citable as "file:line".

Rules (documented here because the drafter and the checker rely on them):
- A bullet is a line that starts with a symbol ("-", "+", "•", "–", "◦"...) and a space, or a numbering label
  ("1.", "2)", "1-", "a)", "a-", "A.", "1.2."), labels read by `assistant.text.numbering` as the outline parser,
  the checker and the store read them; Word automatic numbering arrives as `Paragraph.number_label`. Each bullet
  becomes one Note.
- Headings are kept in `Note.heading` as a path joined by " > " (outer first), e.g. "II. Kết quả > 1. Công tác
  tuyên truyền". A line is a heading when it is a markdown heading, a whole-bold line, a Roman-numbered or
  "PHẦN <ordinal>"/"Biểu N" line, a line ending with ":" that is not a bullet, or a short numbered line without figures
  directly followed by symbol bullets ("-", "+", "•"...); a numbered line with figures is a note.
- "+" sub-bullets belong to the "-" bullet above them: when that bullet only introduces them ("Tuyên truyền:"),
  it is not a Note itself and each sub-bullet's text is prefixed with it ("Tuyên truyền: 45 buổi ..."); otherwise
  the parent stays a Note and the sub-bullets are Notes of their own.
- An unmarked line right after a bullet that starts in lower case continues that bullet (wrapped text).
- Table rows (tab- or "|"-separated) become one Note each, cells joined by " | " (used for Biểu tables).
- Blockquote lines ("> ...") are comments (e.g. the "DỮ LIỆU MẪU" banner) and are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.reading.document import read_document
from assistant.reading.note_headings import HEADING_SEP
from assistant.text.normalize import decode_bytes, normalize_vi
from assistant.text.numbering import Marker, marker_from_label, parse_marker, table_number
from assistant.types import Document, Locator, Note, Paragraph, Table, UserError

_HAS_FIGURE = re.compile(r"\d")
_SUB_MARKERS = {"+", "◦", "▪"}


def _split_marker(p: Paragraph) -> tuple[Marker | None, str]:
    """The line's numbering label (`assistant.text.numbering`) and its text. A typed symbol bullet needs a space
    after it, so "-5% so với" is a figure, not a bullet."""
    label = (p.number_label or "").strip()
    if label:
        marker = marker_from_label(label, p.text) or Marker("other", label, "", p.text.strip())
        return marker, p.text.strip()
    text = p.text.strip()
    marker = parse_marker(text)
    if marker is None or marker.kind == "part" or (marker.is_bullet and not text[1:2].isspace()):
        return None, text
    return marker, marker.rest


def _full(marker: Marker | None, text: str) -> str:
    return f"{marker.label} {text}" if marker else text


def _heading_rank(p: Paragraph, marker: Marker | None, text: str) -> int:
    """Smaller = outer. Markdown headings rank by their level (the file's own structure); other heading
    lines rank below every markdown heading, by their label: PHẦN > I. / Biểu > 1. > 1.1. > a) > other."""
    if p.style and p.style.startswith("h"):
        return int(p.style[1:])
    full = _full(marker, text)
    found = marker or parse_marker(full)
    family = found.family if found else ""
    if family == "part":
        return 10
    if family == "roman" or table_number(full):
        return 11
    return {"decimal": 12, "multi": 13, "lower": 14}.get(family, 15)


def _looks_like_heading(p: Paragraph, marker: Marker | None, text: str, next_is_bullet: bool) -> bool:
    if p.style and p.style.startswith("h"):
        return True
    full = _full(marker, text)
    part = parse_marker(full)
    if (part is not None and part.kind == "part") or table_number(full):
        return True
    if marker is not None and marker.is_bullet:
        return False
    if p.bold and len(text) < 200:
        return True
    if marker is None:
        return text.endswith(":") and len(text) < 160
    # a numbered line: a heading when it groups bullets and carries no figure of its own
    if marker.family == "roman":
        return True
    return next_is_bullet and not _HAS_FIGURE.search(text) and len(text.split()) <= 20


def _note_id(loc: Locator) -> str:
    return f"{loc.file}:{loc.line if loc.line is not None else loc.paragraph}"


def _row_notes(table: Table, heading: str | None, raw_lines: list[str] | None) -> list[Note]:
    notes: list[Note] = []
    line = table.locator.line
    for row in table.rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        text = " | ".join(cells)
        loc = table.locator.model_copy()
        if raw_lines is not None and line is not None:
            # exact line of this row: the next raw line (from the table start) holding its first non-empty cell
            probe = next(c for c in cells if c)
            for i in range(line - 1, len(raw_lines)):
                if probe in raw_lines[i]:
                    line = i + 1
                    break
            loc = Locator(file=table.locator.file, line=line)
            line += 1
        notes.append(Note(id=_note_id(loc), text=text, heading=heading, locator=loc))
    return notes


def notes_from_document(doc: Document, raw_lines: list[str] | None = None) -> list[Note]:
    notes: list[Note] = []
    stack: list[tuple[int, str]] = []  # (rank, heading text)
    parent: Note | None = None  # last top-level bullet note (for "+" sub-bullets)
    parent_intro: str | None = None  # parent text when it only introduces its sub-bullets
    last: Note | None = None
    last_line: int | None = None
    blocks = [b for b in doc.blocks if not (isinstance(b, Paragraph) and b.text.lstrip().startswith(">"))]

    def heading() -> str | None:
        return HEADING_SEP.join(t for _, t in stack) or None

    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            notes.extend(_row_notes(block, heading(), raw_lines))
            parent = last = None
            continue
        marker, text = _split_marker(block)
        if not text:
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        nxt_marker = _split_marker(nxt)[0] if isinstance(nxt, Paragraph) else None
        next_is_bullet = nxt_marker is not None and nxt_marker.is_bullet
        if _looks_like_heading(block, marker, text, next_is_bullet):
            rank = _heading_rank(block, marker, text)
            while stack and stack[-1][0] >= rank:
                stack.pop()
            label = _full(marker, text) if block.number_label else " ".join(block.text.split())
            stack.append((rank, label.rstrip(":").strip()))
            parent = last = None
            continue
        line_no = block.locator.line
        if (
            marker is None and last is not None and text[:1].islower()
            and line_no is not None and last_line is not None and line_no == last_line + 1
        ):
            last.text = f"{last.text} {text}"  # wrapped continuation of the bullet above
            last_line = line_no
            continue
        note_text = text
        sub = marker is not None and marker.label in _SUB_MARKERS
        if sub and parent is not None:
            if parent.text.endswith(":"):
                parent_intro = parent.text.rstrip(":").strip()
                if notes and notes[-1] is parent:
                    notes.pop()  # the intro line is carried by its sub-bullets
            if parent_intro:
                note_text = f"{parent_intro}: {text}"
        note = Note(id=_note_id(block.locator), text=note_text, heading=heading(), locator=block.locator)
        notes.append(note)
        if not sub:
            parent, parent_intro = note, None
        last, last_line = note, line_no
    # an intro line that never got sub-bullets is still a note; strip a dangling colon
    for n in notes:
        n.text = n.text.rstrip(":").strip() if n.text.endswith(":") else n.text
    return notes


def read_notes(path: str | Path) -> list[Note]:
    """Read a notes file into Notes. Raises UserError when it holds no bullet or line at all."""
    p = Path(path)
    doc = read_document(p)
    raw_lines = _raw_lines(p) if p.suffix.lower() in {".txt", ".md"} else None
    notes = notes_from_document(doc, raw_lines)
    if not notes:
        raise UserError(f"Không tìm thấy ghi chú nào trong {p.name}. Hãy ghi mỗi ý trên một dòng, bắt đầu bằng '-'.")
    return notes


def _raw_lines(p: Path) -> list[str]:
    """The file's lines as decoded by the reader (to find the exact line of each table row)."""
    text = normalize_vi(decode_bytes(p.read_bytes())[0])
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
