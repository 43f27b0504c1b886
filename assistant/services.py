"""The one composition root: builds every service from Settings.

The CLI and the UI call `build_services(settings)` once and pass the result around; heavy
objects (the store, the chat model, the workspace DB) are created on first use so that a
command that needs none of them starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from assistant.config import Settings

if TYPE_CHECKING:
    from assistant.store.facade import KnowledgeStore
    from assistant.workspace.db import Workspace


@dataclass
class Services:
    settings: Settings
    _overrides: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def store(self) -> KnowledgeStore:
        if "store" in self._overrides:
            return self._overrides["store"]
        from assistant.store.facade import KnowledgeStore

        return KnowledgeStore(self.settings)

    def chat_model(self, backend: str | None = None, model: str | None = None) -> Any:
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


def build_services(settings: Settings | None = None, **overrides: Any) -> Services:
    """Overrides (store=..., chat_model=..., workspace=...) let tests inject fakes."""
    return Services(settings or Settings(), dict(overrides))
