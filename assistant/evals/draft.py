"""`baocao eval draft`: routing accuracy, coverage, invalid citations and unsupported numbers of the drafter.

Dataset: evals/draft/<case>/case.json names the đề cương file, the tagged notes file and the unit. In the tagged
notes file every note line ends with its gold section id in braces ("- Tổ chức 32 buổi ... {II.1}"; "{-}" = the
note fits no section and should stay unrouted). The tags are stripped into a temporary notes file with the same
name, so note ids ("notes.md:12") and line numbers are those of the tagged file: labels can never drift.

Metrics per case and overall:
- routing accuracy: notes whose first routed section equals the gold label (or unrouted for "{-}") / labelled notes;
- coverage: leaves with text (drafted text or a placeholder) / all leaves;
- invalid citations and unsupported numbers: flags in the draft (target 0 with the offline backend).
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.drafting.orchestrate import draft_report, make_embed, summarize
from assistant.reading.notes import read_notes
from assistant.drafting.routing import RoutingKnobs, route_notes

TAG = re.compile(r"\s*\{([^{}\s]+)\}\s*$")
NO_SECTION = "-"


@dataclass
class CaseResult:
    name: str
    notes: int
    correct: int
    leaves: int
    covered: int
    invalid_citations: int
    unsupported_numbers: int
    placeholders: int
    by_method: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.notes if self.notes else 0.0


def strip_tags(text: str) -> tuple[str, dict[int, str]]:
    """Tagged notes text → (plain text with the same lines, {line number: gold section id})."""
    lines, labels = [], {}
    for i, line in enumerate(text.split("\n"), start=1):
        m = TAG.search(line)
        if m:
            labels[i] = m.group(1)
            line = line[: m.start()]
        lines.append(line)
    return "\n".join(lines), labels


def run_case(case_dir: Path, settings: Settings) -> CaseResult:
    from assistant.outline.parser import parse_outline_file

    cfg = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    outline = parse_outline_file(case_dir / cfg["outline"])
    tagged = (case_dir / cfg["notes"]).read_text(encoding="utf-8")
    plain, labels = strip_tags(tagged)
    with tempfile.TemporaryDirectory() as tmp:
        notes_path = Path(tmp) / cfg.get("notes_name", "notes.md")
        notes_path.write_text(plain, encoding="utf-8")
        notes = read_notes(notes_path)
    embed = make_embed(settings)
    routing = route_notes(outline, notes, embed, RoutingKnobs.from_settings(settings))
    leaf_ids = {s.id for s in outline.leaves()}
    result = CaseResult(case_dir.name, 0, 0, len(leaf_ids), 0, 0, 0, 0)
    for note in notes:
        gold = labels.get(note.locator.line or -1)
        if gold is None:
            continue
        if gold != NO_SECTION and gold not in leaf_ids:
            result.errors.append(f"{note.id}: nhãn {gold} không phải mục lá của đề cương")
        result.notes += 1
        got = routing.section_of(note.id)
        ok = (not got) if gold == NO_SECTION else bool(got) and got[0] == gold
        result.correct += ok
        method = routing.decisions[note.id].method if note.id in routing.decisions else "none"
        result.by_method[method] = result.by_method.get(method, 0) + 1
        if not ok:
            result.errors.append(f"{note.id}: nhãn {gold}, xếp vào {got or 'không mục nào'} — {note.text[:60]}")
    draft = draft_report(outline, notes, settings=settings, unit=cfg.get("unit"), embed=embed, routing=routing)
    summary = summarize(draft)
    result.covered = sum(1 for s in draft.sections if s.text.strip())
    result.invalid_citations = summary["invalid_citations"]
    result.unsupported_numbers = summary["unsupported_numbers"]
    result.placeholders = summary["placeholders"]
    return result


def run_eval(root: Path, settings: Settings) -> list[CaseResult]:
    cases = sorted(p.parent for p in root.glob("*/case.json"))
    return [run_case(c, settings) for c in cases]


def totals(results: list[CaseResult]) -> dict:
    notes = sum(r.notes for r in results)
    leaves = sum(r.leaves for r in results)
    return {
        "cases": len(results),
        "notes": notes,
        "routing_accuracy": sum(r.correct for r in results) / notes if notes else 0.0,
        "coverage": sum(r.covered for r in results) / leaves if leaves else 0.0,
        "invalid_citations": sum(r.invalid_citations for r in results),
        "unsupported_numbers": sum(r.unsupported_numbers for r in results),
        "placeholders": sum(r.placeholders for r in results),
    }
