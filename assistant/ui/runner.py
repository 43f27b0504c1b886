"""Runs the drafter in a worker thread and turns its progress events into live UI snapshots.

The drafter is async (`pipeline.adraft_saved_report`); it runs on its own event loop in a thread so the server's
loop stays responsive, and its progress callback only puts events on a thread-safe queue. The UI's
async generator drains the queue every `POLL_S` seconds and yields a snapshot when something changed.
Each finished section is stored in the workspace at once (from the drafter's JSON artifact), so a
crash in the middle of a long draft keeps what was done.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.types import Draft, ProgressEvent, UserError

POLL_S = 0.04


@dataclass
class Snapshot:
    live: dict[str, str]
    state: dict[str, str]  # section id -> running | done | failed
    done: int
    total: int
    finished: bool = False
    draft: Draft | None = None
    kept: list[str] = field(default_factory=list)
    error: str | None = None
    changed_status: bool = False
    info: str = ""


class DraftRun:
    def __init__(self, services, report_id: str, session_id: str, only: set[str] | None = None,
                 instruction: str | None = None):
        self.services = services
        self.ws = services.workspace
        self.report_id = report_id
        self.session_id = session_id
        self.instruction = instruction
        self.events: queue.Queue[ProgressEvent] = queue.Queue()
        self.result: Draft | None = None
        self.error: BaseException | None = None
        existing = self.ws.load_draft(report_id)
        self.existing = existing
        leaves = [s.section_id for s in existing.sections if s.status != "approved"]
        self.only = set(leaves) if only is None else {s for s in only if s in set(leaves)}
        if not self.only:
            raise UserError("Không có mục nào để soạn: các mục đã được duyệt và khoá.")
        self.expected = self.ws.versions(report_id)
        out_dir = Path(services.settings.data_dir) / "reports" / report_id
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_path = out_dir / f"draft_{session_id}.json"
        self.thread = threading.Thread(target=self._work, name=f"draft-{report_id}", daemon=True)

    def _work(self) -> None:
        from assistant.pipeline import adraft_saved_report

        try:
            self.result = asyncio.run(
                adraft_saved_report(self.services, self.report_id, self.existing, only=self.only,
                                    instruction=self.instruction, out_path=self.out_path, progress=self.events.put)
            )
        except BaseException as exc:  # reported to the page, never raised in the worker
            self.error = exc

    def _persist(self, section_id: str) -> None:
        try:
            sd = Draft.load(self.out_path).section(section_id)
        except Exception:
            return
        if sd is None or sd.status == "pending":
            return
        v = self.ws.save_section_draft(self.report_id, sd, self.session_id, self.expected.get(section_id))
        if v is not None:
            self.expected[section_id] = v

    async def stream(self) -> AsyncIterator[Snapshot]:
        live: dict[str, str] = {}
        state: dict[str, str] = {}
        done = 0
        info = ""
        total = len(self.only)
        self.thread.start()
        yield Snapshot(live, state, done, total, changed_status=True)
        while True:
            alive = self.thread.is_alive()
            changed = status_changed = False
            while True:
                try:
                    ev = self.events.get_nowait()
                except queue.Empty:
                    break
                sid = ev.section_id
                if ev.kind == "start" and sid:
                    live[sid], state[sid] = "", "running"
                    status_changed = True
                elif ev.kind == "token" and sid:
                    live[sid] = live.get(sid, "") + ev.text
                elif ev.kind == "reset" and sid:
                    live[sid] = ""  # a retried stream starts over
                elif ev.kind == "info":
                    info = ev.text
                elif ev.kind in ("done", "failed") and sid:
                    state[sid] = "done" if ev.kind == "done" else "failed"
                    if ev.kind == "failed" and ev.text:
                        live[sid] = ev.text
                    done = min(total, done + 1)
                    self._persist(sid)
                    status_changed = True
                changed = True
            if changed:
                yield Snapshot(dict(live), dict(state), done, total, changed_status=status_changed, info=info)
            if not alive and self.events.empty():
                break
            await asyncio.sleep(POLL_S)
        if self.error is not None:
            msg = str(self.error) if isinstance(self.error, UserError) else f"{type(self.error).__name__}: {self.error}"
            yield Snapshot(live, state, done, total, finished=True, error=msg)
            return
        kept = self.ws.save_draft(self.report_id, self.result, self.session_id, expected_versions=self.expected)
        self.out_path.unlink(missing_ok=True)
        yield Snapshot(live, state, total, total, finished=True, draft=self.result, kept=kept, changed_status=True)
