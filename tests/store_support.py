"""Opening a knowledge store in tests the way the composition root does: with the settings' own embedder."""

from __future__ import annotations

from assistant.config import Settings
from assistant.store.embeddings import make_embedding_function
from assistant.store.facade import KnowledgeStore


def open_store(settings: Settings) -> KnowledgeStore:
    return KnowledgeStore(settings, make_embedding_function(settings))
