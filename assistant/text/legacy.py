"""Pre-Unicode Vietnamese font encodings → Unicode: TCVN3 (TCVN 5712:1993 VN3, "ABC", .VnTime fonts) and
VNI Windows (VNI-Times fonts).

Both are 8-bit font encodings; text from them, read as Windows-1252 / Latin-1, looks like "B¸o c¸o" (TCVN3)
or "Baùo caùo" (VNI). TCVN3 has one code per lowercase letter and only Ă Â Ê Ô Ơ Ư Đ in uppercase: capitals
with tone marks come from the ".VnTimeH" fonts, which draw the lowercase codes as capitals (`uppercase=True`).
VNI writes a base letter followed by a mark byte ("a" + "ù" = "á", "e" + "ä" = "ệ").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Legacy = Literal["tcvn3", "vni"]

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _t(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONES[tone])


# ------------------------------------------------------------------ TCVN3
# Code order per vowel is huyền, hỏi, ngã, sắc, nặng.
_TCVN3_ROWS = {
    "a": "µ¶·¸¹",
    "ă": "»¼½¾Æ",
    "â": "ÇÈÉÊË",
    "e": "ÌÎÏÐÑ",
    "ê": "ÒÓÔÕÖ",
    "i": "×ØÜÝÞ",
    "o": "ßáâãä",
    "ô": "åæçèé",
    "ơ": "êëìíî",
    "u": "ïñòóô",
    "ư": "õö÷øù",
    "y": "úûüýþ",
}
_TCVN3_ORDER = (0, 2, 3, 1, 4)  # position in the row → index in _TONES

TCVN3_TABLE: dict[str, str] = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
}  # fmt: skip
for _base, _codes in _TCVN3_ROWS.items():
    for _pos, _code in enumerate(_codes):
        TCVN3_TABLE[_code] = _t(_base, _TCVN3_ORDER[_pos])

# A PDF text layer may report two TCVN3 glyphs as look-alikes: 0xAD as MINUS SIGN, 0xB7 as BULLET OPERATOR.
_PDF_LOOKALIKES = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")
_PDF_FIX = {"\u2212": "\xad", "\u2219": "\xb7"}

# ------------------------------------------------------------------ VNI Windows
_VNI_TONE = ("øùûõï", "ØÙÛÕÏ")  # after a, e, o, u, y, ơ, ư
_VNI_CIRC_TONE = ("àáåãä", "ÀÁÅÃÄ")  # â ê ô with a tone
_VNI_BREVE_TONE = ("èéúüë", "ÈÉÚÜË")  # ă with a tone
_VNI_I = ("ìíæóò", "ÌÍÆÓÒ")  # i with a tone (one byte)


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "î": "ỵ", "Î": "Ỵ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}
    for up in (0, 1):
        for low_mark in (0, 1):  # marks of either case follow a base of either case
            tones, circ, breve = _VNI_TONE[low_mark], _VNI_CIRC_TONE[low_mark], _VNI_BREVE_TONE[low_mark]
            cflex, brv = "âÂ"[low_mark], "êÊ"[low_mark]
            for base in "aeouy":
                b = base.upper() if up else base
                for k in range(5):
                    table[b + tones[k]] = _t(b, k)
            for base, horn in (("ô", "ơ"), ("ö", "ư")):
                b = base.upper() if up else base
                h = horn.upper() if up else horn
                for k in range(5):
                    table[b + tones[k]] = _t(h, k)
            for base in "aeo":
                b = base.upper() if up else base
                hat = unicodedata.normalize("NFC", b + "\u0302")
                table[b + cflex] = hat
                for k in range(5):
                    table[b + circ[k]] = _t(hat, k)
            a = "A" if up else "a"
            a_breve = "Ă" if up else "ă"
            table[a + brv] = a_breve
            for k in range(5):
                table[a + breve[k]] = _t(a_breve, k)
        for k in range(5):
            table[_VNI_I[up][k]] = _t("I" if up else "i", k)
    table["yï"], table["YÏ"] = "ỵ", "Ỵ"
    return table


VNI_TABLE = _vni_table()
_VNI_RX = re.compile("|".join(re.escape(k) for k in sorted(VNI_TABLE, key=len, reverse=True)))

# ------------------------------------------------------------------ detection

_VN_SPECIFIC = re.compile("[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9]")
_TCVN_SYM = "¢£¤¥¦¨ª¬\xadµ¶¸¹¼½¾×÷\u2212\u2219"  # letters in TCVN3, symbols elsewhere
_TCVN_MARK = re.compile(
    rf"[{_TCVN_SYM}](?=[^\W\d_])|(?<=[^\W\d_])[{_TCVN_SYM}]"  # a symbol glued to a letter: "B¸o", "Th\xadêng"
    rf"|[©®§¡][^\W\d_]|(?<=[A-Za-z])[«»](?=[A-Za-z])|(?<=[a-z])·"  # "®ã", "§éc", "b»ng", "x·"
    r"|[a-z][ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖØÜÝÞ]|(?<=[A-Z])[ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖØÜÝÞ](?=[a-z])"  # "ViÖt", "TØnh"
)
_VNI_MARK = re.compile(
    r"[aeiouyAEIOUY][øùûõïØÙÛÕÏ]|[aeAE][âàáåãäÂÀÁÅÃÄ]|[oO][âåäÂÅÄ]|[aA][êèéúüëÊÈÉÚÜË]"
    r"|[ôöÔÖ][øùûõïØÙÛÕÏ]|[öÖ][ôÔ]|(?<!\w)[ñÑ](?=[aeiouyAEIOUYôöÔÖ])"
)
_TCVN_CHARS = frozenset(TCVN3_TABLE) | {"\u2212", "\u2219"}
_VNI_CHARS = frozenset(c for k in VNI_TABLE for c in k if not c.isascii())


def _foreign(word: str, charset: frozenset[str]) -> bool:
    """A letter that this encoding never produces (e.g. 'ộ' or 'đ' in a TCVN3 word): the word is Unicode."""
    return any(not c.isascii() and c.isalpha() and c not in charset for c in word)


def _score(words: list[str], mark: re.Pattern[str], charset: frozenset[str]) -> tuple[int, int]:
    nonascii = [w for w in words if not w.isascii()]
    return sum(1 for w in nonascii if mark.search(w)), sum(1 for w in nonascii if _foreign(w, charset))


def legacy_score(text: str) -> int:
    """How many words carry a TCVN3 or VNI signature (the larger of the two counts)."""
    words = text.split()
    return max(_score(words, _TCVN_MARK, _TCVN_CHARS)[0], _score(words, _VNI_MARK, _VNI_CHARS)[0])


def detect_legacy(text: str) -> Legacy | None:
    """'tcvn3' or 'vni' when `text` is legacy-encoded Vietnamese read as Latin-1/Windows-1252, else None.

    An encoding wins when enough words carry its signature ("B¸o", "ViÖt"; "Baùo", "ñöôïc") and almost no word
    holds a letter it cannot produce — genuine Unicode Vietnamese is full of those ("ộ", "đ", "ư"), and ASCII /
    English text has no signature at all.
    """
    words = text.split()
    nonascii = sum(1 for w in words if not w.isascii())
    if not nonascii or len(_VN_SPECIFIC.findall(text)) > nonascii:
        return None
    best: tuple[int, Legacy] | None = None
    for enc, mark, chars in (("tcvn3", _TCVN_MARK, _TCVN_CHARS), ("vni", _VNI_MARK, _VNI_CHARS)):
        marked, foreign = _score(words, mark, chars)
        if marked == 0 or foreign > 0.1 * nonascii:
            continue
        if (marked < 2 and len(words) > 3) or marked < 0.25 * nonascii:
            continue
        if best is None or marked > best[0]:
            best = (marked, enc)  # type: ignore[assignment]
    return best[1] if best else None


def _upper_lines(text: str) -> str:
    """TCVN3 capitals typed as ASCII capitals + lowercase toned codes: a line whose ASCII letters are all
    capitals (at least two) was meant in capitals ("B¸O C¸O" → "BÁO CÁO")."""
    out = []
    for line in text.split("\n"):
        letters = [c for c in line if c.isascii() and c.isalpha()]
        out.append(line.upper() if len(letters) >= 2 and all(c.isupper() for c in letters) else line)
    return "\n".join(out)


def convert_legacy(text: str, enc: Legacy, *, uppercase: bool = False) -> str:
    """Legacy-encoded text → NFC Unicode. uppercase=True for capitals-only fonts (.VnTimeH, VNI-...H)."""
    if enc == "tcvn3":
        text = _PDF_LOOKALIKES.sub(lambda m: _PDF_FIX[m.group(0)], text)
        out = _upper_lines("".join(TCVN3_TABLE.get(c, c) for c in text))
    elif enc == "vni":
        out = _VNI_RX.sub(lambda m: VNI_TABLE[m.group(0)], text)
    else:
        raise ValueError(f"unknown legacy encoding: {enc}")
    out = unicodedata.normalize("NFC", out)
    return out.upper() if uppercase else out


def font_encoding(font: str | None) -> Legacy | None:
    """Legacy encoding implied by a font name: '.VnTime', '.VnTimeH', '.VnArial' → tcvn3; 'VNI-Times' → vni."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn") or name.startswith("vn3") or name.startswith("abc"):
        return "tcvn3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "vni"
    return None


def font_is_uppercase(font: str | None) -> bool:
    """'.VnTimeH', '.VnArialH': TCVN3 capitals-only fonts end in 'H' and draw every letter as a capital."""
    if not font:
        return False
    name = font.strip()
    return name.startswith(".Vn") and name.endswith("H")
