"""`baocao export`: options reach the header, defaults, and clear errors for bad input."""

from __future__ import annotations

import shutil

import docx
import pytest
from export_support import COMPLETE_DRAFT, part_names
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.types import UserError

runner = CliRunner()


@pytest.fixture
def draft_path(tmp_path):
    return shutil.copy(COMPLETE_DRAFT, tmp_path / "draft.json")


def test_export_with_header_options(tmp_path, draft_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_STYLE", "party")
    out = tmp_path / "out" / "bc.docx"
    result = runner.invoke(app, [
        "export", str(draft_path), "--style", "state", "--out", str(out), "--issuer", "UBND thị xã Sa Pa",
        "--superior", "UBND tỉnh Lào Cai", "--number", "125/BC-UBND", "--place", "Sa Pa", "--date", "5/2/2021",
        "--signer", "Nguyễn Văn A", "--position", "Chủ tịch", "--recipient", "Sở Nội vụ", "--recipient", "TT Thị ủy",
    ])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output.replace("\n", "")
    doc = docx.Document(str(out))
    (tl, tr), (bl, br) = ([c for c in row.cells] for row in doc.tables[0].rows)
    assert [p.text for p in tl.paragraphs][:2] == ["UBND TỈNH LÀO CAI", "UBND THỊ XÃ SA PA"]
    assert tr.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (bl.paragraphs[0].text, br.paragraphs[0].text) == ("Số: 125/BC-UBND", "Sa Pa, ngày 05 tháng 02 năm 2021")
    closing = doc.tables[1].rows[0].cells
    assert [p.text for p in closing[0].paragraphs] == ["Nơi nhận:", "- Sở Nội vụ;", "- TT Thị ủy;", "- Lưu: VT."]
    assert [p.text for p in closing[1].paragraphs] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]
    assert "word/comments.xml" not in part_names(out)


def test_export_defaults_style_from_settings_and_out_next_to_the_draft(draft_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_STYLE", "state")
    result = runner.invoke(app, ["export", str(draft_path), "--review"])
    assert result.exit_code == 0, result.output
    out = draft_path.with_name("draft_review.docx")
    assert out.exists() and "word/comments.xml" in part_names(out)
    assert docx.Document(str(out)).tables[0].rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.mark.parametrize("args,message", [
    (["missing.json"], "Không tìm thấy bản thảo"),
    (["{draft}", "--style", "tw"], "không hợp lệ"),
    (["{draft}", "--date", "30/2/2021"], "ngày/tháng/năm"),
    (["{draft}", "--out", "bc.pdf"], ".docx"),
    (["{bad}"], "không phải bản thảo JSON hợp lệ"),
])
def test_bad_input_is_a_user_error(tmp_path, draft_path, args, message):
    bad = tmp_path / "bad.json"
    bad.write_text('{"outline": 3}', encoding="utf-8")
    argv = ["export", *[a.format(draft=draft_path, bad=bad) for a in args]]
    result = runner.invoke(app, argv)
    assert isinstance(result.exception, UserError), result.output
    assert message in str(result.exception)
    assert not list(tmp_path.glob("*.docx"))
