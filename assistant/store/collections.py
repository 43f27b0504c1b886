"""The Chroma side of one knowledge store: its two collections, the lock, the generation marker.

- `<name>` holds the chunks and their vectors; `<name>-docs` lists the indexed documents (content hash, counts),
  and one record in it (`__store__`) carries a generation marker that every write renews.
- Two processes: in embedded mode every access holds an flock on `data_dir/chroma.lock`, and a client whose
  generation is behind the store's is reopened before use (an open embedded client does not see vectors another
  process added, and writing through it would lose them).

Both the search (`facade.KnowledgeStore`) and the writer (`indexing.Indexer`) work through one `StoreCollections`,
so neither reaches into the other's internals.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from assistant.config import Settings
from assistant.store.chroma_backend import Connection, connection_for, slug
from assistant.store.chunking import index_text
from assistant.store.embeddings import embedder_key
from assistant.store.records import chunk_from, indexed_doc, now
from assistant.types import IndexedDoc, UserError

SCHEMA_VERSION = 1
STORE_RECORD = "__store__"
RECORD_VECTOR = [1.0]  # the docs collection holds records, not meaning: one fixed 1-d vector


class StoreCollections:
    """Opening connects (embedded directory or server); the collections are checked against this schema and
    embedder on first use. Every access goes through `locked()`."""

    def __init__(self, settings: Settings, embedding_function: Any) -> None:
        self.settings = settings
        self.ef = embedding_function
        self.name = settings.collection
        self._embedder = embedder_key(embedding_function)
        self._conn: Connection = connection_for(settings)
        self._cols: tuple[int, Any, Any] | None = None  # (connection epoch, chunks, docs)

    @property
    def max_batch(self) -> int:
        """The most records one write may carry (the server's limit)."""
        return self._conn.max_batch

    @property
    def cache_key(self) -> str:
        """A name for caches kept beside the store on this machine: the collection, and the server if any."""
        return self.name if self._conn.embedded else f"{slug(self._conn.url)}-{self.name}"

    @contextmanager
    def locked(self) -> Iterator[str]:
        """Hold the store (flock in embedded mode) with a client that is up to date; yields the store's generation."""
        with self._conn.lock(), self._conn.guard():
            yield self._sync()

    def collections(self) -> tuple[Any, Any]:
        """(chunks, docs), opened for the current client. Call inside `locked()`."""
        client = self._conn.client  # (re)opens when needed, bumping the epoch
        epoch = self._conn.epoch
        if self._cols is None or self._cols[0] != epoch:
            try:
                chunks = client.get_or_create_collection(
                    self.name,
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
            docs = client.get_or_create_collection(f"{self.name}-docs", embedding_function=None)
            self._cols = (epoch, chunks, docs)
        return self._cols[1], self._cols[2]

    def _mismatch(self, what: str) -> str:
        return (
            f"Kho tri thức '{self.name}' tại {self._conn.where} được tạo với {what}. Hãy dùng đúng thiết lập "
            f"đã tạo kho (BAOCAO_EMBEDDER), hoặc đặt tên bộ sưu tập khác (BAOCAO_COLLECTION) / chuyển thư mục kho "
            f"sang chỗ khác rồi chạy lại 'baocao index' để lập chỉ mục lại."
        )

    def _generation(self) -> str:
        _, docs = self.collections()
        got = docs.get(ids=[STORE_RECORD], include=["metadatas"])
        metas = got.get("metadatas") or []
        return str(metas[0].get("generation", "")) if metas and metas[0] else ""

    def _sync(self) -> str:
        """Reopen a stale embedded client (another process wrote since it was opened). Even a
        read-only stale client must go: it would answer without the other's vectors."""
        gen = self._generation()
        seen = self._conn.seen.get(self.name)
        if seen is not None and gen != seen and self._conn.embedded:
            self._conn.reopen()
            gen = self._generation()
        self._conn.seen[self.name] = gen
        return gen

    def commit(self) -> None:
        """After a write, still under the lock: renew the generation, and in embedded mode close
        the client, so that what it holds in memory reaches the disk while it is still current
        (a client closed later, after another process wrote, would put back a stale index)."""
        gen = uuid.uuid4().hex
        _, docs = self.collections()
        docs.upsert(
            ids=[STORE_RECORD],
            embeddings=[RECORD_VECTOR],
            metadatas=[{"generation": gen, "schema": SCHEMA_VERSION, "updated_at": now()}],
        )
        self._conn.seen[self.name] = gen
        if self._conn.embedded:
            self._conn.reopen()

    # ------------------------------------------------------------------ documents (call inside `locked()`)

    def doc(self, doc_id: str) -> IndexedDoc | None:
        _, docs = self.collections()
        got = docs.get(ids=[doc_id], include=["metadatas"])
        return indexed_doc(doc_id, got["metadatas"][0]) if got["ids"] else None

    def documents(self) -> list[IndexedDoc]:
        _, docs = self.collections()
        got = docs.get(include=["metadatas"])
        out = [indexed_doc(i, m) for i, m in zip(got["ids"], got["metadatas"]) if i != STORE_RECORD]
        return sorted(out, key=lambda d: (d.kind, d.unit or "", d.file))

    def delete_document(self, doc_id: str) -> bool:
        chunks, docs = self.collections()
        if not docs.get(ids=[doc_id], include=[])["ids"]:
            return False
        chunks.delete(where={"doc_id": doc_id})
        docs.delete(ids=[doc_id])
        self.commit()
        return True

    def all_chunks(self, page: int = 5000) -> tuple[list[str], list[str], list[dict]]:
        """Every chunk as (ids, index texts, metadatas), read from Chroma page by page."""
        chunks, _ = self.collections()
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
