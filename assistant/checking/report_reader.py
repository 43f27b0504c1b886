"""A report to check (draft artifact, .md/.txt, or a .docx a reviewer edited) → headings with their text.

What counts as a heading (reviewers' Word files often lose their heading styles):
- strong: a markdown heading (`#`…), a Word "Heading N"/outline-level paragraph, or a draft section;
- label: a line that starts with a numbering label, typed ("II.", "1.", "1.2.", "a)", "A-", "PHẦN THỨ NHẤT")
  or automatic (`Paragraph.number_label`), short, not ending like a sentence (".", ";", ","), without a date or %;
- runin: "1. Công tác tuyên truyền: Tổ chức 126 buổi…" (label, a head without date or %, ':' and text);
- bold: a whole-bold short line without a label (the header's bold lines too: they align to nothing, so they
  stay in the preamble).
Run-in and bold candidates are only kept as headings when they match a section title of the đề cương
(see `assistant.checking.alignment`); otherwise they are body text.
Bullets ("-", "+", "•"…) are body text. Text before the first heading is the preamble (header, first paragraph).
The body ends at the end matter: "Trên đây là báo cáo…", "Nơi nhận", a signing line (T/M, TM., KT.…), a "Biểu N" /
"PHỤ LỤC" appendix or a sources list ("Nguồn trích dẫn", "Tài liệu tham khảo"); the numbers of the sources list
("[n] …" or "n. …" lines that are not bold, except "[n] Không có nguồn …" lines that the exporter writes for a bad citation) are kept
to check citations against. A list grouped by section (numbers restarting in each) is taken as the union.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.reading.document import read_document
from assistant.text.numbering import Marker, is_end_matter_caption, marker_from_label, parse_marker
from assistant.types import Document, Draft, Locator, Paragraph, Source, Table, UserError

Strength = Literal["strong", "label", "runin", "bold"]

_SENTENCE_END = (".", ";", ",")
_DATE_OR_RATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d\s?%|ngày\s+\d{1,2}\s+tháng")

_CLOSING_RX = re.compile(r"^Trên đây là (báo cáo|kết quả|tình hình)", re.IGNORECASE)
_END_RX = re.compile(r"^(Nơi nhận|NƠI NHẬN|T/M\b|TM\.|KT\.|TL\.|TUQ\.|Q\.\s)")
_SOURCES_RX = re.compile(
    r"^(NGUỒN TRÍCH DẪN|Nguồn trích dẫn|DANH MỤC NGUỒN|Danh mục nguồn|TÀI LIỆU THAM KHẢO|Tài liệu tham khảo)\s*:?\s*$"
)
_SOURCE_LINE_RX = re.compile(r"^(?:\[(\d{1,3})\]|(\d{1,3})[.)]\s)(?!\s*\(?không có nguồn)", re.IGNORECASE)

MAX_HEADING_WORDS = 45


def _strip_markers(title: str) -> str:
    return title.strip().strip("*_").rstrip(":").strip()


def label_of(number: str | None, title: str = "") -> Marker | None:
    """The numbering label of a heading ('II.', '1.2.', 'a)', 'PHẦN THỨ NHẤT'), None for none or a bullet."""
    if not number:
        return None
    m = marker_from_label(number, title or "x")
    return None if m is None or m.is_bullet else m


@dataclass
class ReportSection:
    number: str | None
    title: str
    level: int | None
    text: str = ""
    locator: Locator | None = None
    strength: Strength = "strong"
    label: Marker | None = None
    style_level: int | None = None
    sources: list[Source] | None = None
    """Draft artifacts: the sources given to this section ([n] must name one of them)."""
    section_id: str | None = None
    """Draft artifacts: the section id the draft used."""

    def heading(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title


@dataclass
class ParsedReport:
    preamble: str
    sections: list[ReportSection]
    kind: Literal["draft", "md", "txt", "docx", "pdf"]
    source_numbers: set[int] | None = None
    """Numbers listed in a sources appendix; None when the report has no sources list."""
    tail: str = ""
    name: str = ""


# ---------------------------------------------------------------- blocks → sections


def _style_level(p: Paragraph) -> int | None:
    if p.style and re.fullmatch(r"h[1-6]", p.style):
        return int(p.style[1:]) - 1
    if p.level is not None:
        return p.level
    if p.style:
        m = re.match(r"(?i)heading\s*(\d)", p.style)
        if m:
            return int(m.group(1)) - 1
    return None


def _candidate(p: Paragraph) -> ReportSection | None:
    """A heading candidate, or None when the paragraph is body text."""
    text = p.text.strip()
    auto = (p.number_label or "").strip()
    marker = marker_from_label(auto, text) if auto else parse_marker(text)
    if marker is not None and marker.is_bullet:
        return None
    number, title = (marker.label, _strip_markers(marker.rest)) if marker else (None, _strip_markers(text))
    style_level = _style_level(p)
    if marker is not None and marker.kind == "part" and not title:
        return ReportSection(number, "", None, locator=p.locator, strength="strong", label=marker,
                             style_level=style_level)
    if style_level is not None and title:
        return ReportSection(number, title, None, locator=p.locator, strength="strong", label=marker,
                             style_level=style_level)
    if not title:
        return None
    if marker is not None:
        if title.endswith(_SENTENCE_END) or _DATE_OR_RATE.search(title) or len(title.split()) > MAX_HEADING_WORDS:
            return _run_in(number, title, marker, p)
        return ReportSection(number, title, None, locator=p.locator, strength="label", label=marker)
    if len(title.split()) > MAX_HEADING_WORDS:
        return None
    if p.bold and not title.endswith(_SENTENCE_END):
        return ReportSection(None, title, None, locator=p.locator, strength="bold")
    return None


def _run_in(number: str | None, title: str, marker: Marker, p: Paragraph) -> ReportSection | None:
    """'1. Công tác tuyên truyền: Tổ chức 126 buổi…' → heading 'Công tác tuyên truyền' with its text run in.
    Only a candidate: a numbered sentence looks the same, so it stays a heading only when it aligns."""
    head, sep, rest = title.partition(":")
    head, rest = head.strip(), rest.strip()
    if not sep or not rest or not 1 <= len(head.split()) <= MAX_HEADING_WORDS or _DATE_OR_RATE.search(head):
        return None
    return ReportSection(number, head, None, text=rest, locator=p.locator, strength="runin", label=marker)


def _block_text(b: Paragraph | Table) -> str:
    if isinstance(b, Table):
        return "\n".join(" | ".join(c for c in row) for row in b.rows if any(c.strip() for c in row))
    if b.number_label:
        return f"{b.number_label} {b.text}"
    return b.text


def _starts_tail(b: Paragraph | Table) -> bool:
    """End matter: closing sentence, Nơi nhận / signing (also as a side-by-side table), Biểu / Phụ lục."""
    if isinstance(b, Table):
        return any(_END_RX.match(cell.strip()) for row in b.rows for cell in row)
    text = b.text.strip()
    return bool(_CLOSING_RX.match(text) or _END_RX.match(text) or is_end_matter_caption(text))


def _assign_levels(sections: list[ReportSection]) -> None:
    """Depth of each heading: numbering ladder (first-seen order of label kinds), else style level."""
    ladder: list[str] = []
    for s in sections:
        if s.label is None:
            continue
        kind = s.label.kind
        if kind not in ladder:
            ladder.append(kind)
        s.level = ladder.index(kind)
    offsets = [s.style_level - s.level for s in sections if s.style_level is not None and s.level is not None]
    styled = [s.style_level for s in sections if s.style_level is not None]
    if offsets:
        offset = max(set(offsets), key=offsets.count)
    else:
        offset = min(styled) if styled else 0
    for s in sections:
        if s.level is None and s.style_level is not None:
            s.level = max(0, s.style_level - offset)


def sections_from_blocks(blocks: list[Paragraph | Table], kind: str, name: str = "") -> ParsedReport:
    preamble: list[str] = []
    sections: list[ReportSection] = []
    body: list[str] = []
    tail: list[str] = []
    source_numbers: set[int] | None = None
    in_tail = in_sources = False

    def flush() -> None:
        text = "\n".join(t for t in body if t.strip()).strip()
        if sections:
            sections[-1].text = text
        else:
            preamble.append(text)
        body.clear()

    for b in blocks:
        text = _block_text(b).strip()
        if not text:
            continue
        if not in_tail and sections and _starts_tail(b):
            in_tail = True
        if isinstance(b, Paragraph) and _SOURCES_RX.match(_strip_markers(b.text)):
            in_tail = in_sources = True
            source_numbers = source_numbers or set()
            continue
        if in_tail:
            if in_sources and isinstance(b, Paragraph) and not b.bold:  # bold: a group heading "1. Tuyên truyền"
                m = _SOURCE_LINE_RX.match(b.text.strip())
                if m:
                    source_numbers.add(int(m.group(1) or m.group(2)))  # type: ignore[union-attr]
            tail.append(text)
            continue
        if isinstance(b, Paragraph) and sections and not sections[-1].title and not body:
            sections[-1].title = _strip_markers(b.text)  # "PHẦN THỨ NHẤT" on its own line, title below
            continue
        cand = _candidate(b) if isinstance(b, Paragraph) else None
        if cand is None:
            body.append(text)
            continue
        flush()
        sections.append(cand)
        if cand.text:  # run-in heading: its text starts on the same line
            body.append(cand.text)
    flush()
    _assign_levels(sections)
    return ParsedReport(
        preamble="\n".join(t for t in preamble if t).strip(),
        sections=sections,
        kind=kind,  # type: ignore[arg-type]
        source_numbers=source_numbers,
        tail="\n".join(tail),
        name=name,
    )


def sections_from_document(doc: Document) -> ParsedReport:
    return sections_from_blocks(list(doc.blocks), doc.file_type, doc.name)


def sections_from_draft(draft: Draft, name: str = "draft.json") -> ParsedReport:
    """Every outline section of the draft becomes a heading; leaves carry their SectionDraft text and sources."""
    sections: list[ReportSection] = []
    for s in draft.outline.walk():
        sd = draft.section(s.id)
        label = label_of(s.number, s.title)
        sections.append(ReportSection(
            number=s.number or None,
            title=s.title,
            level=s.level,
            text=(sd.text if sd else "").strip(),
            locator=s.locator,
            strength="strong",
            label=label,
            sources=list(sd.sources) if sd else [],
            section_id=s.id,
        ))
    return ParsedReport(preamble=draft.intro.strip(), sections=sections, kind="draft", name=name)


def load_draft(path: str | Path) -> Draft:
    """A draft artifact (draft.json written by `baocao draft`); bad file → UserError."""
    p = Path(path)
    if not p.exists():
        raise UserError(f"Không tìm thấy tệp: {p}")
    try:
        return Draft.load(p)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(
            f"{p.name} không phải bản dự thảo hợp lệ (draft.json do lệnh `baocao draft` tạo ra): {str(exc)[:160]}"
        ) from exc


def read_report(source: str | Path | Draft) -> ParsedReport:
    """A draft artifact (Draft or .json path), a .md/.txt, or a .docx → ParsedReport. Bad input → UserError."""
    if isinstance(source, Draft):
        return sections_from_draft(source)
    p = Path(source)
    if p.suffix.lower() == ".json":
        return sections_from_draft(load_draft(p), p.name)
    return sections_from_document(read_document(p))
