"""The đề cương's head: its title (the "ĐỀ CƯƠNG ..." line and the subject lines under it) and the
intro template ("Thực hiện Kế hoạch số ... báo cáo kết quả như sau:") before the first section."""

from __future__ import annotations

import re

from assistant.outline.lines import Line, is_intro, strip_parens

_MAX_TITLE_LINES = 4
_TITLE_WORDS = re.compile(r"^(BÁO CÁO|ĐỀ CƯƠNG|HƯỚNG DẪN|NỘI DUNG|GỢI Ý|DÀN Ý)\b", re.I)


def _title_like(line: Line) -> bool:
    t = line.text
    return bool(t) and line.words <= 60 and (
        line.bold or line.heading_level is not None or line.is_upper or t[:1].islower() or not t.endswith(".")
    )


def _document_title(lines: list[Line]) -> bool:
    """A file with no 'ĐỀ CƯƠNG' line: is its first line the title rather than the first section?"""
    first = lines[0]
    if first.marker is not None or first.table is not None or first.words > 60:
        return False
    if not (first.bold or first.is_upper or first.heading_level is not None):
        return False
    if _TITLE_WORDS.match(first.text):
        return True
    same = [ln for ln in lines[1:] if ln.marker is None and ln.section_kind() == first.section_kind()]
    return first.section_kind() is None or not same


_SUBJECT_WORDS = re.compile(r"^(báo cáo|sơ kết|tổng kết|kết quả|về|v/v|tình hình|đánh giá)\b", re.I)


def _is_first_section(line: Line, rest: list[Line], title: list[str]) -> bool:
    """A heading-like line under the title is its subject ("**sơ kết 05 năm ...**") unless it is the first
    of the sections: a heading kind that comes back later ("Heading 1" again), or a second such line."""
    kind = line.section_kind()
    if kind is None or line.text[:1].islower():
        return False
    if len(title) > 1:
        return True
    recurs = any(ln.marker is None and ln.section_kind() == kind for ln in rest)
    return recurs and not _SUBJECT_WORDS.match(line.text)


def head(lines: list[Line], start: int | None) -> tuple[list[str], str | None, int]:
    """Title parts, intro and the index of the first body line."""
    title: list[str] = []
    intro: str | None = None
    i = 0
    if start is not None:
        title.append(lines[start].text)
        i = start + 1
    elif lines and _document_title(lines):
        title.append(lines[0].text)
        i = 1
    while i < len(lines) and title:
        line = lines[i]
        if line.table is not None or line.marker is not None or line.caption or is_intro(line):
            break
        if line.text.startswith("(") and re.search(r"kèm theo|ban hành kèm|gửi kèm", line.text, re.I):
            i += 1
            continue
        if len(title) >= _MAX_TITLE_LINES or not _title_like(line) or _is_first_section(line, lines[i + 1 :], title):
            break
        title.append(line.text)
        i += 1
    while i < len(lines) and not (lines[i].section_kind() or lines[i].caption or lines[i].table):
        if intro is None and is_intro(lines[i]):
            intro = strip_parens(lines[i].text)
        i += 1
    return title, intro, i
