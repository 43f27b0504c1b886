"""Header values: precedence (overrides > settings > plan), dotted blanks, date, number and recipients lines."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.export.header import (
    date_line,
    header_from,
    number_line,
    parse_date,
    place_of,
    recipient_lines,
    report_number_from,
    subject_of,
)
from assistant.export.layout import BLANK, LAYOUTS
from assistant.types import Outline, PlanInfo, UserError

PARTY, STATE = LAYOUTS["party"], LAYOUTS["state"]
PLAN = PlanInfo(
    issuer="Thị ủy Sa Pa", superior="Đảng bộ tỉnh Lào Cai", number="52-KH/ThU", place="Sa Pa",
    report_to=["Ban Tuyên giáo Tỉnh ủy"], signer="Thào A Sinh", signer_position="Phó Bí thư Thường trực",
    signing_authority="T/M BAN THƯỜNG VỤ",
)


@pytest.mark.parametrize("day,layout,expected", [
    (dt.date(2021, 4, 27), PARTY, "Sa Pa, ngày 27 tháng 4 năm 2021"),
    (dt.date(2021, 2, 5), PARTY, "Sa Pa, ngày 5 tháng 2 năm 2021"),
    (dt.date(2021, 4, 27), STATE, "Sa Pa, ngày 27 tháng 4 năm 2021"),
    (dt.date(2021, 2, 5), STATE, "Sa Pa, ngày 05 tháng 02 năm 2021"),
    (dt.date(2021, 1, 15), STATE, "Sa Pa, ngày 15 tháng 01 năm 2021"),
    (dt.date(2021, 11, 9), STATE, "Sa Pa, ngày 09 tháng 11 năm 2021"),
    (dt.date(2021, 3, 1), STATE, "Sa Pa, ngày 01 tháng 3 năm 2021"),
    (None, STATE, f"Sa Pa, ngày {BLANK} tháng {BLANK} năm {BLANK}"),
])
def test_date_line(day, layout, expected):
    assert date_line("Sa Pa", day, layout) == expected


@pytest.mark.parametrize("text,expected", [
    ("27/4/2021", dt.date(2021, 4, 27)), ("05-02-2021", dt.date(2021, 2, 5)), ("2021-04-27", dt.date(2021, 4, 27)),
    ("1.3.2022", dt.date(2022, 3, 1)), ("", None), (None, None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("bad", ["31/2/2021", "hôm nay", "2021/13/01"])
def test_parse_date_rejects_with_a_clear_message(bad):
    with pytest.raises(UserError, match="ngày/tháng/năm"):
        parse_date(bad)


@pytest.mark.parametrize("number,layout,expected", [
    ("45-BC/ThU", PARTY, "Số 45-BC/ThU"), ("Số 45-BC/ThU", PARTY, "Số 45-BC/ThU"), ("Số: 45-BC/ThU", PARTY, "Số 45-BC/ThU"),
    ("12/BC-UBND", STATE, "Số: 12/BC-UBND"), ("số 12/BC-UBND", STATE, "Số: 12/BC-UBND"), (BLANK, STATE, f"Số: {BLANK}"),
])
def test_number_line(number, layout, expected):
    assert number_line(number, layout) == expected


@pytest.mark.parametrize("plan_number,expected", [
    ("24-KH/ThU", f"{BLANK}-BC/ThU"), ("Số 33-KH/BTGTU", f"{BLANK}-BC/BTGTU"), ("12/KH-UBND", f"{BLANK}/BC-UBND"),
    ("Số: 128/KH-UBND", f"{BLANK}/BC-UBND"), (None, BLANK), ("kế hoạch", BLANK),
])
def test_report_number_from_the_plans_ky_hieu(plan_number, expected):
    assert report_number_from(plan_number) == expected


def test_recipient_lines_per_style():
    assert recipient_lines(["- Ban Tuyên giáo Tỉnh ủy,", "Thường trực Thị ủy"], "Thị ủy Sa Pa", PARTY) == [
        "- Ban Tuyên giáo Tỉnh ủy,", "- Thường trực Thị ủy,", "- Lưu Văn phòng Thị ủy Sa Pa."]
    assert recipient_lines(["Sở Nội vụ;", "Lưu: VT, NV."], "UBND huyện", STATE) == ["- Sở Nội vụ;", "- Lưu: VT, NV."]
    assert recipient_lines([], BLANK, STATE) == [f"- {BLANK};", "- Lưu: VT."]


def test_header_from_the_plan_when_the_report_is_by_the_plans_issuer():
    h = header_from(PLAN)
    assert (h.issuer, h.superior, h.number, h.place) == ("Thị ủy Sa Pa", "Đảng bộ tỉnh Lào Cai", f"{BLANK}-BC/ThU", "Sa Pa")
    assert (h.signer, h.signer_position, h.signing_authority) == ("Thào A Sinh", "Phó Bí thư Thường trực", "T/M BAN THƯỜNG VỤ")
    assert h.recipients == [] and h.date is None and h.subject is None  # own report: not sent to itself


def test_header_for_another_unit_does_not_borrow_the_plan_issuers_identity():
    h = header_from(PLAN, None, issuer="Phòng Nội vụ thị xã Sa Pa")
    assert (h.superior, h.number, h.signer, h.signer_position, h.signing_authority) == (BLANK, BLANK, BLANK, BLANK, None)
    assert h.place == "Sa Pa" and h.recipients == ["Ban Tuyên giáo Tỉnh ủy"]  # same locality, report goes to the plan's body
    assert header_from(PLAN, None, issuer="thị uỷ  sa pa").signer == "Thào A Sinh"  # same body, other spelling


def test_overrides_beat_settings_beat_plan(settings):
    s = settings.model_copy(update={"issuer": "Thị ủy Sa Pa", "superior": "Tỉnh ủy Lào Cai", "place": "TX Sa Pa",
                                    "signer": "Nguyễn Văn B", "signer_position": "Bí thư"})
    h = header_from(PLAN, s, place="Sa Pa", date="20/8/2021", number="45-BC/ThU", recipients=["A", "B"], signer=None)
    assert (h.superior, h.place, h.signer, h.signer_position) == ("Tỉnh ủy Lào Cai", "Sa Pa", "Nguyễn Văn B", "Bí thư")
    assert (h.date, h.number, h.recipients) == (dt.date(2021, 8, 20), "45-BC/ThU", ["A", "B"])


def test_header_from_nothing_is_all_blanks():
    h = header_from(None)
    assert {h.issuer, h.superior, h.number, h.place, h.signer, h.signer_position} == {BLANK}
    with pytest.raises(TypeError):
        header_from(None, None, signr="x")


@pytest.mark.parametrize("issuer,layout,expected", [
    ("Thị ủy Sa Pa", PARTY, "T/M BAN THƯỜNG VỤ"), ("Huyện uỷ Bát Xát", PARTY, "T/M BAN THƯỜNG VỤ"),
    ("Đảng ủy xã Tả Van", PARTY, "T/M ĐẢNG ỦY"), ("Chi bộ Trường THPT số 1", PARTY, "T/M CHI BỘ"),
    ("UBND thị xã Sa Pa", STATE, "TM. ỦY BAN NHÂN DÂN"), ("Ủy ban nhân dân xã Tả Van", STATE, "TM. ỦY BAN NHÂN DÂN"),
    ("Phòng Nội vụ", STATE, ""), ("Ban Tuyên giáo Thị ủy", PARTY, ""), (BLANK, STATE, f"TM. {BLANK}"), (BLANK, PARTY, f"T/M {BLANK}"),
])
def test_default_signing_authority(issuer, layout, expected):
    assert layout.default_authority(issuer) == expected


@pytest.mark.parametrize("title,plan_subject,expected", [
    ("ĐỀ CƯƠNG sơ kết 05 năm thực hiện Chỉ thị 19", None, "Sơ kết 05 năm thực hiện Chỉ thị 19"),
    ("ĐỀ CƯƠNG BÁO CÁO\ntổng kết Đề án 241", None, "Tổng kết Đề án 241"),
    ("Đề cương gợi ý: sơ kết", None, "Sơ kết"),
    ("", "tổng kết 10 năm", "Tổng kết 10 năm"),
    ("ĐỀ CƯƠNG", None, BLANK),
])
def test_subject_from_outline_title_or_plan(title, plan_subject, expected):
    assert subject_of(Outline(title=title), PlanInfo(subject=plan_subject)) == expected


def test_superior_dash_means_none(settings):
    assert header_from(PLAN, None, superior="-").superior == ""
    assert header_from(PLAN, settings.model_copy(update={"superior": "-"})).superior == ""


@pytest.mark.parametrize("issuer,place", [
    ("Thị ủy Sa Pa", "Sa Pa"), ("UBND xã Tả Van", "Tả Van"), ("Ủy ban nhân dân thị xã Sa Pa", "Sa Pa"),
    ("Huyện uỷ Bát Xát", "Bát Xát"), ("Đảng ủy phường Cầu Mây", "Cầu Mây"), ("Phòng Nội vụ", None), (BLANK, None),
])
def test_place_of_a_local_body(issuer, place):
    assert place_of(issuer) == place


def test_recipients_by_who_reports():
    plan = PLAN.model_copy(update={
        "implements": "Kế hoạch số 33-KH/BTGTU, ngày 21/5/2021 của Ban Tuyên giáo Tỉnh ủy Lào Cai về sơ kết 05 năm",
        "report_to": ["Thường trực Thị ủy (qua Ban Tuyên giáo Thị ủy)", "tuyengiaosapa@gmail.com"], "place": None})
    own = header_from(plan)
    assert own.recipients == ["Ban Tuyên giáo Tỉnh ủy Lào Cai"] and own.place == "Sa Pa"
    unit = header_from(plan, None, issuer="UBND xã Tả Van")
    assert unit.recipients == ["Thường trực Thị ủy (qua Ban Tuyên giáo Thị ủy)"] and unit.place == "Tả Van"
