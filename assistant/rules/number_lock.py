"""Number lock: every figure in a section's text must come from a source that the section cites.

Figures are compared by `assistant.text.figures` keys, so "1.250" matches "1250" and "95,5%" matches "95.5%".
A figure found in no cited source is flagged (`Flag(kind="unsupported_number")`) and marked in the text
itself with UNVERIFIED right after it, so a reader sees it without any tool. Placeholders
("[Cần bổ sung: ...]"), citation markers and existing marks are not figures (the marks themselves live in
`assistant.rules.placeholders`).

Besides the cited sources, the section's own title and guidance in the đề cương count as support (a title such
as "Mục tiêu cụ thể đến năm 2025" lets the text say "đến năm 2025"); nothing else does. Which texts those are for
a section is `assistant.rules.section_flags.lock_support`, shared by the drafter, the UI and the checker.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.rules.placeholders import PLACEHOLDER_RE, UNVERIFIED, UNVERIFIED_RE, mask_marks
from assistant.text.citation_marks import MARKER
from assistant.text.figures import standardize_numbers, unsupported_numbers
from assistant.types import Flag, Source


def lock_numbers(
    text: str, cited: Iterable[Source], extra_support: Iterable[str] = ()
) -> tuple[str, list[Flag]]:
    """Mark and flag the figures of `text` that no cited source (nor `extra_support`) contains."""
    support = [s.text for s in cited] + [t for t in extra_support if t]
    mentions = unsupported_numbers(mask_marks(text), support)
    flags: list[Flag] = []
    out = text
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        raw = text[m.start:m.end]
        flags.append(
            Flag(
                kind="unsupported_number",
                text=raw,
                message=f"Số liệu “{raw}” không có trong nguồn mà mục này trích dẫn; cần kiểm chứng hoặc bỏ.",
            )
        )
        if not UNVERIFIED_RE.match(text[m.end:].lstrip()):
            out = out[:m.end] + " " + UNVERIFIED + out[m.end:]
    flags.reverse()
    return out, flags


def standardize(text: str) -> str:
    """Standard Vietnamese figures ("1.250", "95,5%") outside placeholders and citation markers."""
    pieces: list[str] = []
    pos = 0
    protected = sorted(
        [(m.start(), m.end()) for rx in (PLACEHOLDER_RE, MARKER) for m in rx.finditer(text)]
    )
    for start, end in protected:
        if start < pos:
            continue
        pieces.append(standardize_numbers(text[pos:start]))
        pieces.append(text[start:end])
        pos = end
    pieces.append(standardize_numbers(text[pos:]))
    return "".join(pieces)
