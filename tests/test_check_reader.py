"""Report reader: headings from markdown, typed numbers, automatic numbering, bold lines; end matter; drafts."""

from __future__ import annotations

import pytest
from check_helpers import outline, report_md, write

from assistant.checking.report_reader import read_report, sections_from_blocks
from assistant.types import Draft, Locator, Paragraph, SectionDraft, Table, UserError


def para(text: str, line: int, **kw) -> Paragraph:
    return Paragraph(text=text, locator=Locator(file="r.docx", paragraph=line), **kw)


def heads(report) -> list[tuple[str | None, str, int | None, str]]:
    return [(s.number, s.title, s.level, s.strength) for s in report.sections]


def test_markdown_headings_with_numbers(tmp_path):
    r = read_report(write(tmp_path, report_md()))
    assert heads(r)[:3] == [("I.", "Kết quả thực hiện", 0, "strong"), ("1.", "Công tác tuyên truyền", 1, "strong"),
                            ("2.", "Ban hành văn bản chỉ đạo", 1, "strong")]
    assert r.sections[1].text.startswith("Tổ chức 126 buổi")
    assert r.preamble.startswith("THỊ ỦY SA PA") and "Thực hiện Kế hoạch" in r.preamble
    assert r.source_numbers is None


def test_plain_text_typed_numbers_and_ladder_levels(tmp_path):
    text = "\n".join([
        "Thực hiện Kế hoạch số 12-KH/ThU, đơn vị báo cáo như sau:",
        "I. KẾT QUẢ", "1. Công tác tuyên truyền", "a) Tuyên truyền trên báo chí", "Đăng 215 tin, bài.",
        "- Trang thông tin điện tử: 120 tin.", "b) Tuyên truyền miệng", "Tổ chức 12 buổi.",
        "2. Công tác kiểm tra", "1. Kiểm tra 5 chi bộ trực thuộc.",  # a numbered sentence is body text
        "1. Kế hoạch số 12-KH/ThU ngày 15/11/2016", "II. ĐÁNH GIÁ",
    ])
    r = read_report(write(tmp_path, text, "r.txt"))
    assert heads(r) == [
        ("I.", "KẾT QUẢ", 0, "label"), ("1.", "Công tác tuyên truyền", 1, "label"),
        ("a)", "Tuyên truyền trên báo chí", 2, "label"), ("b)", "Tuyên truyền miệng", 2, "label"),
        ("2.", "Công tác kiểm tra", 1, "label"), ("II.", "ĐÁNH GIÁ", 0, "label"),
    ]
    assert "- Trang thông tin điện tử" in r.sections[2].text
    assert "1. Kiểm tra 5 chi bộ" in r.sections[4].text and "ngày 15/11/2016" in r.sections[4].text


def test_part_label_with_its_title_on_the_next_line():
    blocks = [para("PHẦN THỨ NHẤT", 1, bold=True), para("KẾT QUẢ THỰC HIỆN", 2, bold=True),
              para("I. Đặc điểm tình hình", 3, bold=True), para("Xã có 14 thôn.", 4)]
    r = sections_from_blocks(blocks, "docx")
    assert heads(r) == [("PHẦN THỨ NHẤT", "KẾT QUẢ THỰC HIỆN", 0, "strong"), ("I.", "Đặc điểm tình hình", 1, "label")]


def test_automatic_numbering_labels_and_heading_styles():
    blocks = [para("Kết quả", 1, number_label="I.", bold=True), para("Tuyên truyền", 2, number_label="1."),
              para("Nội dung", 3, number_label="-"), para("Đánh giá chung", 4, style="Heading 1", level=0)]
    r = sections_from_blocks(blocks, "docx")
    assert heads(r) == [("I.", "Kết quả", 0, "label"), ("1.", "Tuyên truyền", 1, "label"),
                        (None, "Đánh giá chung", 0, "strong")]
    assert r.sections[1].text == "- Nội dung"


def test_short_bold_lines_are_heading_candidates():
    blocks = [para("Thực hiện kế hoạch, báo cáo như sau:", 1), para("I. Kết quả", 2),
              para("Công tác tuyên truyền", 3, bold=True), para("Tổ chức 12 buổi.", 4),
              para("Đây là một câu in đậm hoàn chỉnh.", 5, bold=True)]
    r = sections_from_blocks(blocks, "docx")
    assert heads(r) == [("I.", "Kết quả", 0, "label"), (None, "Công tác tuyên truyền", None, "bold")]
    assert r.preamble == "Thực hiện kế hoạch, báo cáo như sau:"
    assert "câu in đậm hoàn chỉnh" in r.sections[1].text


def test_end_matter_closing_signing_and_appendices_are_not_section_text():
    blocks = [para("I. Kết quả", 1), para("Tổ chức 12 buổi.", 2),
              para("Trên đây là báo cáo sơ kết của Thị ủy.", 3),
              Table(rows=[["Nơi nhận:\n- Như trên", "T/M BAN THƯỜNG VỤ"]], locator=Locator(file="r.docx")),
              para("Biểu 1. Danh mục văn bản", 5), para("NGUỒN TRÍCH DẪN", 6, bold=True),
              para("I.1 Công tác tuyên truyền", 7, bold=True), para("[1] ghichu.txt:3 — Tổ chức 12 buổi", 8),
              para("[2] ghichu.txt:4 — ...", 9)]
    r = sections_from_blocks(blocks, "docx")
    assert [s.text for s in r.sections] == ["Tổ chức 12 buổi."]
    assert r.source_numbers == {1, 2}
    assert "Trên đây" in r.tail and "Biểu 1" in r.tail


def test_side_by_side_signing_table_ends_the_body():
    blocks = [para("I. Kết quả", 1), para("Tổ chức 12 buổi.", 2),
              Table(rows=[["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"]], locator=Locator(file="r.docx"))]
    assert sections_from_blocks(blocks, "docx").sections[0].text == "Tổ chức 12 buổi."


def test_tables_inside_a_section_are_its_text():
    blocks = [para("I. Kết quả", 1), Table(rows=[["Chỉ tiêu", "Kết quả"], ["Số buổi", "126"]],
                                           locator=Locator(file="r.docx"))]
    assert "Số buổi | 126" in sections_from_blocks(blocks, "docx").sections[0].text


def test_draft_becomes_one_heading_per_outline_section():
    ol = outline()
    d = Draft(outline=ol, intro="Thực hiện ...", sections=[
        SectionDraft(section_id="I.1", number="1.", title="Công tác tuyên truyền", text="Tổ chức 12 buổi [1].")])
    r = read_report(d)
    assert r.kind == "draft" and r.preamble == "Thực hiện ..."
    assert [(s.section_id, s.text) for s in r.sections][:3] == [("I", ""), ("I.1", "Tổ chức 12 buổi [1]."), ("I.2", "")]
    assert r.sections[1].sources == []


@pytest.mark.parametrize("name, content, words", [
    ("nothing.md", None, "Không tìm thấy"),
    ("draft.json", "{not json", "không phải bản dự thảo"),
    ("bao_cao.doc", "x", ".docx"),
])
def test_unreadable_input_is_a_user_error(tmp_path, name, content, words):
    p = tmp_path / name
    if content is not None:
        p.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=words):
        read_report(p)


def test_run_in_heading_keeps_its_text():
    blocks = [para("I. Kết quả", 1), para("1. Công tác tuyên truyền: Tổ chức 126 buổi với 8.450 lượt người.", 2),
              para("Đăng 215 tin, bài.", 3)]
    r = sections_from_blocks(blocks, "docx")
    assert heads(r) == [("I.", "Kết quả", 0, "label"), ("1.", "Công tác tuyên truyền", 1, "runin")]
    assert r.sections[1].text == "Tổ chức 126 buổi với 8.450 lượt người.\nĐăng 215 tin, bài."


def test_sources_list_skips_bold_group_headings_and_lines_without_a_source():
    blocks = [para("I. Kết quả", 1), para("Tổ chức 12 buổi [1].", 2), para("NGUỒN TRÍCH DẪN", 3, bold=True),
              para("1. Công tác tuyên truyền", 4, bold=True), para("[1] ghichu.txt:3 — Tổ chức 12 buổi", 5),
              para("[4] Không có nguồn số 4 trong mục này.", 6), para("2. Tài liệu của Ban Tuyên giáo", 7)]
    assert sections_from_blocks(blocks, "docx").source_numbers == {1, 2}
