"""The drafting chain: route notes → numbered sources per leaf section → text (model or offline) → citation
check → number lock → placeholders; sections concurrently, each saved as soon as it is done.

Failure is per section: any exception while drafting one section marks it "failed" with the reason; every
other section completes and the artifact is saved after each section (saving is serialised). `resume` redrafts
only the failed or missing sections of the existing draft (or of the artifact at `out_path`); `only` redrafts
just the named sections; "approved" sections are never redrafted.

Whatever the model writes, `resolve_citations` and `lock_numbers` run on it: a citation to a source the section
was not given is removed and flagged, a figure found in no cited source is marked and flagged. What the model was
sent and returned (prompts, raw reply, usage, finish reason) stays with the section as `SectionDraft.model_call`.

Entry: `adraft_report(DraftRequest, DraftDeps, out_path=..., progress=...)` (see `assistant.drafting.request`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.drafting.intro import fill_intro
from assistant.drafting.offline_writer import (
    draft_section_offline,
    empty_section_placeholder,
    ensure_placeholders,
    requirement_gaps,
)
from assistant.drafting.request import DraftDeps, DraftRequest
from assistant.drafting.routing import RoutingKnobs, arefine_routing, leaves_with_ancestors, route_notes
from assistant.drafting.tables import fill_tables
from assistant.llm.chat import ChatModel, ModelCallError, StreamEvent, StreamReset, Token
from assistant.llm.prompts import Prompts, format_sources
from assistant.rules.citations import resolve_citations
from assistant.rules.number_lock import lock_numbers, standardize
from assistant.rules.section_flags import invalid_citation_flags, lock_support, section_flags
from assistant.types import (
    Draft,
    ModelCall,
    Note,
    Outline,
    PlanInfo,
    ProgressEvent,
    Section,
    SectionDraft,
    Source,
    UserError,
)

if TYPE_CHECKING:
    from assistant.store.facade import KnowledgeStore

__all__ = ["adraft_report", "draft_report", "build_sources", "finish_section", "passage_query"]

log = logging.getLogger(__name__)

Progress = Callable[[ProgressEvent], None]


def build_sources(notes: list[Note], passages: list) -> list[Source]:
    """Notes first, then store passages (SearchHit), numbered from 1."""
    sources = [Source(n=i, kind="note", ref=n.id, text=n.text, locator=n.locator) for i, n in enumerate(notes, 1)]
    for hit in passages:
        c = hit.chunk
        sources.append(Source(n=len(sources) + 1, kind="passage", ref=c.id, text=c.text, locator=c.locator))
    return sources


def passage_query(section: Section) -> str:
    """What the store is asked for a section's past-report passages (the services warm these queries ahead)."""
    return " ".join([section.title, *section.guidance])


def _passages(store: KnowledgeStore | None, section: Section, k: int) -> list:
    if store is None:
        return []
    query = passage_query(section)
    # Past reports only: a plan's chunks are mostly the đề cương's own instructions, which the query
    # matches best but which give the model nothing to report. Filtering in the store (not after the
    # top-k) keeps the k best report passages.
    return store.search(query, k=k, kind=["report"])


def _section_path(outline: Outline, section: Section) -> str:
    ancestors = dict((s.id, a) for s, a in leaves_with_ancestors(outline)).get(section.id, [])
    return " / ".join(s.heading() for s in [*ancestors, section])


def _user_prompt(prompts: Prompts, outline: Outline, section: Section, sources: list[Source],
                 unit: str | None, instruction: str | None) -> str:
    reqs = [f"- {r.text} ({r.kind})" for r in section.requirements]
    return prompts.render(
        "draft_section",
        report_title=outline.title or "Báo cáo",
        unit=unit or "(không nêu)",
        section_path=_section_path(outline, section),
        section_heading=section.heading(),
        guidance="\n".join(f"- {g}" for g in section.guidance) or "(không có)",
        requirements="\n".join(reqs) or "(không có)",
        sources=format_sources(sources),
        instruction=f"YÊU CẦU THÊM CỦA NGƯỜI SOẠN: {instruction.strip()}\n" if instruction else "",
    )


def _clean_reply(text: str, section: Section) -> str:
    lines = [ln for ln in text.strip().strip("`").splitlines() if ln.strip() not in {"```", "markdown"}]
    if lines and section.title.lower() in lines[0].lower() and len(lines[0]) < len(section.heading()) + 12:
        lines = lines[1:]  # the model repeated the heading
    return "\n".join(lines).strip()


def finish_section(section: Section, text: str, sources: list[Source], notes: list[Note]) -> SectionDraft:
    """The checks every draft goes through, whoever wrote it: figures standardised, placeholders for demanded
    figures that the notes or the text lack, citations resolved, numbers locked, flags collected."""
    text = standardize(text)
    text = ensure_placeholders(text, requirement_gaps(section, [n.text for n in notes], text))
    if not text.strip():
        text = empty_section_placeholder(section)
    text, used, invalid = resolve_citations(text, sources)
    cited = [s for s in sources if s.n in used]
    text, _ = lock_numbers(text, cited, extra_support=lock_support(section))
    flags = invalid_citation_flags(invalid, removed=True) + section_flags(text, sources, section)
    return SectionDraft(section_id=section.id, number=section.number, title=section.title, text=text,
                        sources=sources, citations=used, flags=flags, status="drafted")


async def _draft_one(section: Section, notes: list[Note], *, request: DraftRequest, deps: DraftDeps,
                     store_lock: asyncio.Lock, on_event: Callable[[StreamEvent], None]) -> SectionDraft:
    chat, prompts = deps.chat, deps.prompts
    if chat is None or prompts is None or not notes:  # no notes → placeholder, never filler from a model
        sources = build_sources(notes, [])
        return finish_section(section, draft_section_offline(section, sources), sources, notes)
    async with store_lock:  # one search at a time: the store is shared by all sections
        passages = await asyncio.to_thread(_passages, deps.store, section, deps.settings.passages_per_section)
    sources = build_sources(notes, passages)
    system = prompts.render("draft_system")
    user = _user_prompt(prompts, request.outline, section, sources, request.unit, request.instruction)
    response = await chat.agenerate(system, user, on_event)
    call = ModelCall(model=response.model or getattr(chat, "name", None), system=system, user=user,
                     reply=response.text, finish_reason=response.finish_reason, usage=response.usage,
                     attempts=response.attempts, duration_s=response.duration_s)
    log.info("Mục %s: mô hình %s, finish_reason=%s, %s", section.id, call.model, call.finish_reason,
             call.usage.model_dump() if call.usage else "không có thống kê token")
    sd = finish_section(section, _clean_reply(response.text, section), sources, notes)
    return sd.model_copy(update={"model_call": call})


def _targets(draft: Draft, leaves: list[Section], only: set[str] | None, resume: bool) -> list[Section]:
    out = []
    for s in leaves:
        sd = draft.section(s.id)
        if sd is not None and sd.status == "approved":
            continue
        if only is not None and s.id not in only:
            continue
        if resume and sd is not None and sd.status not in {"failed", "pending"}:
            continue
        out.append(s)
    return out


def _base_draft(outline: Outline, plan: PlanInfo | None, existing: Draft | None, chat: ChatModel | None) -> Draft:
    draft = existing.model_copy(deep=True) if existing else Draft(
        outline=outline, created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    draft.outline, draft.plan = outline, plan or draft.plan
    draft.backend, draft.model = ("offline", None) if chat is None else ("openai", getattr(chat, "name", None))
    by_id = {s.section_id: s for s in draft.sections}
    draft.sections = [by_id.get(s.id) or SectionDraft(section_id=s.id, number=s.number, title=s.title)
                      for s in outline.leaves()]
    return draft


async def adraft_report(request: DraftRequest, deps: DraftDeps, *, out_path: Path | None = None,
                        progress: Progress | None = None) -> Draft:
    """Drafts the requested sections; the artifact is saved at `out_path` (when given) after each section."""
    emit = progress or (lambda ev: None)
    outline, notes, chat = request.outline, request.notes, deps.chat
    existing = request.existing
    if request.resume and existing is None and out_path is not None and Path(out_path).exists():
        existing = Draft.load(out_path)
    draft = _base_draft(outline, request.plan, existing, chat)
    routing = request.routing
    if routing is None:
        knobs = RoutingKnobs.from_settings(deps.settings)
        routing = route_notes(outline, notes, deps.embed, knobs)
        if chat is not None and request.only is None and not request.resume:  # a full draft; redrafts keep the cheap routing
            emit(ProgressEvent(kind="info", text="Đang nhờ mô hình phân loại các ghi chú chưa chắc chắn"))
            try:
                await arefine_routing(routing, outline, notes, chat, deps.prompts, knobs)
            except Exception as exc:  # routing help is optional: keep the similarity routing
                log.warning("Bỏ qua bước phân loại bằng mô hình: %s", exc)
                emit(ProgressEvent(kind="info", text=f"Bỏ qua bước phân loại bằng mô hình: {exc}"))
    draft.unrouted_notes = routing.unrouted
    draft.tables = fill_tables(outline, routing.table_notes) or draft.tables
    draft.intro = fill_intro(outline, draft.plan, request.unit)
    targets = _targets(draft, outline.leaves(), request.only, request.resume)
    total, done = len(targets), 0
    sem, save_lock, store_lock = asyncio.Semaphore(deps.settings.concurrency), asyncio.Lock(), asyncio.Lock()

    def save() -> None:
        if out_path is not None:
            draft.save(out_path)

    async def one(section: Section) -> None:
        nonlocal done
        async with sem:
            emit(ProgressEvent(kind="start", section_id=section.id, done=done, total=total))

            def on_event(ev: StreamEvent) -> None:
                if isinstance(ev, Token):
                    emit(ProgressEvent(kind="token", section_id=section.id, text=ev.text, done=done, total=total))
                elif isinstance(ev, StreamReset):
                    emit(ProgressEvent(kind="reset", section_id=section.id, done=done, total=total))

            try:
                sd = await _draft_one(section, routing.by_section.get(section.id, []), request=request, deps=deps,
                                      store_lock=store_lock, on_event=on_event)
                failed = None
            except Exception as exc:  # per-section failure: mark it (keeping any earlier text), keep going
                known = isinstance(exc, (ModelCallError, UserError)) and str(exc).strip()
                failed = str(exc) if known else f"{type(exc).__name__}: {exc}"
                log.warning("Mục %s lỗi: %s", section.id, failed, exc_info=not known)
                sd = draft.section(section.id).model_copy(update={"status": "failed", "error": failed})
        async with save_lock:
            draft.sections = [sd if s.section_id == section.id else s for s in draft.sections]
            done += 1
            await asyncio.to_thread(save)
            emit(ProgressEvent(kind="failed" if failed else "done", section_id=section.id,
                               text=failed or "", done=done, total=total))

    save()
    await asyncio.gather(*(one(s) for s in targets))
    async with save_lock:
        save()
    return draft


def draft_report(request: DraftRequest, deps: DraftDeps, *, out_path: Path | None = None,
                 progress: Progress | None = None) -> Draft:
    """Synchronous wrapper of `adraft_report`."""
    return asyncio.run(adraft_report(request, deps, out_path=out_path, progress=progress))
