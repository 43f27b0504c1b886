"""Seeded defects for `baocao eval check`: a complete report, then deletions, moves, blanks, stripped figures,
placeholders, bad citations, unsupported numbers and stray text, with the gold findings each edit implies.

The complete report is written by hand as markdown (`#` headings with the đề cương's numbers and titles). Its
headings are mapped to the đề cương strictly, by numbering path (the parsed outline's ids), so the gold does not
depend on the checker's own alignment. Gold conventions (the checker documents the same rules):
- delete a section → missing_section for it (its children are not reported);
- move a section up among its siblings → out_of_order for the moved section;
- blank a leaf → empty_section; strip every figure of a leaf whose đề cương demands count/rate/document/comparison
  → missing_figure; add "[Cần bổ sung: …]" or a dotted blank → placeholder_left; add [k] naming no source →
  invalid_citation; change a figure to one the notes do not hold → unsupported_number;
- insert a heading that is in no đề cương (with a paragraph) → unmatched_text (section None).
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.text.figures import find_numbers, format_vn_number, unsupported_numbers
from assistant.text.numbering import parse_marker
from assistant.types import Outline
from assistant.evals.check_perturb import ROMANS, drop_numbers, renumber_after, retitle, run_in_headings

Gold = tuple[str | None, str]

STRAY_TITLES = [
    "Công tác phòng, chống dịch bệnh Covid-19",
    "Tình hình an ninh chính trị, trật tự an toàn xã hội",
    "Công tác quốc phòng, quân sự địa phương",
    "Hoạt động thể dục, thể thao và văn nghệ quần chúng",
    "Công tác cải cách hành chính, chuyển đổi số",
    "Tình hình thời tiết, thiên tai trong năm",
]
STRAY_TEXT = [
    "Trong kỳ, tình hình diễn biến phức tạp, các lực lượng đã chủ động phối hợp xử lý kịp thời, không để xảy ra "
    "điểm nóng.",
    "Các hoạt động được tổ chức sôi nổi, thu hút đông đảo Nhân dân tham gia, góp phần nâng cao đời sống tinh thần.",
]
_FIGURE_STRIP = {"percent": "phần lớn", "number": "nhiều", "ratio": "nhiều", "date": "", "docnumber": ""}
_FIGURE_KINDS = {"count", "rate", "document", "comparison"}


@dataclass
class SpecSection:
    sid: str
    number: str
    title: str
    level: int
    paras: list[str] = field(default_factory=list)
    stray: bool = False
    run_in: bool = False
    """Written as a run-in heading: "1. Title: first paragraph" on one line (plain text and Word forms)."""


@dataclass
class Spec:
    preamble: list[str]
    sections: list[SpecSection]
    closing: list[str]
    outline: Outline
    sources: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Citation number → (locator label, note text); empty when the report cites nothing."""


def parse_spec(text: str, outline: Outline) -> Spec:
    """Strict reading of a hand-written complete report; a heading that is not the đề cương's → ValueError."""
    preamble: list[str] = []
    closing: list[str] = []
    sections: list[SpecSection] = []
    path: list[str] = []
    top = min(len(m.group(1)) for m in re.finditer(r"^(#+)\s", text, re.M))
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m:
            marker = parse_marker(m.group(2))
            if marker is None:
                raise ValueError(f"heading without a number: {line}")
            level = len(m.group(1)) - top
            path = path[:level] + [marker.key]
            sid = ".".join(path)
            sec = outline.find(sid)
            if sec is None:
                raise ValueError(f"heading {line!r} → {sid}, not in the outline")
            sections.append(SpecSection(sid, marker.label, marker.rest.strip(" ."), sec.level))
        elif line.startswith("Trên đây là") or closing:
            closing.append(line)
        elif sections:
            sections[-1].paras.append(line)
        else:
            preamble.append(line)
    return Spec(preamble, sections, closing, outline)


# ---------------------------------------------------------------- the edits


def _block(spec: Spec, sid: str) -> tuple[int, int]:
    """[start, end) of a section and its descendants in spec.sections."""
    start = next(i for i, s in enumerate(spec.sections) if s.sid == sid)
    end = start + 1
    while end < len(spec.sections) and spec.sections[end].level > spec.sections[start].level:
        end += 1
    return start, end


def delete(spec: Spec, sid: str) -> list[Gold]:
    start, end = _block(spec, sid)
    del spec.sections[start:end]
    return [(sid, "missing_section")]


def move_up(spec: Spec, sid: str, rng: random.Random) -> list[Gold]:
    start, end = _block(spec, sid)
    level = spec.sections[start].level
    earlier = []
    for i in range(start - 1, -1, -1):
        s = spec.sections[i]
        if s.level < level:
            break
        if s.level == level:
            earlier.append(i)
    target = rng.choice(earlier)
    block = spec.sections[start:end]
    del spec.sections[start:end]
    spec.sections[target:target] = block
    return [(sid, "out_of_order")]


def insert_stray(spec: Spec, after_sid: str, rng: random.Random) -> list[Gold]:
    start, end = _block(spec, after_sid)
    anchor = spec.sections[start]
    marker = parse_marker(f"{anchor.number} x")
    number = anchor.number
    if marker and marker.key.isdigit():
        number = anchor.number.replace(marker.key, str(int(marker.key) + 1), 1)
    elif marker and len(marker.key) == 1 and marker.key.islower():
        number = anchor.number.replace(marker.key, chr(ord(marker.key) + 1), 1)
    elif marker and marker.kind.startswith("roman") and marker.key in ROMANS[:-1]:
        number = anchor.number.replace(marker.key, ROMANS[ROMANS.index(marker.key) + 1], 1)
    stray = SpecSection("", number, rng.choice(STRAY_TITLES), anchor.level, [rng.choice(STRAY_TEXT)], stray=True)
    spec.sections.insert(end, stray)
    return [(None, "unmatched_text")]


def blank(spec: Spec, sid: str) -> list[Gold]:
    _section(spec, sid).paras = []
    return [(sid, "empty_section")]


def strip_figures(spec: Spec, sid: str) -> list[Gold]:
    sec = _section(spec, sid)
    out = []
    for para in sec.paras:
        for m in sorted(find_numbers(para), key=lambda m: m.start, reverse=True):
            if m.kind not in _FIGURE_STRIP:
                continue
            start = m.start
            before = para[:start].rstrip()
            for word in ("ngày", "số"):
                if _FIGURE_STRIP[m.kind] == "" and before.lower().endswith(word):
                    start = len(before) - len(word)
            para = para[:start] + _FIGURE_STRIP[m.kind] + para[m.end:]
        para = re.sub(r"\s+([,.;])", r"\1", re.sub(r"[ \t]{2,}", " ", para)).strip()
        out.append(para)
    sec.paras = [p for p in out if p]
    return [(sid, "missing_figure")]


def add_placeholder(spec: Spec, sid: str, rng: random.Random) -> list[Gold]:
    sec = _section(spec, sid)
    req = next((r.text for r in spec.outline.find(sid).requirements), "số liệu cụ thể")  # type: ignore[union-attr]
    if rng.random() < 0.3:
        sec.paras.append("Số lượt người tham gia: .......... lượt người.")
    else:
        sec.paras[-1] = sec.paras[-1].rstrip(".") + f" [Cần bổ sung: {req}]."
    return [(sid, "placeholder_left")]


def add_bad_citation(spec: Spec, sid: str, rng: random.Random) -> list[Gold]:
    sec = _section(spec, sid)
    k = max(spec.sources, default=0) + rng.randint(1, 9)
    para = sec.paras[0]
    cut = para.find(". ")
    cut = cut if cut > 0 else len(para.rstrip(".")) if para.endswith(".") else len(para)
    sec.paras[0] = para[:cut] + f" [{k}]" + para[cut:]
    return [(sid, "invalid_citation")]


def change_number(spec: Spec, sid: str, rng: random.Random, support: list[str]) -> list[Gold]:
    sec = _section(spec, sid)
    options = [(i, m) for i, p in enumerate(sec.paras) for m in find_numbers(p)
               if m.kind in ("number", "percent") and m.value is not None]
    rng.shuffle(options)
    for i, m in options:
        for delta in (7, 13, 29, 3):
            value = m.value + delta if m.kind == "number" else max(Decimal("0.5"), m.value - Decimal(delta) / 2)  # type: ignore[operator]
            new = format_vn_number(value) + ("%" if m.kind == "percent" else "")
            para = sec.paras[i][: m.start] + new + sec.paras[i][m.end:]
            if any(x.start == m.start for x in unsupported_numbers(para, support)):
                sec.paras[i] = para
                return [(sid, "unsupported_number")]
    for n in (37, 143, 58, 611):
        extra = f"Ngoài ra, các đơn vị đã tổ chức thêm {n} buổi sinh hoạt chuyên đề."
        if unsupported_numbers(extra, support):
            sec.paras.append(extra)
            return [(sid, "unsupported_number")]
    raise ValueError(f"no unsupported figure could be made for {sid}")


def _section(spec: Spec, sid: str) -> SpecSection:
    return next(s for s in spec.sections if s.sid == sid)


# ---------------------------------------------------------------- one variant

STRUCTURAL = ("delete", "move", "stray")
CONTENT = ("blank", "strip", "placeholder", "citation", "unsupported")


def _content_candidates(spec: Spec, op: str, touched: set[str]) -> list[SpecSection]:
    out = []
    for s in spec.sections:
        sec = spec.outline.find(s.sid) if not s.stray else None
        if sec is None or not sec.is_leaf or not s.paras or s.sid in touched:
            continue
        if op == "strip" and not ({r.kind for r in sec.requirements} & _FIGURE_KINDS):
            continue
        out.append(s)
    return out


def make_variant(base: Spec, rng: random.Random, support: list[str], structural: bool, n_content: int,
                 perturb: bool = False, unnumbered: bool = False, run_in: bool = False) -> tuple[Spec, list[Gold]]:
    """A copy of `base` with one structural edit (when asked) and `n_content` content edits on distinct leaves.
    Edits that must not change the findings: `perturb` (renumbering after a deletion, retitling), `unnumbered`
    (headings without labels), `run_in` (some leaves written "1. Title: text")."""
    spec = copy.deepcopy(base)
    gold: list[Gold] = []
    touched: set[str] = set()
    if structural:
        op = rng.choice(STRUCTURAL)
        if op == "move":
            movable = [s.sid for i, s in enumerate(spec.sections)
                       if any(t.level == s.level for t in _siblings_before(spec, i))]
            gold += move_up(spec, rng.choice(movable), rng)
        elif op == "delete":
            sid = rng.choice([s.sid for s in spec.sections])
            start, _ = _block(spec, sid)
            level = spec.sections[start].level
            gold += delete(spec, sid)
            if perturb:
                renumber_after(spec, start, level)
            touched |= {s.id for s in spec.outline.find(sid).walk()}  # type: ignore[union-attr]
        else:
            leaf_ends = [s.sid for s in spec.sections if spec.outline.find(s.sid).is_leaf]  # type: ignore[union-attr]
            gold += insert_stray(spec, rng.choice(leaf_ends), rng)
    for _ in range(n_content):
        op = rng.choice(CONTENT)
        candidates = _content_candidates(spec, op, touched)
        if not candidates:
            continue
        sid = rng.choice(candidates).sid
        touched.add(sid)
        if op == "blank":
            gold += blank(spec, sid)
        elif op == "strip":
            gold += strip_figures(spec, sid)
        elif op == "placeholder":
            gold += add_placeholder(spec, sid, rng)
        elif op == "citation":
            gold += add_bad_citation(spec, sid, rng)
        else:
            gold += change_number(spec, sid, rng, support)
    if perturb:
        retitle(spec, rng)
    if unnumbered:
        drop_numbers(spec)
    elif run_in:
        run_in_headings(spec, rng)
    return spec, gold


def _siblings_before(spec: Spec, i: int) -> list[SpecSection]:
    level = spec.sections[i].level
    out = []
    for j in range(i - 1, -1, -1):
        if spec.sections[j].level < level:
            break
        out.append(spec.sections[j])
    return out
