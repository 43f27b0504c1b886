"""Align a report's headings to the sections of the đề cương.

Each (report heading, outline section) pair gets a score: title similarity (`title_similarity`, 0–100)
+ PATH_BONUS when the numbering paths agree ("II" > "1" both sides) + CONTEXT_BONUS when the heading's parent
in the report is aligned to the section's parent. Pairs are taken greedily, best first, one to one; a pair needs
a title score of MIN_TITLE (a bold line or run-in candidate whose number path does not agree: BOLD_TITLE /
RUN_IN_TITLE) and a total of ACCEPT (or a title score of ALONE_TITLE). So a renumbered report ("3." that became
"2.") or headings without numbers still align by title, and a stray heading that took a section's number
("3. Công tác khác") loses to the heading that carries that section's title.

After matching:
- unmatched bold-only lines and run-in candidates are body text of the heading above (they were only candidates),
  except bold lines in a report that writes its headings as bold lines without numbers;
- unmatched headings deeper than an aligned leaf are sub-points of that leaf (merged into its text);
- unmatched headings before the first aligned one are the preamble (header, "BÁO CÁO", subject);
- every other unmatched heading is stray: text under no section of the đề cương.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from assistant.checking.report_reader import ParsedReport, ReportSection, label_of
from assistant.text.normalize import fold_key, strip_diacritics
from assistant.types import Outline, Section

PATH_BONUS = 10.0
LAST_LABEL_BONUS = 4.0
CONTEXT_BONUS = 15.0
ID_BONUS = 20.0
ACCEPT = 75.0
MIN_TITLE = 55.0
ALONE_TITLE = 80.0
BOLD_TITLE = 80.0
RUN_IN_TITLE = 75.0
_WEAK = {"bold": BOLD_TITLE, "runin": RUN_IN_TITLE}


@dataclass
class Alignment:
    matches: dict[int, Section] = field(default_factory=dict)
    """Index in `report.sections` → outline section."""
    texts: dict[str, str] = field(default_factory=dict)
    """Outline section id → the report's text under it (sub-points merged in)."""
    positions: dict[str, int] = field(default_factory=dict)
    """Outline section id → index of its heading in the report."""
    stray: list[ReportSection] = field(default_factory=list)
    preamble: str = ""

    def present(self, section: Section) -> bool:
        return any(s.id in self.positions for s in section.walk())

    def first_position(self, section: Section) -> int | None:
        pos = [self.positions[s.id] for s in section.walk() if s.id in self.positions]
        return min(pos) if pos else None


def fold_title(title: str) -> str:
    t = strip_diacritics(fold_key(title))
    return " ".join("".join(c if c.isalnum() else " " for c in t).split())


def title_similarity(a: str, b: str) -> float:
    """0–100: the mean of a character-level score (rapidfuzz ratio / token sort, or 90 when one title is the
    other with a few words added or dropped) and the Dice overlap of their syllables without function words.
    The syllable half keeps two different "Công tác …" titles apart; the character half tolerates typos."""
    fa, fb = fold_title(a), fold_title(b)
    if not fa or not fb:
        return 0.0
    chars = max(fuzz.ratio(fa, fb), fuzz.token_sort_ratio(fa, fb))
    short, long_ = sorted((fa, fb), key=len)
    if len(short.split()) >= 2 and len(short) >= 0.4 * len(long_) and fuzz.partial_ratio(short, long_) >= 95:
        chars = max(chars, 90.0)  # a title shortened or lengthened by a few words
    ta, tb = _syllables(fa), _syllables(fb)
    dice = 200.0 * len(ta & tb) / (len(ta) + len(tb))
    return (chars + dice) / 2


_FUNCTION_WORDS = {"ve", "va", "cua", "cac", "nhung", "trong", "doi", "voi", "cho", "viec", "la", "o"}


def _syllables(folded: str) -> set[str]:
    words = folded.split()
    return {w for w in words if w not in _FUNCTION_WORDS} or set(words)


def outline_paths(outline: Outline) -> tuple[dict[str, tuple[str, ...] | None], dict[str, Section | None]]:
    """Section id → numbering path of label keys (None when a label is missing), and id → parent."""
    paths: dict[str, tuple[str, ...] | None] = {}
    parents: dict[str, Section | None] = {}

    def visit(s: Section, parent: Section | None, prefix: tuple[str, ...] | None) -> None:
        label = label_of(s.number, s.title)
        path = prefix + (label.key,) if (prefix is not None and label is not None) else None
        paths[s.id], parents[s.id] = path, parent
        for c in s.children:
            visit(c, s, path)

    for s in outline.sections:
        visit(s, None, ())
    return paths, parents


def report_parents(sections: list[ReportSection]) -> tuple[list[tuple[str, ...] | None], list[int | None]]:
    """Numbering path of each heading (None if it or an ancestor has no label) and its parent heading index."""
    paths: list[tuple[str, ...] | None] = []
    parents: list[int | None] = []
    stack: list[int] = []
    for i, s in enumerate(sections):
        if s.level is None:
            paths.append(None)
            parents.append(stack[-1] if stack else None)
            continue
        while stack and (sections[stack[-1]].level or 0) >= s.level:
            stack.pop()
        parent = stack[-1] if stack else None
        parents.append(parent)
        prefix = paths[parent] if parent is not None else ()
        paths.append(prefix + (s.label.key,) if (prefix is not None and s.label) else None)
        stack.append(i)
    return paths, parents


def _greedy(scores: dict[tuple[int, str], float], titles: dict[tuple[int, str], float],
            needs: dict[tuple[int, str], float], by_id: dict[str, Section]) -> dict[int, Section]:
    """Best pairs first, one to one; a pair needs its title score and (score ≥ ACCEPT or title ≥ ALONE_TITLE)."""
    out: dict[int, Section] = {}
    taken: set[str] = set()
    for (i, sid), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0][0])):
        if i in out or sid in taken:
            continue
        t = titles[(i, sid)]
        if t < needs[(i, sid)] or (score < ACCEPT and t < ALONE_TITLE):
            continue
        out[i] = by_id[sid]
        taken.add(sid)
    return out


def align(report: ParsedReport, outline: Outline) -> Alignment:
    sections = report.sections
    by_id = {s.id: s for s in outline.walk()}
    o_paths, o_parents = outline_paths(outline)
    r_paths, r_parents = report_parents(sections)
    titles: dict[tuple[int, str], float] = {}
    needs: dict[tuple[int, str], float] = {}
    base: dict[tuple[int, str], float] = {}
    for i, rs in enumerate(sections):
        for sid, sec in by_id.items():
            t = title_similarity(rs.title, sec.title) if rs.title else 0.0
            score = t
            same_path = r_paths[i] is not None and r_paths[i] == o_paths[sid]
            if same_path:
                score += PATH_BONUS
            elif rs.label and o_paths[sid] and rs.label.key == o_paths[sid][-1] and rs.level == sec.level:
                score += LAST_LABEL_BONUS
            if rs.section_id and rs.section_id == sid:
                score += ID_BONUS
            # a bold line or a run-in candidate must look like the title, unless its number path agrees
            needs[(i, sid)] = MIN_TITLE if same_path else _WEAK.get(rs.strength, MIN_TITLE)
            titles[(i, sid)], base[(i, sid)] = t, score
    matches = _greedy(base, titles, needs, by_id)
    # second pass: prefer sections whose parent is the section the heading's report parent aligned to
    ctx = dict(base)
    for (i, sid) in ctx:
        rp, op = r_parents[i], o_parents[sid]
        if rp is not None and op is not None and rp in matches and matches[rp].id == op.id:
            ctx[(i, sid)] += CONTEXT_BONUS
    matches = _greedy(ctx, titles, needs, by_id)
    return _attribute(report, matches)


def _attribute(report: ParsedReport, matches: dict[int, Section]) -> Alignment:
    """Texts per aligned section; unmatched headings become body, sub-points, preamble or stray."""
    al = Alignment(matches=matches)
    preamble = [report.preamble] if report.preamble else []
    # A report whose headings are mostly bold lines without numbers writes its headings in bold: there, an
    # unmatched bold line is a heading of its own (stray), not emphasis inside a section.
    kinds = Counter(report.sections[i].strength for i in matches
                    if report.sections[i].label is None or report.sections[i].label.kind != "part")
    bold_style = kinds["bold"] > kinds["label"] + kinds["strong"]
    current: tuple[Section, ReportSection] | None = None  # last aligned heading
    stray: ReportSection | None = None
    for i, rs in enumerate(report.sections):
        sec = matches.get(i)
        if sec is not None:
            current, stray = (sec, rs), None
            al.positions[sec.id] = i
            al.texts[sec.id] = rs.text
            continue
        sep = ": " if rs.strength == "runin" else "\n"
        line = sep.join(x for x in (rs.heading(), rs.text) if x)
        if current is None:
            preamble.append(line)
            continue
        sub_point = (
            current[0].is_leaf
            and rs.level is not None and current[1].level is not None and rs.level > current[1].level
        )
        weak = rs.strength == "runin" or (rs.strength == "bold" and not bold_style)
        under_stray = stray is not None and (
            weak or (rs.level is not None and stray.level is not None and rs.level > stray.level)
        )
        if under_stray:
            stray.text = "\n".join(x for x in (stray.text, line) if x)  # type: ignore[union-attr]
        elif stray is None and (weak or sub_point):
            sid = current[0].id
            al.texts[sid] = "\n".join(x for x in (al.texts[sid], line) if x)
        else:
            stray = ReportSection(rs.number, rs.title, rs.level, rs.text, rs.locator, rs.strength, rs.label)
            al.stray.append(stray)
    al.preamble = "\n".join(preamble).strip()
    return al
