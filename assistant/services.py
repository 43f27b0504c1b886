"""The one composition root: builds every service from Settings.

The CLI and the UI call `build_services(settings)` once and pass the result around; heavy
objects (the store, the chat model, the workspace DB, the embedder) are created on first use so that
a command that needs none of them starts fast. Nothing below this module builds its own collaborator:
the drafter gets its embedder, prompts, model and store through `draft_deps`, and the routing cache
the UI uses is built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from assistant.config import Settings

if TYPE_CHECKING:
    from assistant.drafting.request import DraftDeps
    from assistant.drafting.routing import Embed
    from assistant.drafting.routing_cache import RoutingCache
    from assistant.llm.chat import ChatModel
    from assistant.llm.prompts import Prompts
    from assistant.store.facade import KnowledgeStore
    from assistant.types import Outline
    from assistant.workspace.db import Workspace


@dataclass
class Services:
    settings: Settings
    _overrides: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def embedding_function(self) -> Any:
        """The configured embedder (e5, or hash in the test profile), shared by the store and the routing."""
        if "embedding_function" in self._overrides:
            return self._overrides["embedding_function"]
        from assistant.store.embeddings import make_embedding_function

        return make_embedding_function(self.settings)

    @cached_property
    def embed(self) -> Embed:
        """The embedder as the routing's `Embed` (texts, "query" | "passage") -> array."""
        if "embed" in self._overrides:
            return self._overrides["embed"]
        ef = self.embedding_function

        def embed(texts: list[str], kind: str):
            import numpy as np

            return np.asarray(ef.embed_query(texts) if kind == "query" else ef(texts), dtype=float)

        return embed

    @cached_property
    def prompts(self) -> Prompts:
        """The prompt templates of `settings.prompts_dir`, checked against their declared variables."""
        if "prompts" in self._overrides:
            return self._overrides["prompts"]
        from assistant.llm.prompts import load_prompts

        return load_prompts(self.settings.prompts_dir)

    @cached_property
    def store(self) -> KnowledgeStore:
        if "store" in self._overrides:
            return self._overrides["store"]
        from assistant.store.facade import KnowledgeStore

        return KnowledgeStore(self.settings, embedding_function=self.embedding_function)

    def chat_model(self, backend: str | None = None, model: str | None = None) -> ChatModel | None:
        """A chat model for drafting, or None for the offline drafter."""
        if "chat_model" in self._overrides:
            return self._overrides["chat_model"]
        from assistant.llm.openai_client import make_chat_model

        return make_chat_model(self.settings, backend=backend, model=model)

    @cached_property
    def workspace(self) -> Workspace:
        if "workspace" in self._overrides:
            return self._overrides["workspace"]
        from assistant.workspace.db import Workspace

        return Workspace(self.settings.data_dir / "workspace.sqlite3")

    @cached_property
    def routing_cache(self) -> RoutingCache:
        """Note routings computed ahead of a draft (one cache per app instance, no per-user state)."""
        from assistant.drafting.routing import RoutingKnobs
        from assistant.drafting.routing_cache import RoutingCache

        return RoutingCache(self.embed, lambda: self.prompts, self.settings.embedder,
                            RoutingKnobs.from_settings(self.settings), warm=self._warm_passages)

    def draft_deps(self, chat: ChatModel | None, *, store: KnowledgeStore | None = None) -> DraftDeps:
        """The drafter's collaborators: this embedder, these prompts (with a model), the given chat and store."""
        from assistant.drafting.request import DraftDeps

        return DraftDeps(settings=self.settings, embed=self.embed, chat=chat, store=store,
                         prompts=self.prompts if chat is not None else None)

    def _warm_passages(self, outline: Outline) -> None:
        """Embeds each section's search query once, so the drafter's passage search is quick."""
        from assistant.drafting.orchestrate import passage_query

        try:
            store = self.store
            for s in outline.leaves():
                store.search(passage_query(s), k=self.settings.passages_per_section, kind=["report"])
        except Exception:  # warming is best effort
            pass


def build_services(settings: Settings | None = None, **overrides: Any) -> Services:
    """Overrides (store=, chat_model=, workspace=, embedding_function=, embed=, prompts=) let tests inject fakes."""
    return Services(settings or Settings(), dict(overrides))
