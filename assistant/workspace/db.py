"""The reviewer workspace: reports, their sections and every saved version, in one SQLite file
(schema and connection: `schema`; records: `records`; version rows and autosave merging: `versions`).

Writes from concurrent sessions are guarded by optimistic concurrency: `save_section(..., expected_version=...)`
refuses to overwrite a newer version saved by someone else and returns the conflict instead, so the UI can warn.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.types import Draft, Flag, Note, Outline, PlanInfo, SectionDraft, UserError
from assistant.workspace.records import (
    ReportInfo,
    SaveResult,
    SectionRecord,
    SectionVersion,
    section_record,
    section_version,
)
from assistant.workspace.schema import connect, dump_models, now_iso
from assistant.workspace.versions import record_in_tx, write_version

PRESENCE_WINDOW_S = 300.0

__all__ = ["Workspace", "ReportInfo", "SaveResult", "SectionRecord", "SectionVersion", "PRESENCE_WINDOW_S"]


class Workspace:
    """All reviewer state. Thread-safe (one connection, one lock); several processes may share the file."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = connect(self.path)

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _q(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _report_row(self, report_id: str) -> sqlite3.Row:
        rows = self._q("SELECT * FROM reports WHERE id=?", (report_id,))
        if not rows:
            raise UserError(f"Không tìm thấy báo cáo '{report_id}'. Hãy chọn hoặc tạo báo cáo khác.")
        return rows[0]

    # ------------------------------------------------------------------ reports
    def create_report(
        self, name: str, outline: Outline | None = None, plan: PlanInfo | None = None, notes: list[Note] | None = None
    ) -> str:
        rid = uuid.uuid4().hex[:12]
        now = now_iso()
        with self._tx() as db:
            db.execute(
                "INSERT INTO reports(id, name, plan_json, notes_json, created_at, updated_at) VALUES(?,?,?,?,?,?)",
                (rid, name.strip() or "Báo cáo", plan.model_dump_json() if plan else None, dump_models(notes or []), now, now),
            )
        if outline is not None:
            self.set_outline(rid, outline)
        return rid

    def list_reports(self) -> list[ReportInfo]:
        rows = self._q(
            "SELECT r.id, r.name, r.created_at, r.updated_at, r.outline_json IS NOT NULL AS has_outline,"
            " (SELECT COUNT(*) FROM sections s WHERE s.report_id=r.id) AS n FROM reports r ORDER BY r.updated_at DESC"
        )
        return [ReportInfo(r["id"], r["name"], r["created_at"], r["updated_at"], bool(r["has_outline"]), r["n"]) for r in rows]

    def report_name(self, report_id: str) -> str:
        return self._report_row(report_id)["name"]

    def get_outline(self, report_id: str) -> Outline | None:
        raw = self._report_row(report_id)["outline_json"]
        return Outline.model_validate_json(raw) if raw else None

    def get_plan(self, report_id: str) -> PlanInfo | None:
        raw = self._report_row(report_id)["plan_json"]
        return PlanInfo.model_validate_json(raw) if raw else None

    def get_notes(self, report_id: str) -> list[Note]:
        return [Note.model_validate(n) for n in json.loads(self._report_row(report_id)["notes_json"])]

    def get_header(self, report_id: str) -> dict:
        return json.loads(self._report_row(report_id)["header_json"] or "{}")

    def set_header(self, report_id: str, header: dict) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE reports SET header_json=?, updated_at=? WHERE id=?",
                (json.dumps(header, ensure_ascii=False), now_iso(), report_id),
            )

    def set_plan(self, report_id: str, plan: PlanInfo | None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE reports SET plan_json=?, updated_at=? WHERE id=?",
                (plan.model_dump_json() if plan else None, now_iso(), report_id),
            )

    def set_notes(self, report_id: str, notes: list[Note]) -> None:
        with self._tx() as db:
            db.execute("UPDATE reports SET notes_json=?, updated_at=? WHERE id=?", (dump_models(notes), now_iso(), report_id))

    def add_notes(self, report_id: str, notes: list[Note]) -> list[Note]:
        """Adds notes, replacing earlier notes read from the same file(s). Returns all notes."""
        files = {n.locator.file for n in notes}
        kept = [n for n in self.get_notes(report_id) if n.locator.file not in files]
        merged = kept + list(notes)
        self.set_notes(report_id, merged)
        return merged

    def set_outline(self, report_id: str, outline: Outline) -> None:
        """Sets the đề cương; sections follow its leaves (new leaves pending; text of kept leaves kept)."""
        now = now_iso()
        leaves = outline.leaves()
        with self._tx() as db:
            db.execute(
                "UPDATE reports SET outline_json=?, updated_at=? WHERE id=?", (outline.model_dump_json(), now, report_id)
            )
            existing = {r["section_id"] for r in db.execute("SELECT section_id FROM sections WHERE report_id=?", (report_id,))}
            ids = [s.id for s in leaves]
            for pos, s in enumerate(leaves):
                if s.id in existing:
                    db.execute(
                        "UPDATE sections SET position=?, number=?, title=? WHERE report_id=? AND section_id=?",
                        (pos, s.number, s.title, report_id, s.id),
                    )
                else:
                    db.execute(
                        "INSERT INTO sections(report_id, section_id, position, number, title, updated_at) VALUES(?,?,?,?,?,?)",
                        (report_id, s.id, pos, s.number, s.title, now),
                    )
            for sid in existing - set(ids):  # history of removed sections stays in section_versions
                db.execute("DELETE FROM sections WHERE report_id=? AND section_id=?", (report_id, sid))

    # ------------------------------------------------------------------ sections
    def sections(self, report_id: str) -> list[SectionRecord]:
        rows = self._q("SELECT * FROM sections WHERE report_id=? ORDER BY position", (report_id,))
        return [section_record(r) for r in rows]

    def get_section(self, report_id: str, section_id: str) -> SectionRecord:
        rows = self._q("SELECT * FROM sections WHERE report_id=? AND section_id=?", (report_id, section_id))
        if not rows:
            raise UserError(f"Báo cáo không có mục '{section_id}'.")
        return section_record(rows[0])

    def versions(self, report_id: str) -> dict[str, int]:
        rows = self._q("SELECT section_id, version FROM sections WHERE report_id=?", (report_id,))
        return {r["section_id"]: r["version"] for r in rows}

    def save_section(
        self,
        report_id: str,
        section_id: str,
        text: str,
        expected_version: int | None,
        session_id: str,
        *,
        flags: list[Flag] | None = None,
        status: str | None = None,
        reason: str = "edit",
        author: str | None = None,
    ) -> SaveResult:
        """Saves an edit. `expected_version` is the version the editor started from (None = force).
        Returns a conflict (nothing written) when the stored version is newer, `locked` when approved."""
        with self._tx() as db:
            rec = record_in_tx(db, report_id, section_id)
            if rec is None:
                raise UserError(f"Báo cáo không có mục '{section_id}'.")
            if rec.locked:
                return SaveResult(False, rec.version, locked=True, current=rec)
            if expected_version is not None and rec.version != expected_version:
                return SaveResult(False, rec.version, conflict=True, current=rec)
            sd = rec.section.model_copy(deep=True)
            changed = sd.text != text or (flags is not None and flags != sd.flags) or (status and status != sd.status)
            if not changed:
                return SaveResult(True, rec.version, current=rec)
            sd.text = text
            if flags is not None:
                sd.flags = flags
            if status:
                sd.status = status
            elif sd.status in ("pending", "failed") and text.strip():
                sd.status, sd.error = "drafted", None
            new_version = rec.version + 1
            write_version(db, report_id, sd, new_version, session_id, reason, author)
        self.touch(report_id, session_id)
        return SaveResult(True, new_version, current=SectionRecord(report_id, sd, new_version, now_iso(), session_id))

    def set_status(
        self, report_id: str, section_id: str, status: str, expected_version: int | None, session_id: str
    ) -> SaveResult:
        """Approve (status 'approved', locks the section) or unlock (back to 'drafted')."""
        with self._tx() as db:
            rec = record_in_tx(db, report_id, section_id)
            if rec is None:
                raise UserError(f"Báo cáo không có mục '{section_id}'.")
            if expected_version is not None and rec.version != expected_version:
                return SaveResult(False, rec.version, conflict=True, current=rec)
            if rec.section.status == status:
                return SaveResult(True, rec.version, current=rec)
            sd = rec.section.model_copy(deep=True)
            sd.status = status
            new_version = rec.version + 1
            write_version(db, report_id, sd, new_version, session_id, "approve" if status == "approved" else "unlock")
        return SaveResult(True, new_version, current=SectionRecord(report_id, sd, new_version, now_iso(), session_id))

    def history(self, report_id: str, section_id: str, limit: int = 200) -> list[SectionVersion]:
        rows = self._q(
            "SELECT * FROM section_versions WHERE report_id=? AND section_id=? ORDER BY id DESC LIMIT ?",
            (report_id, section_id, limit),
        )
        return [section_version(r) for r in rows]

    def restore(
        self, report_id: str, section_id: str, version: int, session_id: str, expected_version: int | None = None
    ) -> SaveResult:
        """Makes an earlier version current again, as a new version (history is never rewritten)."""
        rows = self._q(
            "SELECT * FROM section_versions WHERE report_id=? AND section_id=? AND version=? ORDER BY id DESC LIMIT 1",
            (report_id, section_id, version),
        )
        if not rows:
            raise UserError(f"Không có phiên bản {version} của mục '{section_id}'.")
        old = rows[0]
        flags = [Flag.model_validate(x) for x in json.loads(old["flags_json"])]
        status = old["status"] if old["status"] != "approved" else "drafted"
        return self.save_section(
            report_id, section_id, old["text"], expected_version, session_id,
            flags=flags, status=status, reason=f"restore v{version}",
        )

    # ------------------------------------------------------------------ whole drafts
    def save_draft(
        self, report_id: str, draft: Draft, session_id: str = "drafter", expected_versions: dict[str, int] | None = None
    ) -> list[str]:
        """Stores a draft (outline, plan, meta and every section). Approved sections are never overwritten;
        with `expected_versions`, sections edited meanwhile are kept too. Returns the ids that were kept."""
        meta = draft.model_dump(mode="json", include={"intro", "tables", "unrouted_notes", "backend", "model", "created_at"})
        self.set_outline(report_id, draft.outline)
        kept: list[str] = []
        with self._tx() as db:
            db.execute(
                "UPDATE reports SET draft_json=?, plan_json=COALESCE(?, plan_json), updated_at=? WHERE id=?",
                (json.dumps(meta, ensure_ascii=False), draft.plan.model_dump_json() if draft.plan else None, now_iso(),
                 report_id),
            )
            for sd in draft.sections:
                rec = record_in_tx(db, report_id, sd.section_id)
                if rec is None:
                    continue
                stale = expected_versions is not None and rec.version != expected_versions.get(sd.section_id, rec.version)
                if rec.locked or stale:
                    if rec.section != sd:
                        kept.append(sd.section_id)
                    continue
                if rec.section == sd:
                    continue
                write_version(db, report_id, sd, rec.version + 1, session_id, "draft", author=draft.model or draft.backend)
        return kept

    def save_section_draft(
        self, report_id: str, sd: SectionDraft, session_id: str = "drafter", expected_version: int | None = None
    ) -> int | None:
        """Stores one freshly drafted section while a whole draft runs. Returns the new version, or None when
        the section is approved or was saved by someone else since `expected_version` (kept as it is)."""
        with self._tx() as db:
            rec = record_in_tx(db, report_id, sd.section_id)
            if rec is None:
                return None
            if rec.locked or (expected_version is not None and rec.version != expected_version):
                return None
            if rec.section == sd:
                return rec.version
            write_version(db, report_id, sd, rec.version + 1, session_id, "draft")
            return rec.version + 1

    def load_draft(self, report_id: str) -> Draft:
        """The current edited state as a Draft, for checking and export."""
        row = self._report_row(report_id)
        if not row["outline_json"]:
            raise UserError("Báo cáo chưa có đề cương: hãy tải lên kế hoạch hoặc đề cương ở thẻ Tài liệu.")
        meta = json.loads(row["draft_json"] or "{}")
        return Draft(
            outline=Outline.model_validate_json(row["outline_json"]),
            plan=PlanInfo.model_validate_json(row["plan_json"]) if row["plan_json"] else None,
            sections=[r.section for r in self.sections(report_id)],
            **meta,
        )

    # ------------------------------------------------------------------ presence
    def touch(self, report_id: str, session_id: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO presence(report_id, session_id, seen_at) VALUES(?,?,?)"
                " ON CONFLICT(report_id, session_id) DO UPDATE SET seen_at=excluded.seen_at",
                (report_id, session_id, time.time()),
            )

    def other_sessions(self, report_id: str, session_id: str, window_s: float = PRESENCE_WINDOW_S) -> list[str]:
        """Other sessions seen on this report recently (for the 'opened elsewhere' warning)."""
        rows = self._q(
            "SELECT session_id FROM presence WHERE report_id=? AND session_id<>? AND seen_at>?",
            (report_id, session_id, time.time() - window_s),
        )
        return [r["session_id"] for r in rows]

    def leave(self, report_id: str, session_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM presence WHERE report_id=? AND session_id=?", (report_id, session_id))
