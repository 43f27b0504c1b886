"""What the workspace hands out: report summaries, section records and versions, save outcomes;
and how they are read from rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from assistant.types import Flag, ModelCall, SectionDraft, Source


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



def section_record(row: sqlite3.Row) -> SectionRecord:
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
        model_call=ModelCall.model_validate_json(row["model_call_json"]) if row["model_call_json"] else None,
    )
    return SectionRecord(row["report_id"], sd, row["version"], row["updated_at"], row["updated_by"])


def section_version(row: sqlite3.Row) -> SectionVersion:
    return SectionVersion(
        row["version"], row["text"], row["status"], row["author"], row["session_id"], row["reason"], row["created_at"],
        [Flag.model_validate(x) for x in json.loads(row["flags_json"])],
        [Source.model_validate(x) for x in json.loads(row["sources_json"])],
    )
