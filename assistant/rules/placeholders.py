"""Marks left in a text for a person to act on: placeholders, blanks and the unverified-figure mark.

- Placeholder: "[Cần bổ sung: <what>]" (any case), written by `placeholder()` wherever a demanded figure or
  content is not in the notes.
- Dotted blank: "....." (five dots or more), "……" or ". . . . . ." — the form's own blanks, left for a value.
- UNVERIFIED: "[chưa kiểm chứng]", written by the number lock right after a figure that no cited source gives.

Every part finds these marks here (drafter, number lock, checker, UI highlights, export), so a mark the drafter
writes is a mark the checker and the UI see.
"""

from __future__ import annotations

import re

from assistant.text.citation_marks import MARKER

UNVERIFIED = "[chưa kiểm chứng]"
UNVERIFIED_RE = re.compile(re.escape(UNVERIFIED), re.IGNORECASE)
PLACEHOLDER_RE = re.compile(r"\[\s*Cần bổ sung\b[^\]\n]*\]", re.IGNORECASE)
DOTTED_BLANK = re.compile(r"\.{5,}|…{2,}|(?:\.\s?){6,}")
MARKS_RE = re.compile(rf"{PLACEHOLDER_RE.pattern}|{UNVERIFIED_RE.pattern}", re.IGNORECASE)
"""A placeholder or an unverified mark (what a final export removes or shows)."""


def placeholder(what: str) -> str:
    """The visible placeholder for a figure or content the notes do not give."""
    return f"[Cần bổ sung: {what.strip().rstrip('.:;')}]"


def find_placeholders(text: str) -> list[str]:
    """Bracketed placeholders, in text order."""
    return [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]


def placeholders_in(text: str, dotted: bool = True) -> list[str]:
    """Places left to fill: bracketed placeholders, then (when `dotted`) dotted blanks."""
    found = find_placeholders(text)
    if dotted:
        found += [m.group(0) for m in DOTTED_BLANK.finditer(text)]
    return found


def count_unverified(text: str) -> int:
    return len(UNVERIFIED_RE.findall(text))


def mask_marks(text: str) -> str:
    """Same length, with placeholders, citation markers and unverified marks blanked out (offsets stay valid):
    what figures are looked for in."""
    for rx in (PLACEHOLDER_RE, MARKER, UNVERIFIED_RE):
        text = rx.sub(lambda m: " " * len(m.group(0)), text)
    return text


def is_blank(text: str) -> bool:
    """Nothing but marks, citation markers, spaces and stray punctuation: a section with no content yet."""
    return not mask_marks(text).strip(" \n\t.-–")
