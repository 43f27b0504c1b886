"""Note routing of a report, computed ahead of the click on "Soạn thảo".

Routing (embedding every note and section, then asking the model about uncertain notes when one is
configured) is what the drafter does before it can write the first word. The workspace computes it in
the background as soon as a report is opened or its notes or đề cương change, and hands the result to
the drafter (`DraftRequest.routing`), so the first streamed token does not wait for it.

This is a content-addressed cache of derived data (key: đề cương + notes + embedder + model), one per
`Services` (built by the composition root); it holds no per-user state. Entries are deep-copied on use.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from assistant.drafting.routing import Embed, Routing, RoutingKnobs, arefine_routing, route_notes
from assistant.llm.chat import ChatModel
from assistant.llm.prompts import Prompts
from assistant.types import Note, Outline

log = logging.getLogger(__name__)

MAX_ENTRIES = 16


class RoutingCache:
    """`embed` routes by similarity; `prompts` (called when needed) lets the model settle uncertain notes;
    `warm(outline)` runs after a routing is computed (the services use it to embed each section's search query)."""

    def __init__(self, embed: Embed, prompts: Callable[[], Prompts], embedder: str, knobs: RoutingKnobs,
                 warm: Callable[[Outline], None] | None = None) -> None:
        self.embed, self.prompts, self.embedder, self.knobs, self.warm = embed, prompts, embedder, knobs, warm
        self._lock = threading.Lock()
        self._done: OrderedDict[str, Routing] = OrderedDict()
        self._running: dict[str, threading.Event] = {}

    def key(self, outline: Outline, notes: list[Note], chat: ChatModel | None) -> str:
        blob = json.dumps([outline.model_dump(mode="json"), [n.model_dump(mode="json") for n in notes],
                           self.embedder, getattr(chat, "name", None)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()

    def prefetch(self, outline: Outline, notes: list[Note], chat: ChatModel | None) -> None:
        """Starts computing this routing in the background (no-op when known or running). It counts as running
        from this call on, so a `get` right after waits for it instead of missing it."""
        k = self.key(outline, notes, chat)
        with self._lock:
            if k in self._done or k in self._running:
                return
            event = self._running[k] = threading.Event()
        threading.Thread(target=self._fill, args=(k, event, outline, notes, chat), daemon=True, name="routing").start()

    def get(self, outline: Outline, notes: list[Note], chat: ChatModel | None, wait_s: float = 30.0) -> Routing | None:
        """The routing for these inputs: cached, or the one being computed (waits for it), else None."""
        k = self.key(outline, notes, chat)
        with self._lock:
            hit = self._done.get(k)
            event = self._running.get(k)
        if hit is None and event is not None and event.wait(wait_s):
            with self._lock:
                hit = self._done.get(k)
        return copy.deepcopy(hit) if hit is not None else None

    def _fill(self, k: str, event: threading.Event, outline: Outline, notes: list[Note], chat: ChatModel | None) -> None:
        try:
            routing = self._compute(outline, notes, chat)
            with self._lock:
                self._done[k] = routing
                while len(self._done) > MAX_ENTRIES:
                    self._done.popitem(last=False)
            if self.warm is not None:
                self.warm(outline)
        except Exception:  # the drafter will route by itself
            log.debug("Không tính trước được cách xếp ghi chú", exc_info=True)
        finally:
            with self._lock:
                self._running.pop(k, None)
            event.set()

    def _compute(self, outline: Outline, notes: list[Note], chat: ChatModel | None) -> Routing:
        routing = route_notes(outline, notes, self.embed, self.knobs)
        if chat is not None:
            try:
                asyncio.run(arefine_routing(routing, outline, notes, chat, self.prompts(), self.knobs))
            except Exception as exc:  # model help is optional, as in the drafter
                log.info("Bỏ qua bước phân loại bằng mô hình: %s", exc)
        return routing
