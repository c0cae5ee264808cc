"""The index at scale: build, disk, a fresh search and the app's first frame, each
next to a baseline measured in the same run.

    python benchmarks/gen_corpus.py 10000 --out /work/data/c10k
    python benchmarks/bench_scale.py --corpus /work/data/c10k [--cache DIR] [--rebuild]

Reported for a corpus directory (the cache is ``--cache``, default ``DIR.cache``,
never the user's own):

- the corpus: plans, and its text as UTF-8 bytes (each plan's units written once
  as a file for rg: what disk and memory are judged against);
- the corpus manifest (first load of the directory, decoding every plan once);
- the index build, in a child process: wall, CPU and peak RSS (``/usr/bin/time``);
- the index on disk against the text;
- a fresh ``fyp search QUERY --json`` (warm cache): wall, CPU (user + system) and
  peak RSS, median of ``--runs``, against ``rg -c QUERY`` over the same text
  (default threads, warm cache), with the load average (the machine is shared:
  under load, wall time is mostly waiting for a core);
- app start to the tree (``FYP_EXIT_AFTER_FIRST_FRAME``: the app exits after the
  browse screen's first refresh) against ``python -c "import textual"``;
- adding one plan: a child opens a copy of the store (hard links) and updates it
  with one new plan the way ``get_index`` does, reporting its time, peak RSS, the
  plans it keyed (only the new one, or it rebuilt) and that the new plan is found.
  (A hard link moves a file's change time: the next search reads the store back
  whole once, see ``store``'s stamp. It is run last for that reason.)
- changing one plan and removing one plan (``--changed N,…``: N plans in the middle of
  the corpus given another text under the same id, or removed), each in a child on a
  copy of the store the same way: time, peak RSS, plans keyed, and a check (the
  changed plan's count of a word of its own against ``str.count``; the removed plan
  gone); against it, in the same run, the full rebuild of the same changed corpus
  (``build_store``, what a changed plan cost before; skipped by ``--no-rebuild``).
  ``--updates-only`` skips the fresh searches and the app start.

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

QUERIES = ["楼宇经济", "高质量发展", "量子纠缠通信枢纽", "楼宇经纪"]
LAST_MEMORY = [0, 0]  # KB private, KB file-backed of the last fresh search, at its exit


def timed(cmd: list[str], env: dict, runs: int = 3, ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Median wall seconds, CPU seconds and peak RSS (MB) of ``cmd`` over ``runs`` runs
    (exit codes ``ok`` accepted: rg exits 1 when nothing matches)."""
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *cmd], env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - t)
        if out.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
        lines = out.stderr.strip().splitlines()
        u, s, m = lines[-1].split()
        cpus.append(float(u) + float(s))
        rss.append(int(m) / 1024)
        for line in lines:
            if line.startswith("memory "):
                LAST_MEMORY[:] = map(int, line.split()[1:])
    return statistics.median(walls), statistics.median(cpus), statistics.median(rss)


def write_texts(corpus, out: Path) -> int:
    """Each plan's units as a UTF-8 file (for rg), once; returns the total bytes."""
    from fyp_tui.search.units import plan_units

    done = out / ".complete"
    if done.exists():
        return int(done.read_text())
    out.mkdir(parents=True, exist_ok=True)
    read = getattr(corpus.plans, "read", corpus.plans.__getitem__)  # without keeping 10,000 plans
    total = 0
    for pid in corpus.plans:
        data = "\n".join(t for _, _, _, t in plan_units(read(pid)) if t).encode("utf-8")
        (out / f"{pid}.txt").write_bytes(data)
        total += len(data)
    done.write_text(str(total))
    return total


BUILD = """
import sys
from pathlib import Path
from fyp_tui.corpus import load_corpus
from fyp_tui.search import get_index
c = load_corpus(extra=[Path(sys.argv[1])], include_user=False)
ix = get_index(c)
print(ix.__dict__['_store'])
"""

LOAD = """
import sys
from pathlib import Path
from fyp_tui.corpus import load_corpus
load_corpus(extra=[Path(sys.argv[1])], include_user=False)
"""

SEARCH = """
import sys
from fyp_tui.cli import main
rc = main(sys.argv[1:])
st = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
print("memory", *(int(st[k].split()[0]) for k in ("RssAnon", "RssFile")), file=sys.stderr)
sys.exit(rc)
"""

SPY = """
keyed = []
real = SearchIndex.build.__func__
def spy(cls, ps, *a, **k):
    ps = list(ps)
    keyed.extend(p.id for p in ps)
    return real(cls, ps, *a, **k)
SearchIndex.build = classmethod(spy)
slot = Path(sys.argv[2])
"""  # counts the plans keyed (SearchIndex.build is the only place a plan is keyed)

ADD = """
import resource, shutil, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import gen_corpus
from fyp_tui.corpus import load_corpus, plan_fingerprint
from fyp_tui.search import SearchIndex, search, cache
c = load_corpus(extra=[Path(sys.argv[1])], include_user=False)
found = c.plan_fingerprints()
ids, fps = list(found), list(found.values())
plan = next(gen_corpus.iter_plans(1, seed=99))
plan.id = "added-plan"
""" + SPY + """
t = time.perf_counter()
ix = cache._load_or_build({plan.id: plan}, ids + [plan.id], fps + [plan_fingerprint(plan)], "added", slot, False)
wall = time.perf_counter() - t
cache.attach(ix, {plan.id: plan})
word = plan.sections[0].title[:4] or "发展"
from fyp_tui.search import Filters
r = search(ix, word, mode="exact", filters=Filters(plans=("added-plan",)))
from fyp_tui.search.units import plan_units
expected = sum(t.replace(" ", "").count(word) for _, _, _, t in plan_units(plan) if t)
print(wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(keyed), keyed[:3],
      len(ix.plans), r.counts.get("added-plan", 0), expected, repr(word))
"""

CHANGE = """
import resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import gen_corpus
from fyp_tui.corpus import load_corpus, plan_fingerprint
from fyp_tui.search import Filters, SearchIndex, builder, cache, search
from fyp_tui.search.units import plan_units
what, n = sys.argv[4], int(sys.argv[5])
c = load_corpus(extra=[Path(sys.argv[1])], include_user=False)
found = c.plan_fingerprints()
ids, fps = list(found), list(found.values())
mid = len(ids) // 2
chosen = ids[mid : mid + n]  # plans in the middle: every later unit moves
changed = {}
if what == "remove":
    gone = set(chosen)
    fps = [f for pid, f in zip(ids, fps) if pid not in gone]
    ids = [pid for pid in ids if pid not in gone]
else:  # another text under the same id: a plan re-ingested after a correction
    for pid, plan in zip(chosen, gen_corpus.iter_plans(n, seed=99)):
        plan.id, plan.source_sha256 = pid, "changed"
        changed[pid] = plan
    fps = [plan_fingerprint(changed[pid]) if pid in changed else f for pid, f in zip(ids, fps)]

class Plans:  # the corpus with the changed plans in place, read without keeping
    def read(self, pid):
        return changed.get(pid) or c.plans.read(pid)
    __getitem__ = get = read
    def keys(self):
        return ids
    def __iter__(self):
        return iter(ids)

""" + SPY + """
fp = cache._digest(ids, fps)
t = time.perf_counter()
if what == "rebuild":
    builder.build_store(Path(tempfile.mkdtemp(dir=slot.parent)) / "s", ids, Plans().read, fps, fp)
    ix = None
else:
    ix = cache._load_or_build(Plans(), ids, fps, fp, slot, False)
wall = time.perf_counter() - t
got = want = 0
word = "-"
if ix is not None and what == "remove":
    got, want = sum(p.id in gone for p in ix.plans), 0
elif ix is not None:
    cache.attach(ix, Plans())
    plan = changed[chosen[0]]
    word = plan.sections[0].title[:4] or "发展"
    got = search(ix, word, mode="exact", filters=Filters(plans=(plan.id,))).counts.get(plan.id, 0)
    want = sum(t.replace(" ", "").count(word) for _, _, _, t in plan_units(plan) if t)
print(wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(keyed), len(ids), got, want, repr(word))
"""


def updates(args, env: dict, slot: Path, cache: Path, corpus_dir: Path, row) -> None:
    """The change and remove rows, each in a child on a hard-linked copy of the store."""
    py = sys.executable
    for n in [int(x) for x in args.changed.split(",")]:
        for what in ("change", "remove", *(() if args.no_rebuild else ("rebuild",))):
            with tempfile.TemporaryDirectory(dir=cache) as tmp:
                copy = Path(tmp) / "slot"
                shutil.copytree(slot, copy, copy_function=os.link)
                out = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", py, "-c", CHANGE, str(corpus_dir),
                                      str(copy), str(HERE), what, str(n)], env=env, capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(out.stderr[-3000:])
            wall, peak, keyed, total, got, want, word = out.stdout.strip().splitlines()[-1].split(" ", 6)
            u, s, _ = out.stderr.strip().splitlines()[-1].split()
            label = {"change": f"changing {n} plan(s) in the middle", "remove": f"removing {n} plan(s) in the middle",
                     "rebuild": f"  baseline: full rebuild of the corpus with {n} changed"}[what]
            check = (f"{word} found {got}× in the changed plan, str.count {want}" if what == "change"
                     else f"removed plans still indexed: {got}" if what == "remove" else "")
            row(label, f"{float(wall):.1f} s wall, {float(u) + float(s):.1f} s CPU, peak RSS {float(peak):,.0f} MB",
                f"plans keyed: {keyed} of {total}; {check} (load {os.getloadavg()[0]:.1f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--cache", type=Path, help="FYP_CACHE_DIR for the run (default: DIR.cache)")
    ap.add_argument("--texts", type=Path, help="where the plans' text goes for rg (default: DIR.txt)")
    ap.add_argument("--rebuild", action="store_true", help="remove the stored index first (time a build)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--changed", default="1", help="plans changed / removed per update row, comma-separated")
    ap.add_argument("--no-rebuild", action="store_true", help="no full-rebuild baseline for the update rows")
    ap.add_argument("--updates-only", action="store_true", help="only the build and the update rows")
    args = ap.parse_args(argv)
    corpus_dir = args.corpus.resolve()
    cache = (args.cache or corpus_dir.with_suffix(".cache")).resolve()
    home = cache.parent / (cache.name + "-home")
    env = {**os.environ, "FYP_CACHE_DIR": str(cache), "FYP_CONFIG_DIR": str(home / "config"),
           "FYP_DATA_DIR": str(home / "data")}
    # An installed fyp has its bytecode compiled; without it every fresh process would
    # compile every module it imports (~0.2 s), which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.update({k: env[k] for k in ("FYP_CACHE_DIR", "FYP_CONFIG_DIR", "FYP_DATA_DIR")})
    py = sys.executable
    fyp = [py, "-m", "fyp_tui", "--no-user-corpus", "--corpus", str(corpus_dir)]
    rows: list[tuple[str, str, str]] = []

    def row(a: str, b: str, c: str = "") -> None:
        rows.append((a, b, c))
        print(f"{a}: {b}  {c}", flush=True)

    wall, cpu, rss = timed([py, "-c", LOAD, str(corpus_dir)], env, 1)
    row("corpus load (writes the corpus manifest the first time)", f"{wall:.1f} s, peak RSS {rss:,.0f} MB")

    from fyp_tui.corpus import load_corpus

    corpus = load_corpus(extra=[corpus_dir], include_user=False)
    texts = (args.texts or corpus_dir.with_suffix(".txt")).resolve()
    nbytes = write_texts(corpus, texts)
    row("corpus", f"{len(corpus.plans):,} plans, text {nbytes / 1e6:,.1f} MB UTF-8")
    del corpus

    if args.rebuild:
        shutil.rmtree(cache / "search", ignore_errors=True)
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", py, "-c", BUILD, str(corpus_dir)], env=env,
                         capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    u, s, m = out.stderr.strip().splitlines()[-1].split()
    slot = Path(out.stdout.strip().splitlines()[-1])
    row("index build" if args.rebuild else "index (built if the cache was cold)",
        f"{wall:.1f} s wall, {float(u) + float(s):.1f} s CPU, peak RSS {int(m) / 1024:,.0f} MB",
        "target ≤ 2,048 MB at 10,000 plans")
    parts = {}
    import json

    manifest = json.loads((slot / "index.json").read_text())
    for name, f in manifest["files"].items():
        parts[name] = f["size"]
    disk = sum(parts.values()) + (slot / "index.json").stat().st_size
    row("index on disk", f"{disk / 1e6:,.1f} MB", f"{disk / nbytes:.2f}× the text (target ≤ 2×)")
    row("  by part (MB)", "", ", ".join(f"{k} {v / 1e6:,.1f}" for k, v in sorted(parts.items(), key=lambda x: -x[1])))

    if args.updates_only:
        updates(args, env, slot, cache, corpus_dir, row)
        return _table(rows)
    rg = shutil.which("rg")
    search = [py, "-c", SEARCH, "--no-user-corpus", "--corpus", str(corpus_dir), "search"]
    for q in QUERIES:
        wall, cpu, rss = timed([*search, q, "--json"], env, args.runs)
        base = timed([rg, "-c", q, str(texts)], env, args.runs, ok=(0, 1))[0] if rg else float("nan")
        anon, mapped = LAST_MEMORY
        row(f"fresh `fyp search {q} --json`",
            f"{wall * 1000:,.0f} ms ({cpu * 1000:,.0f} ms CPU, load {os.getloadavg()[0]:.1f}), peak RSS {rss:,.0f} MB",
            f"rg {base * 1000:,.0f} ms ({wall / base:.1f}×); RSS {rss * 2**20 / nbytes:.2f}× the text "
            f"(target ≤ 1.5×); at exit {anon / 1024:,.0f} MB private + {mapped / 1024:,.0f} MB of mapped "
            f"index pages (page cache, shared)")

    base = timed([py, "-c", "import textual"], env, args.runs)[0]
    app = timed(fyp, {**env, "FYP_EXIT_AFTER_FIRST_FRAME": "1"}, args.runs)
    row("app start to the tree", f"{app[0] * 1000:,.0f} ms, RSS {app[2]:,.0f} MB",
        f"`python -c 'import textual'` {base * 1000:,.0f} ms; target ≤ 1,000 ms")

    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        copy = Path(tmp) / "slot"
        shutil.copytree(slot, copy, copy_function=os.link)  # store files are never written in place
        out = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", py, "-c", ADD, str(corpus_dir), str(copy), str(HERE)],
                             env=env, capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        wall, peak, keyed, first, n, got, want, word = out.stdout.strip().splitlines()[-1].split(" ", 7)
        row("adding one plan to the stored index", f"{float(wall):.1f} s, peak RSS {float(peak):,.0f} MB",
            f"plans keyed: {keyed} {first} (a rebuild keys {n}); {word} found {got}× in it, str.count {want}")
    updates(args, env, slot, cache, corpus_dir, row)
    return _table(rows)


def _table(rows: list[tuple[str, str, str]]) -> int:
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print()
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:<{w1}}  {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
