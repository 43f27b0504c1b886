"""Chat-model factory: an OpenAI-compatible endpoint through langchain-openai, or none (offline).

`make_chat_model(settings)` returns an `OpenAIChatModel` or None (the offline drafter). Any server that
speaks the OpenAI chat-completions protocol works: OpenAI itself, Ollama (`http://localhost:11434/v1`),
vLLM (`http://localhost:8000/v1`), the llama.cpp server (`http://localhost:8080/v1`); see docs/models.md.

Retries are ours, not the SDK's (ChatOpenAI gets `max_retries=0`), so every fault is handled the same way:
429 (waits at least Retry-After / retry-after-ms, capped), 408/409/5xx, timeouts and connection errors,
malformed JSON, streams cut off (an error mid-stream, or an end without finish_reason) and empty replies
are retried up to `settings.max_retries` times with capped exponential backoff and jitter; 400/401/403/404
fail at once. What still fails raises `ModelCallError` with a Vietnamese reason.

Streaming and retries: `Token(text)` events go to `on_event` as they arrive. When an attempt fails after some
tokens were already passed on, `on_event(StreamReset())` is called before the next attempt (and before the final
error): a consumer that shows the stream clears what it has shown for this call. `OpenAIChatModel(on_retry=...)`
also reports each retry as (attempt, reason, delay_seconds) for a status line; retries are logged as warnings.

The reply comes back as a `ChatResponse` with the finish reason and the token usage: the client asks for usage
in the stream (`stream_options.include_usage`); a server that does not report it leaves `usage` None, and one
that rejects the option (HTTP 400 naming stream_options) is asked again without it, for the life of the model.

The API key is never logged nor put in a message or repr. Importing this module is cheap: langchain and
the OpenAI SDK are imported when the first model is built.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import ssl
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from assistant.llm.chat import ChatModel, ChatResponse, ModelCallError, StreamCallback, StreamReset, Token
from assistant.llm.openai_wire import (
    content_text,
    exception_chain,
    merge_meta,
    retry_after_seconds,
    server_message,
    strip_thinking,
    token_usage,
    transport_errors,
)
from assistant.types import TokenUsage, UserError

if TYPE_CHECKING:
    from assistant.config import Settings

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
LOCAL_DUMMY_KEY = "not-needed"  # Ollama, llama.cpp and vLLM (without --api-key) ignore the key
BACKOFF_CAP = 20.0  # seconds, longest wait between two attempts from backoff
RETRY_AFTER_CAP = 30.0  # seconds, longest Retry-After we honour
RetryHook = Callable[[int, str, float], None]


def make_chat_model(settings: Settings, backend: str | None = None, model: str | None = None) -> ChatModel | None:
    """The chat model the settings (or the explicit `backend` / `model`) ask for; None means offline."""
    chosen = settings.resolved_backend if backend in (None, "", "auto") else backend
    if chosen == "offline":
        return None
    if chosen != "openai":
        raise UserError(f"Backend không hợp lệ: {chosen!r}. Chọn 'offline' hoặc 'openai'.")
    if not settings.openai_base_url and not settings.openai_api_key:
        raise UserError(
            "Chưa cấu hình mô hình ngôn ngữ: đặt biến môi trường OPENAI_API_KEY (dùng OpenAI) hoặc "
            "OPENAI_BASE_URL (máy chủ tương thích OpenAI như Ollama http://localhost:11434/v1, vLLM, llama.cpp), "
            "hoặc dùng --backend offline."
        )
    return OpenAIChatModel(settings, model or settings.model)


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _UsageOptionRejected(Exception):
    """The server refused `stream_options`: ask again without it (not counted as an attempt)."""


class OpenAIChatModel:
    """`ChatModel` over any OpenAI-compatible endpoint (langchain-openai `ChatOpenAI`, streaming)."""

    def __init__(
        self,
        settings: Settings,
        model: str | None = None,
        *,
        streaming: bool = True,
        on_retry: RetryHook | None = None,
    ) -> None:
        self.settings = settings
        self.model = model or settings.model
        self.name = self.model
        self.base_url = (settings.openai_base_url or DEFAULT_BASE_URL).rstrip("/")
        self.streaming = streaming
        self.on_retry = on_retry
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        self._api_key = key or LOCAL_DUMMY_KEY
        self._secret = key
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[Any, Any]] = weakref.WeakKeyDictionary()
        self._rng = random.Random()
        self._stream_usage = True  # set False once a server rejects stream_options

    def __repr__(self) -> str:
        return f"OpenAIChatModel(model={self.model!r}, base_url={self.base_url!r})"

    # ------------------------------------------------------------------ client
    async def _chat(self) -> Any:
        """One ChatOpenAI per event loop: an httpx pool must not outlive the loop it was made on. Its
        connections are closed when the loop shuts down (asyncio.run closes open async generators)."""
        loop = asyncio.get_running_loop()
        entry = self._clients.get(loop)
        if entry is None:
            chat, http = self._build_client()
            closer = _close_on_loop_shutdown(http)
            await closer.__anext__()
            entry = self._clients[loop] = (chat, closer)
        return entry[0]

    def _build_client(self) -> tuple[Any, Any]:
        from langchain_openai import ChatOpenAI

        httpx = _http_lib()

        s = self.settings
        host = (urlparse(self.base_url).hostname or "").lower()
        local = host in ("localhost", "::1") or host.startswith("127.")
        http = httpx.AsyncClient(
            timeout=httpx.Timeout(s.request_timeout, connect=min(s.request_timeout, 10.0)),
            limits=httpx.Limits(max_connections=max(64, 2 * s.concurrency), max_keepalive_connections=32),
            trust_env=not local,  # a proxy from the environment must not capture a local server
            verify=_ssl_context(),  # built once per process: loading the CA bundle costs 50-500 ms
        )
        chat = ChatOpenAI(
            model=self.model,
            base_url=self.base_url,
            api_key=self._api_key,
            temperature=s.temperature,
            timeout=s.request_timeout,
            max_retries=0,
            streaming=self.streaming,
            stream_chunk_timeout=s.request_timeout,
            http_async_client=http,
        )
        return chat, http

    # ------------------------------------------------------------------ ChatModel
    async def agenerate(self, system: str, user: str, on_event: StreamCallback | None = None) -> ChatResponse:
        from langchain_core.messages import HumanMessage, SystemMessage

        messages = [SystemMessage(content=system), HumanMessage(content=user)]
        attempts = max(0, self.settings.max_retries) + 1
        reason = ""
        started = time.perf_counter()
        attempt = 1
        while attempt <= attempts:
            state = {"streamed": False}
            try:
                reply = await self._attempt(messages, on_event, state)
            except _UsageOptionRejected:
                self._reset(on_event, state)
                log.info("Máy chủ %s không nhận stream_options; gọi lại không yêu cầu thống kê token", self.base_url)
                self._stream_usage = False
                continue
            except _Retryable as e:
                reason = e.reason
                self._reset(on_event, state)
                if attempt == attempts:
                    break
                delay = self._delay(attempt, e.retry_after)
                log.warning("Gọi mô hình %s lỗi (lần %d/%d): %s; thử lại sau %.1f s", self.model, attempt, attempts, reason, delay)
                if self.on_retry:
                    self.on_retry(attempt, reason, delay)
                await asyncio.sleep(delay)
                attempt += 1
                continue
            except ModelCallError as e:
                self._reset(on_event, state)
                log.warning("%s", e)
                raise
            duration = time.perf_counter() - started
            log.debug("Mô hình %s trả lời sau %d lần gọi, %.2f s: finish_reason=%s, usage=%s",
                      reply.model, attempt, duration, reply.finish_reason, reply.usage)
            return ChatResponse(text=reply.text, model=reply.model, finish_reason=reply.finish_reason,
                                usage=reply.usage, attempts=attempt, duration_s=round(duration, 3))
        error = ModelCallError(f"Gọi mô hình {self.model} thất bại sau {attempts} lần thử: {reason}")
        log.warning("%s", error)
        raise error

    @staticmethod
    def _reset(on_event: StreamCallback | None, state: dict[str, bool]) -> None:
        if state["streamed"] and on_event:
            on_event(StreamReset())

    async def _attempt(self, messages: list[Any], on_event: StreamCallback | None, state: dict[str, bool]) -> ChatResponse:
        chat = await self._chat()
        parts: list[str] = []
        meta: dict[str, Any] = {}
        usage: TokenUsage | None = None
        try:
            if self.streaming:
                async for chunk in chat.astream(messages, stream_usage=self._stream_usage):
                    piece = content_text(chunk.content)
                    merge_meta(meta, chunk.response_metadata)
                    usage = token_usage(getattr(chunk, "usage_metadata", None)) or usage
                    if piece:
                        parts.append(piece)
                        if on_event:
                            on_event(Token(piece))
                            state["streamed"] = True
            else:
                msg = await chat.ainvoke(messages)
                merge_meta(meta, msg.response_metadata)
                usage = token_usage(getattr(msg, "usage_metadata", None))
                parts.append(content_text(msg.content))
                if on_event and parts[0]:
                    on_event(Token(parts[0]))
                    state["streamed"] = True
        except Exception as e:  # noqa: BLE001 - classified below; unknown errors re-raised as they are
            mapped = self._classify(e)
            if mapped is e:
                raise
            raise mapped from e
        text = strip_thinking("".join(parts))
        finish = meta.get("finish_reason")
        if finish is None:
            raise _Retryable("luồng trả lời bị ngắt giữa chừng (không có finish_reason)")
        if not text.strip():
            raise _Retryable("mô hình trả lời rỗng")
        return ChatResponse(text=text, model=meta.get("model_name") or self.model, finish_reason=finish, usage=usage)

    # ------------------------------------------------------------------ errors and waits
    def _classify(self, e: Exception) -> Exception:
        import openai

        timeouts, transport, broken = transport_errors()
        if isinstance(e, openai.APIStatusError):
            return self._status_error(e)
        if isinstance(e, (openai.APITimeoutError, asyncio.TimeoutError, TimeoutError, *timeouts)):
            return _Retryable(f"hết thời gian chờ ({self.settings.request_timeout:g} s) tại {self.base_url}")
        if isinstance(e, (openai.APIConnectionError, *transport)):
            if any(isinstance(x, broken) for x in exception_chain(e)):
                return _Retryable(f"kết nối tới {self.base_url} bị ngắt giữa chừng")
            return _Retryable(f"không kết nối được tới {self.base_url} (máy chủ mô hình đã chạy chưa?)")
        if isinstance(e, (json.JSONDecodeError, openai.APIResponseValidationError, ValueError, KeyError)):
            return _Retryable("máy chủ trả về dữ liệu JSON không hợp lệ")
        if isinstance(e, openai.APIError):  # e.g. an error event inside the stream
            return _Retryable(f"máy chủ báo lỗi: {self._scrub(getattr(e, 'message', str(e)))}")
        return e

    def _status_error(self, e: Any) -> Exception:
        code = int(e.status_code)
        detail = self._scrub(server_message(e))
        if code == 429:
            if "insufficient_quota" in str(getattr(e, "body", "") or "") + detail:
                return self._fatal(f"tài khoản tại {self.base_url} đã hết hạn mức sử dụng (HTTP 429 insufficient_quota)")
            return _Retryable("máy chủ báo quá tải / vượt giới hạn tần suất (HTTP 429)", retry_after_seconds(e.response))
        if code in (408, 409) or code >= 500:
            return _Retryable(f"lỗi máy chủ HTTP {code}: {detail}", retry_after_seconds(e.response) if code == 503 else None)
        if code == 401:
            return self._fatal(
                f"khóa API không hợp lệ (HTTP 401) tại {self.base_url}: kiểm tra OPENAI_API_KEY"
            )
        if code == 403:
            return self._fatal(f"không có quyền dùng mô hình {self.model} tại {self.base_url} (HTTP 403)")
        if code == 404:
            return self._fatal(
                f"không tìm thấy mô hình {self.model} tại {self.base_url} (HTTP 404): kiểm tra BAOCAO_MODEL "
                "và OPENAI_BASE_URL (thường kết thúc bằng /v1)"
            )
        if code == 400 and self._stream_usage and self.streaming and "stream_options" in detail.lower():
            return _UsageOptionRejected(detail)
        if code == 400 and any(k in detail.lower() for k in ("context", "too long", "maximum", "token")):
            return self._fatal(f"lời nhắc quá dài so với cửa sổ ngữ cảnh của mô hình {self.model} (HTTP 400): {detail}")
        return self._fatal(f"máy chủ từ chối yêu cầu (HTTP {code}): {detail}")

    def _fatal(self, reason: str) -> ModelCallError:
        return ModelCallError(f"Gọi mô hình {self.model} thất bại: {reason}")

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        base = max(self.settings.retry_base_delay, 0.0)
        backoff = min(BACKOFF_CAP, base * 2 ** (attempt - 1))
        backoff = backoff / 2 + self._rng.uniform(0, backoff / 2)  # equal jitter
        if retry_after is not None:
            return max(min(retry_after, RETRY_AFTER_CAP), backoff)
        return backoff

    def _scrub(self, text: str) -> str:
        text = " ".join(str(text).split())[:300]
        return text.replace(self._secret, "***") if self._secret else text


async def _close_on_loop_shutdown(http: Any) -> Any:
    """Parked async generator: the loop's shutdown_asyncgens() (run by asyncio.run) closes it, and with it `http`."""
    try:
        yield
    finally:
        await http.aclose()


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    try:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:  # pragma: no cover - certifi comes with httpx
        return ssl.create_default_context()


def _http_lib() -> Any:
    """The httpx flavour the installed OpenAI SDK is built on (httpx2 for openai>=3, else httpx)."""
    try:
        from langchain_openai._compat import httpx
    except ImportError:  # pragma: no cover - older langchain-openai
        import httpx
    return httpx
