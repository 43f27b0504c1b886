"""Retrieval quality on a labelled Vietnamese set: recall@k and MRR for dense, BM25 and hybrid.

Dataset (`evals/retrieval/`):
- `corpus.json`: the documents, each {path (relative to the dataset folder), kind, unit, year};
- `queries.jsonl`: {id, query, relevant: [{file, contains}]}. A hit answers a relevant item when
  it comes from that file and its text (heading path included) contains the phrase, compared
  after Vietnamese normalisation. Labels name phrases, not chunk ids, so they survive changes
  to the chunker;
- `split.json`: every query id in the dev part (tune on it) or the test part (report it); scores per part.

The corpus is indexed into its own embedded store under `data_dir/eval-retrieval/<embedder>`;
unchanged documents are skipped, so only the first run pays for embedding.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from assistant.config import PROJECT_ROOT, Settings
from assistant.evals.splits import SplitChoice, load_split, split_of, wanted
from assistant.types import DocKind, SearchHit

DATASET = PROJECT_ROOT / "evals" / "retrieval"
MODES = ("dense", "bm25", "hybrid")
DEPTH = 10  # MRR is computed over the first 10 hits


class CorpusDoc(BaseModel):
    path: str
    kind: DocKind
    unit: str | None = None
    year: int | None = None


class Relevant(BaseModel):
    file: str
    contains: str


class Query(BaseModel):
    id: str
    query: str
    relevant: list[Relevant]


class ModeScore(BaseModel):
    recall: float = Field(description="Mean over queries of the share of relevant items in the top k")
    mrr: float = Field(description="Mean reciprocal rank of the first relevant hit (0 beyond rank 10)")
    hit_at_1: float


class QueryResult(BaseModel):
    id: str
    split: str
    query: str
    first_rank: dict[str, int | None]
    recall: dict[str, float]


class SplitScore(BaseModel):
    queries: int
    modes: dict[str, ModeScore]


class RetrievalReport(BaseModel):
    embedder: str
    k: int
    documents: int
    chunks: int
    splits: dict[str, SplitScore] = Field(description="Scores per part (dev, test), never mixed")
    results: list[QueryResult]


def load_dataset(folder: Path = DATASET) -> tuple[list[CorpusDoc], list[Query]]:
    corpus = [CorpusDoc.model_validate(d) for d in json.loads((folder / "corpus.json").read_text(encoding="utf-8"))]
    lines = (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return corpus, [Query.model_validate_json(line) for line in lines if line.strip()]


def answers(hit_file: str, hit_text: str, rel: Relevant) -> bool:
    from assistant.text.tokens import fold

    return hit_file == rel.file and fold(rel.contains) in fold(hit_text)


def _hit_text(hit: SearchHit) -> str:
    from assistant.store.chunking import index_text

    return index_text(hit.chunk)


def score_query(q: Query, hits: list[SearchHit], k: int) -> tuple[int | None, float]:
    """(rank of the first relevant hit or None, share of relevant items found in the top k)."""
    texts = [(h.chunk.file, _hit_text(h)) for h in hits]
    first = next((r for r, (f, t) in enumerate(texts, 1) if any(answers(f, t, rel) for rel in q.relevant)), None)
    found = sum(any(answers(f, t, rel) for f, t in texts[:k]) for rel in q.relevant)
    return first, found / len(q.relevant)


def build_eval_store(settings: Settings, folder: Path = DATASET):  # noqa: ANN201
    """The eval's own embedded store, brought up to date with the corpus."""
    from assistant.services import build_services

    eval_settings = settings.model_copy(
        update={
            "data_dir": Path(settings.data_dir) / "eval-retrieval" / settings.embedder,
            "chroma_url": None,
            "collection": "eval-retrieval",
        }
    )
    store = build_services(eval_settings).store
    corpus, _ = load_dataset(folder)
    wanted = set()
    for doc in corpus:
        result = store.index_file(folder / doc.path, doc.kind, doc.unit, doc.year)
        wanted.add(result.doc.id)
    for stale in {d.id for d in store.list_documents()} - wanted:
        store.remove(stale)
    return store


def run_retrieval_eval(settings: Settings, k: int = 5, folder: Path = DATASET,
                       split: SplitChoice = "all") -> RetrievalReport:
    store = build_eval_store(settings, folder)
    corpus, queries = load_dataset(folder)
    splits = load_split(folder)
    parts = wanted(split)
    results = []
    for q in queries:
        part = split_of(splits, q.id, folder)
        if part not in parts:
            continue
        first_rank: dict[str, int | None] = {}
        recall: dict[str, float] = {}
        for mode in MODES:
            first_rank[mode], recall[mode] = score_query(q, store.search(q.query, k=max(k, DEPTH), mode=mode), k)
        results.append(QueryResult(id=q.id, split=part, query=q.query, first_rank=first_rank, recall=recall))
    return RetrievalReport(
        embedder=settings.embedder, k=k, documents=len(corpus), chunks=store.count(),
        splits={part: _split_score([r for r in results if r.split == part]) for part in parts}, results=results,
    )


def _split_score(results: list[QueryResult]) -> SplitScore:
    n = max(len(results), 1)
    modes = {}
    for m in MODES:
        ranks = [r.first_rank[m] for r in results]
        modes[m] = ModeScore(
            recall=sum(r.recall[m] for r in results) / n,
            mrr=sum(1.0 / f for f in ranks if f) / n,
            hit_at_1=sum(f == 1 for f in ranks) / n,
        )
    return SplitScore(queries=len(results), modes=modes)


def print_report(report: RetrievalReport, console: Console, misses: bool = False) -> None:
    counts = ", ".join(f"{part} {score.queries}" for part, score in report.splits.items())
    console.print(
        f"Bộ đánh giá truy hồi: câu hỏi {counts}; {report.documents} tài liệu, {report.chunks} đoạn; "
        f"bộ nhúng {report.embedder}.",
        highlight=False,
    )
    table = Table("Phần", "Chế độ", f"Recall@{report.k}", f"MRR@{DEPTH}", "Đúng ở hạng 1")
    names = {"dense": "Dense (Chroma)", "bm25": "BM25", "hybrid": "Hybrid (RRF)"}
    for part, score in report.splits.items():
        for mode in MODES:
            s = score.modes[mode]
            table.add_row(part, names[mode], f"{s.recall:.3f}", f"{s.mrr:.3f}", f"{s.hit_at_1:.3f}",
                          end_section=mode == MODES[-1])
    console.print(table)
    if misses:
        for r in report.results:
            if r.recall["hybrid"] < 1.0:
                ranks = ", ".join(f"{m} {r.first_rank[m] or '-'}" for m in MODES)
                console.print(f"  [{r.split}] {r.id} ({ranks}) {r.query}", highlight=False, markup=False)
