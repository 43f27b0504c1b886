"""Vietnamese figures: find, parse, compare and standardise them.

Standard form (DOMAIN.md): thousands '.', decimals ',' — "1.250 lượt người", "đạt 95,5%". Real documents
are inconsistent ("69.6%", "1250", "1,250,000"), so reading accepts every form and writing emits the standard.

Decisions (pinned by tests/test_numbers.py):
- Parsing: '.' followed only by 3-digit groups is a thousands separator ("1.250", "1.250.000"), otherwise a
  decimal point ("69.6", "1.25"). One ',' is the Vietnamese decimal comma ("95,5"; "1,250" is 1,25); two or
  more ',' with 3-digit groups are English thousands ("1,250,000"). With both, the last one is the decimal
  separator ("1.250,5" = "1,250.5" = 1250,5). "1 250" (space, NBSP, thin space) = 1250. Leading zeros are
  kept in the text ("05 năm") but not in the key.
- Kinds: number, percent (number + '%'), date (27/4/2021, 27/04/2021, 27-4-2021, 2021-04-27, "4/2021",
  "ngày 27 tháng 4 năm 2021", "tháng 4 năm 2021", "ngày 27/4" after a date word), docnumber (Party "24-KH/ThU",
  state "3619/BKHĐT-TCTT", "30/2020/NĐ-CP"), ratio ("14/16", "8.793/6.500"), year (4 digits 1900–2100 with no
  separator, one mention per year of a range "2016-2021"). A bare 4-digit 1900–2100 figure is a year unless a
  counting noun follows or a counting word precedes it ("2000 người", "đạt 2000") and no year word precedes it.
- Not figures (skipped): citation markers in every form `assistant.text.citation_marks` reads ("[3]", "[1, 2]",
  "【12】", "［１］"); section labels at line start ("1.", "1.2.", "2)",
  "1.1 Mục đích", "1-"); digits glued to letters ("F0", "COVID-19", "5G", "14h30"); version names such as
  "4.0" in "cách mạng công nghiệp 4.0" (one digit + ".0", no %); phone numbers, e-mail addresses and URLs.
- Keys: 'n:1250', 'p:95.5', 'd:2021-04-27' / 'd:2021-04' (month) / 'd:--04-27' (no year), 'y:2021',
  'r:14/16', 'doc:24-kh/thu' (case-insensitive, spaces dropped, 'đ' folded to 'd').
- Number lock (`unsupported_numbers`): a source supports more than its own keys (`support_keys`): a ratio
  supports its parts ("14/16" supports 14 and 16), a date its month, day-month and year, a document number its
  leading number and year, and a year and the equal integer support each other. A ratio in the text is also
  supported when one source contains both parts ("14 ... trên tổng số 16"). Small ordinals after "thứ"
  ("lần thứ 2") are not checked; number words ("hai", "thứ nhất") are never figures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from assistant.text.citation_marks import MARKER

Kind = Literal["number", "percent", "date", "docnumber", "ratio", "year"]


@dataclass(frozen=True)
class NumberMention:
    raw: str
    kind: Kind
    value: Decimal | None
    key: str
    start: int
    end: int

    def support_keys(self) -> frozenset[str]:
        """Keys this mention supports when it appears in a source (see module doc)."""
        return _support_keys(self)


# ------------------------------------------------------------------ parsing and formatting

_SPACES = " \u00a0\u202f\u2009"
_SPACE_GROUPED = re.compile(rf"^\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:,\d+)?$")
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:X\d{3})+$")


def _grouped(s: str, sep: str) -> bool:
    return bool(_THOUSANDS.match(s.replace(sep, "X")))


def parse_vn_number(s: str) -> Decimal | None:
    """'1.250' → 1250, '95,5' → 95.5, '69.6' → 69.6, '1,250,000' → 1250000, '1 250' → 1250; else None."""
    s = s.strip().rstrip("%").strip()
    sign = ""
    if s and s[0] in "-+−":
        sign, s = ("-" if s[0] != "+" else ""), s[1:].strip()
    if _SPACE_GROUPED.match(s):
        s = re.sub(f"[{_SPACES}]", "", s)
    if not s or not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        th = "," if dec == "." else "."
        int_part, _, frac = s.rpartition(dec)
        if dec in int_part or not _grouped(int_part, th):
            return None
        digits = int_part.replace(th, "") + "." + frac
    elif dots or commas:
        sep = "." if dots else ","
        int_part, _, frac = s.partition(sep)
        if (sep == "." or s.count(sep) > 1) and _grouped(s, sep):
            digits = s.replace(sep, "")
        elif s.count(sep) == 1:
            digits = int_part + "." + frac
        else:
            return None
    else:
        digits = s
    try:
        return Decimal(sign + digits)
    except InvalidOperation:  # pragma: no cover - the regex above admits only digits
        return None


def format_vn_number(value: Decimal | int | float, decimals: int | None = None, *, year_like: bool = False) -> str:
    """1250 → '1.250', 95.5 → '95,5', Decimal('95.50') → '95,50'. decimals rounds (half up) to that many places.

    year_like=True keeps integers 1000–2100 ungrouped ('2021'), for figures known to be years.
    """
    d = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    int_part, _, frac = format(abs(d), "f").partition(".")
    if not (year_like and not frac and 1000 <= int(int_part) <= 2100):
        int_part = f"{int(int_part):,}".replace(",", ".")
    return sign + int_part + ("," + frac if frac else "")


def _canon(d: Decimal) -> str:
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


# ------------------------------------------------------------------ patterns

_NUM = rf"(?:\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?!\d)(?:,\d+)?|\d+(?:[.,]\d+)*)"
_LEFT = r"(?<!\w)(?<!\w[.,])(?<![^\W\d_]-)"  # not glued to a word, not mid-number, not "COVID-"
_RIGHT = r"(?![.,]?\d)(?!\w)"
_UNIT_RIGHT = r"(?![.,]?\d)(?=(?:km2?|m[23²³]?|ha|kg|cm|mm|tr)?(?!\w))"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w.,])(?:\+84|0)(?:[ .-]?\d){8,10}(?![.,]?\d)(?!\w)")
_VERSION = re.compile(_LEFT + r"\d\.0(?![.,]?\d)(?!\s?%)(?!\w)")
_LABEL = re.compile(
    r"(?m)^[ \t>]*(?:#{1,6}[ \t]*)?(?:\*\*|__|\*)?[ \t]*"
    r"(\d{1,2}(?:\.\d{1,2})*(?:[.)]|[ \t]*-(?=[ \t]))(?=[ \t*_:]|$)"
    r"|\d{1,2}(?:\.\d{1,2})+(?=[ \t]+[A-ZĐÀ-Ỹ]))"
)

_WORD_DATE = re.compile(
    r"(?<!\w)(?:ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?|tháng\s+(\d{1,2})\s+năm\s+(\d{4}))(?!\d)",
    re.I,
)
_DOC_PARTY = re.compile(r"(?<![\w/])\d{1,5}-[^\W\d_]{1,10}(?:/[^\W\d_]\w*(?:-\w+)*)+")
_DOC_STATE = re.compile(r"(?<![\w/])\d{1,5}(?:/\d{4})?/[^\W\d_]\w*(?:-\w+)*")
_DATE_DMY = re.compile(_LEFT + r"(?<![/-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\w/]|[.,]\d)")
_DATE_ISO = re.compile(_LEFT + r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?![\w/-]|[.,]\d)")
_YEAR_RANGE = re.compile(_LEFT + r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})" + _RIGHT)
_SLASH = re.compile(_LEFT + rf"(?<![/-])({_NUM})(\s?/\s?)({_NUM})(?![\w/]|[.,]\d)")
_PERCENT = re.compile(_LEFT + rf"(?<![/-])({_NUM})\s?%")
_NUMBER = re.compile(_LEFT + rf"{_NUM}" + _UNIT_RIGHT)

_DATE_WORDS = re.compile(r"(?:ngày|hôm|từ|đến|trước|sau|tới|vào|hạn)\s*$", re.I)
_YEAR_WORDS = re.compile(
    r"(?:năm|giai đoạn|nhiệm kỳ|niên khóa|niên khoá|niên học|khóa|khoá|từ|đến|tới|cuối|đầu|trước|sau|tết|"
    r"mùa|vụ|[IVX]+\s*/|/)\s*$",
    re.I,
)
_COUNT_BEFORE = re.compile(r"(?:đạt|tổng số|tổng cộng|tổng|gồm|khoảng|gần|hơn|trên|dưới|số lượng|có)\s*$", re.I)
_COUNT_AFTER = re.compile(
    r"^\s*(?:người|lượt|hộ|đảng viên|cán bộ|công chức|viên chức|học sinh|sinh viên|hội viên|đoàn viên|"
    r"thành viên|bản|cuốn|tờ|buổi|lớp|tin|bài|hồ sơ|đơn vị|tổ chức|doanh nghiệp|trường hợp|ha|km|m|tấn|"
    r"con|cây|triệu|tỷ|nghìn|ngàn|đồng|usd|sản phẩm|lao động|nhà|phòng|xã|thôn|bản|tổ|chi bộ|em|cháu)(?!\w)",
    re.I,
)
_ORDINAL = re.compile(r"thứ\s*$", re.I)


def _date_key(d: int | None, m: int, y: int | None) -> str | None:
    if not 1 <= m <= 12 or (d is not None and not 1 <= d <= 31) or (y is not None and not 1900 <= y <= 2100):
        return None
    if d is None:
        return f"d:{y:04d}-{m:02d}"
    if y is None:
        return f"d:--{m:02d}-{d:02d}"
    return f"d:{y:04d}-{m:02d}-{d:02d}"


def _doc_key(raw: str) -> str:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFC", raw)).replace("–", "-").casefold()
    return "doc:" + s.replace("đ", "d")


def _is_plain_int(raw: str) -> bool:
    return raw.isdigit()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = bytearray(len(text))  # 1 where a figure or a masked span already lies
        self.found: list[NumberMention] = []

    def free(self, a: int, b: int) -> bool:
        return not any(self.taken[a:b])

    def take(self, a: int, b: int) -> None:
        self.taken[a:b] = b"\x01" * (b - a)

    def add(self, a: int, b: int, kind: Kind, value: Decimal | None, key: str) -> None:
        self.take(a, b)
        self.found.append(NumberMention(self.text[a:b], kind, value, key, a, b))

    def before(self, pos: int, n: int = 30) -> str:
        return self.text[max(0, pos - n) : pos]


def _mask(sc: _Scanner) -> None:
    for rx in (_URL, _EMAIL, MARKER, _PHONE, _VERSION):
        for m in rx.finditer(sc.text):
            sc.take(m.start(), m.end())
    for m in _LABEL.finditer(sc.text):
        sc.take(m.start(1), m.end(1))


def _scan_dates_and_docs(sc: _Scanner) -> None:
    t = sc.text
    for m in _WORD_DATE.finditer(t):
        if m.group(4):
            key = _date_key(None, int(m.group(4)), int(m.group(5)))
        else:
            key = _date_key(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
        if key and sc.free(m.start(), m.end()):
            sc.add(m.start(), m.end(), "date", None, key)
    for rx in (_DOC_PARTY, _DOC_STATE):
        for m in rx.finditer(t):
            code = m.group(0).rsplit("/", 1)[1]
            lower_ok = re.fullmatch(r"[^\W\d_]+(?:-\w+)+", code)  # "nđ-cp" written in lower case
            if rx is _DOC_STATE and sum(c.isupper() for c in code) < 2 and not lower_ok:
                continue
            if sc.free(m.start(), m.end()):
                sc.add(m.start(), m.end(), "docnumber", None, _doc_key(m.group(0)))
    for m in _DATE_DMY.finditer(t):
        key = _date_key(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if key and sc.free(m.start(), m.end()):
            sc.add(m.start(), m.end(), "date", None, key)
    for m in _DATE_ISO.finditer(t):
        key = _date_key(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if key and sc.free(m.start(), m.end()):
            sc.add(m.start(), m.end(), "date", None, key)
    for m in _YEAR_RANGE.finditer(t):
        if sc.free(m.start(), m.end()):
            for g in (1, 2):
                sc.add(m.start(g), m.end(g), "year", Decimal(m.group(g)), f"y:{m.group(g)}")


def _scan_slashes(sc: _Scanner) -> None:
    for m in _SLASH.finditer(sc.text):
        if not sc.free(m.start(), m.end()):
            continue
        a_raw, b_raw = m.group(1), m.group(3)
        if _is_plain_int(a_raw) and _is_plain_int(b_raw):
            a, b = int(a_raw), int(b_raw)
            if len(b_raw) == 4 and 1 <= a <= 12 and len(a_raw) <= 2:
                key = _date_key(None, a, b)
                if key:
                    sc.add(m.start(), m.end(), "date", None, key)
                    continue
            if len(a_raw) <= 2 and len(b_raw) <= 2 and _DATE_WORDS.search(sc.before(m.start())):
                key = _date_key(a, b, None)
                if key:
                    sc.add(m.start(), m.end(), "date", None, key)
                    continue
        va, vb = parse_vn_number(a_raw), parse_vn_number(b_raw)
        if va is not None and vb is not None:
            sc.add(m.start(), m.end(), "ratio", None, f"r:{_canon(va)}/{_canon(vb)}")


def _is_year(sc: _Scanner, raw: str, start: int, end: int) -> bool:
    if not (len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100):
        return False
    before = sc.before(start)
    if _YEAR_WORDS.search(before):
        return True
    return not (_COUNT_AFTER.match(sc.text[end : end + 20]) or _COUNT_BEFORE.search(before))


def _scan_plain(sc: _Scanner) -> None:
    for m in _PERCENT.finditer(sc.text):
        v = parse_vn_number(m.group(1))
        if v is not None and sc.free(m.start(), m.end()):
            sc.add(m.start(), m.end(), "percent", v, f"p:{_canon(v)}")
    for m in _NUMBER.finditer(sc.text):
        raw = m.group(0)
        v = parse_vn_number(raw)
        if v is None or not sc.free(m.start(), m.end()):
            continue
        if _is_year(sc, raw, m.start(), m.end()):
            sc.add(m.start(), m.end(), "year", v, f"y:{raw}")
        else:
            sc.add(m.start(), m.end(), "number", v, f"n:{_canon(v)}")


def find_numbers(text: str) -> list[NumberMention]:
    """Every figure in `text` (expected NFC, as reading produces), in order of position."""
    sc = _Scanner(text)
    _mask(sc)
    _scan_dates_and_docs(sc)
    _scan_slashes(sc)
    _scan_plain(sc)
    return sorted(sc.found, key=lambda m: m.start)


# ------------------------------------------------------------------ number lock


def _support_keys(m: NumberMention) -> frozenset[str]:
    keys = {m.key}
    body = m.key.split(":", 1)[1]
    if m.kind == "ratio":
        keys.update("n:" + p for p in body.split("/"))
    elif m.kind == "date" and not body.startswith("--"):
        parts = body.split("-")
        keys.add(f"y:{int(parts[0])}")
        keys.add(f"n:{int(parts[0])}")
        if len(parts) == 3:
            keys.add(f"d:{parts[0]}-{parts[1]}")
            keys.add(f"d:--{parts[1]}-{parts[2]}")
    elif m.kind == "date":
        pass
    elif m.kind == "year":
        keys.add(f"n:{int(body)}")
    elif m.kind == "number" and m.value is not None and m.value == m.value.to_integral_value():
        if 1900 <= m.value <= 2100:
            keys.add(f"y:{int(m.value)}")
    elif m.kind == "docnumber":
        lead = re.match(r"\d+", m.raw)
        if lead:
            keys.add(f"n:{int(lead.group(0))}")
        keys.update(f"y:{y}" for y in re.findall(r"/((?:19|20)\d{2})/", m.raw))
    return frozenset(keys)


def _parts(m: NumberMention) -> list[str]:
    return ["n:" + p for p in m.key.split(":", 1)[1].split("/")] if m.kind == "ratio" else []


def unsupported_numbers(text: str, source_texts: Iterable[str]) -> list[NumberMention]:
    """Mentions in `text` that no source supports (the number lock). Offsets refer to NFC `text`."""
    text = unicodedata.normalize("NFC", text)
    per_source = [set().union(*(m.support_keys() for m in find_numbers(unicodedata.normalize("NFC", s))))
                  for s in source_texts]
    every = set().union(*per_source) if per_source else set()
    out: list[NumberMention] = []
    for m in find_numbers(text):
        if m.kind == "number" and m.value is not None and m.value <= 10 and _ORDINAL.search(text[: m.start]):
            continue
        if m.key in every:
            continue
        if m.kind == "ratio" and any(all(p in keys for p in _parts(m)) for keys in per_source):
            continue
        out.append(m)
    return out


# ------------------------------------------------------------------ standard form


def _standard_number(raw: str) -> str:
    raw = raw.strip()
    if re.fullmatch(r"0\d+", raw):
        return raw  # "05 năm": the leading zero is a deliberate style
    v = parse_vn_number(raw)
    return raw if v is None else format_vn_number(v)


def _standard_form(m: NumberMention) -> str:
    if m.kind == "number":
        return _standard_number(m.raw)
    if m.kind == "percent":
        return _standard_number(m.raw.rstrip("%").strip()) + "%"
    if m.kind == "ratio":
        a, sep, b = re.split(r"(\s?/\s?)", m.raw, maxsplit=1)
        return _standard_number(a) + sep + _standard_number(b)
    return m.raw


def standardize_numbers(text: str) -> str:
    """Rewrite numbers, percents and ratio parts into the standard form; leave everything else as written."""
    out: list[str] = []
    pos = 0
    for m in find_numbers(text):
        new = _standard_form(m)
        if new != m.raw:
            out.append(text[pos : m.start])
            out.append(new)
            pos = m.end
    out.append(text[pos:])
    return "".join(out)
