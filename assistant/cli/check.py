"""`baocao check REPORT --outline FILE [--notes FILE...] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from assistant.rules.labels import FINDING_LABELS, SEVERITY_LABELS
from assistant.types import CheckReport, Outline, UserError

console = Console()

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _load_outline(report: Path, outline: Path | None) -> Outline:
    """The đề cương from --outline; a draft artifact carries its own when --outline is not given."""
    if outline is not None:
        from assistant.outline.parser import parse_outline_file

        return parse_outline_file(outline)
    if report.suffix.lower() == ".json":
        from assistant.checking.report_reader import load_draft

        return load_draft(report).outline
    raise UserError("Thiếu đề cương: hãy chỉ ra tệp đề cương bằng --outline FILE.")


def render_findings(result: CheckReport, outline: Outline, console: Console = console) -> None:
    """A table grouped by section (in the đề cương's order), then one summary line."""
    if result.findings:
        table = RichTable(title="Kết quả kiểm tra theo đề cương", show_lines=False)
        table.add_column("Mục", style="bold", max_width=34)
        table.add_column("Mức", no_wrap=True)
        table.add_column("Loại", no_wrap=True)
        table.add_column("Nội dung", overflow="fold")
        groups: dict[str | None, list] = {}
        for f in result.findings:
            groups.setdefault(f.section, []).append(f)
        for sid, findings in groups.items():
            sec = outline.find(sid) if sid else None
            head = f"{sid} {sec.title}" if sec else (sid or "(ngoài đề cương)")
            for k, f in enumerate(findings):
                table.add_row(
                    head if k == 0 else "",
                    f"[{_SEVERITY_STYLE[f.severity]}]{SEVERITY_LABELS[f.severity]}[/]",
                    FINDING_LABELS[f.kind],
                    f.message,
                    end_section=k == len(findings) - 1,
                )
        console.print(table)
    s = result.summary
    verdict = "[bold red]CÓ LỖI[/]" if result.has_errors else "[bold green]ĐẠT[/]"
    console.print(
        f"{verdict}: {s.get('errors', 0)} lỗi, {s.get('warnings', 0)} cảnh báo, {s.get('infos', 0)} lưu ý; "
        f"có {s.get('sections_present', 0)}/{s.get('sections', 0)} mục của đề cương."
    )


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def check(
        report: Path = typer.Argument(..., help="Báo cáo cần kiểm tra: draft.json, .md/.txt hoặc .docx"),
        outline: Path = typer.Option(None, "--outline", help="Tệp đề cương (hoặc kế hoạch kèm đề cương)"),
        notes: list[Path] = typer.Option(None, "--notes", help="Tệp ghi chú để đối chiếu số liệu (lặp lại được)"),
        as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
    ) -> None:
        """Kiểm tra báo cáo theo đề cương: thiếu mục, sai thứ tự, mục trống, thiếu số liệu, trích dẫn, số liệu."""
        from assistant.checking.checker import check_report
        from assistant.reading.notes import read_notes

        ol = _load_outline(report, outline)
        note_list = [n for p in notes for n in read_notes(p)] if notes else None
        result = check_report(report, ol, note_list)
        if as_json:
            payload = {"findings": [f.model_dump() for f in result.findings], "summary": result.summary}
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            render_findings(result, ol)
        raise typer.Exit(1 if result.has_errors else 0)
