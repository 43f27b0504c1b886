"""`baocao outline FILE [--json]` and `baocao plan FILE [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable
from rich.tree import Tree

from assistant.rules.labels import REQUIREMENT_LABELS
from assistant.types import Outline, PlanInfo, Section, UserError

console = Console()


def _requirements_line(section: Section) -> str:
    parts = [f"[cyan]{REQUIREMENT_LABELS[r.kind]}[/]: {escape(r.text)}" for r in section.requirements if r.kind != "optional"]
    return "  ".join(f"⟨{p}⟩" for p in parts)


def _add_section(tree: Tree, section: Section, max_guidance: int) -> None:
    label = f"[bold]{escape(section.heading())}[/]"
    if section.optional:
        label += " [dim](nếu có)[/]"
    label += f" [dim]#{escape(section.id)}[/]"
    node = tree.add(label)
    for g in section.guidance[:max_guidance]:
        text = g if len(g) <= 160 else g[:157] + "..."
        node.add(f"[dim italic]{escape(text)}[/]")
    if len(section.guidance) > max_guidance:
        node.add(f"[dim]… {len(section.guidance) - max_guidance} dòng hướng dẫn nữa[/]")
    reqs = _requirements_line(section)
    if reqs:
        node.add(f"[green]Cần nêu:[/] {reqs}")
    for child in section.children:
        _add_section(node, child, max_guidance)


def render_outline(outline: Outline, out: Console = console, max_guidance: int = 3) -> None:
    """The đề cương as an indented tree: headings, guidance (shortened), requirements, Biểu tables."""
    tree = Tree(f"[bold magenta]{escape(outline.title or '(đề cương không có tiêu đề)')}[/]")
    if outline.intro:
        tree.add(f"[dim]Mở đầu: {escape(outline.intro)}[/]")
    for s in outline.sections:
        _add_section(tree, s, max_guidance)
    for t in outline.tables:
        name = f"Biểu {t.number}. " if t.number else "Biểu: "
        node = tree.add(f"[bold yellow]{escape(name + t.title)}[/]")
        if t.columns:
            node.add("Cột: " + escape(" | ".join(t.columns)))
        if t.groups:
            node.add("Nhóm: " + escape(", ".join(t.groups)))
    out.print(tree)
    leaves = len(outline.leaves())
    reqs = sum(len(s.requirements) for s in outline.walk())
    total = len(list(outline.walk()))
    out.print(f"{total} mục ({leaves} mục cần viết), {reqs} yêu cầu số liệu, {len(outline.tables)} biểu.")


def render_plan(plan: PlanInfo, out: Console = console) -> None:
    table = RichTable(title="Thông tin kế hoạch", show_header=False)
    table.add_column("Trường", style="bold")
    table.add_column("Giá trị", overflow="fold")
    rows = [
        ("Cơ quan ban hành", plan.issuer), ("Cơ quan cấp trên", plan.superior), ("Số, ký hiệu", plan.number),
        ("Địa danh", plan.place), ("Ngày", plan.date), ("Loại văn bản", plan.doc_type), ("Trích yếu", plan.subject),
        ("Thực hiện văn bản", plan.implements), ("Thời kỳ báo cáo", plan.period),
        ("Báo cáo gửi", "; ".join(plan.report_to) or None), ("Nơi nhận", "; ".join(plan.recipients) or None),
        ("Thẩm quyền ký", plan.signing_authority), ("Chức vụ", plan.signer_position), ("Người ký", plan.signer),
        ("Hệ thống", {"party": "Đảng", "state": "Nhà nước"}.get(plan.style or "")),
    ]
    for name, value in rows:
        table.add_row(name, escape(value) if value else "[dim]—[/]")
    for d in plan.deadlines:
        who = f" ({d.who})" if d.who else ""
        table.add_row("Hạn", escape(f"{d.date}: {d.what}{who}"))
    out.print(table)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def outline(
        file: Path = typer.Argument(..., help="Đề cương, hoặc kế hoạch kèm đề cương (.docx, .pdf, .txt, .md)"),
        as_json: bool = typer.Option(False, "--json", help="In cây đề cương dạng JSON"),
    ) -> None:
        """Phân tích đề cương: các mục, hướng dẫn, số liệu cần nêu, các biểu."""
        from assistant.outline.parser import outline_to_dict, parse_outline_file

        result = parse_outline_file(file)
        if not result.sections:
            raise UserError(
                f"Không tìm thấy mục nào trong {file.name}. Đề cương cần có các đề mục đánh số (I., 1., a)...) "
                "hoặc tiêu đề."
            )
        if as_json:
            typer.echo(json.dumps(outline_to_dict(result), ensure_ascii=False, indent=1))
        else:
            render_outline(result)

    @app.command()
    def plan(
        file: Path = typer.Argument(..., help="Kế hoạch (có thể kèm đề cương)"),
        as_json: bool = typer.Option(False, "--json", help="In dạng JSON"),
    ) -> None:
        """Đọc kế hoạch: cơ quan ban hành, số, ngày, trích yếu, thời hạn, nơi nhận, người ký."""
        from assistant.outline.plan import parse_plan_file

        info = parse_plan_file(file)
        if as_json:
            typer.echo(info.model_dump_json(indent=1))
        else:
            render_plan(info)
