"""The seeded-defect evaluation: the generator's edits and gold, the complete reports, and the targets."""

from __future__ import annotations

import ast
import copy
import json
import random
import re

import pytest

from assistant.checking.checker import check_report
from assistant.config import PROJECT_ROOT
from assistant.evals.check import DEFAULT_DATA, KINDS, TARGET, load_set, run_check_eval
from assistant.evals.check_defects import (
    absent,
    add_bad_citation,
    add_placeholder,
    blank,
    change_number,
    delete,
    figures_left,
    insert_stray,
    make_variant,
    move_up,
    strip_figures,
)
from assistant.evals.check_perturb import bump
from assistant.evals.check_render import FORMATS, render, render_text

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
    targets = [s for s in spec.sections
               if {r.kind for r in spec.outline.find(s.sid).requirements} & {"count", "rate", "document"}]
    assert targets
    for target in targets:
        assert figures_left(" ".join(target.paras))
        strip_figures(spec, target.sid)
        assert target.paras and figures_left(" ".join(target.paras)) == []


def test_strip_figures_on_a_written_example(loaded):
    spec = copy.deepcopy(loaded[0])
    leaf = next(s for s in spec.sections if spec.outline.find(s.sid).is_leaf)
    leaf.paras = ["Tổ chức 32 buổi cho 1.250 lượt người, đạt 95,5% kế hoạch [3]; Nghị quyết số 05-NQ/ĐU ngày "
                  "15/3/2021 về chuyển đổi số giai đoạn 2016-2021, phòng COVID-19 và chợ 4.0."]
    strip_figures(spec, leaf.sid)
    assert leaf.paras == ["Tổ chức nhiều buổi cho nhiều lượt người, đạt phần lớn kế hoạch [3]; Nghị quyết về "
                          "chuyển đổi số giai đoạn 2016-2021, phòng COVID-19 và chợ 4.0."]


def test_changed_figure_is_spelled_nowhere_in_the_notes_outline_or_report(loaded):
    spec, _, support = copy.deepcopy(loaded)
    leaves = [s for s in spec.sections if spec.outline.find(s.sid).is_leaf and re.search(r"\d", " ".join(s.paras))]
    for leaf in leaves:
        before = " ".join(leaf.paras)
        assert change_number(spec, leaf.sid, random.Random(leaf.sid), support) == [(leaf.sid, "unsupported_number")]
        after = " ".join(leaf.paras)
        new = [n for n in re.findall(r"\d+(?:[.,]\d+)*", after) if absent(n, support)]
        assert after != before and new, (leaf.sid, after)


def test_absent_reads_every_spelling():
    assert not absent("1.250", ["tổng 1250 lượt"]) and not absent("37,5", ["đạt 37.5%"])
    assert absent("125", ["1.250 lượt, 12,5%, số 1125"]) and absent("37", ["ngày 137"])


def test_label_bump():
    assert [bump("2.", 1), bump("b)", -1), bump("II.", 1), bump("1.", -1), bump("PHẦN THỨ NHẤT", 1)] == \
        ["3.", "a)", "III.", "1.", "PHẦN THỨ NHẤT"]


def test_answer_key_uses_no_checker_code():
    """The gold comes from the edits alone: the eval calls check_report (the thing graded) and nothing else of the
    checker, nor the figure, citation or numbering code the checker is built on."""
    banned = ("assistant.text.figures", "assistant.text.numbering", "assistant.rules", "assistant.checking")
    for path in sorted((PROJECT_ROOT / "assistant" / "evals").glob("check*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(banned):
                assert (node.module, [a.name for a in node.names]) == ("assistant.checking.checker", ["check_report"]), \
                    (path.name, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith(banned) for a in node.names), path.name


def test_variants_are_deterministic(loaded):
    spec, _, support = loaded
    a = make_variant(spec, random.Random("x"), support, True, 2, True, True)
    b = make_variant(spec, random.Random("x"), support, True, 2, True, True)
    assert render_text(a[0], True) == render_text(b[0], True) and a[1] == b[1]


def test_eval_meets_the_target_on_every_kind_of_the_dev_part():
    """Dev only: the test part is reported (RESULTS.md), not tuned against."""
    result = run_check_eval(variants=3, split="dev")
    assert list(result["splits"]) == ["dev"]
    dev = result["splits"]["dev"]
    assert dev["clean_ok"] == dev["clean_reports"] == len(FORMATS)
    assert set(dev["per_kind"]) == set(KINDS)
    for kind, m in dev["per_kind"].items():
        assert m["gold"] > 0, kind
        assert m["precision"] >= TARGET and m["recall"] >= TARGET, (kind, m, result["errors"])
