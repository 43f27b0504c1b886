"""Writing a section's new version: the current row and its history row, inside the caller's transaction.

Every save adds a row to `section_versions`, except that consecutive autosaves of the same section by the
same session within `MERGE_WINDOW_S` seconds update that session's last row (keystroke-level autosave would
otherwise leave thousands of near-identical versions). Saves with a different reason (drafting, restore,
approve) always add a row.
"""

from __future__ import annotations

import json
import sqlite3

from assistant.types import SectionDraft
from assistant.workspace.records import SectionRecord, section_record
from assistant.workspace.schema import dump_models, iso_seconds, now_iso

MERGE_WINDOW_S = 30.0


def record_in_tx(db: sqlite3.Connection, report_id: str, section_id: str) -> SectionRecord | None:
    """The section's current record inside an open transaction, or None when the report has no such section."""
    row = db.execute("SELECT * FROM sections WHERE report_id=? AND section_id=?", (report_id, section_id)).fetchone()
    return None if row is None else section_record(row)


def write_version(
    db: sqlite3.Connection, report_id: str, sd: SectionDraft, version: int, session_id: str, reason: str,
    author: str | None = None,
) -> None:
    now = now_iso()
    sources, flags, cites = dump_models(sd.sources), dump_models(sd.flags), json.dumps(sd.citations)
    # What the model was sent and returned stays with the section (the audit trail), through later hand edits.
    model_call = sd.model_call.model_dump_json() if sd.model_call is not None else None
    db.execute(
        "UPDATE sections SET text=?, status=?, sources_json=?, flags_json=?, citations_json=?, error=?,"
        " model_call_json=?, version=?, updated_at=?, updated_by=? WHERE report_id=? AND section_id=?",
        (sd.text, sd.status, sources, flags, cites, sd.error, model_call, version, now, session_id, report_id,
         sd.section_id),
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
        and iso_seconds(now) - iso_seconds(last["created_at"]) < MERGE_WINDOW_S
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
