"""Vietnamese text: Unicode normalisation, one tone-mark convention, folding for matching, byte decoding.

Tone placement: the same word arrives as "hoà"/"hòa", "thuỷ"/"thủy", "Uỷ"/"Ủy". `normalize_vi` picks the
traditional ("old style") placement used by official documents — "hòa", "khỏe", "thủy", "Ủy ban" — for open
syllables ending in oa / oe / uy (not after q: "quý" keeps its mark on y). Syllables with a final consonant
("hoàn", "khuyến") are the same in both styles and are left alone.

Legacy encodings (TCVN3 / VNI) live in `assistant.text.legacy`; `decode_bytes` detects and converts them.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.text.legacy import convert_legacy, detect_legacy, legacy_score

__all__ = [
    "normalize_vi",
    "fold_key",
    "strip_diacritics",
    "detect_legacy",
    "convert_legacy",
    "decode_bytes",
]

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _toned(base: str) -> str:
    return "".join(unicodedata.normalize("NFC", base + t) for t in _TONES)


def _tone_index(ch: str) -> int:
    for base in "aeyAEY":
        i = _toned(base).find(ch)
        if i >= 0:
            return i
    return -1


# first vowel, second vowel carrying the tone; only at the end of a word, not after q/Q
_NEW_STYLE = re.compile(r"(?<![qQ])([oO])([" + _toned("a") + _toned("A") + r"])(?!\w)"
                        r"|(?<![qQ])([oO])([" + _toned("e") + _toned("E") + r"])(?!\w)"
                        r"|(?<![qQ])([uU])([" + _toned("y") + _toned("Y") + r"])(?!\w)")


def _to_old_style(m: re.Match[str]) -> str:
    first, second = next((m.group(i), m.group(i + 1)) for i in (1, 3, 5) if m.group(i))
    tone = _TONES[_tone_index(second)]
    plain = unicodedata.normalize("NFD", second)[0]
    return unicodedata.normalize("NFC", first + tone) + plain


def normalize_vi(text: str) -> str:
    """NFC, then the traditional tone placement ("hoà" → "hòa", "thuỷ" → "thủy", "Uỷ" → "Ủy")."""
    text = unicodedata.normalize("NFC", text)
    return _NEW_STYLE.sub(_to_old_style, text)


def fold_key(text: str) -> str:
    """Key for matching: normalised, lower-cased, whitespace collapsed, trimmed."""
    return re.sub(r"\s+", " ", normalize_vi(text).casefold()).strip()


def strip_diacritics(text: str) -> str:
    """ASCII-ish form for fuzzy matching: 'Đảng ủy' → 'Dang uy'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# ------------------------------------------------------------------ bytes → text

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _bomless_utf16(raw: bytes) -> str | None:
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:4096]
    even = sample[0::2].count(0) / (len(sample) // 2)
    odd = sample[1::2].count(0) / (len(sample) // 2)
    if odd >= 0.3 and even <= 0.05:
        return "utf-16-le"
    if even >= 0.3 and odd <= 0.05:
        return "utf-16-be"
    return None


# Windows-1258 writes tone marks as separate bytes after the vowel (viewed as Latin-1: Ì ì Ò Þ ò).
_CP1258_TONE = re.compile(r"[aeiouyAEIOUYâêôãõýÂÊÔÃÕÝ][\xcc\xec\xd2\xde\xf2]")


def _cp1258_words(latin: str) -> int:
    return sum(1 for w in latin.split() if _CP1258_TONE.search(w))


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Bytes of a text file → (NFC text, encoding). Encoding is the byte encoding ('utf-8', 'utf-16-le',
    'cp1258', ...) or 'tcvn3' / 'vni' when the text was in a legacy Vietnamese font encoding (converted)."""
    enc = next((name for bom, name in _BOMS if raw.startswith(bom)), None) or _bomless_utf16(raw)
    if enc:
        text = raw.decode(enc, errors="replace")
        if enc.endswith(("-le", "-be")) and text.startswith("\ufeff"):
            text = text[1:]
    else:
        try:
            text, enc = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            latin = raw.decode("latin-1")
            legacy = detect_legacy(latin)
            if legacy and legacy_score(latin) > _cp1258_words(latin):
                return unicodedata.normalize("NFC", convert_legacy(latin, legacy)), legacy
            text, enc = raw.decode("cp1258", errors="replace"), "cp1258"
    text = unicodedata.normalize("NFC", text)
    legacy = detect_legacy(text)
    if legacy:
        return unicodedata.normalize("NFC", convert_legacy(text, legacy)), legacy
    return text, enc
