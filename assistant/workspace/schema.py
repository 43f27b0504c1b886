"""The workspace's SQLite file: its schema and how a connection to it is opened.

WAL mode with synchronous=FULL: a write returns only after SQLite has committed it, so killing the
server (kill -9) right after an edit loses nothing. Several processes may share the file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = """
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
  model_call_json TEXT,
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


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), rows by name, the schema in place."""
    db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=10000")
    db.executescript(SCHEMA)
    _add_missing_columns(db)
    return db


# Columns added after the first release: (table, column, SQL type). A database made before them gets them here.
_ADDED_COLUMNS = [("sections", "model_call_json", "TEXT")]


def _add_missing_columns(db: sqlite3.Connection) -> None:
    for table, column, sql_type in _ADDED_COLUMNS:
        present = {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def iso_seconds(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def dump_models(models: list) -> str:
    return json.dumps([m.model_dump(mode="json") for m in models], ensure_ascii=False)
