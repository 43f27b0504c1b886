"""Aligning report headings to the đề cương: by numbering path and fuzzy title."""

from __future__ import annotations

import pytest
from check_helpers import HEADINGS, TEXTS, outline, report_md, sec, write

from assistant.checking.alignment import align, title_similarity
from assistant.checking.report_reader import read_report, sections_from_blocks
from assistant.types import Locator, Outline, Paragraph


def matched(al, report) -> list[tuple[str, str]]:
    return [(report.sections[i].title, s.id) for i, s in sorted(al.matches.items())]


@pytest.mark.parametrize("a, b, high", [
    ("Công tác tuyên truyền", "Về công tác tuyên truyền", True),
    ("Công tác tuyên truyền", "CÔNG TÁC TUYÊN TRUYỀN", True),
    ("Đánh giá việc thực hiện Chỉ thị Chỉ thị 19-CT/TU", "Đánh giá việc thực hiện Chỉ thị 19-CT/TU", True),
    ("Hạn chế, nguyên nhân", "Hạn chế và nguyên nhân", True),
    ("Thủy lợi", "Thuỷ lợi", True),  # old/new tone placement
    ("Công tác tuyên truyền", "Công tác phòng, chống dịch Covid-19", False),
    ("Ưu điểm", "Hạn chế, nguyên nhân", False),
])
def test_title_similarity(a, b, high):
    assert (title_similarity(a, b) >= 80) is high


def test_renumbered_report_aligns_by_title(tmp_path):
    # I.2 deleted and the reviewer renumbered "3." to "2."
    headings = [h for h in HEADINGS if h[0] != "I.2"]
    headings[2] = ("I.3", "2.", "Phát triển giao thông nông thôn", 1)
    r = read_report(write(tmp_path, report_md(headings=headings)))
    al = align(r, outline())
    assert ("Phát triển giao thông nông thôn", "I.3") in matched(al, r)
    assert "I.2" not in al.positions


def test_headings_without_numbers_align_by_title(tmp_path):
    headings = [(sid, "", title, level) for sid, _, title, level in HEADINGS]
    r = read_report(write(tmp_path, report_md(headings=headings)))
    al = align(r, outline())
    assert sorted(al.positions) == sorted(s.id for s in outline().walk())


def test_same_title_under_two_parents_uses_the_numbering_path():
    ol = Outline(sections=[
        sec("I", "I.", "Kết quả năm 2020", 0, sec("I.1", "1.", "Ưu điểm", 1), sec("I.2", "2.", "Hạn chế", 1)),
        sec("II", "II.", "Kết quả năm 2021", 0, sec("II.1", "1.", "Ưu điểm", 1), sec("II.2", "2.", "Hạn chế", 1)),
    ])
    lines = ["I. Kết quả năm 2020", "1. Ưu điểm", "2. Hạn chế", "II. Kết quả năm 2021", "1. Ưu điểm", "2. Hạn chế"]
    r = sections_from_blocks([Paragraph(text=t, locator=Locator(file="r.txt", line=i)) for i, t in enumerate(lines)], "txt")
    al = align(r, ol)
    assert [s.id for _, s in sorted(al.matches.items())] == ["I", "I.1", "I.2", "II", "II.1", "II.2"]


def test_same_title_without_numbers_uses_the_parent_context():
    ol = Outline(sections=[
        sec("I", "I.", "Kết quả năm 2020", 0, sec("I.1", "1.", "Ưu điểm", 1), sec("I.2", "2.", "Hạn chế", 1)),
        sec("II", "II.", "Kết quả năm 2021", 0, sec("II.1", "1.", "Ưu điểm", 1), sec("II.2", "2.", "Hạn chế", 1)),
    ])
    blocks = [("Kết quả năm 2020", "h2"), ("Ưu điểm", "h3"), ("Hạn chế", "h3"), ("Kết quả năm 2021", "h2"),
              ("Ưu điểm", "h3"), ("Hạn chế", "h3")]
    r = sections_from_blocks([Paragraph(text=t, style=st, locator=Locator(file="r.md", line=i))
                              for i, (t, st) in enumerate(blocks)], "md")
    al = align(r, ol)
    assert [s.id for _, s in sorted(al.matches.items())] == ["I", "I.1", "I.2", "II", "II.1", "II.2"]


def test_sub_points_deeper_than_a_leaf_belong_to_it(tmp_path):
    texts = {**TEXTS, "I.1": "Tổ chức 126 buổi tuyên truyền với 8.450 lượt người.\n\n#### a) Trên báo chí\n\n"
                             "98,5% cán bộ được học tập."}
    r = read_report(write(tmp_path, report_md(texts=texts)))
    al = align(r, outline())
    assert "a) Trên báo chí" in al.texts["I.1"] and "98,5%" in al.texts["I.1"]
    assert al.stray == []


def test_unmatched_headings_before_the_first_section_are_preamble(tmp_path):
    text = "# BÁO CÁO\n\n## Sơ kết 05 năm thực hiện Chỉ thị\n\n" + report_md()
    r = read_report(write(tmp_path, text))
    al = align(r, outline())
    assert al.stray == [] and "Sơ kết 05 năm" in al.preamble


def test_unmatched_bold_line_is_body_text_of_its_section():
    blocks = [Paragraph(text="I. Kết quả thực hiện", locator=Locator(file="r.docx")),
              Paragraph(text="1. Công tác tuyên truyền", locator=Locator(file="r.docx")),
              Paragraph(text="Kết quả nổi bật", bold=True, locator=Locator(file="r.docx")),
              Paragraph(text="Tổ chức 126 buổi.", locator=Locator(file="r.docx"))]
    r = sections_from_blocks(blocks, "docx")
    al = align(r, outline())
    assert al.stray == [] and "Kết quả nổi bật" in al.texts["I.1"] and "126 buổi" in al.texts["I.1"]


def test_run_in_candidate_that_aligns_to_nothing_is_body_text():
    blocks = [Paragraph(text=t, locator=Locator(file="r.docx")) for t in (
        "I. Kết quả thực hiện", "2. Ban hành văn bản chỉ đạo: Kế hoạch số 12-KH/ThU, ngày 15/11/2016.",
        "1. Kế hoạch số 12-KH/ThU: triển khai thực hiện Chỉ thị.")]
    r = sections_from_blocks(blocks, "docx")
    assert [s.strength for s in r.sections] == ["label", "runin", "runin"]
    al = align(r, outline())
    assert al.stray == [] and al.positions["I.2"] == 1
    assert al.texts["I.2"].endswith("1. Kế hoạch số 12-KH/ThU: triển khai thực hiện Chỉ thị.")


def test_in_a_report_with_bold_headings_an_unmatched_bold_heading_is_stray():
    lines = [("THỊ ỦY SA PA", True), ("BÁO CÁO", True), ("Thực hiện kế hoạch, báo cáo như sau:", False)]
    for title in ["Kết quả thực hiện", "Công tác tuyên truyền", "Công tác phòng, chống dịch Covid-19",
                  "Ban hành văn bản chỉ đạo", "Đánh giá chung", "Ưu điểm"]:
        lines += [(title, True), ("Nội dung.", False)]
    r = sections_from_blocks([Paragraph(text=t, bold=b, locator=Locator(file="r.docx")) for t, b in lines], "docx")
    al = align(r, outline())
    assert [s.title for s in al.stray] == ["Công tác phòng, chống dịch Covid-19"]
    assert al.positions["I.1"] == 3 and "BÁO CÁO" in al.preamble
