"""Edits of a report spec that must not change the checker's findings: renumbering after a deletion, retitled
headings, headings without numbers, run-in headings. Labels are read with this module's own patterns, not the
numbering code the checker uses."""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.evals.check_defects import Spec

ROMANS = "I II III IV V VI VII VIII IX X".split()


def bump(label: str, step: int) -> str:
    """The typed label `step` places on: "2." +1 → "3.", "b)" -1 → "a)", "II." +1 → "III."; others unchanged
    (part labels, "1.2.", labels that would leave the range)."""
    if m := re.fullmatch(r"(\d+)([.)]?)", label):
        n = int(m.group(1)) + step
        return f"{n}{m.group(2)}" if n >= 1 else label
    if m := re.fullmatch(r"([a-z])([.)])", label):
        c = ord(m.group(1)) + step
        return f"{chr(c)}{m.group(2)}" if ord("a") <= c <= ord("z") else label
    if (m := re.fullmatch(r"([IVX]+)([.)]?)", label)) and m.group(1) in ROMANS:
        i = ROMANS.index(m.group(1)) + step
        return f"{ROMANS[i]}{m.group(2)}" if 0 <= i < len(ROMANS) else label
    return label


def renumber_after(spec: Spec, start: int, level: int) -> None:
    """A reviewer who deleted a section renumbers the typed labels (numbers and Roman numerals) of the siblings
    that follow."""
    for s in spec.sections[start:]:
        if s.level < level:
            break
        if s.level == level and re.fullmatch(r"(\d+|[IVX]+)[.)]?", s.number):
            s.number = bump(s.number, -1)


SYNONYMS = [("Khuyết điểm", "Tồn tại"), ("Kiến nghị, đề xuất", "Đề xuất, kiến nghị"), ("Hạn chế, nguyên nhân",
            "Những hạn chế và nguyên nhân"), ("Ưu điểm", "Những ưu điểm"), ("Bài học kinh nghiệm", "Một số bài học kinh nghiệm"),
            ("Công tác", "Kết quả công tác"), ("ĐÁNH GIÁ CHUNG", "ĐÁNH GIÁ CHUNG VỀ KẾT QUẢ"), ("Thuận lợi", "Về thuận lợi")]


def retitle(spec: Spec, rng: random.Random, share: float = 0.3) -> None:
    """Reviewers' edits of headings: case, a leading "Về", a dropped trailing word, a synonym or added words."""
    for s in spec.sections:
        if s.stray or rng.random() >= share:
            continue
        words = s.title.split()
        choice = rng.randrange(4)
        synonyms = [(a, b) for a, b in SYNONYMS if a in s.title]
        if choice == 0:
            s.title = s.title.upper() if not s.title.isupper() else s.title.capitalize()
        elif choice == 1:
            s.title = "Về " + s.title[:1].lower() + s.title[1:]
        elif choice == 2 and synonyms:
            a, b = rng.choice(synonyms)
            s.title = s.title.replace(a, b, 1)
        elif len(words) >= 5:
            s.title = " ".join(words[:-1])


def run_in_headings(spec: Spec, rng: random.Random, share: float = 0.4) -> None:
    for s in spec.sections:
        if s.paras and spec.outline.find(s.sid) is not None and spec.outline.find(s.sid).is_leaf:  # type: ignore[union-attr]
            s.run_in = rng.random() < share


def drop_numbers(spec: Spec) -> None:
    """Headings typed without numbers (the part labels stay)."""
    for s in spec.sections:
        if not s.number.upper().startswith("PHẦN"):
            s.number = ""
