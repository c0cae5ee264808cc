"""Search at scale, every figure next to a baseline measured in the same run.

    python benchmarks/bench_search.py --corpus DIR      # a corpus directory (gen_corpus.py output)
    python benchmarks/bench_search.py --plans 1000      # generate one first (in a temporary directory)

Queries are a FIXED list (real policy terms, misspellings, pinyin in full and as
initials, zero-hit terms, Latin words that are not pinyin, several words), never
sampled from the index, so nothing is guaranteed to hit. Reported:

- the corpus: plans, text as UTF-8 bytes (what memory and disk are judged against);
- index build (when the cache is cold): wall time and peak RSS of the building process;
- index on disk, against the text;
- a fresh ``fyp search QUERY --json`` process (warm cache): wall time and peak RSS,
  against ``rg -c QUERY`` over the same plans' text written as UTF-8 files (default
  threads, warm page cache), median of five runs each after one warm-up (for a
  pinyin query also ``rg -f`` given the regex its tier runs: the same search, as rg
  cannot read pinyin); the floor of any ``fyp`` command (Python start, ``import fyp_tui.cli``) is printed beside it.
  The fresh processes get compiled bytecode (``PYTHONPYCACHEPREFIX`` in the run's
  cache directory) as an installed package has: with ``PYTHONDONTWRITEBYTECODE`` set,
  as here, every run would otherwise recompile the package (~0.1–0.2 s);
- a long-lived process (what the app is: one process, many queries), run as a child
  of this script so that nothing the script holds for its baselines is counted in
  it: latency per query group (p50/p95 over the group's queries, each the median of
  five runs after a warm-up), wall and CPU time (CPU time is what the search itself
  costs on a shared machine), against a ``str.count`` scan of the whole text for the
  same strings (in this script); the p95 of each tier's own time (exact,
  traditional, homophone, typo, split, pinyin: ``SearchResult.tier_ms``); title
  search (the palette) p50/p95; and after each group the child's memory as the
  kernel reports it (``/proc/self/status``: RSS, its private and file-backed parts,
  the peak so far), so one sees which kinds of query grow it; at the end its RSS
  and peak against 1.5× the text, and what its derived tables hold (``budget``);
- the machine's load average at the start and the end (``/proc/loadavg``).

Prints a table; asserts nothing. ``FYP_CACHE_DIR`` etc. are pointed at a directory
of the run (``--cache``, default: next to the corpus), never the user's own.
"""

from __future__ import annotations

import argparse
import json
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

QUERIES = {
    "exact terms": ["楼宇经济", "高质量发展", "数字经济", "营商环境", "乡村振兴", "共同富裕", "碳达峰",
                    "新型城镇化", "总部经济", "产业链供应链", "科技创新", "城市更新", "发展", "建设"],
    "misspellings": ["楼宇经纪", "楼语经济", "高质良发展", "营尚环境", "数字经齐", "乡村振心", "总部经齐",
                     "提高开放水品", "科技创薪", "城市更心"],
    "pinyin full": ["louyujingji", "gaozhiliangfazhan", "shuzijingji", "yingshanghuanjing", "xiangcunzhenxing"],
    "pinyin initials": ["lyjj", "szjj", "gzlfz", "yshj", "xczx", "zbjj"],
    "zero hits": ["量子纠缠通信枢纽", "火星基地", "元宇宙乐园建设", "深海采矿试验区", "北极航道港"],
    "latin": ["xyzzy", "CBD", "GDP", "5G", "PM2.5", "qwrtp"],
    "several words": ["楼宇 总部", "数字 经济 平台", "乡村 振兴 产业", "营商 环境 优化"],
}
MODES = {"exact terms": ["exact", "auto"], "misspellings": ["auto", "fuzzy"], "pinyin full": ["auto"],
         "pinyin initials": ["auto"], "zero hits": ["auto"], "latin": ["auto"], "several words": ["auto"]}


def class_pattern(corpus, q: str) -> str | None:
    """A pinyin query as the regex its tier runs: one character class per syllable or
    initial, of the characters the index's stored readings allow there."""
    from fyp_tui.search import get_index
    from fyp_tui.search.engine import readings_of
    from fyp_tui.search.pinyin import parse, token_chars
    from fyp_tui.search.variants import char_class

    rd = readings_of(get_index(corpus))
    tokens = parse(q, rd)
    return None if not tokens else "".join(char_class(token_chars(t, rd)) for t in tokens)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def loadavg() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def timed(cmd: list[str], env: dict, runs: int = 5) -> tuple[float, float]:
    """Median wall seconds and peak RSS (MB) of ``cmd`` over ``runs`` runs (after one
    unmeasured warm-up run)."""
    subprocess.run(cmd, env=env, capture_output=True)
    walls, rss = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - t)
        rss.append(int(out.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(walls), statistics.median(rss)


def status() -> dict:
    """This process's memory as the kernel reports it (MB): RSS, its anonymous (private)
    and file-backed parts, and the peak RSS so far (``/proc/self/status``)."""
    want = {"VmRSS": "rss", "RssAnon": "anon", "RssFile": "file", "VmHWM": "peak"}
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in want:
                out[want[k]] = int(v.split()[0]) / 1024
    return out


def memory(m: dict, nbytes: int) -> str:
    return (f"RSS {m['rss']:,.0f} MB = {m['rss'] / (nbytes / 1e6):.2f}× text (private {m['anon']:,.0f}, "
            f"file-backed {m['file']:,.0f}); peak so far {m['peak']:,.0f} MB")


def long_lived(corpus_dir: Path, runs: int) -> None:
    """The long-lived process: open the index, run every group of queries (each query
    once to warm up, then ``runs`` times), the title searches; print JSON with the
    latencies and the process's memory after each group."""
    from fyp_tui.corpus import load_corpus
    from fyp_tui.search import budget, get_index, search, search_titles

    corpus = load_corpus(extra=[corpus_dir], include_user=False)
    t = time.perf_counter()
    index = get_index(corpus)
    out: dict = {"load_ms": (time.perf_counter() - t) * 1000, "open": status(), "groups": []}
    for group, queries in QUERIES.items():
        for mode in MODES[group]:
            lat, cpu, hits = [], [], []
            tiers: dict[str, list[float]] = {}
            for q in queries:
                search(index, q, mode=mode)  # warm-up (tables built on first use)
                walls, cpus, per_tier = [], [], []
                for _ in range(runs):
                    t, c = time.perf_counter(), time.process_time()
                    r = search(index, q, mode=mode)
                    walls.append(time.perf_counter() - t)
                    cpus.append(time.process_time() - c)
                    per_tier.append(r.tier_ms)
                lat.append(statistics.median(walls))
                cpu.append(statistics.median(cpus))
                for tier in per_tier[0]:
                    tiers.setdefault(tier, []).append(statistics.median(x.get(tier, 0.0) for x in per_tier))
                hits.append(r.total)
            out["groups"].append({"name": f"{group} [{mode}]", "queries": queries, "lat": lat, "cpu": cpu,
                                  "hits": hits, "tiers": tiers, "mem": status()})
    lat = []
    titles = QUERIES["exact terms"] + QUERIES["pinyin initials"]
    for q in titles:
        search_titles(index, q)
        t = time.perf_counter()
        search_titles(index, q)
        lat.append(time.perf_counter() - t)
    out["groups"].append({"name": "title search", "queries": [], "lat": lat, "cpu": lat, "hits": [0],
                          "tiers": {}, "mem": status()})
    tables = getattr(index, "tables", None)  # None: code from before the budget (an A/B run)
    mapped = index.__dict__.get("_mapped")
    heap = getattr(budget, "heap", None)  # None: code from before the heap was handed back (an A/B run)
    out.update(end=status(), held=tables.held if tables else 0, budget=tables.budget if tables else 0,
               dropped=tables.dropped if tables else 0, released=mapped.dropped if mapped is not None else 0,
               trimmed=heap().trimmed if heap is not None else 0)
    print(json.dumps(out))


def write_texts(corpus, out: Path) -> int:
    """Each plan's text as a UTF-8 file (for rg); returns the total bytes."""
    from fyp_tui.search.units import plan_units

    out.mkdir(parents=True, exist_ok=True)
    total = 0
    read = getattr(corpus.plans, "read", corpus.plans.__getitem__)  # decoded, not kept by the corpus
    for pid in corpus.plans:
        text = "\n".join(t for _, _, _, t in plan_units(read(pid)) if t)
        data = text.encode("utf-8")
        (out / f"{pid}.txt").write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, help="a corpus directory (parsed/*.json)")
    ap.add_argument("--plans", type=int, default=1000, help="plans to generate when --corpus is not given")
    ap.add_argument("--cache", type=Path, help="FYP_CACHE_DIR for the run (default: DIR.cache)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--process-only", action="store_true", help="skip the fresh processes and rg")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)  # the long-lived process (text bytes)
    args = ap.parse_args(argv)
    if args.child is not None:
        long_lived(args.corpus, args.runs)
        return 0

    corpus_dir = args.corpus
    if corpus_dir is None:
        import gen_corpus

        corpus_dir = Path(tempfile.mkdtemp(prefix="fyp-bench-")) / "corpus"
        gen_corpus.write(gen_corpus.generate(args.plans), corpus_dir)
    cache = args.cache or corpus_dir.with_suffix(".cache")
    home = cache.parent / (cache.name + "-home")
    env = {**os.environ, "FYP_CACHE_DIR": str(cache), "FYP_CONFIG_DIR": str(home / "config"),
           "FYP_DATA_DIR": str(home / "data"), "PYTHONPYCACHEPREFIX": str(cache / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.update({k: env[k] for k in ("FYP_CACHE_DIR", "FYP_CONFIG_DIR", "FYP_DATA_DIR")})
    fyp = [str(Path(sys.executable).with_name("fyp")), "--no-user-corpus", "--corpus", str(corpus_dir)]
    rows: list[tuple[str, str, str]] = [
        ("load average at the start", loadavg(), "(2 cores shared: same-run ratios matter)")]

    # ---- build (cold cache), in its own process so its peak RSS is its own
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *fyp, "search", "楼宇经济", "--json"], env=env,
                         capture_output=True, text=True)
    build_s = time.perf_counter() - t
    build_rss = int(out.stderr.strip().splitlines()[-1]) / 1024
    rows.append(("first search (builds the index if the cache is cold)",
                 f"{build_s:.1f} s, peak RSS {build_rss:,.0f} MB", ""))

    from fyp_tui.corpus import load_corpus

    corpus = load_corpus(extra=[corpus_dir], include_user=False)
    texts = cache / "texts"  # the plans' text for rg, in the run's own directory (never beside the corpus)
    nbytes = write_texts(corpus, texts)
    rows.append(("corpus", f"{len(corpus.plans):,} plans, text {nbytes / 1e6:,.0f} MB UTF-8", ""))
    disk = sum(f.stat().st_size for f in (*cache.rglob("*.bin"), *cache.rglob("index.json")))
    rows.append(("index on disk", f"{disk / 1e6:,.0f} MB", f"{disk / nbytes:.2f}× the text (target ≤ 2×)"))

    # ---- fresh processes, warm cache
    rg = shutil.which("rg")
    py = str(Path(sys.executable))
    floors = (("python start (floor)", [py, "-c", "pass"]),
              ("python -c 'import fyp_tui.cli' (every command's parser)", [py, "-c", "import fyp_tui.cli"]))
    for what, cmd in () if args.process_only else floors:
        wall, rss = timed(cmd, env)
        rows.append((what, f"{wall * 1000:,.0f} ms, RSS {rss:,.0f} MB", ""))
    for q in [] if args.process_only else ["楼宇经济", "高质量发展", "lyjj", "楼宇经纪"]:
        wall, rss = timed([*fyp, "search", q, "--json"], env)
        base = timed([rg, "-c", q, str(texts)], env) if rg else (float("nan"), float("nan"))
        rows.append((f"fresh `fyp search {q} --json`", f"{wall * 1000:,.0f} ms, RSS {rss:,.0f} MB",
                     f"rg {base[0] * 1000:,.0f} ms ({wall / base[0]:.1f}×, target ≤ 10×); "
                     f"RSS {rss / (nbytes / 1e6):.2f}× text"))
        pattern = None if not rg or not q.isascii() else class_pattern(corpus, q)
        if pattern is not None:
            # rg given the same search: a run of the characters the pinyin can be read as
            # (the literal above finds nothing, as rg cannot read pinyin)
            (cache / "pattern.txt").write_text(pattern, encoding="utf-8")
            same = timed([rg, "-c", "-f", str(cache / "pattern.txt"), str(texts)], env)
            rows.append(("", "", f"rg -f (its character classes: the same search) {same[0] * 1000:,.0f} ms "
                                 f"({wall / same[0]:.1f}×)"))

    # ---- a long-lived process (what the app is): its own child, so that nothing this
    # script holds (the corpus it wrote out for rg, the whole text for the str.count
    # baseline) is counted in its memory
    child = subprocess.run([py, str(Path(__file__).resolve()), "--corpus", str(corpus_dir), "--cache", str(cache),
                            "--runs", str(args.runs), "--child", str(nbytes)], env=env, capture_output=True, text=True)
    if child.returncode:
        raise SystemExit(f"the in-process run failed:\n{child.stderr}")
    got = json.loads(child.stdout.strip().splitlines()[-1])
    rows.append(("load index in the long-lived process", f"{got['load_ms']:,.0f} ms", memory(got["open"], nbytes)))
    whole = "\n".join((texts / f"{pid}.txt").read_text(encoding="utf-8").replace("\n", "") for pid in corpus.plans)
    for g in got["groups"]:
        base = []
        for q in g["queries"]:
            t = time.perf_counter()
            for w in q.split():
                whole.count(w)
            base.append(time.perf_counter() - t)
        lat, cpu = g["lat"], g["cpu"]
        if not base:  # title search
            rows.append((f"{g['name']} p50 / p95", f"{pct(lat, .5) * 1000:,.1f} / {pct(lat, .95) * 1000:,.1f} ms", ""))
            rows.append(("  … process memory after it", "", memory(g["mem"], nbytes)))
            continue
        by_tier = ", ".join(f"{t} {pct(v, .95):,.1f}" for t, v in g["tiers"].items())
        rows.append((f"{g['name']} p50 / p95", f"{pct(lat, .5) * 1000:,.1f} / {pct(lat, .95) * 1000:,.1f} ms",
                     f"CPU {pct(cpu, .5) * 1000:,.1f} / {pct(cpu, .95) * 1000:,.1f} ms; str.count scan p50 "
                     f"{pct(base, .5) * 1000:,.1f} ms; hits {min(g['hits'])}–{max(g['hits'])}; tier p95 ms: {by_tier}"))
        rows.append(("  … process memory after it", "", memory(g["mem"], nbytes)))
    del whole
    end = got["end"]
    rows.append(("long-lived process after every query: RSS", f"{end['rss']:,.0f} MB",
                 f"{end['rss'] / (nbytes / 1e6):.2f}× text (target ≤ 1.5×: "
                 f"{'met' if end['rss'] <= 1.5 * nbytes / 1e6 else 'NOT met'}); {memory(end, nbytes)}"))
    rows.append(("long-lived process: peak RSS (VmHWM)", f"{end['peak']:,.0f} MB",
                 f"{end['peak'] / (nbytes / 1e6):.2f}× text"))
    rows.append(("long-lived process: derived tables", f"{got['held'] / 1e6:,.1f} MB kept",
                 f"budget {got['budget'] / 1e6:,.0f} MB; {got['dropped']} dropped and built again; "
                 f"store pages dropped {got['released']} times; "
                 f"freed heap handed back {got.get('trimmed') or 0} times"))
    rows.append(("load average at the end", loadavg(), ""))

    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:<{w1}}  {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
