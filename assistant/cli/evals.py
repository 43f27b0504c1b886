"""`baocao eval outline | retrieval | draft | check`: the quality evals on the sets in evals/.

Every set has a dev part (tune on it) and a test part (report it), declared in its split.json; each command prints
the two parts separately (`--split dev|test|all`, default all) and never a figure that mixes them.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from assistant.config import PROJECT_ROOT, Settings
from assistant.types import UserError

console = Console()
err = Console(stderr=True)


class SplitOpt(str, Enum):
    dev = "dev"
    test = "test"
    all = "all"


SPLIT_OPT = typer.Option(
    SplitOpt.all, "--split", help="Phần được chấm: dev (để chỉnh), test (để báo cáo) hoặc all (cả hai, in riêng)")


def _metrics_table(title: str, rows: list[tuple[str, dict]], target: float) -> RichTable:
    """Rows of gold/TP/FP/FN/precision/recall; figures under the target in red."""
    table = RichTable(title=title)
    for col in ("", "gold", "TP", "FP", "FN", "Precision", "Recall"):
        table.add_column(col, justify="left" if not col else "right")
    for name, m in rows:
        cells = [f"{m['precision']:.3f}", f"{m['recall']:.3f}"]
        cells = [c if float(c) >= target else f"[bold red]{c}[/]" for c in cells]
        table.add_row(name, str(m["gold"]), str(m["tp"]), str(m["fp"]), str(m["fn"]), *cells)
    return table


def register(app: typer.Typer, eval_app: typer.Typer) -> None:  # noqa: ARG001 - every area module has this shape
    @eval_app.command("outline")
    def eval_outline(
        data: Path = typer.Option(None, "--data", help="Thư mục bộ dữ liệu (mặc định evals/outline)"),
        split: SplitOpt = SPLIT_OPT,
        as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
    ) -> None:
        """Đo chất lượng phân tích đề cương: F1 cây mục và độ phủ yêu cầu số liệu."""
        from assistant.evals.outline import DEFAULT_DIR, render_results, run_outline_eval

        results = run_outline_eval(data or DEFAULT_DIR, split=split.value)
        if as_json:
            typer.echo(json.dumps(results, ensure_ascii=False, indent=1))
        else:
            render_results(results, console)

    @eval_app.command("retrieval")
    def eval_retrieval(
        embedder: Optional[str] = typer.Option(None, "--embedder", help="e5 (mặc định) | hash"),
        k: int = typer.Option(5, "-k", help="Ngưỡng recall@k"),
        split: SplitOpt = SPLIT_OPT,
        as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
        misses: bool = typer.Option(False, "--misses", help="Liệt kê câu hỏi mà chế độ hybrid trượt top-k"),
        data_dir: Optional[Path] = typer.Option(
            None, "--data-dir", help="Thư mục dữ liệu (mặc định BAOCAO_DATA_DIR hoặc .baocao)"),
    ) -> None:
        """Recall@k và MRR của dense, BM25 và hybrid trên evals/retrieval."""
        from assistant.evals.retrieval import print_report, run_retrieval_eval

        if embedder not in (None, "e5", "hash"):
            raise UserError(f"--embedder phải là e5 hoặc hash, không phải {embedder!r}.")
        overrides = {"data_dir": data_dir, "embedder": embedder}
        settings = Settings(**{key: v for key, v in overrides.items() if v is not None})
        with err.status("Lập chỉ mục bộ dữ liệu đánh giá (lần đầu mất khoảng một phút)..."):
            report = run_retrieval_eval(settings, k=k, split=split.value)
        if as_json:
            typer.echo(report.model_dump_json(indent=1))
            return
        print_report(report, console, misses=misses)

    @eval_app.command("draft")
    def eval_draft(
        data: Path = typer.Option(PROJECT_ROOT / "evals" / "draft", "--data", help="Thư mục bộ dữ liệu"),
        embedder: str = typer.Option(None, "--embedder", help="e5 | hash (mặc định: theo cấu hình)"),
        split: SplitOpt = SPLIT_OPT,
        as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Liệt kê các ghi chú xếp sai mục"),
    ) -> None:
        """Đánh giá bộ soạn thảo ngoại tuyến: xếp mục ghi chú và số mục có ghi chú được viết thành văn."""
        import tempfile

        from assistant.evals.draft import run_eval, totals_by_split

        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.test_profile(Path(tmp), embedder=embedder or Settings().embedder)
            results = run_eval(data, settings, split=split.value)
        if not results:
            raise UserError(f"Không có bộ dữ liệu nào (case.json) trong {data}.")
        parts = totals_by_split(results)
        if as_json:
            cases = [{"case": r.name, "split": r.split, "notes": r.notes, "routing_accuracy": r.accuracy,
                      "leaves_with_notes": r.leaves_with_notes, "written": r.written,
                      "placeholders": r.placeholders, "by_construction": {
                          "coverage": r.covered / r.leaves, "invalid_citations": r.invalid_citations,
                          "unsupported_numbers": r.unsupported_numbers},
                      "by_method": r.by_method, "errors": r.errors}
                     for r in results]
            console.print_json(json.dumps({"embedder": settings.embedder, "cases": cases, "splits": parts}))
            return
        table = RichTable(title=f"Đánh giá soạn thảo ngoại tuyến (embedder: {settings.embedder})")
        for col in ("Phần", "Bộ dữ liệu", "Ghi chú", "Xếp đúng mục", "Mục có ghi chú được viết", "Chỗ cần bổ sung"):
            table.add_column(col)
        for part, total in parts.items():
            for r in (r for r in results if r.split == part):
                table.add_row(part, r.name, str(r.notes), f"{r.accuracy:.1%}", f"{r.written}/{r.leaves_with_notes}",
                              str(r.placeholders))
            table.add_row(part, f"[bold]Tổng {part}", str(total["notes"]), f"[bold]{total['routing_accuracy']:.1%}",
                          f"{total['written']:.0%}", str(total["placeholders"]), end_section=True)
        console.print(table)
        for part, total in parts.items():
            bc = total["by_construction"]
            console.print(
                f"[dim]\\[{part}] đúng theo cấu tạo của bộ soạn ngoại tuyến, không phải phép đo: phủ mục lá "
                f"{bc['coverage']:.0%}, trích dẫn sai {bc['invalid_citations']}, "
                f"số liệu chưa kiểm chứng {bc['unsupported_numbers']}[/]", highlight=False)
        if verbose:
            for r in results:
                for e in r.errors:
                    console.print(f"  [yellow]{r.split} {r.name}[/] {e}")

    @eval_app.command("check")
    def eval_check(
        data: Path = typer.Option(None, "--data", help="Thư mục bộ dữ liệu (mặc định: evals/check)"),
        split: SplitOpt = SPLIT_OPT,
        as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
        misses: bool = typer.Option(False, "--misses", help="Liệt kê các phát hiện sai / bỏ sót"),
        variants: int = typer.Option(None, "--variants", min=1, help="Số báo cáo có lỗi gieo cho mỗi bộ và dạng tệp"),
    ) -> None:
        """Độ chính xác (precision) và độ phủ (recall) của bộ kiểm tra trên các báo cáo có lỗi gieo sẵn."""
        from assistant.evals.check import DEFAULT_DATA, TARGET, VARIANTS, run_check_eval

        result = run_check_eval(data or DEFAULT_DATA, variants=variants or VARIANTS, split=split.value)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for part, r in result["splits"].items():
            rows = [*r["per_kind"].items(), ("overall", r["overall"])]
            title = escape(f"eval check [{part}]: {r['sets']} bộ, {r['reports']} báo cáo (precision/recall theo loại)")
            console.print(_metrics_table(title, rows, TARGET))
            console.print(_metrics_table(escape(f"[{part}] theo dạng tệp"), list(r["per_format"].items()), TARGET))
            console.print(f"[{part}] Báo cáo đầy đủ không có phát hiện nào: {r['clean_ok']}/{r['clean_reports']}",
                          highlight=False, markup=False)
        if misses:
            for line in result["errors"]:
                console.print(line, highlight=False, markup=False)
