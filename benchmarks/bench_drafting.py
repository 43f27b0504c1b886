"""Concurrency benchmark of the drafter over HTTP: the real OpenAI client against a local fake server
that answers each call after 1 s (`FakeOpenAIServer(delay=1.0)` on 127.0.0.1).

    python benchmarks/bench_drafting.py                 # 30 sections: concurrency 8, 4 and 1 (about 45 s)
    python benchmarks/bench_drafting.py --quick         # concurrency 1 measured on 6 sections, scaled to 30

Target (issue "Drafting"): 30 sections with concurrency 8 in under 5 s (sequential would take about 30 s).
Exit status 1 when the concurrency-8 run misses the target.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import Settings  # noqa: E402
from assistant.devtools.fake_openai import FakeOpenAIServer  # noqa: E402
from assistant.drafting.orchestrate import adraft_report  # noqa: E402
from assistant.drafting.request import DraftRequest  # noqa: E402
from assistant.services import build_services  # noqa: E402
from assistant.types import Locator, Note, Outline, Section  # noqa: E402

TOPICS = [
    "Công tác tuyên truyền", "Công tác kiểm tra", "Công tác giám sát", "Xây dựng tổ chức cơ sở đảng",
    "Phát triển đảng viên", "Công tác cán bộ", "Công tác dân vận", "Phát triển kinh tế",
    "Văn hóa - xã hội", "Quốc phòng - an ninh",
]
ROMAN = ["I", "II", "III"]


def synthetic_outline(n_leaves: int) -> tuple[Outline, list[Note]]:
    """Parts I..III with numbered leaves, and one note per leaf grouped under a heading echoing it."""
    sections: list[Section] = []
    notes: list[Note] = []
    per_part = -(-n_leaves // len(ROMAN))
    k = 0
    for p, roman in enumerate(ROMAN):
        children = []
        for j in range(per_part):
            if k >= n_leaves:
                break
            k += 1
            title = f"{TOPICS[(k - 1) % len(TOPICS)]} (nội dung {k})"
            children.append(Section(id=f"{roman}.{j + 1}", number=f"{j + 1}.", title=title, level=1))
            notes.append(
                Note(
                    id=f"ghichu.md:{k}",
                    text=f"Tổ chức {k + 10} hội nghị về {title.lower()}, có {100 + k} lượt người tham dự.",
                    heading=f"{roman}.{j + 1}. {title}",
                    locator=Locator(file="ghichu.md", line=k),
                )
            )
        sections.append(Section(id=roman, number=f"{roman}.", title=f"Phần {p + 1}", level=0, children=children))
    return Outline(title="ĐỀ CƯƠNG BÁO CÁO (thử hiệu năng)", sections=sections), notes


def run(srv: FakeOpenAIServer, n: int, concurrency: int, work: Path) -> dict[str, float]:
    outline, notes = synthetic_outline(n)
    settings = Settings.test_profile(
        work / f"data-{n}-{concurrency}", backend="openai", openai_base_url=srv.base_url, model="fake-model",
        concurrency=concurrency, request_timeout=30.0, max_retries=2,
    )
    services = build_services(settings)
    deps = services.draft_deps(services.chat_model())
    before = len(srv.log)
    t0 = time.perf_counter()
    draft = asyncio.run(
        adraft_report(DraftRequest(outline, notes), deps, out_path=work / f"draft-{n}-{concurrency}.json")
    )
    wall = time.perf_counter() - t0
    done = sum(1 for s in draft.sections if s.status == "drafted")
    failed = sum(1 for s in draft.sections if s.status == "failed")
    return {"sections": n, "concurrency": concurrency, "wall": wall, "requests": len(srv.log) - before,
            "drafted": done, "failed": failed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", type=int, default=30)
    ap.add_argument("--delay", type=float, default=1.0, help="seconds the server waits before each answer")
    ap.add_argument("--quick", action="store_true", help="measure concurrency 1 on 6 sections and scale up")
    a = ap.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer(delay=0.0) as srv:
        work = Path(tmp)
        run(srv, 2, 2, work)  # warm-up: imports, first connections (not timed)
        srv.delay = a.delay
        for c in (8, 4):
            rows.append(run(srv, a.sections, c, work))
        seq_n = 6 if a.quick else a.sections
        seq = run(srv, seq_n, 1, work)
        seq["scaled"] = seq["wall"] * a.sections / seq_n
        rows.append(seq)

    print(f"\nDrafting over HTTP, fake OpenAI server answering each call after {a.delay:g} s (127.0.0.1)\n")
    print(f"{'sections':>8} {'concurrency':>11} {'requests':>8} {'drafted':>7} {'failed':>6} {'wall s':>8}")
    for r in rows:
        print(f"{r['sections']:>8} {r['concurrency']:>11} {r['requests']:>8} {r['drafted']:>7} {r['failed']:>6} {r['wall']:>8.2f}")
    c8 = rows[0]["wall"]
    sequential = rows[-1]["scaled"]
    how = "measured" if not a.quick else f"measured on {rows[-1]['sections']} sections × {a.sections}/{rows[-1]['sections']}"
    print(f"\nsequential ({how}): {sequential:.2f} s for {a.sections} sections")
    print(f"concurrency 8: {c8:.2f} s  →  speed-up {sequential / c8:.1f}×")
    ok = c8 < 5.0 and rows[0]["failed"] == 0
    print(f"target: {a.sections} sections at concurrency 8 in < 5 s: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
