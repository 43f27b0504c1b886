"""Pure helpers of the workspace UI: statuses, highlights, sources, file names, kinds, redaction."""

from __future__ import annotations

from assistant.rules.labels import SECTION_STATUS
from assistant.types import Flag, Locator, Outline, Section, SectionDraft, Source
from assistant.ui import ops, render


def _sd(text: str, flags=(), status="drafted") -> SectionDraft:
    src = Source(n=1, kind="note", ref="gc.md:3", text="Tổ chức 12 hội nghị <b>", locator=Locator(file="gc.md", line=3))
    return SectionDraft(section_id="I.1", number="1.", title="Quán triệt", text=text, sources=[src], citations=[1],
                        flags=list(flags), status=status)


def test_six_statuses():
    ph = Flag(kind="placeholder", text="[Cần bổ sung: x]", message="m")
    num = Flag(kind="unsupported_number", text="99", message="m")
    assert render.status_code(None) == "pending"
    assert render.status_code(SectionDraft(section_id="a", number="1.", title="t")) == "pending"
    assert render.status_code(_sd("Văn bản.")) == "drafted"
    assert render.status_code(_sd("x [Cần bổ sung: x]", [ph])) == "missing"
    assert render.status_code(_sd("x 99", [num])) == "unverified"
    assert render.status_code(_sd("x", status="failed")) == "failed"
    assert render.status_code(_sd("x", [num], status="approved")) == "approved"
    labels = [SECTION_STATUS[c][0] for c in ("pending", "drafted", "missing", "unverified", "failed", "approved")]
    assert labels == ["chưa soạn", "đã soạn", "thiếu số liệu", "có số liệu chưa kiểm chứng", "lỗi", "đã duyệt"]


def test_highlight_marks_placeholders_numbers_citations_and_escapes():
    num = Flag(kind="unsupported_number", text="99", message="m")
    html = render.highlight_html("Có 99 buổi <script> [1] và [Cần bổ sung: tỷ lệ %] [7].", _sd("", [num]))
    assert '<mark class="bc-numflag"' in html and ">99</mark>" in html
    assert '<mark class="bc-ph"' in html and "<script>" not in html and "&lt;script&gt;" in html
    assert 'class="bc-cite"' in html and "gc.md:3" in html
    assert "bc-cite bc-bad" in html  # [7] names no source


def test_citation_ranges_read_like_the_citation_check():
    sd = _sd("")
    sd.sources.append(sd.sources[0].model_copy(update={"n": 2, "text": "Nguồn hai"}))
    ok = render.highlight_html("Kết quả [1-2].", sd)
    assert 'class="bc-cite"' in ok and "Nguồn hai" in ok  # [1-2] names sources 1 and 2
    bad = render.highlight_html("Kết quả [1-3] và ［2］.", sd)
    assert "[3] không có trong nguồn" in bad and bad.count("<sup") == 2  # full-width marker read too


def test_sources_and_tree_and_choices():
    html = render.sources_html(_sd("x [1]"))
    assert "bc-cited" in html and "gc.md:3" in html and "&lt;b&gt;" in html
    outline = Outline(title="ĐỀ CƯƠNG", sections=[Section(id="I", number="I.", title="Chung", level=0, children=[
        Section(id="I.1", number="1.", title="Quán triệt", level=1)])])
    tree = render.tree_html(outline, {"I.1": _sd("x")})
    assert "Quán triệt" in tree and "đã soạn" in tree and "<details" in tree
    choices = render.section_choices(outline, {}, running=["I.1"])
    assert choices == [("✎ I.1. Quán triệt — đang soạn…", "I.1")]


def test_live_panel_shows_running_sections_with_their_tokens():
    html = render.live_html([("I.1", "1. Quán triệt")], {"I.1": "Đã tổ"}, {"I.1": "running"}, 0, 3)
    assert "Đã tổ" in html and "0/3" in html and "bc-caret" in html


def test_sanitize_filename_and_guess_kind():
    assert ops.sanitize_filename("../../etc/passwd") == "passwd"
    assert ops.sanitize_filename("..ghi chú; rm -rf $(x).md") == "ghi_chú_rm_-rf_x.md"
    assert ops.sanitize_filename("C:\\Users\\a\\Kế hoạch 24.DOCX") == "Kế_hoạch_24.docx"
    assert ops.sanitize_filename(".bashrc") == "tai_lieu.bashrc"  # never a hidden file
    assert ops.guess_kind("ghi_chu_mau.md") == "notes"
    assert ops.guess_kind("Kế hoạch 24-KH.docx") == "plan"
    assert ops.guess_kind("Đề cương báo cáo.docx") == "outline"
    assert ops.guess_kind("bao_cao_2020.pdf") == "report"


def test_redact_removes_keys():
    from pathlib import Path

    from assistant.config import Settings

    s = Settings.test_profile(Path("/tmp/x"), openai_api_key="zzz-custom-secret-key")
    assert "zzz-custom-secret-key" not in ops.redact("401 for key zzz-custom-secret-key", s)
    assert ops.redact("Incorrect API key provided: sk-abcdef123456") == "Incorrect API key provided: ***"
