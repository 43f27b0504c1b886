"""Workspace DB: reports, sections, versions, optimistic concurrency, history/restore, drafts round-trip."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from assistant.types import (
    Draft,
    Flag,
    Locator,
    ModelCall,
    Note,
    Outline,
    PlanInfo,
    Section,
    SectionDraft,
    Source,
    TokenUsage,
    UserError,
)
from assistant.workspace import versions as ws_versions
from assistant.workspace.db import Workspace


def _outline() -> Outline:
    return Outline(
        title="ĐỀ CƯƠNG BÁO CÁO",
        sections=[
            Section(
                id="I",
                number="I.",
                title="Công tác lãnh đạo",
                level=0,
                children=[
                    Section(id="I.1", number="1.", title="Quán triệt", level=1),
                    Section(id="I.2", number="2.", title="Tuyên truyền", level=1),
                ],
            ),
            Section(id="II", number="II.", title="Kết quả", level=0),
        ],
    )


def _draft(outline: Outline, text: str = "Đã tổ chức 12 hội nghị [1].") -> Draft:
    src = Source(n=1, kind="note", ref="gc.md:3", text="tổ chức 12 hội nghị", locator=Locator(file="gc.md", line=3))
    return Draft(
        outline=outline,
        plan=PlanInfo(issuer="Thị ủy Sa Pa"),
        intro="Thực hiện Kế hoạch số 24-KH/ThU...",
        sections=[
            SectionDraft(section_id=s.id, number=s.number, title=s.title, text=f"{text} ({s.id})", sources=[src],
                         citations=[1], status="drafted")
            for s in outline.leaves()
        ],
        backend="offline",
    )


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "ws.sqlite3")
    yield w
    w.close()


def test_wal_mode_and_schema(ws, tmp_path):
    con = sqlite3.connect(tmp_path / "ws.sqlite3")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"reports", "sections", "section_versions"} <= tables


def test_create_report_makes_pending_sections_for_leaves(ws):
    rid = ws.create_report("Sơ kết 5 năm", outline=_outline())
    recs = ws.sections(rid)
    assert [r.section.section_id for r in recs] == ["I.1", "I.2", "II"]
    assert all(r.section.status == "pending" and r.version == 0 for r in recs)
    assert ws.list_reports()[0].name == "Sơ kết 5 năm"


def test_save_draft_then_load_draft_round_trips(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    d = _draft(o)
    assert ws.save_draft(rid, d) == []
    back = ws.load_draft(rid)
    assert back.intro == d.intro and back.plan.issuer == "Thị ủy Sa Pa"
    assert [s.model_dump() for s in back.sections] == [s.model_dump() for s in d.sections]
    assert ws.versions(rid) == {"I.1": 1, "I.2": 1, "II": 1}
    # saving the same draft again is not a new version
    ws.save_draft(rid, d)
    assert ws.versions(rid)["I.1"] == 1


def test_the_model_call_of_a_section_survives_saving_and_hand_edits(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    d = _draft(o)
    call = ModelCall(model="qwen", system="Hệ thống", user="Mục I.1 ...", reply="Đã tổ chức 12 hội nghị [1].",
                     finish_reason="stop", usage=TokenUsage(prompt_tokens=120, completion_tokens=9, total_tokens=129))
    d.sections[0].model_call = call
    ws.save_draft(rid, d)
    assert ws.load_draft(rid).sections[0].model_call == call
    assert ws.load_draft(rid).sections[1].model_call is None
    ws.save_section(rid, "I.1", "Sửa tay.", expected_version=1, session_id="A")
    assert ws.get_section(rid, "I.1").section.model_call == call  # the audit trail outlives the edit


def test_a_database_made_before_the_model_call_column_gets_it(tmp_path):
    path = tmp_path / "old.sqlite3"
    Workspace(path).close()
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE sections DROP COLUMN model_call_json")
    con.close()
    w = Workspace(path)
    try:
        o = _outline()
        rid = w.create_report("r", outline=o)
        w.save_draft(rid, _draft(o))
        assert w.load_draft(rid).sections[0].model_call is None
    finally:
        w.close()
    names = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(sections)")}
    assert "model_call_json" in names


def test_save_section_bumps_version_and_keeps_history(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    ws.save_draft(rid, _draft(o))
    r1 = ws.save_section(rid, "I.1", "Văn bản sửa lần 1.", expected_version=1, session_id="A")
    assert r1.ok and r1.version == 2
    assert ws.get_section(rid, "I.1").section.text == "Văn bản sửa lần 1."
    assert ws.load_draft(rid).section("I.1").text == "Văn bản sửa lần 1."
    hist = ws.history(rid, "I.1")
    assert [h.version for h in hist] == [2, 1]
    assert hist[0].session_id == "A" and hist[0].reason == "edit" and hist[1].reason == "draft"


def test_conflict_when_another_session_saved_newer(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    ws.save_draft(rid, _draft(o))
    assert ws.save_section(rid, "I.2", "Bản của A.", expected_version=1, session_id="A").ok
    res = ws.save_section(rid, "I.2", "Bản của B.", expected_version=1, session_id="B")
    assert not res.ok and res.conflict and res.version == 2
    assert res.current.section.text == "Bản của A."
    assert "CHƯA được ghi" in res.message
    assert ws.get_section(rid, "I.2").section.text == "Bản của A."  # not overwritten
    # B chooses to overwrite knowingly
    assert ws.save_section(rid, "I.2", "Bản của B.", expected_version=res.version, session_id="B").ok


def test_autosaves_of_one_session_merge_into_one_history_row(ws, monkeypatch):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    v = 0
    for i in range(5):
        v = ws.save_section(rid, "II", "x" * (i + 1), expected_version=v, session_id="A").version
    assert v == 5
    hist = ws.history(rid, "II")
    assert len(hist) == 1 and hist[0].text == "xxxxx" and hist[0].version == 5
    monkeypatch.setattr(ws_versions, "MERGE_WINDOW_S", -1.0)
    ws.save_section(rid, "II", "y", expected_version=v, session_id="A")
    assert len(ws.history(rid, "II")) == 2


def test_restore_makes_old_version_current(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    ws.save_draft(rid, _draft(o))
    original = ws.get_section(rid, "I.1").section.text
    ws.save_section(rid, "I.1", "Sửa sai hoàn toàn.", expected_version=1, session_id="A")
    res = ws.restore(rid, "I.1", 1, session_id="A")
    assert res.ok and res.version == 3
    assert ws.get_section(rid, "I.1").section.text == original
    assert ws.history(rid, "I.1")[0].reason == "restore v1"
    with pytest.raises(UserError):
        ws.restore(rid, "I.1", 99, session_id="A")


def test_approved_section_is_locked(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    ws.save_draft(rid, _draft(o))
    assert ws.set_status(rid, "I.1", "approved", expected_version=1, session_id="A").ok
    res = ws.save_section(rid, "I.1", "đổi", expected_version=None, session_id="A")
    assert not res.ok and res.locked and "khoá" in res.message
    # a redraft never overwrites an approved section
    kept = ws.save_draft(rid, _draft(o, text="Bản soạn lại."))
    assert kept == ["I.1"]
    assert ws.get_section(rid, "I.1").section.status == "approved"
    assert ws.get_section(rid, "I.2").section.text.startswith("Bản soạn lại.")
    assert ws.set_status(rid, "I.1", "drafted", expected_version=None, session_id="A").ok
    assert ws.save_section(rid, "I.1", "đổi", expected_version=None, session_id="A").ok


def test_save_draft_keeps_sections_edited_meanwhile(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    ws.save_draft(rid, _draft(o))
    started = ws.versions(rid)
    ws.save_section(rid, "II", "Người dùng sửa trong lúc soạn.", expected_version=1, session_id="A")
    kept = ws.save_draft(rid, _draft(o, text="Máy soạn."), expected_versions=started)
    assert kept == ["II"]
    assert ws.get_section(rid, "II").section.text == "Người dùng sửa trong lúc soạn."
    assert ws.get_section(rid, "I.1").section.text.startswith("Máy soạn.")


def test_edit_of_pending_section_becomes_drafted_and_flags_saved(ws):
    rid = ws.create_report("r", outline=_outline())
    flag = Flag(kind="placeholder", text="[Cần bổ sung: số buổi]", message="Thiếu số liệu")
    res = ws.save_section(rid, "II", "Tự viết [Cần bổ sung: số buổi].", expected_version=0, session_id="A", flags=[flag])
    sec = ws.get_section(rid, "II").section
    assert res.ok and sec.status == "drafted" and sec.flags == [flag]


def test_outline_change_keeps_text_of_kept_leaves(ws):
    o = _outline()
    rid = ws.create_report("r", outline=o)
    ws.save_draft(rid, _draft(o))
    o2 = _outline()
    o2.sections[1].children = [Section(id="II.1", number="1.", title="Mới", level=1)]
    ws.set_outline(rid, o2)
    ids = [r.section.section_id for r in ws.sections(rid)]
    assert ids == ["I.1", "I.2", "II.1"]
    assert ws.get_section(rid, "I.1").section.text.endswith("(I.1)")


def test_notes_plan_header_presence(ws):
    rid = ws.create_report("r")
    n1 = Note(id="a.md:1", text="một", locator=Locator(file="a.md", line=1))
    n2 = Note(id="b.md:1", text="hai", locator=Locator(file="b.md", line=1))
    ws.add_notes(rid, [n1, n2])
    n1b = Note(id="a.md:2", text="một mới", locator=Locator(file="a.md", line=2))
    assert [n.id for n in ws.add_notes(rid, [n1b])] == ["b.md:1", "a.md:2"]
    ws.set_plan(rid, PlanInfo(number="24-KH/ThU"))
    assert ws.get_plan(rid).number == "24-KH/ThU"
    ws.set_header(rid, {"issuer": "Thị ủy Sa Pa"})
    assert ws.get_header(rid) == {"issuer": "Thị ủy Sa Pa"}
    ws.touch(rid, "A")
    ws.touch(rid, "B")
    assert ws.other_sessions(rid, "A") == ["B"]
    ws.leave(rid, "B")
    assert ws.other_sessions(rid, "A") == []
    with pytest.raises(UserError):
        ws.load_draft(rid)  # no outline yet: a clear message
    with pytest.raises(UserError):
        ws.get_outline("nope")


def test_concurrent_saves_from_threads_never_lose_a_version(ws):
    rid = ws.create_report("r", outline=_outline())
    results = []

    def worker(name: str) -> None:
        for i in range(20):
            while True:
                cur = ws.get_section(rid, "II").version
                r = ws.save_section(rid, "II", f"{name}{i}", expected_version=cur, session_id=name, reason="manual")
                if r.ok:
                    results.append(r.version)
                    break

    threads = [threading.Thread(target=worker, args=(n,)) for n in "ABC"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(1, 61))
    assert len(ws.history(rid, "II", limit=1000)) == 60


def test_committed_edit_survives_a_killed_process(tmp_path):
    """A save that returned is on disk: a child process saves then dies with os._exit (no cleanup)."""
    db = tmp_path / "ws.sqlite3"
    w = Workspace(db)
    rid = w.create_report("r", outline=_outline())
    w.close()
    code = textwrap.dedent(
        f"""
        import os
        from assistant.workspace.db import Workspace
        w = Workspace({str(db)!r})
        assert w.save_section({rid!r}, "II", "Sửa rồi chết.", expected_version=0, session_id="A").ok
        os._exit(9)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    w2 = Workspace(db)
    assert w2.get_section(rid, "II").section.text == "Sửa rồi chết."
    w2.close()
