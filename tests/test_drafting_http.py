"""A whole draft through the real ChatOpenAI client and the fake OpenAI server on 127.0.0.1, with faults:
transient ones are recovered, one section that keeps failing is marked failed with the reason, every other
section completes and the artifact is saved; `resume` then redrafts only that section."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from drafting_support import arun_draft

from assistant.config import Settings
from assistant.devtools.fake_openai import FakeOpenAIServer
from assistant.llm.openai_client import make_chat_model
from assistant.types import Draft, Locator, Note, Outline, ProgressEvent, Section

TITLES = [
    "Công tác tuyên truyền, phổ biến",
    "Công tác kiểm tra, giám sát",
    "Phát triển đảng viên mới",
    "Công tác dân vận",
    "Bảo đảm quốc phòng, an ninh",
]
FIGURES = ["12 buổi", "35 cuộc", "48 đảng viên", "1.250 lượt người", "95,5%"]


def outline_and_notes() -> tuple[Outline, list[Note]]:
    leaves = [Section(id=f"I.{i}", number=f"{i}.", title=t, level=1) for i, t in enumerate(TITLES, 1)]
    outline = Outline(title="ĐỀ CƯƠNG BÁO CÁO", sections=[Section(id="I", number="I.", title="Kết quả", level=0,
                                                                  children=leaves)])
    notes = [
        Note(id=f"ghichu.md:{i}", text=f"{t} đạt {FIGURES[i - 1]} trong năm", heading=f"I.{i}. {t}",
             locator=Locator(file="ghichu.md", line=i))
        for i, t in enumerate(TITLES, 1)
    ]
    return outline, notes


def user_text(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def is_draft_request(body: dict) -> bool:
    return "JSON" not in next(m["content"] for m in body["messages"] if m["role"] == "system")


@pytest.fixture
def server():
    with FakeOpenAIServer() as srv:
        yield srv


def settings_for(tmp_path: Path, srv: FakeOpenAIServer) -> Settings:
    return Settings.test_profile(
        tmp_path / "data", backend="openai", openai_base_url=srv.base_url, model="fake-model",
        # no fault here needs the client to time out: a generous limit keeps a slow machine from adding retries
        concurrency=3, request_timeout=60.0, max_retries=4, retry_base_delay=0.01,
    )


def test_draft_over_http_with_faults_then_resume(tmp_path: Path, server: FakeOpenAIServer) -> None:
    outline, notes = outline_and_notes()
    settings = settings_for(tmp_path, server)
    out = tmp_path / "draft.json"
    bad = "Công tác dân vận"
    server.fail_when(lambda b: is_draft_request(b) and bad in user_text(b), ("status", 500))
    # max_retries transient faults at most, so whichever sections draw them still succeed (order is up to the scheduler)
    server.inject(("status", 503), ("cut_stream", 2), ("malformed_json",), ("truncate_stream", 1))
    events: list[ProgressEvent] = []

    draft = asyncio.run(arun_draft(outline, notes, settings, chat=make_chat_model(settings),
                                      out_path=out, progress=events.append))

    by_id = {s.section_id: s for s in draft.sections}
    failed = by_id["I.4"]
    assert failed.status == "failed"
    assert "sau 5 lần thử" in failed.error and "HTTP 500" in failed.error
    for sid in ("I.1", "I.2", "I.3", "I.5"):
        sd = by_id[sid]
        assert sd.status == "drafted", (sid, sd.error)
        assert sd.citations == [1] and "[1]" in sd.text
        assert not [f for f in sd.flags if f.kind in ("invalid_citation", "unsupported_number")], sd.flags
    assert "12 buổi" in by_id["I.1"].text and "95,5%" in by_id["I.5"].text
    assert server.pending_faults == 0  # every transient fault was served and recovered from
    bad_requests = [b for b in server.requests if is_draft_request(b) and bad in user_text(b)]
    assert len(bad_requests) == settings.max_retries + 1

    # the request carried the section, its quoted source, the model name and the stream flag
    first = next(b for b in server.requests if is_draft_request(b) and TITLES[0] in user_text(b))
    assert first["model"] == "fake-model" and first["stream"] is True
    assert "<<<NGUỒN [1]" in user_text(first) and "12 buổi" in user_text(first)

    # progress: a done per drafted section, a failed for the bad one; streamed text ends with the final reply
    kinds = {(e.kind, e.section_id) for e in events if e.kind in ("done", "failed")}
    assert kinds == {("done", "I.1"), ("done", "I.2"), ("done", "I.3"), ("failed", "I.4"), ("done", "I.5")}
    for sid in ("I.1", "I.2", "I.3", "I.5"):
        shown = ""
        for e in events:
            if e.section_id == sid and e.kind in ("token", "reset"):
                shown = shown + e.text if e.kind == "token" else ""
        assert shown.strip().endswith("[1].")
    # the cut streams (cut_stream, truncate_stream after some pieces) reached the progress as typed resets
    assert any(e.kind == "reset" for e in events)

    saved = Draft.load(out)
    assert [s.status for s in saved.sections] == ["drafted", "drafted", "drafted", "failed", "drafted"]
    assert saved.model == "fake-model"

    # resume: the endpoint is healthy again; only the failed section is redrafted
    server.clear_faults()
    before = len(server.requests)
    resumed = asyncio.run(arun_draft(outline, notes, settings, chat=make_chat_model(settings),
                                        out_path=out, resume=True))
    new = [b for b in server.requests[before:] if is_draft_request(b)]
    assert len(new) == 1 and bad in user_text(new[0])
    assert [s.status for s in resumed.sections] == ["drafted"] * 5
    assert resumed.section("I.4").error is None and "[1]" in resumed.section("I.4").text
    assert resumed.section("I.1").text == draft.section("I.1").text
    assert [s.status for s in Draft.load(out).sections] == ["drafted"] * 5


def test_invented_number_and_citation_from_the_model_are_flagged(tmp_path: Path) -> None:
    outline, notes = outline_and_notes()
    reply = "Đã tổ chức 999 buổi tuyên truyền [1], theo chỉ đạo tại văn bản [9]."
    with FakeOpenAIServer(reply=lambda b: "{}" if not is_draft_request(b) else reply) as srv:
        settings = settings_for(tmp_path, srv)
        draft = asyncio.run(arun_draft(outline, notes[:1], settings, chat=make_chat_model(settings)))
    sd = draft.section("I.1")
    assert sd.status == "drafted" and "[9]" not in sd.text
    kinds = {f.kind for f in sd.flags}
    assert "invalid_citation" in kinds and "unsupported_number" in kinds


def test_unreachable_endpoint_fails_every_section_but_saves(tmp_path: Path) -> None:
    outline, notes = outline_and_notes()
    with FakeOpenAIServer() as srv:
        settings = settings_for(tmp_path, srv).model_copy(update={"max_retries": 1})
    out = tmp_path / "draft.json"
    draft = asyncio.run(arun_draft(outline, notes, settings, chat=make_chat_model(settings), out_path=out))
    assert {s.status for s in draft.sections} == {"failed"}
    assert all("không kết nối được" in s.error for s in draft.sections)
    assert Draft.load(out).sections[0].status == "failed"


def test_artifact_keeps_what_the_model_was_sent_and_returned(tmp_path: Path, server: FakeOpenAIServer) -> None:
    outline, notes = outline_and_notes()
    settings = settings_for(tmp_path, server)
    out = tmp_path / "draft.json"
    server.fail_when(lambda b: is_draft_request(b) and TITLES[1] in user_text(b), ("cut_stream", 2))
    server.inject(("status", 503))  # whichever request comes first is retried once
    asyncio.run(arun_draft(outline, notes[:2], settings, chat=make_chat_model(settings), out_path=out,
                           only={"I.1", "I.2"}))

    saved = Draft.load(out)  # from the JSON on disk, as a reviewer would open it
    ok, cut = saved.section("I.1"), saved.section("I.2")
    call = ok.model_call
    assert call is not None and call.model == "fake-model" and call.finish_reason == "stop"
    sent = next(b for b in server.requests if is_draft_request(b) and TITLES[0] in user_text(b))
    assert call.system == sent["messages"][0]["content"] and call.user == user_text(sent)
    assert "<<<NGUỒN [1]" in call.user and "12 buổi" in call.user
    assert call.reply.strip().endswith("[1].") and "12 buổi" in call.reply  # raw, before the clean-up
    assert call.usage is not None and call.usage.completion_tokens == len(call.reply.split())
    assert call.usage.total_tokens == call.usage.prompt_tokens + call.usage.completion_tokens
    assert call.attempts >= 1 and call.duration_s is not None
    assert cut.status == "failed" and "ngắt giữa chừng" in cut.error and cut.model_call is None


def test_offline_sections_and_old_artifacts_have_no_model_call(tmp_path: Path) -> None:
    outline, notes = outline_and_notes()
    offline = Settings.test_profile(tmp_path / "data")
    out = tmp_path / "draft.json"
    draft = asyncio.run(arun_draft(outline, notes, offline, out_path=out))
    assert all(s.status == "drafted" and s.model_call is None for s in draft.sections)
    data = json.loads(out.read_text(encoding="utf-8"))
    for section in data["sections"]:  # as written before the field existed
        del section["model_call"]
    (tmp_path / "old.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    old = Draft.load(tmp_path / "old.json")
    assert [s.text for s in old.sections] == [s.text for s in draft.sections]
    assert all(s.model_call is None for s in old.sections)
