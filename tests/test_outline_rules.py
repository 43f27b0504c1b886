"""The rules behind the outline parser: markers, guidance vs sub-sections, titles, requirements, Biểu."""

from __future__ import annotations

import pytest

from assistant.outline.bieu import merge_columns, parse_bieu
from assistant.outline.parser import parse_outline
from assistant.outline.requirements import extract_requirements
from assistant.reading.document import blocks_from_text
from assistant.text.numbering import parse_marker
from assistant.types import Document, Locator, Table


def outline_of(text: str):
    return parse_outline(Document(path="t.txt", file_type="txt", blocks=blocks_from_text(text, "t.txt")))


@pytest.mark.parametrize(
    ("text", "kind", "label", "key", "rest"),
    [
        ("I. MỤC ĐÍCH", "roman.", "I.", "I", "MỤC ĐÍCH"),
        ("IV.Nhiệm vụ", "roman.", "IV.", "IV", "Nhiệm vụ"),
        ("I - Công tác xây dựng Đảng", "roman-", "I -", "I", "Công tác xây dựng Đảng"),
        ("II-KẾT QUẢ HỌC TẬP", "roman-", "II-", "II", "KẾT QUẢ HỌC TẬP"),
        ("1. Mục tiêu chung", "decimal.", "1.", "1", "Mục tiêu chung"),
        ("2- Văn hóa - xã hội", "decimal-", "2-", "2", "Văn hóa - xã hội"),
        ("3) Kết quả", "decimal)", "3)", "3", "Kết quả"),
        ("1.2. Kinh tế số", "multi2", "1.2.", "2", "Kinh tế số"),
        ("2.2.1. Truyền thông", "multi3", "2.2.1.", "1", "Truyền thông"),
        ("1.1- Việc học tập", "multi2", "1.1-", "1", "Việc học tập"),
        ("a) Trồng trọt", "lower)", "a)", "a", "Trồng trọt"),
        ("đ) Môi trường", "lower)", "đ)", "đ", "Môi trường"),
        ("b- Đầu tư", "lower-", "b-", "b", "Đầu tư"),
        ("A- ĐÁNH GIÁ", "upper-", "A-", "A", "ĐÁNH GIÁ"),
        ("PHẦN THỨ NHẤT", "part", "PHẦN THỨ NHẤT", "P1", ""),
        ("PHẦN THỨ HAI: PHƯƠNG HƯỚNG", "part", "PHẦN THỨ HAI", "P2", "PHƯƠNG HƯỚNG"),
        ("Phần II: Nhiệm vụ", "part", "Phần II", "P2", "Nhiệm vụ"),
        ("- Nêu rõ số buổi", "bullet-", "-", "", "Nêu rõ số buổi"),
        ("– Số lớp", "bullet-", "–", "", "Số lớp"),
        ("+ Ngân sách", "bullet+", "+", "", "Ngân sách"),
        ("• Ưu điểm", "bullet•", "•", "", "Ưu điểm"),
    ],
)
def test_markers(text: str, kind: str, label: str, key: str, rest: str) -> None:
    m = parse_marker(text)
    assert m is not None and (m.kind, m.label, m.key, m.rest) == (kind, label, key, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Phần này phản ánh công tác tuyên truyền",  # not "Phần <ordinal>"
        "20/8/2021 là hạn cuối",  # a date
        "1.250 lượt người tham gia",  # a number with a thousands dot
        "19-CT/TU ngày 28/9/2016",  # a document number
        "T/M BAN THƯỜNG VỤ",  # a signing authority, not a capital-letter label
        "IV-BCH/TW",  # a code, not 'IV-' + text
        "Biểu 1. Danh mục văn bản",
        "Tình hình chung",
    ],
)
def test_not_markers(text: str) -> None:
    assert parse_marker(text) is None


# ------------------------------------------------------------------ guidance vs sub-sections


def test_short_noun_phrase_bullets_alone_under_a_heading_are_sections() -> None:
    o = outline_of("ĐỀ CƯƠNG\nI. Kết quả\nII. Đánh giá chung\n- Ưu điểm\n- Hạn chế, khuyết điểm\n- Nguyên nhân\n")
    assert [(c.id, c.number, c.title) for c in o.find("II").children] == [
        ("II.1", "-", "Ưu điểm"), ("II.2", "-", "Hạn chế, khuyết điểm"), ("II.3", "-", "Nguyên nhân"),
    ]
    assert o.find("II").guidance == []


def test_instruction_bullets_are_guidance() -> None:
    o = outline_of(
        "ĐỀ CƯƠNG\n1. Công tác tuyên truyền\n- Nêu rõ hình thức tuyên truyền.\n"
        "- Phần này đánh giá nhận thức của cán bộ, đảng viên sau khi học tập (có số liệu minh họa)\n"
    )
    s = o.find("1")
    assert s.children == [] and len(s.guidance) == 2


def test_short_bullets_asking_for_figures_are_guidance() -> None:
    o = outline_of("ĐỀ CƯƠNG\n1. Công tác tuyên truyền\n- Số buổi tuyên truyền\n- Tỷ lệ hộ dân được nghe\n")
    s = o.find("1")
    assert s.children == [] and s.guidance == ["- Số buổi tuyên truyền", "- Tỷ lệ hộ dân được nghe"]
    assert {r.kind for r in s.requirements} == {"count", "rate"}


def test_bullets_introduced_by_a_prose_instruction_are_guidance() -> None:
    o = outline_of("ĐỀ CƯƠNG\n1. Đánh giá chung\nNêu rõ các nội dung sau:\n- Ưu điểm\n- Hạn chế\n")
    s = o.find("1")
    assert s.children == [] and s.guidance == ["Nêu rõ các nội dung sau:", "- Ưu điểm", "- Hạn chế"]


def test_a_single_short_bullet_is_guidance() -> None:
    o = outline_of("ĐỀ CƯƠNG\n1. Kinh tế\n- Tốc độ tăng trưởng\n")
    assert o.find("1").children == [] and o.find("1").guidance == ["- Tốc độ tăng trưởng"]


def test_bullet_headings_keep_their_own_plus_guidance() -> None:
    o = outline_of(
        "ĐỀ CƯƠNG\nIII. ĐÁNH GIÁ CHUNG\n- Ưu điểm:\n+ Nêu những kết quả nổi bật.\n"
        "- Hạn chế:\n+ Nêu rõ hạn chế, yếu kém.\n+ Phân tích nguyên nhân chủ quan, khách quan.\n"
    )
    kids = o.find("III").children
    assert [(k.title, len(k.guidance)) for k in kids] == [("Ưu điểm", 1), ("Hạn chế", 2)]
    assert kids[1].guidance[1] == "+ Phân tích nguyên nhân chủ quan, khách quan."


def test_a_line_broken_in_two_is_joined_in_guidance() -> None:
    o = outline_of("ĐỀ CƯƠNG\n1. Kinh tế\nĐánh giá tốc độ tăng trưởng, thu ngân sách trên\n\nđịa bàn so với cùng kỳ.\n")
    assert o.find("1").guidance == ["Đánh giá tốc độ tăng trưởng, thu ngân sách trên địa bàn so với cùng kỳ."]


def test_unmarked_short_lines_opening_a_section_are_sub_headings() -> None:
    o = outline_of(
        "ĐỀ CƯƠNG\nII. HẠN CHẾ, NGUYÊN NHÂN\nHạn chế\n- Nêu rõ các chỉ tiêu chưa đạt.\nNguyên nhân\n"
        "III. PHƯƠNG HƯỚNG\nTập trung vào các nhiệm vụ trọng tâm năm 2024.\n"
    )
    kids = o.find("II").children
    assert [(k.id, k.number, k.title, k.guidance) for k in kids] == [
        ("II.1", "", "Hạn chế", ["- Nêu rõ các chỉ tiêu chưa đạt."]), ("II.2", "", "Nguyên nhân", []),
    ]
    assert o.find("III").children == [] and o.find("III").guidance == ["Tập trung vào các nhiệm vụ trọng tâm năm 2024."]


def test_one_short_unmarked_line_stays_guidance() -> None:
    o = outline_of("ĐỀ CƯƠNG\n1. Đặc điểm tình hình\nKhái quát tình hình chung\n2. Kết quả\n")
    assert o.find("1").children == [] and o.find("1").guidance == ["Khái quát tình hình chung"]


def test_heading_broken_by_a_line_end_is_joined() -> None:
    o = outline_of(
        "ĐỀ CƯƠNG\n1. Việc ban hành văn bản hướng dẫn thực hiện Chỉ thị của cấp ủy\ncác cấp\n"
        "2. Công tác tuyên truyền\nsố buổi, số lượt người nghe\n"
    )
    assert o.find("1").title == "Việc ban hành văn bản hướng dẫn thực hiện Chỉ thị của cấp ủy các cấp"
    assert o.find("2").title == "Công tác tuyên truyền" and o.find("2").guidance == ["số buổi, số lượt người nghe"]


# ------------------------------------------------------------------ start, title, intro


def test_a_mention_of_the_de_cuong_is_not_its_start() -> None:
    text = (
        "KẾ HOẠCH\nsơ kết công tác\nI. MỤC ĐÍCH\n1. Nội dung báo cáo (Theo đề cương gửi kèm).\n"
        "Đề cương báo cáo gửi kèm theo kế hoạch này.\n\n"
        "Đề cương gợi ý báo cáo sơ kết 6 tháng\nI. Tình hình chung\nII. Kết quả\n"
    )
    o = outline_of(text)
    assert o.title == "Đề cương gợi ý báo cáo sơ kết 6 tháng"
    assert [s.title for s in o.sections] == ["Tình hình chung", "Kết quả"]


def test_a_file_that_is_only_a_de_cuong() -> None:
    o = outline_of("I. Đặc điểm tình hình\n1. Thuận lợi\n2. Khó khăn\nII. Kết quả\n")
    assert o.title == "" and [s.id for s in o.sections] == ["I", "II"]


def test_intro_template_and_title_lines() -> None:
    o = outline_of(
        "ĐỀ CƯƠNG BÁO CÁO\nsơ kết 5 năm thực hiện Nghị quyết số 10-NQ/HU\n"
        "(Kèm theo Kế hoạch số 15-KH/HU ngày 02/3/2023 của Huyện ủy)\n"
        "(Thực hiện Kế hoạch số 15-KH/HU, ngày 02/3/2023 của Huyện ủy; Chi bộ (Đảng ủy)........ "
        "báo cáo kết quả như sau:)\nI. Kết quả\n"
    )
    assert o.title == "ĐỀ CƯƠNG BÁO CÁO sơ kết 5 năm thực hiện Nghị quyết số 10-NQ/HU"
    assert o.intro == (
        "Thực hiện Kế hoạch số 15-KH/HU, ngày 02/3/2023 của Huyện ủy; Chi bộ (Đảng ủy)........ "
        "báo cáo kết quả như sau:"
    )


def test_title_cleaning() -> None:
    o = outline_of(
        "ĐỀ CƯƠNG\n1. Công tác tuyên truyền (số buổi, số lượt người nghe, hình thức tuyên truyền...)\n"
        "2. Công tác kiểm tra: số cuộc kiểm tra, số đảng viên được kiểm tra.\n"
        "3. Kiến nghị, đề xuất (nếu có):\n4. Quốc phòng - an ninh (Công an, Quân sự)\n"
        "5. Văn hóa. Nêu rõ kết quả xây dựng gia đình văn hóa.\n"
    )
    assert [s.title for s in o.sections] == [
        "Công tác tuyên truyền", "Công tác kiểm tra", "Kiến nghị, đề xuất",
        "Quốc phòng - an ninh (Công an, Quân sự)", "Văn hóa",
    ]
    assert o.find("1").guidance == ["(số buổi, số lượt người nghe, hình thức tuyên truyền...)"]
    assert o.find("2").guidance == ["số cuộc kiểm tra, số đảng viên được kiểm tra."]
    assert o.find("3").optional and ("optional", "nếu có") in [(r.kind, r.text) for r in o.find("3").requirements]
    assert o.find("5").guidance == ["Nêu rõ kết quả xây dựng gia đình văn hóa."]


def test_ids_stay_unique_when_numbering_restarts() -> None:
    o = outline_of("ĐỀ CƯƠNG\nI. Kết quả\n1. Kinh tế\n1. Văn hóa\n")
    assert [c.id for c in o.find("I").children] == ["I.1", "I.1_2"]


def test_empty_and_prose_only_documents_give_no_sections() -> None:
    assert outline_of("Kính gửi các đồng chí.\nĐề nghị báo cáo đúng hạn.\n").sections == []


# ------------------------------------------------------------------ requirements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(số buổi, nội dung, hình thức tuyên truyền...)", [("count", "số buổi")]),
        ("tỷ lệ % hộ dân được nghe", [("rate", "tỷ lệ % hộ dân được nghe")]),
        ("Số lớp và số học viên tham gia", [("count", "Số lớp"), ("count", "số học viên tham gia")]),
        ("bao nhiêu lượt người tham gia", [("count", "bao nhiêu lượt người tham gia")]),
        ("nêu rõ số, nội dung và ngày tháng ban hành", [("document", "nêu rõ số, nội dung và ngày tháng ban hành")]),
        ("số hiệu văn bản, trích yếu", [("document", "số hiệu văn bản"), ("document", "trích yếu")]),
        ("so với cùng kỳ năm trước", [("comparison", "so với cùng kỳ năm trước")]),
        ("so sánh với thời điểm trước khi có Đề án", [("comparison", "so sánh với thời điểm trước khi có Đề án")]),
        ("các mô hình hay (nếu có)", [("optional", "nếu có"), ("list", "các mô hình hay")]),
        ("Danh mục các công trình", [("list", "Danh mục các công trình")]),
        ("đạt ...%", [("rate", "đạt ...%")]),
        ("Một số mục tiêu cụ thể", []),
        ("Thực hiện Chỉ thị số 19-CT/TU", []),
        ("đẩy mạnh chuyển đổi số trong cơ quan", []),
        ("Báo cáo tổng kết 10 năm", []),
    ],
)
def test_requirements(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.kind, r.text) for r in extract_requirements([text])] == expected


# ------------------------------------------------------------------ Biểu


def _table(rows: list[list[str]]) -> Table:
    return Table(rows=rows, locator=Locator(file="t.txt", line=1))


def test_bieu_two_row_header_with_a_merged_cell_and_roman_groups() -> None:
    t = parse_bieu("2", "Kết quả", _table([
        ["TT", "Chỉ tiêu", "Kết quả thực hiện", ""],
        ["", "", "Năm 2021", "Năm 2023"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["I", "Cấp huyện", "", ""],
        ["1", "", "", ""],
        ["II", "Cấp xã", "", ""],
        ["..", "", "", ""],
    ]))
    assert t.columns == ["TT", "Chỉ tiêu", "Kết quả thực hiện - Năm 2021", "Kết quả thực hiện - Năm 2023"]
    assert t.groups == ["Cấp huyện", "Cấp xã"]
    assert len(t.header_rows) == 3


def test_split_tt_cell_is_merged() -> None:
    assert merge_columns([["T", "Nội dung"], ["T", ""]]) == ["TT", "Nội dung"]


def test_bieu_caption_on_its_own_line_takes_the_next_line_as_title() -> None:
    o = outline_of(
        "ĐỀ CƯƠNG\nI. Kết quả\n\nBiểu 1\nDANH MỤC VĂN BẢN\nTT\tSố hiệu\tTrích yếu\n\tTỉnh ủy\t\n1\t\t\n"
    )
    assert [(t.number, t.title, t.columns, t.groups) for t in o.tables] == [
        ("1", "DANH MỤC VĂN BẢN", ["TT", "Số hiệu", "Trích yếu"], ["Tỉnh ủy"]),
    ]
    assert o.find("I").guidance == []
