"""A fake OpenAI-compatible chat server on 127.0.0.1, for tests, benchmarks and demos.

It speaks the real wire protocol, so the real client (`langchain_openai.ChatOpenAI` / `openai`) is
exercised end to end, and it can inject every fault the retry loop in `assistant.llm.openai_client` handles::

    from assistant.devtools.fake_openai import FakeOpenAIServer

    with FakeOpenAIServer(delay=0.0, reply="Đã triển khai [1].") as srv:
        settings = Settings.test_profile(tmp, backend="openai", openai_base_url=srv.base_url)
        srv.inject(("status", 429, {"Retry-After": "1"}), ("cut_stream", 3))
        ...                      # the next two chat requests fail that way, later ones succeed
        srv.requests             # JSON bodies received by /v1/chat/completions, in order
        srv.log                  # RequestRecord(time, path, body, headers, fault) per chat request

Endpoints
  POST /v1/chat/completions  JSON reply when "stream" is false/absent; SSE when true: one
                             `chat.completion.chunk` per word (`delta.content`), a final chunk with
                             finish_reason "stop", a usage chunk if `stream_options.include_usage`,
                             then `data: [DONE]`.
  GET  /v1/models            the configured model names.

Options
  delay        seconds to wait before answering each chat request (requests are served concurrently,
               one thread per connection, so N parallel calls with delay=1 take about 1 s).
  gather       hold each chat request until this many are in the server at once, then answer them all
               (proves that requests are served concurrently without measuring time; a wave that does
               not fill within MAX_WAIT gets 503).
  chunk_delay  seconds between streamed chunks (time-to-first-token measurements).
  reply        a str, or callable(request_json) -> str; the default `reply_from_sources` writes one
               sentence per numbered source found in the prompt (the drafter's `<<<NGUỒN [n] ...>>>` blocks
               or "[n] text" lines), citing it, using only prompt text; JSON-asking prompts get "{}".
  api_key      when set, requests without "Authorization: Bearer <api_key>" get 401.

Faults (`inject(*faults)`: each applies to the next chat request, in the order injected)
  ("status", code)             that HTTP status with an OpenAI-style error body (429, 500, 503, 401, 404...)
  ("status", code, headers)    the same with extra headers, e.g. {"Retry-After": "1"}
  ("status", code, headers, message)  the same with this error message
  ("timeout", seconds)         wait `seconds` (make it longer than the client timeout) before answering
  ("malformed_json",)          200 whose JSON body (or first SSE data line) is not valid JSON
  ("cut_stream", n)            stream n content chunks, then drop the connection mid-body
                               (no finish_reason, no [DONE], no end of the chunked body)
  ("truncate_stream", n)       stream n content chunks, then end the body cleanly without finish_reason or [DONE]
  ("empty",)                   a well-formed reply with empty content
`fail_when(predicate, fault)` applies `fault` to every chat request whose body satisfies predicate(body)
(checked before the injected queue); `clear_faults()` removes both. The script and the request log live in
`fake_faults`, the default reply and error bodies in `fake_replies`; this module is the HTTP server.

Bounded: every wait is capped (MAX_WAIT) and ends early on `stop()`; idle keep-alive connections time
out; `stop()` shuts the server down, drops open connections and joins the thread.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from assistant.devtools.fake_faults import Fault, FaultScript, RequestRecord
from assistant.devtools.fake_replies import error_body, reply_from_sources

__all__ = ["FakeOpenAIServer", "Fault", "RequestRecord", "reply_from_sources", "main"]

MAX_WAIT = 60.0  # no sleep in the server lasts longer than this
IDLE_TIMEOUT = 10.0  # idle keep-alive connections are closed after this many seconds


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # many clients connect at once in the concurrency benchmark

    def __init__(self, addr: tuple[str, int], owner: FakeOpenAIServer) -> None:
        self.owner = owner
        super().__init__(addr, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # clients hanging up (timeouts, cut streams) are expected
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr logging
        pass

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, add=False)

    # ------------------------------------------------------------------ plumbing
    def _send_json(self, code: int, payload: Any, headers: dict[str, str] | None = None, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _send_error(self, code: int, headers: dict[str, str] | None = None, message: str | None = None) -> None:
        self._send_json(code, error_body(code, message), headers)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _event(self, payload: Any) -> None:
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        self._chunk(f"data: {text}\n\n".encode())

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, 64 * 1024 * 1024)) if length > 0 else b""

    # ------------------------------------------------------------------ endpoints
    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/").endswith("/models"):
            owner = self.server.owner
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in owner.models]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_error(404, message=f"No route {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        owner = self.server.owner
        raw = self._read_body()
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_error(404, message=f"No route {self.path}")
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._send_error(400, message="Request body is not valid JSON")
            return
        fault = owner._script.record(self.path, body, {k.lower(): v for k, v in self.headers.items()})
        if owner.api_key is not None and self.headers.get("Authorization") != f"Bearer {owner.api_key}":
            self._send_error(401)
            return
        if owner.delay and owner._wait(owner.delay):
            return
        if owner.gather > 1 and not owner._gathered():
            if not owner._stopping.is_set():
                self._send_error(503, message=f"fewer than {owner.gather} requests arrived together")
            return
        stream = bool(body.get("stream"))
        kind = fault[0] if fault else None
        if kind == "status":
            self._send_error(int(fault[1]), dict(fault[2] or {}) if len(fault) > 2 else None,
                             message=str(fault[3]) if len(fault) > 3 else None)
            return
        if kind == "timeout":
            if owner._wait(float(fault[1])):
                return
            kind = None  # the client has normally given up by now; answer anyway
        text = "" if kind == "empty" else owner._reply_text(body)
        model = str(body.get("model") or owner.models[0])
        if stream:
            self._stream(text, model, body, fault if kind in ("malformed_json", "cut_stream", "truncate_stream") else None)
        elif kind == "malformed_json":
            self._send_json(200, None, raw=b'{"id": "chatcmpl-broken", "choices": [ {"message": ')
        else:
            self._send_json(200, owner._completion(text, model))

    def _stream(self, text: str, model: str, body: dict[str, Any], fault: Fault | None) -> None:
        owner = self.server.owner
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        cid, created = owner._next_id(), int(time.time())

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model, "choices": [choice]}

        if fault and fault[0] == "malformed_json":
            self._chunk(b'data: {"id": "chatcmpl-broken", "choices": [{"delta": \n\n')
            self._chunk(b"")
            return
        pieces = re.findall(r"\s*\S+", text) or ([text] if text else [])
        limit = int(fault[1]) if fault else None
        self._event(chunk({"role": "assistant", "content": ""}))
        for i, piece in enumerate(pieces):
            if limit is not None and i >= limit:
                break
            if owner.chunk_delay and owner._wait(owner.chunk_delay):
                return
            self._event(chunk({"content": piece}))
        if fault and fault[0] == "cut_stream":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)  # mid-body: no terminating chunk
            except OSError:
                pass
            return
        if fault and fault[0] == "truncate_stream":
            self._chunk(b"")  # a clean end of body, but no finish_reason and no [DONE]
            return
        self._event(chunk({}, "stop"))
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = owner._usage(text)
            self._event({"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                         "choices": [], "usage": usage})
        self._event("[DONE]")
        self._chunk(b"")


@dataclass
class FakeOpenAIServer:
    """See the module docstring. Use as a context manager, or `start()` / `stop()`."""

    delay: float = 0.0
    reply: str | Callable[[dict[str, Any]], str] | None = None
    chunk_delay: float = 0.0
    models: list[str] = field(default_factory=lambda: ["fake-model"])
    api_key: str | None = None
    port: int = 0
    gather: int = 0

    def __post_init__(self) -> None:
        self._script = FaultScript()
        self._lock = self._script.lock
        self._barrier = threading.Barrier(self.gather) if self.gather > 1 else None
        self._conns: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._ids = 0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> FakeOpenAIServer:
        if self._server is None:
            self._stopping.clear()
            self._server = _Server(("127.0.0.1", self.port), self)
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        if self._barrier is not None:
            self._barrier.abort()  # wake requests held for a wave that will not fill
        server.shutdown()
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeOpenAIServer is not running: call start() or use it as a context manager")
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    # ------------------------------------------------------------------ faults
    def inject(self, *faults: Fault) -> FakeOpenAIServer:
        self._script.inject(*faults)
        return self

    def fail_when(self, predicate: Callable[[dict[str, Any]], bool], fault: Fault) -> FakeOpenAIServer:
        self._script.fail_when(predicate, fault)
        return self

    def clear_faults(self) -> None:
        self._script.clear()

    @property
    def log(self) -> list[RequestRecord]:
        """RequestRecord per chat request received, in order (the live list)."""
        return self._script.log

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self._script.bodies()

    @property
    def pending_faults(self) -> int:
        return self._script.pending

    # ------------------------------------------------------------------ used by the handler
    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            (self._conns.add if add else self._conns.discard)(conn)

    def _wait(self, seconds: float) -> bool:
        """Sleep up to `seconds` (capped); True when the server is stopping."""
        return self._stopping.wait(min(max(seconds, 0.0), MAX_WAIT))

    def _gathered(self) -> bool:
        """Wait until `gather` requests are held at once; False when the wave did not fill (or stopping)."""
        assert self._barrier is not None
        try:
            self._barrier.wait(timeout=MAX_WAIT)
            return True
        except threading.BrokenBarrierError:
            return False

    def _next_id(self) -> str:
        with self._lock:
            self._ids += 1
            return f"chatcmpl-fake-{self._ids}"

    def _reply_text(self, body: dict[str, Any]) -> str:
        if self.reply is None:
            return reply_from_sources(body)
        return self.reply(body) if callable(self.reply) else str(self.reply)

    @staticmethod
    def _usage(text: str) -> dict[str, int]:
        n = len(text.split())
        return {"prompt_tokens": 10, "completion_tokens": n, "total_tokens": 10 + n}

    def _completion(self, text: str, model: str) -> dict[str, Any]:
        choice = {"index": 0, "message": {"role": "assistant", "content": text}, "logprobs": None, "finish_reason": "stop"}
        return {
            "id": self._next_id(), "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [choice], "usage": self._usage(text),
        }


def main(argv: list[str] | None = None) -> None:
    """`python -m assistant.devtools.fake_openai [--port 8089] [--delay 1] [--seconds 3600]`: serve for a while,
    to try the assistant's OpenAI backend without a real model (OPENAI_BASE_URL=<printed URL>)."""
    import argparse

    p = argparse.ArgumentParser(description="Fake OpenAI-compatible chat server on 127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    p.add_argument("--chunk-delay", type=float, default=0.02, help="seconds between streamed words")
    p.add_argument("--seconds", type=float, default=3600.0, help="stop after this long")
    a = p.parse_args(argv)
    with FakeOpenAIServer(port=a.port, delay=a.delay, chunk_delay=a.chunk_delay) as srv:
        print(f"OPENAI_BASE_URL={srv.base_url}", flush=True)
        try:
            srv._stopping.wait(a.seconds)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
