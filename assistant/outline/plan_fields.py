"""Text rules for the plan parser: organisation names in capitals, deadlines, report targets,
recipients and the signature block, the reporting period."""

from __future__ import annotations

import re

from assistant.outline.lines import Line
from assistant.types import Deadline

_ACRONYMS = {"UBND", "HĐND", "MTTQ", "UBMTTQ", "BCH", "BTV", "TW", "TƯ", "HKHKT", "THCS", "THPT", "CP", "TNCS"}
_ADMIN = {"tỉnh", "huyện", "xã", "phường", "quận"}
_ADMIN_PAIRS = {("thị", "xã"), ("thị", "trấn"), ("thành", "phố")}
_UY_BODIES = {"tỉnh", "huyện", "thị", "thành", "quận", "đảng"}
_NAME_AFTER = {"ban", "sở", "phòng", "cục", "vụ"}


def org_case(text: str) -> str:
    """'THỊ ỦY SA PA' → 'Thị ủy Sa Pa'; 'BAN TUYÊN GIÁO TỈNH ỦY' → 'Ban Tuyên giáo Tỉnh ủy';
    'ỦY BAN NHÂN DÂN HUYỆN BẢO THẮNG' → 'Ủy ban nhân dân huyện Bảo Thắng'. Mixed case is kept."""
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return text.strip()
    raw = text.split()
    words = [w.lower() for w in raw]
    out: list[str] = []
    proper = False
    i = 0
    while i < len(words):
        w, nxt = words[i], (words[i + 1] if i + 1 < len(words) else "")
        if raw[i] in _ACRONYMS:
            out.append(raw[i])
        elif proper:
            out.append(w.capitalize())
        elif (w, nxt) in _ADMIN_PAIRS:
            out.extend([w, nxt] if out else [w.capitalize(), nxt])
            proper, i = True, i + 2
            continue
        elif w in _UY_BODIES and nxt == "ủy":
            out.extend([w.capitalize(), "ủy"])
            proper = i + 2 < len(words) and words[i + 2] not in _ADMIN and (words[i + 2], "") not in _ADMIN_PAIRS
            i += 2
            continue
        elif w in _ADMIN and out:
            out.append(w)
            proper = True
        elif not out or (out[-1].lower() in _NAME_AFTER and (w, nxt) != ("nhân", "dân")):
            out.append(w.capitalize())
        else:
            out.append(w)
        i += 1
    return " ".join(out)


# ------------------------------------------------------------------ deadlines

_DEADLINE = re.compile(
    r"(?:trước|chậm nhất|không muộn hơn|hạn cuối|hạn chót)\s+(?:là\s+)?(?:ngày\s+)?"
    r"(?:(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})(?:[/.\-](?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)",
    re.I,
)
_ORG_START = (
    r"(?:Các|UBND|Ủy ban|Uỷ ban|Ban|Phòng|Văn phòng|Sở|Trung tâm|Đảng ủy|Đảng uỷ|Chi bộ|Mặt trận|Hội|Đoàn|"
    r"Công an|Thường trực|Cơ quan|Đơn vị|Chi cục|Huyện|Thị|Thành|Tỉnh|Trường|Bộ phận)"
)
_SUBJECT = re.compile(
    rf"^({_ORG_START}[^;:]{{0,80}}?)\s+(?:xây dựng|tổng hợp|hoàn thành|gửi|trình|chủ trì|tham mưu|báo cáo|nộp)\b"
)
_ORG_HEADING = re.compile(rf"^{_ORG_START}\b")
_VERBS = re.compile(r"^(xây dựng|hoàn thành|gửi|trình|báo cáo|tổng hợp|nộp|hoàn chỉnh)\b", re.I)
_PARENS = re.compile(r"\s*\([^()]*\)")


def _shorten(what: str) -> str:
    what = _PARENS.sub("", what).strip(" ,;.")
    segs = [s.strip() for s in what.split(",")]
    if len(what.split()) <= 20:
        return what
    window: list[str] = []
    for seg in reversed(segs):
        if sum(len(s.split()) for s in window) + len(seg.split()) > 20:
            break
        window.insert(0, seg)
    for k, seg in enumerate(window):
        if _VERBS.match(seg):
            return ", ".join(window[k:])
    verbs = list(re.finditer(r"\b(?:xây dựng|hoàn thành|gửi|trình|báo cáo|tổng hợp|nộp)\b", what))
    for m in verbs:
        if len(what[m.start() :].split()) <= 20:
            return what[m.start() :]
    return ", ".join(window) or what


def deadlines_in(lines: list[Line], year: int | None) -> list[Deadline]:
    """'... trước ngày 20/8/2021' → Deadline(date, what, who) for each date in the plan part."""
    years = [int(y) for ln in lines for y in re.findall(r"\b(20\d\d)\b", ln.text)]
    year = year or (max(set(years), key=years.count) if years else None)
    out: list[Deadline] = []
    heading: str | None = None
    for line in lines:
        if line.marker is not None and not line.marker.is_bullet:
            heading = line.text if _ORG_HEADING.match(line.text) and line.words <= 20 else None
        sentences = re.split(r"(?<=[.;])\s+", line.text)
        for k, sent in enumerate(sentences):
            for m in _DEADLINE.finditer(sent):
                d, mo = (m.group("d") or m.group("d2")), (m.group("m") or m.group("m2"))
                y = m.group("y") or m.group("y2")
                y = int(y) if y else year
                if not y or not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
                    continue
                what = sent[: m.start()].strip(" ,;.")
                if len(what.split()) <= 3 and k > 0:
                    what = sentences[k - 1]
                sub = _SUBJECT.match(what)
                who = heading
                if sub and (heading is None or line.marker is not None):
                    who = sub.group(1).strip()
                    what = what[sub.end(1) :].strip()
                what = _shorten(what)
                out.append(Deadline(date=f"{y}-{int(mo):02d}-{int(d):02d}", what=what[:1].upper() + what[1:], who=who))
    return out


# ------------------------------------------------------------------ report targets

_REPORT_TO = re.compile(
    r"(?:[Bb]áo cáo gửi(?: về)?|gửi(?: báo cáo)? về)\s+(.+?)(?=\s+trước ngày|\s+chậm nhất|[.]\s|[.]$|$)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def report_targets(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        for m in _REPORT_TO.finditer(t):
            body = re.split(r",?\s*đồng thời\b", m.group(1))[0]
            for part in body.split(";"):
                part = _EMAIL.sub("", part).strip(" ,.;:")
                if part and part not in out:
                    out.append(part)
            for email in _EMAIL.findall(t[m.start() :]):
                email = email.rstrip(".")
                if email not in out:
                    out.append(email)
    return out


# ------------------------------------------------------------------ recipients, signature

_AUTHORITY = re.compile(r"^(T/\s?M|TM\.?|K/\s?T|KT\.?|T/\s?L|TL\.?|TUQ\.?|Q\.|T/U)\s+\S")
_POSITION = re.compile(r"^(PHÓ |)(BÍ THƯ|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|THỦ TRƯỞNG)")
_NOT_NAME = re.compile(r"^\(?(đã ký|ký tên|ký, ghi rõ|đóng dấu)", re.I)


def signature(lines: list[Line]) -> tuple[list[str], str | None, str | None, str | None]:
    """(recipients, signing authority, signer position, signer name)."""
    recipients: list[str] = []
    authority: list[str] = []
    position = signer = None
    texts = [ln.raw for ln in lines if ln.table is None]
    i = next((k for k, t in enumerate(texts) if re.match(r"^Nơi nhận\s*:?", t, re.I)), None)
    if i is not None:
        for t in texts[i + 1 :]:
            if not t.startswith(("-", "–", "+", "•")):
                break
            recipients.append(t.lstrip("-–+• ").rstrip(" ,;."))
    tail = texts[i:] if i is not None else texts[-10:]
    for k, t in enumerate(tail):
        if _AUTHORITY.match(t):
            authority.append(" ".join(t.split()))
            continue
        if position is None and (authority or _POSITION.match(t)) and t.isupper():
            position = " ".join(t.split())
        elif position is not None and not _NOT_NAME.match(t) and not t.isupper() and len(t.split()) <= 6:
            signer = t.strip()
            break
    return recipients, "\n".join(authority) or None, position, signer


# ------------------------------------------------------------------ period


def period_of(subject: str, implements: str, text: str) -> str | None:
    for source in (subject, implements):
        m = re.search(r"\b(\d{1,2}\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4})", source)
        if m:
            return m.group(1)
        m = re.search(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b", source)
        if m:
            return f"{m.group(1)}-{m.group(2)}"
        m = re.search(r"\b(\d{1,2})\s+năm\b", source)
        if m:
            return f"{m.group(1)} năm"
        m = re.search(r"\bnăm\s+((?:19|20)\d\d)\b", source)
        if m and source is subject:
            return f"năm {m.group(1)}"
    m = re.search(r"giai đoạn\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", text)
    return f"{m.group(1)}-{m.group(2)}" if m else None
