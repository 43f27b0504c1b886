"""Reading the OpenAI wire through langchain: reply text and metadata of stream chunks, error bodies, Retry-After
headers, and which transport errors the installed httpx flavours raise. Pure helpers of `openai_client`."""

from __future__ import annotations

import email.utils
import re
import time
from typing import Any

from assistant.types import TokenUsage


def transport_errors() -> tuple[tuple[type, ...], tuple[type, ...], tuple[type, ...]]:
    """(timeouts, transport errors, mid-body breaks) of httpx and httpx2, whichever are installed."""
    timeouts: list[type] = []
    transport: list[type] = []
    broken: list[type] = []
    for name in ("httpx", "httpx2"):
        try:
            mod = __import__(name)
        except ImportError:
            continue
        timeouts.append(mod.TimeoutException)
        transport.append(mod.TransportError)
        broken.extend((mod.RemoteProtocolError, mod.ReadError))
    return tuple(timeouts), tuple(transport), tuple(broken)


def exception_chain(e: BaseException, depth: int = 8) -> list[BaseException]:
    """The exception and its causes (bounded)."""
    out: list[BaseException] = []
    x: BaseException | None = e
    while x is not None and len(out) < depth and x not in out:
        out.append(x)
        x = x.__cause__ or x.__context__
    return out


_THINK = re.compile(r"^\s*<think>.*?</think>\s*", re.S)


def strip_thinking(text: str) -> str:
    """Reasoning models served by Ollama / vLLM may put "<think>...</think>" before the answer."""
    return _THINK.sub("", text, count=1)


def content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content if isinstance(b, (str, dict)))
    return str(content or "")


def merge_meta(meta: dict[str, Any], update: dict[str, Any] | None) -> None:
    """Keeps the last non-empty finish_reason and model name seen in the stream."""
    for key in ("finish_reason", "model_name"):
        value = (update or {}).get(key)
        if value:
            meta[key] = value


def token_usage(metadata: Any) -> TokenUsage | None:
    """langchain's usage_metadata (input/output/total tokens) as TokenUsage; None when the server gave none."""
    if not metadata:
        return None
    get = metadata.get if isinstance(metadata, dict) else lambda k: getattr(metadata, k, None)
    prompt, completion, total = get("input_tokens"), get("output_tokens"), get("total_tokens")
    if not (prompt or completion or total):
        return None
    return TokenUsage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total)


def server_message(e: Any) -> str:
    body = getattr(e, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])
        if isinstance(err, str):
            return err
    return str(getattr(e, "message", "") or e)


def retry_after_seconds(response: Any) -> float | None:
    """Seconds from `retry-after-ms` or `Retry-After` (seconds or an HTTP date); None when absent."""
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    try:
        ms = headers.get("retry-after-ms")
        if ms is not None:
            return max(float(ms) / 1000.0, 0.0)
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, OverflowError):
        return None
