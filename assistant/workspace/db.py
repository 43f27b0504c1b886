"""The reviewer workspace: reports, their sections and every saved version, in one SQLite file.

WAL mode with synchronous=FULL: a save returns only after SQLite has committed it, so killing the
server (kill -9) right after an edit loses nothing. Writes from concurrent sessions are guarded
by optimistic concurrency: `save_section(..., expected_version=...)` refuses to overwrite a newer
version saved by someone else and returns the conflict instead, so the UI can warn.

History: every save adds a row to `section_versions`, except that consecutive autosaves of the
same section by the same session within `MERGE_WINDOW_S` seconds update that session's last row
(keystroke-level autosave would otherwise leave thousands of near-identical versions). Saves
with a different reason (drafting, restore, approve) always add a row.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from assistant.types import Draft, Flag, Note, Outline, PlanInfo, SectionDraft, Source, UserError

MERGE_WINDOW_S = 30.0
PRESENCE_WINDOW_S = 300.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  outline_json TEXT,
  plan_json TEXT,
  notes_json TEXT NOT NULL DEFAULT '[]',
  draft_json TEXT NOT NULL DEFAULT '{}',
  header_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sections(
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  section_id TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  number TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending',
  sources_json TEXT NOT NULL DEFAULT '[]',
  flags_json TEXT NOT NULL DEFAULT '[]',
  citations_json TEXT NOT NULL DEFAULT '[]',
  error TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT,
  updated_by TEXT,
  PRIMARY KEY(report_id, section_id)
);
CREATE TABLE IF NOT EXISTS section_versions(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  section_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  sources_json TEXT NOT NULL,
  flags_json TEXT NOT NULL,
  citations_json TEXT NOT NULL,
  error TEXT,
  author TEXT,
  session_id TEXT,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_versions ON section_versions(report_id, section_id, version);
CREATE TABLE IF NOT EXISTS presence(
  report_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  seen_at REAL NOT NULL,
  PRIMARY KEY(report_id, session_id)
);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _ts(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


@dataclass
class ReportInfo:
    id: str
    name: str
    created_at: str
    updated_at: str
    has_outline: bool
    sections: int


@dataclass
class SectionRecord:
    report_id: str
    section: SectionDraft
    version: int
    updated_at: str | None
    updated_by: str | None

    @property
    def locked(self) -> bool:
        return self.section.status == "approved"


@dataclass
class SectionVersion:
    version: int
    text: str
    status: str
    author: str | None
    session_id: str | None
    reason: str
    created_at: str
    flags: list[Flag] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


@dataclass
class SaveResult:
    """ok: saved as `version`. Otherwise `conflict` (someone saved a newer version: `current`) or `locked`."""

    ok: bool
    version: int
    conflict: bool = False
    locked: bool = False
    current: SectionRecord | None = None

    @property
    def message(self) -> str:
        if self.ok:
            return f"Đã lưu (phiên bản {self.version})."
        if self.locked:
            return "Mục này đã duyệt và khoá; bỏ khoá trước khi sửa."
        who = self.current.updated_by if self.current else None
        return (
            f"Một phiên khác ({who or 'không rõ'}) vừa lưu phiên bản {self.version} của mục này. "
            "Nội dung của bạn CHƯA được ghi: hãy tải bản mới hoặc chọn ghi đè."
        )


def _dump(models: list) -> str:
    return json.dumps([m.model_dump(mode="json") for m in models], ensure_ascii=False)


class Workspace:
    """All reviewer state. Thread-safe (one connection, one lock); several processes may share the file."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=10000")
        with self._lock:
            self._db.executescript(_SCHEMA)

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
        now = _now()
        with self._tx() as db:
            db.execute(
                "INSERT INTO reports(id, name, plan_json, notes_json, created_at, updated_at) VALUES(?,?,?,?,?,?)",
                (rid, name.strip() or "Báo cáo", plan.model_dump_json() if plan else None, _dump(notes or []), now, now),
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

    def rename_report(self, report_id: str, name: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE reports SET name=?, updated_at=? WHERE id=?", (name.strip(), _now(), report_id))

    def delete_report(self, report_id: str) -> None:
        with self._tx() as db:
            for table in ("section_versions", "sections", "presence"):
                db.execute(f"DELETE FROM {table} WHERE report_id=?", (report_id,))
            db.execute("DELETE FROM reports WHERE id=?", (report_id,))

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
                (json.dumps(header, ensure_ascii=False), _now(), report_id),
            )

    def set_plan(self, report_id: str, plan: PlanInfo | None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE reports SET plan_json=?, updated_at=? WHERE id=?",
                (plan.model_dump_json() if plan else None, _now(), report_id),
            )

    def set_notes(self, report_id: str, notes: list[Note]) -> None:
        with self._tx() as db:
            db.execute("UPDATE reports SET notes_json=?, updated_at=? WHERE id=?", (_dump(notes), _now(), report_id))

    def add_notes(self, report_id: str, notes: list[Note]) -> list[Note]:
        """Adds notes, replacing earlier notes read from the same file(s). Returns all notes."""
        files = {n.locator.file for n in notes}
        kept = [n for n in self.get_notes(report_id) if n.locator.file not in files]
        merged = kept + list(notes)
        self.set_notes(report_id, merged)
        return merged

    def set_outline(self, report_id: str, outline: Outline) -> None:
        """Sets the đề cương; sections follow its leaves (new leaves pending; text of kept leaves kept)."""
        now = _now()
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
    @staticmethod
    def _record(row: sqlite3.Row) -> SectionRecord:
        sd = SectionDraft(
            section_id=row["section_id"],
            number=row["number"],
            title=row["title"],
            text=row["text"],
            sources=[Source.model_validate(x) for x in json.loads(row["sources_json"])],
            citations=json.loads(row["citations_json"]),
            flags=[Flag.model_validate(x) for x in json.loads(row["flags_json"])],
            status=row["status"],
            error=row["error"],
        )
        return SectionRecord(row["report_id"], sd, row["version"], row["updated_at"], row["updated_by"])

    @classmethod
    def _record_in_tx(cls, db: sqlite3.Connection, report_id: str, section_id: str) -> SectionRecord | None:
        """The section's current record inside an open transaction, or None when the report has no such section."""
        row = db.execute(
            "SELECT * FROM sections WHERE report_id=? AND section_id=?", (report_id, section_id)
        ).fetchone()
        return None if row is None else cls._record(row)

    def sections(self, report_id: str) -> list[SectionRecord]:
        rows = self._q("SELECT * FROM sections WHERE report_id=? ORDER BY position", (report_id,))
        return [self._record(r) for r in rows]

    def get_section(self, report_id: str, section_id: str) -> SectionRecord:
        rows = self._q("SELECT * FROM sections WHERE report_id=? AND section_id=?", (report_id, section_id))
        if not rows:
            raise UserError(f"Báo cáo không có mục '{section_id}'.")
        return self._record(rows[0])

    def versions(self, report_id: str) -> dict[str, int]:
        rows = self._q("SELECT section_id, version FROM sections WHERE report_id=?", (report_id,))
        return {r["section_id"]: r["version"] for r in rows}

    def _write(
        self, db: sqlite3.Connection, report_id: str, sd: SectionDraft, version: int, session_id: str, reason: str,
        author: str | None = None,
    ) -> None:
        now = _now()
        sources, flags, cites = _dump(sd.sources), _dump(sd.flags), json.dumps(sd.citations)
        db.execute(
            "UPDATE sections SET text=?, status=?, sources_json=?, flags_json=?, citations_json=?, error=?, version=?,"
            " updated_at=?, updated_by=? WHERE report_id=? AND section_id=?",
            (sd.text, sd.status, sources, flags, cites, sd.error, version, now, session_id, report_id, sd.section_id),
        )
        last = db.execute(
            "SELECT id, session_id, reason, created_at FROM section_versions WHERE report_id=? AND section_id=?"
            " ORDER BY id DESC LIMIT 1",
            (report_id, sd.section_id),
        ).fetchone()
        merge = (
            reason == "edit"
            and last is not None
            and last["reason"] == "edit"
            and last["session_id"] == session_id
            and _ts(now) - _ts(last["created_at"]) < MERGE_WINDOW_S
        )
        if merge:
            db.execute(
                "UPDATE section_versions SET version=?, text=?, status=?, sources_json=?, flags_json=?, citations_json=?,"
                " error=?, created_at=? WHERE id=?",
                (version, sd.text, sd.status, sources, flags, cites, sd.error, now, last["id"]),
            )
        else:
            db.execute(
                "INSERT INTO section_versions(report_id, section_id, version, text, status, sources_json, flags_json,"
                " citations_json, error, author, session_id, reason, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (report_id, sd.section_id, version, sd.text, sd.status, sources, flags, cites, sd.error,
                 author or session_id, session_id, reason, now),
            )
        db.execute("UPDATE reports SET updated_at=? WHERE id=?", (now, report_id))

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
            rec = self._record_in_tx(db, report_id, section_id)
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
            self._write(db, report_id, sd, new_version, session_id, reason, author)
        self.touch(report_id, session_id)
        return SaveResult(True, new_version, current=SectionRecord(report_id, sd, new_version, _now(), session_id))

    def set_status(
        self, report_id: str, section_id: str, status: str, expected_version: int | None, session_id: str
    ) -> SaveResult:
        """Approve (status 'approved', locks the section) or unlock (back to 'drafted')."""
        with self._tx() as db:
            rec = self._record_in_tx(db, report_id, section_id)
            if rec is None:
                raise UserError(f"Báo cáo không có mục '{section_id}'.")
            if expected_version is not None and rec.version != expected_version:
                return SaveResult(False, rec.version, conflict=True, current=rec)
            if rec.section.status == status:
                return SaveResult(True, rec.version, current=rec)
            sd = rec.section.model_copy(deep=True)
            sd.status = status
            new_version = rec.version + 1
            self._write(db, report_id, sd, new_version, session_id, "approve" if status == "approved" else "unlock")
        return SaveResult(True, new_version, current=SectionRecord(report_id, sd, new_version, _now(), session_id))

    def history(self, report_id: str, section_id: str, limit: int = 200) -> list[SectionVersion]:
        rows = self._q(
            "SELECT * FROM section_versions WHERE report_id=? AND section_id=? ORDER BY id DESC LIMIT ?",
            (report_id, section_id, limit),
        )
        return [
            SectionVersion(
                r["version"], r["text"], r["status"], r["author"], r["session_id"], r["reason"], r["created_at"],
                [Flag.model_validate(x) for x in json.loads(r["flags_json"])],
                [Source.model_validate(x) for x in json.loads(r["sources_json"])],
            )
            for r in rows
        ]

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
                (json.dumps(meta, ensure_ascii=False), draft.plan.model_dump_json() if draft.plan else None, _now(),
                 report_id),
            )
            for sd in draft.sections:
                rec = self._record_in_tx(db, report_id, sd.section_id)
                if rec is None:
                    continue
                stale = expected_versions is not None and rec.version != expected_versions.get(sd.section_id, rec.version)
                if rec.locked or stale:
                    if rec.section != sd:
                        kept.append(sd.section_id)
                    continue
                if rec.section == sd:
                    continue
                self._write(db, report_id, sd, rec.version + 1, session_id, "draft", author=draft.model or draft.backend)
        return kept

    def save_section_draft(
        self, report_id: str, sd: SectionDraft, session_id: str = "drafter", expected_version: int | None = None
    ) -> int | None:
        """Stores one freshly drafted section while a whole draft runs. Returns the new version, or None when
        the section is approved or was saved by someone else since `expected_version` (kept as it is)."""
        with self._tx() as db:
            rec = self._record_in_tx(db, report_id, sd.section_id)
            if rec is None:
                return None
            if rec.locked or (expected_version is not None and rec.version != expected_version):
                return None
            if rec.section == sd:
                return rec.version
            self._write(db, report_id, sd, rec.version + 1, session_id, "draft")
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
