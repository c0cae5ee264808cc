"""Benchmark of reuse across the corpus (targets from issue 14).

* index build for N synthetic plans (``gen_corpus``): time and peak memory;
* ``section_reuse`` for a section, in process and warm: < 100 ms at 1,000 plans
  (median and worst over sections of several plans);
* ``plans_reuse`` (``fyp reuse A B``), warm: < 200 ms;
* baseline in the same run: the naive way, every unit of every other plan compared with
  the query by pure-Python maximal runs (``align.runs.common_runs``), timed on the first
  ``--baseline-plans`` plans and scaled to N.

    python benchmarks/bench_reuse.py [--plans 1000] [--sections 20]
"""

from __future__ import annotations

import argparse
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
    ap.add_argument("--sections", type=int, default=20)
    ap.add_argument("--baseline-plans", type=int, default=20)
    args = ap.parse_args(argv)

    t = time.perf_counter()
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

    queries = []
    for p in plans[: max(1, args.sections // 4)]:
        units = plan_units(p)
        queries += [(p.id, u.id) for u in units[:: max(1, len(units) // 4)]][:4]
    queries = queries[: args.sections]
    for pid, sid in queries:  # warm: the candidates' texts are cached
        section_reuse(index, pid, sid)
    times, found = [], []
    for pid, sid in queries:
        t = time.perf_counter()
        doc = section_reuse(index, pid, sid)
        times.append(time.perf_counter() - t)
        found.append(len(doc["matches"]))
    print(f"section lookup, warm, {len(queries)} sections: median {ms(statistics.median(times))} · "
          f"worst {ms(max(times))} · matches per section median {statistics.median(found):.0f}   target < 100 ms")

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
