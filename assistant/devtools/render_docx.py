""".docx → PDF with LibreOffice headless, PDF → PNG with pdftoppm (poppler), PDF → text with pdftotext.

Each conversion runs soffice with its own throw-away profile (-env:UserInstallation), so parallel runs
(pytest -n, two users of the UI) never clash on the profile lock. Used by the export tests, by
`scripts/render_docx.sh` for the README images, and available to the UI for a page preview.

    python -m assistant.devtools.render_docx REPORT.docx --png page1.png [--page 1] [--dpi 80]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE_TIMEOUT_S = 180


class RenderError(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str], timeout: float) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError as exc:
        raise RenderError(f"{cmd[0]} không có trên máy: cài bằng scripts/system_deps.sh") from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"{Path(cmd[0]).name} quá {timeout:.0f} giây") from exc
    if proc.returncode != 0:
        raise RenderError(f"{Path(cmd[0]).name} lỗi {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-500:]}")


def docx_to_pdf(docx_path: str | Path, out_dir: str | Path | None = None, timeout: float = SOFFICE_TIMEOUT_S) -> Path:
    """Converts with `soffice --headless --convert-to pdf`; returns the PDF path (next to the .docx by default)."""
    src = Path(docx_path).resolve()
    if not src.is_file():
        raise RenderError(f"Không tìm thấy tệp {src}")
    out = Path(out_dir or src.parent).resolve()
    out.mkdir(parents=True, exist_ok=True)
    soffice = soffice_path()
    if not soffice:
        raise RenderError("LibreOffice (soffice) không có trên máy: cài bằng scripts/system_deps.sh")
    with tempfile.TemporaryDirectory(prefix="baocao-lo-") as profile:
        _run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
              "--convert-to", "pdf", "--outdir", str(out), str(src)], timeout)
    pdf = out / (src.stem + ".pdf")
    if not pdf.exists():
        raise RenderError(f"LibreOffice không tạo được {pdf.name}")
    return pdf


def pdf_to_png(pdf_path: str | Path, png_path: str | Path, page: int = 1, dpi: int = 80) -> Path:
    """One page as PNG (pdftoppm -singlefile)."""
    png = Path(png_path).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    _run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
          str(pdf_path), str(png.with_suffix(""))], 60)
    return png


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Render a .docx page to PNG through LibreOffice.")
    ap.add_argument("docx", type=Path)
    ap.add_argument("--png", type=Path, required=True)
    ap.add_argument("--page", type=int, default=1)
    ap.add_argument("--dpi", type=int, default=80)
    args = ap.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="baocao-pdf-") as tmp:
            pdf = docx_to_pdf(args.docx, tmp)
            pdf_to_png(pdf, args.png, args.page, args.dpi)
    except RenderError as exc:
        raise SystemExit(f"Lỗi: {exc}") from None
    print(args.png)


if __name__ == "__main__":
    main()
