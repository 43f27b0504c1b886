"""Reading .docx / .pdf / .txt / .md into Documents. Every input is built here by the tests."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from assistant.reading.document import blocks_from_text, clean_inline, read_document
from assistant.types import Paragraph, Table, UserError
from tests.test_text_vi import tcvn3_encode, vni_encode

W = nsdecls("w")


# ------------------------------------------------------------------ .docx builders


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def add_numbering(document, abstracts: dict[int, list[str]], nums: dict[int, tuple[int, str]]) -> None:
    """abstracts: abstractNumId → <w:lvl> xml; nums: numId → (abstractNumId, extra xml such as lvlOverride)."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    for aid, levels in abstracts.items():
        el = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    for num_id, (aid, extra) in nums.items():
        numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{extra}</w:num>'))


def numbered(document, text: str, num_id: int | None, ilvl: int | None = None, style: str | None = None):
    p = document.add_paragraph(text, style=style)
    if num_id is not None:
        inner = (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + f'<w:numId w:val="{num_id}"/>'
        p._p.get_or_add_pPr().append(parse_xml(f"<w:numPr {W}>{inner}</w:numPr>"))
    return p


LADDER = [
    _lvl(0, "upperRoman", "%1."),
    _lvl(1, "decimal", "%2."),
    _lvl(2, "decimal", "%2.%3."),
    _lvl(3, "lowerLetter", "%4)"),
    _lvl(4, "bullet", "-"),
    _lvl(5, "bullet", "\uf0b7"),
]


def build_outline_docx(path: Path) -> Path:
    d = docx.Document()
    add_numbering(
        d,
        {90: LADDER, 91: [_lvl(0, "decimal", "Điều %1.", extra='<w:pStyle w:val="DieuKhoan"/>')]},
        {90: (90, ""), 91: (90, '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride>'),
         92: (91, "")},
    )
    style = d.styles.add_style("DieuKhoan", 1)  # paragraph style carrying its numbering (style-linked)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="92"/></w:numPr>'))
    numbered(d, "KẾT QUẢ THỰC HIỆN", 90, 0, style="Heading 1")
    d.add_paragraph("Đoạn văn thường sau đề mục.")
    numbered(d, "Công tác lãnh đạo, chỉ đạo", 90, 1, style="Heading 2")
    numbered(d, "Quán triệt, tuyên truyền", 90, 2)
    numbered(d, "Số buổi tuyên truyền", 90, 3)
    numbered(d, "Tổ chức 12 buổi", 90, 4)
    numbered(d, "Có 1.250 lượt người", 90, 5)
    numbered(d, "Hình thức tuyên truyền", 90, 3)
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "STT"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Nội dung"  # horizontal merge
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"  # vertical merge
    table.cell(1, 1).text = "Hội nghị"
    table.cell(1, 2).text = "12"
    table.cell(2, 1).text = "Lớp học"
    table.cell(2, 2).text = "3"
    numbered(d, "Cụ thể hóa văn bản", 90, 1)
    numbered(d, "Văn bản của Đảng ủy", 90, 2)
    numbered(d, "ĐÁNH GIÁ CHUNG", 90, 0)
    numbered(d, "Ưu điểm", 90, 1)
    numbered(d, "Mục bắt đầu lại từ 5", 91, 1)
    numbered(d, "Mục tiếp theo", 91, 1)
    numbered(d, "Không đánh số nữa", 0, 0)
    d.add_paragraph("Điều khoản thứ nhất", style="DieuKhoan")
    d.add_paragraph("Điều khoản thứ hai", style="DieuKhoan")
    p = d.add_paragraph()
    p.add_run("Toàn bộ in đậm").bold = True
    p = d.add_paragraph()
    p.add_run("Một phần ").bold = True
    p.add_run("in đậm")
    p = d.add_paragraph("Mức đề cương theo outline level")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="2"/>'))
    d.save(path)
    return path


def _run(paragraph, text: str, font: str) -> None:
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(14)


# ------------------------------------------------------------------ .docx


def test_docx_blocks_in_body_order_with_numbering_labels(tmp_path: Path) -> None:
    doc = read_document(build_outline_docx(tmp_path / "de_cuong.docx"))
    assert doc.file_type == "docx"
    labels = [(b.number_label, b.text) for b in doc.blocks if isinstance(b, Paragraph)]
    assert labels == [
        ("I.", "KẾT QUẢ THỰC HIỆN"),
        (None, "Đoạn văn thường sau đề mục."),
        ("1.", "Công tác lãnh đạo, chỉ đạo"),
        ("1.1.", "Quán triệt, tuyên truyền"),
        ("a)", "Số buổi tuyên truyền"),
        ("-", "Tổ chức 12 buổi"),
        ("•", "Có 1.250 lượt người"),
        ("b)", "Hình thức tuyên truyền"),
        ("2.", "Cụ thể hóa văn bản"),
        ("2.1.", "Văn bản của Đảng ủy"),
        ("II.", "ĐÁNH GIÁ CHUNG"),
        ("1.", "Ưu điểm"),
        ("5.", "Mục bắt đầu lại từ 5"),
        ("6.", "Mục tiếp theo"),
        (None, "Không đánh số nữa"),
        ("Điều 1.", "Điều khoản thứ nhất"),
        ("Điều 2.", "Điều khoản thứ hai"),
        (None, "Toàn bộ in đậm"),
        (None, "Một phần in đậm"),
        (None, "Mức đề cương theo outline level"),
    ]
    kinds = [b.type for b in doc.blocks]
    assert kinds.index("table") == 8  # between "Hình thức tuyên truyền" and "Cụ thể hóa văn bản"
    assert doc.text().splitlines()[0] == "I. KẾT QUẢ THỰC HIỆN"


def test_docx_styles_levels_bold_and_locators(tmp_path: Path) -> None:
    doc = read_document(build_outline_docx(tmp_path / "de_cuong.docx"))
    by_text = {b.text: b for b in doc.paragraphs}
    assert by_text["KẾT QUẢ THỰC HIỆN"].style == "Heading 1"
    assert by_text["KẾT QUẢ THỰC HIỆN"].level == 0
    assert by_text["Công tác lãnh đạo, chỉ đạo"].level == 1
    assert by_text["Mức đề cương theo outline level"].level == 2
    assert by_text["Đoạn văn thường sau đề mục."].level is None
    assert by_text["Đoạn văn thường sau đề mục."].style == "Normal"
    assert by_text["Toàn bộ in đậm"].bold is True
    assert by_text["Một phần in đậm"].bold is False
    assert [b.locator.paragraph for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    assert all(b.locator.file == "de_cuong.docx" for b in doc.blocks)


def test_docx_table_merged_cells_not_duplicated(tmp_path: Path) -> None:
    doc = read_document(build_outline_docx(tmp_path / "de_cuong.docx"))
    (table,) = doc.tables
    assert table.rows == [["STT", "Nội dung", ""], ["1", "Hội nghị", "12"], ["", "Lớp học", "3"]]


def test_docx_content_controls_and_hyperlinks_are_read_in_order(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Trước")
    body = d.element.body
    sdt = parse_xml(
        f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    )
    body.insert(len(body) - 1, sdt)  # before sectPr
    p = d.add_paragraph("Xem ")
    p._p.append(parse_xml(f'<w:hyperlink {W}><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>đã xóa</w:delText></w:r></w:del>'))
    d.save(tmp_path / "sdt.docx")
    texts = [b.text for b in read_document(tmp_path / "sdt.docx").blocks]
    assert texts == ["Trước", "Trong ô nội dung", "Xem liên kết"]


def test_docx_legacy_fonts_converted_per_run(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    _run(p, "b¸o c¸o", ".VnTimeH")
    _run(p, " kÕt qu¶ ", ".VnTime")
    _run(p, "thöïc hieän", "VNI-Times")
    _run(p, " và Unicode ở đây", "Times New Roman")
    d.add_paragraph("Đoạn Unicode thường: Ủy ban nhân dân xã.")
    d.save(tmp_path / "legacy.docx")
    doc = read_document(tmp_path / "legacy.docx")
    assert [b.text for b in doc.blocks] == [
        "BÁO CÁO kết quả thực hiện và Unicode ở đây",
        "Đoạn Unicode thường: Ủy ban nhân dân xã.",
    ]
    assert doc.encoding == "tcvn3"


def test_docx_legacy_text_detected_without_font(tmp_path: Path) -> None:
    lines = ["Báo cáo kết quả thực hiện Chỉ thị số 19-CT/TU", "Đảng ủy đã lãnh đạo, chỉ đạo quán triệt sâu rộng."]
    d = docx.Document()
    for line in lines:
        d.add_paragraph(vni_encode(line))
    table = d.add_table(rows=1, cols=1)
    table.cell(0, 0).text = vni_encode("Tổng số")
    d.save(tmp_path / "vni.docx")
    doc = read_document(tmp_path / "vni.docx")
    assert [b.text for b in doc.paragraphs] == lines
    assert doc.tables[0].rows == [["Tổng số"]]
    assert doc.encoding == "vni"


def test_docx_unicode_stays_unicode_and_tone_marks_normalised(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph(unicodedata.normalize("NFD", "Uỷ ban nhân dân hoà bình, thuỷ lợi"))
    d.save(tmp_path / "u.docx")
    doc = read_document(tmp_path / "u.docx")
    assert doc.paragraphs[0].text == "Ủy ban nhân dân hòa bình, thủy lợi"
    assert doc.encoding is None


# ------------------------------------------------------------------ bad input


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("rong.txt", b"", "Tệp rỗng"),
        ("rong.docx", b"  \n", "Tệp rỗng"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "lưu thành .docx"),
        ("bang.xlsx", b"PK\x03\x04", "Chưa hỗ trợ loại tệp .xlsx"),
        ("khong_duoi", b"abc", "Chưa hỗ trợ loại tệp"),
        ("hong.docx", b"this is not a zip file at all", "bị hỏng"),
        ("khong_phai_docx.docx", _zip({"readme.txt": b"hello"}), "bị hỏng"),
        ("mat_khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "mật khẩu"),
        ("bomb.docx", _zip({"word/document.xml": b"\0" * (20 * 1024 * 1024)}), "zip bomb"),
        ("hong.pdf", b"%PDF-1.4\nthis is garbage\n%%EOF", "PDF"),
        ("gia.pdf", b"GIF89a not a pdf", "không phải PDF"),
        ("chi_gach.md", b"-----\n\n***\n", "không có nội dung"),
    ],
)
def test_bad_input_gives_one_clear_vietnamese_line(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(UserError) as err:
        read_document(_write(tmp_path, name, data))
    text = str(err.value)
    assert message in text
    assert "\n" not in text and "Traceback" not in text


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Không tìm thấy tệp"):
        read_document(tmp_path / "khong_co.docx")


def test_size_limit(tmp_path: Path) -> None:
    p = _write(tmp_path, "lon.txt", b"Bao cao\n" * 2000)
    with pytest.raises(UserError, match="quá lớn"):
        read_document(p, max_bytes=1000)
    assert read_document(p, max_bytes=10**6).blocks


def test_zip_with_lying_sizes_is_refused(tmp_path: Path) -> None:
    """A part that inflates beyond its declared size is never read past it."""
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"a" * 5000})
    start = data.index(b"PK\x01\x02")  # first central directory entry
    while True:  # patch every central directory entry's uncompressed size to 10 bytes
        size_at = start + 24
        data = data[:size_at] + (10).to_bytes(4, "little") + data[size_at + 4 :]
        nxt = data.find(b"PK\x01\x02", start + 4)
        if nxt < 0:
            break
        start = nxt
    with pytest.raises(UserError, match="bị hỏng|zip bomb"):
        read_document(_write(tmp_path, "noi_doi.docx", data))


# ------------------------------------------------------------------ .pdf


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF with a real text layer (Helvetica, WinAnsiEncoding), xref offsets computed."""
    n_pages = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(n_pages))
        + f"] /Count {n_pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        body = b"BT /F1 12 Tf 16 TL 72 760 Td " + b" ".join(_pdf_string(ln) + b" Tj T*" for ln in lines) + b" ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(body)} >>\nstream\n".encode() + body + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_text_layer_paragraphs_with_pages(tmp_path: Path) -> None:
    pdf = make_pdf(
        [
            [
                "I. MUC DICH, YEU CAU",
                "Danh gia toan dien, khach quan ket qua",
                "thuc hien Chi thi trong 05 nam.",
                "1. Yeu cau",
            ],
            ["II. NOI DUNG", "Cafe (Latin-1) bao cao"],
        ]
    )
    doc = read_document(_write(tmp_path, "ke_hoach.pdf", pdf))
    assert doc.file_type == "pdf"
    got = [(b.locator.page, b.locator.paragraph, b.text) for b in doc.paragraphs]
    assert got == [
        (1, 1, "I. MUC DICH, YEU CAU"),
        (1, 2, "Danh gia toan dien, khach quan ket qua thuc hien Chi thi trong 05 nam."),
        (1, 3, "1. Yeu cau"),
        (2, 1, "II. NOI DUNG"),
        (2, 2, "Cafe (Latin-1) bao cao"),
    ]
    assert doc.paragraphs[0].locator.label() == "ke_hoach.pdf tr.1, ¶1"


def test_pdf_in_tcvn3_font_is_converted(tmp_path: Path) -> None:
    lines = ["Báo cáo kết quả thực hiện", "Đảng ủy xã lãnh đạo, chỉ đạo"]
    doc = read_document(_write(tmp_path, "cu.pdf", make_pdf([[tcvn3_encode(ln) for ln in lines]])))
    assert [b.text for b in doc.paragraphs] == lines
    assert doc.encoding == "tcvn3"


def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(UserError, match="OCR"):
        read_document(_write(tmp_path, "scan.pdf", buf.getvalue()))


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([["Bao cao mat"]]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="matkhau", owner_password="chu", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(UserError, match="mật khẩu"):
        read_document(_write(tmp_path, "khoa.pdf", buf.getvalue()))


# ------------------------------------------------------------------ .txt / .md


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: tcvn3_encode(t).encode("latin-1"), "tcvn3"),
        (lambda t: vni_encode(t).encode("latin-1"), "vni"),
    ],
)
def test_txt_encodings(tmp_path: Path, encode, encoding: str) -> None:
    text = "Báo cáo sơ kết thực hiện Chỉ thị\r\n\r\n- Tổ chức 12 buổi, 1.250 lượt người\r\n- Đạt 95,5% hộ dân"
    doc = read_document(_write(tmp_path, "ghi_chu.txt", encode(text)))
    assert doc.encoding == encoding
    assert [(b.text, b.locator.line) for b in doc.paragraphs] == [
        ("Báo cáo sơ kết thực hiện Chỉ thị", 1),
        ("- Tổ chức 12 buổi, 1.250 lượt người", 3),
        ("- Đạt 95,5% hộ dân", 4),
    ]


def test_md_normalised_and_tables(tmp_path: Path) -> None:
    md = "### **I. KẾT QUẢ**\n\nUỷ ban xã hoà giải\n\n| STT | Nội dung |\n|---|---|\n| 1 | Hội nghị |\n"
    doc = read_document(_write(tmp_path, "bc.md", unicodedata.normalize("NFD", md).encode("utf-8")))
    assert doc.paragraphs[0].text == "I. KẾT QUẢ" and doc.paragraphs[0].style == "h3" and doc.paragraphs[0].bold
    assert doc.paragraphs[1].text == "Ủy ban xã hòa giải"
    assert doc.tables[0].rows == [["STT", "Nội dung"], ["1", "Hội nghị"]]


def test_blocks_from_text_and_clean_inline_still_work() -> None:
    blocks = blocks_from_text("**Tiêu đề**\nDòng\tcó\ttab\n", "a.txt")
    assert isinstance(blocks[0], Paragraph) and blocks[0].bold and blocks[0].text == "Tiêu đề"
    assert isinstance(blocks[1], Table) and blocks[1].rows == [["Dòng", "có", "tab"]]
    assert clean_inline("<b>Đậm</b> và **đậm**") == "Đậm và đậm"


def test_seed_document_reads(seed_path: Path) -> None:
    doc = read_document(seed_path)
    assert doc.encoding == "utf-8"
    assert any("Chỉ thị số 19-CT/TU" in p.text for p in doc.paragraphs)


# ------------------------------------------------------------------ Word numbering engine


def _numbering(levels: list[str], extra_nums: str = "") -> bytes:
    xml = (
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">{"".join(levels)}</w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>{extra_nums}</w:numbering>'
    )
    return xml.encode()


@pytest.mark.parametrize(
    ("levels", "sequence", "labels"),
    [
        ([_lvl(0, "upperLetter", "%1-")], [0, 0, 0], ["A-", "B-", "C-"]),  # older Party style "A-"
        (
            [_lvl(0, "decimalZero", "%1."), _lvl(1, "lowerRoman", "%2)")],
            [0, 1, 1, 0, 1],
            ["01.", "i)", "ii)", "02.", "i)"],
        ),
        ([_lvl(0, "decimal", "%1.", start=3)], [0, 0], ["3.", "4."]),
        (  # isLgl: legal numbering shows every level in decimal
            [_lvl(0, "upperRoman", "%1."), _lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")],
            [0, 1, 1],
            ["I.", "1.1.", "1.2."],
        ),
        (  # lvlRestart 0: level 1 never restarts when level 0 is used again
            [_lvl(0, "upperRoman", "%1."), _lvl(1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>')],
            [0, 1, 1, 0, 1],
            ["I.", "1.", "2.", "II.", "3."],
        ),
        (  # lvlRestart 1: level 2 restarts only after level 0, not after level 1
            [_lvl(0, "upperRoman", "%1."), _lvl(1, "decimal", "%2."),
             _lvl(2, "lowerLetter", "%3)", extra='<w:lvlRestart w:val="1"/>')],
            [0, 2, 1, 2, 0, 2],
            ["I.", "a)", "1.", "b)", "II.", "a)"],
        ),
        ([_lvl(0, "lowerLetter", "%1)")], [0] * 28, [*(f"{c})" for c in "abcdefghijklmnopqrstuvwxyz"), "aa)", "bb)"]),
        ([_lvl(0, "bullet", "o"), _lvl(1, "bullet", "+"), _lvl(2, "none", "")], [0, 1, 2], ["•", "+", None]),
    ],
)
def test_numbering_labels(levels: list[str], sequence: list[int], labels: list[str | None]) -> None:
    from assistant.reading.docx_numbering import Numbering

    numbering = Numbering.from_xml(_numbering(levels))
    assert [numbering.label("1", ilvl) for ilvl in sequence] == labels


def test_numbering_lists_sharing_an_abstract_continue_unless_overridden() -> None:
    from assistant.reading.docx_numbering import Numbering

    extra = (
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    numbering = Numbering.from_xml(_numbering([_lvl(0, "decimal", "%1.")], extra))
    got = [numbering.label(n, 0) for n in ("1", "1", "2", "3", "3", "0", "99")]
    assert got == ["1.", "2.", "3.", "1.", "2.", None, None]
