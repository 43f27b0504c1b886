"""Is a figure that the đề cương demands given by a text? One rule for the drafter and the checker.

The drafter adds a placeholder for every demand its notes (or its own text) leave unmet; the checker reports
`missing_figure` for every demand a section's text leaves unmet. Both call `requirement_met`, so a fresh draft
never trips its own check.

Figures are read with `assistant.text.figures` after citation markers, placeholders and "[chưa kiểm chứng]" marks
are blanked (a marker's digits and a placeholder's words are not figures). By kind of demand:
- rate: a percentage ("95%", "95,5 %") or a figure followed by "phần trăm".
- count: a number, a ratio ("14/16") or a percentage (count demands include "số liệu", which a rate answers);
  a year, a date or a document number is not a count.
- document: what the demand names. A demand that names the number ("số hiệu", "số, ký hiệu") needs a document
  number ("24-KH/ThU", "30/2020/NĐ-CP"); one that names the date ("ngày ban hành") needs a date; one that names
  both ("nêu rõ số, ngày ban hành", "số, ngày tháng năm ban hành") needs both; one that names neither ("trích
  yếu", "tên văn bản", "các văn bản") needs a document number or a date, either of which identifies a text.
- comparison: one sentence with a comparing word (so với, so sánh, tăng, giảm, vượt, cao hơn, thấp hơn, gấp) and
  a number, percentage or ratio.
- optional / list: any content meets them (nothing to check).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.rules.placeholders import is_blank, mask_marks, placeholders_in
from assistant.text.figures import find_numbers
from assistant.types import Requirement, Section

FIGURE_DEMANDS = ("rate", "count", "document", "comparison")
"""Requirement kinds that demand a figure (the others are met by any content)."""

_FIGURE_KINDS = {"number", "percent", "ratio"}
_COMPARE = re.compile(r"(?<!\w)(so với|so sánh|tăng|giảm|vượt|cao hơn|thấp hơn|gấp)(?!\w)", re.IGNORECASE)
_PERCENT_WORDS = re.compile(r"\d\s*phần trăm", re.IGNORECASE)
_SENTENCES = re.compile(r"[^.;!?\n]+(?:[.;!?](?!\d)|\n|$)")
_NAMES_NUMBER = re.compile(r"(?<!\w)(số|ký hiệu|kí hiệu)(?!\w)", re.IGNORECASE)
_NAMES_DATE = re.compile(r"(?<!\w)ngày(?!\w)", re.IGNORECASE)


def document_needs(req: Requirement) -> tuple[bool, bool]:
    """(needs a document number, needs a date) for a document demand, from the words of the demand."""
    number, date = bool(_NAMES_NUMBER.search(req.text)), bool(_NAMES_DATE.search(req.text))
    return number, date


def _document_met(req: Requirement, kinds: set[str]) -> bool:
    number, date = document_needs(req)
    has_number, has_date = "docnumber" in kinds, "date" in kinds
    if not number and not date:
        return has_number or has_date
    return (has_number or not number) and (has_date or not date)


def requirement_met(req: Requirement, text: str) -> bool:
    """Whether `text` gives the figure that `req` demands (see the module doc for each kind)."""
    if req.kind not in FIGURE_DEMANDS:
        return True
    clean = mask_marks(text)
    kinds = {m.kind for m in find_numbers(clean)}
    if req.kind == "rate":
        return "percent" in kinds or bool(_PERCENT_WORDS.search(clean))
    if req.kind == "count":
        return bool(kinds & _FIGURE_KINDS)
    if req.kind == "document":
        return _document_met(req, kinds)
    return any(_COMPARE.search(sentence) and any(m.kind in _FIGURE_KINDS for m in find_numbers(sentence))
               for sentence in _SENTENCES.findall(clean))


def missing_figures(section: Section, text: str) -> list[Requirement]:
    """The figure demands a leaf's text leaves unmet, the first of each kind. Not judged in a text with a place
    left to fill or with no content: the placeholder or the emptiness is what to fix there (checker and UI alike)."""
    if not section.is_leaf or placeholders_in(text) or is_blank(text):
        return []
    first: dict[str, Requirement] = {}
    for req in unmet_requirements(section.requirements, text):
        first.setdefault(req.kind, req)
    return list(first.values())


def unmet_requirements(requirements: Iterable[Requirement], text: str) -> list[Requirement]:
    """The figure demands that `text` does not meet, in order (each kind and phrase once)."""
    out: list[Requirement] = []
    for req in requirements:
        if req.kind in FIGURE_DEMANDS and req not in out and not requirement_met(req, text):
            out.append(req)
    return out


_MISSING_MESSAGES = {
    "rate": "Đề cương yêu cầu tỷ lệ ({what}) nhưng mục chưa có số liệu phần trăm nào; bổ sung tỷ lệ %.",
    "count": "Đề cương yêu cầu số lượng ({what}) nhưng mục chưa có con số nào; bổ sung số liệu cụ thể.",
    "document": "Đề cương yêu cầu nêu văn bản ({what}) nhưng mục chưa ghi {needs}; bổ sung.",
    "comparison": "Đề cương yêu cầu so sánh ({what}) nhưng mục chưa so sánh bằng số liệu (so với, tăng, giảm…).",
}


def _document_needs_words(req: Requirement) -> str:
    number, date = document_needs(req)
    if number and date:
        return "số hiệu và ngày ban hành"
    if number or date:
        return "số hiệu" if number else "ngày ban hành"
    return "số hiệu hoặc ngày ban hành"


def missing_figure_message(req: Requirement) -> str:
    """What to add, in Vietnamese, for a figure demand the text does not meet."""
    return _MISSING_MESSAGES[req.kind].format(what=req.text, needs=_document_needs_words(req))
