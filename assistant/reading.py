"""Files → Document (paragraphs and tables in order, each with a locator).

This first version reads UTF-8 .txt / .md; docx, pdf, other encodings and legacy fonts extend it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .types import Document, Locator, Paragraph, Table, UserError

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BOLD_WHOLE = re.compile(r"^\*\*(.+?)\*\*[.:]?$")
_HTML_TAG = re.compile(r"</?(?:b|strong|i|em|u)>", re.IGNORECASE)
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def clean_inline(text: str) -> str:
    """Drop markdown/html emphasis markers, keep the words."""
    text = _HTML_TAG.sub("", text)
    text = _MD_EMPH.sub(r"\2", text)
    return text.replace("**", "").strip()


def _is_table_line(line: str) -> bool:
    return "\t" in line.strip("\n") or (line.strip().startswith("|") and line.strip().count("|") >= 2)


def _split_cells(line: str) -> list[str]:
    if "\t" in line:
        cells = line.rstrip("\n").split("\t")
    else:
        cells = line.strip().strip("|").split("|")
    return [clean_inline(c) for c in cells]


def blocks_from_text(text: str, file: str) -> list[Paragraph | Table]:
    """Plain text / markdown lines → blocks. Runs of tab- or pipe-separated lines become tables."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Paragraph | Table] = []
    table_rows: list[list[str]] = []
    table_start = 0
    lines = text.split("\n")

    def flush_table() -> None:
        nonlocal table_rows
        if table_rows:
            blocks.append(Table(rows=table_rows, locator=Locator(file=file, line=table_start)))
            table_rows = []

    for i, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if _is_table_line(raw):
            if not table_rows:
                table_start = i
            if not _TABLE_SEP.match(line.strip()):
                table_rows.append(_split_cells(raw))
            continue
        if not line.strip():
            # A blank line inside a table (seen in real exports) does not end it if rows follow.
            nxt = next((ln for ln in lines[i:] if ln.strip()), "")
            if table_rows and _is_table_line(nxt):
                continue
            flush_table()
            continue
        flush_table()
        stripped = line.strip()
        style = None
        level = None
        m = _MD_HEADING.match(stripped)
        if m:
            style = f"h{len(m.group(1))}"
            level = len(m.group(1)) - 1
            stripped = m.group(2).strip()
        bold = bool(_BOLD_WHOLE.match(stripped)) or bool(re.fullmatch(r"<b>.*</b>", stripped, re.I))
        content = clean_inline(stripped)
        if not content or set(content) <= set("-_*= "):
            continue  # horizontal rules
        blocks.append(
            Paragraph(text=content, style=style, level=level, bold=bold, locator=Locator(file=file, line=i))
        )
    flush_table()
    return blocks


def read_document(path: str | Path) -> Document:
    p = Path(path)
    if not p.exists():
        raise UserError(f"Không tìm thấy tệp: {p}")
    suffix = p.suffix.lower().lstrip(".")
    if suffix not in {"txt", "md"}:
        raise UserError(f"Chưa hỗ trợ loại tệp .{suffix}: {p.name}. Hãy dùng .docx, .pdf, .txt hoặc .md.")
    raw = p.read_bytes()
    if not raw.strip():
        raise UserError(f"Tệp rỗng: {p.name}. Hãy chọn tệp có nội dung.")
    text = raw.decode("utf-8-sig")
    return Document(path=str(p), file_type=suffix, blocks=blocks_from_text(text, p.name), encoding="utf-8")
