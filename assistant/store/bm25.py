"""Lexical side of the knowledge store: a bm25s index over Vietnamese syllables + bigrams.

The index is a cache of what the Chroma collection holds, stamped with the collection's
generation marker (a fresh value after every write, whoever made it). The store rebuilds it
when the marker moved (another process or another office machine indexed), and keeps the
last build on disk under `data_dir/bm25/` so that a new process does not rebuild.

Filters (kind, unit, year, document) are boolean masks over per-chunk field arrays.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.text.tokens import TOKENIZER_VERSION, tokens

FILTER_FIELDS = ("kind", "unit_key", "year", "doc_id")
_ROWS = "rows.json"

logging.getLogger("bm25s").setLevel(logging.WARNING)


@dataclass
class Bm25Index:
    generation: str
    ids: list[str]
    fields: dict[str, np.ndarray]
    retriever: bm25s.BM25 | None

    @classmethod
    def build(cls, generation: str, ids: list[str], texts: list[str], metadatas: list[dict]) -> Bm25Index:
        fields = {f: np.array([m.get(f, "") if f != "year" else m.get(f, -1) for m in metadatas]) for f in FILTER_FIELDS}
        retriever = None
        if ids:
            vocab: dict[str, int] = {}  # tokens → ids as we go: far less memory than lists of strings
            corpus = [[vocab.setdefault(tok, len(vocab)) for tok in tokens(t)] for t in texts]
            retriever = bm25s.BM25()
            retriever.index((corpus, vocab), show_progress=False)
        return cls(generation, list(ids), fields, retriever)

    def top(self, query: str, n: int, filters: dict[str, object] | None = None) -> list[tuple[str, float]]:
        """Best `n` chunk ids for the query with a positive score, best first. A filter value that
        is a list keeps chunks whose field is any of its items."""
        if self.retriever is None:
            return []
        term_ids = sorted(set(self.retriever.get_tokens_ids(tokens(query))))
        if not term_ids:
            return []
        scores = self.retriever.get_scores_from_ids(term_ids)
        for name, value in (filters or {}).items():
            if isinstance(value, list):
                scores = np.where(np.isin(self.fields[name], value), scores, 0.0)
            elif value is not None:
                scores = np.where(self.fields[name] == value, scores, 0.0)
        positive = int(np.count_nonzero(scores > 0))
        n = min(n, positive)
        if n == 0:
            return []
        best = np.argpartition(-scores, n - 1)[:n]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in best]

    # ------------------------------------------------------------------ disk cache

    def save(self, cache_dir: Path) -> None:
        """Write under cache_dir/<generation>/ atomically (tmp dir + rename); drop older builds."""
        cache_dir.mkdir(parents=True, exist_ok=True)
        final = cache_dir / self.generation
        tmp = cache_dir / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            if self.retriever is not None:
                self.retriever.save(str(tmp), show_progress=False)
            rows = {
                "generation": self.generation,
                "tokenizer": TOKENIZER_VERSION,
                "ids": self.ids,
                "fields": {f: self.fields[f].tolist() for f in FILTER_FIELDS},
            }
            (tmp / _ROWS).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
            try:
                tmp.rename(final)
            except OSError:  # another process saved the same generation first
                pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for old in cache_dir.iterdir():
            if old.name != self.generation and not old.name.startswith(".tmp-"):
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, cache_dir: Path, generation: str) -> Bm25Index | None:
        """The saved build for this generation, or None (missing, other tokenizer, unreadable)."""
        folder = cache_dir / generation
        try:
            rows = json.loads((folder / _ROWS).read_text(encoding="utf-8"))
            if rows.get("generation") != generation or rows.get("tokenizer") != TOKENIZER_VERSION:
                return None
            ids = rows["ids"]
            fields = {f: np.array(rows["fields"][f]) for f in FILTER_FIELDS}
            retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0) if ids else None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(generation, ids, fields, retriever)


def load_or_build(
    cache_dir: Path, generation: str, fetch: Callable[[], tuple[list[str], list[str], list[dict]]]
) -> Bm25Index:
    """The saved build for this generation, else one built from `fetch()` (ids, texts, metadatas)
    and saved for the next process."""
    index = Bm25Index.load(cache_dir, generation)
    if index is None:
        index = Bm25Index.build(generation, *fetch())
        try:
            index.save(cache_dir)
        except OSError:
            pass  # a read-only data dir only costs a rebuild next time
    return index
