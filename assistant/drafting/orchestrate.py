"""The drafting chain: route notes → numbered sources per leaf section → text (model or offline) → citation
check → number lock → placeholders; sections concurrently, each saved as soon as it is done.

Failure is per section: any exception while drafting one section marks it "failed" with the reason; every
other section completes and the artifact is saved after each section (saving is serialised). `resume` redrafts
only the failed or missing sections of the existing draft (or of the artifact at `out_path`); `only` redrafts
just the named sections; "approved" sections are never redrafted.

Whatever the model writes, `resolve_citations` and `lock_numbers` run on it: a citation to a source the section
was not given is removed and flagged, a figure found in no cited source is marked and flagged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.drafting.tables import fill_tables
from assistant.llm.chat import ChatModel, ModelCallError
from assistant.rules.citations import resolve_citations
from assistant.config import Settings
from assistant.drafting.markdown import render_markdown, summarize
from assistant.rules.number_lock import find_placeholders, lock_numbers, standardize
from assistant.drafting.offline_writer import draft_section_offline, empty_section_placeholder, ensure_placeholders, requirement_gaps
from assistant.llm.prompts import Prompts, format_sources, load_prompts
from assistant.drafting.intro import fill_intro
from assistant.drafting.routing import Embed, Routing, RoutingKnobs, arefine_routing, leaves_with_ancestors, route_notes
from assistant.types import Draft, Flag, Note, Outline, PlanInfo, ProgressEvent, Section, SectionDraft, Source, UserError

if TYPE_CHECKING:
    from assistant.store.facade import KnowledgeStore

__all__ = ["adraft_report", "draft_report", "render_markdown", "summarize", "build_sources", "make_embed"]

Progress = Callable[[ProgressEvent], None]


def make_embed(settings: Settings) -> Embed:
    """The configured embedder (e5, or hash in the test profile) as a routing `Embed`."""
    from assistant.store.embeddings import make_embedding_function

    ef = make_embedding_function(settings)

    def embed(texts: list[str], kind: str):
        import numpy as np

        return np.asarray(ef.embed_query(texts) if kind == "query" else ef(texts), dtype=float)

    return embed


def build_sources(notes: list[Note], passages: list) -> list[Source]:
    """Notes first, then store passages (SearchHit), numbered from 1."""
    sources = [Source(n=i, kind="note", ref=n.id, text=n.text, locator=n.locator) for i, n in enumerate(notes, 1)]
    for hit in passages:
        c = hit.chunk
        sources.append(Source(n=len(sources) + 1, kind="passage", ref=c.id, text=c.text, locator=c.locator))
    return sources


def _passages(store: KnowledgeStore | None, section: Section, k: int) -> list:
    if store is None:
        return []
    query = " ".join([section.title, *section.guidance])
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
    figures the notes lack, citations resolved, numbers locked, flags collected."""
    text = ensure_placeholders(standardize(text), requirement_gaps(section, [n.text for n in notes]))
    if not text.strip():
        text = empty_section_placeholder(section)
    text, used, invalid = resolve_citations(text, sources)
    cited = [s for s in sources if s.n in used]
    text, number_flags = lock_numbers(text, cited, extra_support=[section.title, *section.guidance])
    flags = [Flag(kind="invalid_citation", text=c,
                  message=f"Trích dẫn {c} không trỏ tới nguồn nào của mục này; đã bỏ.") for c in invalid]
    flags += number_flags
    flags += [Flag(kind="placeholder", text=p, message="Cần bổ sung số liệu/nội dung còn thiếu trước khi ban hành.")
              for p in find_placeholders(text)]
    return SectionDraft(section_id=section.id, number=section.number, title=section.title, text=text,
                        sources=sources, citations=used, flags=flags, status="drafted")


async def _draft_one(section: Section, notes: list[Note], *, outline: Outline, store, store_lock: asyncio.Lock,
                     chat: ChatModel | None, prompts: Prompts | None, unit: str | None, instruction: str | None,
                     on_token: Callable[[str], None], passages_per_section: int) -> SectionDraft:
    if chat is None or not notes:  # no notes → placeholder, never filler from a model
        sources = build_sources(notes, [])
        return finish_section(section, draft_section_offline(section, sources), sources, notes)
    async with store_lock:  # one search at a time: the store is shared by all sections
        passages = await asyncio.to_thread(_passages, store, section, passages_per_section)
    sources = build_sources(notes, passages)
    system = prompts.render("draft_system")
    user = _user_prompt(prompts, outline, section, sources, unit, instruction)
    reply = await chat.agenerate(system, user, on_token)
    return finish_section(section, _clean_reply(reply, section), sources, notes)


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


async def adraft_report(
    outline: Outline, notes: list[Note], *, settings: Settings, plan: PlanInfo | None = None,
    store: KnowledgeStore | None = None, chat: ChatModel | None = None, unit: str | None = None,
    existing: Draft | None = None, only: set[str] | None = None, resume: bool = False,
    instruction: str | None = None, out_path: Path | None = None, progress: Progress | None = None,
    embed: Embed | None = None, routing: Routing | None = None,
) -> Draft:
    emit = progress or (lambda ev: None)
    if resume and existing is None and out_path is not None and Path(out_path).exists():
        existing = Draft.load(out_path)
    prompts = load_prompts(settings.prompts_dir) if chat is not None else None
    draft = _base_draft(outline, plan, existing, chat)
    if routing is None:
        knobs = RoutingKnobs.from_settings(settings)
        routing = route_notes(outline, notes, embed if embed is not None else make_embed(settings), knobs)
        if chat is not None and only is None and not resume:  # a full draft; redrafts keep the cheap routing
            emit(ProgressEvent(kind="info", text="Đang nhờ mô hình phân loại các ghi chú chưa chắc chắn"))
            try:
                await arefine_routing(routing, outline, notes, chat, prompts, knobs)
            except Exception as exc:  # routing help is optional: keep the similarity routing
                emit(ProgressEvent(kind="info", text=f"Bỏ qua bước phân loại bằng mô hình: {exc}"))
    draft.unrouted_notes = routing.unrouted
    draft.tables = fill_tables(outline, routing.table_notes) or draft.tables
    draft.intro = fill_intro(outline, draft.plan, unit)
    targets = _targets(draft, outline.leaves(), only, resume)
    total, done = len(targets), 0
    sem, save_lock, store_lock = asyncio.Semaphore(settings.concurrency), asyncio.Lock(), asyncio.Lock()

    def save() -> None:
        if out_path is not None:
            draft.save(out_path)

    async def one(section: Section) -> None:
        nonlocal done
        async with sem:
            emit(ProgressEvent(kind="start", section_id=section.id, done=done, total=total))

            def on_token(piece: str) -> None:
                emit(ProgressEvent(kind="token", section_id=section.id, text=piece, done=done, total=total))

            try:
                sd = await _draft_one(
                    section, routing.by_section.get(section.id, []), outline=outline, store=store,
                    store_lock=store_lock, chat=chat, prompts=prompts, unit=unit, instruction=instruction,
                    on_token=on_token, passages_per_section=settings.passages_per_section,
                )
                failed = None
            except Exception as exc:  # per-section failure: mark it (keeping any earlier text), keep going
                known = isinstance(exc, (ModelCallError, UserError)) and str(exc).strip()
                failed = str(exc) if known else f"{type(exc).__name__}: {exc}"
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


def draft_report(outline: Outline, notes: list[Note], **kwargs) -> Draft:
    """Synchronous wrapper of `adraft_report` (same keyword arguments)."""
    return asyncio.run(adraft_report(outline, notes, **kwargs))
