"""Document → PlanInfo: the kế hoạch's header, subject, the document it implements, deadlines,
who reports to whom, recipients and signature. Only the plan part is read (before the đề cương
when both are in one file). Values that are not in the text stay None.

`superior` is taken from the header; when the header is missing it is inferred only for Party
bodies at district level ("Thị ủy Sa Pa" → "Đảng bộ tỉnh Lào Cai" when the text names "Tỉnh ủy
Lào Cai"), because the Party header puts that line above the issuing body.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from assistant.outline.lines import Line, find_outline_start, line_from_paragraph, to_lines
from assistant.outline.plan_cells import cell_lines
from assistant.outline.plan_fields import (
    deadlines_in,
    org_case,
    period_of,
    report_targets,
    signature,
)
from assistant.reading.document import read_document
from assistant.types import Document, Paragraph, PlanInfo, Table

DOC_TYPES = {
    "KẾ HOẠCH", "CÔNG VĂN", "HƯỚNG DẪN", "THÔNG BÁO", "CHƯƠNG TRÌNH", "QUYẾT ĐỊNH", "CHỈ THỊ", "NGHỊ QUYẾT",
    "THÔNG TRI", "ĐỀ ÁN", "BÁO CÁO",
}
_TYPE_CODES = {"KH": "Kế hoạch", "HD": "Hướng dẫn", "CV": "Công văn", "TB": "Thông báo", "CTr": "Chương trình"}
_NOT_ORG = re.compile(
    r"^(ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập)", re.I
)
_NUMBER = re.compile(r"^Số\s*:?\s*([\w.…]+[\-/][\w\-/.Đđ]+)")
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d]{2,40}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
_GENERIC_BODY = re.compile(r"^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BAN CHẤP HÀNH|BAN THƯỜNG VỤ)$")
_ADMIN_START = re.compile(r"^(TỈNH|HUYỆN|THỊ XÃ|XÃ|PHƯỜNG|THÀNH PHỐ|QUẬN|THỊ TRẤN)\b")
_OPENING = re.compile(r"^(Thực hiện|Căn cứ|Để|Nhằm|Trên cơ sở|Theo)\b")
_CITED = re.compile(
    r"(?:Kế hoạch|Nghị quyết|Chỉ thị|Hướng dẫn|Công văn|Quyết định|Thông báo|Kết luận|Chương trình|Đề án|Thông tri)"
    r"\s+số\s+\S+"
)
_ISSUER_CLAUSE = re.compile(r"(?:^|[.;,]\s+)([^\W\d][^.;,()]{2,80}?)\s+(?:xây dựng|ban hành)\s+(?:kế hoạch|Kế hoạch)")
_CLOSING = re.compile(r"Trên đây là (?:Kế hoạch|kế hoạch)([^,.;]*)")
_DISTRICT_PARTY = re.compile(r"^(Thị ủy|Huyện ủy|Thành ủy|Quận ủy)\s")
_HEADER_BLOCKS = 20
_PROVINCE = re.compile(r"Tỉnh ủy ((?:[A-ZĐ][\wÀ-ỹ]*\s?){1,3})")


def _column_major(table: Table) -> list[str]:
    """A layout table's cells read column by column (issuing body, number | motto, place and date)."""
    width = max((len(r) for r in table.rows), default=0)
    return [t for j in range(width) for row in table.rows if j < len(row) for t in cell_lines(row[j])]


def _expand_tables(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if line.table is None:
            out.append(line)
            continue
        for text in _column_major(line.table):
            out.append(line_from_paragraph(Paragraph(text=text, locator=line.table.locator)))
    return out


def _header_lines(blocks: list) -> list[str]:
    """Texts of the plan's top, before the document type line."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            out.extend(_column_major(b))
        elif isinstance(b, Paragraph):
            out.extend(cell_lines(b.text))
        if any(t.upper() in DOC_TYPES for t in out[-3:]):
            break
    return out


def _orgs(header: list[str]) -> tuple[str | None, str | None]:
    orgs: list[str] = []
    for t in header:
        if t.upper() in DOC_TYPES:
            break
        letters = [c for c in t if c.isalpha()]
        if (
            len(letters) >= 4 and all(c.isupper() for c in letters) and not _NOT_ORG.match(t)
            and not t.startswith("Số") and not _PLACE_DATE.match(t)
        ):
            orgs.append(t.strip(" *-_"))
    if len(orgs) >= 2 and _GENERIC_BODY.match(orgs[0]) and _ADMIN_START.match(orgs[1]):
        orgs = [f"{orgs[0]} {orgs[1]}", *orgs[2:]]
    if not orgs:
        return None, None
    issuer = org_case(orgs[-1]) if len(orgs) == 1 else org_case(orgs[1])
    superior = org_case(orgs[0]) if len(orgs) >= 2 else None
    return superior, issuer


def _subject(lines: list[Line], type_idx: int) -> str | None:
    parts: list[str] = []
    for line in lines[type_idx + 1 : type_idx + 5]:
        if line.table is not None or _OPENING.match(line.text) or (line.marker and not line.marker.is_bullet):
            break
        if line.words > 60:
            break
        parts.append(line.text)
        if not line.bold and parts and line.text.endswith((".", ":")):
            break
    return " ".join(parts).strip() or None


def _implements(text: str) -> str | None:
    m = re.search(r"(?i)thực hiện\s+", text) or re.search(r"(?i)căn cứ\s+", text)
    if not m:
        return None
    cited = _CITED.search(text, m.end())
    if not cited or cited.start() - m.end() > 5:
        return None
    tail = text[cited.start() :]
    cut = [len(tail)]
    for rx in (r"\s*\(sau đây", r";", r"\.\s", r"\.$", r":"):
        hit = re.search(rx, tail)
        if hit:
            cut.append(hit.start())
    clause = _issuer_clause(tail)
    if clause:
        cut.append(clause.start())
    return tail[: min(cut)].strip(" ,") or None


def _issuer_clause(text: str) -> re.Match[str] | None:
    """', Thị ủy Sa Pa xây dựng kế hoạch ...': the issuer names itself (a capitalised subject)."""
    return next((m for m in _ISSUER_CLAUSE.finditer(text) if m.group(1)[0].isupper()), None)


def _issuer_from_text(texts: list[str]) -> str | None:
    for t in texts:
        m = _issuer_clause(t)
        if m:
            return m.group(1).strip()
    for t in texts:
        m = _CLOSING.search(t)
        if m and " của " in m.group(1):
            return m.group(1).rsplit(" của ", 1)[1].strip()
    return None


def _infer_superior(issuer: str | None, text: str) -> str | None:
    if issuer and _DISTRICT_PARTY.match(issuer):
        m = _PROVINCE.search(text)
        if m:
            return f"Đảng bộ tỉnh {m.group(1).strip()}"
    return None


def _style(number: str | None, authority: str | None, issuer: str | None) -> str | None:
    if number:
        if re.match(r"^[\d.…]+-[A-ZĐ]", number):
            return "party"
        if re.search(r"/[A-ZĐ]+-", number):
            return "state"
    if authority:
        if authority.startswith(("T/M", "K/T", "T/L")):
            return "party"
        if authority.startswith(("TM.", "KT.", "TL.")):
            return "state"
    if issuer:
        if re.search(r"ủy\b|Đảng|Chi bộ", issuer) and not issuer.startswith("Ủy ban"):
            return "party"
        if re.match(r"(UBND|Ủy ban nhân dân|Sở|Phòng)", issuer):
            return "state"
    return None


def parse_plan(doc: Document) -> PlanInfo:
    """The plan's facts from `doc`; the đề cương part, when attached, is not read."""
    all_lines = to_lines(doc.blocks)
    start = find_outline_start(all_lines)
    lines = _merge_broken(_expand_tables(all_lines if start is None else all_lines[:start]))
    header = _header_lines(doc.blocks[:_HEADER_BLOCKS])
    info = PlanInfo()
    for t in header:
        m = _NUMBER.match(t)
        if m and info.number is None:
            info.number = m.group(1).rstrip(".,;")
        d = _PLACE_DATE.match(t)
        if d and info.date is None:
            info.place = d.group("place").strip()
            info.date = f"{d.group('y')}-{int(d.group('m')):02d}-{int(d.group('d')):02d}"
    type_idx = next((i for i, ln in enumerate(lines) if ln.text.upper() in DOC_TYPES and ln.marker is None), None)
    if type_idx is not None:
        info.doc_type = lines[type_idx].text.capitalize()
        info.subject = _subject(lines, type_idx)
    elif info.number:
        code = re.search(r"[-/]([A-Za-zĐ]+)[-/]?", info.number)
        info.doc_type = _TYPE_CODES.get(code.group(1)) if code else None
    texts = [ln.raw for ln in lines if ln.table is None]
    opening = next((t for t in texts if _OPENING.match(t) and _CITED.search(t)), None)
    info.implements = _implements(opening) if opening else None
    info.superior, info.issuer = _orgs(header)
    info.issuer = info.issuer or _issuer_from_text(texts)
    info.superior = info.superior or _infer_superior(info.issuer, "\n".join(texts))
    year = int(info.date[:4]) if info.date else None
    info.deadlines = deadlines_in(lines, year)
    info.report_to = report_targets(texts)
    info.recipients, info.signing_authority, info.signer_position, info.signer = signature(lines)
    info.period = period_of(info.subject or "", info.implements or "", "\n".join(texts))
    info.style = _style(info.number, info.signing_authority, info.issuer)  # type: ignore[assignment]
    return info


def _merge_broken(lines: list[Line]) -> list[Line]:
    """A paragraph broken in two by a stray blank line ('... thực hiện Chỉ' / 'thị, xây dựng ...')
    is joined again."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.table is None and line.table is None and line.marker is None
            and not (prev.bold or prev.is_upper or prev.heading_level is not None)
            and line.text[:1].islower() and not prev.text.endswith((".", ";", ":"))
        ):
            out[-1] = replace(prev, text=f"{prev.text} {line.text}")
        else:
            out.append(line)
    return out


def parse_plan_file(path: str | Path) -> PlanInfo:
    return parse_plan(read_document(path))
