"""Round trip: a complete draft exported to .docx (assistant.export.document), then checked, has no error-level finding."""

from __future__ import annotations

import json

import pytest

from assistant.checking.checker import check_report
from assistant.evals.check import DEFAULT_DATA, load_set
from assistant.evals.check_render import render_draft
from assistant.export.document import export_docx

SETS = json.loads((DEFAULT_DATA / "sets.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", SETS, ids=lambda e: e["name"])
@pytest.mark.parametrize("style", ["party", "state"])
@pytest.mark.parametrize("review", [False, True], ids=["final", "review"])
def test_complete_draft_exported_then_checked_has_no_error(tmp_path, entry, style, review):
    spec, notes, _ = load_set(entry, DEFAULT_DATA)
    draft = render_draft(spec)
    path = export_docx(draft, tmp_path / "bao_cao.docx", style=style, review=review)
    result = check_report(path, spec.outline, notes)
    assert not result.has_errors, result.findings
    assert result.findings == []  # not even a warning: headings, figures and citations all survive the export
    assert result.summary["sections_present"] == result.summary["sections"]


def test_defects_survive_the_export(tmp_path):
    spec, notes, _ = load_set(SETS[1], DEFAULT_DATA)
    draft = render_draft(spec)
    draft.section("P1.I.2").text = ""
    s = draft.section("P1.II.2")
    s.text += " [Cần bổ sung: tỷ lệ % hộ dân được tuyên truyền]"
    path = export_docx(draft, tmp_path / "bao_cao.docx", style="state", review=False)
    result = check_report(path, spec.outline, notes)
    assert {(f.section, f.kind) for f in result.findings} == {("P1.I.2", "empty_section"),
                                                             ("P1.II.2", "placeholder_left")}
    assert result.has_errors
