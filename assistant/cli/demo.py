"""`baocao demo`: the whole job on the bundled sample, offline unless a model is configured.

Indexes knowledge/, parses the plan and its đề cương, drafts the report from the sample notes,
checks it, exports the .docx, and says where everything is.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from assistant.config import Settings
from assistant.rules.labels import DRAFT_SUMMARY_LABELS
from assistant.services import build_services
from assistant.types import DocKind, UserError

console = Console()

SAMPLE_PLAN = "ke_hoach_19ct.txt"
SAMPLE_NOTES = "ghi_chu_mau.md"


def _kind_of(path: Path) -> DocKind:
    name = path.name.lower()
    if name.startswith("ghi_chu"):
        return "notes"
    if name.startswith("de_cuong"):
        return "outline"
    if name.startswith("ke_hoach"):
        return "plan"
    return "report"


def run_demo(settings: Settings, out_dir: Path, backend: str | None = None) -> dict:
    from assistant.checking.checker import check_draft
    from assistant.drafting.orchestrate import draft_report, summarize
    from assistant.export.document import export_docx, header_from
    from assistant.reading.notes import read_notes
    from assistant.outline.parser import parse_outline
    from assistant.outline.plan import parse_plan
    from assistant.reading.document import read_document

    services = build_services(settings)
    knowledge = settings.knowledge_dir
    plan_path, notes_path = knowledge / SAMPLE_PLAN, knowledge / SAMPLE_NOTES
    for p in (plan_path, notes_path):
        if not p.exists():
            raise UserError(f"Thiếu tệp mẫu {p}. Hãy lấy lại thư mục knowledge/ từ kho mã.")

    files = sorted(p for p in knowledge.iterdir() if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"})
    console.print(f"[bold]1/4[/] Lập chỉ mục {len(files)} tài liệu mẫu trong {knowledge} ...")
    for path in files:
        result = services.store.index_file(path, kind=_kind_of(path), unit="Thị ủy Sa Pa")
        console.print(f"   {path.name}: {result.status}")

    console.print("[bold]2/4[/] Phân tích kế hoạch và đề cương ...")
    doc = read_document(plan_path)
    outline, plan = parse_outline(doc), parse_plan(doc)
    notes = read_notes(notes_path)
    console.print(f"   {len(outline.leaves())} mục cần viết, {len(notes)} ghi chú")

    chat = services.chat_model(backend=backend)
    console.print(f"[bold]3/4[/] Soạn thảo ({'mô hình ' + chat.name if chat else 'ngoại tuyến, không dùng mô hình'}) ...")
    out_dir.mkdir(parents=True, exist_ok=True)
    draft_path = out_dir / "draft.json"
    draft = draft_report(
        outline, notes, settings=settings, plan=plan, store=services.store, chat=chat,
        unit="Thị ủy Sa Pa", out_path=draft_path,
    )
    from assistant.drafting.orchestrate import render_markdown

    (out_dir / "draft.md").write_text(render_markdown(draft), encoding="utf-8")

    console.print("[bold]4/4[/] Kiểm tra và xuất .docx ...")
    report = check_draft(draft, outline, notes)
    docx_path = export_docx(
        draft, out_dir / "bao_cao_mau.docx", style=settings.style, review=False,
        header=header_from(plan, settings, issuer=settings.issuer or "Thị ủy Sa Pa"),
    )
    review_path = export_docx(
        draft, out_dir / "bao_cao_mau_review.docx", style=settings.style, review=True,
        header=header_from(plan, settings, issuer=settings.issuer or "Thị ủy Sa Pa"),
    )
    summary = summarize(draft)
    summary.update(
        findings=len(report.findings),
        errors=sum(f.severity == "error" for f in report.findings),
        draft=str(draft_path), docx=str(docx_path), review_docx=str(review_path),
        error_messages=[f.message for f in report.findings if f.severity == "error"],
    )
    return summary


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def demo(
        out_dir: Path = typer.Option(Path("out/demo"), "--out-dir", help="Thư mục ghi bản thảo và .docx"),
        backend: str = typer.Option(None, "--backend", help="offline | openai (mặc định: tự chọn theo cấu hình)"),
    ) -> None:
        """Chạy toàn bộ quy trình trên dữ liệu mẫu: lập chỉ mục, soạn thảo, kiểm tra, xuất .docx."""
        summary = run_demo(Settings(), out_dir, backend)
        table = RichTable(title="Kết quả chạy mẫu", show_header=False)
        shown = ("sections", "drafted", "failed", "citations", "placeholders", "unsupported_numbers", "unrouted")
        labels = {k: DRAFT_SUMMARY_LABELS[k] for k in shown}
        labels.update({"findings": "Phát hiện khi kiểm tra", "errors": "Lỗi khi kiểm tra"})
        for key, label in labels.items():
            if key in summary:
                table.add_row(label, str(summary[key]))
        console.print(table)
        # Paths on their own lines (soft-wrapped): a table cell would cut a long path with an ellipsis.
        for key, label in (("draft", "Bản thảo (JSON)"), ("docx", "Báo cáo .docx"), ("review_docx", "Bản .docx kèm trích dẫn")):
            console.print(f"{label}: [bold]{summary[key]}[/]", soft_wrap=True, highlight=False)
        for message in summary.get("error_messages", []):
            console.print(f"[yellow]Cần xử lý:[/] {message}", highlight=False)
        console.print("Sửa và duyệt từng mục trên giao diện: [bold]baocao ui[/] (http://127.0.0.1:7860)")
