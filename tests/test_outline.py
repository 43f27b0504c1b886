"""Outline parsing on the seed (plan + đề cương in one file) and on đề cương in every numbering ladder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.outline.parser import parse_outline_file
from assistant.types import Outline

OUTLINES = Path(__file__).parent / "fixtures" / "outlines"


def shape(outline: Outline) -> list:
    """[(number, title, [children...])] — the tree without guidance."""

    def one(s):
        return (s.number, s.title, [one(c) for c in s.children])

    return [one(s) for s in outline.sections]


@pytest.fixture(scope="module")
def seed() -> Outline:
    return parse_outline_file(Path(__file__).parent / "fixtures" / "seed_kehoach_19ct.txt")


def test_seed_only_the_de_cuong_part_is_parsed(seed: Outline) -> None:
    titles = [s.title for s in seed.walk()]
    assert "MỤC ĐÍCH, YÊU CẦU" not in titles and "UBND thị xã Sa Pa" not in titles  # the plan's own headings
    assert seed.title.startswith("ĐỀ CƯƠNG sơ kết 05 năm thực hiện Chỉ thị số 19-CT/TU")
    assert seed.title.endswith("trên địa bàn tỉnh Lào Cai”")
    assert seed.intro is None


def test_seed_exact_tree(seed: Outline) -> None:
    assert [(s.id, [c.id for c in s.children]) for s in seed.sections] == [
        ("I", ["I.1", "I.2"]),
        ("II", ["II.1", "II.2", "II.3", "II.4"]),
        ("III", ["III.1", "III.2", "III.3"]),
        ("IV", ["IV.1", "IV.2", "IV.3", "IV.4"]),
    ]
    assert [s.title for s in seed.sections] == [
        "Công tác lãnh đạo, chỉ đạo thực hiện Chỉ thị 19-CT/TU",
        "Kết quả thực hiện Chỉ thị 19-CT/TU",
        "Đánh giá việc thực hiện Chỉ thị Chỉ thị 19-CT/TU",
        "Nhiệm vụ, mục tiêu và giải pháp thực hiện trong thời gian tới",
    ]
    # plain-text numbered lines under III and IV are sub-sections
    assert [c.title for c in seed.find("III").children] == [
        "Ưu điểm, nguyên nhân", "Khuyết điểm, hạn chế; nguyên nhân", "Bài học kinh nghiệm",
    ]
    assert seed.find("IV.2").title == "Một số mục tiêu cụ thể đến năm 2025"
    # "**4. ...**" (bold, not a markdown heading) is still II.4
    assert seed.find("II.4").title.startswith("Tham mưu bổ sung, sửa đổi cơ chế, chính sách")
    assert all(s.level == 0 for s in seed.sections) and all(c.level == 1 for s in seed.sections for c in s.children)
    assert [s.id for s in seed.leaves()][:3] == ["I.1", "I.2", "II.1"]
    assert seed.find("II.1").locator.file == "seed_kehoach_19ct.txt" and seed.find("II.1").locator.line


def test_seed_guidance_and_requirements(seed: Outline) -> None:
    ii1 = seed.find("II.1")
    assert ii1.number == "1." and ii1.title == "Công tác tuyên truyền"
    assert len(ii1.guidance) == 1 and ii1.guidance[0].startswith("Phần này phản ánh công tác tuyên truyền")
    assert ("count", "số buổi") in [(r.kind, r.text) for r in ii1.requirements]
    # bullets under II.2 and II.3 are instructions, not sub-sections
    assert seed.find("II.2").children == [] and len(seed.find("II.2").guidance) == 2
    assert seed.find("II.2").guidance[0] == (
        "- Tạo điều kiện thuận lợi cho đội ngũ trí thức, doanh nhân đổi mới sáng tạo, cống hiến."
    )
    assert seed.find("II.3").children == [] and len(seed.find("II.3").guidance) == 4
    assert "list" in {r.kind for r in seed.find("II.3").requirements}
    assert "document" in {r.kind for r in seed.find("I.2").requirements}
    assert seed.find("III.1").guidance == [] and seed.find("III.1").requirements == []


def test_seed_bieu_tables(seed: Outline) -> None:
    assert [(t.number, t.title[:30]) for t in seed.tables] == [
        ("1", "Danh mục văn bản (nghị quyết, "),
        ("2", "Những mô hình, cách làm hay tr"),
        ("3", "Những công trình khoa học, sán"),
    ]
    b1, b2, b3 = seed.tables
    assert b1.columns == ["TT", "Số hiệu văn bản", "Tên văn bản (trích yếu)", "Ngày phát hành"]
    assert len(b1.header_rows) == 2  # the stray "T" row of a split "TT" cell is header, not data
    assert b1.groups == ["Tỉnh ủy", "HDND tỉnh", "UBND tỉnh", "Liên hiệp các HKHKT", "Sở, ngành liên quan"]
    assert b2.columns == [
        "STT", "Mô hình", "Nội dung", "Cá nhân/ tập thể chủ trì thực hiện", "Tóm tắt những kết quả đã đạt được",
    ]
    assert b2.groups == [] and b3.groups == []
    assert b3.columns[-1] == "Cấp có thẩm quyền ghi nhận (Văn bản công nhận, ghi nhận)"


def test_phan_thu_nhat_ladder() -> None:
    o = parse_outline_file(OUTLINES / "phan_thu_nhat.txt")
    assert o.title.startswith("ĐỀ CƯƠNG BÁO CÁO TỔNG KẾT 10 NĂM THỰC HIỆN NGHỊ QUYẾT SỐ 26-NQ/TW")
    assert "Kèm theo" not in o.title
    assert o.intro == (
        "Thực hiện Kế hoạch số 52-KH/HU, ngày 15/3/2018 của Huyện ủy Bảo Thắng, Đảng ủy xã ............ "
        "báo cáo kết quả như sau:"
    )
    assert [(s.id, s.number, s.title) for s in o.sections] == [
        ("P1", "PHẦN THỨ NHẤT", "KẾT QUẢ 10 NĂM THỰC HIỆN NGHỊ QUYẾT"),
        ("P2", "PHẦN THỨ HAI", "PHƯƠNG HƯỚNG, NHIỆM VỤ ĐẾN NĂM 2025"),
    ]
    assert [c.id for c in o.find("P1").children] == ["P1.I", "P1.II", "P1.III", "P1.IV"]
    assert [c.id for c in o.find("P1.III.1").children] == ["P1.III.1.a", "P1.III.1.b", "P1.III.1.c"]
    assert [c.title for c in o.find("P1.IV.3").children] == ["Nguyên nhân khách quan", "Nguyên nhân chủ quan"]
    assert o.find("P1.III.1.a").level == 3
    assert len(o.find("P1.III.1.a").guidance) == 2  # "- Diện tích, ...; so sánh ..." bullets are guidance
    assert len(o.find("P1.III.2.b").guidance) == 2 and o.find("P1.III.2.b").children == []  # "+" guidance
    ii2 = o.find("P1.II.2")
    assert ii2.title == "Công tác cụ thể hóa Nghị quyết"
    assert ii2.guidance == ["(nêu rõ số, nội dung và ngày tháng ban hành các văn bản)"]
    ii3 = o.find("P1.II.3")
    assert ii3.title == "Công tác kiểm tra, giám sát"
    assert ("count", "số cuộc kiểm tra") in [(r.kind, r.text) for r in ii3.requirements]
    p2iii = o.find("P2.III")
    assert p2iii.title == "ĐỀ XUẤT, KIẾN NGHỊ" and p2iii.optional


def test_older_party_hyphen_ladder() -> None:
    o = parse_outline_file(OUTLINES / "dang_gach_ngang.txt")
    assert o.title.startswith("BÁO CÁO KIỂM ĐIỂM GIỮA NHIỆM KỲ")
    assert shape(o)[1:] == [
        ("B-", "NHIỆM VỤ, GIẢI PHÁP NỬA CUỐI NHIỆM KỲ", [("I -", "Mục tiêu, chỉ tiêu", []),
                                                       ("II -", "Nhiệm vụ, giải pháp", [])]),
        ("C-", "ĐỀ XUẤT, KIẾN NGHỊ", []),
    ]
    a = o.find("A")
    assert [c.id for c in a.children] == ["A.I", "A.II", "A.III"]
    assert [c.number for c in o.find("A.I").children] == ["1-", "2-", "3-"]
    assert [(c.id, c.number) for c in o.find("A.I.1").children] == [("A.I.1.1", "1.1-"), ("A.I.1.2", "1.2-")]
    assert o.find("A.I.1.2").title == "Công tác nắm bắt tình hình tư tưởng, dư luận xã hội"  # final '.' dropped
    kinds = {r.kind for r in o.find("A.I.1.1").requirements}
    assert {"count", "rate"} <= kinds
    assert o.find("A.I.2.2").guidance == ["(số đảng viên kết nạp mới so với chỉ tiêu Nghị quyết đề ra)"]
    assert {r.kind for r in o.find("A.I.2.2").requirements} == {"count", "comparison"}
    assert o.find("A.I.3").children == [] and len(o.find("A.I.3").guidance) == 2


def test_markdown_headings_without_numbers() -> None:
    o = parse_outline_file(OUTLINES / "markdown_tieu_de.md")
    assert o.title == "Đề cương báo cáo sơ kết 6 tháng đầu năm 2024 Công tác tuyên giáo của Đảng ủy xã Tả Van"
    assert [(s.id, s.number, s.title) for s in o.sections] == [
        ("1", "", "Đặc điểm tình hình"),
        ("2", "", "Kết quả thực hiện nhiệm vụ"),
        ("3", "", "Đánh giá chung"),
        ("4", "", "Phương hướng, nhiệm vụ 6 tháng cuối năm"),
        ("5", "", "Đề xuất, kiến nghị"),
    ]
    assert o.find("5").optional
    assert [c.title for c in o.find("2").children] == [
        "Công tác tuyên truyền", "Công tác giáo dục lý luận chính trị", "Công tác nắm bắt dư luận xã hội",
    ]
    # **bold** lines under a ### heading are one level deeper
    assert [c.title for c in o.find("2.2").children] == [
        "Học tập, quán triệt nghị quyết", "Bồi dưỡng lý luận chính trị cho đảng viên mới",
    ]
    reqs = [(r.kind, r.text) for r in o.find("2.1").requirements]
    assert ("rate", "tỷ lệ % hộ dân được nghe thông tin qua hệ thống") in reqs or any(
        k == "rate" and t.startswith("tỷ lệ % hộ dân được nghe") for k, t in reqs
    )
    assert o.find("2.1").children == []  # "- Nêu rõ số buổi..." bullets are guidance
    # short noun-phrase bullets that are the whole content of a heading are sub-sections
    assert [(c.id, c.number, c.title) for c in o.find("3").children] == [
        ("3.1", "-", "Ưu điểm"), ("3.2", "-", "Hạn chế, khuyết điểm"),
        ("3.3", "-", "Nguyên nhân của hạn chế"), ("3.4", "-", "Bài học kinh nghiệm"),
    ]


def test_tab_indented_outline() -> None:
    o = parse_outline_file(OUTLINES / "tab_thut_dong.txt")
    assert o.title.startswith("ĐỀ CƯƠNG BÁO CÁO Kết quả 03 năm thực hiện Chỉ thị số 05-CT/TW")
    assert [(s.id, [c.id for c in s.children]) for s in o.sections] == [
        ("I", ["I.1", "I.2"]), ("II", ["II.1", "II.2"]), ("III", ["III.1", "III.2"]), ("IV", []),
    ]
    assert [c.number for c in o.find("II.1").children] == ["a)", "b)"]
    assert o.find("I.1").guidance == ["Nêu rõ số, nội dung và ngày tháng ban hành các văn bản."]
    assert o.find("I.2").guidance == [
        "- Số buổi, số lượt cán bộ, đảng viên tham gia.", "- Tỷ lệ đảng viên xây dựng kế hoạch làm theo.",
    ]
    assert {r.kind for r in o.find("II.1.b").requirements} == {"list"}


def test_state_plan_with_de_cuong_goi_y() -> None:
    o = parse_outline_file(OUTLINES / "kh_ubnd_chuyen_doi_so.txt")
    assert o.title == (
        "ĐỀ CƯƠNG GỢI Ý Báo cáo tổng kết 03 năm thực hiện Đề án chuyển đổi số giai đoạn 2021-2023"
    )
    assert [s.id for s in o.sections] == ["I", "II", "III", "IV"]  # not the plan's I./II./III.
    assert [c.id for c in o.find("I.1").children] == ["I.1.1", "I.1.2"]
    assert [c.number for c in o.find("I.1").children] == ["1.1.", "1.2."]
    assert [c.id for c in o.find("I.2.1").children] == ["I.2.1.a", "I.2.1.b"]
    assert o.find("I.2.2").title == "Kinh tế số"
    assert {r.kind for r in o.find("I.1.1").requirements} == {"document"}
    assert {r.kind for r in o.find("I.3").requirements} >= {"count", "optional"}
    assert not o.find("I.3").optional  # "(nếu có)" about one figure does not make the section optional
