"""`baocao eval draft`: routing accuracy, coverage, invalid citations and unsupported numbers of the drafter.

Dataset: evals/draft/<case>/case.json names the đề cương file, the tagged notes file and the unit. In the tagged
notes file every note line ends with its gold section id in braces ("- Tổ chức 32 buổi ... {II.1}"; "{-}" = the
note fits no section and should stay unrouted). The tags are stripped into a temporary notes file with the same
name, so note ids ("notes.md:12") and line numbers are those of the tagged file: labels can never drift.

Every case is in the dev or the test part (evals/draft/split.json); totals are per part, never mixed.

Metrics per case and per part:
- routing accuracy: notes whose first routed section equals the gold label (or unrouted for "{-}") / labelled notes;
- written: leaves that hold a gold-labelled note and got drafted text beyond placeholders / such leaves;
- TRUE BY CONSTRUCTION with the offline writer, shown only as a sanity line: every leaf has text (a leaf without
  notes gets a placeholder), and the drafter's own flags for invalid citations and unsupported numbers are 0 (the
  offline writer copies note sentences and cites them; the flags are the drafter grading itself).
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.drafting.routing import RoutingKnobs, route_notes
from assistant.evals.splits import SplitChoice, load_split, split_of, wanted
from assistant.reading.notes import read_notes
from assistant.services import Services, build_services
from assistant.types import Draft, Note, Outline

TAG = re.compile(r"\s*\{([^{}\s]+)\}\s*$")
NO_SECTION = "-"
_PLACEHOLDER = re.compile(r"\[\s*Cần bổ sung[^\]]*\]|\.{4,}|…{2,}", re.I)


@dataclass
class CaseResult:
    name: str
    split: str
    notes: int
    correct: int
    leaves: int
    covered: int
    leaves_with_notes: int
    written: int
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


def _draft(outline: Outline, notes: list[Note], services: Services, unit: str | None, routing) -> tuple[Draft, dict]:  # noqa: ANN001
    """The one call into drafting: the offline draft (routing given) and its own summary."""
    from assistant.drafting.markdown import summarize
    from assistant.drafting.orchestrate import draft_report
    from assistant.drafting.request import DraftRequest

    draft = draft_report(DraftRequest(outline, notes, unit=unit, routing=routing), services.draft_deps(None))
    return draft, summarize(draft)


def has_prose(text: str) -> bool:
    """Text beyond placeholders: at least a few words once "[Cần bổ sung: …]" and dotted blanks are removed."""
    return len(re.findall(r"[^\W\d_]{2,}", _PLACEHOLDER.sub(" ", text))) >= 3


def run_case(case_dir: Path, settings: Settings, split: str = "dev") -> CaseResult:
    from assistant.outline.parser import parse_outline_file

    cfg = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    outline = parse_outline_file(case_dir / cfg["outline"])
    tagged = (case_dir / cfg["notes"]).read_text(encoding="utf-8")
    plain, labels = strip_tags(tagged)
    with tempfile.TemporaryDirectory() as tmp:
        notes_path = Path(tmp) / cfg.get("notes_name", "notes.md")
        notes_path.write_text(plain, encoding="utf-8")
        notes = read_notes(notes_path)
    services = build_services(settings)
    routing = route_notes(outline, notes, services.embed, RoutingKnobs.from_settings(settings))
    leaf_ids = {s.id for s in outline.leaves()}
    result = CaseResult(case_dir.name, split, 0, 0, len(leaf_ids), 0, 0, 0, 0, 0, 0)
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
    draft, summary = _draft(outline, notes, services, cfg.get("unit"), routing)
    gold_leaves = set(labels.values()) & leaf_ids
    result.covered = sum(1 for s in draft.sections if s.text.strip())
    result.leaves_with_notes = len(gold_leaves)
    result.written = sum(1 for s in draft.sections if s.section_id in gold_leaves and has_prose(s.text))
    result.invalid_citations = summary["invalid_citations"]
    result.unsupported_numbers = summary["unsupported_numbers"]
    result.placeholders = summary["placeholders"]
    return result


def run_eval(root: Path, settings: Settings, split: SplitChoice = "all") -> list[CaseResult]:
    splits = load_split(root)
    parts = wanted(split)
    cases = sorted(p.parent for p in root.glob("*/case.json"))
    chosen = [(c, split_of(splits, c.name, root)) for c in cases]
    return [run_case(c, settings, part) for part in parts for c, p in chosen if p == part]


def totals(results: list[CaseResult]) -> dict:
    notes = sum(r.notes for r in results)
    leaves = sum(r.leaves for r in results)
    with_notes = sum(r.leaves_with_notes for r in results)
    return {
        "cases": len(results),
        "notes": notes,
        "routing_accuracy": sum(r.correct for r in results) / notes if notes else 0.0,
        "leaves_with_notes": with_notes,
        "written": sum(r.written for r in results) / with_notes if with_notes else 0.0,
        "by_construction": {
            "coverage": sum(r.covered for r in results) / leaves if leaves else 0.0,
            "invalid_citations": sum(r.invalid_citations for r in results),
            "unsupported_numbers": sum(r.unsupported_numbers for r in results),
        },
        "placeholders": sum(r.placeholders for r in results),
    }


def totals_by_split(results: list[CaseResult]) -> dict[str, dict]:
    parts = list(dict.fromkeys(r.split for r in results))
    return {part: totals([r for r in results if r.split == part]) for part in parts}
