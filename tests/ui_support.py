"""Helpers shared by the UI tests: free ports, an in-process app server, a `baocao ui` subprocess, sample inputs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "knowledge" / "ke_hoach_19ct.txt"  # the sample kế hoạch with its đề cương
NOTES = ROOT / "knowledge" / "ghi_chu_mau.md"  # the sample unit notes


# gradio_client's plain HTTP calls (config, uploads) default to httpx's 5 s: a loaded machine can take longer
# to index an upload. A generous bound keeps speed out of the verdict; a hung server still fails the test.
CLIENT_TIMEOUT_S = 180.0


def client(url: str, **kw):
    """A gradio_client Client for the app at url, quiet and with generous HTTP timeouts."""
    from gradio_client import Client

    return Client(url, verbose=False, httpx_kwargs={"timeout": CLIENT_TIMEOUT_S}, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plan_file() -> Path:
    return PLAN


def notes_file() -> Path:
    return NOTES


@contextmanager
def running_app(services, port: int | None = None, **kw):
    """The workspace served in this process (on a free port unless given); yields (url, demo)."""
    from assistant.ui.app import build_app, launch_app

    demo = build_app(services)
    port = port or free_port()
    launch_app(demo, services, host="127.0.0.1", port=port, block=False, warm=False, **kw)
    try:
        yield f"http://127.0.0.1:{port}/", demo
    finally:
        demo.close()


def wait_http(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def start_cli_server(data_dir: Path, port: int, *extra: str, env: dict | None = None) -> subprocess.Popen:
    """`baocao ui` as a child process (offline backend, hash embedder: nothing to download)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith(("BAOCAO_", "OPENAI_"))}
    e.update({"BAOCAO_BACKEND": "offline", "BAOCAO_EMBEDDER": "hash", "GRADIO_ANALYTICS_ENABLED": "False",
              "PYTHONUNBUFFERED": "1"})
    e.update(env or {})
    cmd = [sys.executable, "-m", "assistant.cli", "ui", "--port", str(port), "--data-dir", str(data_dir), *extra]
    return subprocess.Popen(cmd, cwd=ROOT, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def kill9(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill9(proc)


# ---------------------------------------------------------------- browser (Playwright, system Chromium)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def drive(page, url: str, plan: Path, notes: Path, shots: Path | None = None, edit: str | None = None,
          download_to: Path | None = None) -> dict:
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
    page.wait_for_selector("#bc-upload-status:has-text('▸')", timeout=120_000)
    seen["tree"] = page.inner_text("#bc-tree")
    shot("tai_lieu")

    page.get_by_role("tab", name="Soạn thảo").click()
    page.click("#bc-draft-all")
    t0 = time.perf_counter()
    page.wait_for_selector("#bc-live .bc-progress", timeout=60_000)
    seen["first_paint_s"] = time.perf_counter() - t0
    page.wait_for_selector("#bc-live .bc-finished", timeout=180_000)
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
        box.press("Control+End")
        box.press_sequentially(" " + edit, delay=5)
        page.wait_for_selector("#bc-save-info:has-text('Đã lưu')", timeout=30_000)
        page.wait_for_function("e => document.querySelector('#bc-preview').innerText.includes(e)", arg=edit)
        seen["edited_section"] = page.inner_text("#bc-head .bc-sectitle")
    shot("soan_thao")

    page.get_by_role("tab", name="Kiểm tra").click()
    page.click("#bc-check")
    page.wait_for_selector("#bc-check-summary .bc-checksum, #bc-check-summary .bc-ok", timeout=60_000)
    seen["check"] = page.inner_text("#bc-check-summary")
    shot("kiem_tra")
    if "Không có phát hiện" not in seen["check"]:  # choosing a finding opens its section
        page.locator("#bc-findings [role=gridcell]").nth(3).click()
        page.wait_for_selector("button[role=tab][aria-selected=true]:has-text('Soạn thảo')", timeout=20_000)
        seen["finding_opened"] = page.inner_text("#bc-head .bc-sectitle")

    page.get_by_role("tab", name="Xuất bản").click()
    for elem, value in (("issuer", "Thị ủy Sa Pa"), ("superior", "Đảng bộ tỉnh Lào Cai"), ("place", "Sa Pa"),
                        ("date", "27/4/2021"), ("signer", "Nguyễn Văn A"), ("signer_position", "Phó Bí thư")):
        page.fill(f"#bc-h-{elem} textarea, #bc-h-{elem} input", value)
    page.click("#bc-export")
    page.wait_for_selector("#bc-export-status:has-text('Đã tạo')", timeout=60_000)
    seen["export_status"] = page.inner_text("#bc-export-status")
    shot("xuat_ban")
    if download_to is not None:
        with page.expect_download() as dl:
            page.click("#bc-download")
        target = download_to / dl.value.suggested_filename
        dl.value.save_as(target)
        seen["docx"] = target
    return seen


