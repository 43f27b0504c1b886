"""Guidance → requirements: which figures and facts a section of the đề cương asks for.

Rules, each a pattern over the guidance text (and the section title), returning the phrase as
written ("số buổi", "tỷ lệ % hộ dân được nghe", "so với cùng kỳ năm trước"):

- count: "số <danh từ>" (số buổi, số lớp, số lượt người, số đảng viên...), "số lượng", "tổng số",
  "tổng lượt/vốn/doanh thu/đàn/sản lượng...",
  "bao nhiêu", "số liệu", "kinh phí", "số tiền"; not "một số", "chuyển đổi số", "số 19-CT/TU",
  "số hiệu" (a document), "số, ngày tháng ban hành" (a document).
- rate: "tỷ lệ"/"tỉ lệ", "phần trăm", "%".
- document: "số, ngày tháng ban hành", "số hiệu", "ký hiệu", "trích yếu", "ngày ban hành",
  "văn bản ban hành", "tên văn bản", "các văn bản".
- comparison: "so với ...", "so sánh ...", "đối chiếu".
- optional: "nếu có".
- list: "danh mục", "danh sách", "liệt kê", "kể tên", "các/những mô hình, sáng kiến, công trình,
  gương, cách làm hay, điển hình".
"""

from __future__ import annotations

import re

from assistant.types import Requirement

_STOP = r"[,;:().?!\n…]|\.\s|\.$|\s(?:và|hoặc|để|nhằm|trong đó|gồm|so với|so sánh)\s"
_MAX_WORDS = 8

_COUNT_HEAD = re.compile(
    r"(?<!\w)(tổng (?:số|lượt|doanh thu|vốn|kinh phí|đàn|sản lượng|diện tích|thu|chi|mức|giá trị)|số lượng|số liệu"
    r"|số tiền|kinh phí|bao nhiêu|số)(?!\w)",
    re.I,
)
_COUNT_BAD_PREV = {
    "một", "đa", "thiểu", "đại", "hệ", "chỉ", "đổi", "tế", "thuật", "phần", "tuyệt", "mã", "đánh",
    "vô", "hộp", "phân", "lũy", "biến", "kỹ", "ký",
}
_COUNT_BAD_NEXT = {"hiệu", "ký", "hóa", "hoá", "ít", "đông", "nhà", "điện", "phận", "thứ", "báo"}
_DOCUMENT = re.compile(
    r"(?<!\w)(nêu rõ số,[^;.\n]{0,60}?ban hành|số,?\s*(?:ký hiệu,?\s*)?ngày,?\s*tháng,?\s*(?:năm\s*)?ban hành"
    r"|ngày,?\s*tháng,?\s*(?:năm\s*)?ban hành|ngày ban hành|số hiệu(?: văn bản)?|số,?\s*ký hiệu"
    r"|trích yếu|văn bản (?:đã )?ban hành|tên văn bản|(?:các|những) văn bản)(?!\w)",
    re.I,
)
_RATE = re.compile(r"(?<!\w)(tỷ lệ|tỉ lệ|phần trăm)(?!\w)", re.I)
_PERCENT = re.compile(r"((?:\S+\s+){0,3}\S*%)")
_COMPARISON = re.compile(r"(?<!\w)(so với|so sánh|đối chiếu)(?!\w)", re.I)
_OPTIONAL = re.compile(r"(?<!\w)nếu có(?!\w)", re.I)
_LIST = re.compile(
    r"(?<!\w)(danh mục|danh sách|liệt kê|kể tên|(?:các|những)\s+(?:mô hình|sáng kiến|công trình|gương|cách làm hay"
    r"|điển hình|tập thể, cá nhân))(?!\w)",
    re.I,
)


def _phrase(text: str, start: int, head_end: int, max_words: int = _MAX_WORDS) -> str:
    """From `start` to the next stop (punctuation, 'và', 'hoặc'...), at most `max_words` words."""
    stop = re.compile(_STOP, re.I)
    m = stop.search(text, head_end)
    end = m.start() if m else len(text)
    words = text[start:end].split()
    return " ".join(words[:max_words]).rstrip(" .,;:")


def _prev_word(text: str, pos: int) -> str:
    before = text[:pos].split()
    return before[-1].lower().strip("“\"'(") if before else ""


def _next_word(text: str, pos: int) -> str:
    after = text[pos:].split()
    return after[0].lower() if after else ""


def _counts(text: str) -> list[str]:
    out = []
    for m in _COUNT_HEAD.finditer(text):
        head = m.group(1).lower()
        nxt = _next_word(text, m.end())
        if head == "số":
            raw_next = text[m.end():].lstrip()
            if not raw_next or not raw_next[0].isalpha() or raw_next[0].isupper():
                continue  # 'số 19-CT/TU', 'số, ngày...', 'Chỉ thị số Ba'
            if _prev_word(text, m.start()) in _COUNT_BAD_PREV or nxt.strip(",.;") in _COUNT_BAD_NEXT:
                continue
        elif head.startswith(("số lượng", "tổng")) and _prev_word(text, m.start()) in {"một", "chất", "với"}:
            continue
        out.append(_phrase(text, m.start(), m.end()))
    return out


def _simple(rx: re.Pattern[str], text: str, max_words: int = _MAX_WORDS) -> list[str]:
    return [_phrase(text, m.start(), m.end(), max_words) for m in rx.finditer(text)]


def _documents(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1)) for m in _DOCUMENT.finditer(text)]


def extract_requirements(texts: list[str]) -> list[Requirement]:
    """Requirements stated in a section's title and guidance lines, deduplicated, in order."""
    found: list[Requirement] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, phrase: str) -> None:
        phrase = phrase.strip(" -+•.,;:")
        key = (kind, phrase.lower())
        if any(k == kind and (t in key[1] or key[1] in t) for k, t in seen):
            return  # 'những sáng kiến' / 'những sáng kiến xây dựng cơ chế': one requirement
        if phrase and key not in seen:
            seen.add(key)
            found.append(Requirement(kind=kind, text=phrase))  # type: ignore[arg-type]

    for text in texts:
        docs = _documents(text)
        doc_spans = [(s, e) for s, e, _ in docs]
        for phrase in _counts(text):
            add("count", phrase)
        for m in _RATE.finditer(text):
            add("rate", _phrase(text, m.start(), m.end()))
        if not _RATE.search(text):
            for m in _PERCENT.finditer(text):
                add("rate", m.group(1))
        for s, _e, phrase in docs:
            if not any(s2 < s < e2 for s2, e2 in doc_spans):
                add("document", phrase)
        for phrase in _simple(_COMPARISON, text, 10):
            if not re.match(r"so với tổng số", phrase, re.I):  # the base of a rate, not a comparison
                add("comparison", phrase)
        if _OPTIONAL.search(text):
            add("optional", "nếu có")
        for phrase in _simple(_LIST, text):
            add("list", phrase)
    return found
