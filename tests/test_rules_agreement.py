"""The drafter, the checker and the UI judge the same text by the same rules (one home per shared rule).

Each table goes through the real entry points of every part: the drafter's placeholder logic and section
finishing, the checker on a draft artifact, the UI's flags of an edited text and its section status.
"""

from __future__ import annotations

import pytest

from assistant.checking.checker import check_draft
from assistant.checking.report_reader import sections_from_blocks
from assistant.drafting.offline_writer import draft_section_offline, requirement_gaps
from assistant.drafting.orchestrate import finish_section
from assistant.outline.lines import line_from_paragraph
from assistant.reading.note_headings import bieu_number
from assistant.reading.notes import notes_from_document
from assistant.rules.labels import FINDING_LABELS, SECTION_STATUS, SEVERITY_LABELS
from assistant.store.chunking import numbering_kind
from assistant.text.figures import find_numbers
from assistant.types import (
    Document,
    Draft,
    Locator,
    Note,
    Outline,
    Paragraph,
    Requirement,
    Section,
    SectionDraft,
    Source,
)
from assistant.ui import ops, render

SID = "I.1"


def leaf(*reqs: tuple[str, str]) -> Section:
    return Section(id=SID, number="1.", title="Công tác tuyên truyền", level=1,
                   requirements=[Requirement(kind=k, text=t) for k, t in reqs])  # type: ignore[arg-type]


def outline_of(section: Section) -> Outline:
    parent = Section(id="I", number="I.", title="Kết quả thực hiện", level=0, children=[section])
    return Outline(title="Báo cáo", sections=[parent])


def src(n: int, text: str) -> Source:
    return Source(n=n, kind="note", ref=f"gc.md:{n}", text=text, locator=Locator(file="gc.md", line=n))


def note(n: int, text: str) -> Note:
    return Note(id=f"gc.md:{n}", text=text, locator=Locator(file="gc.md", line=n))


def checker_kinds(section: Section, sd: SectionDraft, notes: list[Note] | None = None) -> set[str]:
    draft = Draft(outline=outline_of(section), sections=[sd])
    return {f.kind for f in check_draft(draft, None, notes).findings if f.section == SID}


def status_from_findings(kinds: set[str]) -> str:
    """What the section list must say, given the checker's findings for the same text."""
    if kinds & {"unsupported_number", "invalid_citation"}:
        return "unverified"
    if kinds & {"placeholder_left", "missing_figure", "empty_section"}:
        return "missing"
    return "drafted"


# ---------------------------------------------------------------- "is the demanded figure given?"

REQUIREMENT_CASES = [
    (("rate", "tỷ lệ % hộ dân được nghe"), "Đạt 95,5% hộ dân được nghe.", True),
    (("rate", "tỷ lệ % hộ dân được nghe"), "Đạt 95 phần trăm hộ dân được nghe.", True),
    (("rate", "tỷ lệ % hộ dân được nghe"), "Có 1.250 hộ dân được nghe.", False),
    (("count", "số buổi"), "Tổ chức 45 buổi.", True),
    (("count", "số liệu"), "Đạt 95,5% kế hoạch.", True),
    (("count", "số buổi"), "Tổ chức nhiều buổi trong năm 2021.", False),  # a year is no count
    (("count", "số buổi"), "Tổ chức nhiều buổi 【12】.", False),  # a citation marker's digits are no figure
    (("count", "số buổi"), "Tổ chức nhiều buổi [12], [1-3].", False),
    (("count", "số buổi"), "Tổ chức 45 [chưa kiểm chứng] buổi.", True),  # the figure is there, marked
    (("document", "số, ngày ban hành"), "Ban hành Kế hoạch số 12-KH/ThU ngày 15/11/2016.", True),
    (("document", "số, ngày ban hành"), "Ban hành Kế hoạch số 12-KH/ThU triển khai.", False),
    (("document", "số, ngày ban hành"), "Ban hành kế hoạch ngày 15/11/2016 triển khai.", False),
    (("document", "số hiệu văn bản"), "Ban hành Kế hoạch số 12-KH/ThU triển khai.", True),
    (("document", "ngày ban hành"), "Ban hành kế hoạch ngày 15/11/2016 triển khai.", True),
    (("document", "trích yếu"), "Ban hành kế hoạch ngày 15/11/2016 triển khai.", True),
    (("document", "trích yếu"), "Ban hành nhiều văn bản chỉ đạo.", False),
    (("comparison", "so với năm 2015"), "Cứng hóa 86,5 km, tăng 61,3 km so với năm 2015.", True),
    (("comparison", "so với năm 2015"), "Cứng hóa 86,5 km đường. Tăng mạnh so với trước.", False),  # not one sentence
    (("comparison", "so với năm 2015"), "Tăng mạnh so với trước.", False),
]


@pytest.mark.parametrize(("req", "text", "met"), REQUIREMENT_CASES)
def test_drafter_checker_and_ui_agree_on_whether_a_demanded_figure_is_given(req, text, met):
    section = leaf(req)
    # the drafter: a gap (→ a placeholder) exactly when the notes do not give the figure
    assert (requirement_gaps(section, [text]) == []) is met
    # the checker: a missing_figure finding exactly then (the notes carry the text, so its figures are supported)
    sd = SectionDraft(section_id=SID, number="1.", title=section.title, text=text, status="drafted")
    assert ("missing_figure" not in checker_kinds(section, sd, [note(1, text)])) is met
    # the UI: the flags of the same text typed in the editor
    flags = ops.edit_flags(text, sd, outline_of(section))
    assert (not any(f.kind == "missing_figure" for f in flags)) is met


@pytest.mark.parametrize(("req", "text", "met"), REQUIREMENT_CASES)
def test_a_fresh_offline_draft_never_trips_its_own_missing_figure_check(req, text, met):
    section = leaf(req)
    sources = [src(1, text)]
    sd = finish_section(section, draft_section_offline(section, sources), sources, [note(1, text)])
    for notes in (None, [note(1, text)]):
        kinds = checker_kinds(section, sd, notes)
        assert "missing_figure" not in kinds
        assert ("placeholder_left" in kinds) is (not met)  # the drafter placed a placeholder for each gap
        assert render.status_code(sd, section) == status_from_findings(kinds)


def test_a_model_text_that_drops_a_figure_of_the_notes_gets_a_placeholder():
    section = leaf(("count", "số buổi"))
    notes = [note(1, "Tổ chức 45 buổi tuyên truyền")]
    sd = finish_section(section, "Công tác tuyên truyền được quan tâm [1].", [src(1, notes[0].text)], notes)
    assert "[Cần bổ sung: số buổi]" in sd.text
    assert checker_kinds(section, sd) == {"placeholder_left"}
    assert render.status_code(sd, section) == "missing"


# ---------------------------------------------------------------- section flags and status

SOURCES = [src(1, "Tổ chức 45 buổi tuyên truyền"), src(2, "đạt 95,5% kế hoạch")]
STATUS_CASES = [
    ("Tổ chức 45 buổi [1].", "drafted"),
    ("Tổ chức 45 buổi 【1】.", "drafted"),  # a full-width marker is a citation, its digit no figure
    ("Tổ chức 45 buổi [1], đạt 95,5% kế hoạch [2].", "drafted"),
    ("Tổ chức 46 buổi [1].", "unverified"),  # not in the cited source
    ("Tổ chức 45 buổi.", "unverified"),  # cites nothing
    ("Tổ chức 45 buổi [2].", "unverified"),  # cites a source that lacks it
    ("Tổ chức 45 buổi [1] [9].", "unverified"),  # a citation to no source
    ("Tổ chức 45 buổi [1] [3-1].", "unverified"),  # a malformed range
    ("Tổ chức 45 [chưa kiểm chứng] buổi [1].", "unverified"),  # a mark left after the figure was checked
    ("Tổ chức 46 [chưa kiểm chứng] buổi [1].", "unverified"),
    ("Tổ chức nhiều buổi [1].", "missing"),  # the demanded count is not given
    ("Tổ chức nhiều buổi trong năm 2021 [1].", "unverified"),  # a year in no source
    ("Tổ chức [Cần bổ sung: số buổi] buổi [1].", "missing"),
    ("Tổ chức ............ buổi [1].", "missing"),  # a dotted blank is a place to fill too
    ("Tổ chức 45 buổi [1]; [Cần bổ sung: số lượt người].", "missing"),
    ("Tổ chức 46 buổi [1]; [Cần bổ sung: số lượt người].", "unverified"),
    ("", "missing"),  # emptied by hand
]


@pytest.mark.parametrize(("text", "status"), STATUS_CASES)
def test_section_status_says_what_the_check_finds(text, status):
    section = leaf(("count", "số buổi"))
    sd = SectionDraft(section_id=SID, number="1.", title=section.title, text=text, sources=SOURCES,
                      status="drafted")
    kinds = checker_kinds(section, sd)
    assert status_from_findings(kinds) == status
    # the UI: the section list, the tree badge and the flags saved with a hand edit
    assert render.status_code(sd, section) == status
    choices = {value: label for label, value in render.section_choices(outline_of(section), {SID: sd})}
    assert choices[SID].endswith(SECTION_STATUS[status][0])
    edited = sd.model_copy(update={"flags": ops.edit_flags(text, sd, outline_of(section))})
    assert {f.kind for f in edited.flags} <= {"unsupported_number", "invalid_citation", "placeholder", "missing_figure"}
    # the drafter: a text finished by the drafter (citations resolved, figures marked, placeholders added)
    finished = finish_section(section, text, SOURCES, [note(1, SOURCES[0].text), note(2, SOURCES[1].text)])
    assert render.status_code(finished, section) == status_from_findings(checker_kinds(section, finished))
    assert "missing_figure" not in checker_kinds(section, finished)


@pytest.mark.parametrize(("text", "status"), STATUS_CASES)
def test_highlighted_figures_are_the_flagged_ones(text, status):
    section = leaf(("count", "số buổi"))
    sd = SectionDraft(section_id=SID, number="1.", title=section.title, text=text, sources=SOURCES, status="drafted")
    html = render.highlight_html(text, sd, section) if text else ""
    flagged = {f.text for f in ops.edit_flags(text, sd, outline_of(section)) if f.kind == "unsupported_number"}
    for figure in flagged - {"[chưa kiểm chứng]"}:
        assert f'<mark class="bc-numflag" title="Số liệu không có trong nguồn được trích dẫn">{figure}</mark>' in html
    assert ("bc-numflag" in html) is bool(flagged - {"[chưa kiểm chứng]"})


def test_no_citation_marker_is_read_as_a_figure():
    for text in ("Đạt 【12】.", "Đạt [12].", "Đạt [1, 2].", "Đạt [1-3].", "Đạt ［１２］.", "Đạt [１，２]."):
        assert find_numbers(text) == [], text


# ---------------------------------------------------------------- labels


def test_cli_and_ui_show_findings_and_statuses_in_the_same_words():
    import assistant.cli.check as cli_check
    import assistant.ui.tab_check as ui_check
    from assistant.drafting.markdown import render_markdown

    assert cli_check.FINDING_LABELS is ui_check.FINDING_LABELS is FINDING_LABELS
    assert cli_check.SEVERITY_LABELS is ui_check.SEVERITY_LABELS is SEVERITY_LABELS
    assert f"{SEVERITY_LABELS['error']}: 2" in render.check_summary_html({"error": 2}, 2)
    section = leaf()
    draft = Draft(outline=outline_of(section), sections=[
        SectionDraft(section_id=SID, number="1.", title=section.title, status="failed", error="hết giờ")])
    assert f"**{SECTION_STATUS['failed'][0]}**" in render_markdown(draft)


# ---------------------------------------------------------------- numbering labels

# line → (ladder kind family or "caption", the chunker's kind)
LABELS = [
    ("Phần thứ nhất: Kết quả thực hiện", "part", "phan"),
    ("PHẦN THỨ NHẤT KẾT QUẢ", "part", "phan"),
    ("Phần I. Kết quả thực hiện", "part", "phan"),
    ("I. Mục đích, yêu cầu", "roman", "roman"),
    ("II-KẾT QUẢ HỌC TẬP", "roman", "roman"),
    ("I - Công tác xây dựng Đảng", "roman", "roman"),
    ("1. Mục tiêu chung", "decimal", "num1"),
    ("1- Yêu cầu", "decimal", "num1"),
    ("1.1. Kinh tế số", "multi", "num2"),
    ("a) Trồng trọt", "lower", "alpha"),
    ("a- Đầu tư công", "lower", "alpha"),
    ("A- ĐÁNH GIÁ CHUNG", "upper", "alpha_up"),
    ("- Nêu rõ số buổi", "bullet", None),
    ("+ Ngân sách", "bullet", None),
    ("Biểu số 01. Danh mục văn bản", "caption", "bieu"),
]


def _para(text: str, line: int = 1) -> Paragraph:
    return Paragraph(text=text, locator=Locator(file="t.txt", line=line))


@pytest.mark.parametrize(("line", "family", "chunk_kind"), LABELS)
def test_every_reader_of_numbering_labels_reads_them_alike(line, family, chunk_kind):
    # the outline parser's lines
    parsed = line_from_paragraph(_para(line))
    if family == "caption":
        assert parsed.caption is not None and parsed.caption[0] == "1"
    else:
        assert parsed.marker is not None and parsed.marker.family == family
    # the knowledge store's chunker
    assert numbering_kind(line) == chunk_kind
    # the checker's report reader: a heading with that label (a caption ends the body instead)
    blocks = [_para("Mở đầu."), _para("Kết quả thực hiện", 2).model_copy(update={"style": "h2"}),
              _para("Nội dung.", 3), _para(line, 4), _para("Nội dung của mục.", 5)]
    report = sections_from_blocks(blocks, "txt")
    if family == "caption":
        assert report.tail.startswith(line) and len(report.sections) == 1
    elif family == "bullet":
        assert len(report.sections) == 1
    else:
        label = report.sections[1].label
        assert label is not None and label.family == family
    # the notes reader: a heading over the bullet below (its Biểu number too), or a bullet of its own
    notes = notes_from_document(Document(path="gc.txt", file_type="txt",
                                         blocks=[_para(line, 1), _para("- Tổ chức 45 buổi", 2)]))
    if family == "bullet":
        assert notes[0].text == line[2:]
    else:
        assert notes[-1].heading and notes[-1].heading.startswith(line.split()[0])
        assert bieu_number(notes[-1].heading) == ("1" if family == "caption" else None)
