"""`baocao draft` (notes → draft.json + draft.md, a progress bar per section)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from assistant.config import Settings
from assistant.rules.labels import DRAFT_SUMMARY_LABELS
from assistant.types import Draft, ProgressEvent, UserError

console = Console()


class SectionBars:
    """One rich progress row per section (spinner while drafting, token count, ✓ / ✗), plus an overall bar."""

    def __init__(self, progress: Progress, titles: dict[str, str]):
        self.progress, self.titles = progress, titles
        self.rows: dict[str, TaskID] = {}
        self.tokens: dict[str, int] = {}
        self.overall = progress.add_task("[bold]Tổng cộng", total=None, status="")

    def __call__(self, ev: ProgressEvent) -> None:
        p = self.progress
        if ev.kind == "info":
            p.console.print(f"[dim]{ev.text}[/]")
            return
        sid = ev.section_id or ""
        if sid not in self.rows:
            self.rows[sid] = p.add_task(f"{sid} {self.titles.get(sid, '')[:48]}", total=1, status="đang soạn")
        row = self.rows[sid]
        if ev.kind == "token":
            self.tokens[sid] = self.tokens.get(sid, 0) + 1
            p.update(row, status=f"{self.tokens[sid]} token")
        elif ev.kind == "reset":  # the model call is retried: its streamed tokens are discarded
            self.tokens[sid] = 0
            p.update(row, status="thử lại")
        elif ev.kind in {"done", "failed"}:
            status = "[green]✓ xong" if ev.kind == "done" else f"[red]✗ {ev.text[:60]}"
            p.update(row, completed=1, status=status)
        p.update(self.overall, total=ev.total, completed=ev.done)


def _print_summary(draft: Draft, out: Path, md_path: Path) -> None:
    from assistant.drafting.markdown import summarize

    summary = summarize(draft)
    table = RichTable(title="Kết quả soạn thảo", show_header=False)
    for key, label in DRAFT_SUMMARY_LABELS.items():
        table.add_row(label, str(summary[key]))
    table.add_row("Bản thảo (JSON)", str(out))
    table.add_row("Bản đọc (Markdown)", str(md_path))
    console.print(table)
    for sd in draft.sections:
        if sd.status == "failed":
            console.print(f"[red]✗ {sd.section_id} {sd.title}: {sd.error}[/] — chạy lại với --resume để soạn lại mục này.")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def draft(
        outline: Path = typer.Option(..., "--outline", help="Tệp đề cương (có thể là kế hoạch kèm đề cương)"),
        notes: list[Path] = typer.Option(..., "--notes", help="Tệp ghi chú (.txt, .md, .docx); lặp lại được"),
        plan: Path = typer.Option(None, "--plan", help="Tệp kế hoạch (mặc định: phần kế hoạch trong tệp đề cương)"),
        out: Path = typer.Option(Path("out/draft.json"), "--out", help="Tệp bản thảo JSON (kèm .md cùng tên)"),
        backend: str = typer.Option(None, "--backend", help="offline | openai (mặc định: tự chọn theo cấu hình)"),
        model: str = typer.Option(None, "--model", help="Tên mô hình tại máy chủ tương thích OpenAI"),
        concurrency: int = typer.Option(None, "--concurrency", min=1, max=64, help="Số mục soạn đồng thời (mặc định 4)"),
        resume: bool = typer.Option(False, "--resume", help="Chỉ soạn lại các mục lỗi hoặc còn thiếu trong --out"),
        unit: str = typer.Option(None, "--unit", help="Tên đơn vị báo cáo (cho đoạn mở đầu)"),
        only: list[str] = typer.Option(None, "--only", help="Chỉ soạn (lại) mục này, ví dụ II.1; lặp lại được"),
        instruction: str = typer.Option(None, "--instruction", help="Yêu cầu thêm khi soạn lại, ví dụ 'viết ngắn gọn hơn'"),
    ) -> None:
        """Soạn bản thảo báo cáo theo đề cương từ ghi chú của đơn vị."""
        from assistant import pipeline
        from assistant.drafting.request import DraftRequest
        from assistant.services import build_services

        if backend not in (None, "auto", "offline", "openai"):
            raise UserError(f"--backend không hợp lệ: {backend}. Chọn offline hoặc openai.")
        settings = Settings()
        if concurrency:
            settings = settings.model_copy(update={"concurrency": concurrency})
        services = build_services(settings)
        inputs = pipeline.read_inputs(outline, notes, plan)
        existing = None
        if (resume or only) and out.exists():
            existing = Draft.load(out)
        elif resume:
            raise UserError(f"Không có bản thảo {out} để soạn tiếp. Hãy chạy lại không có --resume.")
        chat = services.chat_model(backend=backend, model=model)
        console.print(
            f"Đề cương: {len(inputs.outline.leaves())} mục; ghi chú: {len(inputs.notes)}; "
            f"{'mô hình ' + chat.name if chat else 'soạn ngoại tuyến (không dùng mô hình)'}; "
            f"đồng thời {settings.concurrency} mục."
        )
        request = DraftRequest(inputs.outline, inputs.notes, plan=inputs.plan, unit=unit, existing=existing,
                               only=set(only) if only else None, resume=resume, instruction=instruction)
        titles = {s.id: s.title for s in inputs.outline.leaves()}
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=20),
                      TextColumn("{task.fields[status]}"), TimeElapsedColumn(), console=console) as progress:
            result, md_path = pipeline.draft_to_files(services, request, chat, out, SectionBars(progress, titles))
        _print_summary(result, out, md_path)
        if any(s.status == "failed" for s in result.sections):
            raise typer.Exit(1)
