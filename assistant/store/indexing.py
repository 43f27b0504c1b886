"""Writing to the knowledge store: `Indexer` works through the store's `StoreCollections`.

Incremental by design: an unchanged file is recognised by the hash of its bytes (plus kind,
unit, year, chunker version) before it is parsed; a changed document is re-chunked and replaces
its chunks, re-using stored vectors for chunk texts that did not change (looked up by hash across
the whole store). Embedding runs outside the store lock; the write runs under it and re-checks
that no other process indexed the same content meanwhile.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from assistant.store.chroma_backend import ChromaServerError
from assistant.store.chunking import chunk_document, index_text
from assistant.store.collections import RECORD_VECTOR, StoreCollections
from assistant.store.records import (
    FileError,
    UnreadableFile,
    chunk_meta,
    doc_meta,
    document_id,
    expand_paths,
    file_size,
    hash_content,
    now,
    parse,
    read_bytes,
)
from assistant.types import Chunk, DocKind, Document, IndexedDoc

if TYPE_CHECKING:
    from assistant.config import Settings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class IndexResult(BaseModel):
    status: Literal["added", "updated", "unchanged"]
    doc: IndexedDoc
    embedded: int = 0  # chunks that needed new vectors (0 when unchanged or all re-used)


class IndexReport(BaseModel):
    results: list[IndexResult]
    errors: list[FileError]


class Indexer:
    """Indexes files and documents into the store that `db` opens, embedding with `embedding_function`."""

    def __init__(self, settings: Settings, embedding_function: Any, db: StoreCollections) -> None:
        self.settings, self.ef, self.db = settings, embedding_function, db

    def index_file(
        self,
        path: str | Path,
        kind: DocKind,
        unit: str | None = None,
        year: int | None = None,
        progress: Progress | None = None,
    ) -> IndexResult:
        """Index one file. Unchanged since last time (same bytes, kind, unit, year): no parsing,
        no embedding. A file that cannot be read raises UnreadableFile (a UserError)."""
        path = Path(path)
        raw = read_bytes(path, self.settings.max_file_mb)
        content_hash = hash_content(raw, kind, unit, year)
        existing = self._current(document_id(path.name, kind, unit), content_hash, progress)
        if isinstance(existing, IndexResult):
            return existing
        return self._index(parse(path), kind, unit, year, progress, content_hash, existing)

    def index_document(
        self,
        doc: Document,
        kind: DocKind,
        unit: str | None = None,
        year: int | None = None,
        progress: Progress | None = None,
    ) -> IndexResult:
        content_hash = hash_content(doc.model_dump_json().encode(), kind, unit, year)
        existing = self._current(document_id(doc.name, kind, unit), content_hash, progress)
        if isinstance(existing, IndexResult):
            return existing
        return self._index(doc, kind, unit, year, progress, content_hash, existing)

    def _current(self, doc_id: str, content_hash: str, progress: Progress | None) -> IndexResult | IndexedDoc | None:
        """An 'unchanged' result when the stored hash matches, else the stored record (or None)."""
        with self.db.locked():
            existing = self.db.doc(doc_id)
        if existing is not None and existing.content_hash == content_hash:
            if progress:
                progress(existing.chunks, existing.chunks)
            return IndexResult(status="unchanged", doc=existing)
        return existing

    def _index(
        self,
        doc: Document,
        kind: DocKind,
        unit: str | None,
        year: int | None,
        progress: Progress | None,
        content_hash: str,
        existing: IndexedDoc | None,
    ) -> IndexResult:
        doc_id = document_id(doc.name, kind, unit)
        chunks = chunk_document(doc, doc_id, kind, unit, year)
        if not chunks:
            raise UnreadableFile(f"{doc.name}: không có đoạn văn bản nào để lập chỉ mục.")
        texts = [index_text(c) for c in chunks]
        hashes = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        vectors = self._reusable_vectors(hashes)
        todo = [i for i, h in enumerate(hashes) if h not in vectors]
        done = len(chunks) - len(todo)
        if progress:
            progress(done, len(chunks))
        size = self.settings.embed_batch
        for start in range(0, len(todo), size):  # outside the lock: the slow part
            batch = todo[start : start + size]
            for i, vec in zip(batch, self.ef([texts[i] for i in batch])):
                vectors[hashes[i]] = vec
            done += len(batch)
            if progress:
                progress(done, len(chunks))

        indexed = IndexedDoc(
            id=doc_id, file=doc.name, kind=kind, unit=unit, year=year,
            content_hash=content_hash, chunks=len(chunks), indexed_at=now(),
        )
        with self.db.locked():
            current = self.db.doc(doc_id)
            if current is not None and current.content_hash == content_hash:  # another process just did it
                return IndexResult(status="unchanged", doc=current)
            self._write(indexed, chunks, texts, hashes, vectors)
        status = "added" if existing is None else "updated"
        return IndexResult(status=status, doc=indexed, embedded=len(todo))

    def _reusable_vectors(self, hashes: list[str]) -> dict[str, Any]:
        """Vectors already stored for chunk texts with these hashes (any document). Re-use only saves embedding
        time: when a Chroma server cannot read its vectors yet (another client's first write to the collection is
        not on its disk: "Error creating hnsw segment reader"), every chunk is embedded instead."""
        try:
            with self.db.locked():
                chunks, _ = self.db.collections()
                got = chunks.get(where={"chunk_hash": {"$in": sorted(set(hashes))}},
                                 include=["metadatas", "embeddings"])
        except ChromaServerError as exc:
            log.info("Không đọc được vector đã lưu (%s); nhúng lại mọi đoạn", exc)
            return {}
        embeddings = got.get("embeddings")
        if embeddings is None:
            return {}
        return {m["chunk_hash"]: e for m, e in zip(got["metadatas"], embeddings)}

    def _write(self, doc: IndexedDoc, chunks: list[Chunk], texts: list[str], hashes: list[str], vectors: dict) -> None:
        col, docs = self.db.collections()
        ids = [c.id for c in chunks]
        metas = [chunk_meta(c, h, n) for n, (c, h) in enumerate(zip(chunks, hashes))]
        step = max(1, min(self.db.max_batch, 1000))
        for s in range(0, len(ids), step):
            col.upsert(
                ids=ids[s : s + step],
                embeddings=[vectors[h] for h in hashes[s : s + step]],
                documents=[c.text for c in chunks[s : s + step]],
                metadatas=metas[s : s + step],
            )
        keep = set(ids)
        stale = [i for i in col.get(where={"doc_id": doc.id}, include=[])["ids"] if i not in keep]
        if stale:
            col.delete(ids=stale)
        docs.upsert(ids=[doc.id], embeddings=[RECORD_VECTOR], metadatas=[doc_meta(doc)])
        self.db.commit()

    def index_paths(
        self,
        paths: Iterable[str | Path],
        kind: DocKind,
        unit: str | None = None,
        year: int | None = None,
        progress: Progress | None = None,
        on_result: Callable[[Path, IndexResult | FileError], None] | None = None,
    ) -> IndexReport:
        """Index files and folders (their .txt/.md/.docx/.pdf, recursively). A file that cannot be
        read is skipped with its reason; the rest are indexed. Progress counts bytes."""
        files, errors = expand_paths(paths)
        sizes = [file_size(f) for f in files]
        total, base = sum(sizes), 0
        results: list[IndexResult] = []
        for f, size in zip(files, sizes):

            def step(done: int, of: int, base: int = base, size: int = size) -> None:
                if progress:
                    progress(base + size * done // max(of, 1), total)

            try:
                outcome: IndexResult | FileError = self.index_file(f, kind, unit, year, progress=step)
                results.append(outcome)
            except UnreadableFile as exc:
                outcome = FileError(path=str(f), reason=str(exc))
                errors.append(outcome)
            base += size
            if progress:
                progress(base, total)
            if on_result:
                on_result(f, outcome)
        return IndexReport(results=results, errors=errors)
