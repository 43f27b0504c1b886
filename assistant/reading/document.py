"""Files → Document (paragraphs and tables in order, each with a locator).

.txt / .md: bytes decoded by `text_vi.decode_bytes` (UTF-8 with or without BOM, UTF-16, Windows-1258, TCVN3 /
VNI legacy text), then `blocks_from_text`. .docx: `reading_docx`. .pdf with a text layer: `reading_pdf`.
All text comes out NFC with one tone-mark convention (`text_vi.normalize_vi`). Bad input raises UserError with
one Vietnamese line that says what to do.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from assistant.text.normalize import decode_bytes, normalize_vi
from assistant.types import Document, Locator, Paragraph, Table, UserError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SUPPORTED = ("docx", "pdf", "txt", "md")

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
    text = normalize_vi(unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")))
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


def _check_type(p: Path, suffix: str) -> None:
    if suffix == "doc":
        raise UserError(f"Tệp {p.name} là định dạng .doc cũ: hãy mở bằng Word và lưu thành .docx rồi thử lại.")
    if suffix not in SUPPORTED:
        shown = f".{suffix}" if suffix else "không có phần mở rộng"
        raise UserError(f"Chưa hỗ trợ loại tệp {shown}: {p.name}. Hãy dùng .docx, .pdf, .txt hoặc .md.")


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a .docx / .pdf / .txt / .md file. `max_bytes` is the size limit (Settings.max_file_mb in bytes)."""
    p = Path(path)
    if not p.is_file():
        raise UserError(f"Không tìm thấy tệp: {p}" if not p.exists() else f"Không phải tệp: {p}")
    suffix = p.suffix.lower().lstrip(".")
    _check_type(p, suffix)
    size = p.stat().st_size
    if size > max_bytes:
        raise UserError(
            f"Tệp {p.name} quá lớn ({size / 1048576:.1f} MB, tối đa {max_bytes / 1048576:.0f} MB): "
            "hãy tách nhỏ hoặc bỏ bớt hình ảnh rồi thử lại."
        )
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {p.name}: {exc.strerror or exc}. Hãy kiểm tra quyền truy cập.") from exc
    if not raw.strip():
        raise UserError(f"Tệp rỗng: {p.name}. Hãy chọn tệp có nội dung.")
    if suffix == "docx":
        from assistant.reading.docx_blocks import read_docx_blocks

        blocks, enc = read_docx_blocks(raw, p.name)
        return _non_empty(Document(path=str(p), file_type="docx", blocks=blocks, encoding=enc), p)
    if suffix == "pdf":
        from assistant.reading.pdf_blocks import read_pdf_blocks

        if not raw.lstrip().startswith(b"%PDF"):
            raise UserError(f"Tệp {p.name} không phải PDF hợp lệ: hãy xuất lại PDF hoặc dùng tệp .docx.")
        pdf_blocks, enc = read_pdf_blocks(raw, p.name)
        return Document(path=str(p), file_type="pdf", blocks=list(pdf_blocks), encoding=enc)
    text, enc = decode_bytes(raw)
    return _non_empty(Document(path=str(p), file_type=suffix, blocks=blocks_from_text(text, p.name), encoding=enc), p)


def _non_empty(doc: Document, p: Path) -> Document:
    if not doc.blocks:
        raise UserError(f"Tệp {p.name} không có nội dung chữ. Hãy chọn tệp có nội dung.")
    return doc
