"""Offline drafter: deterministic formal prose from a section's notes, no model.

For one leaf section: an opening sentence derived from the section title (without any figure of its own), then
each note normalised into a sentence (bullet marker gone, capitalised, figures in standard form, ending with its
citation "[n]." ), joined with the connectives of administrative prose, then a visible placeholder for every figure
the đề cương demands that the notes do not give. A section without notes gets a placeholder only.

`requirement_gaps` and `ensure_placeholders` are shared with the model path: whatever the model writes, a demanded
figure missing from the notes (or from the written text) ends up as a placeholder. Whether a demand is met is
`assistant.rules.requirements_met`, the checker's rule too.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from assistant.rules.number_lock import standardize
from assistant.rules.placeholders import find_placeholders, placeholder
from assistant.rules.requirements_met import unmet_requirements
from assistant.text.figures import find_numbers
from assistant.text.normalize import fold_key
from assistant.types import Requirement, Section, Source

CONNECTIVES = ["Bên cạnh đó, ", "Đồng thời, ", "Ngoài ra, ", "Cùng với đó, ", "Mặt khác, "]
SENTENCES_PER_PARAGRAPH = 4
# Two-word names whose second word is not capitalised (kept capitalised after a connective)
_NAMES = {
    "thị ủy", "thị uỷ", "tỉnh ủy", "tỉnh uỷ", "huyện ủy", "huyện uỷ", "thành ủy", "thành uỷ", "đảng ủy", "đảng uỷ",
    "đảng bộ", "chi bộ", "trung tâm", "văn phòng", "mặt trận", "ủy ban", "uỷ ban", "hội đồng", "ban thường", "bộ chính",
}
_LABEL = re.compile(r"^([^:;,.\d]{2,40}):\s+(\S.*)$")
LABEL_MATCH = 85
_FIGURE_TAIL = re.compile(r"(?:\s+(?:đến|trong|từ|giai đoạn|năm|số|ngày|tháng))+\s*$", re.IGNORECASE)


def requirement_gaps(section: Section, note_texts: list[str], text: str | None = None) -> list[Requirement]:
    """Figure demands of the section that the notes do not meet, or that `text` (the section's draft, when
    given) does not meet: each one gets a placeholder, so the checker never finds a demand unmet and unmarked."""
    gaps = unmet_requirements(section.requirements, "\n".join(note_texts))
    if text is not None:
        gaps += [r for r in unmet_requirements(section.requirements, text) if r not in gaps]
    return gaps


def ensure_placeholders(text: str, gaps: list[Requirement]) -> str:
    """Append a placeholder for each gap the text does not already hold one for."""
    present = " ".join(find_placeholders(text)).lower()
    missing = [placeholder(g.text) for g in gaps if g.text.strip().lower() not in present]
    if not missing:
        return text
    return (text.rstrip() + "\n" if text.strip() else "") + " ".join(missing)


def empty_section_placeholder(section: Section) -> str:
    what = strip_figures(section.title) or section.title
    demanded = [r.text for r in section.requirements if r.kind != "optional"]
    if demanded:
        what = f"{what} ({'; '.join(dict.fromkeys(demanded))})"
    if section.optional:
        what += " (nếu có)"
    return placeholder(what)


def strip_figures(text: str) -> str:
    """Title text without its figures and the words that only introduced them ("đến năm 2025" → "")."""
    out = text
    for m in sorted(find_numbers(text), key=lambda m: m.start, reverse=True):
        head = _FIGURE_TAIL.sub("", re.sub(r"[\s\-–/]+$", "", out[:m.start]))
        out = head + out[m.end:]
    out = re.sub(r"\s+([,.;:)])", r"\1", out)
    return re.sub(r"\s{2,}", " ", out).strip(" ,.;:-")


def _lower_first(sentence: str) -> str:
    """Lower-case the first letter after a connective unless the sentence opens with a name or an acronym."""
    words = sentence.split(" ", 2)
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if (len(first) > 1 and first.isupper()) or any(c.isdigit() for c in first) or second[:1].isupper():
        return sentence
    if f"{first} {second}".lower() in _NAMES:
        return sentence
    return sentence[:1].lower() + sentence[1:]


def note_sentence(text: str, section_title: str = "") -> str:
    """A note as a sentence body: markers gone, a leading label that repeats the section title gone
    ("Bài học kinh nghiệm: phải ..." under "Bài học kinh nghiệm"), capitalised, standard figures, no closing
    punctuation."""
    s = re.sub(r"^\s*(?:[-+•·*–—◦]|\d{1,2}[.)]|[a-zđ]\))\s+", "", text.strip())
    m = _LABEL.match(s)
    if m and section_title and fuzz.partial_ratio(fold_key(m.group(1)), fold_key(section_title)) >= LABEL_MATCH:
        s = m.group(2)
    s = standardize(re.sub(r"\s+", " ", s)).strip().rstrip(".;,:").strip()
    return s[:1].upper() + s[1:]


# (words in the title, how the section opens); the first match wins, the last row is the default
_OPENINGS = [
    (("bài học",), "Qua quá trình triển khai thực hiện, rút ra một số {s} như sau:"),
    (("kiến nghị", "đề xuất"), "Về {s}, đề nghị một số nội dung sau:"),
    (("ưu điểm", "hạn chế", "khuyết điểm", "tồn tại", "nguyên nhân", "đánh giá"), "Về {s}, đánh giá cụ thể như sau:"),
    (("mục tiêu", "nhiệm vụ", "giải pháp", "phương hướng"), "Về {s}, tập trung vào các nội dung sau:"),
    ((), "Về {s}, kết quả cụ thể như sau:"),
]


def opening_sentence(section: Section) -> str:
    title = strip_figures(section.title) or section.title
    subject = _lower_first(title[:1].upper() + title[1:])
    low = title.lower()
    template = next(t for words, t in _OPENINGS if not words or any(w in low for w in words))
    return template.format(s=subject)


def draft_section_offline(section: Section, sources: list[Source]) -> str:
    """Deterministic text for a leaf section from its note sources (passages are context only, never copied)."""
    notes = [s for s in sources if s.kind == "note"]
    if not notes:
        return empty_section_placeholder(section)
    sentences: list[str] = []
    for i, src in enumerate(notes):
        body = note_sentence(src.text, section.title)
        if i % SENTENCES_PER_PARAGRAPH:
            body = CONNECTIVES[(i - 1) % len(CONNECTIVES)] + _lower_first(body)
        sentences.append(f"{body} [{src.n}].")
    paragraphs = [opening_sentence(section)]
    for k in range(0, len(sentences), SENTENCES_PER_PARAGRAPH):
        paragraphs.append(" ".join(sentences[k:k + SENTENCES_PER_PARAGRAPH]))
    text = paragraphs[0] + " " + "\n".join(paragraphs[1:])
    return ensure_placeholders(text, requirement_gaps(section, [s.text for s in notes], text))
