"""Document blocks → outline lines: the numbering marker, heading signals and text of each line.

Shared by the outline parser and the plan parser: both need "where does the đề cương start".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.outline.bieu import indented_lines
from assistant.text.numbering import Marker, marker_from_label, match_caption, nfc, parse_marker
from assistant.types import Block, Locator, Paragraph, Table

_OUTLINE_HEAD = re.compile(r"^(?:HƯỚNG DẪN\s+|GỢI Ý\s+)?ĐỀ CƯƠNG(?=$|[\s:.,(])")
_MENTION = re.compile(r"theo đề cương|đề cương (?:gửi )?kèm|đề cương này|đề cương gửi", re.I)
_NOT_HEADINGS = re.compile(r"^(ghi chú|lưu ý|chú ý|nơi nhận|trân trọng|ký tên|người lập)\b", re.I)
_INTRO = re.compile(r"^\(?\s*(?:Thực hiện|Căn cứ)\b.*(?:báo cáo|như sau)", re.I | re.S)


@dataclass
class Line:
    text: str  # without the numbering label
    marker: Marker | None
    bold: bool
    heading_level: int | None
    locator: Locator | None
    table: Table | None = None

    @property
    def raw(self) -> str:
        """The line as a reader sees it, label included ('- Nêu rõ ...')."""
        if self.marker is not None:
            return f"{self.marker.label} {self.text}".strip()
        return self.text

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def caption(self) -> tuple[str | None, str, str] | None:
        if self.table is not None or (self.marker is not None and not self.marker.kind.startswith("upper")):
            return None
        return match_caption(self.raw)

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 4 and all(c.isupper() for c in letters)

    def section_kind(self) -> str | None:
        """The ladder kind when this line is a heading; None for guidance and bullets."""
        if self.table is not None or self.caption is not None:
            return None
        if self.marker is not None:
            return None if self.marker.is_bullet else self.marker.kind
        if not self.text or _NOT_HEADINGS.match(self.text) or self.text.startswith(("(", "[")):
            return None  # "(KÈM THEO BIỂU 1)" is a note, not a heading
        if self.heading_level is not None:
            return f"h{self.heading_level}"
        short = self.words <= 15 and not self.text.rstrip().endswith((".", ";", ","))
        if self.bold and short:
            return "bold"
        if self.is_upper and short:
            return "caps"
        return None


def _clean(text: str) -> str:
    text = re.sub(r"[ \t\u00a0]+", " ", nfc(text).replace("\n", " ")).strip()
    m = re.fullmatch(r"([*_])([^*_].*[^*_])\1", text)
    return m.group(2).strip() if m else text  # markdown italics '*...*', not a '*' bullet


def line_from_paragraph(p: Paragraph) -> Line:
    text = _clean(p.text)
    if p.number_label:
        marker = marker_from_label(p.number_label, text)
        if marker is not None:
            return Line(marker.rest, marker, p.bold, None, p.locator)
    marker = parse_marker(text)
    level = p.level if p.level is not None and (p.style or "").lower().startswith(("h", "heading", "title")) else None
    if marker is not None:
        return Line(marker.rest, marker, p.bold, level, p.locator)
    return Line(text, None, p.bold, level, p.locator)


def to_lines(blocks: list[Block]) -> list[Line]:
    """Paragraphs become lines; a table that is really tab-indented text becomes lines again."""
    out: list[Line] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            line = line_from_paragraph(b)
            if line.text or line.marker is not None:
                out.append(line)
            continue
        rows = indented_lines(b)
        if rows is None:
            out.append(Line("", None, False, None, b.locator, table=b))
            continue
        for _indent, text in rows:
            out.append(line_from_paragraph(Paragraph(text=text, locator=b.locator)))
    return out


def is_outline_head(line: Line) -> bool:
    """'ĐỀ CƯƠNG', 'ĐỀ CƯƠNG BÁO CÁO ...', 'Đề cương gợi ý ...' as a standalone line; not a mention."""
    if line.marker is not None or line.table is not None:
        return False
    text = line.text.strip()
    if not _OUTLINE_HEAD.match(text.upper()) or _MENTION.search(text):
        return False
    emphasised = line.bold or line.heading_level is not None or text.startswith("ĐỀ CƯƠNG")
    return emphasised or (line.words <= 25 and not text.endswith("."))


def find_outline_start(lines: list[Line]) -> int | None:
    """Index of the line that opens the attached đề cương, when one with sections after it exists."""
    for i, line in enumerate(lines):
        if is_outline_head(line) and any(ln.section_kind() for ln in lines[i + 1 :]):
            return i
    return None


def is_intro(line: Line) -> bool:
    return line.marker is None and line.table is None and bool(_INTRO.match(line.text))


def strip_parens(text: str) -> str:
    """'(Thực hiện ... như sau:)' → 'Thực hiện ... như sau:' when the outer pair wraps the whole text."""
    t = text.strip()
    if not (t.startswith("(") and t.rstrip(".:").endswith(")")):
        return t
    depth = 0
    body = t.rstrip(".:")
    for i, ch in enumerate(body):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(body) - 1:
            return t  # the first '(' closes before the end: not a wrapping pair
    return body[1:-1].strip() + t[len(body):]
