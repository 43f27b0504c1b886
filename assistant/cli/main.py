"""`baocao` command line. Thin: each area registers its commands from its own module in this package,
and every command only calls the use cases and turns UserError into one clear line."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError
from rich.console import Console

from assistant.cli import check, demo, documents, drafting, evals, export, store, ui
from assistant.config import Settings
from assistant.logs import configure_logging
from assistant.types import UserError

app = typer.Typer(
    help="Trợ lý soạn báo cáo sơ kết / tổng kết theo đề cương.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
eval_app = typer.Typer(help="Đánh giá chất lượng (bộ dữ liệu trong evals/).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

err_console = Console(stderr=True)


@app.callback()
def _options(
    verbose: bool = typer.Option(False, "--verbose", help="Ghi nhật ký chi tiết (lời gọi mô hình, thử lại) ra stderr"),
) -> None:
    if verbose:
        configure_logging("DEBUG")

# Each area module defines register(app, eval_app).
for _area in (documents, store, drafting, check, export, demo, evals, ui):
    _area.register(app, eval_app)


def _settings_log_level() -> str | None:
    """BAOCAO_LOG_LEVEL through Settings; a bad value in the environment is left for the command to report."""
    try:
        return Settings().log_level
    except ValidationError:
        return None


def main() -> None:
    configure_logging(_settings_log_level())  # otherwise no log line reaches the terminal
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
