"""`baocao demo`: the README's main job, end to end on the bundled sample, offline."""

from __future__ import annotations

import docx
from store_support import open_store
from typer.testing import CliRunner

from assistant.cli.demo import run_demo
from assistant.cli.main import app
from assistant.types import Draft


def test_demo_indexes_drafts_checks_and_exports(settings, tmp_path):
    summary = run_demo(settings, tmp_path / "out", backend="offline")

    draft = Draft.load(summary["draft"])
    assert summary["sections"] == len(draft.outline.leaves()) == 13
    assert summary["drafted"] == 13 and summary["failed"] == 0
    assert summary["citations"] > 0 and summary["unsupported_numbers"] == 0
    # The sample notes leave "Mục tiêu chung" out on purpose: one visible placeholder, flagged by the checker.
    assert summary["placeholders"] == 1 and summary["errors"] == 1
    assert "IV.1" in summary["error_messages"][0]
    indexed = {d.file for d in open_store(settings).list_documents()}
    assert {"ke_hoach_19ct.txt", "ghi_chu_mau.md"} <= indexed

    final_text = "\n".join(p.text for p in docx.Document(summary["docx"]).paragraphs)
    first_note_sentence = draft.sections[0].text.split("[")[0].strip()[:40]
    assert first_note_sentence in final_text and "[1]" not in final_text
    assert (tmp_path / "out" / "draft.md").read_text(encoding="utf-8").count("Nguồn:") >= 12


def test_demo_command_prints_where_everything_is(tmp_path, monkeypatch):
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BAOCAO_OPENAI_API_KEY", "BAOCAO_OPENAI_BASE_URL", "BAOCAO_CHROMA_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BAOCAO_EMBEDDER", "hash")
    result = CliRunner().invoke(app, ["demo", "--out-dir", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "bao_cao_mau.docx" in result.output and "ngoại tuyến" in result.output
    assert (tmp_path / "demo" / "bao_cao_mau_review.docx").exists()
