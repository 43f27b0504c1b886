"""Table cells of a plan's header and signature block → logical lines.

A reader may join a cell's paragraphs with a space ("ĐẢNG BỘ TỈNH LÀO CAI THỊ ỦY SA PA * Số 24-KH/ThU",
"T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ Thào A Sinh", "Nơi nhận: - Như trên, - Lưu VP."). These rules cut such a
string back into the lines a person sees; a cell that already has line breaks is split on them first.
"""

from __future__ import annotations

import re

_MOTTOS = re.compile(
    r"(ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG H[ÒO]A XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc)"
)
_BREAKS = re.compile(
    r"\s+(?=Số\s*:?\s*[\d.…]+[-/])"  # the number under the issuing body
    r"|\s*\*\s*"  # the Party star
    r"|\s+(?=[-–+•]\s)"  # recipient bullets
    r"|\s+(?=(?:T/M|TM\.|K/T|KT\.|T/L|TL\.|TUQ\.)\s)"  # signing authorities
    r"|\s+(?=Nơi nhận)"
    r"|\s*\((?:đã ký|Đã ký|ký|Ký)[^)]*\)\s*"  # "(Đã ký)", "(Ký tên, đóng dấu)"
)
_AUTHORITY = re.compile(r"^(?:T/M|TM\.|K/T|KT\.|T/L|TL\.|TUQ\.)\s")
_POSITIONS = re.compile(
    r"(PHÓ BÍ THƯ|BÍ THƯ|PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ TRƯỞNG BAN|TRƯỞNG BAN|PHÓ TRƯỞNG PHÒNG"
    r"|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|PHÓ CHÁNH VĂN PHÒNG)"
)
_SECOND_BODY = re.compile(
    r"(?<!ỦY)(?<!UỶ)\s(?=(?:THỊ ỦY|THÀNH ỦY|HUYỆN ỦY|QUẬN ỦY|ĐẢNG ỦY|CHI BỘ|SỞ|PHÒNG|VĂN PHÒNG|BAN) \S)"
)


def _caps(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _split_name(line: str) -> list[str]:
    """'PHÓ BÍ THƯ THƯỜNG TRỰC Thào A Sinh' → position, name."""
    tokens = line.split()
    if not tokens or not tokens[0][:1].isalpha():
        return [line]  # a '- ...' recipient line
    for i in range(2, len(tokens)):
        if _caps(tokens[i - 1]) and len(tokens[i - 1]) > 1 and not _caps(tokens[i]) and tokens[i][:1].isupper():
            tail = tokens[i:]
            if len(tail) <= 5 and all(t[:1].isupper() for t in tail if t[:1].isalpha()):
                return [" ".join(tokens[:i]), " ".join(tail)]
    return [line]


def _split_position(line: str) -> list[str]:
    """'T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC' → authority, position."""
    if not _AUTHORITY.match(line):
        return [line]
    head = len(line.split()[0]) + 1
    hits = [m for m in _POSITIONS.finditer(line) if m.start() > head + 1]
    if not hits:
        return [line]
    cut = hits[-1].start()
    while any(h.start() < cut <= h.end() for h in hits):
        cut -= 1  # never inside a longer match such as 'PHÓ CHỦ TỊCH'
    return [line[:cut].strip(), line[cut:].strip()]


def _split_bodies(line: str) -> list[str]:
    """'ĐẢNG BỘ TỈNH LÀO CAI THỊ ỦY SA PA' → superior, issuer (only in an all-caps organisation line)."""
    if not _caps(line.replace(" ", "")) or _AUTHORITY.match(line) or _POSITIONS.match(line):
        return [line]
    m = _SECOND_BODY.search(line)
    if m and len(line[m.end() :].split()) >= 3:
        return [line[: m.start()].strip(), line[m.end() :].strip()]
    return [line]


def cell_lines(text: str) -> list[str]:
    out: list[str] = []
    text = _MOTTOS.sub(lambda m: f"\n{m.group(1)}\n", text)
    for chunk in text.split("\n"):
        if _MOTTOS.fullmatch(chunk.strip()):
            out.append(chunk.strip())
            continue
        for piece in _BREAKS.sub("\n", chunk).split("\n"):
            piece = " ".join(piece.split())
            if not piece:
                continue
            for a in _split_name(piece):
                for b in _split_position(a):
                    out.extend(_split_bodies(b))
    return out
