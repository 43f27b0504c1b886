"""Plan parsing: the seed (no header, Party), a state plan with a tab header, a Party plan with a full
header, and a .docx whose header and signature are layout tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as DocxDocument

from assistant.outline.plan import parse_plan_file
from assistant.outline.plan_cells import cell_lines
from assistant.outline.plan_fields import org_case
from assistant.types import Deadline

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed_kehoach_19ct.txt"


def test_seed_plan() -> None:
    p = parse_plan_file(SEED)
    assert p.issuer == "Thị ủy Sa Pa"  # only in "Thị ủy Sa Pa xây dựng kế hoạch..."
    assert p.superior == "Đảng bộ tỉnh Lào Cai"  # the Party header line above a district-level body
    assert p.number is None and p.date is None and p.place is None  # not in the seed: stay None
    assert p.doc_type == "Kế hoạch"
    assert p.subject.startswith("sơ kết 05 năm thực hiện Chỉ thị số 19-CT/TU, ngày 28/9/2016")
    assert p.subject.endswith("trên địa bàn tỉnh Lào Cai”")
    assert p.implements.startswith("Kế hoạch số 33-KH/BTGTU, ngày 21/5/2021 của Ban Tuyên giáo Tỉnh ủy Lào Cai")
    assert "sau đây gọi tắt" not in p.implements
    assert [(d.date, d.who) for d in p.deadlines] == [
        ("2021-08-20", None),
        ("2021-08-10", "UBND thị xã Sa Pa"),
        ("2021-08-17", "Ban Tuyên giáo Thị ủy"),
        ("2021-08-10", "Ủy ban Mặt trận Tổ quốc, các tổ chức chính trị - xã hội thị xã"),
    ]
    assert p.deadlines[0].what == "Hoàn thành báo cáo sơ kết 5 năm thực hiện Chỉ thị 19-CT/TU"
    assert p.deadlines[2].what == "Tổng hợp, xây dựng dự thảo báo cáo, trình Thường trực Thị ủy"
    # a paragraph broken by a stray blank line ("Chỉ" / "thị, ...") is read as one
    assert p.deadlines[3].what.startswith("Xây dựng báo cáo sơ kết 5 năm thực hiện Chỉ thị 19-CT/TU")
    assert p.report_to[:3] == [
        "Thường trực Thị ủy (qua Ban Tuyên giáo Thị ủy)", "HĐND, UBND thị xã", "tuyengiaosapa@gmail.com",
    ]
    assert p.recipients[0] == "TT Thị ủy, HĐND, UBND thị xã" and p.recipients[-1] == "Lưu Văn phòng Thị ủy, BTGTU"
    assert len(p.recipients) == 6
    assert (p.signing_authority, p.signer_position, p.signer) == (
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Thào A Sinh",
    )
    assert p.period == "05 năm" and p.style == "party"


def test_state_plan_with_tab_header() -> None:
    p = parse_plan_file(ROOT / "tests" / "fixtures" / "outlines" / "kh_ubnd_chuyen_doi_so.txt")
    assert (p.issuer, p.superior) == ("Ủy ban nhân dân huyện Bảo Thắng", None)
    assert (p.number, p.place, p.date, p.style) == ("125/KH-UBND", "Bảo Thắng", "2024-03-05", "state")
    assert p.subject == "Tổng kết 03 năm thực hiện Đề án chuyển đổi số huyện Bảo Thắng giai đoạn 2021-2023"
    assert p.implements == "Công văn số 512/STTTT-CĐS ngày 20/02/2024 của Sở Thông tin và Truyền thông tỉnh Lào Cai"
    assert p.deadlines == [
        Deadline(date="2024-03-25", what="Xây dựng báo cáo tổng kết theo đề cương gửi kèm, gửi về UBND huyện",
                 who="Các xã, thị trấn, cơ quan, đơn vị"),
        Deadline(date="2024-04-05", what="Tổng hợp, xây dựng dự thảo báo cáo của UBND huyện, trình Chủ tịch UBND huyện",
                 who="Phòng Văn hóa và Thông tin"),
    ]
    assert p.report_to == ["UBND huyện (qua Phòng Văn hóa và Thông tin)"]
    assert p.recipients[-1] == "Lưu: VT"
    assert (p.signing_authority, p.signer_position, p.signer) == (
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hùng",
    )
    assert p.period == "2021-2023"


def test_party_plan_with_full_header() -> None:
    p = parse_plan_file(ROOT / "evals" / "outline" / "dang_ke_hoach_kem_de_cuong.txt")
    assert (p.superior, p.issuer, p.number) == ("Đảng bộ tỉnh Lai Châu", "Thành ủy Lai Châu", "24-KH/ThU")
    assert (p.place, p.date, p.style, p.period) == ("Lai Châu", "2021-04-27", "party", "2016-2020")
    assert p.implements.startswith("Kế hoạch số 112-KH/TU, ngày 05/4/2021 của Ban Thường vụ Tỉnh ủy Lai Châu")
    assert [d.date for d in p.deadlines] == ["2021-06-20", "2021-07-05"]
    assert (p.signer_position, p.signer) == ("BÍ THƯ", "Giàng A Tông")


def test_docx_plan_with_layout_tables(tmp_path: Path) -> None:
    doc = DocxDocument()
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ĐẢNG BỘ TỈNH LÀO CAI"
    header.cell(0, 0).add_paragraph("THỊ ỦY SA PA")
    header.cell(0, 0).add_paragraph("*")
    header.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    header.cell(1, 0).text = "Số 24-KH/ThU"
    header.cell(1, 1).text = "Sa Pa, ngày 10 tháng 6 năm 2021"
    doc.add_paragraph().add_run("KẾ HOẠCH").bold = True
    doc.add_paragraph().add_run("sơ kết 05 năm thực hiện Chỉ thị số 19-CT/TU").bold = True
    doc.add_paragraph("Thực hiện Kế hoạch số 33-KH/BTGTU, ngày 21/5/2021 của Ban Tuyên giáo Tỉnh ủy Lào Cai, "
                      "Ban Thường vụ Thị ủy xây dựng kế hoạch như sau:")
    doc.add_paragraph("Các chi bộ, đảng bộ trực thuộc gửi báo cáo về Thị ủy (qua Ban Tuyên giáo) trước ngày 10/8/2021.")
    sign = doc.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:"
    sign.cell(0, 0).add_paragraph("- Các chi bộ, đảng bộ trực thuộc,")
    sign.cell(0, 0).add_paragraph("- Lưu Văn phòng Thị ủy.")
    sign.cell(0, 1).text = "T/M BAN THƯỜNG VỤ"
    sign.cell(0, 1).add_paragraph("PHÓ BÍ THƯ THƯỜNG TRỰC")
    sign.cell(0, 1).add_paragraph("(Đã ký)")
    sign.cell(0, 1).add_paragraph("Thào A Sinh")
    path = tmp_path / "ke_hoach.docx"
    doc.save(path)

    p = parse_plan_file(path)
    assert (p.superior, p.issuer, p.number) == ("Đảng bộ tỉnh Lào Cai", "Thị ủy Sa Pa", "24-KH/ThU")
    assert (p.place, p.date, p.doc_type, p.style) == ("Sa Pa", "2021-06-10", "Kế hoạch", "party")
    assert p.subject == "sơ kết 05 năm thực hiện Chỉ thị số 19-CT/TU"
    assert p.implements == "Kế hoạch số 33-KH/BTGTU, ngày 21/5/2021 của Ban Tuyên giáo Tỉnh ủy Lào Cai"
    assert [(d.date, d.who) for d in p.deadlines] == [("2021-08-10", "Các chi bộ, đảng bộ trực thuộc")]
    assert p.report_to == ["Thị ủy (qua Ban Tuyên giáo)"]
    assert p.recipients == ["Các chi bộ, đảng bộ trực thuộc", "Lưu Văn phòng Thị ủy"]
    assert (p.signing_authority, p.signer_position, p.signer) == (
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Thào A Sinh",
    )


@pytest.mark.parametrize(
    ("caps", "expected"),
    [
        ("THỊ ỦY SA PA", "Thị ủy Sa Pa"),
        ("ĐẢNG BỘ TỈNH LÀO CAI", "Đảng bộ tỉnh Lào Cai"),
        ("ỦY BAN NHÂN DÂN HUYỆN BẢO THẮNG", "Ủy ban nhân dân huyện Bảo Thắng"),
        ("BAN TUYÊN GIÁO TỈNH ỦY LÀO CAI", "Ban Tuyên giáo Tỉnh ủy Lào Cai"),
        ("UBND TỈNH LÀO CAI", "UBND tỉnh Lào Cai"),
        ("ĐẢNG ỦY XÃ TẢ VAN", "Đảng ủy xã Tả Van"),
        ("VĂN PHÒNG THỊ ỦY", "Văn phòng Thị ủy"),
        ("Thị ủy Sa Pa", "Thị ủy Sa Pa"),
    ],
)
def test_org_case(caps: str, expected: str) -> None:
    assert org_case(caps) == expected


def test_cell_lines_split_a_space_joined_cell() -> None:
    assert cell_lines("ĐẢNG BỘ TỈNH LÀO CAI THỊ ỦY SA PA * Số 24-KH/ThU") == [
        "ĐẢNG BỘ TỈNH LÀO CAI", "THỊ ỦY SA PA", "Số 24-KH/ThU",
    ]
    motto_cell = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Bảo Thắng, ngày 05 tháng 3 năm 2024"
    assert cell_lines(motto_cell) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bảo Thắng, ngày 05 tháng 3 năm 2024",
    ]
    assert cell_lines("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Hùng") == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hùng",
    ]
    assert cell_lines("Nơi nhận: - Như trên, - Lưu VP.") == ["Nơi nhận:", "- Như trên,", "- Lưu VP."]
    assert cell_lines("ỦY BAN NHÂN DÂN HUYỆN BẢO THẮNG") == ["ỦY BAN NHÂN DÂN HUYỆN BẢO THẮNG"]
