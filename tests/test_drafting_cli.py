"""`baocao draft` and `baocao eval draft` through the real command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.config import PROJECT_ROOT
from assistant.types import Draft

runner = CliRunner()


@pytest.fixture
def offline_env(monkeypatch, tmp_path):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BAOCAO_OPENAI_API_KEY", "BAOCAO_OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BAOCAO_EMBEDDER", "hash")
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "160")


def test_draft_command_writes_json_and_markdown(offline_env, seed_path, tmp_path):
    out = tmp_path / "out" / "draft.json"
    notes = PROJECT_ROOT / "knowledge" / "ghi_chu_mau.md"
    args = ["draft", "--outline", str(seed_path), "--notes", str(notes), "--out", str(out),
            "--unit", "Thị ủy Sa Pa", "--concurrency", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    draft = Draft.load(out)
    assert len(draft.sections) == 13 and all(s.status == "drafted" for s in draft.sections)
    assert draft.plan is not None and draft.plan.issuer == "Thị ủy Sa Pa"  # the plan part of the same file
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "### 1. Công tác tuyên truyền" in md
    assert "Số liệu chưa kiểm chứng" in result.output and "đồng thời 2 mục" in result.output
    assert "II.1 Công tác tuyên truyền" in result.output and "✓ xong" in result.output

    resumed = runner.invoke(app, [*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert Draft.load(out).sections == draft.sections  # nothing failed, nothing redrafted


def test_draft_command_bad_input_is_one_clear_line(offline_env, seed_path, tmp_path):
    result = runner.invoke(app, ["draft", "--outline", str(seed_path), "--notes", str(tmp_path / "none.md"),
                                 "--out", str(tmp_path / "d.json")])
    assert result.exit_code != 0
    assert "Không tìm thấy tệp" in str(result.exception)
    result = runner.invoke(app, ["draft", "--outline", str(seed_path), "--notes", str(seed_path),
                                 "--out", str(tmp_path / "d.json"), "--resume"])
    assert "Không có bản thảo" in str(result.exception)


def test_eval_draft_meets_its_targets(offline_env):
    result = runner.invoke(app, ["eval", "draft", "--embedder", "hash", "--json"])
    assert result.exit_code == 0, result.output
    parts = json.loads(result.output)["splits"]
    assert list(parts) == ["dev", "test"] and sum(p["notes"] for p in parts.values()) >= 60
    dev = parts["dev"]  # targets on dev only: the test part is reported, not tuned against
    assert dev["routing_accuracy"] >= 0.9 and dev["written"] == 1.0
    assert dev["by_construction"] == {"coverage": 1.0, "invalid_citations": 0, "unsupported_numbers": 0}
