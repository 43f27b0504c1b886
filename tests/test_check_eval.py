"""The seeded-defect evaluation: the generator's edits and gold, the complete reports, and the targets."""

from __future__ import annotations

import copy
import json
import random

import pytest

from assistant.checking.checker import check_report
from assistant.evals.check import DEFAULT_DATA, TARGET, load_set, run_check_eval
from assistant.evals.check_defects import (
    add_bad_citation, add_placeholder, blank, change_number, delete, insert_stray, make_variant, move_up,
    strip_figures,
)
from assistant.evals.check_render import FORMATS, render, render_text
from assistant.text.figures import find_numbers

SETS = json.loads((DEFAULT_DATA / "sets.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=SETS, ids=lambda e: e["name"])
def loaded(request):
    return load_set(request.param, DEFAULT_DATA)


def test_sets_cover_two_outlines_one_citing_its_notes():
    assert len({e["outline"] for e in SETS}) >= 2
    assert {bool(e.get("cite_notes")) for e in SETS} == {True, False}


def test_complete_report_maps_every_section_of_its_outline(loaded):
    spec, notes, _ = loaded
    assert [s.sid for s in spec.sections] == [s.id for s in spec.outline.walk()]
    assert all(s.paras for s in spec.sections if spec.outline.find(s.sid).is_leaf)


@pytest.mark.parametrize("fmt", FORMATS)
def test_complete_report_checks_clean_in_every_form(loaded, fmt, tmp_path):
    spec, notes, _ = loaded
    result = check_report(render(spec, fmt, tmp_path / "bao_cao"), spec.outline, notes)
    assert result.findings == []


def test_edits_and_their_gold(loaded):
    spec, notes, support = copy.deepcopy(loaded)
    rng = random.Random(1)
    leaves = [s.sid for s in spec.sections if spec.outline.find(s.sid).is_leaf]
    first, last = leaves[0], leaves[-1]
    assert delete(spec, first) == [(first, "missing_section")] and first not in [s.sid for s in spec.sections]
    assert move_up(spec, last, rng) == [(last, "out_of_order")]
    assert insert_stray(spec, leaves[1], rng) == [(None, "unmatched_text")]
    assert blank(spec, leaves[2]) == [(leaves[2], "empty_section")]
    assert add_placeholder(spec, leaves[3], rng) == [(leaves[3], "placeholder_left")]
    assert add_bad_citation(spec, leaves[4], rng) == [(leaves[4], "invalid_citation")]
    assert change_number(spec, leaves[5], rng, support) == [(leaves[5], "unsupported_number")]


def test_strip_figures_leaves_no_figure_but_years(loaded):
    spec = copy.deepcopy(loaded[0])
    target = next(s for s in spec.sections
                  if {r.kind for r in spec.outline.find(s.sid).requirements} & {"count", "rate", "document"})
    strip_figures(spec, target.sid)
    assert target.paras and {m.kind for p in target.paras for m in find_numbers(p)} <= {"year"}


def test_variants_are_deterministic(loaded):
    spec, _, support = loaded
    a = make_variant(spec, random.Random("x"), support, True, 2, True, True)
    b = make_variant(spec, random.Random("x"), support, True, 2, True, True)
    assert render_text(a[0], True) == render_text(b[0], True) and a[1] == b[1]


def test_eval_meets_the_target_on_every_kind():
    result = run_check_eval(variants=3)
    assert result["clean_ok"] == result["clean_reports"] == 2 * len(FORMATS)
    for kind, m in result["per_kind"].items():
        assert m["precision"] >= TARGET and m["recall"] >= TARGET, (kind, m, result["errors"])
