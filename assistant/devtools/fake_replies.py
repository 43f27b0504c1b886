"""What the fake OpenAI-compatible server says: the default reply built from the prompt's sources,
and OpenAI-style error bodies. Pure functions over request JSON; no HTTP here."""

from __future__ import annotations

import re
from typing import Any

# status → (error type, message), as the OpenAI API words them
ERRORS = {
    400: ("invalid_request_error", "Bad request"),
    401: ("invalid_request_error", "Incorrect API key provided"),
    403: ("permission_denied", "You are not allowed to use this model"),
    404: ("invalid_request_error", "The model does not exist or you do not have access to it"),
    429: ("rate_limit_exceeded", "Rate limit reached, please retry later"),
    500: ("server_error", "The server had an error while processing your request"),
    502: ("server_error", "Bad gateway"),
    503: ("server_error", "The engine is currently overloaded, please try again later"),
}

_SOURCE_BLOCK = re.compile(r"<<<\s*NGUỒN\s*\[(\d{1,3})\][^\n]*>>>\s*\n(.*?)\n\s*<<<\s*HẾT NGUỒN\s*>>>", re.S)
_SOURCE_LINE = re.compile(r"^\s*[\[(](\d{1,3})[\])][\s:.\-–]*(.+?)\s*$", re.M)


def error_body(code: int, message: str | None = None) -> dict[str, Any]:
    kind, default = ERRORS.get(code, ("server_error", f"HTTP {code}"))
    return {"error": {"message": message or default, "type": kind, "param": None, "code": kind}}


def _user_text(body: dict[str, Any]) -> str:
    msgs = body.get("messages") or []
    parts = []
    for m in msgs:
        if m.get("role") == "user":
            content = m.get("content")
            if isinstance(content, list):  # content blocks
                content = " ".join(str(b.get("text", "")) for b in content if isinstance(b, dict))
            parts.append(str(content or ""))
    return "\n".join(parts)


def _system_text(body: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content") or "") for m in body.get("messages") or [] if m.get("role") == "system")


def reply_from_sources(body: dict[str, Any], max_sources: int = 3) -> str:
    """Default reply, built only from text in the prompt (so citation checks and the number lock pass):
    one sentence per numbered source, citing it as [n]. Sources are found as the drafter's quoted blocks
    (`<<<NGUỒN [n] ...>>>` ... `<<<HẾT NGUỒN>>>`) or as lines "[n] text". A prompt whose system message
    asks for JSON (the routing step) gets "{}" (no opinion)."""
    if "JSON" in _system_text(body):
        return "{}"
    user = _user_text(body)
    found = [(m.group(1), m.group(2)) for m in _SOURCE_BLOCK.finditer(user)]
    if not found:
        found = [(m.group(1), m.group(2)) for m in _SOURCE_LINE.finditer(user)]
    sentences = []
    seen: set[str] = set()
    for n, raw in found:
        text = raw.strip().splitlines()[0].strip().strip("\"'«»“”").strip() if raw.strip() else ""
        if not text or n in seen:
            continue
        seen.add(n)
        sentences.append(f"{text[0].upper()}{text[1:].rstrip('.;:, ')} [{n}].")
        if len(sentences) >= max_sources:
            break
    return " ".join(sentences) or "Nội dung mục này đã được tổng hợp theo đề cương."
