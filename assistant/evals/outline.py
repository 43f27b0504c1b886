"""`baocao eval outline`: the outline parser against hand-made gold trees in evals/outline/.

Each input file `NAME.(txt|md|docx|pdf)` has `NAME.gold.json` in the shape of `baocao outline --json`
(guidance is not scored). Metrics, per file and overall (micro-averaged):
- section-tree F1: a section matches when its path of number labels (I. → 1. → a)) and its
  normalised title (case, spacing, tone-mark placement, end punctuation) both match;
- requirement recall: distinct gold (section, kind) pairs that the parser also gives for the matched section;
- tables: gold Biểu tables whose title and columns are both found.
Every file is in the dev or the test part (`split.json`); totals are given per part, never mixed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from assistant.config import PROJECT_ROOT
from assistant.evals.splits import SplitChoice, load_split, split_of, wanted
from assistant.outline.parser import outline_to_dict, parse_outline_file
from assistant.text.normalize import fold_key

DEFAULT_DIR = PROJECT_ROOT / "evals" / "outline"
INPUT_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}

Key = tuple[tuple[str, ...], str]


def norm_number(label: str) -> str:
    return re.sub(r"[\s.\-–):/]+$", "", fold_key(label).replace(" ", "")) or label.strip()


def norm_title(title: str) -> str:
    t = fold_key(title)
    t = re.sub(r"\s*([,;:])\s*", r"\1 ", t)
    return t.strip(" .:;,")


def _walk(sections: list[dict], path: tuple[str, ...] = ()):
    for s in sections:
        p = (*path, norm_number(s.get("number", "")))
        yield (p, norm_title(s.get("title", ""))), s
        yield from _walk(s.get("children", []), p)


def section_keys(tree: dict) -> Counter[Key]:
    return Counter(k for k, _ in _walk(tree.get("sections", [])))


def requirement_pairs(tree: dict) -> Counter[tuple[Key, str]]:
    return Counter((k, r["kind"]) for k, s in _walk(tree.get("sections", [])) for r in s.get("requirements", []))


def _table_key(t: dict) -> tuple[str, tuple[str, ...]]:
    return norm_title(t.get("title", "")), tuple(norm_title(c) for c in t.get("columns", []))


def score(gold: dict, pred: dict) -> dict:
    g, p = section_keys(gold), section_keys(pred)
    tp = sum((g & p).values())
    precision = tp / sum(p.values()) if p else 0.0
    recall = tp / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    gr = set(requirement_pairs(gold))
    found = len(gr & set(requirement_pairs(pred)))
    gt = Counter(_table_key(t) for t in gold.get("tables", []))
    pt = Counter(_table_key(t) for t in pred.get("tables", []))
    return {
        "sections_gold": sum(g.values()),
        "sections_pred": sum(p.values()),
        "sections_matched": tp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "requirements_gold": len(gr),
        "requirements_found": found,
        "requirement_recall": round(found / len(gr), 4) if gr else 1.0,
        "tables_gold": sum(gt.values()),
        "tables_matched": sum((gt & pt).values()),
        "missing": sorted(" > ".join(k[0]) + " " + k[1] for k in (g - p)),
        "extra": sorted(" > ".join(k[0]) + " " + k[1] for k in (p - g)),
    }


def run_outline_eval(data_dir: Path = DEFAULT_DIR, split: SplitChoice = "all") -> dict:
    """{"files": per-file scores (each with its "split"), "splits": {"dev"|"test": micro-averaged totals}}."""
    data_dir = Path(data_dir)
    splits = load_split(data_dir)
    parts = wanted(split)
    files = sorted(p for p in data_dir.iterdir() if p.suffix.lower() in INPUT_SUFFIXES)
    rows = []
    for path in files:
        gold_path = path.with_name(path.stem + ".gold.json")
        if not gold_path.exists():
            continue
        part = split_of(splits, path.name, data_dir)
        if part not in parts:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = outline_to_dict(parse_outline_file(path))
        rows.append({"file": path.name, "split": part, **score(gold, pred)})
    return {"files": rows, "splits": {part: _totals([r for r in rows if r["split"] == part]) for part in parts}}


def _totals(rows: list[dict]) -> dict:
    totals = {k: sum(r[k] for r in rows) for k in (
        "sections_gold", "sections_pred", "sections_matched", "requirements_gold", "requirements_found",
        "tables_gold", "tables_matched",
    )}
    p = totals["sections_matched"] / totals["sections_pred"] if totals["sections_pred"] else 0.0
    r = totals["sections_matched"] / totals["sections_gold"] if totals["sections_gold"] else 0.0
    return {
        "files": len(rows),
        **totals,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "requirement_recall": round(totals["requirements_found"] / totals["requirements_gold"], 4)
        if totals["requirements_gold"] else 1.0,
    }


def render_results(results: dict, console: Console) -> None:
    table = RichTable(title="Đánh giá phân tích đề cương")
    for col in ("Phần", "Tệp", "Mục (gold/dự đoán/khớp)", "P", "R", "F1", "Yêu cầu tìm thấy", "Độ phủ yêu cầu", "Biểu"):
        table.add_column(col, justify="left" if col in ("Phần", "Tệp") else "right")

    def row(part: str, name: str, r: dict) -> list[str]:
        return [
            part, name,
            f"{r['sections_gold']}/{r['sections_pred']}/{r['sections_matched']}",
            f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
            f"{r['requirements_found']}/{r['requirements_gold']}", f"{r['requirement_recall']:.3f}",
            f"{r['tables_matched']}/{r['tables_gold']}",
        ]

    for part, total in results["splits"].items():
        for r in results["files"]:
            if r["split"] == part:
                table.add_row(*row(part, r["file"], r))
        table.add_row(*row(part, f"[bold]Tổng {part}[/]", total), end_section=True)
    console.print(table)
    for part, o in results["splits"].items():
        console.print(f"[{part}] {o['files']} tệp — F1 cây mục: {o['f1']:.3f}; "
                      f"độ phủ yêu cầu số liệu: {o['requirement_recall']:.3f}; "
                      f"Biểu {o['tables_matched']}/{o['tables_gold']}",
                      highlight=False, markup=False)
    for r in results["files"]:
        for label, items in (("thiếu", r["missing"]), ("thừa", r["extra"])):
            for item in items[:5]:
                console.print(f"[dim]{r['file']}: {label} {item}[/]")
