"""`baocao eval check`: precision and recall of the checker per finding kind, on reports with seeded defects.

evals/check/sets.json lists the complete reports (one per đề cương) with their notes; evals/check/split.json puts
each set in the dev or the test part. For every set and every form (FORMATS: .md, .txt, .docx with styles / lost
styles / automatic numbering, draft artifact, exported .docx) the runner checks the complete report (it must come
out clean) and VARIANTS reports with seeded defects (check_defects), and compares the findings, as (section, kind)
pairs, with the gold the edits imply. The gold comes from the edits alone: the only checker code called here is
`check_report`, the thing graded. Deterministic: seeded per set/form/variant. Figures are kept per part.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

from assistant.checking.checker import check_report
from assistant.config import PROJECT_ROOT
from assistant.evals.check_defects import Gold, Spec, make_variant, parse_spec
from assistant.evals.check_render import FORMATS, RUN_IN_OK, STRUCTURAL_FORMATS, UNNUMBERED_OK, render
from assistant.evals.splits import SplitChoice, load_split, split_of, wanted
from assistant.outline.parser import parse_outline_file
from assistant.reading.notes import read_notes

DEFAULT_DATA = PROJECT_ROOT / "evals" / "check"
TARGET = 0.9
VARIANTS = 14
KINDS = ("missing_section", "out_of_order", "unmatched_text", "empty_section", "missing_figure", "placeholder_left",
         "invalid_citation", "unsupported_number")
"""The kinds the edits seed (check_defects). A finding of any other kind is a false positive under "other"."""


def load_set(entry: dict, data_dir: Path) -> tuple[Spec, list, list[str]]:
    """(spec, notes, support) for one entry of sets.json; paths are relative to the data dir. `support` is the raw
    text of the notes, the đề cương and the complete report: a figure none of them spells is unsupported."""
    outline_path = _resolve(entry["outline"], data_dir)
    outline = parse_outline_file(outline_path)
    notes_path = _resolve(entry["notes"], data_dir)
    notes = read_notes(notes_path)
    report_text = _resolve(entry["report"], data_dir).read_text(encoding="utf-8")
    spec = parse_spec(report_text, outline)
    notes_text = notes_path.read_text(encoding="utf-8")
    if entry.get("cite_notes"):
        # [n] in the report = the n-th "- " bullet of the notes file
        bullets = [(i, ln[2:].strip()) for i, ln in enumerate(notes_text.splitlines(), 1) if ln.startswith("- ")]
        spec.sources = {n: (f"{notes_path.name}:{line}", text) for n, (line, text) in enumerate(bullets, 1)}
    return spec, notes, [notes_text, outline_path.read_text(encoding="utf-8"), report_text]


def _resolve(rel: str, data_dir: Path) -> Path:
    p = data_dir / rel
    return p if p.exists() else PROJECT_ROOT / rel


def _variants(base: Spec, fmt: str, seed: str, support: list[str], variants: int = VARIANTS):
    yield "clean", base, []
    for v in range(variants):
        rng = random.Random(f"{seed}/{fmt}/{v}")
        structural = fmt in STRUCTURAL_FORMATS and rng.random() < 0.65
        n_content = rng.choice((1, 1, 2)) if structural else rng.choice((1, 2, 2))
        perturb = fmt in STRUCTURAL_FORMATS and rng.random() < 0.5
        unnumbered = fmt in UNNUMBERED_OK and rng.random() < 0.2
        run_in = fmt in RUN_IN_OK and rng.random() < 0.4
        spec, gold = make_variant(base, rng, support, structural, n_content, perturb, unnumbered, run_in)
        yield f"v{v:02d}", spec, gold


def run_check_eval(data_dir: Path = DEFAULT_DATA, formats: tuple[str, ...] = FORMATS, variants: int = VARIANTS,
                   keep_dir: Path | None = None, split: SplitChoice = "all") -> dict:
    """{"formats", "splits": {part: {sets, reports, clean_reports, clean_ok, per_kind, per_format, overall}},
    "errors"}; each error line names its part."""
    data_dir = Path(data_dir)
    sets = json.loads((data_dir / "sets.json").read_text(encoding="utf-8"))
    splits = load_split(data_dir)
    parts = wanted(split)
    counts: Counter[tuple[str, str, str]] = Counter()  # (part, kind | form | "overall", "tp" | "fp" | "fn")
    tally: Counter[tuple[str, str]] = Counter()  # (part, "sets" | "reports" | "clean_reports" | "clean_ok")
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = keep_dir or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for entry in sets:
            part = split_of(splits, entry["name"], data_dir)
            if part not in parts:
                continue
            tally[(part, "sets")] += 1
            base, notes, support = load_set(entry, data_dir)
            for fmt in formats:
                for name, spec, gold in _variants(base, fmt, entry["name"], support, variants):
                    report = render(spec, fmt, out_dir / f"{entry['name']}_{fmt}_{name}")
                    result = check_report(report, base.outline, notes)
                    found = {(f.section, f.kind) for f in result.findings}
                    want = set(gold)
                    tally[(part, "reports")] += 1
                    if name == "clean":
                        tally[(part, "clean_reports")] += 1
                        tally[(part, "clean_ok")] += not found
                    for pair in sorted(found | want, key=str):
                        outcome = "tp" if pair in found and pair in want else "fp" if pair in found else "fn"
                        kind = pair[1] if pair[1] in KINDS else "other"
                        for key in (kind, fmt, "overall"):
                            counts[(part, key, outcome)] += 1
                        if outcome != "tp":
                            why = f" — {_msg(result, pair)}" if outcome == "fp" else ""
                            errors.append(f"[{part}] {outcome.upper()} {entry['name']}/{fmt}/{name}: {pair}{why}")
    out = {}
    for part in parts:
        kinds = [*KINDS, *(["other"] if counts[(part, "other", "fp")] else [])]
        out[part] = {
            **{k: tally[(part, k)] for k in ("sets", "reports", "clean_reports", "clean_ok")},
            "per_kind": {k: _metrics(counts, part, k) for k in kinds},
            "per_format": {fmt: _metrics(counts, part, fmt) for fmt in formats},
            "overall": _metrics(counts, part, "overall"),
        }
    return {"formats": list(formats), "splits": out, "errors": errors}


def _msg(result, pair: Gold) -> str:  # noqa: ANN001
    return next((re.sub(r"\s+", " ", f.message)[:140] for f in result.findings if (f.section, f.kind) == pair), "")


def _metrics(counts: Counter[tuple[str, str, str]], part: str, key: str) -> dict:
    tp, fp, fn = (counts[(part, key, o)] for o in ("tp", "fp", "fn"))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"gold": tp + fn, "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4)}
