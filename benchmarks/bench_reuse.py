"""Benchmark of reuse across the corpus (targets from issue 14).

* index build for N synthetic plans (``gen_corpus``): time and peak memory;
* a section's reuse, in process and warm: < 100 ms at 1,000 plans for every section:
  median, p95 and worst over ``--sections`` units drawn at random (seeded) from all
  plans, with the size of the slowest answers (matching sections, spans), since the
  time follows the size of the answer. Timed twice, apart: what the app's list needs
  (``section_matches`` and ``rows()``: every match's plan, section, chars, share and
  longest passage; a match's passages are built when it is selected, timed too on the
  largest match), and the whole ``fyp reuse PLAN#SECTION --json`` document
  (``section_reuse``, every passage). ``--rounds`` repeats the timed loop (the machine
  is shared): each round's figures are printed, then the median of the rounds;
* ``plans_reuse`` (``fyp reuse A B``), warm: < 200 ms;
* baseline in the same run: the naive way, every unit of every other plan compared with
  the query by pure-Python maximal runs (``align.runs.common_runs``), timed on the first
  ``--baseline-plans`` plans and scaled to N.

``--update`` (with ``--corpus``) times instead what a changed corpus costs
(``ReuseIndex.for_corpus``, each step a fresh process as a `fyp reuse` start is, with its
wall and CPU time and peak RSS): the full build of the corpus without one plan (the
baseline), then adding that plan (an update of the saved index), one plan changed (its
title and a sentence, in memory), one plan removed (and the changed one back as it was).
``--verify`` adds, after the added plan, a fresh build of the same corpus in another
directory and checks that the arrays are the update's.

    python benchmarks/bench_reuse.py [--plans 1000] [--sections 200] [--corpus /work/data/c1k]
        [--cache DIR] [--rounds 3]
    python benchmarks/bench_reuse.py --corpus /work/data/c1k --update [--verify] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_corpus import generate  # noqa: E402

from fyp_tui.align.runs import common_runs  # noqa: E402
from fyp_tui.align.units import plan_units  # noqa: E402
from fyp_tui.reuse import ReuseIndex, compared, plans_reuse, section_matches, section_reuse  # noqa: E402


def ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def figures_of(times: list[float]) -> tuple[float, float, float]:
    """(median, p95, worst)."""
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))], times[-1]


def summary(times: list[float]) -> str:
    med, p95, worst = figures_of(times)
    within = sum(x <= 0.1 for x in times)
    return f"median {ms(med)} · p95 {ms(p95)} · worst {ms(worst)} · {within}/{len(times)} within 100 ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--sections", type=int, default=200)
    ap.add_argument("--baseline-plans", type=int, default=20)
    ap.add_argument("--corpus", type=Path, help="read the plans of this gen_corpus directory instead of generating")
    ap.add_argument("--cache", type=Path, help="load the index from DIR when saved there (else build and save it)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--update", action="store_true", help="time a build, then adding, changing, removing a plan")
    ap.add_argument("--verify", action="store_true", help="with --update: compare the update with a fresh build")
    ap.add_argument("--step", help=argparse.SUPPRESS)  # one step of --update, in a child process
    args = ap.parse_args(argv)
    if args.step:
        return update_step(args.corpus, args.cache, args.step)
    if args.update:
        return update_rows(args)

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
    key = f"bench{len(plans)}-{plans[0].id}-{plans[-1].id}"
    index = ReuseIndex.load(args.cache, key, {p.id: p for p in plans})[0] if args.cache else None
    if index is None:
        index = ReuseIndex.build(plans, key)
        if args.cache:
            index.save(args.cache)
    build = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    arrays = sum(a.nbytes for a in (index.fp_hash, index.fp_unit, index.u_hash, index.u_plans))
    print(f"index {'build' if build > 5 else 'load'}: {build:.1f} s · peak RSS {rss1 / 1024:.0f} MiB "
          f"(+{(rss1 - rss0) / 1024:.0f} MiB over the plans) · arrays {arrays / 2**20:.0f} MiB "
          f"({len(index.fp_hash):,} fingerprints, {int(index.unit_first[-1]):,} units)")

    rng = random.Random(1)
    every = [(p.id, u.id) for p in plans for u in plan_units(p)]
    queries = rng.sample(every, min(args.sections, len(every)))
    sizes = {}
    for pid, sid in queries:  # warm: the candidates' texts are cached
        doc = section_reuse(index, pid, sid)
        sizes[pid, sid] = (len(doc["matches"]), sum(len(m["spans"]) for m in doc["matches"]))

    def app_list(pid, sid):
        found = section_matches(index, pid, sid)
        return found, found.rows()

    kinds = {"list (what the app shows: matches, chars, share, longest passage)": app_list,
             "full JSON (section_reuse, every passage)": lambda pid, sid: section_reuse(index, pid, sid)}
    rounds: dict[str, list[list[float]]] = {k: [] for k in kinds}
    cpu_rounds: dict[str, list[list[float]]] = {k: [] for k in kinds}
    for r in range(args.rounds):
        for name, fn in kinds.items():  # interleaved: each round times both under the same load
            times, cpu = [], []
            for pid, sid in queries:
                t, c = time.perf_counter(), time.process_time()
                fn(pid, sid)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            rounds[name].append(times)
            cpu_rounds[name].append(cpu)
            print(f"  round {r + 1} {name.split(' (')[0]}: {summary(times)}   CPU: {summary(cpu)}")
    for name, per_round in rounds.items():
        cpu_fig = [figures_of(times) for times in cpu_rounds[name]]
        print(f"section {name}, CPU time (less moved by the other sessions' load), median of rounds: "
              + " · ".join(f"{label} {ms(statistics.median(f[k] for f in cpu_fig))}"
                           for label, k in (("median", 0), ("p95", 1), ("worst", 2))))
        print(f"section {name}, warm, {len(queries)} random sections, {args.rounds} rounds:")
        figures = [figures_of(times) for times in per_round]
        for label, k in (("median", 0), ("p95", 1), ("worst", 2)):
            vals = sorted(f[k] for f in figures)
            print(f"  {label} {ms(statistics.median(vals))} (rounds {' / '.join(ms(v) for v in vals)})")
        within = statistics.median(sum(x <= 0.1 for x in times) for times in per_round)
        print(f"  within 100 ms: {within:.0f}/{len(queries)} (median of rounds)   target ≤ 100 ms each")
        per_query = [statistics.median(ts) for ts in zip(*per_round)]
        slow = sorted(zip(per_query, queries))[-3:]
        for dt, (pid, sid) in slow:
            n_m, n_s = sizes[pid, sid]
            print(f"  slow: {pid}#{sid} {ms(dt)}: {n_m} matching sections, {n_s} spans")
    print(f"  answers: median {statistics.median(x[0] for x in sizes.values()):.0f} matching sections, "
          f"{statistics.median(x[1] for x in sizes.values()):.0f} spans")
    pid, sid = max(sizes, key=lambda q: sizes[q][1])
    found = section_matches(index, pid, sid)
    k = max(range(len(found)), key=lambda k: int(found.bounds[k + 1] - found.bounds[k]))
    t = time.perf_counter()
    spans = found.spans(k)
    print(f"a match's passages when selected (the largest match of the largest answer, {len(spans)} passages): "
          f"{ms(time.perf_counter() - t)}")

    pairs = [(plans[i].id, plans[i + 1].id) for i in range(0, min(10, len(plans) - 1), 2)]
    for a, b in pairs:
        plans_reuse(index, a, b)
    ptimes = []
    for _ in range(args.rounds):
        for a, b in pairs:
            t = time.perf_counter()
            plans_reuse(index, a, b)
            ptimes.append(time.perf_counter() - t)
    print(f"reuse A B, warm, {len(pairs)} pairs × {args.rounds} rounds: "
          f"median {ms(statistics.median(ptimes))} · worst {ms(max(ptimes))}"
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


UPDATE_STEPS = [
    ("build", "full build, one plan (P) left out: the baseline"),
    ("add", "P added: the saved index updated"),
    ("verify", "fresh build of the same corpus (other directory), arrays compared"),
    ("change", "one plan (Q) changed: its title and a sentence"),
    ("remove", "one plan (R) removed, Q back as on disk"),
]


def update_rows(args) -> int:
    if not args.corpus:
        print("--update needs --corpus DIR (a corpus directory of parsed plans)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-reuse-update.", dir=args.cache))
    rows = []
    try:
        for step, what in UPDATE_STEPS:
            if step == "verify" and not args.verify:
                continue
            out = subprocess.run([sys.executable, __file__, "--corpus", str(args.corpus), "--cache", str(work),
                                  "--step", step], check=True, capture_output=True, text=True).stdout
            got = json.loads(out.strip().splitlines()[-1])
            rows.append((what, got))
            print(f"{what}: {got['wall']:.1f} s wall, {got['cpu']:.1f} s CPU, peak RSS {got['rss']:.0f} MiB "
                  f"(anonymous, sampled: {got['anon']:.0f} MiB; the rest is pages of mapped files), "
                  f"{'updated' if got['updated'] else 'built'}"
                  + (f", {got['note']}" if got.get("note") else ""), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = rows[0][1]["wall"]
    for what, got in rows[1:]:
        if got["updated"]:
            print(f"  {what.split(':')[0]}: {got['wall']:.1f} s against the full build's {base:.1f} s "
                  f"({base / max(got['wall'], 1e-9):.0f}× faster)")
    return 0


class AnonPeak:
    """The peak of the process's anonymous memory (``RssAnon``, MiB), sampled every 50 ms in
    a thread: peak RSS also counts the pages of the mapped arrays it read, which the
    kernel can drop (0 where /proc is not there)."""

    def __init__(self):
        import threading

        self.peak, self.done = 0.0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        try:
            with open("/proc/self/status") as f:
                line = next(x for x in f if x.startswith("RssAnon:"))
            self.peak = max(self.peak, int(line.split()[1]) / 1024)
        except (OSError, StopIteration):
            pass

    def _run(self) -> None:
        while not self.done.wait(0.05):
            self._sample()

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        self._sample()
        return self.peak


def update_step(corpus_dir: Path, work: Path, step: str) -> int:
    """One step of ``--update`` in this (fresh) process; prints a JSON line."""
    from fyp_tui.corpus import load_corpus

    corpus = load_corpus(extra=[corpus_dir], include_user=False)
    ids = sorted(corpus.plans)
    p_out, q_changed, r_out = ids[len(ids) // 2], ids[len(ids) // 3], ids[2 * len(ids) // 3]
    cache = work / ("fresh" if step == "verify" else "cache")
    if step == "build":
        del corpus.plans[p_out]
    elif step == "change":
        plan = corpus.plans.read(q_changed)
        plan.meta.title += "（修订）"
        sec = next(s for s in plan.walk() if s.paragraphs)
        sec.paragraphs[0].text += "新增一句，说明本次修订。"
        corpus.plans[q_changed] = plan
    elif step == "remove":
        del corpus.plans[r_out]
    anon = AnonPeak()
    t, c = time.perf_counter(), time.process_time()
    index = ReuseIndex.for_corpus(corpus, cache)
    got = {"wall": time.perf_counter() - t, "cpu": time.process_time() - c, "anon": anon.stop(),
           "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "updated": bool(index._base),
           "plans": len(index.plan_ids), "fingerprints": len(index.fp_hash)}
    if index.problem:
        got["note"] = index.problem
    if step == "verify":
        import numpy as np

        (head,) = (work / "cache").glob("reuse-*.json")
        updated = ReuseIndex.load(work / "cache", json.loads(head.read_text())["key"], corpus.plans)[0]
        same = (updated is not None and updated.unit_ids == index.unit_ids
                and all(np.array_equal(getattr(updated, a), getattr(index, a)) for a in ("fp_hash", "fp_unit")))
        common, i, j = np.intersect1d(updated.u_hash, index.u_hash, return_indices=True) if updated else ([], 0, 0)
        counts = updated is not None and np.array_equal(updated.u_plans[i], index.u_plans[j])
        got["note"] = (f"arrays {'equal' if same else 'DIFFERENT'}; candidates {len(common)} in both, counts "
                       f"{'equal' if counts else 'DIFFERENT'}")
    print(json.dumps(got))
    return 0


if __name__ == "__main__":
    sys.exit(main())
