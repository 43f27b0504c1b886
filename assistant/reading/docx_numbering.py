"""Labels of Word automatic numbering, reconstructed from numbering.xml.

A paragraph is numbered by `w:numPr` (numId + ilvl) in its own properties or in its style chain. numId → `w:num`
→ `w:abstractNum` → `w:lvl` (start, numFmt, lvlText "%1." / "%1.%2." / "%1)", lvlRestart, isLgl). Lists that
share an abstractNum continue one another (Word's behaviour); a `w:num` with `w:lvlOverride/w:startOverride`
restarts at its first use. Using a level resets the counters of the deeper levels (or, with lvlRestart,
of the levels below the one it names).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    """'w:lvl' → Clark notation."""
    return f"{{{W}}}{tag.partition(':')[2]}"


def wval(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(q("w:val"), default)


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa..."""
    if n <= 0:
        return ""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerLetter": _letters,
    "none": lambda n: "",
}
_BULLETS_KEPT = set("-–—+•*·o")


def format_counter(n: int, fmt: str) -> str:
    return _FORMATS.get(fmt, str)(n)


def _bullet(text: str) -> str:
    t = text.strip()
    if t in _BULLETS_KEPT:
        return "•" if t in ("o", "·") else t
    return "•"  # Symbol / Wingdings glyphs (private-use code points) and the like


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: reset after a use of this (1-based) level or shallower
    legal: bool = False
    style: str | None = None


@dataclass
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId → ilvl → value
    started: set[str] = field(default_factory=set)  # numIds whose overrides were applied

    @classmethod
    def from_xml(cls, xml: bytes | None) -> Numbering:
        numbering = cls()
        if not xml:
            return numbering
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        for an in root.iter(q("w:abstractNum")):
            levels: dict[int, Level] = {}
            for lvl in an.findall(q("w:lvl")):
                restart = wval(lvl.find(q("w:lvlRestart")))
                legal = lvl.find(q("w:isLgl"))
                levels[int(lvl.get(q("w:ilvl"), "0"))] = Level(
                    start=int(wval(lvl.find(q("w:start")), "1") or 1),
                    fmt=wval(lvl.find(q("w:numFmt")), "decimal") or "decimal",
                    text=wval(lvl.find(q("w:lvlText")), "") or "",
                    restart=int(restart) if restart is not None else None,
                    legal=legal is not None and wval(legal, "1") not in ("0", "false"),
                    style=wval(lvl.find(q("w:pStyle"))),
                )
            numbering.abstract[an.get(q("w:abstractNumId"), "")] = levels
        for num in root.iter(q("w:num")):
            num_id = num.get(q("w:numId"), "")
            numbering.nums[num_id] = wval(num.find(q("w:abstractNumId")), "") or ""
            for ov in num.findall(q("w:lvlOverride")):
                start = ov.find(q("w:startOverride"))
                if start is not None:
                    ilvl = int(ov.get(q("w:ilvl"), "0"))
                    numbering.overrides.setdefault(num_id, {})[ilvl] = int(wval(start, "1") or 1)
        return numbering

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        levels = self.abstract.get(self.nums.get(num_id, ""), {})
        return next((i for i, lv in levels.items() if style_id and lv.style == style_id), 0)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list and return the label of this paragraph, e.g. 'I.', '1.2.', 'a)', '-'."""
        abstract_id = self.nums.get(num_id)
        if num_id in ("", "0") or abstract_id is None or abstract_id not in self.abstract:
            return None
        levels = self.abstract[abstract_id]
        lvl = levels.get(ilvl) or Level()
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for i, start in self.overrides.get(num_id, {}).items():
                counters[i] = start - 1
                for deeper in [k for k in counters if k > i]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for i in [k for k in counters if k > ilvl]:
            restart = (levels.get(i) or Level()).restart
            if restart is None or restart != 0 and restart - 1 >= ilvl:
                del counters[i]
        if lvl.fmt == "bullet":
            return _bullet(lvl.text)
        text = lvl.text
        for i in range(8, -1, -1):  # %10 does not exist; replace %9 before %1
            if f"%{i + 1}" in text:
                li = levels.get(i) or Level()
                value = counters.get(i, li.start)
                fmt = "decimal" if (lvl.legal and li.fmt != "none") else li.fmt
                text = text.replace(f"%{i + 1}", format_counter(value, fmt))
        return text.strip() or None
