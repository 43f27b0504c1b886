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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def drive(page, url: str, plan: Path, notes: Path, shots: Path | None = None, edit: str | None = None) -> dict:
    """The reviewer's path through the four tabs; returns what the page showed at each step."""
    seen: dict = {}

    def shot(name: str) -> None:
        if shots is not None:
            page.wait_for_timeout(400)
            page.screenshot(path=str(shots / f"ui_{name}.png"), full_page=True)

    page.goto(url)
    page.wait_for_selector("#bc-upload")
    page.fill("#bc-new-name textarea, #bc-new-name input", "Sơ kết 5 năm thực hiện Chỉ thị 19-CT/TU")
    page.click("#bc-new-report")
    page.wait_for_selector("#bc-report-info:has-text('Đang mở')")
    page.set_input_files("#bc-upload input[type=file]", [str(plan), str(notes)])
    page.wait_for_timeout(500)
    page.click("#bc-upload-btn")
    page.wait_for_selector("#bc-tree .bc-tree", timeout=60_000)
    page.wait_for_selector("#bc-upload-status:has-text('📚')", timeout=120_000)
    seen["tree"] = page.inner_text("#bc-tree")
    shot("tai_lieu")

    page.get_by_role("tab", name="Soạn thảo").click()
    page.click("#bc-draft-all")
    t0 = time.perf_counter()
    page.wait_for_selector("#bc-live .bc-progress", timeout=60_000)
    seen["first_paint_s"] = time.perf_counter() - t0
    page.wait_for_function(
        "() => { const s = document.querySelector('#bc-live .bc-progress span');"
        " if (!s) return false; const [a, b] = s.textContent.split(' ')[0].split('/'); return a === b && +b > 0; }",
        timeout=180_000)
    page.wait_for_selector("#bc-sections label:not(:has-text('đang soạn'))")
    labels = page.locator("#bc-sections label")
    seen["sections"] = labels.count()
    # open a section that has something to show (a placeholder or sources)
    target = page.locator("#bc-sections label", has_text="Công tác tuyên truyền").first
    if target.count() == 0:
        target = labels.nth(1)
    target.click()
    page.wait_for_selector("#bc-head .bc-sectitle")
    if edit:
        box = page.locator("#bc-editor textarea")
        box.click()
        box.press("End")
        box.press_sequentially(" " + edit, delay=5)
        page.wait_for_selector(f"#bc-save-info:has-text('Đã lưu')", timeout=30_000)
        page.wait_for_function("e => document.querySelector('#bc-preview').innerText.includes(e)", arg=edit)
        seen["edited_section"] = page.inner_text("#bc-head .bc-sectitle")
    shot("soan_thao")

    page.get_by_role("tab", name="Kiểm tra").click()
    page.click("#bc-check")
    page.wait_for_selector("#bc-check-summary .bc-checksum, #bc-check-summary .bc-ok", timeout=60_000)
    seen["check"] = page.inner_text("#bc-check-summary")
    shot("kiem_tra")

    page.get_by_role("tab", name="Xuất bản").click()
    for elem, value in (("issuer", "Thị ủy Sa Pa"), ("superior", "Đảng bộ tỉnh Lào Cai"), ("place", "Sa Pa"),
                        ("date", "27/4/2021"), ("signer", "Nguyễn Văn A"), ("signer_position", "Phó Bí thư")):
        page.fill(f"#bc-h-{elem} textarea, #bc-h-{elem} input", value)
    page.click("#bc-export")
    page.wait_for_selector("#bc-export-status:has-text('Đã tạo')", timeout=60_000)
    seen["export_status"] = page.inner_text("#bc-export-status")
    shot("xuat_ban")
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from assistant.config import Settings
    from assistant.services import build_services
    from ui_support import notes_file, plan_file, running_app

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Settings.test_profile(Path(tmp) / "data"))
        with running_app(services) as (url, _), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 960}, locale="vi-VN")
            try:
                seen = drive(page, url, plan_file(), notes_file(Path(tmp)), shots=args.out,
                             edit="Đề nghị các chi bộ tiếp tục duy trì nền nếp sinh hoạt.")
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
