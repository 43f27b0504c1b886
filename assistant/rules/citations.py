"""Citation markers [n] in drafted text, resolved against the sources given to that section.

`resolve_citations(text, sources) -> (clean_text, used, invalid)` is pure:
- Recognised markers: the one marker syntax of `assistant.text.citation_marks` ("[1]", "[1, 2]", "[1-3]",
  full-width "［１］", "【1】"...); anything else in brackets is text (placeholders, "[a]", "[2a]").
- Every number must name a source of the section (`Source.n`, or the ints given). A marker whose numbers are all
  valid is kept exactly as written, unless it is full-width (then rewritten in ASCII, "[1]"). A marker with some invalid numbers keeps the valid ones, rewritten as
  "[1, 2]". A marker with no valid number is removed together with the space before it, so "đạt 95% [9]." →
  "đạt 95%.", "[9] Nội dung" → "Nội dung", "a [9] b" → "a b"; punctuation is never removed.
- A range that is reversed ("[3-1]") or longer than MAX_RANGE is malformed: reported whole and removed.
- `used`: valid source numbers in order of first appearance, each once. `invalid`: one entry per offending
  number as "[n]" (or the malformed marker as written), in text order, repeats kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.text.citation_marks import MARKER, OPEN, is_plain, parse_marker
from assistant.types import Source

_HSPACE = " \t\u00a0\u3000"


def _valid_numbers(sources: Iterable[Source | int]) -> set[int]:
    return {s.n if isinstance(s, Source) else int(s) for s in sources}


def _remove_marker(out: str, text: str, end: int) -> tuple[str, int]:
    """Drop a wholly invalid marker: the output so far loses its trailing space, and the scan resumes at
    the returned position (past the following space when the marker opened a line)."""
    trimmed = out.rstrip(_HSPACE)
    if not trimmed or trimmed.endswith("\n"):
        while end < len(text) and text[end] in _HSPACE:
            end += 1  # "[9] Nội dung" → "Nội dung"
        return trimmed, end
    follow = text[end:end + 1]
    if trimmed != out and follow and (follow.isalnum() or follow in OPEN):
        trimmed += " "  # "a [9]b" → "a b"
    return trimmed, end


def resolve_citations(text: str, sources: Iterable[Source | int]) -> tuple[str, list[int], list[str]]:
    valid = _valid_numbers(sources)
    used: list[int] = []
    invalid: list[str] = []
    out, pos = "", 0
    for m in MARKER.finditer(text):
        out += text[pos:m.start()]
        pos = m.end()
        numbers = parse_marker(m.group(1))
        if numbers is None:
            invalid.append(m.group(0))
            out, pos = _remove_marker(out, text, pos)
            continue
        good = list(dict.fromkeys(n for n in numbers if n in valid))
        invalid.extend(f"[{n}]" for n in numbers if n not in valid)
        used.extend(n for n in good if n not in used)
        if all(n in valid for n in numbers) and is_plain(m.group(0)):
            out += m.group(0)
        elif good:
            out += "[" + ", ".join(str(n) for n in good) + "]"
        else:
            out, pos = _remove_marker(out, text, pos)
    return out + text[pos:], used, invalid


def strip_citations(text: str) -> str:
    """Text without any citation marker (spacing handled as for invalid ones)."""
    return resolve_citations(text, [])[0]
