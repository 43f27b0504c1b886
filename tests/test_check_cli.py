"""`baocao check` and `baocao eval check` from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app, main
from assistant.config import PROJECT_ROOT

DATA = PROJECT_ROOT / "evals" / "check" / "ntm_xuanquang"
OUTLINE, REPORT, NOTES = DATA / "de_cuong.txt", DATA / "bao_cao.md", DATA / "ghi_chu.txt"
runner = CliRunner()


def _without_section(tmp_path: Path) -> Path:
    """The complete report without "### 2. Khó khăn" and its paragraph."""
    text = REPORT.read_text(encoding="utf-8")
    start = text.index("### 2. Khó khăn")
    end = text.index("## II.", start)
    p = tmp_path / "bao_cao.md"
    p.write_text(text[:start] + text[end:], encoding="utf-8")
    return p


def test_complete_report_exits_0_with_a_summary_line():
    result = runner.invoke(app, ["check", str(REPORT), "--outline", str(OUTLINE), "--notes", str(NOTES)])
    assert result.exit_code == 0, result.output
    assert "ĐẠT" in result.output and "0 lỗi" in result.output and "24/24" in result.output


def test_json_output_and_exit_1_on_errors(tmp_path):
    report = _without_section(tmp_path)
    result = runner.invoke(app, ["check", str(report), "--outline", str(OUTLINE), "--notes", str(NOTES), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert set(payload) == {"findings", "summary"}
    assert payload["findings"] == [{
        "section": "P1.I.2", "kind": "missing_section", "severity": "error",
        "message": "Thiếu mục P1.I.2 “Khó khăn” của đề cương; bổ sung mục này.",
    }]
    assert payload["summary"]["errors"] == 1 and payload["summary"]["sections_present"] == 23


def test_table_groups_findings_by_section(tmp_path):
    report = _without_section(tmp_path)
    result = runner.invoke(app, ["check", str(report), "--outline", str(OUTLINE)])
    assert result.exit_code == 1
    assert "P1.I.2 Khó khăn" in result.output and "Thiếu mục" in result.output and "CÓ LỖI" in result.output


def test_warnings_only_exit_0(tmp_path):
    text = REPORT.read_text(encoding="utf-8").replace("45 hội nghị", "47 hội nghị")
    p = tmp_path / "bao_cao.md"
    p.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(p), "--outline", str(OUTLINE), "--notes", str(NOTES), "--json"])
    assert result.exit_code == 0
    assert [f["kind"] for f in json.loads(result.output)["findings"]] == ["unsupported_number"]


def _run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["baocao", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    return exc.value.code, capsys.readouterr().err


@pytest.mark.parametrize("name, content, words", [
    ("khong_co.md", None, "Không tìm thấy"),
    ("bc.doc", b"\xd0\xcf\x11\xe0", ".docx"),
    ("rong.md", b"", "rỗng"),
    ("draft.json", b"{", "không phải bản dự thảo"),
])
def test_unreadable_report_exits_2_with_one_line(tmp_path, monkeypatch, capsys, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, err = _run_main(monkeypatch, capsys, "check", str(path), "--outline", str(OUTLINE))
    assert code == 2 and "Lỗi:" in err and words in err


def test_outline_is_required_except_for_a_draft(tmp_path, monkeypatch, capsys):
    code, err = _run_main(monkeypatch, capsys, "check", str(REPORT))
    assert code == 2 and "--outline" in err


def test_eval_check_prints_precision_and_recall():
    result = runner.invoke(app, ["eval", "check", "--variants", "1"])
    assert result.exit_code == 0, result.output
    for word in ("Precision", "Recall", "missing_section", "unmatched_text", "overall", "[dev]", "[test]"):
        assert word in result.output


def test_eval_check_json_keeps_the_parts_apart():
    result = runner.invoke(app, ["eval", "check", "--variants", "1", "--split", "test", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data["splits"]) == ["test"] and data["splits"]["test"]["sets"] == 1


def test_draft_artifact_uses_its_own_outline_when_none_is_given(tmp_path):
    from check_helpers import TEXTS, outline

    from assistant.types import Draft, SectionDraft

    ol = outline()
    sections = [SectionDraft(section_id=s.id, number=s.number, title=s.title, text=TEXTS.get(s.id, ""))
                for s in ol.leaves() if s.id != "II.2"]
    path = tmp_path / "draft.json"
    Draft(outline=ol, sections=sections).save(path)
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 1
    errors = [(f["section"], f["kind"]) for f in json.loads(result.output)["findings"] if f["severity"] == "error"]
    assert errors == [("II.2", "empty_section")]
