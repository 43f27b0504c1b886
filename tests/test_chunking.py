"""Chunking follows the document's structure and keeps what a citation needs."""

from __future__ import annotations

import pytest

from assistant.reading.document import read_document
from assistant.store.chunking import chunk_document, heading_kind, index_text, numbering_kind
from assistant.types import Document, Locator, Paragraph, Table


def _doc(*blocks: Paragraph | Table, name: str = "bc.txt") -> Document:
    return Document(path=f"/x/{name}", file_type="txt", blocks=list(blocks))


def _p(text: str, line: int, **kw: object) -> Paragraph:
    return Paragraph(text=text, locator=Locator(file="bc.txt", line=line), **kw)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("PHẦN THỨ NHẤT KẾT QUẢ", "phan"),
        ("Phần II. Nhiệm vụ", "phan"),
        ("I. MỤC ĐÍCH, YÊU CẦU", "roman"),
        ("IV - TỔ CHỨC THỰC HIỆN", "roman"),
        ("1. Mục đích", "num1"),
        ("2- Yêu cầu", "num1"),
        ("1.1. Công tác tuyên truyền", "num2"),
        ("2.3.1. Kết quả cụ thể", "num3"),
        ("a) Ưu điểm", "alpha"),
        ("đ) Nội dung khác", "alpha"),
        ("A. NỘI DUNG", "alpha_up"),
        ("Biểu 1. Danh mục văn bản", "bieu"),
        ("- Tổ chức 12 buổi", None),
        ("1.250 lượt người được nghe", None),
        ("2020 là năm bản lề", None),
        ("Thực hiện Kế hoạch số 24-KH/ThU", None),
    ],
)
def test_numbering_kinds(text: str, kind: str | None) -> None:
    assert numbering_kind(text) == kind


def test_heading_detection_by_style_bold_and_length() -> None:
    assert heading_kind(_p("KẾT QUẢ", 1, style="h2")) == "md2"
    assert heading_kind(_p("II. KẾT QUẢ", 1, style="h3")) == "roman"
    assert heading_kind(_p("Tình hình chung", 1, style="Heading 2")) == "lvl2"
    assert heading_kind(_p("Nơi nhận:", 1, bold=True)) == "bold"
    assert heading_kind(_p("1. Ưu điểm, nguyên nhân", 1)) == "num1"  # short numbered plain line
    long_item = "1. " + "Tổ chức quán triệt cho cán bộ, đảng viên ở tất cả các chi bộ trực thuộc " * 2
    assert heading_kind(_p(long_item, 1)) is None  # a long numbered sentence is body text
    assert heading_kind(_p("Số 24-KH/ThU ngày 27/4/2021 của Thành ủy về tổng kết Đề án", 1)) is None


def test_seed_plan_heading_paths_and_locators(seed_path) -> None:
    doc = read_document(seed_path)
    chunks = chunk_document(doc, "plan/kh", "plan", unit="Thị ủy Sa Pa", year=2021)
    by_text = {c.text.split("\n")[0][:40]: c for c in chunks}

    deadline = next(c for c in chunks if "trước ngày 20/8/2021" in c.text)
    assert deadline.heading_path == ["KẾ HOẠCH", "III. THỜI GIAN, PHƯƠNG THỨC SƠ KẾT"]
    assert deadline.locator.label() == "seed_kehoach_19ct.txt:41"
    assert (deadline.kind, deadline.unit, deadline.year, deadline.file) == ("plan", "Thị ủy Sa Pa", 2021, doc.name)

    tuyen_truyen = next(c for c in chunks if "số buổi, nội dung, hình thức tuyên truyền" in c.text)
    assert tuyen_truyen.heading_path == [
        "ĐỀ CƯƠNG",
        "II. Kết quả thực hiện Chỉ thị 19-CT/TU",
        "1. Công tác tuyên truyền",
    ]
    # Bare lines of the đề cương are gathered under their parent heading, in order.
    danh_gia = next(c for c in chunks if c.text.startswith("1. Ưu điểm"))
    assert danh_gia.text.split("\n") == ["1. Ưu điểm, nguyên nhân", "2. Khuyết điểm, hạn chế; nguyên nhân", "3. Bài học kinh nghiệm"]
    assert danh_gia.heading_path == ["ĐỀ CƯƠNG", "III. Đánh giá việc thực hiện Chỉ thị Chỉ thị 19-CT/TU"]
    # A Biểu closes the numbered ladder: it is not a child of "IV ... 4. Kiến nghị".
    bieu3 = next(c for c in chunks if c.heading_path and c.heading_path[-1].startswith("Biểu 3."))
    assert bieu3.heading_path[0] == "ĐỀ CƯƠNG" and len(bieu3.heading_path) == 2
    assert "Cấp có thẩm quyền ghi nhận" in bieu3.text
    assert "\n1\n" not in bieu3.text  # the empty numbered rows are left out
    # ids are stable and ordered; every chunk is within bounds
    assert [c.id for c in chunks] == [f"plan/kh#{i}" for i in range(len(chunks))]
    assert all(0 < len(c.text) <= 900 for c in chunks)
    assert by_text  # no empty chunk texts


def test_long_section_is_split_at_paragraphs_then_sentences() -> None:
    sentence = "Thị ủy tổ chức quán triệt Chỉ thị cho cán bộ, đảng viên ở các chi bộ trực thuộc. "
    blocks = [_p("II. KẾT QUẢ", 1, bold=True), _p("1. Công tác tuyên truyền", 2, bold=True)]
    blocks += [_p(sentence * 3, 3 + i) for i in range(6)]  # six ~250-char paragraphs
    blocks.append(_p(sentence * 20, 20))  # one 1.700-char paragraph
    chunks = chunk_document(_doc(*blocks), "report/bc", "report", max_chars=600)
    assert len(chunks) >= 6
    assert all(len(c.text) <= 600 for c in chunks)
    assert all(c.heading_path == ["II. KẾT QUẢ", "1. Công tác tuyên truyền"] for c in chunks)
    assert chunks[0].locator.line == 3 and chunks[1].locator.line == 5
    assert chunks[-1].locator.line == 20  # pieces of the long paragraph cite it
    joined = " ".join(" ".join(c.text.split()) for c in chunks)
    assert joined.count("Thị ủy tổ chức") == 6 * 3 + 20  # nothing lost or repeated


def test_table_rows_become_lines_under_their_section() -> None:
    table = Table(
        rows=[["STT", "Mô hình", "Kết quả"], ["1", "Homestay xanh", "46 hộ tham gia"], ["2", "", ""], ["..", "", ""]],
        locator=Locator(file="bc.txt", line=7),
    )
    chunks = chunk_document(_doc(_p("Biểu 2. Những mô hình, cách làm hay", 6), table), "report/bc", "report")
    assert len(chunks) == 1
    assert chunks[0].text == "STT | Mô hình | Kết quả\n1 | Homestay xanh | 46 hộ tham gia"
    assert chunks[0].heading_path == ["Biểu 2. Những mô hình, cách làm hay"]
    assert chunks[0].locator.line == 7


def test_word_numbering_labels_and_page_locators() -> None:
    blocks = [
        Paragraph(text="KẾT QUẢ THỰC HIỆN", number_label="II.", style="Heading 1", locator=Locator(file="bc.pdf", page=2)),
        Paragraph(text="Công tác tuyên truyền", number_label="1.", locator=Locator(file="bc.pdf", page=2)),
        Paragraph(text="Tổ chức 128 buổi tuyên truyền.", locator=Locator(file="bc.pdf", page=3, paragraph=4)),
    ]
    doc = Document(path="/x/bc.pdf", file_type="pdf", blocks=blocks)
    (chunk,) = chunk_document(doc, "report/bc", "report")
    assert chunk.heading_path == ["II. KẾT QUẢ THỰC HIỆN", "1. Công tác tuyên truyền"]
    assert chunk.locator.label() == "bc.pdf tr.3, ¶4"
    assert index_text(chunk) == "II. KẾT QUẢ THỰC HIỆN › 1. Công tác tuyên truyền\nTổ chức 128 buổi tuyên truyền."


def test_document_without_text_gives_no_chunks() -> None:
    assert chunk_document(_doc(), "notes/x", "notes") == []
