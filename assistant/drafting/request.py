"""What a draft run is asked to do (`DraftRequest`) and what it works with (`DraftDeps`).

The request is data: the đề cương, the notes, and which sections to (re)draft and how. The collaborators come
from the composition root (`assistant.services.Services.draft_deps`); the drafter builds none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.types import Draft, Note, Outline, PlanInfo

if TYPE_CHECKING:  # annotations only: building a request imports no drafting machinery
    from assistant.config import Settings
    from assistant.drafting.routing import Embed, Routing
    from assistant.llm.chat import ChatModel
    from assistant.llm.prompts import Prompts
    from assistant.store.facade import KnowledgeStore


@dataclass
class DraftRequest:
    """One draft run: the whole report, or `only` some sections, or (`resume`) the failed and missing ones.

    `existing` is the draft to update (approved sections are never redrafted); `instruction` is the drafter's
    extra wish for a redraft ("viết ngắn gọn hơn"); `routing` is a note routing computed ahead (the UI's cache),
    used instead of routing the notes again.
    """

    outline: Outline
    notes: list[Note]
    plan: PlanInfo | None = None
    unit: str | None = None
    only: set[str] | None = None
    resume: bool = False
    instruction: str | None = None
    existing: Draft | None = None
    routing: Routing | None = None


@dataclass
class DraftDeps:
    """The collaborators of a draft run. No `chat` means the offline writer; `prompts` are needed with a model;
    no `store` means no passages from past reports (notes only)."""

    settings: Settings
    embed: Embed
    chat: ChatModel | None = None
    store: KnowledgeStore | None = None
    prompts: Prompts | None = None

    def __post_init__(self) -> None:
        if self.chat is not None and self.prompts is None:
            raise ValueError("DraftDeps: a chat model needs the prompts (services.prompts)")
