"""Route each note to the leaf section(s) of the đề cương it answers.

1. Heading match: a note grouped under a heading that echoes the đề cương (by number path and fuzzy title) goes
   to that section; a heading that names a section with children narrows step 2 to its leaves.
2. Hybrid similarity of the note against each leaf's profile (its title, guidance, requirement phrases, the
   titles of its ancestors, and domain cue words triggered by the title — see `routing_cues`): BM25 over
   folded syllables and syllable bigrams, plus cosine of embeddings when an embedder is given; the two are
   normalised per note and averaged. Notes with no lexical or semantic anchor anywhere are left unrouted.
3. A model-assisted step (`arefine_routing`) when a chat model is configured: the notes that step 1-2 could not
   place or placed with a thin margin are shown to the model with the list of sections; its answer is accepted
   only for section ids that exist.
Notes under a "Biểu N" heading are table rows (see `bieu_fill`), not routed to sections.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import bm25s
import numpy as np
from rapidfuzz import fuzz

from assistant.config import Settings
from assistant.drafting.cues import cue_words, lead_cue_sections
from assistant.reading.note_headings import bieu_number, heading_parts
from assistant.text.normalize import fold_key
from assistant.text.tokens import tokens as vi_tokens
from assistant.types import Note, Outline, Section

Embed = Callable[[list[str], Literal["query", "passage"]], np.ndarray]
Method = Literal["heading", "similarity", "model", "none"]

_GENERIC = re.compile(
    r"\b(?:công tác|tổ chức|thực hiện|triển khai|nội dung|cơ quan|đơn vị|các cấp|địa bàn|trên địa bàn)\b"
)
_LABEL = re.compile(r"^\s*((?:PHẦN\s+\S+)|(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)\-]?)\s+(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class RoutingKnobs:
    """The tunable thresholds of routing; each is a setting (`route_*`, described in `Settings`)."""

    title_match: float
    title_match_with_number: float
    min_dense: float
    dense_weight: float
    lead_bonus: float
    thin_margin: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RoutingKnobs:
        return cls(
            title_match=settings.route_title_match,
            title_match_with_number=settings.route_title_match_with_number,
            min_dense=settings.route_min_dense,
            dense_weight=settings.route_dense_weight,
            lead_bonus=settings.route_lead_bonus,
            thin_margin=settings.route_thin_margin,
        )


# The settings' defaults, read without the environment (model_construct validates nothing and reads no source).
DEFAULT_KNOBS = RoutingKnobs.from_settings(Settings.model_construct())


@dataclass
class RouteDecision:
    sections: list[str]
    method: Method
    score: float = 0.0
    margin: float = 1.0


@dataclass
class Routing:
    by_section: dict[str, list[Note]]
    unrouted: list[Note] = field(default_factory=list)
    table_notes: list[Note] = field(default_factory=list)
    decisions: dict[str, RouteDecision] = field(default_factory=dict)

    def section_of(self, note_id: str) -> list[str]:
        d = self.decisions.get(note_id)
        return d.sections if d else []


def tokens(text: str) -> list[str]:
    """BM25 terms of the store (syllables + bigrams), without figures and generic administrative words:
    neither says anything about which section a note answers."""
    return [t for t in vi_tokens(_GENERIC.sub(" ", fold_key(text))) if not any(ch.isdigit() for ch in t)]


def note_query(note: Note) -> str:
    """The note's text plus, twice, the heading it sits under (not the file's title: a heading path of one part)."""
    parts = heading_parts(note.heading)
    head = parts[-1] if len(parts) >= 2 else ""
    return f"{note.text} {head} {head}".strip()


def _norm_label(label: str) -> str:
    return label.strip().rstrip(".)-").strip().upper()


def section_profile(section: Section, ancestors: Sequence[Section]) -> str:
    parts = [section.title, section.title, *section.guidance, *(r.text for r in section.requirements)]
    parts += [a.title for a in ancestors]
    parts += cue_words(section.title) + [w for a in ancestors for w in cue_words(a.title)]
    return " ".join(parts)


def leaves_with_ancestors(outline: Outline) -> list[tuple[Section, list[Section]]]:
    out: list[tuple[Section, list[Section]]] = []

    def walk(s: Section, anc: list[Section]) -> None:
        if s.is_leaf:
            out.append((s, anc))
        for c in s.children:
            walk(c, anc + [s])

    for s in outline.sections:
        walk(s, [])
    return out


def _parents(outline: Outline) -> dict[str, Section | None]:
    out: dict[str, Section | None] = {}

    def walk(s: Section, parent: Section | None) -> None:
        out[s.id] = parent
        for c in s.children:
            walk(c, s)

    for s in outline.sections:
        walk(s, None)
    return out


def _split_label(part: str) -> tuple[str | None, str]:
    m = _LABEL.match(part)
    return (m.group(1), m.group(2)) if m else (None, part)


def heading_score(heading_title: str, section_title: str) -> float:
    """0-100. A heading that echoes part of a title ("Tuyên truyền" → "Công tác tuyên truyền") scores by
    token-set similarity; a heading that only shares some words with it (a file title mentioning the same
    Chỉ thị) scores by whole-string similarity, so long headings do not match every section they mention."""
    h, t = fold_key(heading_title), fold_key(section_title)
    words = set(re.findall(r"\w+", h))
    inside = len(words & set(re.findall(r"\w+", t))) / len(words) if words else 0.0
    return fuzz.token_set_ratio(h, t) if inside >= 0.8 else fuzz.token_sort_ratio(h, t)


def match_heading(outline: Outline, heading: str | None, knobs: RoutingKnobs = DEFAULT_KNOBS) -> Section | None:
    """The outline section a note heading path names, deepest part first.

    A part matches a section when its title is close enough (`knobs.title_match`), or somewhat close
    (`knobs.title_match_with_number`) with the same number label — and, when an outer heading has a label too,
    the section's parent has that label ("1." under "II." is II.1, not I.1). The outermost part of a
    longer path, when it has no label, is taken for the file's title and never matched."""
    parents = _parents(outline)
    parts = heading_parts(heading)
    first = 1 if len(parts) >= 2 and _split_label(parts[0])[0] is None else 0
    for depth in range(len(parts) - 1, first - 1, -1):
        label, title = _split_label(parts[depth])
        outer_label = next((lb for lb, _ in map(_split_label, reversed(parts[:depth])) if lb), None)
        best, best_score = None, 0.0
        for sec in outline.walk():
            score = heading_score(title, sec.title)
            parent = parents.get(sec.id)
            number_ok = label is not None and _norm_label(label) == _norm_label(sec.number) and (
                outer_label is None or parent is None or _norm_label(outer_label) == _norm_label(parent.number)
            )
            bonus = 10 if number_ok else 0
            close = score >= knobs.title_match or (number_ok and score >= knobs.title_match_with_number)
            if close and score + bonus > best_score:
                best, best_score = sec, score + bonus
        if best is not None:
            return best
    return None


class _Scorer:
    def __init__(self, leaves: list[tuple[Section, list[Section]]], embed: Embed | None, subject: str = "",
                 knobs: RoutingKnobs = DEFAULT_KNOBS):
        self.leaves = leaves
        self.knobs = knobs
        self.subject = set(tokens(subject))
        profiles = [section_profile(s, a) for s, a in leaves]
        self.vocab = [set(tokens(p)) for p in profiles]
        self.bm25 = bm25s.BM25()
        self.bm25.index([tokens(p) or ["_"] for p in profiles], show_progress=False)
        self.embed = embed
        self.vectors = embed(profiles, "passage") if embed else None
        self.titles = [s.title for s, _ in leaves]

    def anchored(self, row: int, col: int) -> bool:
        """The note shares a two-syllable word or two distinct syllables with the section: one shared syllable
        ("dưỡng" of "bảo dưỡng" and of "bồi dưỡng") is no evidence in Vietnamese."""
        shared = self.query_vocab[row] & self.vocab[col]
        return any(" " in t for t in shared) or len(shared) >= 2

    def scores(self, notes: list[Note]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(combined, lexical, dense) — rows are notes, columns leaves."""
        queries = [note_query(n) for n in notes]
        query_tokens = [[t for t in tokens(q) if t not in self.subject] for q in queries]
        self.query_vocab = [set(qt) for qt in query_tokens]
        lex = np.array([self.bm25.get_scores(qt or ["_"]) for qt in query_tokens], dtype=float)
        lex = lex.reshape(len(notes), len(self.leaves))
        comb = lex / np.maximum(lex.max(axis=1, keepdims=True), 1e-9)
        dense = np.zeros_like(lex)
        if self.vectors is not None and notes:
            dense = _cosine(self.embed(queries, "query"), self.vectors)
            lo, hi = dense.min(axis=1, keepdims=True), dense.max(axis=1, keepdims=True)
            w = self.knobs.dense_weight
            comb = (1 - w) * comb + w * (dense - lo) / np.maximum(hi - lo, 1e-9)
        for row, note in enumerate(notes):
            for col in lead_cue_sections(note.text, self.titles):
                comb[row, col] += self.knobs.lead_bonus
        return comb, lex, dense


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return a @ b.T


def route_notes(outline: Outline, notes: list[Note], embed: Embed | None = None,
                knobs: RoutingKnobs = DEFAULT_KNOBS) -> Routing:
    leaves = leaves_with_ancestors(outline)
    leaf_ids = [s.id for s, _ in leaves]
    routing = Routing(by_section={i: [] for i in leaf_ids})
    pending: list[tuple[Note, list[int]]] = []  # notes for similarity, with the leaf columns allowed
    for note in notes:
        if bieu_number(note.heading):
            routing.table_notes.append(note)
            continue
        sec = match_heading(outline, note.heading, knobs)
        if sec is not None and sec.is_leaf:
            routing.decisions[note.id] = RouteDecision([sec.id], "heading", 1.0)
            continue
        allowed = {c.id for c in sec.walk()} if sec is not None else set(leaf_ids)
        pending.append((note, [i for i, lid in enumerate(leaf_ids) if lid in allowed]))
    if pending and leaves:
        scorer = _Scorer(leaves, embed, outline.title, knobs)
        comb, lex, dense = scorer.scores([n for n, _ in pending])
        for row, (note, cols) in enumerate(pending):
            order = sorted(cols, key=lambda c: -comb[row, c])
            best = order[0]
            margin = comb[row, best] - (comb[row, order[1]] if len(order) > 1 else 0.0)
            anchored = scorer.anchored(row, best) or (embed is not None and dense[row].max() >= knobs.min_dense)
            if anchored or len(cols) < len(leaf_ids):  # a matched heading is an anchor too
                routing.decisions[note.id] = RouteDecision([leaf_ids[best]], "similarity", float(comb[row, best]), float(margin))
            else:
                routing.decisions[note.id] = RouteDecision([], "none", float(comb[row, best]), 0.0)
    _collect(routing, notes)
    return routing


def _collect(routing: Routing, notes: list[Note]) -> None:
    for sid in routing.by_section:
        routing.by_section[sid] = []
    routing.unrouted = []
    for note in notes:
        d = routing.decisions.get(note.id)
        if d is None:
            continue
        if not d.sections:
            routing.unrouted.append(note)
        for sid in d.sections:
            routing.by_section.setdefault(sid, []).append(note)


def uncertain_notes(routing: Routing, notes: list[Note], thin_margin: float = DEFAULT_KNOBS.thin_margin) -> list[Note]:
    return [
        n for n in notes
        if (d := routing.decisions.get(n.id)) and d.method in {"none", "similarity"} and (not d.sections or d.margin < thin_margin)
    ]


def parse_model_routing(reply: str, valid_ids: set[str], note_ids: set[str]) -> dict[str, list[str]]:
    """{note_id: [section ids]} from the model's JSON reply; unknown notes/sections are dropped, "[]" = fits nowhere."""
    m = re.search(r"\{.*\}", reply, re.DOTALL)
    if not m:
        return {}
    try:
        data = json.loads(m.group(0))
    except json.JSONDecodeError:
        return {}
    out: dict[str, list[str]] = {}
    for nid, secs in data.items() if isinstance(data, dict) else []:
        if nid not in note_ids:
            continue
        secs = [secs] if isinstance(secs, str) else secs if isinstance(secs, list) else []
        out[nid] = [s for s in secs if isinstance(s, str) and s in valid_ids]
    return out


def apply_model_routing(routing: Routing, notes: list[Note], answer: dict[str, list[str]]) -> None:
    for nid, secs in answer.items():
        routing.decisions[nid] = RouteDecision(secs, "model" if secs else "none", 1.0 if secs else 0.0)
    _collect(routing, notes)


def _section_list(outline: Outline) -> str:
    paths = {s.id: " / ".join(a.heading() for a in anc + [s]) for s, anc in leaves_with_ancestors(outline)}
    return "\n".join(f"{sid}: {path}" for sid, path in paths.items())


async def arefine_routing(routing: Routing, outline: Outline, notes: list[Note], chat, prompts,
                          knobs: RoutingKnobs = DEFAULT_KNOBS) -> int:
    """Ask the model about the uncertain notes; returns how many decisions it changed or confirmed."""
    doubtful = uncertain_notes(routing, notes, knobs.thin_margin)
    if not doubtful:
        return 0
    user = prompts.render(
        "route_notes",
        sections=_section_list(outline),
        notes="\n".join(f"{n.id}: {n.text.replace(chr(10), ' ')}" for n in doubtful),
    )
    reply = (await chat.agenerate(prompts.render("route_system"), user)).text
    answer = parse_model_routing(reply, set(routing.by_section), {n.id for n in doubtful})
    apply_model_routing(routing, notes, answer)
    return len(answer)
