"""Benchmark of the compare engine (targets from issue 4).

* aligning two seed plans, units and chapter view: < 200 ms
  (measured cold — the two plans' unit vectors not yet built, corpus weights ready —
  and warm; building the corpus weights is a one-off, reported apart);
* the inside of a pair (spans, reuse, sentence pairs): < 30 ms, worst pair of a
  seed comparison;
* the all-plans similarity matrix for 200 synthetic plans (``gen_corpus``): < 30 s,
  with a progress bar.

    python benchmarks/bench_align.py [--plans 200] [--a xuzhou-gulou] [--b zhenjiang-jingkou]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: E402

from fyp_tui.align import SimilarityMatrix, Weights, align_units, chapter_view, compare_pair  # noqa: E402
from fyp_tui.corpus import load_corpus  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bench_pair(corpus, a_id: str, b_id: str, console: Console) -> bool:
    a, b = corpus.get(a_id), corpus.get(b_id)
    t = time.perf_counter()
    w = Weights(corpus.plans.values())
    t_weights = time.perf_counter() - t
    t = time.perf_counter()
    al = align_units(a, b, w)
    chapter_view(al)
    t_cold = time.perf_counter() - t
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        al = align_units(a, b, w)
        chapter_view(al)
        warm.append(time.perf_counter() - t)
    t_warm = statistics.median(warm)
    console.print(f"align {a_id} ↔ {b_id}: {len(al.pairs)} pairs · corpus weights {ms(t_weights)} (once) · "
                  f"cold {ms(t_cold)} · warm {ms(t_warm)}   target < 200 ms")
    inside = []
    for p in al.pairs:
        t = time.perf_counter()
        compare_pair(p)
        inside.append(time.perf_counter() - t)
    console.print(f"inside of a pair: worst {ms(max(inside))} · median {ms(statistics.median(inside))} "
                  f"over {len(inside)} pairs   target < 30 ms")
    return t_cold < 0.2 and max(inside) < 0.03


def bench_matrix(n: int, console: Console) -> bool:
    import gen_corpus

    t = time.perf_counter()
    plans = gen_corpus.generate(n)
    console.print(f"generated {n} synthetic plans in {time.perf_counter() - t:.1f} s")
    m = SimilarityMatrix(plans)
    with Progress(TextColumn("similarity matrix"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True) as prog:
        task = prog.add_task("matrix", total=2 * n)
        t = time.perf_counter()
        m.compute(progress=lambda done, total: prog.update(task, completed=done, total=total))
        elapsed = time.perf_counter() - t
    top = m.closest(plans[0].id, 1)[0]
    console.print(f"matrix of {n} plans: {elapsed:.1f} s   target < 30 s   (closest to {plans[0].id}: "
                  f"{top[0]} {top[1]:.2f})")
    return elapsed < 30


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--a", default="xuzhou-gulou")
    ap.add_argument("--b", default="zhenjiang-jingkou")
    args = ap.parse_args(argv)
    console = Console(highlight=False)
    corpus = load_corpus(include_user=False)
    ok = bench_pair(corpus, args.a, args.b, console)
    ok = bench_pair(corpus, "xuzhou", "xuzhou-gulou", console) and ok
    ok = bench_matrix(args.plans, console) and ok
    console.print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
