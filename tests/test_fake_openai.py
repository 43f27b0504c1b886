"""The fake OpenAI-compatible server itself, checked on the wire with plain httpx."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from assistant.devtools.fake_openai import FakeOpenAIServer, reply_from_sources

BODY = {"model": "m1", "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "[1] Họp 3 lần"}]}


def sse_events(text: str) -> list[str]:
    return [line[len("data: "):] for line in text.splitlines() if line.startswith("data: ")]


def test_json_completion_and_models() -> None:
    with FakeOpenAIServer(reply="Xin chào.", models=["a", "b"]) as srv:
        assert srv.base_url.startswith("http://127.0.0.1:") and srv.base_url.endswith("/v1")
        r = httpx.post(f"{srv.base_url}/chat/completions", json=BODY)
        assert r.status_code == 200
        data = r.json()
        assert data["object"] == "chat.completion" and data["model"] == "m1"
        assert data["choices"][0]["message"] == {"role": "assistant", "content": "Xin chào."}
        assert data["choices"][0]["finish_reason"] == "stop"
        models = httpx.get(f"{srv.base_url}/models").json()
        assert [m["id"] for m in models["data"]] == ["a", "b"]
        assert srv.requests == [BODY]


def test_streaming_protocol() -> None:
    with FakeOpenAIServer(reply="Một hai ba.") as srv:
        body = {**BODY, "stream": True, "stream_options": {"include_usage": True}}
        r = httpx.post(f"{srv.base_url}/chat/completions", json=body)
        assert r.headers["content-type"].startswith("text/event-stream")
        events = sse_events(r.text)
        assert events[-1] == "[DONE]"
        chunks = [json.loads(e) for e in events[:-1]]
        assert all(c["object"] == "chat.completion.chunk" for c in chunks)
        assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
        text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
        assert text == "Một hai ba."
        assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
        assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 3


def test_status_fault_with_headers_then_normal() -> None:
    with FakeOpenAIServer(reply="ok") as srv:
        srv.inject(("status", 429, {"Retry-After": "7"}), ("status", 503))
        r1 = httpx.post(f"{srv.base_url}/chat/completions", json=BODY)
        r2 = httpx.post(f"{srv.base_url}/chat/completions", json=BODY)
        r3 = httpx.post(f"{srv.base_url}/chat/completions", json=BODY)
        assert (r1.status_code, r1.headers["retry-after"]) == (429, "7")
        assert r1.json()["error"]["message"]
        assert r2.status_code == 503 and r3.status_code == 200
        assert [rec.fault for rec in srv.log] == [("status", 429, {"Retry-After": "7"}), ("status", 503), None]
        assert srv.pending_faults == 0


def test_malformed_json_both_modes() -> None:
    with FakeOpenAIServer(reply="ok") as srv:
        srv.inject(("malformed_json",), ("malformed_json",))
        r = httpx.post(f"{srv.base_url}/chat/completions", json=BODY)
        with pytest.raises(ValueError):
            r.json()
        r = httpx.post(f"{srv.base_url}/chat/completions", json={**BODY, "stream": True})
        with pytest.raises(ValueError):
            json.loads(sse_events(r.text)[0])


def test_cut_stream_drops_the_connection_mid_body() -> None:
    with FakeOpenAIServer(reply="một hai ba bốn năm") as srv:
        srv.inject(("cut_stream", 2))
        got: list[bytes] = []
        with pytest.raises(httpx.RemoteProtocolError):
            with httpx.stream("POST", f"{srv.base_url}/chat/completions", json={**BODY, "stream": True}) as r:
                for b in r.iter_bytes():
                    got.append(b)
        text = b"".join(got).decode()
        assert "hai" in text and "ba" not in text and "[DONE]" not in text and '"stop"' not in text


def test_truncate_stream_ends_cleanly_without_finish() -> None:
    with FakeOpenAIServer(reply="một hai ba bốn năm") as srv:
        srv.inject(("truncate_stream", 2), ("empty",))
        r = httpx.post(f"{srv.base_url}/chat/completions", json={**BODY, "stream": True})
        events = sse_events(r.text)
        assert "[DONE]" not in events and all(json.loads(e)["choices"][0]["finish_reason"] is None for e in events)
        r = httpx.post(f"{srv.base_url}/chat/completions", json=BODY)
        assert r.json()["choices"][0]["message"]["content"] == ""


def test_fail_when_rule_and_clear() -> None:
    with FakeOpenAIServer(reply="ok") as srv:
        srv.fail_when(lambda b: "Họp" in b["messages"][-1]["content"], ("status", 500))
        assert httpx.post(f"{srv.base_url}/chat/completions", json=BODY).status_code == 500
        other = {**BODY, "messages": [{"role": "user", "content": "khác"}]}
        assert httpx.post(f"{srv.base_url}/chat/completions", json=other).status_code == 200
        srv.clear_faults()
        assert httpx.post(f"{srv.base_url}/chat/completions", json=BODY).status_code == 200


def test_unknown_fault_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        FakeOpenAIServer().inject(("explode",))


def test_api_key_required_when_set() -> None:
    with FakeOpenAIServer(api_key="k") as srv:
        assert httpx.post(f"{srv.base_url}/chat/completions", json=BODY).status_code == 401
        ok = httpx.post(f"{srv.base_url}/chat/completions", json=BODY, headers={"Authorization": "Bearer k"})
        assert ok.status_code == 200


def test_requests_are_served_concurrently() -> None:
    # The server holds each request until all ten are inside at once: a server that answered one
    # request at a time would never gather them and would answer 503. No clock decides the verdict.
    with FakeOpenAIServer(gather=10, reply="ok") as srv:
        codes: list[int] = []

        def call() -> None:
            codes.append(httpx.post(f"{srv.base_url}/chat/completions", json=BODY, timeout=120).status_code)

        threads = [threading.Thread(target=call) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert codes == [200] * 10


def test_a_wave_that_does_not_fill_is_refused_when_the_server_stops() -> None:
    srv = FakeOpenAIServer(gather=2, reply="ok").start()
    url = srv.base_url
    errors: list[Exception] = []
    codes: list[int] = []

    def call() -> None:
        try:
            codes.append(httpx.post(f"{url}/chat/completions", json=BODY, timeout=120).status_code)
        except httpx.HTTPError as e:
            errors.append(e)

    t = threading.Thread(target=call)
    t.start()
    _wait_for(lambda: srv.log)
    srv.stop()  # the lone request is released, not left waiting for a partner
    t.join()
    assert codes == [] and len(errors) == 1 and not isinstance(errors[0], httpx.TimeoutException)


def _wait_for(condition, limit_s: float = 60.0) -> None:
    """Polls until condition() holds; the limit only bounds a broken run, it never decides a pass."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_stop_interrupts_a_sleeping_request_and_frees_the_port() -> None:
    srv = FakeOpenAIServer(reply="ok").start()
    url = srv.base_url
    srv.inject(("timeout", 50))  # the server would sleep 50 s: only stop() can end the call earlier
    errors: list[Exception] = []

    def call() -> None:
        try:
            httpx.post(f"{url}/chat/completions", json=BODY, timeout=120)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    t = threading.Thread(target=call)
    t.start()
    _wait_for(lambda: srv.log)
    srv.stop()
    t.join(timeout=45)  # a bound below the 50 s sleep, far above any machine's stop time
    assert not t.is_alive()
    # The client saw the connection dropped (not its own timeout, not the late answer).
    assert len(errors) == 1 and not isinstance(errors[0], httpx.TimeoutException)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/models", timeout=1)
    srv.stop()  # idempotent
    with pytest.raises(RuntimeError):
        _ = srv.base_url


def test_default_reply_cites_sources_from_the_prompt() -> None:
    body = {"messages": [{"role": "user", "content": "Mục 1\n[1] tổ chức 12 buổi.\n[2] \"đạt 95,5%\"\n[3] Cần bổ sung"}]}
    assert reply_from_sources(body) == "Tổ chức 12 buổi [1]. Đạt 95,5% [2]. Cần bổ sung [3]."
    assert reply_from_sources({"messages": [{"role": "user", "content": "không có nguồn"}]})


def test_default_reply_reads_the_drafters_source_blocks_and_answers_routing_with_json() -> None:
    from assistant.llm.prompts import format_sources
    from assistant.types import Locator, Source

    sources = [
        Source(n=1, kind="note", ref="a:1", text="Tổ chức 12 buổi tuyên truyền.", locator=Locator(file="a", line=1)),
        Source(n=2, kind="passage", ref="c1", text="Đạt 95,5% kế hoạch\ndòng thứ hai", locator=Locator(file="b", page=2)),
    ]
    body = {"messages": [{"role": "system", "content": "Viết báo cáo."},
                         {"role": "user", "content": f"Mục 1\n{format_sources(sources)}\nHãy viết [n]."}]}
    assert reply_from_sources(body) == "Tổ chức 12 buổi tuyên truyền [1]. Đạt 95,5% kế hoạch [2]."
    routing = {"messages": [{"role": "system", "content": "Chỉ trả lời bằng một đối tượng JSON."},
                            {"role": "user", "content": "[1] x"}]}
    assert reply_from_sources(routing) == "{}"
