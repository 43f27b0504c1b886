""".pdf with a text layer → paragraphs with page locators (pypdf).

Lines are joined into one paragraph when a line does not end a sentence and the next starts in lower case
(ordinary word wrapping); headings, list items and numbered lines stay separate. A PDF without any text
(a scan) is refused with a message asking for OCR; encrypted or broken files are refused too. Text in the
TCVN3 / VNI legacy encodings (old .VnTime PDFs) is converted.
"""

from __future__ import annotations

import io
import re

from assistant.text.legacy import convert_legacy, detect_legacy
from assistant.text.normalize import normalize_vi
from assistant.types import Locator, Paragraph, UserError

_END = re.compile(r"[.:;!?…)\]”\"]$")


def _pages(raw: bytes, name: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UserError(f"Tệp PDF {name} được đặt mật khẩu: hãy bỏ mật khẩu (hoặc in ra PDF mới) rồi thử lại.")
        return [page.extract_text() or "" for page in reader.pages]
    except UserError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise UserError(f"Tệp PDF {name} bị hỏng, không đọc được: hãy xuất lại PDF hoặc dùng tệp .docx.") from exc
    except Exception as exc:  # pypdf raises assorted errors on broken files (and on unsupported crypto)
        kind = type(exc).__name__
        raise UserError(f"Tệp PDF {name} không đọc được ({kind}): hãy xuất lại PDF hoặc dùng tệp .docx.") from exc


def _paragraphs(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        if out and not _END.search(out[-1]) and (line[0].islower() or line[0] in "(“\""):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def read_pdf_blocks(raw: bytes, file: str) -> tuple[list[Paragraph], str | None]:
    """Paragraphs of a text PDF (Locator.page, Locator.paragraph = index within the page) and the legacy
    encoding converted, if any."""
    pages = _pages(raw, file)
    if not any(p.strip() for p in pages):
        raise UserError(
            f"Tệp PDF {file} không có lớp chữ (bản scan/ảnh): hãy nhận dạng chữ (OCR) hoặc dùng bản .docx rồi thử lại."
        )
    enc = detect_legacy("\n".join(pages))
    blocks: list[Paragraph] = []
    for number, page in enumerate(pages, start=1):
        text = convert_legacy(page, enc) if enc else page
        for i, para in enumerate(_paragraphs(normalize_vi(text).split("\n")), start=1):
            blocks.append(Paragraph(text=para, locator=Locator(file=file, page=number, paragraph=i)))
    return blocks, enc
