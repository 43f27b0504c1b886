"""`baocao ui`: the reviewer workspace in the browser (Gradio), on 127.0.0.1:7860 by default.

Listening on any other address requires authentication: `--auth user:password` or the environment
variable BAOCAO_UI_AUTH. Gradio is imported only when the command runs.
"""

from __future__ import annotations

import ipaddress
import time
from pathlib import Path

import typer

from assistant.config import Settings
from assistant.types import UserError

_T0 = time.perf_counter()


def is_loopback(host: str) -> bool:
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_auth(value: str | None) -> tuple[str, str] | None:
    if value is None or not value.strip():
        return None
    user, sep, password = value.partition(":")
    if not sep or not user.strip() or not password:
        raise UserError("Sai dạng --auth: cần 'tên:mật_khẩu', ví dụ --auth canbo:MatKhau@2025.")
    return user.strip(), password


def resolve_ui_options(settings: Settings, host: str | None, port: int | None, auth: str | None
                       ) -> tuple[str, int, tuple[str, str] | None]:
    """Host, port and credentials; refuses a non-loopback host without credentials."""
    host = host or settings.ui_host
    port = port or settings.ui_port
    creds = parse_auth(auth) or parse_auth(settings.ui_auth.get_secret_value() if settings.ui_auth else None)
    if not is_loopback(host) and creds is None:
        raise UserError(
            f"Từ chối mở giao diện trên địa chỉ {host} khi chưa đặt mật khẩu: mọi máy trong mạng sẽ xem được báo cáo. "
            "Thêm --auth tên:mật_khẩu (hoặc biến môi trường BAOCAO_UI_AUTH=tên:mật_khẩu), "
            "hoặc dùng --host 127.0.0.1 để chỉ mở trên máy này."
        )
    return host, port, creds


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def ui(
        host: str = typer.Option(None, "--host", help="Địa chỉ lắng nghe (mặc định 127.0.0.1)"),
        port: int = typer.Option(None, "--port", help="Cổng (mặc định 7860)"),
        auth: str = typer.Option(None, "--auth", help="tên:mật_khẩu; bắt buộc khi không phải 127.0.0.1 "
                                                      "(hoặc biến môi trường BAOCAO_UI_AUTH)"),
        data_dir: Path = typer.Option(None, "--data-dir", help="Thư mục dữ liệu (kho tài liệu, CSDL workspace)"),
        backend: str = typer.Option(None, "--backend", help="offline | openai (mặc định: tự chọn theo cấu hình)"),
        model: str = typer.Option(None, "--model", help="Tên mô hình ở máy chủ tương thích OpenAI"),
    ) -> None:
        """Mở không gian làm việc của người duyệt báo cáo trên trình duyệt."""
        settings = Settings()
        updates: dict = {}
        if data_dir is not None:
            updates["data_dir"] = data_dir
        if backend:
            updates["backend"] = backend
        if model:
            updates["model"] = model
        if updates:
            settings = Settings.model_validate({**settings.model_dump(), **updates})
        h, p, creds = resolve_ui_options(settings, host, port, auth)

        from assistant.services import build_services
        from assistant.ui.app import build_app, launch_app

        services = build_services(settings)
        demo = build_app(services)
        launch_app(demo, services, host=h, port=p, auth=creds, block=False)
        shown = f"[{h}]" if ":" in h else h
        typer.echo(f"Giao diện sẵn sàng tại http://{shown}:{p} sau {time.perf_counter() - _T0:.1f} giây "
                   f"(dữ liệu: {Path(settings.data_dir).resolve()}). Nhấn Ctrl+C để dừng.", err=False)
        try:
            demo.block_thread()
        except KeyboardInterrupt:
            demo.close()
