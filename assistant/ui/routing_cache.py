"""Note routing of a report, computed ahead of the click on "Soạn thảo".

Routing (embedding every note and section, then asking the model about uncertain notes when one is
configured) is what the drafter does before it can write the first word. The workspace computes it in
the background as soon as a report is opened or its notes or đề cương change, and hands the result to
the drafter, so the first streamed token does not wait for it.

This is a content-addressed cache of derived data (key: đề cương + notes + embedder + model), owned by
one app instance; it holds no per-user state. Entries are deep-copied on use.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import threading
from collections import OrderedDict

from assistant.types import Note, Outline

MAX_ENTRIES = 16


class RoutingCache:
    def __init__(self, services):
        self.services = services
        self._lock = threading.Lock()
        self._done: OrderedDict[str, object] = OrderedDict()
        self._running: dict[str, threading.Event] = {}

    def key(self, outline: Outline, notes: list[Note], chat) -> str:
        s = self.services.settings
        blob = json.dumps([outline.model_dump(mode="json"), [n.model_dump(mode="json") for n in notes],
                           s.embedder, getattr(chat, "name", None)], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()

    def prefetch(self, report_id: str) -> None:
        """Starts computing the routing of this report in the background (no-op when known or running)."""
        ws = self.services.workspace
        try:
            outline, notes = ws.get_outline(report_id), ws.get_notes(report_id)
        except Exception:
            return
        if outline is None or not notes:
            return
        threading.Thread(target=self._ensure, args=(outline, notes), daemon=True, name="routing").start()

    def get(self, outline: Outline, notes: list[Note], chat, wait_s: float = 30.0):
        """The routing for these inputs: cached, or the one being computed (waits for it), else None."""
        k = self.key(outline, notes, chat)
        with self._lock:
            hit = self._done.get(k)
            event = self._running.get(k)
        if hit is None and event is not None and event.wait(wait_s):
            with self._lock:
                hit = self._done.get(k)
        return copy.deepcopy(hit) if hit is not None else None

    def _ensure(self, outline: Outline, notes: list[Note]) -> None:
        try:
            chat = self.services.chat_model()
        except Exception:
            return
        k = self.key(outline, notes, chat)
        with self._lock:
            if k in self._done or k in self._running:
                return
            event = self._running[k] = threading.Event()
        try:
            routing = self._compute(outline, notes, chat)
            with self._lock:
                self._done[k] = routing
                while len(self._done) > MAX_ENTRIES:
                    self._done.popitem(last=False)
            self._warm_passages(outline)
        except Exception:  # the drafter will route by itself
            pass
        finally:
            with self._lock:
                self._running.pop(k, None)
            event.set()

    def _compute(self, outline: Outline, notes: list[Note], chat):
        from assistant.drafting.orchestrate import make_embed
        from assistant.drafting.routing import RoutingKnobs, arefine_routing, route_notes

        knobs = RoutingKnobs.from_settings(self.services.settings)
        routing = route_notes(outline, notes, make_embed(self.services.settings), knobs)
        if chat is not None:
            from assistant.llm.prompts import load_prompts

            try:
                prompts = load_prompts(self.services.settings.prompts_dir)
                asyncio.run(arefine_routing(routing, outline, notes, chat, prompts, knobs))
            except Exception:  # model help is optional, as in the drafter
                pass
        return routing

    def _warm_passages(self, outline: Outline) -> None:
        """Embeds each section's search query once, so the drafter's passage search is quick."""
        try:
            store = self.services.store
            for s in outline.leaves():
                store.search(" ".join([s.title, *s.guidance]), k=6)
        except Exception:
            pass
