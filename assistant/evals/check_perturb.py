"""Edits of a report spec that must not change the checker's findings: renumbering after a deletion, retitled
headings, headings without numbers, run-in headings."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from assistant.text.numbering import parse_marker

if TYPE_CHECKING:
    from assistant.evals.check_defects import Spec

ROMANS = "I II III IV V VI VII VIII IX X".split()


def renumber_after(spec: Spec, start: int, level: int) -> None:
    """A reviewer who deleted a section renumbers the typed labels of the siblings that follow."""
    for s in spec.sections[start:]:
        if s.level < level:
            break
        marker = parse_marker(f"{s.number} x")
        if s.level == level and marker and marker.key.isdigit() and int(marker.key) > 1:
            s.number = s.number.replace(marker.key, str(int(marker.key) - 1), 1)
        elif s.level == level and marker and marker.kind.startswith("roman") and marker.key in ROMANS[1:]:
            s.number = s.number.replace(marker.key, ROMANS[ROMANS.index(marker.key) - 1], 1)


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
