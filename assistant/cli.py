"""`baocao` command line. Thin: each area registers its commands from its own cli_* module,
and every command only calls stage functions and turns UserError into one clear line."""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console

from .types import UserError

app = typer.Typer(
    help="Trợ lý soạn báo cáo sơ kết / tổng kết theo đề cương.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
eval_app = typer.Typer(help="Đánh giá chất lượng (bộ dữ liệu trong evals/).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

err_console = Console(stderr=True)

# Each module defines register(app, eval_app). Missing modules are skipped so that the CLI works
# while an area is not installed in this checkout.
_AREAS = ["cli_documents", "cli_store", "cli_drafting", "cli_check", "cli_export", "cli_demo", "cli_ui"]

for _name in _AREAS:
    try:
        _mod = importlib.import_module(f".{_name}", __package__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.{_name}":
            raise
        continue
    _mod.register(app, eval_app)


def main() -> None:
    try:
        app()
    except UserError as exc:
        err_console.print(f"[bold red]Lỗi:[/] {exc}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("Đã dừng theo yêu cầu.")
        sys.exit(130)


if __name__ == "__main__":
    main()
