"""Knowledge store: plans, đề cương, past reports and notes, searchable by what a section needs.

- Chroma holds the chunks and their vectors: an embedded PersistentClient in
  `settings.data_dir/chroma`, or a shared server (`settings.chroma_url`) through HttpClient. The
  same code runs on both.
- A second collection (`<name>-docs`) lists the indexed documents with their content hash, and
  one record in it (`__store__`) carries a generation marker that every write renews.
- Search is hybrid: Chroma's dense results and BM25 over Vietnamese syllables + bigrams
  (`bm25_index`), fused by reciprocal rank. Chroma's own hybrid search is cloud-only.
- Incremental: an unchanged document is recognised by its hash before it is even parsed; a
  changed one replaces its chunks, re-using the vectors of chunks whose text did not change.
- Two processes: in embedded mode every Chroma access holds an flock on `data_dir/chroma.lock`,
  and a client whose generation is behind the store's is reopened before use (an open embedded
  client does not see vectors another process added, and writing through it would lose them).
  Embedding, the slow part, runs outside the lock.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from assistant.config import Settings
from assistant.store.bm25 import Bm25Index, load_or_build
from assistant.store.chroma_backend import Connection, connection_for, slug
from assistant.store.chunking import index_text
from assistant.store.embeddings import embedder_key, make_embedding_function
from assistant.store.indexing import RECORD_VECTOR, Indexing, IndexReport, IndexResult, Progress
from assistant.store.records import FileError, UnreadableFile, chunk_from, document_id, indexed_doc, now, where
from assistant.text.tokens import fold
from assistant.types import IndexedDoc, SearchHit, UserError

__all__ = [
    "KnowledgeStore", "IndexResult", "IndexReport", "FileError", "UnreadableFile", "Progress", "document_id",
]

SCHEMA_VERSION = 1
_STORE_RECORD = "__store__"

SearchMode = Literal["hybrid", "dense", "bm25"]


class KnowledgeStore(Indexing):
    """The store. Opening it connects (embedded directory or server) and checks that the
    collection was made by this schema and embedder; indexing methods come from `Indexing`."""

    def __init__(self, settings: Settings, embedding_function: Any = None) -> None:
        self.settings = settings
        self.ef = embedding_function or make_embedding_function(settings)
        self._embedder = embedder_key(self.ef)
        self._conn: Connection = connection_for(settings)
        self._name = settings.collection
        self._cols: tuple[int, Any, Any] | None = None  # (connection epoch, chunks, docs)
        self._bm25: Bm25Index | None = None
        self._bm25_lock = threading.Lock()
        self._embed_query = functools.lru_cache(maxsize=256)(self._embed_query_uncached)
        with self._locked():
            pass

    # ------------------------------------------------------------------ Chroma access

    @contextmanager
    def _locked(self) -> Iterator[str]:
        """Hold the store (flock in embedded mode) with a client that is up to date; yields the
        store's generation. Every Chroma access goes through here."""
        with self._conn.lock(), self._conn.guard():
            yield self._sync()

    def _collections(self) -> tuple[Any, Any]:
        client = self._conn.client  # (re)opens when needed, bumping the epoch
        epoch = self._conn.epoch
        if self._cols is None or self._cols[0] != epoch:
            try:
                chunks = client.get_or_create_collection(
                    self._name,
                    embedding_function=self.ef,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"baocao_schema": SCHEMA_VERSION, "embedder": self._embedder},
                )
            except ValueError as exc:
                if "conflict" not in str(exc).lower():
                    raise
                raise UserError(self._mismatch(f"bộ nhúng khác ({exc})")) from exc
            meta = chunks.metadata or {}
            if meta.get("baocao_schema") != SCHEMA_VERSION:
                raise UserError(self._mismatch(f"phiên bản lược đồ {meta.get('baocao_schema')}, cần {SCHEMA_VERSION}"))
            if meta.get("embedder") != self._embedder:
                raise UserError(self._mismatch(f"bộ nhúng {meta.get('embedder')}, đang dùng {self._embedder}"))
            docs = client.get_or_create_collection(f"{self._name}-docs", embedding_function=None)
            self._cols = (epoch, chunks, docs)
        return self._cols[1], self._cols[2]

    def _mismatch(self, what: str) -> str:
        return (
            f"Kho tri thức '{self._name}' tại {self._conn.where} được tạo với {what}. Hãy dùng đúng thiết lập "
            f"đã tạo kho (BAOCAO_EMBEDDER), hoặc đặt tên bộ sưu tập khác (BAOCAO_COLLECTION) / chuyển thư mục kho "
            f"sang chỗ khác rồi chạy lại 'baocao index' để lập chỉ mục lại."
        )

    def _generation(self) -> str:
        _, docs = self._collections()
        got = docs.get(ids=[_STORE_RECORD], include=["metadatas"])
        metas = got.get("metadatas") or []
        return str(metas[0].get("generation", "")) if metas and metas[0] else ""

    def _sync(self) -> str:
        """Reopen a stale embedded client (another process wrote since it was opened). Even a
        read-only stale client must go: it would answer without the other's vectors."""
        gen = self._generation()
        seen = self._conn.seen.get(self._name)
        if seen is not None and gen != seen and self._conn.embedded:
            self._conn.reopen()
            gen = self._generation()
        self._conn.seen[self._name] = gen
        return gen

    def _commit(self) -> None:
        """After a write, still under the lock: renew the generation, and in embedded mode close
        the client, so that what it holds in memory reaches the disk while it is still current
        (a client closed later, after another process wrote, would put back a stale index)."""
        gen = uuid.uuid4().hex
        _, docs = self._collections()
        docs.upsert(
            ids=[_STORE_RECORD],
            embeddings=[RECORD_VECTOR],
            metadatas=[{"generation": gen, "schema": SCHEMA_VERSION, "updated_at": now()}],
        )
        self._conn.seen[self._name] = gen
        if self._conn.embedded:
            self._conn.reopen()

    # ------------------------------------------------------------------ documents

    def _doc(self, doc_id: str) -> IndexedDoc | None:
        _, docs = self._collections()
        got = docs.get(ids=[doc_id], include=["metadatas"])
        return indexed_doc(doc_id, got["metadatas"][0]) if got["ids"] else None

    def list_documents(self) -> list[IndexedDoc]:
        with self._locked():
            _, docs = self._collections()
            got = docs.get(include=["metadatas"])
        out = [indexed_doc(i, m) for i, m in zip(got["ids"], got["metadatas"]) if i != _STORE_RECORD]
        return sorted(out, key=lambda d: (d.kind, d.unit or "", d.file))

    def remove(self, doc_id: str) -> bool:
        with self._locked():
            chunks, docs = self._collections()
            if not docs.get(ids=[doc_id], include=[])["ids"]:
                return False
            chunks.delete(where={"doc_id": doc_id})
            docs.delete(ids=[doc_id])
            self._commit()
        return True

    def count(self) -> int:
        with self._locked():
            chunks, _ = self._collections()
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
        with self._locked() as gen:
            chunks, _ = self._collections()
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
                self._bm25 = load_or_build(self._cache_dir(), generation, self._all_chunks)
            return self._bm25

    def _cache_dir(self) -> Path:
        """Where this store's BM25 build is kept: always the local data dir, keyed by store."""
        name = self._name if self._conn.embedded else f"{slug(self._conn.url)}-{self._name}"
        return Path(self.settings.data_dir) / "bm25" / name

    def _all_chunks(self, page: int = 5000) -> tuple[list[str], list[str], list[dict]]:
        """Every chunk as (ids, index texts, metadatas), read from Chroma page by page."""
        chunks, _ = self._collections()
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict] = []
        for offset in range(0, chunks.count(), page):
            got = chunks.get(include=["documents", "metadatas"], limit=page, offset=offset)
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]):
                ids.append(i)
                metas.append(m)
                texts.append(index_text(chunk_from(i, d, m)))
        return ids, texts, metas

    def refresh(self) -> None:
        """Bring the BM25 index up to date now (the CLI calls it after indexing)."""
        with self._locked() as gen:
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
