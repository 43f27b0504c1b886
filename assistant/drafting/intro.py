"""The report's first paragraph: the đề cương's intro template filled from the plan, or the usual opening.

Template blanks (runs of dots "......" or "…") are filled by what precedes them: "số ..." → the plan's number,
"ngày ..." → its date, "của ..." → its issuer, "về ..." → its subject, anything else → the reporting unit (a unit
type written before the blank, like "Chi bộ (Đảng uỷ)", is replaced by the unit's name). A value the plan does not
give becomes a visible placeholder. Without a template: "Thực hiện Kế hoạch số ..., ngày ... của ... về ...,
<unit> báo cáo kết quả như sau:" with only the parts that are known (Party style puts a comma before "ngày").
"""

from __future__ import annotations

import re
from datetime import date

from assistant.rules.placeholders import placeholder
from assistant.types import Outline, PlanInfo

_BLANK = re.compile(r"[.…]{3,}|_{3,}")
_UNIT_TYPE = re.compile(
    r"(?:\b(?:Chi bộ|Đảng ủy|Đảng uỷ|Đảng bộ|Cơ quan|Đơn vị|UBND|Phòng|Ban|Trường|Xã|Phường)\b\s*)?(?:\([^)]*\)\s*)?$",
    re.IGNORECASE,
)


def vn_date(iso: str | None) -> str | None:
    """'2021-04-27' → '27/4/2021' (body-text style); other strings are returned as they are."""
    if not iso:
        return None
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day}/{d.month}/{d.year}"


def plan_reference(plan: PlanInfo | None) -> str | None:
    """'Kế hoạch số 24-KH/ThU, ngày 27/4/2021 của Thành ủy Lai Châu về ...' from what the plan gives."""
    if plan is None or not (plan.number or plan.issuer or plan.subject):
        return None
    ref = plan.doc_type or "Kế hoạch"
    if plan.number:
        ref += f" số {plan.number}"
    if d := vn_date(plan.date):
        ref += (" ngày " if plan.style == "state" else ", ngày ") + d
    if plan.issuer:
        ref += f" của {plan.issuer}"
    if plan.subject:
        ref += " về " + re.sub(r"^về\s+", "", plan.subject.strip(), flags=re.IGNORECASE)
    return ref


def _value_for(before: str, plan: PlanInfo | None, unit: str | None) -> tuple[str, bool]:
    """(text for a blank, whether it names the unit) from the words right before the blank."""
    tail = before.rstrip().lower()
    p = plan or PlanInfo()
    for word, value, what in (
        ("số", p.number, "số văn bản"),
        ("ngày", vn_date(p.date), "ngày ban hành"),
        ("của", p.issuer, "cơ quan ban hành"),
        ("về", p.subject, "trích yếu"),
    ):
        if tail.endswith(" " + word) or tail == word:
            return value or placeholder(what), False
    return unit or placeholder("tên đơn vị báo cáo"), True


def fill_template(template: str, plan: PlanInfo | None, unit: str | None) -> str:
    out, pos = "", 0
    for m in _BLANK.finditer(template):
        out += template[pos:m.start()]
        value, is_unit = _value_for(out, plan, unit)
        if is_unit and unit:
            out = _UNIT_TYPE.sub("", out)
        out += ("" if not out or out.endswith((" ", "(")) else " ") + value
        pos = m.end()
    return re.sub(r"[ \t]{2,}", " ", out + template[pos:]).strip()


def fill_intro(outline: Outline, plan: PlanInfo | None, unit: str | None) -> str:
    if outline.intro:
        return fill_template(outline.intro.strip().strip("()").strip(), plan, unit)
    ref = plan_reference(plan)
    who = unit or (plan.issuer if plan and plan.issuer else None) or placeholder("tên đơn vị báo cáo")
    if ref is None:
        return f"{who} báo cáo kết quả như sau:"
    return f"Thực hiện {ref}, {who} báo cáo kết quả như sau:"
