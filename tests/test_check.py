"""The checker: one test per finding kind, the severity table, and the documented edge rules."""

from __future__ import annotations

import pytest
from check_helpers import HEADINGS, TEXTS, notes, outline, report_md, write

from assistant.checking.checker import OPTIONAL_SEVERITY, SEVERITY, check_draft, check_report
from assistant.rules.requirements_met import unmet_requirements
from assistant.types import Draft, Locator, SectionDraft, Source


def pairs(result) -> set[tuple[str | None, str]]:
    return {(f.section, f.kind) for f in result.findings}


def check_md(tmp_path, text, with_notes=True):
    return check_report(write(tmp_path, text), outline(), notes() if with_notes else None)


def test_complete_report_checks_clean(tmp_path):
    result = check_md(tmp_path, report_md())
    assert result.findings == []
    assert not result.has_errors
    assert result.summary["sections"] == result.summary["sections_present"] == 8
    assert result.summary["errors"] == 0


def test_severity_table_is_the_one_documented():
    assert SEVERITY == {
        "missing_section": "error", "empty_section": "error", "placeholder_left": "error", "invalid_citation": "error",
        "missing_figure": "warning", "unsupported_number": "warning", "out_of_order": "warning",
        "unmatched_text": "warning",
    }
    assert OPTIONAL_SEVERITY == "info"


def test_missing_leaf_is_an_error_with_a_vietnamese_message(tmp_path):
    headings = [h for h in HEADINGS if h[0] != "I.2"]
    result = check_md(tmp_path, report_md(headings=headings))
    assert pairs(result) == {("I.2", "missing_section")}
    f = result.findings[0]
    assert f.severity == "error" and "Thiếu mục I.2" in f.message and "Ban hành văn bản chỉ đạo" in f.message
    assert result.has_errors


def test_missing_container_is_reported_once_not_per_child(tmp_path):
    headings = [h for h in HEADINGS if h[0] not in {"II", "II.1", "II.2"}]
    result = check_md(tmp_path, report_md(headings=headings))
    assert pairs(result) == {("II", "missing_section")}


def test_container_counts_as_present_when_a_child_is(tmp_path):
    headings = [h for h in HEADINGS if h[0] != "II"]  # "II." heading lost, its children kept
    result = check_md(tmp_path, report_md(headings=headings))
    assert ("II", "missing_section") not in pairs(result)


def test_optional_section_missing_is_info_only(tmp_path):
    headings = [h for h in HEADINGS if h[0] != "III"]
    result = check_md(tmp_path, report_md(headings=headings))
    assert [(f.section, f.kind, f.severity) for f in result.findings] == [("III", "missing_section", "info")]
    assert not result.has_errors


@pytest.mark.parametrize("order, flagged", [
    (["I.3", "I.1", "I.2"], "I.3"),  # moved up two places: only it leaves the longest in-order run
    (["I.2", "I.1", "I.3"], "I.2"),  # swap of neighbours: the one that moved up is reported
    (["I.1", "I.3", "I.2"], "I.3"),
])
def test_out_of_order_among_siblings(tmp_path, order, flagged):
    by_id = {h[0]: h for h in HEADINGS}
    headings = [by_id["I"], *(by_id[s] for s in order), *HEADINGS[4:]]
    result = check_md(tmp_path, report_md(headings=headings))
    assert pairs(result) == {(flagged, "out_of_order")}
    assert result.findings[0].severity == "warning"


def test_whole_part_moved_is_one_finding(tmp_path):
    part2 = [h for h in HEADINGS if h[0] in {"II", "II.1", "II.2"}]
    rest = [h for h in HEADINGS if h not in part2]
    result = check_md(tmp_path, report_md(headings=part2 + rest))
    assert pairs(result) == {("II", "out_of_order")}


def test_empty_leaf(tmp_path):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "II.1": ""}))
    assert pairs(result) == {("II.1", "empty_section")}


def test_empty_optional_section_is_info(tmp_path):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "III": ""}))
    assert [(f.kind, f.severity) for f in result.findings] == [("empty_section", "info")]


@pytest.mark.parametrize("sid, text, kind", [
    ("I.1", "Tổ chức 126 buổi tuyên truyền, phần lớn cán bộ được học tập.", "rate"),
    ("I.1", "Tổ chức nhiều buổi tuyên truyền; 98,5% cán bộ được học tập.", None),  # a % is a figure too
    ("I.1", "Tổ chức nhiều buổi tuyên truyền năm 2016, phần lớn cán bộ được học tập.", "count"),
    ("I.2", "Ban hành Kế hoạch số 12-KH/ThU triển khai thực hiện.", "document"),  # number without date
    ("I.2", "Ban hành kế hoạch ngày 15/11/2016 triển khai thực hiện.", "document"),  # date without number
    ("I.3", "Cứng hóa 86,5 km đường giao thông nông thôn.", "comparison"),  # a figure, compared to nothing
    ("I.3", "Cứng hóa nhiều km đường, tăng mạnh so với năm 2015.", "comparison"),  # compared, without a figure
])
def test_missing_figures(sid, text, kind):
    section = outline().find(sid)
    unmet = [r.kind for r in unmet_requirements(section.requirements, text)]
    if kind is None:
        assert "count" not in unmet and "rate" in unmet or unmet == []
    else:
        assert kind in unmet


def test_missing_figure_finding_is_a_warning_naming_the_requirement(tmp_path):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "I.1": "Tổ chức nhiều buổi tuyên truyền cho cán bộ."}))
    found = [f for f in result.findings if f.kind == "missing_figure"]
    assert {f.section for f in found} == {"I.1"}
    assert {f.severity for f in found} == {"warning"}
    assert any("số buổi" in f.message for f in found) and any("tỷ lệ % cán bộ" in f.message for f in found)


@pytest.mark.parametrize("hole", ["[Cần bổ sung: tỷ lệ % cán bộ được học tập]", "[cần bổ sung số liệu]",
                                  "Số lượt người: .......... lượt."])
def test_placeholder_left(tmp_path, hole):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "II.2": TEXTS["II.2"] + " " + hole}))
    assert pairs(result) == {("II.2", "placeholder_left")}
    assert result.findings[0].severity == "error"


def test_placeholder_only_section_is_not_also_empty_or_missing_figures(tmp_path):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "I.1": "[Cần bổ sung: số buổi tuyên truyền]"}))
    assert pairs(result) == {("I.1", "placeholder_left")}


def test_placeholder_in_the_preamble_has_no_section(tmp_path):
    text = report_md().replace("Thị ủy báo cáo", "[Cần bổ sung: tên đơn vị] báo cáo")
    result = check_md(tmp_path, text)
    assert pairs(result) == {(None, "placeholder_left")}


def test_dotted_blanks_in_the_header_are_not_placeholders(tmp_path):
    text = report_md().replace("THỊ ỦY SA PA", "Số ......-BC/ThU")
    assert check_md(tmp_path, text).findings == []


def test_citation_without_sources_list_is_invalid(tmp_path):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "II.1": TEXTS["II.1"] + " [2]"}))
    assert pairs(result) == {("II.1", "invalid_citation")}
    assert "[2]" in result.findings[0].message


def test_citations_are_checked_against_the_sources_list(tmp_path):
    texts = {**TEXTS, "II.1": "Nhận thức chuyển biến rõ rệt [1, 2].", "II.2": "Nguồn lực còn hạn chế [3]."}
    tail = "## NGUỒN TRÍCH DẪN\n\n[1] ghichu.txt:1 — ...\n\n[2] ghichu.txt:2 — ..."
    result = check_md(tmp_path, report_md(texts=texts, tail=tail))
    assert pairs(result) == {("II.2", "invalid_citation")}


def test_placeholders_are_not_citations(tmp_path):
    tail = "## NGUỒN TRÍCH DẪN\n\n[1] ghichu.txt:1 — ..."
    result = check_md(tmp_path, report_md(texts={**TEXTS, "II.1": "Chuyển biến rõ [1]. [Cần bổ sung: ví dụ]"}, tail=tail))
    assert pairs(result) == {("II.1", "placeholder_left")}


def test_unsupported_number_with_notes(tmp_path):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "I.3": TEXTS["I.3"].replace("86,5", "88,5")}))
    assert pairs(result) == {("I.3", "unsupported_number")}
    assert "88,5" in result.findings[0].message


def test_number_formats_are_compared_by_value(tmp_path):
    texts = {**TEXTS, "I.1": "Tổ chức 126 buổi tuyên truyền với 8450 lượt người; 98.5% cán bộ được học tập."}
    assert check_md(tmp_path, report_md(texts=texts)).findings == []


def test_no_number_check_without_notes(tmp_path):
    texts = {**TEXTS, "I.3": TEXTS["I.3"].replace("86,5", "88,5")}
    assert check_md(tmp_path, report_md(texts=texts), with_notes=False).findings == []


def test_figures_quoted_from_the_outline_need_no_note(tmp_path):
    texts = {**TEXTS, "II.1": "Nhận thức chuyển biến rõ rệt so với năm 2015."}  # 2015 is in the đề cương
    assert check_md(tmp_path, report_md(texts=texts)).findings == []


def test_stray_heading_is_unmatched_text(tmp_path):
    headings = HEADINGS[:4] + [("X", "4.", "Công tác phòng, chống dịch Covid-19", 1)] + HEADINGS[4:]
    texts = {**TEXTS, "X": "Các lực lượng đã phối hợp xử lý kịp thời."}
    result = check_md(tmp_path, report_md(texts=texts, headings=headings))
    assert pairs(result) == {(None, "unmatched_text")}
    assert "Covid-19" in result.findings[0].message and result.findings[0].severity == "warning"


def test_stray_heading_taking_a_sections_number_loses_to_the_real_section(tmp_path):
    headings = HEADINGS[:2] + [("X", "2.", "Tình hình thời tiết, thiên tai", 1)] + HEADINGS[2:]
    texts = {**TEXTS, "X": "Thời tiết diễn biến phức tạp."}
    result = check_md(tmp_path, report_md(texts=texts, headings=headings))
    assert pairs(result) == {(None, "unmatched_text")}


def test_findings_are_sorted_by_outline_order_and_summarised(tmp_path):
    headings = [h for h in HEADINGS if h[0] != "II.2"]
    texts = {**TEXTS, "I.1": "", "I.3": TEXTS["I.3"] + " [Cần bổ sung: ảnh]"}
    result = check_md(tmp_path, report_md(texts=texts, headings=headings))
    assert [(f.section, f.kind) for f in result.findings] == [
        ("I.1", "empty_section"), ("I.3", "placeholder_left"), ("II.2", "missing_section")]
    s = result.summary
    assert (s["errors"], s["warnings"], s["infos"], s["findings"]) == (3, 0, 0, 3)
    assert s["missing_section"] == 1 and s["sections_present"] == 7


# ---------------------------------------------------------------- draft artifacts


def _draft(texts=None, sources=None) -> Draft:
    ol = outline()
    texts = TEXTS if texts is None else texts
    sections = [SectionDraft(section_id=s.id, number=s.number, title=s.title, text=texts.get(s.id, ""),
                             sources=(sources or {}).get(s.id, []), status="drafted") for s in ol.leaves()]
    return Draft(outline=ol, intro="Thực hiện Kế hoạch số 33-KH/BTGTU, Thị ủy báo cáo như sau:", sections=sections)


def _src(n: int, text: str) -> Source:
    return Source(n=n, kind="note", ref=f"ghichu.txt:{n}", text=text, locator=Locator(file="ghichu.txt", line=n))


def test_complete_draft_checks_clean_against_its_own_outline():
    assert check_draft(_draft(), None, notes()).findings == []


def test_draft_citation_must_name_a_source_of_that_section():
    sources = {"II.1": [_src(1, "Nhận thức chuyển biến rõ rệt")]}
    texts = {**TEXTS, "II.1": "Nhận thức chuyển biến rõ rệt [1].", "II.2": "Nguồn lực còn hạn chế [1]."}
    result = check_draft(_draft(texts, sources), outline(), notes())
    assert pairs(result) == {("II.2", "invalid_citation")}
    assert "không có nguồn nào" in result.findings[0].message


def test_draft_without_notes_checks_numbers_against_its_sources():
    sources = {"II.1": [_src(1, "Có 14 trí thức được khen thưởng")]}
    texts = {**TEXTS, "II.1": "Có 14 trí thức được khen thưởng [1], 9 doanh nhân được biểu dương [1]."}
    result = check_draft(_draft(texts, sources))
    assert ("II.1", "unsupported_number") in pairs(result)
    assert "9" in next(f.message for f in result.findings if f.kind == "unsupported_number")


def test_unverified_marks_left_by_the_drafter_count_as_unsupported():
    sources = {"II.1": [_src(1, "Có 14 trí thức được khen thưởng")]}
    texts = {**TEXTS, "II.1": "Có 14 [chưa kiểm chứng] trí thức được khen thưởng [1]."}
    result = check_draft(_draft(texts, sources), outline(), None)
    found = [f for f in result.findings if f.section == "II.1"]
    assert [f.kind for f in found] == ["unsupported_number"]
    assert "[chưa kiểm chứng]" in found[0].message


def test_draft_without_notes_and_without_sources_flags_its_figures():
    result = check_draft(_draft(), outline(), None)
    assert ("I.1", "unsupported_number") in pairs(result)
    assert ("II.1", "unsupported_number") not in pairs(result)  # no figure there


def test_draft_section_never_drafted_is_empty():
    d = _draft()
    d.sections = [s for s in d.sections if s.section_id != "I.2"]
    assert pairs(check_draft(d, outline(), notes())) == {("I.2", "empty_section")}


def test_draft_json_path_is_read(tmp_path):
    p = tmp_path / "draft.json"
    _draft({**TEXTS, "II.2": ""}).save(p)
    assert pairs(check_report(p, outline(), notes())) == {("II.2", "empty_section")}


def test_messages_keep_the_case_of_section_ids_and_titles(tmp_path):
    result = check_md(tmp_path, report_md(texts={**TEXTS, "II.1": ""}))
    assert result.findings[0].message.startswith("Mục II.1 “Ưu điểm” có tiêu đề nhưng chưa có nội dung")
