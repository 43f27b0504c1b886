"""Helpers shared by the export tests: the complete sample draft, small hand-made drafts, XML read-back."""

from __future__ import annotations

import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from assistant.types import BieuFill, BieuTable, Draft, Locator, Outline, Section, SectionDraft, Source

FIXTURES = Path(__file__).parent / "fixtures" / "export"
COMPLETE_DRAFT = FIXTURES / "draft_19ct_complete.json"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def complete_draft() -> Draft:
    """A complete, realistic draft for the seed's đề cương (Thị ủy Sa Pa, Chỉ thị 19-CT/TU), with a plan."""
    return Draft.load(COMPLETE_DRAFT)


def src(n: int, line: int, text: str) -> Source:
    return Source(n=n, kind="note", ref=f"notes.txt:{line}", text=text, locator=Locator(file="notes.txt", line=line))


def small_draft(text: str, sources: list[Source] | None = None, *, tables: list[BieuTable] | None = None,
                fills: list[BieuFill] | None = None) -> Draft:
    """One top section 'I.' with one leaf '1.' holding `text`."""
    leaf = Section(id="I.1", number="1.", title="Công tác tuyên truyền", level=1)
    top = Section(id="I", number="I.", title="Kết quả thực hiện", level=0, children=[leaf])
    outline = Outline(title="ĐỀ CƯƠNG báo cáo thử", sections=[top], tables=tables or [])
    sd = SectionDraft(section_id="I.1", number="1.", title=leaf.title, text=text, sources=sources or [], status="drafted")
    return Draft(outline=outline, sections=[sd], tables=fills or [], intro="Thực hiện Kế hoạch số 1-KH/ThU, báo cáo như sau:")


def part_xml(docx_path: Path, name: str) -> etree._Element | None:
    with zipfile.ZipFile(docx_path) as z:
        if name not in z.namelist():
            return None
        return etree.fromstring(z.read(name))


def part_names(docx_path: Path) -> list[str]:
    with zipfile.ZipFile(docx_path) as z:
        return z.namelist()


def text_of(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def pdf_text(pdf_path: str | Path) -> list[str]:
    """Text of each page of a PDF (pdftotext -layout; pages split on form feeds)."""
    with tempfile.TemporaryDirectory(prefix="baocao-txt-") as tmp:
        out = Path(tmp) / "out.txt"
        subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_path), str(out)], check=True, timeout=60,
                       capture_output=True)
        pages = out.read_text(encoding="utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
