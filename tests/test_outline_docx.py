"""A .docx whose headings are Word automatic numbering (numbering.xml), read end to end."""

from __future__ import annotations

from pathlib import Path

from docx import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from assistant.outline.parser import parse_outline, parse_outline_file
from assistant.types import Document, Locator, Paragraph

_ABSTRACT = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
    "</w:abstractNum>"
)
_NUM = f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'

# (text, numbering level or None, bold)
CONTENT = [
    ("ĐỀ CƯƠNG BÁO CÁO", None, True),
    ("Sơ kết 6 tháng đầu năm 2024 công tác dân vận của Đảng ủy phường Kim Tân", None, True),
    ("Tình hình chung", 0, True),
    ("Kết quả thực hiện công tác dân vận", 0, True),
    ("Công tác lãnh đạo, chỉ đạo", 1, True),
    ("Số văn bản lãnh đạo, chỉ đạo đã ban hành (nêu rõ số, ngày ban hành, trích yếu).", None, False),
    ("Dân vận chính quyền", 1, True),
    ("Phong trào thi đua “Dân vận khéo”", 1, True),
    ("Số mô hình “Dân vận khéo” được công nhận", 2, False),
    ("Các gương điển hình tiêu biểu", 2, False),
    ("Liệt kê tên, đơn vị và thành tích nổi bật của từng điển hình.", 3, False),
    ("Đánh giá chung", 0, True),
    ("Ưu điểm", 1, False),
    ("Hạn chế và nguyên nhân", 1, False),
    ("Phương hướng, nhiệm vụ 6 tháng cuối năm 2024", 0, True),
]


def build_numbered_outline_docx(path: Path) -> Path:
    """The đề cương above as a .docx: every label comes from numbering.xml, none is typed."""
    doc = DocxDocument()
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(_ABSTRACT)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(_NUM))
    for text, ilvl, bold in CONTENT:
        p = doc.add_paragraph()
        p.add_run(text).bold = bold
        if ilvl is not None:
            num_pr = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'
            p._p.get_or_add_pPr().append(parse_xml(num_pr))
    doc.save(path)
    return path


def _assert_tree(outline) -> None:
    assert outline.title.startswith("ĐỀ CƯƠNG BÁO CÁO Sơ kết 6 tháng đầu năm 2024")
    assert [(s.number, s.title) for s in outline.sections] == [
        ("I.", "Tình hình chung"),
        ("II.", "Kết quả thực hiện công tác dân vận"),
        ("III.", "Đánh giá chung"),
        ("IV.", "Phương hướng, nhiệm vụ 6 tháng cuối năm 2024"),
    ]
    ii = outline.find("II")
    assert [c.id for c in ii.children] == ["II.1", "II.2", "II.3"]
    assert [c.number for c in outline.find("II.3").children] == ["a)", "b)"]
    assert outline.find("II.1").guidance == [
        "Số văn bản lãnh đạo, chỉ đạo đã ban hành (nêu rõ số, ngày ban hành, trích yếu)."
    ]
    assert {r.kind for r in outline.find("II.1").requirements} == {"count", "document"}
    b = outline.find("II.3.b")
    assert b.guidance == ["- Liệt kê tên, đơn vị và thành tích nổi bật của từng điển hình."]  # a lone bullet: guidance
    assert [c.title for c in outline.find("III").children] == ["Ưu điểm", "Hạn chế và nguyên nhân"]


def test_word_numbering_docx_file(tmp_path: Path) -> None:
    outline = parse_outline_file(build_numbered_outline_docx(tmp_path / "de_cuong.docx"))
    _assert_tree(outline)


def test_number_labels_without_a_file() -> None:
    """The parser only needs Paragraph.number_label, whatever reader filled it."""
    labels = {0: ["I.", "II.", "III.", "IV."], 1: ["1.", "2.", "3.", "1.", "2."], 2: ["a)", "b)"], 3: ["-"]}
    seen = {k: 0 for k in labels}
    blocks = []
    for i, (text, ilvl, bold) in enumerate(CONTENT, start=1):
        label = None
        if ilvl is not None:
            label = labels[ilvl][seen[ilvl]]
            seen[ilvl] += 1
        blocks.append(
            Paragraph(text=text, number_label=label, bold=bold, locator=Locator(file="x.docx", paragraph=i))
        )
    _assert_tree(parse_outline(Document(path="x.docx", file_type="docx", blocks=blocks)))


def test_word_heading_styles_without_numbers(tmp_path: Path) -> None:
    doc = DocxDocument()
    doc.add_heading("Đề cương báo cáo sơ kết công tác dân vận năm 2024", 0)
    doc.add_heading("Đặc điểm tình hình", 1)
    doc.add_paragraph("Khái quát thuận lợi, khó khăn của đơn vị.")
    doc.add_heading("Kết quả thực hiện", 1)
    doc.add_heading("Công tác tuyên truyền", 2)
    doc.add_paragraph("Số buổi tuyên truyền, số lượt người nghe.")
    doc.add_heading("Công tác kiểm tra", 2)
    doc.add_heading("Phương hướng năm 2025", 1)
    path = tmp_path / "headings.docx"
    doc.save(path)
    o = parse_outline_file(path)
    assert o.title == "Đề cương báo cáo sơ kết công tác dân vận năm 2024"  # the first Heading 1 is a section
    assert [(s.id, s.level, s.title) for s in o.walk()] == [
        ("1", 0, "Đặc điểm tình hình"), ("2", 0, "Kết quả thực hiện"), ("2.1", 1, "Công tác tuyên truyền"),
        ("2.2", 1, "Công tác kiểm tra"), ("3", 0, "Phương hướng năm 2025"),
    ]
    assert o.find("1").guidance == ["Khái quát thuận lợi, khó khăn của đơn vị."]
    assert {r.kind for r in o.find("2.1").requirements} == {"count"}
