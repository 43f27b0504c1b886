"""`baocao export DRAFT --style party|state [--review] --out FILE.docx` and the header overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from pydantic import ValidationError
from rich.console import Console

from assistant.config import Settings
from assistant.types import Draft, UserError

console = Console()


def load_draft(path: Path) -> Draft:
    if not path.is_file():
        raise UserError(f"Không tìm thấy bản thảo {path}. Tạo bản thảo bằng lệnh `baocao draft ... --out draft.json`.")
    try:
        return Draft.load(path)
    except (ValidationError, ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} không phải bản thảo JSON hợp lệ (tạo bằng `baocao draft`): {str(exc).splitlines()[0]}") from exc


def default_out(draft_path: Path, review: bool) -> Path:
    return draft_path.with_name(draft_path.stem + ("_review" if review else "") + ".docx")


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command()
    def export(
        draft: Path = typer.Argument(..., help="Bản thảo JSON (draft.json do `baocao draft` tạo)"),
        out: Optional[Path] = typer.Option(None, "--out", "-o", help="Tệp .docx (mặc định: cạnh bản thảo)"),
        style: Optional[str] = typer.Option(
            None, "--style", help="party (văn bản Đảng) | state (văn bản Nhà nước); mặc định BAOCAO_STYLE"),
        review: bool = typer.Option(False, "--review", help="Giữ trích dẫn \\[n] thành chú thích Word và thêm danh sách nguồn"),
        issuer: Optional[str] = typer.Option(None, "--issuer", help="Cơ quan ban hành, vd. 'Thị ủy Sa Pa'"),
        superior: Optional[str] = typer.Option(
            None, "--superior", help="Cơ quan cấp trên, vd. 'Đảng bộ tỉnh Lào Cai'; '-' nếu không có"),
        number: Optional[str] = typer.Option(None, "--number", help="Số, ký hiệu, vd. '45-BC/ThU' hoặc '12/BC-UBND'"),
        place: Optional[str] = typer.Option(None, "--place", help="Địa danh, vd. 'Sa Pa'"),
        date: Optional[str] = typer.Option(None, "--date", help="Ngày ban hành, vd. 20/8/2021"),
        signer: Optional[str] = typer.Option(None, "--signer", help="Họ tên người ký"),
        position: Optional[str] = typer.Option(None, "--position", help="Chức vụ người ký, vd. 'Phó Bí thư Thường trực'"),
        authority: Optional[str] = typer.Option(None, "--authority", help="Thẩm quyền ký, vd. 'T/M BAN THƯỜNG VỤ'"),
        subject: Optional[str] = typer.Option(None, "--subject", help="Trích yếu (mặc định: theo đề cương)"),
        recipient: Optional[list[str]] = typer.Option(None, "--recipient", help="Nơi nhận (lặp lại cho mỗi nơi)"),
    ) -> None:
        """Xuất bản thảo ra .docx đúng thể thức (Hướng dẫn 36-HD/VPTW hoặc Nghị định 30/2020/NĐ-CP)."""
        from assistant.export.document import export_docx, header_from

        settings = Settings()
        doc = load_draft(draft)
        chosen = style or settings.style
        target = out or default_out(draft, review)
        if target.suffix.lower() != ".docx":
            raise UserError(f"Tệp xuất {target} phải có đuôi .docx.")
        header = header_from(
            doc.plan, settings, issuer=issuer, superior=superior, number=number, place=place, date=date,
            signer=signer, signer_position=position, signing_authority=authority, subject=subject,
            recipients=recipient or None,
        )
        path = export_docx(doc, target, style=chosen, review=review, header=header)
        kind = "Đảng" if chosen == "party" else "Nhà nước"
        mode = "bản duyệt, có chú thích nguồn" if review else "bản chính thức, đã bỏ dấu trích dẫn"
        console.print(f"Đã xuất [bold]{path}[/] (thể thức {kind}, {mode}).", highlight=False)
