"""The one small chat-model interface the drafter talks to, and a scripted fake for tests.

Backends (see `assistant.llm.openai_client.make_chat_model`): an OpenAI-compatible endpoint through langchain-openai,
or none at all (offline drafter). The drafter only ever calls `agenerate`.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

TokenCallback = Callable[[str], None]


class ModelCallError(Exception):
    """A model call failed for good (after retries); the message says why, in Vietnamese."""


@runtime_checkable
class ChatModel(Protocol):
    name: str

    async def agenerate(self, system: str, user: str, on_token: TokenCallback | None = None) -> str:
        """Return the full reply; stream pieces to `on_token` as they arrive when given."""
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

    async def agenerate(self, system: str, user: str, on_token: TokenCallback | None = None) -> str:
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
        if on_token:
            for piece in re.findall(r"\s*\S+", text):  # joined pieces == text
                on_token(piece)
        return text
