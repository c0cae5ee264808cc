"""Benchmark of reuse across the corpus (targets from issue 14).

* index build for N synthetic plans (``gen_corpus``): time and peak memory;
* ``section_reuse`` for a section, in process and warm: < 100 ms at 1,000 plans for
  every section: median, p95 and worst over ``--sections`` units drawn at random
  (seeded) from all plans, with the size of the slowest answers (matching sections,
  spans), since the time follows the size of the answer;
* ``plans_reuse`` (``fyp reuse A B``), warm: < 200 ms;
* baseline in the same run: the naive way, every unit of every other plan compared with
  the query by pure-Python maximal runs (``align.runs.common_runs``), timed on the first
  ``--baseline-plans`` plans and scaled to N.

    python benchmarks/bench_reuse.py [--plans 1000] [--sections 200] [--corpus /work/data/c1k]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_corpus import generate  # noqa: E402

from fyp_tui.align.runs import common_runs  # noqa: E402
from fyp_tui.align.units import plan_units  # noqa: E402
from fyp_tui.reuse import ReuseIndex, compared, plans_reuse, section_reuse  # noqa: E402


def ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--sections", type=int, default=200)
    ap.add_argument("--baseline-plans", type=int, default=20)
    ap.add_argument("--corpus", type=Path, help="read the plans of this gen_corpus directory instead of generating")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    if args.corpus:
        from fyp_tui.model import decode_plan

        plans = [decode_plan(f.read_bytes()) for f in sorted((args.corpus / "parsed").glob("*.json"))]
        print(f"{len(plans)} plans read from {args.corpus} in {time.perf_counter() - t:.1f} s")
    else:
        plans = generate(args.plans)
        print(f"{len(plans)} synthetic plans generated in {time.perf_counter() - t:.1f} s")

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    index = ReuseIndex.build(plans)
    build = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    arrays = sum(a.nbytes for a in (index.fp_hash, index.fp_unit, index.u_hash, index.u_plans))
    print(f"index build: {build:.1f} s · peak RSS {rss1 / 1024:.0f} MiB (+{(rss1 - rss0) / 1024:.0f} MiB over the "
          f"plans) · arrays {arrays / 2**20:.0f} MiB "
          f"({len(index.fp_hash):,} fingerprints, {int(index.unit_first[-1]):,} units)")

    rng = random.Random(1)
    every = [(p.id, u.id) for p in plans for u in plan_units(p)]
    queries = rng.sample(every, min(args.sections, len(every)))
    for pid, sid in queries:  # warm: the candidates' texts are cached
        section_reuse(index, pid, sid)
    timed = []
    for pid, sid in queries:
        t = time.perf_counter()
        doc = section_reuse(index, pid, sid)
        timed.append((time.perf_counter() - t, pid, sid, len(doc["matches"]),
                      sum(len(m["spans"]) for m in doc["matches"])))
    timed.sort()
    times = [x[0] for x in timed]
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    within = sum(x <= 0.1 for x in times)
    print(f"section lookup, warm, {len(queries)} random sections: median {ms(statistics.median(times))} · "
          f"p95 {ms(p95)} · worst {ms(times[-1])} · {within}/{len(times)} within 100 ms   target ≤ 100 ms each")
    print(f"  answers: median {statistics.median(x[3] for x in timed):.0f} matching sections, "
          f"{statistics.median(x[4] for x in timed):.0f} spans")
    for dt, pid, sid, n_m, n_s in timed[-3:]:
        print(f"  slow: {pid}#{sid} {ms(dt)}: {n_m} matching sections, {n_s} spans")

    pairs = [(plans[i].id, plans[i + 1].id) for i in range(0, min(10, len(plans) - 1), 2)]
    for a, b in pairs:
        plans_reuse(index, a, b)
    ptimes = []
    for a, b in pairs:
        t = time.perf_counter()
        plans_reuse(index, a, b)
        ptimes.append(time.perf_counter() - t)
    print(f"reuse A B, warm, {len(pairs)} pairs: median {ms(statistics.median(ptimes))} · worst {ms(max(ptimes))}"
          "   target < 200 ms")

    # baseline: pure-Python maximal runs against every unit of the first plans, scaled to N
    pid, sid = queries[0]
    q = compared(next(p for p in plans if p.id == pid).find(sid).full_text()).text
    others = [compared(u.text).text for p in plans[1 : args.baseline_plans + 1] for u in plan_units(p)]
    t = time.perf_counter()
    for text in others:
        common_runs(q, text, 8)
    naive = (time.perf_counter() - t) * (len(plans) - 1) / max(1, args.baseline_plans)
    print(f"baseline (pure-Python scan of every unit): {naive:.2f} s per section at {len(plans)} plans "
          f"(timed on {args.baseline_plans} plans, scaled)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
