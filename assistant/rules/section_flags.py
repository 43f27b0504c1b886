"""A section's flags and its reviewer status, computed from its text as it stands.

One function for every part that shows or stores a section's state: the drafter (flags saved with each section),
the UI (flags of a hand-edited text, the status in the section list, the tree and the editor's head). The flags
are the checker's per-section findings in miniature, read from the same rules:
- invalid_citation: a marker naming no source of the section (`assistant.rules.citations`);
- unsupported_number: a figure in no cited source nor the section's title and guidance (the number lock), and
  every "[chưa kiểm chứng]" mark left without such a figure (the checker counts every mark);
- placeholder: a "[Cần bổ sung …]" placeholder or a dotted blank (`assistant.rules.placeholders`);
- missing_figure: a figure the đề cương demands and the text does not give (`assistant.rules.requirements_met`),
  judged, as the checker judges it, only in a leaf with text and no placeholder.

Status (`section_status`): pending / approved / failed come from the section's own status; otherwise
"unverified" when a figure or citation is unverified, "missing" when something is left to fill (or the text was
emptied), else "drafted".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.rules.citations import resolve_citations
from assistant.rules.number_lock import lock_numbers
from assistant.rules.placeholders import UNVERIFIED, count_unverified, is_blank, placeholders_in
from assistant.rules.requirements_met import missing_figure_message, missing_figures
from assistant.types import Flag, Section, SectionDraft, Source

UNVERIFIED_KINDS = frozenset({"unsupported_number", "invalid_citation"})
MISSING_KINDS = frozenset({"placeholder", "missing_figure"})


def lock_support(section: Section | None) -> list[str]:
    """Texts of the đề cương that support a figure besides the cited sources: the section's title, guidance and
    the phrases of its demands (taken from those lines)."""
    if section is None:
        return []
    return [section.title, *section.guidance, *(r.text for r in section.requirements)]


def invalid_citation_flags(markers: Iterable[str], removed: bool = False) -> list[Flag]:
    tail = "; đã bỏ." if removed else "; sửa số trích dẫn hoặc xoá."
    return [Flag(kind="invalid_citation", text=c, message=f"Trích dẫn {c} không trỏ tới nguồn nào của mục này{tail}")
            for c in markers]


def unsupported_figures(text: str, sources: Sequence[Source], section: Section | None = None) -> list[Flag]:
    """The number lock on `text` as it stands: figures in no source the text cites nor in `lock_support`."""
    _, used, _ = resolve_citations(text, sources)
    cited = [s for s in sources if s.n in set(used)]
    return lock_numbers(text, cited, lock_support(section))[1]


def _number_flags(text: str, sources: Sequence[Source], section: Section | None) -> list[Flag]:
    flags = unsupported_figures(text, sources, section)
    stray = count_unverified(text) - len(flags)
    if stray > 0:
        flags.append(Flag(kind="unsupported_number", text=UNVERIFIED,
                          message=f"Còn {stray} dấu {UNVERIFIED}: kiểm tra lại số liệu với nguồn rồi xoá dấu."))
    return flags


def section_flags(text: str, sources: Sequence[Source], section: Section | None = None) -> list[Flag]:
    """Flags of `text` written for `section` with `sources` (see the module doc). Without a section the
    demanded figures are not judged and only the cited sources support figures."""
    flags = invalid_citation_flags(resolve_citations(text, sources)[2])
    flags += _number_flags(text, sources, section)
    flags += [Flag(kind="placeholder", text=h, message=f"Còn chỗ cần bổ sung: {h}; điền trước khi ban hành.")
              for h in placeholders_in(text)]
    if section is not None:
        flags += [Flag(kind="missing_figure", text=req.text, message=missing_figure_message(req))
                  for req in missing_figures(section, text)]
    return flags


def status_from_flags(flags: Iterable[Flag]) -> str:
    kinds = {f.kind for f in flags}
    if kinds & UNVERIFIED_KINDS:
        return "unverified"
    if kinds & MISSING_KINDS:
        return "missing"
    return "drafted"


def section_status(sd: SectionDraft | None, section: Section | None = None) -> str:
    """The reviewer status of a drafted section, from its status and the flags of its current text."""
    if sd is None or sd.status == "pending" and not sd.text.strip():
        return "pending"
    if sd.status in ("approved", "failed"):
        return sd.status
    if is_blank(sd.text) and not placeholders_in(sd.text):
        return "missing"  # emptied by hand: the checker reports an empty section
    return status_from_flags(section_flags(sd.text, sd.sources, section))
