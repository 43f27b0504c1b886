"""The syntax of a citation marker "[n]": the one definition every part reads markers with.

Recognised: "[1]", "[1, 2]", "[1,2]", "[1; 2]", "[1-3]" / "[1–3]" (ranges), "[ 2 ]", adjacent "[1][2]",
full-width "［１］", "【1】", full-width digits and commas ("[１，２]"). Anything else in brackets is text, in
particular placeholders "[Cần bổ sung: ...]", "[chưa kiểm chứng]", "[a]" or "[2a]".

This lives in `text/` because text-level code needs it too: a marker's digits are never a figure
(`assistant.text.figures` masks every MARKER). Resolving markers against sources is a rule
(`assistant.rules.citations`).
"""

from __future__ import annotations

import re
import unicodedata

MAX_RANGE = 50
OPEN, CLOSE = "[［【", "]］】"
_NUM = r"[0-9０-９]+"
_SEP = r"\s*[,;，；、]\s*"
_RANGE_DASH = r"\s*[-–—~－]\s*"
_ITEM = rf"{_NUM}(?:{_RANGE_DASH}{_NUM})?"
MARKER = re.compile(rf"[{re.escape(OPEN)}]\s*({_ITEM}(?:{_SEP}{_ITEM})*)\s*[{re.escape(CLOSE)}]")
_SPLIT_ITEMS = re.compile(_SEP)
_SPLIT_RANGE = re.compile(_RANGE_DASH)


def _to_int(s: str) -> int:
    return int(unicodedata.normalize("NFKC", s))


def parse_marker(body: str) -> list[int] | None:
    """Numbers named by a marker body ("1, 2", "1-3"); None when malformed (a reversed range or one longer
    than MAX_RANGE)."""
    out: list[int] = []
    for item in _SPLIT_ITEMS.split(body.strip()):
        parts = _SPLIT_RANGE.split(item)
        if len(parts) == 1:
            out.append(_to_int(parts[0]))
            continue
        lo, hi = _to_int(parts[0]), _to_int(parts[1])
        if hi < lo or hi - lo >= MAX_RANGE:
            return None
        out.extend(range(lo, hi + 1))
    return out


def find_markers(text: str) -> list[tuple[int, int, list[int] | None]]:
    """(start, end, numbers or None when malformed) for each citation marker in text."""
    return [(m.start(), m.end(), parse_marker(m.group(1))) for m in MARKER.finditer(text)]


def is_plain(marker: str) -> bool:
    """ASCII brackets and no full-width digits or commas."""
    return marker[0] == "[" and marker[-1] == "]" and unicodedata.normalize("NFKC", marker) == marker
