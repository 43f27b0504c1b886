"""Seeded defects for `baocao eval check`: a complete report, then deletions, moves, blanks, stripped figures,
placeholders, bad citations, unsupported numbers and stray text, with the gold findings each edit implies.

The complete report is written by hand as markdown (`#` headings with the đề cương's numbers and titles, every
section in order). Its i-th heading is the i-th section of the parsed đề cương (its typed number and depth must
agree), so the gold never depends on the checker's alignment or number recognition.

The answer key comes from the edits alone: nothing here calls the checker or the figure, citation and numbering
code it uses. Figures are found and rewritten with this module's own plain patterns (digits), and "the notes do not
hold this figure" means its digits occur nowhere in the raw notes, đề cương or report text. Gold conventions:
- delete a section → missing_section for it (its children are not reported);
- move a section up among its siblings → out_of_order for the moved section;
- blank a leaf → empty_section; strip every figure (every digit but a year's) of a leaf whose đề cương demands
  count/rate/document/comparison → missing_figure; add "[Cần bổ sung: …]" or a dotted blank → placeholder_left;
  add [k] naming no source → invalid_citation; change a figure to one the notes do not hold → unsupported_number;
- insert a heading that is in no đề cương (with a paragraph) → unmatched_text (section None).
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, field

from assistant.evals.check_perturb import bump, drop_numbers, renumber_after, retitle, run_in_headings
from assistant.types import Outline

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
_FIGURE_KINDS = {"count", "rate", "document", "comparison"}

# The eval's own figure patterns (plain digits), in the order they are stripped; years are kept.
_DOC_WORDS = r"(?:Chỉ thị|Nghị quyết|Kết luận|Quyết định|Kế hoạch|Công văn|Thông tư|Nghị định|Hướng dẫn|Thông báo)"
_STRIP = [
    (re.compile(r"(?:\b(?:ngày|hôm)\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", re.I), ""),
    (re.compile(r"(?:\bngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.I), ""),
    (re.compile(r"(?:\btháng\s+)?\d{1,2}/\d{4}", re.I), ""),
    (re.compile(rf"(\b{_DOC_WORDS})(?:\s+số)?\s+\d+\w*(?:[-/][\w/.-]*\w)?", re.I), r"\1"),
    (re.compile(r"(?:\bsố\s+)?(?<![\w/])\d+(?:/\d{4})?[-/][^\W\d_][\w/.-]*\w", re.I), ""),
    (re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|phần trăm)", re.I), "phần lớn"),
    (re.compile(r"\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)?"), "nhiều"),
]
YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d]|[.,]\d)")
_CITATION = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")
_KEEP_DIGITS = re.compile(r"(?<=[^\W\d_]-)\d+|\b\d\.0\b")  # "COVID-19", "4.0": names, not figures
_COUNT = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:\.\d{3})+|\d+)(?![\w/%-]|[.,]\d)(?=\s+[^\W\d_])")
_PERCENT = re.compile(r"(?<![\w.,/-])(\d+(?:,\d+)?)\s?%")
_NOT_A_COUNT = re.compile(
    r"(?:năm|ngày|tháng|số|thứ|khóa|khoá|lần|giai đoạn|điều|khoản|điểm|mục|tiêu chí|"
    + _DOC_WORDS + r")\s*$", re.I)


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
    """Strict reading of a hand-written complete report: its headings are the đề cương's sections, all of them, in
    order, each starting with the section's typed number at the section's depth; anything else → ValueError."""
    preamble: list[str] = []
    closing: list[str] = []
    sections: list[SpecSection] = []
    expected = list(outline.walk())
    top = min(len(m.group(1)) for m in re.finditer(r"^(#+)\s", text, re.M))
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m:
            if len(sections) == len(expected):
                raise ValueError(f"heading {line!r} after the last section of the outline")
            sec = expected[len(sections)]
            heading, number = m.group(2).strip(), sec.number.strip()
            if not heading.casefold().startswith(number.casefold()) or len(m.group(1)) - top != sec.level:
                raise ValueError(f"heading {line!r} is not section {sec.id} ({number} {sec.title}) at depth {sec.level}")
            title = heading[len(number):].strip(" .:")
            sections.append(SpecSection(sec.id, heading[: len(number)], title, sec.level))
        elif line.startswith("Trên đây là") or closing:
            closing.append(line)
        elif sections:
            sections[-1].paras.append(line)
        else:
            preamble.append(line)
    if len(sections) != len(expected):
        raise ValueError(f"the report has {len(sections)} of the outline's {len(expected)} sections")
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
    stray = SpecSection("", bump(anchor.number, +1), rng.choice(STRAY_TITLES), anchor.level, [rng.choice(STRAY_TEXT)], stray=True)
    spec.sections.insert(end, stray)
    return [(None, "unmatched_text")]


def blank(spec: Spec, sid: str) -> list[Gold]:
    _section(spec, sid).paras = []
    return [(sid, "empty_section")]


def strip_figures(spec: Spec, sid: str) -> list[Gold]:
    sec = _section(spec, sid)
    sec.paras = [p for p in (_strip_para(p) for p in sec.paras) if p]
    return [(sid, "missing_figure")]


def _strip_para(para: str) -> str:
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return chr(0xE000 + len(kept) - 1)  # a private-use character: no digit for the patterns to see

    para = _KEEP_DIGITS.sub(keep, _CITATION.sub(keep, para))
    for pattern, repl in _STRIP[:5]:  # dates and document numbers, years included
        para = pattern.sub(repl, para)
    para = YEAR.sub(keep, para)
    for pattern, repl in _STRIP[5:]:
        para = pattern.sub(repl, para)
    para = re.sub("[\ue000-\uf8ff]", lambda m: kept[ord(m.group(0)) - 0xE000], para)
    return re.sub(r"\s+([,.;])", r"\1", re.sub(r"[ \t]{2,}", " ", para)).strip()


def figures_left(text: str) -> list[str]:
    """Digit runs in `text` that are not years, citations or names ("COVID-19", "4.0"): what strip_figures must remove."""
    return re.findall(r"\d+", YEAR.sub(" ", _KEEP_DIGITS.sub(" ", _CITATION.sub(" ", text))))


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
    """Change one count or percentage of the leaf to a value whose digits occur nowhere in `support` (the raw
    notes, đề cương and report texts); failing that, add a sentence with such a figure."""
    sec = _section(spec, sid)
    options = [(i, m, "%") for i, p in enumerate(sec.paras) for m in _PERCENT.finditer(p)]
    options += [(i, m, "") for i, p in enumerate(sec.paras) for m in _COUNT.finditer(p)
                if not YEAR.fullmatch(m.group(1)) and not _NOT_A_COUNT.search(p[: m.start()])]
    rng.shuffle(options)
    for i, m, unit in options:
        for delta in (7, 13, 29, 3):
            new = _shift(m.group(1), delta, percent=bool(unit))
            if new and absent(new, support):
                para = sec.paras[i]
                sec.paras[i] = para[: m.start(1)] + new + para[m.end(1):]
                return [(sid, "unsupported_number")]
    for n in (37, 143, 58, 611, 1_487, 2_963):
        if absent(_group(n), support):
            sec.paras.append(f"Ngoài ra, các đơn vị đã tổ chức thêm {_group(n)} buổi sinh hoạt chuyên đề.")
            return [(sid, "unsupported_number")]
    raise ValueError(f"no unsupported figure could be made for {sid}")


def _group(n: int) -> str:
    """Vietnamese thousands grouping: 1487 → "1.487"."""
    return f"{n:,}".replace(",", ".")


def _shift(raw: str, delta: int, percent: bool) -> str | None:
    if percent:
        whole, _, frac = raw.partition(",")
        tenths = int(whole) * 10 + (int(frac[:1]) if frac else 0) - delta * 5
        if tenths < 5:
            return None
        return str(tenths // 10) + (f",{tenths % 10}" if tenths % 10 else "")
    return _group(int(raw.replace(".", "")) + delta) if "." in raw or int(raw.replace(".", "")) >= 10_000 \
        else str(int(raw) + delta)


def absent(figure: str, texts: list[str]) -> bool:
    """No text holds `figure` as a number in any spelling ("1.487", "1487", "37,5", "37.5")."""
    digits = figure.replace(".", "")
    forms = {figure, digits, figure.replace(",", "."), digits.replace(",", ".")}
    pattern = re.compile(r"(?<![\d.,])(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\d|[.,]\d)")
    return not any(pattern.search(t) for t in texts)


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
