"""`baocao draft` (notes → draft.json + draft.md, a progress bar per section) and `baocao eval draft`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from assistant.config import PROJECT_ROOT, Settings
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
        elif ev.kind in {"done", "failed"}:
            status = "[green]✓ xong" if ev.kind == "done" else f"[red]✗ {ev.text[:60]}"
            p.update(row, completed=1, status=status)
        p.update(self.overall, total=ev.total, completed=ev.done)


def _read_inputs(outline_path: Path, notes_paths: list[Path], plan_path: Path | None):
    from assistant.reading.notes import read_notes
    from assistant.outline.parser import parse_outline
    from assistant.outline.plan import parse_plan
    from assistant.reading.document import read_document

    outline_doc = read_document(outline_path)
    outline = parse_outline(outline_doc)
    if not outline.leaves():
        raise UserError(f"Không tìm thấy mục nào trong đề cương {outline_path.name}. Hãy kiểm tra lại tệp đề cương.")
    plan = parse_plan(read_document(plan_path) if plan_path else outline_doc)
    notes = [n for p in notes_paths for n in read_notes(p)]
    return outline, plan, notes


def _print_summary(draft: Draft, out: Path, md_path: Path) -> None:
    from assistant.drafting.orchestrate import summarize

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
        from assistant.drafting.orchestrate import draft_report, render_markdown
        from assistant.services import build_services

        if backend not in (None, "auto", "offline", "openai"):
            raise UserError(f"--backend không hợp lệ: {backend}. Chọn offline hoặc openai.")
        settings = Settings()
        if concurrency:
            settings = settings.model_copy(update={"concurrency": concurrency})
        services = build_services(settings)
        outline_obj, plan_obj, note_list = _read_inputs(outline, notes, plan)
        existing = None
        if (resume or only) and out.exists():
            existing = Draft.load(out)
        elif resume:
            raise UserError(f"Không có bản thảo {out} để soạn tiếp. Hãy chạy lại không có --resume.")
        chat = services.chat_model(backend=backend, model=model)
        console.print(
            f"Đề cương: {len(outline_obj.leaves())} mục; ghi chú: {len(note_list)}; "
            f"{'mô hình ' + chat.name if chat else 'soạn ngoại tuyến (không dùng mô hình)'}; "
            f"đồng thời {settings.concurrency} mục."
        )
        titles = {s.id: s.title for s in outline_obj.leaves()}
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=20),
                      TextColumn("{task.fields[status]}"), TimeElapsedColumn(), console=console) as progress:
            result = draft_report(
                outline_obj, note_list, settings=settings, plan=plan_obj, store=services.store if chat else None,
                chat=chat, unit=unit, existing=existing, only=set(only) if only else None, resume=resume,
                instruction=instruction, out_path=out, progress=SectionBars(progress, titles),
            )
        md_path = out.with_suffix(".md")
        md_path.write_text(render_markdown(result), encoding="utf-8")
        _print_summary(result, out, md_path)
        if any(s.status == "failed" for s in result.sections):
            raise typer.Exit(1)

    @eval_app.command("draft")
    def eval_draft(
        data: Path = typer.Option(PROJECT_ROOT / "evals" / "draft", "--data", help="Thư mục bộ dữ liệu"),
        embedder: str = typer.Option(None, "--embedder", help="e5 | hash (mặc định: theo cấu hình)"),
        as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Liệt kê các ghi chú xếp sai mục"),
    ) -> None:
        """Đánh giá bộ soạn thảo ngoại tuyến: xếp mục, độ phủ, trích dẫn sai, số liệu chưa kiểm chứng."""
        import tempfile

        from assistant.evals.draft import run_eval, totals

        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.test_profile(Path(tmp), embedder=embedder or Settings().embedder)
            results = run_eval(data, settings)
        if not results:
            raise UserError(f"Không có bộ dữ liệu nào (case.json) trong {data}.")
        overall = totals(results)
        if as_json:
            cases = [{"case": r.name, "notes": r.notes, "routing_accuracy": r.accuracy, "coverage": r.covered / r.leaves,
                      "placeholders": r.placeholders, "invalid_citations": r.invalid_citations,
                      "unsupported_numbers": r.unsupported_numbers, "by_method": r.by_method, "errors": r.errors}
                     for r in results]
            console.print_json(json.dumps({"embedder": settings.embedder, "cases": cases, "overall": overall}))
            return
        table = RichTable(title=f"Đánh giá soạn thảo ngoại tuyến (embedder: {settings.embedder})")
        for col in ("Bộ dữ liệu", "Ghi chú", "Xếp đúng mục", "Độ phủ", "Chỗ cần bổ sung", "Trích dẫn sai",
                    "Số liệu chưa k.chứng"):
            table.add_column(col)
        for r in results:
            table.add_row(r.name, str(r.notes), f"{r.accuracy:.1%}", f"{r.covered}/{r.leaves}", str(r.placeholders),
                          str(r.invalid_citations), str(r.unsupported_numbers))
        table.add_row("[bold]Tổng", str(overall["notes"]), f"[bold]{overall['routing_accuracy']:.1%}",
                      f"{overall['coverage']:.0%}", str(overall["placeholders"]), str(overall["invalid_citations"]),
                      str(overall["unsupported_numbers"]))
        console.print(table)
        if verbose:
            for r in results:
                for e in r.errors:
                    console.print(f"  [yellow]{r.name}[/] {e}")
        ok = (overall["routing_accuracy"] >= 0.9 and overall["coverage"] == 1.0
              and overall["invalid_citations"] == 0 and overall["unsupported_numbers"] == 0)
        console.print("[green]Đạt mục tiêu[/]" if ok else "[red]Chưa đạt mục tiêu[/]",
                      "(xếp đúng ≥ 90%, độ phủ 100%, 0 trích dẫn sai, 0 số liệu chưa kiểm chứng)")
