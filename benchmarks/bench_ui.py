"""Workspace benchmark: the app's start time, and the time from clicking "Soạn thảo" to the first streamed
token shown in the page, against a local OpenAI-compatible server (assistant.devtools.fake_openai).

    .venv/bin/python benchmarks/bench_ui.py [--runs 5] [--embedder e5|hash] [--chunk-delay 0.02]

Start time: `baocao ui` started as a child process, from spawn to the first HTTP 200 on "/" (median of
--starts runs). Targets: start < 5 s, first token < 1 s.

First token: a real Chromium (system /usr/bin/chromium, Playwright) opens a report prepared from the sample
plan and notes, clicks "Soạn thảo tất cả các mục", and a MutationObserver in the page records when the first
streamed text appears in the live panel (click and paint times both from performance.now()). The first click
after start ("cold") is reported apart from the following ones ("warm"); each run waits for the draft to end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

OBSERVE = """() => {
  window.__t0 = null; window.__t1 = null;
  const btn = document.querySelector('#bc-draft-all');
  btn.addEventListener('click', () => { if (window.__t0 === null) window.__t0 = performance.now(); },
                       {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (window.__t0 === null || window.__t1 !== null) return;
    for (const el of document.querySelectorAll('#bc-live .bc-live-text')) {
      if (el.textContent.replace('\u258d', '').trim().length) { window.__t1 = performance.now(); obs.disconnect(); return; }
    }
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), a figure that load on other cores barely moves."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_times(n: int) -> tuple[list[float], list[float]]:
    from ui_support import free_port, start_cli_server, stop, wait_http

    wall, cpu = [], []
    for _ in range(n):
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            t0 = time.perf_counter()
            proc = start_cli_server(Path(tmp) / "data", port)
            try:
                wait_http(f"http://127.0.0.1:{port}/", 60, proc)
                wall.append(time.perf_counter() - t0)
                cpu.append(_cpu_seconds(proc.pid))
            finally:
                stop(proc)
    return wall, cpu


def prepare_report(data_dir: Path) -> str:
    from ui_support import notes_file, plan_file

    from assistant.outline.parser import parse_outline
    from assistant.outline.plan import parse_plan
    from assistant.reading.document import read_document
    from assistant.reading.notes import read_notes
    from assistant.workspace.db import Workspace

    doc = read_document(plan_file())
    ws = Workspace(data_dir / "workspace.sqlite3")
    rid = ws.create_report("Benchmark", outline=parse_outline(doc), plan=parse_plan(doc),
                           notes=read_notes(notes_file()))
    ws.close()
    return rid


def first_token_times(runs: int, embedder: str, chunk_delay: float, settle: float = 0.0
                      ) -> tuple[float, list[float], int]:
    from playwright.sync_api import sync_playwright
    from ui_support import CHROMIUM, CHROMIUM_ARGS, free_port, start_cli_server, stop, wait_http

    from assistant.devtools.fake_openai import FakeOpenAIServer

    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer(delay=0.0, chunk_delay=chunk_delay) as srv:
        data = Path(tmp) / "data"
        data.mkdir(parents=True)
        rid = prepare_report(data)
        port = free_port()
        env = {"BAOCAO_BACKEND": "openai", "OPENAI_BASE_URL": srv.base_url, "BAOCAO_EMBEDDER": embedder}
        proc = start_cli_server(data, port, env=env)
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_http(url, 60, proc)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 960})
                page.goto(f"{url}?report={rid}")
                page.wait_for_selector("#bc-report-info:has-text('Benchmark')")
                page.get_by_role("tab", name="Soạn thảo").click()
                page.wait_for_selector("#bc-draft-all")
                page.wait_for_timeout(settle * 1000)
                for _ in range(runs + 1):
                    page.evaluate(OBSERVE)
                    page.click("#bc-draft-all")
                    page.wait_for_function("() => window.__t1 !== null", timeout=120_000)
                    times.append(page.evaluate("() => (window.__t1 - window.__t0) / 1000"))
                    page.wait_for_selector("#bc-live .bc-finished", timeout=300_000)
                    page.wait_for_timeout(300)
                browser.close()
            n_requests = len(srv.requests)
        finally:
            stop(proc)
    return times[0], times[1:], n_requests


def main() -> None:
    ap = argparse.ArgumentParser(description="Workspace start time and click-to-first-token latency.")
    ap.add_argument("--runs", type=int, default=5, help="warm runs after the first (cold) one")
    ap.add_argument("--starts", type=int, default=3, help="server starts to time")
    ap.add_argument("--embedder", choices=["e5", "hash"], default="e5")
    ap.add_argument("--chunk-delay", type=float, default=0.02, help="seconds between streamed chunks")
    ap.add_argument("--settle", type=float, default=0.0,
                    help="seconds to wait after the page opens before the first click (0: click at once)")
    args = ap.parse_args()

    import os

    load = os.getloadavg()[0]
    starts, cpu = start_times(args.starts)
    cold, warm, n_req = first_token_times(args.runs, args.embedder, args.chunk_delay, args.settle)
    print(f"Trợ lý soạn báo cáo — benchmark giao diện ({os.cpu_count()} lõi, tải trung bình lúc đo {load:.1f})")
    print(f"  khởi động `baocao ui` (tới HTTP 200): trung vị {statistics.median(starts):.2f} s "
          f"[{', '.join(f'{x:.2f}' for x in starts)}], CPU của tiến trình {statistics.median(cpu):.2f} s  "
          "mục tiêu < 5 s")
    print(f"  bấm 'Soạn thảo' → token đầu tiên trên trang (embedder={args.embedder}, máy chủ OpenAI giả lập cục bộ):")
    print(f"    lần đầu sau khởi động (bấm {args.settle:g} s sau khi trang mở; còn đang nạp mô hình nhúng, kho, "
          f"phân loại ghi chú nền): {cold:.3f} s")
    print(f"    các lần sau: trung vị {statistics.median(warm):.3f} s, lớn nhất {max(warm):.3f} s "
          f"[{', '.join(f'{x:.3f}' for x in warm)}]  mục tiêu < 1 s")
    print(f"  ({n_req} yêu cầu tới máy chủ mô hình)")


if __name__ == "__main__":
    main()
