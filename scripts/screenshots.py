"""Screenshots of the four workspace tabs for the README (docs/img/ui_*.png), taken in real Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/img]

Starts the workspace on a free port with a throw-away data dir (offline drafter, deterministic
embeddings), then drives it as a reviewer would: uploads the sample plan and notes, drafts, edits a
section, runs the check, fills the export header. Uses the system Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    from ui_support import CHROMIUM, CHROMIUM_ARGS, drive, notes_file, plan_file, running_app

    from assistant.config import Settings
    from assistant.services import build_services

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Settings.test_profile(Path(tmp) / "data"))
        with running_app(services) as (url, _), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 960}, locale="vi-VN")
            try:
                seen = drive(page, url, plan_file(), notes_file(), shots=args.out,
                             edit="Phấn đấu 100% chi bộ sinh hoạt chuyên đề về Chỉ thị [Cần bổ sung: số chi bộ].")
            except Exception:
                page.screenshot(path=str(args.out / "debug_failure.png"), full_page=True)
                raise
            finally:
                browser.close()
    for k, v in seen.items():
        print(f"{k}: {str(v)[:120]!r}")
    print(f"Ảnh đã lưu trong {args.out}")


if __name__ == "__main__":
    main()
