"""Numbering labels: the one place that recognises the label at the start of a line.

Every part that reads a label calls this module: the outline parser (`assistant.outline.lines`), the Biểu
reader, the report reader of the checker, the notes reader, the chunker of the knowledge store and the check
eval's perturbations. So "Phần thứ nhất:", "a-", "II-KẾT QUẢ" and "Biểu số 01" read the same everywhere.

Two kinds of label:
- ladder markers (`parse_marker`): I., 1., 1.1., a), -, +, A-, I -, 1-, PHẦN THỨ NHẤT, Phần I...;
- table and appendix captions (`match_caption`): "Biểu 1.", "Biểu số 01" (number "1"), "BIỂU MẪU 2",
  "Phụ lục I"; `table_number` gives the Biểu number that notes and tables are matched by.

A marker has a *kind* (family + delimiter, e.g. 'roman.', 'decimal-', 'lower)', 'multi2', 'part',
'bullet-') and a *key* used to build section ids ('I', '1', 'a', 'P1'). The parser discovers the
ladder from the document: the first time a kind is seen, it sits one level under the section that is
open then; later lines of that kind go back to that depth. Nothing here fixes the order of kinds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ORDINALS = {
    "NHẤT": 1, "MỘT": 1, "HAI": 2, "BA": 3, "TƯ": 4, "BỐN": 4, "NĂM": 5, "SÁU": 6, "BẢY": 7, "BẨY": 7,
    "TÁM": 8, "CHÍN": 9, "MƯỜI": 10,
}
VI_LOWER_LETTERS = "abcdđeghiklmnopqrstuvxy"

# Bullet characters grouped into families: a '–' list and a '-' list are the same level.
BULLET_FAMILIES = {
    "-": "-", "–": "-", "—": "-", "‒": "-",
    "+": "+",
    "•": "•", "·": "•", "▪": "•", "●": "•", "\uf0b7": "•", "\uf0a7": "•",  # Symbol / Wingdings bullets as Word keeps them
    "*": "*",
    "○": "o", "◦": "o", "o": "o",
    "►": ">", "➢": ">", "❖": ">", "✓": ">", "»": ">", "\uf0d8": ">", "\uf0fc": ">",
}

_DELIMS = {".": ".", ":": ".", ")": ")", "-": "-", "–": "-", "/": "/"}

_PART = re.compile(
    r"^(PHẦN|Phần)\s+(THỨ\s+\w+|thứ\s+\w+|Thứ\s+\w+|[IVXL]+|\d{1,2}|[A-E])(?=$|[\s.:\-–])\s*[.:\-–]?\s*(.*)$"
)
_MULTI = re.compile(r"^((?:[IVXL]+|\d{1,2})(?:\.\d{1,2})+)(\.?)(?:\s*([\-–)])(?=\s))?\s*(.*)$")
_ROMAN = re.compile(r"^([IVXL]+)\s*([.:)/]|[\-–](?=\s|[^\W\d_][^\s/]*(?:\s|$)))\s*(.*)$")  # 'II-KẾT QUẢ' too
_DECIMAL = re.compile(r"^(\d{1,2})\s*([.:)/]|[\-–](?=\s))\s*(.*)$")
_UPPER = re.compile(r"^([A-HK-UWYĐ])\s*([.:)/\-–])(?=\s|$)\s*(.*)$")  # 'A.', 'B-', not 'T/M'

_LOWER = re.compile(r"^([a-zđ])\s*([.)/]|[\-–](?=\s))\s+(.*)$")
_BULLET = re.compile(r"^([\-–—‒+•·▪●○◦►➢❖✓»*])\s*(.*)$")


@dataclass(frozen=True)
class Marker:
    kind: str
    label: str  # as written: 'I.', '1.', 'a)', 'PHẦN THỨ NHẤT', '-'
    key: str  # for ids: 'I', '1', 'a', 'P1'; '' for bullets
    rest: str  # the text after the label
    depth_hint: int = 0  # components of a multi-level number (1.1. → 2)

    @property
    def is_bullet(self) -> bool:
        return self.kind.startswith("bullet")

    @property
    def family(self) -> str:
        """The kind without its delimiter or depth: 'part', 'roman', 'decimal', 'multi', 'upper', 'lower', 'bullet'."""
        if self.is_bullet:
            return "bullet"
        return self.kind.rstrip(".)-/:").rstrip("0123456789")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def roman_to_int(s: str) -> int | None:
    s = s.upper()
    if not s or any(c not in ROMAN_VALUES for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = ROMAN_VALUES[c]
        total += -v if i + 1 < len(s) and ROMAN_VALUES[s[i + 1]] > v else v
    return total if 0 < total < 40 else None


def _part_number(token: str) -> int | None:
    tok = token.upper().split()
    if tok and tok[0] == "THỨ" and len(tok) > 1:
        return ORDINALS.get(tok[1])
    if tok and tok[0].isdigit():
        return int(tok[0])
    if tok and roman_to_int(tok[0]):
        return roman_to_int(tok[0])
    if tok and len(tok[0]) == 1 and tok[0].isalpha():
        return ord(tok[0]) - ord("A") + 1
    return None


def _rest_ok(rest: str) -> bool:
    """The text after a decimal/roman label must not be a continuation of a number or date."""
    return not rest[:1].isdigit()


def parse_marker(text: str) -> Marker | None:
    """Recognise the numbering label at the start of `text` (already stripped of markdown)."""
    t = nfc(text).strip()
    if not t:
        return None
    m = _PART.match(t)
    if m:
        n = _part_number(m.group(2))
        if n:
            label = f"{m.group(1)} {m.group(2)}".strip()
            return Marker("part", label, f"P{n}", m.group(3).strip())
    m = _MULTI.match(t)
    if m and _rest_ok(m.group(4)):
        parts = m.group(1).split(".")
        label = (m.group(1) + m.group(2) + (m.group(3) or "")).strip()
        return Marker(f"multi{len(parts)}", label, parts[-1], m.group(4).strip(), len(parts))
    for rx, family in ((_ROMAN, "roman"), (_DECIMAL, "decimal"), (_UPPER, "upper")):
        m = rx.match(t)
        if m and _rest_ok(m.group(3)):
            if family == "roman" and roman_to_int(m.group(1)) is None:
                continue
            delim = _DELIMS.get(m.group(2), m.group(2))
            label = t[: m.start(3)].strip() if m.group(3) else t.strip()
            return Marker(f"{family}{delim}", label, m.group(1), m.group(3).strip())
    m = _LOWER.match(t)
    if m and m.group(1) in VI_LOWER_LETTERS:
        delim = _DELIMS.get(m.group(2), m.group(2))
        return Marker(f"lower{delim}", t[: m.start(3)].strip(), m.group(1), m.group(3).strip())
    m = _BULLET.match(t)
    if m and m.group(2) and not set(m.group(2)) <= set("-–—_=*"):
        fam = BULLET_FAMILIES.get(m.group(1), m.group(1))
        return Marker(f"bullet{fam}", m.group(1), "", m.group(2).strip())
    return None


def marker_from_label(label: str, text: str) -> Marker | None:
    """A Word automatic-numbering label ('I.', '1.1.', 'a)', '•') applied to a paragraph's text."""
    lab = nfc(label).strip()
    if not lab:
        return None
    m = parse_marker(f"{lab} x")
    if m is None:
        fam = BULLET_FAMILIES.get(lab[0])
        if fam is None and not any(ch.isalnum() for ch in lab):
            fam = lab[0]  # symbol bullets from Symbol/Wingdings fonts
        if fam is None:
            return None
        return Marker(f"bullet{fam}", lab, "", text.strip())
    return Marker(m.kind, lab, m.key, text.strip(), m.depth_hint)


# ---------------------------------------------------------------- captions of tables and appendices

CAPTION = re.compile(
    r"^(BIỂU MẪU|Biểu mẫu|PHỤ BIỂU|Phụ biểu|BIỂU|Biểu|PHỤ LỤC|Phụ lục)\s*(?:SỐ|số|Số)?\s*"
    r"(\d{1,2}|[IVX]{1,4}|[A-E])?(?=$|[\s.:\-–)])\s*[.:\-–)]?\s*(.*)$"
)
_APPENDIX_WORDS = ("PHỤ LỤC", "Phụ lục")


def _caption_key(number: str | None) -> str | None:
    """'01' → '1' (a Biểu is the same table however its number is padded); other labels as written."""
    return str(int(number)) if number and number.isdigit() else number


def match_caption(text: str) -> tuple[str | None, str, str] | None:
    """(number, title, kind word) when `text` is a table or appendix caption; None otherwise."""
    m = CAPTION.match(nfc(text).strip())
    if not m or not (m.group(2) or m.group(3)):
        return None
    if m.group(3) and m.group(3)[:1].islower() and not m.group(2):
        return None  # "Biểu dương những tập thể..." is a sentence, not a caption
    return _caption_key(m.group(2)), m.group(3).strip(), m.group(1)


def table_number(text: str) -> str | None:
    """'1' for a Biểu caption ("Biểu 1 ...", "Biểu số 01", "BIỂU MẪU 1"); None for anything else (an appendix
    "Phụ lục" included)."""
    cap = match_caption(text)
    if cap is None or cap[0] is None or cap[2] in _APPENDIX_WORDS:
        return None
    return cap[0]


def is_end_matter_caption(text: str) -> bool:
    """A Biểu with a number or a "Phụ lục" line: where a report's body ends."""
    t = nfc(text).strip()
    return table_number(t) is not None or t.startswith(_APPENDIX_WORDS)
