"""Knowledge store: plans, đề cương, past reports and notes, searchable by what a section needs.

- Chroma holds the chunks and their vectors: an embedded PersistentClient in `settings.data_dir/chroma`, or a
  shared server (`settings.chroma_url`) through HttpClient; the same code runs on both. The Chroma side (the two
  collections, the lock between processes, the generation marker) is `collections.StoreCollections`.
- Search is hybrid: Chroma's dense results and BM25 over Vietnamese syllables + bigrams (`bm25`), fused by
  reciprocal rank. Chroma's own hybrid search is cloud-only.
- Writing is `indexing.Indexer`, a collaborator working through the same `StoreCollections`: an unchanged
  document is recognised by its hash before it is even parsed; a changed one replaces its chunks, re-using the
  vectors of chunks whose text did not change. Embedding, the slow part, runs outside the lock.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from assistant.config import Settings
from assistant.store.bm25 import Bm25Index, load_or_build
from assistant.store.collections import StoreCollections
from assistant.store.indexing import Indexer, IndexReport, IndexResult, Progress
from assistant.store.records import FileError, UnreadableFile, chunk_from, document_id, where
from assistant.text.tokens import fold
from assistant.types import DocKind, Document, IndexedDoc, SearchHit

__all__ = [
    "KnowledgeStore", "IndexResult", "IndexReport", "FileError", "UnreadableFile", "Progress", "document_id",
]

SearchMode = Literal["hybrid", "dense", "bm25"]


class KnowledgeStore:
    """The store. Opening it connects (embedded directory or server) and checks that the collection was made by
    this schema and embedder. `embedding_function` comes from the composition root (`Services.store`)."""

    def __init__(self, settings: Settings, embedding_function: Any) -> None:
        self.settings = settings
        self.ef = embedding_function
        self.db = StoreCollections(settings, embedding_function)
        self.indexer = Indexer(settings, embedding_function, self.db)
        self._bm25: Bm25Index | None = None
        self._bm25_lock = threading.Lock()
        self._embed_query = functools.lru_cache(maxsize=256)(self._embed_query_uncached)
        with self.db.locked():
            self.db.collections()

    # ------------------------------------------------------------------ documents

    def index_file(self, path: str | Path, kind: DocKind, unit: str | None = None, year: int | None = None,
                   progress: Progress | None = None) -> IndexResult:
        return self.indexer.index_file(path, kind, unit, year, progress)

    def index_document(self, doc: Document, kind: DocKind, unit: str | None = None, year: int | None = None,
                       progress: Progress | None = None) -> IndexResult:
        return self.indexer.index_document(doc, kind, unit, year, progress)

    def index_paths(self, paths: Iterable[str | Path], kind: DocKind, unit: str | None = None,
                    year: int | None = None, progress: Progress | None = None,
                    on_result: Callable[[Path, IndexResult | FileError], None] | None = None) -> IndexReport:
        return self.indexer.index_paths(paths, kind, unit, year, progress, on_result)

    def list_documents(self) -> list[IndexedDoc]:
        with self.db.locked():
            return self.db.documents()

    def remove(self, doc_id: str) -> bool:
        with self.db.locked():
            return self.db.delete_document(doc_id)

    def count(self) -> int:
        with self.db.locked():
            chunks, _ = self.db.collections()
            return chunks.count()

    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        k: int = 5,
        kind: str | Sequence[str] | None = None,
        unit: str | None = None,
        year: int | None = None,
        doc_id: str | None = None,
        mode: SearchMode = "hybrid",
    ) -> list[SearchHit]:
        """Best k chunks for the query. `kind` may name one kind or several (["report", "plan"])."""
        if not query.strip() or k <= 0:
            return []
        if kind is not None and not isinstance(kind, str):
            kind = sorted(set(kind))
        depth = max(4 * k, self.settings.search_depth)  # candidates from each side before fusion
        qvec = self._embed_query(query) if mode != "bm25" else None
        filters = {"kind": kind, "unit_key": fold(unit) if unit else None, "year": year, "doc_id": doc_id}
        with self.db.locked() as gen:
            chunks, _ = self.db.collections()
            found: dict[str, tuple[str, dict]] = {}  # id → (text, metadata) of records fetched
            dense = self._dense(chunks, qvec, depth, filters, found) if qvec is not None else []
            lexical = self._lexical(gen).top(query, depth, filters) if mode != "dense" else []
            if mode == "hybrid":
                ranked = _fuse(dense, lexical, k, self.settings.rrf_k)
            else:
                ranked = [(i, s, r, None) if mode == "dense" else (i, s, None, r) for r, (i, s) in enumerate(dense or lexical, 1)][:k]
            missing = [i for i, *_ in ranked if i not in found]
            if missing:
                got = chunks.get(ids=missing, include=["documents", "metadatas"])
                found.update({i: (d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])})
        return [
            SearchHit(chunk=chunk_from(i, *found[i]), score=s, dense_rank=dr, bm25_rank=br)
            for i, s, dr, br in ranked
            if i in found
        ]

    @staticmethod
    def _dense(chunks: Any, qvec: Any, depth: int, filters: dict, found: dict) -> list[tuple[str, float]]:
        """Chroma's nearest chunks as (id, cosine similarity); their records go into `found`."""
        res = chunks.query(
            query_embeddings=[qvec], n_results=depth, where=where(filters), include=["documents", "metadatas", "distances"]
        )
        out = []
        for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]):
            out.append((i, 1.0 - float(dist)))
            found[i] = (d, m)
        return out

    def _embed_query_uncached(self, query: str) -> Any:
        return self.ef.embed_query([query])[0]

    def _lexical(self, generation: str) -> Bm25Index:
        """The BM25 index for this generation: in memory, else the disk cache, else rebuilt."""
        with self._bm25_lock:
            if self._bm25 is None or self._bm25.generation != generation:
                self._bm25 = load_or_build(self.cache_dir(), generation, self.db.all_chunks)
            return self._bm25

    def cache_dir(self) -> Path:
        """Where this store's BM25 build is kept: always the local data dir, keyed by store."""
        return Path(self.settings.data_dir) / "bm25" / self.db.cache_key

    def refresh(self) -> None:
        """Bring the BM25 index up to date now (the CLI calls it after indexing)."""
        with self.db.locked() as gen:
            self._lexical(gen)


def _fuse(dense: list[tuple[str, float]], lexical: list[tuple[str, float]], k: int, rrf_k: float) -> list[tuple]:
    """Reciprocal rank fusion: score = Σ 1/(rrf_k + rank). Ties go to the better dense rank."""
    dense_rank = {i: r for r, (i, _) in enumerate(dense, start=1)}
    bm25_rank = {i: r for r, (i, _) in enumerate(lexical, start=1)}
    scores: dict[str, float] = {}
    for ranks in (dense_rank, bm25_rank):
        for i, r in ranks.items():
            scores[i] = scores.get(i, 0.0) + 1.0 / (rrf_k + r)
    order = sorted(scores, key=lambda i: (-scores[i], dense_rank.get(i, 10**9)))
    return [(i, scores[i], dense_rank.get(i), bm25_rank.get(i)) for i in order[:k]]
