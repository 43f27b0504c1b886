"""The exported .docx through LibreOffice headless: it opens, its text is there, page numbers start on page 2."""

from __future__ import annotations

import re

import pytest
from export_support import complete_draft, pdf_text

from assistant.devtools.render_docx import docx_to_pdf, pdf_to_png, soffice_path
from assistant.export.document import export_docx, header_from

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) not installed: run scripts/system_deps.sh"),
]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@pytest.mark.parametrize("style,review", [("party", False), ("state", True)])
def test_libreoffice_renders_the_report(tmp_path, style, review):
    draft = complete_draft()
    path = export_docx(draft, tmp_path / f"{style}.docx", style=style, review=review,
                       header=header_from(draft.plan, None, date="20/8/2021"))
    pdf = docx_to_pdf(path, tmp_path / "pdf")
    pages = pdf_text(pdf)
    assert 3 <= len(pages) <= 12  # body of ~2.5 pages, three Biểu pages, sources in review mode
    whole = _fold("\n".join(pages))
    first = _fold(pages[0])
    assert "báo cáo" in first and "sa pa, ngày 20 tháng 8 năm 2021" in first
    assert ("đảng cộng sản việt nam" if style == "party" else "độc lập - tự do - hạnh phúc") in first
    assert _fold("Sơ kết 05 năm thực hiện Chỉ thị số 19-CT/TU") in first
    for section in draft.outline.walk():  # headings rendered (level 0 in capitals)
        assert _fold(section.heading())[:40] in whole, section.heading()
    assert "nơi nhận:" in whole and "thào a sinh" in whole and "biểu 1." in whole
    assert ("nguồn trích dẫn" in whole) == review
    if not review:
        assert not re.search(r"\[\d+\]", whole), "a citation marker survived the final export"
    # page number: none on page 1, "2" at the top of page 2
    assert pages[0].strip().splitlines()[0].strip() != "1"
    assert pages[1].strip().splitlines()[0].strip() == "2"
    png = pdf_to_png(pdf, tmp_path / "p1.png", page=1, dpi=40)
    assert png.stat().st_size > 5_000
