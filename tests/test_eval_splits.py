"""Every eval set is split into dev and test in data: the parts are disjoint, cover every scored item, and the seed
plan is in at most one eval, in its dev part only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evals.outline import INPUT_SUFFIXES
from assistant.evals.splits import SPLIT_FILE, load_split, split_of

EVALS = PROJECT_ROOT / "evals"
SEED = re.compile(r"33-KH/BTGTU|tuyengiaosapa@gmail\.com")
"""Phrases of the seed plan (knowledge/ke_hoach_19ct.txt, tests/fixtures/seed_kehoach_19ct.txt): its number and the
e-mail address it asks reports to be sent to; every export of the plan keeps them."""


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.suffix != ".docx" else ""


def outline_items() -> dict[str, list[Path]]:
    folder = EVALS / "outline"
    return {p.name: [p] for p in folder.iterdir()
            if p.suffix.lower() in INPUT_SUFFIXES and p.with_name(p.stem + ".gold.json").exists()}


def retrieval_items() -> dict[str, list[Path]]:
    folder = EVALS / "retrieval"
    corpus = [folder / d["path"] for d in json.loads((folder / "corpus.json").read_text(encoding="utf-8"))]
    lines = (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["id"]: corpus for line in lines if line.strip()}  # every query searches the whole corpus


def draft_items() -> dict[str, list[Path]]:
    return {p.parent.name: sorted(p.parent.iterdir()) for p in (EVALS / "draft").glob("*/case.json")}


def check_items() -> dict[str, list[Path]]:
    folder = EVALS / "check"

    def resolve(rel: str) -> Path:
        return folder / rel if (folder / rel).exists() else PROJECT_ROOT / rel

    sets = json.loads((folder / "sets.json").read_text(encoding="utf-8"))
    return {e["name"]: [resolve(e[k]) for k in ("outline", "report", "notes")] for e in sets}


ITEMS = {"outline": outline_items, "retrieval": retrieval_items, "draft": draft_items, "check": check_items}


@pytest.mark.parametrize("name", ITEMS)
def test_split_is_disjoint_and_covers_every_item(name):
    folder = EVALS / name
    raw = json.loads((folder / SPLIT_FILE).read_text(encoding="utf-8"))
    assert raw["rule"].strip(), "the split file says how it was chosen"
    dev, test = raw["dev"], raw["test"]
    assert len(dev) == len(set(dev)) and len(test) == len(set(test))
    assert not set(dev) & set(test)
    items = ITEMS[name]()
    assert set(dev) | set(test) == set(items), "every scored item in exactly one part, and no stale names"
    share = len(test) / len(items)
    assert dev and test and 0.3 <= share <= 0.5, share


def test_load_split_rejects_an_item_in_both_parts_and_an_unknown_item(tmp_path):
    (tmp_path / SPLIT_FILE).write_text(json.dumps({"rule": "x", "dev": ["a", "b"], "test": ["b"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="both"):
        load_split(tmp_path)
    (tmp_path / SPLIT_FILE).write_text(json.dumps({"rule": "x", "dev": ["a"], "test": ["b"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="not in"):
        split_of(load_split(tmp_path), "c", tmp_path)


def test_seed_plan_is_in_at_most_one_eval_and_only_in_dev():
    holders: dict[str, set[str]] = {}
    for name, items in ITEMS.items():
        splits = load_split(EVALS / name)
        with_seed = {item for item, paths in items().items() if any(SEED.search(_text(p)) for p in paths)}
        if with_seed:
            holders[name] = {splits[item] for item in with_seed}
    assert len(holders) <= 1, holders
    assert all(parts == {"dev"} for parts in holders.values()), holders


def test_seed_fingerprint_finds_the_seed_plan():
    assert SEED.search(_text(PROJECT_ROOT / "knowledge" / "ke_hoach_19ct.txt"))
    assert SEED.search(_text(PROJECT_ROOT / "tests" / "fixtures" / "seed_kehoach_19ct.txt"))
