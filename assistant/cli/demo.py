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

console = Console()


def _show_step(step: int | None, text: str) -> None:
    console.print(f"[bold]{step}/4[/] {text}" if step is not None else f"   {text}")


def run_demo(settings: Settings, out_dir: Path, backend: str | None = None) -> dict:
    from assistant.pipeline import run_sample

    return run_sample(build_services(settings), out_dir, backend, on_step=_show_step)


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
