"""Benchmark of the compare engine (targets from issue 4).

* aligning two seed plans, units and chapter view: < 200 ms
  (measured cold — the two plans' unit vectors not yet built, corpus weights ready —
  and warm; building the corpus weights is a one-off, reported apart);
* the inside of a pair (spans, reuse, sentence pairs): < 30 ms, worst pair of a
  seed comparison;
* ``fyp similar`` for 200 / 1,000 synthetic plans (``gen_corpus``): wall and CPU time,
  peak memory and the time for a plan's neighbours, each in a forked child; baseline in
  the same run: the pure-Python pairwise accumulation it replaced (up to --baseline-max
  plans: it is quadratic);
* counting a plan's n-grams, the step that dominates the build, three ways on the same
  plans: numpy on code points (what ``matrix.hashed_row`` does), scikit-learn's
  ``HashingVectorizer`` with the Python n-gram analyzer (what it did before), and
  datasketch's ``MinHash`` of the distinct n-grams (the LSH route);
* ``--corpus DIR`` (a ``gen_corpus`` directory such as 10,000 plans): the build in a fresh
  process that reads the plans one at a time from ``DIR/parsed`` (never all in memory),
  its wall/CPU time and peak RSS (the whole process), then, in a second fresh process,
  a plan's neighbours from the cache the build wrote (load, check, answer);
* ``--fresh DIR``: the first compare on a fresh corpus (bundled + DIR; the corpus manifest
  written first, as any command does), its corpus weights counted over the sample into an
  empty cache, then after adding one plan outside and one inside the sample, each in a
  fresh process (wall, CPU, peak RSS, plans counted); ``--fresh-baseline``: every plan
  counted, as before the sample (any corpus change counted them all again);
* ``--agreement DIR``: compare results with corpus weights counted over samples of each
  ``--sizes`` against the full count, on ``--pairs`` random pairs (how the sample size of
  ``weights.SAMPLE_PLANS`` was chosen; docs/notes/align.md).

    python benchmarks/bench_align.py [--plans 200] [--a xuzhou-gulou] [--b zhenjiang-jingkou] [--matrix-only]
    python benchmarks/bench_align.py --matrix-only --plans 1000 --corpus /work/data/c10k --cache /tmp/simcache
    python benchmarks/bench_align.py --fresh /work/data/c1k --cache /tmp/fresh1k --fresh-baseline
    python benchmarks/bench_align.py --agreement /work/data/c1k --sizes 150,200,300,500,1004 --pairs 20
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


def quadratic_matrix(plans) -> dict:
    """The baseline: the pure-Python pairwise accumulation ``fyp similar`` used before the
    sparse rewrite (same vectors, a dict of every pair's score)."""
    import math
    from collections import Counter

    from fyp_tui.align.matrix import PLAN_TERMS, plan_counts
    from fyp_tui.align.weights import normalise

    ids = sorted(p.id for p in plans)
    by_id = {p.id: p for p in plans}
    n = len(ids)
    counts, df = [], Counter()
    for pid in ids:
        c = plan_counts(by_id[pid])
        counts.append(c)
        df.update(c.keys())
    log_n = math.log(n + 1)
    index: dict = {}
    vectors = []
    for k, c in enumerate(counts):
        raw = {g: (1.0 + math.log(m)) * (log_n - math.log(df[g] + 1)) for g, m in c.items() if 2 <= df[g] < n}
        v = normalise(raw, PLAN_TERMS)
        vectors.append(v)
        for g, w in v.items():
            index.setdefault(g, []).append((k, w))
    scores: dict = {pid: {} for pid in ids}
    for k, v in enumerate(vectors):
        acc: dict = {}
        for g, w in v.items():
            for other, wo in index[g]:
                if other > k:
                    acc[other] = acc.get(other, 0.0) + w * wo
        for other in range(k + 1, n):
            s = math.sqrt(max(0.0, min(1.0, acc.get(other, 0.0))))
            scores[ids[k]][ids[other]] = scores[ids[other]][ids[k]] = s
    return scores


def _isolated(fn):
    """Run ``fn()`` in a forked child: (wall s, CPU s, peak RSS growth MiB, result)."""
    import multiprocessing as mp
    import resource

    def child(conn):
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        t = time.perf_counter()
        out = fn()
        wall = time.perf_counter() - t
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
        conn.send((wall, cpu, (r1.ru_maxrss - r0.ru_maxrss) / 1024, out))

    ctx = mp.get_context("fork")
    a, b = ctx.Pipe()
    proc = ctx.Process(target=child, args=(b,))
    proc.start()
    res = a.recv()
    proc.join()
    return res


def plan_grams(plan) -> list[str]:
    """Every n-gram occurrence of ``plan`` as a flat list (the analyzer ``HashingVectorizer`` was given)."""
    from fyp_tui.align.weights import _RUN, place_re

    places = place_re(plan)
    out: list[str] = []
    for s in plan.sections:
        text = s.full_text()
        if places is not None:
            text = places.sub(" ", text)
        for run in _RUN.findall(text):
            out += map(str.__add__, run, run[1:])
            out += map("".join, zip(run, run[1:], run[2:]))
    return out


def bench_counting(plans, console: Console, n: int = 40) -> None:
    """Counting n-grams per plan, three ways, on the same ``n`` plans."""
    import numpy as np

    from fyp_tui.align.matrix import FEATURES, hashed_row

    some = plans[:n]
    t = time.perf_counter()
    for p in some:
        hashed_row(p)
    t_np = (time.perf_counter() - t) / len(some)
    line = f"n-gram rows per plan ({len(some)} plans): numpy {ms(t_np)}"
    try:
        from sklearn.feature_extraction.text import HashingVectorizer

        hv = HashingVectorizer(analyzer=plan_grams, n_features=FEATURES, alternate_sign=False, norm=None,
                               dtype=np.float32)
        t = time.perf_counter()
        for p in some:
            hv.transform([p])
        line += f" · HashingVectorizer {ms((time.perf_counter() - t) / len(some))}"
    except ImportError:
        line += " · HashingVectorizer (scikit-learn not installed)"
    try:
        from datasketch import MinHash

        t = time.perf_counter()
        for p in some[:10]:
            m = MinHash(num_perm=128)
            m.update_batch([g.encode() for g in set(plan_grams(p))])
        line += f" · datasketch MinHash(128) {ms((time.perf_counter() - t) / len(some[:10]))}"
    except ImportError:
        line += " · datasketch (not installed)"
    console.print(line)


def bench_matrix(n: int, console: Console, baseline_max: int) -> bool:
    import gen_corpus

    t = time.perf_counter()
    plans = gen_corpus.generate(n)
    console.print(f"generated {n} synthetic plans in {time.perf_counter() - t:.1f} s")
    bench_counting(plans, console)

    def sparse():
        m = SimilarityMatrix(plans).compute()
        t = time.perf_counter()
        top = m.closest(plans[0].id, 3)
        return top, time.perf_counter() - t

    wall, cpu, rss, (top, t_nb) = _isolated(sparse)
    console.print(f"similar, sparse, {n} plans: {wall:.1f} s wall · {cpu:.1f} s CPU · +{rss:.0f} MiB peak RSS · "
                  f"a plan's neighbours {ms(t_nb)}   (closest to {plans[0].id}: {top[0][0]} {top[0][1]:.2f})")
    if n <= baseline_max:
        bwall, bcpu, brss, scores = _isolated(lambda: quadratic_matrix(plans))
        best = max(scores[plans[0].id].items(), key=lambda kv: kv[1])
        console.print(f"similar, baseline (pure-Python pairs), {n} plans: {bwall:.1f} s wall · {bcpu:.1f} s CPU · "
                      f"+{brss:.0f} MiB peak RSS   (closest: {best[0]} {best[1]:.2f})")
    else:
        console.print(f"baseline skipped above {baseline_max} plans (quadratic: see the 200-plan figure)")
    return wall < 30


class DirPlans:
    """``plan id → Plan`` over a ``gen_corpus`` directory, decoded on each access, never
    kept (like the corpus's lazy plans with ``read``)."""

    def __init__(self, root: Path):
        self.files = {f.stem: f for f in sorted((root / "parsed").glob("*.json"))}

    def __iter__(self):
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, pid: str):
        from fyp_tui.model import decode_plan

        return decode_plan(self.files[pid].read_bytes())

    read = __getitem__

    def values(self):
        return (self[pid] for pid in self)

    def key(self) -> str:
        import hashlib

        h = hashlib.sha256()
        for pid, f in self.files.items():
            st = f.stat()
            h.update(f"{pid}:{st.st_size}:{st.st_mtime_ns};".encode())
        return h.hexdigest()


def similar_child(root: Path, cache: Path, phase: str) -> None:
    """One phase in this (fresh) process; prints one JSON line of figures."""
    import json
    import resource
    from collections.abc import Mapping

    Mapping.register(DirPlans)
    plans = DirPlans(root)
    key = plans.key()  # the corpus fingerprint's stand-in (the corpus manifest gives it in fyp)
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    m = SimilarityMatrix(plans, key=key, cache_dir=cache)
    if phase == "build":
        m.compute()
        top = m.closest(m.ids[0], 3)
    else:
        top = m.closest(m.ids[0], 3)  # loads the neighbours from the cache, checks them, answers
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"wall": wall, "cpu": (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime),
                      "rss": r1.ru_maxrss / 1024, "n": len(m.ids), "top": top, "problem": m.problem}))


def bench_dir(root: Path, cache: Path, console: Console) -> bool:
    import json
    import subprocess

    cache.mkdir(parents=True, exist_ok=True)
    for f in cache.glob("similarity-*.npz"):
        f.unlink()  # a build from scratch
    out = {}
    for phase in ("build", "query"):
        run = subprocess.run([sys.executable, __file__, "--similar-child", str(root), "--cache", str(cache),
                              "--phase", phase], capture_output=True, text=True, check=True)
        out[phase] = json.loads(run.stdout.strip().splitlines()[-1])
    b, q = out["build"], out["query"]
    console.print(f"similar, {b['n']} plans read one at a time from {root}: build {b['wall']:.1f} s wall · "
                  f"{b['cpu']:.1f} s CPU · peak RSS {b['rss']:.0f} MiB (whole process)   target ≤ 2048 MiB")
    console.print(f"a plan's neighbours in a fresh process from the cache: {ms(q['wall'])} · peak RSS "
                  f"{q['rss']:.0f} MiB   (closest to {b['top'][0][0] if b['top'] else '-'}…)   target ≤ 1 s")
    return b["rss"] <= 2048 and q["wall"] <= 1.0


# -- corpus weights over a sample of the plans --------------------------------------
def sample_agreement(root: Path, sizes: list[int], n_pairs: int, seed: int, console: Console) -> None:
    """How compare results over the whole corpus (bundled + ``root``) differ when the
    corpus weights are counted over the first ``k`` plans by id hash instead (the
    sample ``corpus_weights`` takes): ``n_pairs`` random pairs, aligned with every
    weighting; equivalent and related lists and scores against the full count's.
    Two ablations at the middle size: no pair terms (``for_pair`` off), no scaling. A
    size of all plans but one measures what a one-plan change of a fully counted corpus
    does (the floor any sample is held to)."""
    import random
    from fyp_tui.align.weights import TermCount, Weights, _rank, plan_terms

    corpus = load_corpus(extra=[root], include_user=False)
    ids = sorted(corpus.plans)
    order = sorted(ids, key=_rank)
    pairs = [tuple(random.Random(seed + k).sample(ids, 2)) for k in range(n_pairs)]
    count = TermCount()
    snaps: dict[int, tuple] = {}
    t = time.perf_counter()
    for n, pid in enumerate(order, 1):
        count.add(plan_terms(corpus.plans.read(pid))[1])
        if n in sizes or n == len(order):
            snaps[n] = (count.tally(), time.perf_counter() - t)
    console.print(f"counted {len(order)} plans in {time.perf_counter() - t:.0f} s; "
                  f"{len(count.df):,} distinct terms, {len(snaps[len(order)][0].df):,} evidence terms in all")
    del count
    units: dict = {}
    counts_: dict = {}
    own: dict = {}

    def weights(k: int, scaled: bool = True, pair_terms: bool = True) -> Weights:
        sample = order[:k]
        w = Weights(counted=snaps[k][0], corpus_ids=ids, sample=ids if not pair_terms else sample,
                    corpus_size=len(ids) if scaled else 0)
        w._units, w._counts, w._own_df = units, counts_, own  # they do not depend on the idf
        return w

    def align_all(w: Weights) -> list:
        out = []
        for a, b in pairs:
            al = align_units(corpus.get(a), corpus.get(b), w)
            out.append(({(p.a.id, p.b.id): p.score for p in al.pairs}, {(p.a.id, p.b.id): p.score for p in al.related}))
        return out

    full = align_all(weights(len(order)))
    n_eq = sum(len(e) for e, _ in full)
    n_rel = sum(len(r) for _, r in full)
    console.print(f"{n_pairs} random pairs of {len(ids)} plans, full count: {n_eq} equivalent, "
                  f"{n_rel} related unit pairs")

    def jacc(x: set, y: set) -> float:
        return len(x & y) / len(x | y) if x | y else 1.0

    mid = sizes[len(sizes) // 2]
    runs = [(f"sample {k} ({snaps[k][1]:.0f} s to count)" if k < len(order) - 1 else
             "every plan but one (the noise of any corpus change)", weights(k)) for k in sizes if k < len(order)]
    runs += [(f"sample {mid}, no pair terms", weights(mid, pair_terms=False)),
             (f"sample {mid}, unscaled", weights(mid, scaled=False))]
    for label, w in runs:
        got = align_all(w)
        same_eq = sum(set(e) == set(fe) for (e, _), (fe, _) in zip(got, full))
        eq_j = statistics.mean(jacc(set(e), set(fe)) for (e, _), (fe, _) in zip(got, full))
        all_e = sum(len(set(e) & set(fe)) for (e, _), (fe, _) in zip(got, full))
        rel_j = statistics.mean(jacc(set(r), set(fr)) for (_, r), (_, fr) in zip(got, full))
        d = [abs(s - {**fe, **fr}[k]) for (e, r), (fe, fr) in zip(got, full) for k, s in {**e, **r}.items()
             if k in fe or k in fr]
        console.print(f"{label}: equivalent lists identical {same_eq}/{n_pairs}, mean Jaccard {eq_j:.3f} "
                      f"({all_e}/{n_eq} of the full count's kept) · related mean Jaccard {rel_j:.3f} · "
                      f"|Δ score| mean {statistics.mean(d):.4f}, max {max(d):.4f} over {len(d)} listed pairs")


def fresh_child(roots: list[Path], cache: Path, a_id: str, b_id: str, full: bool, k: int | None) -> None:
    """One compare in this (fresh) process, its corpus weights read from or counted into
    ``cache``; with ``full``, every plan counted (the code before sampling did that)."""
    import json
    import resource

    from fyp_tui.align import compare
    from fyp_tui.align import weights as wmod

    if full:
        wmod.SAMPLE_PLANS = 10**9
    elif k:
        wmod.SAMPLE_PLANS = k
    corpus = load_corpus(extra=roots, include_user=False)
    counted: list[int] = []
    real = wmod.tally

    def tally(plans, keep=None):
        got = real(plans, keep)
        counted.append(got.n_plans)
        return got

    wmod.tally = tally
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    al = compare(corpus, a_id, b_id, cache_dir=cache)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"wall": wall, "cpu": (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime),
                      "rss": r1.ru_maxrss / 1024, "n": len(corpus.plans), "counted": sum(counted),
                      "pairs": len(al.pairs)}))


def _added_layer(root: Path, ids: list[str], inside: bool, dest: Path, k: int | None) -> Path:
    """A corpus layer holding one plan of ``root`` under a new id that falls inside (or
    outside) the sample of ``ids`` and itself."""
    import json

    from fyp_tui.align.weights import sample_ids

    pid = next(c for c in (f"added-{j:04d}" for j in range(100_000))
               if (c in sample_ids(ids + [c], k)) == inside)
    src = sorted((root / "parsed").glob("*.json"))[0]
    doc = json.loads(src.read_text(encoding="utf-8"))
    doc["id"] = pid
    layer = dest / f"added-{'in' if inside else 'out'}"
    (layer / "parsed").mkdir(parents=True, exist_ok=True)
    for old in (layer / "parsed").glob("*.json"):
        old.unlink()
    (layer / "parsed" / f"{pid}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return layer


def bench_fresh(root: Path, cache: Path, baseline: bool, k: int | None, console: Console) -> None:
    """The first compare on a fresh corpus (bundled + ``root``): corpus weights counted
    into an empty cache, then the compare after one plan is added outside the sample and
    after one is added inside it; each in a fresh process. The baseline counts every plan
    (as before sampling): any change counts them all again."""
    import json
    import os
    import shutil
    import subprocess

    os.environ["FYP_CACHE_DIR"] = str(cache / "fyp")
    env = dict(os.environ)
    subprocess.run([sys.executable, "-c", "import sys; from fyp_tui.corpus import load_corpus; "
                    f"load_corpus(extra=[__import__('pathlib').Path({str(root)!r})], include_user=False)"],
                   check=True, env=env, cwd=ROOT)  # the manifest, which any first command writes
    ids = sorted(load_corpus(extra=[root], include_user=False).plans)
    a_id, b_id = "xuzhou-gulou", sorted(p.stem for p in (root / "parsed").glob("*.json"))[1]
    for full in ([True] if baseline else []) + [False]:
        weights_dir = cache / ("weights-full" if full else "weights-sample")
        shutil.rmtree(weights_dir, ignore_errors=True)
        label = "baseline (every plan counted)" if full else "sample"
        steps = [("first compare, fresh cache (and after any change: every plan counted again)", [])]
        if not full:
            steps = [("first compare, fresh cache", []),
                     ("after adding a plan outside the sample", [_added_layer(root, ids, False, cache, k)]),
                     ("after adding a plan inside the sample", [_added_layer(root, ids, True, cache, k)])]
        for step, extra in steps:
            cmd = [sys.executable, __file__, "--fresh-child", str(root), *[f"--fresh-child={p}" for p in extra],
                   "--cache", str(weights_dir), "--a", a_id, "--b", b_id] + (["--full"] if full else [])
            cmd += [f"--sample-plans={k}"] if k else []
            run = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
            r = json.loads(run.stdout.strip().splitlines()[-1])
            console.print(f"{label}, {r['n']:,} plans, {step}: {r['wall']:.1f} s wall · {r['cpu']:.1f} s CPU · "
                          f"peak RSS {r['rss']:.0f} MiB · {r['counted']} plans counted ({r['pairs']} pairs)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--a", default="xuzhou-gulou")
    ap.add_argument("--b", default="zhenjiang-jingkou")
    ap.add_argument("--baseline-max", type=int, default=300, help="run the quadratic baseline up to this many plans")
    ap.add_argument("--matrix-only", action="store_true")
    ap.add_argument("--corpus", type=Path, help="also time the build over this gen_corpus directory (streamed)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/fyp-bench-similar"), help="cache directory for --corpus")
    ap.add_argument("--agreement", type=Path, help="compare results with sampled against full corpus weights over "
                    "bundled + this gen_corpus directory, then exit")
    ap.add_argument("--sizes", default="100,200,300,500", help="sample sizes for --agreement")
    ap.add_argument("--pairs", type=int, default=20, help="random pairs for --agreement")
    ap.add_argument("--fresh", type=Path, help="time the first compare on a fresh corpus of bundled + this "
                    "gen_corpus directory (weights in --cache), then after adding a plan; then exit")
    ap.add_argument("--fresh-baseline", action="store_true", help="with --fresh: also count every plan (before)")
    ap.add_argument("--sample-plans", type=int, help="with --fresh: this sample size (default: SAMPLE_PLANS)")
    ap.add_argument("--fresh-child", type=Path, action="append", help=argparse.SUPPRESS)
    ap.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--similar-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--phase", default="build", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.fresh_child:
        fresh_child(args.fresh_child, args.cache, args.a, args.b, args.full, args.sample_plans)
        return 0
    if args.similar_child:
        similar_child(args.similar_child, args.cache, args.phase)
        return 0
    console = Console(highlight=False)
    if args.fresh:
        bench_fresh(args.fresh, args.cache, args.fresh_baseline, args.sample_plans, console)
        return 0
    if args.agreement:
        sample_agreement(args.agreement, [int(k) for k in args.sizes.split(",")], args.pairs, 7, console)
        return 0
    corpus = load_corpus(include_user=False)
    ok = True
    if not args.matrix_only:
        ok = bench_pair(corpus, args.a, args.b, console)
        ok = bench_pair(corpus, "xuzhou", "xuzhou-gulou", console) and ok
    ok = bench_matrix(args.plans, console, args.baseline_max) and ok
    if args.corpus:
        ok = bench_dir(args.corpus, args.cache, console) and ok
    console.print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
