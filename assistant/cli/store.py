"""Knowledge-store commands: `index`, `search`, `docs list`, `docs remove`.

Thin: each command builds Settings from its options (over BAOCAO_* environment), calls the
store, and prints. Errors are UserError, shown by `cli.main` as one line.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from assistant.config import Settings
from assistant.rules.labels import DOC_KIND_LABELS
from assistant.types import SearchHit, UserError

console = Console()
err = Console(stderr=True)


class KindOpt(str, Enum):
    plan = "plan"
    outline = "outline"
    report = "report"
    notes = "notes"


class ModeOpt(str, Enum):
    hybrid = "hybrid"
    dense = "dense"
    bm25 = "bm25"


_KIND_VI = {kind: label.lower() for kind, label in DOC_KIND_LABELS.items()}

DATA_DIR_OPT = typer.Option(None, "--data-dir", help="Thư mục dữ liệu (mặc định BAOCAO_DATA_DIR hoặc .baocao)")
CHROMA_URL_OPT = typer.Option(
    None, "--chroma-url", help="Máy chủ Chroma dùng chung http://HOST:PORT (mặc định BAOCAO_CHROMA_URL; không có: kho nhúng)"
)


def make_settings(data_dir: Optional[Path] = None, chroma_url: Optional[str] = None, **extra: object) -> Settings:
    overrides = {"data_dir": data_dir, "chroma_url": chroma_url, **extra}
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _store(settings: Settings):  # noqa: ANN202 - heavy import kept lazy
    from assistant.services import build_services

    return build_services(settings).store


def hit_dict(rank: int, hit: SearchHit) -> dict:
    c = hit.chunk
    return {
        "rank": rank,
        "score": round(hit.score, 6),
        "dense_rank": hit.dense_rank,
        "bm25_rank": hit.bm25_rank,
        "source": c.file,
        "locator": c.locator.label(),
        "doc_id": c.doc_id,
        "chunk_id": c.id,
        "kind": c.kind,
        "unit": c.unit,
        "year": c.year,
        "heading_path": c.heading_path,
        "text": c.text,
    }


def _print_hit(rank: int, hit: SearchHit) -> None:
    c = hit.chunk
    facts = [_KIND_VI.get(c.kind, c.kind), *([c.unit] if c.unit else []), *([str(c.year)] if c.year else [])]
    ranks = ", ".join(
        f"{name} #{r}" for name, r in (("dense", hit.dense_rank), ("bm25", hit.bm25_rank)) if r is not None
    )
    console.print(
        f"[bold]{rank}.[/] [cyan]{c.locator.label()}[/] · {' · '.join(facts)}  [dim]({hit.score:.4f}; {ranks})[/]",
        highlight=False,
    )
    if c.heading_path:
        console.print(f"   [italic]{' › '.join(c.heading_path)}[/]", highlight=False)
    text = " ".join(c.text.split())
    console.print(f"   {text[:400] + ('…' if len(text) > 400 else '')}", highlight=False)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    docs_app = typer.Typer(help="Tài liệu trong kho tri thức: liệt kê, xoá.", no_args_is_help=True)
    app.add_typer(docs_app, name="docs")

    @app.command("index")
    def index_cmd(
        paths: list[Path] = typer.Argument(..., help="Tệp hoặc thư mục (.docx .pdf .txt .md)"),
        kind: KindOpt = typer.Option(..., "--kind", help="plan (kế hoạch) | outline (đề cương) | report (báo cáo) | notes (ghi chú)"),
        unit: Optional[str] = typer.Option(None, "--unit", help="Đơn vị, vd. 'Thị ủy Sa Pa'"),
        year: Optional[int] = typer.Option(None, "--year", min=1945, max=2100, help="Năm của tài liệu"),
        data_dir: Optional[Path] = DATA_DIR_OPT,
        chroma_url: Optional[str] = CHROMA_URL_OPT,
    ) -> None:
        """Lập chỉ mục tài liệu vào kho tri thức (tài liệu không đổi được bỏ qua ngay)."""
        store = _store(make_settings(data_dir, chroma_url))
        columns = (
            TextColumn("[progress.description]{task.description}"), BarColumn(), TaskProgressColumn(),
            TextColumn("còn"), TimeRemainingColumn(), TextColumn("đã chạy"), TimeElapsedColumn(),
        )
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("Lập chỉ mục", total=None)

            def on_progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            def on_result(path: Path, outcome: object) -> None:
                status = getattr(outcome, "status", None)
                if status:
                    doc = outcome.doc  # type: ignore[attr-defined]
                    label = {"added": "thêm mới", "updated": "cập nhật", "unchanged": "không đổi"}[status]
                    bar.console.print(f"  {label:>10}  {doc.id}  ({doc.chunks} đoạn)", highlight=False)
                else:
                    bar.console.print(f"  [yellow]{'bỏ qua':>10}[/]  {path}: {outcome.reason}", highlight=False)  # type: ignore[attr-defined]

            report = store.index_paths(paths, kind.value, unit, year, progress=on_progress, on_result=on_result)
            bar.update(task, description="Cập nhật chỉ mục BM25")
            store.refresh()
        counts = {s: sum(r.status == s for r in report.results) for s in ("added", "updated", "unchanged")}
        console.print(
            f"Xong: {counts['added']} thêm mới, {counts['updated']} cập nhật, {counts['unchanged']} không đổi, "
            f"{len(report.errors)} tệp bỏ qua.",
            highlight=False,
        )
        for e in report.errors:
            err.print(f"[yellow]Bỏ qua[/] {e.path}: {e.reason}", highlight=False)
        if report.errors and not report.results:
            raise typer.Exit(1)

    @app.command("search")
    def search_cmd(
        query: str = typer.Argument(..., help="Câu hỏi / nội dung cần tìm"),
        kind: Optional[KindOpt] = typer.Option(None, "--kind", help="Chỉ tìm trong loại tài liệu này"),
        k: int = typer.Option(5, "-k", "--top", min=1, max=100, help="Số kết quả"),
        unit: Optional[str] = typer.Option(None, "--unit", help="Chỉ tìm tài liệu của đơn vị này"),
        year: Optional[int] = typer.Option(None, "--year", help="Chỉ tìm tài liệu năm này"),
        doc: Optional[str] = typer.Option(None, "--doc", help="Chỉ tìm trong tài liệu có ID này (xem 'docs list')"),
        mode: ModeOpt = typer.Option(ModeOpt.hybrid, "--mode", help="hybrid (mặc định) | dense | bm25"),
        as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
        data_dir: Optional[Path] = DATA_DIR_OPT,
        chroma_url: Optional[str] = CHROMA_URL_OPT,
    ) -> None:
        """Tìm đoạn văn bản liên quan trong kho tri thức (kèm nguồn và vị trí)."""
        store = _store(make_settings(data_dir, chroma_url))
        hits = store.search(query, k=k, kind=kind.value if kind else None, unit=unit, year=year, doc_id=doc, mode=mode.value)
        if as_json:
            typer.echo(json.dumps([hit_dict(i, h) for i, h in enumerate(hits, 1)], ensure_ascii=False, indent=1))
            return
        if not hits:
            console.print("Không tìm thấy đoạn nào phù hợp. Kiểm tra bộ lọc, hoặc lập chỉ mục thêm tài liệu ('baocao index').")
            return
        for i, h in enumerate(hits, 1):
            _print_hit(i, h)

    @docs_app.command("list")
    def docs_list(
        as_json: bool = typer.Option(False, "--json", help="In danh sách dạng JSON"),
        data_dir: Optional[Path] = DATA_DIR_OPT,
        chroma_url: Optional[str] = CHROMA_URL_OPT,
    ) -> None:
        """Liệt kê tài liệu đã lập chỉ mục."""
        docs = _store(make_settings(data_dir, chroma_url)).list_documents()
        if as_json:
            typer.echo(json.dumps([d.model_dump() for d in docs], ensure_ascii=False, indent=1))
            return
        if not docs:
            console.print("Kho tri thức chưa có tài liệu. Dùng: baocao index TỆP... --kind plan|outline|report|notes")
            return
        console.print(f"{len(docs)} tài liệu (ID dùng cho 'docs remove' và 'search --doc'):")
        for d in docs:
            facts = [_KIND_VI.get(d.kind, d.kind), *([d.unit] if d.unit else []), *([str(d.year)] if d.year else [])]
            when = d.indexed_at[:16].replace("T", " ")
            console.print(f"  {d.id}  [dim]({' · '.join(facts)} · {d.chunks} đoạn · {when})[/]", highlight=False, soft_wrap=True)

    @docs_app.command("remove")
    def docs_remove(
        doc_id: str = typer.Argument(..., help="ID tài liệu (xem 'docs list'), hoặc tên tệp nếu chỉ có một tài liệu mang tên đó"),
        data_dir: Optional[Path] = DATA_DIR_OPT,
        chroma_url: Optional[str] = CHROMA_URL_OPT,
    ) -> None:
        """Xoá một tài liệu (và mọi đoạn của nó) khỏi kho tri thức."""
        store = _store(make_settings(data_dir, chroma_url))
        docs = store.list_documents()
        target = next((d for d in docs if d.id == doc_id), None)
        if target is None:
            same_file = [d for d in docs if d.file == doc_id]
            if len(same_file) > 1:
                ids = ", ".join(d.id for d in same_file)
                raise UserError(f"Có {len(same_file)} tài liệu tên {doc_id}: {ids}. Hãy ghi rõ ID.")
            if not same_file:
                raise UserError(f"Không có tài liệu '{doc_id}' trong kho. Xem danh sách: baocao docs list")
            target = same_file[0]
        store.remove(target.id)
        console.print(f"Đã xoá {target.id} ({target.chunks} đoạn).", highlight=False)
