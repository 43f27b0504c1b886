"""Header values of the finished report (issuing body, number, place, date, signer, recipients).

`header_from(plan, settings, **overrides)` merges, in this order of precedence: explicit overrides
(CLI options, UI fields), the export defaults in Settings, then the plan. Values that belong to the
plan's issuer (its ký hiệu, its signer and signing authority, its superior) are taken from the plan
only when the report is issued by that same body; anything still unknown is a dotted blank.
A superior given as NONE ("-") means the issuer has none (a Tỉnh ủy, a UBND): the line is left out.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.export.layout import BLANK, Layout
from assistant.text.normalize import fold_key, normalize_vi
from assistant.types import Outline, PlanInfo, UserError


class HeaderInfo(BaseModel):
    issuer: str = Field(default=BLANK, description="Cơ quan ban hành, e.g. 'Thị ủy Sa Pa'")
    superior: str = Field(default=BLANK, description="Cơ quan cấp trên, e.g. 'Đảng bộ tỉnh Lào Cai'; '' = none (no line)")
    number: str = Field(default=BLANK, description="Số và ký hiệu without 'Số', e.g. '45-BC/ThU'")
    place: str = Field(default=BLANK, description="Địa danh, e.g. 'Sa Pa'")
    date: dt.date | None = Field(default=None, description="Ngày ban hành; None = dotted blanks")
    signer: str = Field(default=BLANK)
    signer_position: str = Field(default=BLANK, description="e.g. 'Phó Bí thư Thường trực'")
    signing_authority: str | None = Field(default=None, description="'T/M BAN THƯỜNG VỤ'; None = by style and issuer")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận, without the 'Lưu' line unless given")
    subject: str | None = Field(default=None, description="Trích yếu; None = from the đề cương / plan")


NONE = "-"  # "this body has no superior line", as typed in the CLI or the UI


def _same_body(a: str | None, b: str | None) -> bool:
    return bool(a and b) and fold_key(a) == fold_key(b)


def report_number_from(plan_number: str | None) -> str:
    """Ký hiệu of a report by the plan's issuer: '24-KH/ThU' → '......-BC/ThU', '12/KH-UBND' → '....../BC-UBND'."""
    if not plan_number:
        return BLANK
    m = re.match(r"^\s*(?:Số:?\s*)?\S*?\d+\s*([-/])\s*[A-ZĐa-zđ]+\s*([-/].+)$", plan_number)
    if not m:
        return BLANK
    return f"{BLANK}{m.group(1)}BC{m.group(2).strip()}"


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """'27/4/2021', '27-04-2021' or ISO '2021-04-27'."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    raise UserError(f"Ngày '{value}' không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 27/4/2021.")


_SEAT = re.compile(
    r"^(?:(?:tỉnh|thành|thị|huyện|quận)\s*ủy"
    r"|(?:ủy ban nhân dân|ubnd|hội đồng nhân dân|hđnd|đảng ủy|đảng bộ)"
    r"(?:\s+(?:tỉnh|thành phố|thị xã|huyện|quận|xã|phường|thị trấn))?)\s+(.+)$",
    re.IGNORECASE,
)


def place_of(issuer: str) -> str | None:
    """Địa danh from a local body's name: 'Thị ủy Sa Pa' → 'Sa Pa', 'UBND xã Tả Van' → 'Tả Van'."""
    m = _SEAT.match(normalize_vi(issuer).strip())
    return m.group(1).strip() if m else None


_IMPLEMENTED_BY = re.compile(r"\bcủa\s+(.+?)(?=\s+(?:về|\u201c|\")|[,;(]|$)")


def default_recipients(plan: PlanInfo, own: bool) -> list[str]:
    """A unit reports to whoever the plan names ('Thường trực Thị ủy (qua Ban Tuyên giáo)'); the plan's own
    issuer reports up to the body whose document the plan implements ('... của Ban Tuyên giáo Tỉnh ủy')."""
    if own:
        m = _IMPLEMENTED_BY.search(plan.implements or "")
        return [m.group(1).strip()] if m else []
    return [r for r in plan.report_to if "@" not in r and "://" not in r]


def header_from(plan: PlanInfo | None, settings: Settings | None = None, **overrides: object) -> HeaderInfo:
    """HeaderInfo from the plan, the Settings export defaults and explicit overrides (None = not given)."""
    plan = plan or PlanInfo()
    given = {k: v for k, v in overrides.items() if v not in (None, "", [], ())}
    unknown = set(given) - set(HeaderInfo.model_fields)
    if unknown:
        raise TypeError(f"header_from: unknown fields {sorted(unknown)}")

    def pick(name: str, *candidates: str | None) -> str:
        if name in given:
            return str(given[name]).strip()
        return next((c.strip() for c in candidates if c and c.strip()), BLANK)

    issuer = pick("issuer", settings.issuer if settings else None, plan.issuer)
    own = _same_body(issuer, plan.issuer)  # the report comes from the body that issued the plan
    mine = plan if own else PlanInfo()
    superior = pick("superior", settings.superior if settings else None, mine.superior)
    superior = "" if superior == NONE else superior
    recipients = given["recipients"] if "recipients" in given else default_recipients(plan, own)
    return HeaderInfo(
        issuer=issuer,
        superior=superior,
        number=pick("number", report_number_from(mine.number)),
        place=pick("place", settings.place if settings else None, plan.place, place_of(issuer)),
        date=parse_date(given.get("date")),  # type: ignore[arg-type]
        signer=pick("signer", settings.signer if settings else None, mine.signer),
        signer_position=pick("signer_position", settings.signer_position if settings else None, mine.signer_position),
        signing_authority=str(given["signing_authority"]) if "signing_authority" in given else mine.signing_authority,
        recipients=[str(r) for r in recipients],  # type: ignore[union-attr]
        subject=str(given["subject"]) if "subject" in given else None,
    )


# ---------------------------------------------------------------- lines of the header, per layout


def number_line(number: str, layout: Layout) -> str:
    """'Số 45-BC/ThU' (Party) or 'Số: 12/BC-UBND' (state), whatever prefix the user typed."""
    bare = re.sub(r"^\s*số\s*:?\s*", "", number, flags=re.IGNORECASE).strip() or BLANK
    return f"{layout.number_prefix}{bare}"


def date_line(place: str, date: dt.date | None, layout: Layout) -> str:
    """'Sa Pa, ngày 27 tháng 4 năm 2021'; state: 'ngày 05 tháng 02 năm 2021' (zero for day < 10, months 1-2)."""
    if date is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    day = f"{date.day:02d}" if layout.date_leading_zero else str(date.day)
    month = f"{date.month:02d}" if layout.date_leading_zero and date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def recipient_lines(recipients: list[str], issuer: str, layout: Layout) -> list[str]:
    """'- X,' lines (Party) or '- X;' (state); the archive line ('Lưu ...') last, ending with '.'."""
    items = [re.sub(r"^[\s\-–•+]+|[\s,;.]+$", "", r) for r in recipients]
    items = [i for i in items if i] or [BLANK]
    if not items[-1].casefold().startswith("lưu"):
        items.append(layout.archive_line.format(issuer=issuer))
    return [f"- {item}{layout.recipient_sep}" for item in items[:-1]] + [f"- {items[-1]}."]


_OUTLINE_WORD = re.compile(r"^\s*(?:đề\s+cương(?:\s+gợi\s+ý)?(?:\s+báo\s+cáo)?)\s*[:\-–]?\s*", re.IGNORECASE)


def subject_of(outline: Outline, plan: PlanInfo | None) -> str:
    """Trích yếu: the đề cương's title without 'ĐỀ CƯƠNG (BÁO CÁO)', else the plan's subject; capitalised."""
    text = " ".join(_OUTLINE_WORD.sub("", outline.title or "").split())
    if not text and plan and plan.subject:
        text = " ".join(plan.subject.split())
    if not text:
        return BLANK
    return text[0].upper() + text[1:]
