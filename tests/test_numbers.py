"""Vietnamese figures: parsing, formatting, finding, keys, standard form and the number lock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.text.figures import (
    NumberMention,
    find_numbers,
    format_vn_number,
    parse_vn_number,
    standardize_numbers,
    unsupported_numbers,
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.raw, m.kind) for m in find_numbers(text)]


def keys(text: str) -> list[str]:
    return [m.key for m in find_numbers(text)]


# ------------------------------------------------------------------ parse_vn_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.250", "1250"),
        ("1250", "1250"),
        ("1 250", "1250"),
        ("1\u00a0250", "1250"),
        ("12.500", "12500"),
        ("1.250.000", "1250000"),
        ("95,5", "95.5"),
        ("95,50", "95.5"),
        ("69.6", "69.6"),
        ("1.25", "1.25"),
        ("0,5", "0.5"),
        ("0.250", "0.25"),  # a leading 0 group is never thousands
        ("05", "5"),
        ("1,250,000", "1250000"),  # English thousands
        ("1,250", "1.25"),  # one comma is the Vietnamese decimal comma
        ("1.250,5", "1250.5"),
        ("1,250.5", "1250.5"),
        ("12,500.75", "12500.75"),
        ("95,5%", "95.5"),
        ("-3,5", "-3.5"),
    ],
)
def test_parse_vn_number(raw: str, expected: str) -> None:
    assert parse_vn_number(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["", "abc", "1.2.3", "0214.3871.234", "1.250,5,5", "1,25.000,5", "12a"])
def test_parse_vn_number_rejects(raw: str) -> None:
    assert parse_vn_number(raw) is None


# ------------------------------------------------------------------ format_vn_number


@pytest.mark.parametrize(
    ("value", "decimals", "year_like", "expected"),
    [
        (1250, None, False, "1.250"),
        (Decimal("1250"), None, False, "1.250"),
        (1250000, None, False, "1.250.000"),
        (999, None, False, "999"),
        (95.5, None, False, "95,5"),
        (Decimal("95.50"), None, False, "95,50"),
        (Decimal("87.5"), 1, False, "87,5"),
        (87.456, 2, False, "87,46"),
        (Decimal("0.125"), 2, False, "0,13"),  # half up
        (Decimal("12500.75"), None, False, "12.500,75"),
        (2021, None, True, "2021"),
        (2021, None, False, "2.021"),
        (2500, None, True, "2.500"),  # not a plausible year
        (-1250, None, False, "-1.250"),
        (Decimal("1E+3"), None, False, "1.000"),
        (0, None, False, "0"),
    ],
)
def test_format_vn_number(value, decimals, year_like, expected) -> None:
    assert format_vn_number(value, decimals, year_like=year_like) == expected


# ------------------------------------------------------------------ find_numbers: kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổ chức 12 buổi với 1.250 lượt người", [("12", "number"), ("1.250", "number")]),
        ("đạt 95,5%", [("95,5%", "percent")]),
        ("Tỷ lệ 69.6 % hộ dân", [("69.6 %", "percent")]),
        ("ngày 27/4/2021", [("27/4/2021", "date")]),
        ("ngày 27/04/2021", [("27/04/2021", "date")]),
        ("ngày 27-4-2021", [("27-4-2021", "date")]),
        ("hạn 2021-04-27", [("2021-04-27", "date")]),
        ("tháng 4/2021", [("4/2021", "date")]),
        ("Lai Châu, ngày 27 tháng 4 năm 2021", [("ngày 27 tháng 4 năm 2021", "date")]),
        ("Ngày 05 tháng 01 năm 2022", [("Ngày 05 tháng 01 năm 2022", "date")]),
        ("trong tháng 6 năm 2021", [("tháng 6 năm 2021", "date")]),
        ("trước ngày 20/6", [("20/6", "date")]),
        ("Kế hoạch số 24-KH/ThU", [("24-KH/ThU", "docnumber")]),
        ("Công văn số 3619/BKHĐT-TCTT ngày 30/5/2018", [("3619/BKHĐT-TCTT", "docnumber"), ("30/5/2018", "date")]),
        ("Chỉ thị số 19-CT/TU, ngày 28/9/2016", [("19-CT/TU", "docnumber"), ("28/9/2016", "date")]),
        ("Nghị định số 30/2020/NĐ-CP", [("30/2020/NĐ-CP", "docnumber")]),
        ("Kế hoạch số 33-KH/BTGTU", [("33-KH/BTGTU", "docnumber")]),
        ("Số: 12/BC-UBND", [("12/BC-UBND", "docnumber")]),
        ("Luật số 80/2015/QH13", [("80/2015/QH13", "docnumber")]),
        ("đạt 14/16 xã", [("14/16", "ratio")]),
        ("8.793/6.500 đảng viên", [("8.793/6.500", "ratio")]),
        ("đạt và vượt 18/29 chỉ tiêu", [("18/29", "ratio")]),
        ("năm 2021", [("2021", "year")]),
        ("giai đoạn 2016-2021", [("2016", "year"), ("2021", "year")]),
        ("giai đoạn 2021 – 2025", [("2021", "year"), ("2025", "year")]),
        ("Quý II/2021", [("2021", "year")]),
        ("có 2000 người tham gia", [("2000", "number")]),
        ("đạt 1500 lượt", [("1500", "number")]),
        ("sau 05 năm", [("05", "number")]),
        ("kinh phí 1,5 tỷ đồng", [("1,5", "number")]),
        ("diện tích 10ha", [("10", "number")]),
    ],
)
def test_find_numbers_kinds(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "theo tài liệu [3] và [1, 2]",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Mục đích",
        "1.2. Công tác tuyên truyền",
        "1.1 Mục đích, yêu cầu",
        "2) Kết quả",
        "1- Công tác lãnh đạo",
        "### **1. Mục đích**",
        "cách mạng công nghiệp 4.0",
        "phòng chống dịch COVID-19 và các ca F0",
        "mạng 5G, họp lúc 14h30",
        "Điện thoại: 0214.3871.234",
        "liên hệ 0912 345 678 hoặc 0912345678",
        "email: tuyengiao2021@gmail.com",
        "xem https://laocai.gov.vn/2021/05/bao-cao-123",
        "lần thứ hai, thứ nhất",
    ],
)
def test_find_numbers_ignores_non_figures(text: str) -> None:
    assert find_numbers(text) == []


def test_label_at_line_start_is_skipped_but_figures_after_it_are_found() -> None:
    text = "1. Tổ chức 1.250 lượt\n1.250 lượt người tham dự\n  a) đạt 95,5%"
    assert kinds(text) == [("1.250", "number"), ("1.250", "number"), ("95,5%", "percent")]


def test_offsets_point_into_the_text() -> None:
    text = "Đã tổ chức 12 buổi, 1.250 lượt người (đạt 95,5%), ngày 27/4/2021."
    for m in find_numbers(text):
        assert isinstance(m, NumberMention)
        assert text[m.start : m.end] == m.raw


def test_mention_is_frozen() -> None:
    m = find_numbers("1.250")[0]
    with pytest.raises(AttributeError):
        m.raw = "x"  # type: ignore[misc]


# ------------------------------------------------------------------ keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1.250 người", "1250 người"),
        ("1.250 người", "1 250 người"),
        ("1.250.000 đồng", "1,250,000 đồng"),
        ("sau 05 năm", "sau 5 năm"),
        ("đạt 95,5%", "đạt 95.5%"),
        ("đạt 95,5%", "đạt 95,50 %"),
        ("ngày 27/4/2021", "ngày 27/04/2021"),
        ("ngày 27/4/2021", "ngày 27 tháng 4 năm 2021"),
        ("ngày 27/4/2021", "ngày 27-04-2021"),
        ("tháng 4/2021", "tháng 4 năm 2021"),
        ("Kế hoạch 24-KH/ThU", "Kế hoạch 24-kh/thu"),
        ("Nghị định 30/2020/NĐ-CP", "Nghị định 30/2020/nđ-cp"),
        ("14/16 xã", "14 / 16 xã"),
    ],
)
def test_equal_figures_have_equal_keys(a: str, b: str) -> None:
    assert keys(a) == keys(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1.250 người", "1,250 người"),  # 1250 vs 1,25
        ("đạt 95,5%", "đạt 95,5 điểm"),  # percent vs number
        ("ngày 27/4/2021", "ngày 4/27/2021"),
        ("14/16 xã", "16/14 xã"),
        ("24-KH/ThU", "24-KH/TU"),
    ],
)
def test_different_figures_have_different_keys(a: str, b: str) -> None:
    assert keys(a) != keys(b)


def test_key_formats() -> None:
    text = "1.250 người, 95,5%, ngày 27/4/2021, tháng 4/2021, ngày 5/6, năm 2021, 14/16, Số 24-KH/ThU"
    assert keys(text) == [
        "n:1250",
        "p:95.5",
        "d:2021-04-27",
        "d:2021-04",
        "d:--06-05",
        "y:2021",
        "r:14/16",
        "doc:24-kh/thu",
    ]


# ------------------------------------------------------------------ standardize_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đạt 69.6%", "đạt 69,6%"),
        ("đạt 69.6 %", "đạt 69,6%"),
        ("1250 lượt người", "1.250 lượt người"),
        ("12500 người", "12.500 người"),
        ("1 250 hộ", "1.250 hộ"),
        ("1,250,000 đồng", "1.250.000 đồng"),
        ("1,250.5 triệu", "1.250,5 triệu"),
        ("3.5 tỷ đồng", "3,5 tỷ đồng"),
        ("đạt 95,50%", "đạt 95,50%"),
        ("8793/6500 đảng viên", "8.793/6.500 đảng viên"),
        ("có 2000 người", "có 2.000 người"),
        # left exactly as written
        ("1.250 lượt người, đạt 95,5%", "1.250 lượt người, đạt 95,5%"),
        ("sau 05 năm thực hiện", "sau 05 năm thực hiện"),
        ("năm 2021", "năm 2021"),
        ("giai đoạn 2016-2021", "giai đoạn 2016-2021"),
        ("giai đoạn 2021-2025", "giai đoạn 2021-2025"),
        ("ngày 27/04/2021", "ngày 27/04/2021"),
        ("Lai Châu, ngày 27 tháng 4 năm 2021", "Lai Châu, ngày 27 tháng 4 năm 2021"),
        ("Kế hoạch số 24-KH/ThU, ngày 27/4/2021", "Kế hoạch số 24-KH/ThU, ngày 27/4/2021"),
        ("Công văn số 3619/BKHĐT-TCTT", "Công văn số 3619/BKHĐT-TCTT"),
        ("Nghị định 30/2020/NĐ-CP", "Nghị định 30/2020/NĐ-CP"),
        ("đạt 14/16 (đạt 87,5%)", "đạt 14/16 (đạt 87,5%)"),
        ("ĐT: 0214.3871.234; email tuyengiao@gmail.com", "ĐT: 0214.3871.234; email tuyengiao@gmail.com"),
        ("cách mạng công nghiệp 4.0", "cách mạng công nghiệp 4.0"),
        ("theo [12] và [1, 2]", "theo [12] và [1, 2]"),
        ("1.2. Công tác tuyên truyền\n2) Kết quả", "1.2. Công tác tuyên truyền\n2) Kết quả"),
        ("Quý II/2021", "Quý II/2021"),
        ("COVID-19", "COVID-19"),
    ],
)
def test_standardize_numbers(text: str, expected: str) -> None:
    assert standardize_numbers(text) == expected


def test_standardize_is_idempotent() -> None:
    text = "Tổ chức 1250 lượt (69.6 %), 8793/6500 đảng viên, giai đoạn 2016-2021, Số 24-KH/ThU."
    once = standardize_numbers(text)
    assert standardize_numbers(once) == once


# ------------------------------------------------------------------ unsupported_numbers (the number lock)


@pytest.mark.parametrize(
    ("text", "sources", "unsupported"),
    [
        ("Tổ chức 12 buổi cho 1.250 lượt người.", ["- 12 buổi, 1250 lượt người"], []),
        ("Đạt 95,5% hộ dân.", ["tỷ lệ 95.5 % hộ dân"], []),
        ("Đạt 96% hộ dân.", ["tỷ lệ 95.5 % hộ dân"], ["96%"]),
        ("Tổ chức 15 buổi.", ["12 buổi"], ["15"]),
        ("Ngày 27/4/2021 ban hành.", ["ngày 27 tháng 4 năm 2021"], []),
        ("Trong tháng 4/2021 đã triển khai.", ["ngày 27/4/2021 ban hành"], []),
        ("Trong năm 2021 đã triển khai.", ["ngày 27/4/2021 ban hành"], []),
        ("Giai đoạn 2016-2021 đạt kết quả.", ["sơ kết 2016 - 2021"], []),
        ("Năm 2022 sẽ tiếp tục.", ["sơ kết 2016 - 2021"], ["2022"]),
        ("Theo Kế hoạch số 24-kh/thu.", ["Kế hoạch số 24-KH/ThU"], []),
        ("Theo Kế hoạch số 25-KH/ThU.", ["Kế hoạch số 24-KH/ThU"], ["25-KH/ThU"]),
        ("Thực hiện Chỉ thị 19 của Tỉnh ủy.", ["Chỉ thị số 19-CT/TU"], []),
        ("Có 14/16 xã đạt chuẩn.", ["14/16 xã"], []),
        ("Có 14/16 xã đạt chuẩn.", ["14 xã đạt chuẩn trên tổng số 16 xã"], []),
        ("Có 14/16 xã đạt chuẩn.", ["14 xã đạt chuẩn", "tổng số 16 xã"], ["14/16"]),
        ("Có 14 xã đạt chuẩn.", ["đạt 14/16 xã"], []),
        ("Đạt 14/16 (87,5%).", ["đạt 14/16 xã"], ["87,5%"]),
        ("Sau 5 năm thực hiện.", ["sau 05 năm"], []),
        ("Lần thứ 2 tổ chức hội nghị.", ["không có số"], []),
        ("Lần thứ hai tổ chức hội nghị.", [], []),
        ("Tổ chức 3 hội nghị [1].", ["3 hội nghị"], []),
        ("Đạt 2000 người.", ["có 2000 người"], []),
        ("Số 1.250 lượt người.", [], ["1.250"]),
    ],
)
def test_unsupported_numbers(text: str, sources: list[str], unsupported: list[str]) -> None:
    assert [m.raw for m in unsupported_numbers(text, sources)] == unsupported


def test_unsupported_numbers_accepts_any_iterable_and_decomposed_text() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Ngày 27 tháng 4 năm 2021, 1.250 lượt người")
    sources = (s for s in ["ngày 27/4/2021", "1250 lượt"])
    assert unsupported_numbers(text, sources) == []
