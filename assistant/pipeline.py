"""The use cases the CLI and the UI share, as plain functions over `Services`.

Reading the inputs (đề cương, plan, notes), drafting, checking and exporting are assembled here once; `baocao
draft`, `baocao demo` and the workspace UI only call these and show the results. Heavy stages are imported on
first use so that a command that needs none of them starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.drafting.request import DraftRequest
from assistant.services import Services
from assistant.types import CheckReport, DocKind, Draft, Note, Outline, PlanInfo, ProgressEvent, UserError

if TYPE_CHECKING:
    from assistant.llm.chat import ChatModel

Progress = Callable[[ProgressEvent], None]
SAMPLE_PLAN = "ke_hoach_19ct.txt"
SAMPLE_NOTES = "ghi_chu_mau.md"
SAMPLE_UNIT = "Thị ủy Sa Pa"


@dataclass
class DraftInputs:
    outline: Outline
    plan: PlanInfo | None
    notes: list[Note]


# ---------------------------------------------------------------- reading


def read_inputs(outline_path: Path, notes_paths: list[Path], plan_path: Path | None = None) -> DraftInputs:
    """The đề cương (its plan part too, unless a separate plan is given) and the unit's notes."""
    from assistant.outline.parser import parse_outline
    from assistant.outline.plan import parse_plan
    from assistant.reading.document import read_document
    from assistant.reading.notes import read_notes

    outline_doc = read_document(outline_path)
    outline = parse_outline(outline_doc)
    if not outline.leaves():
        raise UserError(f"Không tìm thấy mục nào trong đề cương {outline_path.name}. Hãy kiểm tra lại tệp đề cương.")
    plan = parse_plan(read_document(plan_path) if plan_path else outline_doc)
    notes = [n for p in notes_paths for n in read_notes(p)]
    return DraftInputs(outline, plan, notes)


@dataclass
class ParsedUpload:
    path: Path
    kind: DocKind
    outline_sections: int = 0
    notes: int = 0
    plan: bool = False
    messages: list[str] = field(default_factory=list)


def add_upload(services: Services, report_id: str, path: Path, kind: DocKind) -> ParsedUpload:
    """Reads a stored upload into the report: the đề cương (and plan) or the unit's notes."""
    ws = services.workspace
    result = ParsedUpload(path, kind)
    if kind in ("plan", "outline"):
        from assistant.outline.parser import parse_outline
        from assistant.reading.document import read_document

        doc = read_document(path)
        outline = parse_outline(doc)
        if outline.sections:
            ws.set_outline(report_id, outline)
            result.outline_sections = len(outline.leaves())
        elif kind == "outline":
            raise UserError(f"Không tìm thấy đề cương trong {path.name}: cần các mục đánh số I., 1., a)...")
        if kind == "plan":
            from assistant.outline.plan import parse_plan

            ws.set_plan(report_id, parse_plan(doc))
            result.plan = True
    elif kind == "notes":
        from assistant.reading.notes import read_notes

        notes = read_notes(path)
        ws.add_notes(report_id, notes)
        result.notes = len(notes)
    return result


# ---------------------------------------------------------------- drafting


async def adraft(services: Services, request: DraftRequest, chat: ChatModel | None, *, out_path: Path | None = None,
                 progress: Progress | None = None, store_optional: bool = False) -> Draft:
    """Drafts with the services' embedder and prompts; with a model, passages come from the knowledge store
    (or, when `store_optional`, from none if the store cannot be opened: the notes alone)."""
    from assistant.drafting.orchestrate import adraft_report

    store = None
    if chat is not None:
        try:
            store = services.store
        except Exception:
            if not store_optional:
                raise
    deps = services.draft_deps(chat, store=store)
    return await adraft_report(request, deps, out_path=out_path, progress=progress)


def draft_to_files(services: Services, request: DraftRequest, chat: ChatModel | None, out_path: Path,
                   progress: Progress | None = None) -> tuple[Draft, Path]:
    """Drafts into `out_path` (JSON, saved after each section) and writes the Markdown beside it."""
    import asyncio

    from assistant.drafting.markdown import render_markdown

    draft = asyncio.run(adraft(services, request, chat, out_path=out_path, progress=progress))
    md_path = out_path.with_suffix(".md")
    md_path.write_text(render_markdown(draft), encoding="utf-8")
    return draft, md_path


def prefetch_routing(services: Services, report_id: str) -> None:
    """Starts routing this report's notes in the background, so that a draft does not wait for it."""
    ws = services.workspace
    try:
        outline, notes = ws.get_outline(report_id), ws.get_notes(report_id)
        if outline is None or not notes:
            return
        chat = services.chat_model()
    except Exception:  # no report, or no usable model configuration: the drafter will say so
        return
    services.routing_cache.prefetch(outline, notes, chat)


async def adraft_saved_report(services: Services, report_id: str, existing: Draft, *, only: set[str] | None,
                              instruction: str | None, out_path: Path, progress: Progress) -> Draft:
    """Redrafts sections of a workspace report, with the routing computed ahead when there is one."""
    ws = services.workspace
    chat = services.chat_model()
    notes = ws.get_notes(report_id)
    routing = services.routing_cache.get(existing.outline, notes, chat)
    request = DraftRequest(existing.outline, notes, plan=ws.get_plan(report_id), only=only, instruction=instruction,
                           existing=existing, routing=routing)
    return await adraft(services, request, chat, out_path=out_path, progress=progress, store_optional=True)


# ---------------------------------------------------------------- checking and export


def check(draft: Draft, notes: list[Note] | None) -> CheckReport:
    from assistant.checking.checker import check_draft

    return check_draft(draft, draft.outline, notes)


def check_saved_report(services: Services, report_id: str) -> CheckReport:
    ws = services.workspace
    return check(ws.load_draft(report_id), ws.get_notes(report_id) or None)


def export(services: Services, draft: Draft, path: Path, *, review: bool, style: str | None = None,
           **header_values: object) -> Path:
    """The .docx of a draft; the header comes from its plan and the settings, `header_values` override."""
    from assistant.export.document import export_docx
    from assistant.export.header import header_from

    header = header_from(draft.plan, services.settings, **header_values)
    return export_docx(draft, path, style=style or services.settings.style, review=review, header=header)


# ---------------------------------------------------------------- the whole job on the bundled sample

Step = Callable[[int | None, str], None]
"""Progress of `run_sample`: (step number of 4, text) for a step, (None, text) for a detail line."""


def sample_kind(path: Path) -> DocKind:
    name = path.name.lower()
    if name.startswith("ghi_chu"):
        return "notes"
    if name.startswith("de_cuong"):
        return "outline"
    if name.startswith("ke_hoach"):
        return "plan"
    return "report"


def run_sample(services: Services, out_dir: Path, backend: str | None = None, on_step: Step | None = None) -> dict:
    """Indexes knowledge/, reads the sample plan (with its đề cương) and notes, drafts, checks and exports."""
    from assistant.drafting.markdown import summarize

    say = on_step or (lambda step, text: None)
    settings = services.settings
    knowledge = settings.knowledge_dir
    plan_path, notes_path = knowledge / SAMPLE_PLAN, knowledge / SAMPLE_NOTES
    for p in (plan_path, notes_path):
        if not p.exists():
            raise UserError(f"Thiếu tệp mẫu {p}. Hãy lấy lại thư mục knowledge/ từ kho mã.")

    files = sorted(p for p in knowledge.iterdir() if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"})
    say(1, f"Lập chỉ mục {len(files)} tài liệu mẫu trong {knowledge} ...")
    for path in files:
        result = services.store.index_file(path, kind=sample_kind(path), unit=SAMPLE_UNIT)
        say(None, f"{path.name}: {result.status}")

    say(2, "Phân tích kế hoạch và đề cương ...")
    inputs = read_inputs(plan_path, [notes_path])
    say(None, f"{len(inputs.outline.leaves())} mục cần viết, {len(inputs.notes)} ghi chú")

    chat = services.chat_model(backend=backend)
    say(3, f"Soạn thảo ({'mô hình ' + chat.name if chat else 'ngoại tuyến, không dùng mô hình'}) ...")
    out_dir.mkdir(parents=True, exist_ok=True)
    draft_path = out_dir / "draft.json"
    request = DraftRequest(inputs.outline, inputs.notes, plan=inputs.plan, unit=SAMPLE_UNIT)
    draft, _ = draft_to_files(services, request, chat, draft_path)

    say(4, "Kiểm tra và xuất .docx ...")
    report = check(draft, inputs.notes)
    issuer = settings.issuer or SAMPLE_UNIT
    docx_path = export(services, draft, out_dir / "bao_cao_mau.docx", review=False, issuer=issuer)
    review_path = export(services, draft, out_dir / "bao_cao_mau_review.docx", review=True, issuer=issuer)
    summary = summarize(draft)
    summary.update(
        findings=len(report.findings),
        errors=sum(f.severity == "error" for f in report.findings),
        draft=str(draft_path), docx=str(docx_path), review_docx=str(review_path),
        error_messages=[f.message for f in report.findings if f.severity == "error"],
    )
    return summary
