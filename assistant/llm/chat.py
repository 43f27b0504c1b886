"""The one small chat-model interface the drafter talks to, and a scripted fake for tests.

Backends (see `assistant.llm.openai_client.make_chat_model`): an OpenAI-compatible endpoint through langchain-openai,
or none at all (offline drafter). The drafter only ever calls `agenerate`, which returns a `ChatResponse` (text,
model, finish reason, token usage, attempts) and streams typed events to a callback as the reply arrives:
`Token(text)` for each piece, `StreamReset()` when what was streamed so far for this call must be discarded
(the call is retried, or fails after a cut stream).
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, Union, runtime_checkable

from assistant.types import TokenUsage


@dataclass(frozen=True)
class Token:
    """A piece of the reply, in order; the pieces of the last attempt joined are the reply."""

    text: str


@dataclass(frozen=True)
class StreamReset:
    """Discard what was streamed for this call so far: a retry follows (or the call fails)."""


StreamEvent = Union[Token, StreamReset]
StreamCallback = Callable[[StreamEvent], None]


@dataclass(frozen=True)
class ChatResponse:
    """One model reply with what the server said about it (kept in the draft artifact for review)."""

    text: str
    model: str | None = None
    finish_reason: str | None = None
    usage: TokenUsage | None = None
    attempts: int = 1
    duration_s: float | None = None


class ModelCallError(Exception):
    """A model call failed for good (after retries); the message says why, in Vietnamese."""


@runtime_checkable
class ChatModel(Protocol):
    name: str

    async def agenerate(self, system: str, user: str, on_event: StreamCallback | None = None) -> ChatResponse:
        """Return the full reply; stream `Token`s (and `StreamReset`s) to `on_event` as they arrive when given."""
        ...


@dataclass
class PromptRecord:
    system: str
    user: str


@dataclass
class FakeChatModel:
    """Scripted replies in order (a str, an Exception to raise, or a callable(system, user) -> str);
    every prompt is recorded in `history` so tests can assert on what was sent."""

    name: str = "fake"
    replies: deque = field(default_factory=deque)
    history: list[PromptRecord] = field(default_factory=list)
    default: str | None = None
    delay: float = 0.0

    def enqueue(self, *replies: object) -> FakeChatModel:
        self.replies.extend(replies)
        return self

    async def agenerate(self, system: str, user: str, on_event: StreamCallback | None = None) -> ChatResponse:
        self.history.append(PromptRecord(system, user))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.replies:
            reply = self.replies.popleft()
        elif self.default is not None:
            reply = self.default
        else:
            raise ModelCallError("FakeChatModel: hết câu trả lời đã lập trình sẵn")
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            reply = reply(system, user)
        text = str(reply)
        pieces = re.findall(r"\s*\S+", text)  # joined pieces == text (up to trailing blanks)
        if on_event:
            for piece in pieces:
                on_event(Token(piece))
        words = len(pieces)
        usage = TokenUsage(prompt_tokens=len((system + user).split()), completion_tokens=words,
                           total_tokens=len((system + user).split()) + words)
        return ChatResponse(text=text, model=self.name, finish_reason="stop", usage=usage)
