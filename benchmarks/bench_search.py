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
  threads, warm page cache), median of five runs each after one warm-up; the floor
  of any ``fyp`` command (Python start, ``import fyp_tui.cli``) is printed beside it.
  The fresh processes get compiled bytecode (``PYTHONPYCACHEPREFIX`` in the run's
  cache directory) as an installed package has: with ``PYTHONDONTWRITEBYTECODE`` set,
  as here, every run would otherwise recompile the package (~0.1–0.2 s);
- in-process latency per query group (p50/p95 over the group's queries, each the
  median of five runs after a warm-up), wall and CPU time (CPU time is what the
  search itself costs on a shared machine), against a ``str.count`` scan of the
  whole text for the same strings; and the p95 of each tier's own time (exact,
  traditional, homophone, typo, split, pinyin: ``SearchResult.tier_ms``);
- title search (the palette) p50/p95;
- the machine's load average at the start and the end (``/proc/loadavg``).

Prints a table; asserts nothing. ``FYP_CACHE_DIR`` etc. are pointed at a directory
of the run (``--cache``, default: next to the corpus), never the user's own.
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


def write_texts(corpus, out: Path) -> int:
    """Each plan's text as a UTF-8 file (for rg); returns the total bytes."""
    from fyp_tui.search.units import plan_units

    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for pid in corpus.plans:
        text = "\n".join(t for _, _, _, t in plan_units(corpus.plans[pid]) if t)
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
    args = ap.parse_args(argv)

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
    from fyp_tui.search import cache as search_cache
    from fyp_tui.search import get_index, search, search_titles

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
    for what, cmd in floors:
        wall, rss = timed(cmd, env)
        rows.append((what, f"{wall * 1000:,.0f} ms, RSS {rss:,.0f} MB", ""))
    for q in ["楼宇经济", "高质量发展", "lyjj", "楼宇经纪"]:
        wall, rss = timed([*fyp, "search", q, "--json"], env)
        base = timed([rg, "-c", q, str(texts)], env) if rg else (float("nan"), float("nan"))
        rows.append((f"fresh `fyp search {q} --json`", f"{wall * 1000:,.0f} ms, RSS {rss:,.0f} MB",
                     f"rg {base[0] * 1000:,.0f} ms ({wall / base[0]:.1f}×, target ≤ 10×); "
                     f"RSS {rss / (nbytes / 1e6):.2f}× text"))

    # ---- in process
    search_cache._memo.clear()
    t = time.perf_counter()
    index = get_index(corpus)
    rows.append(("load index in this process", f"{(time.perf_counter() - t) * 1000:,.0f} ms", ""))
    whole = "\n".join((texts / f"{pid}.txt").read_text(encoding="utf-8").replace("\n", "") for pid in corpus.plans)
    for group, queries in QUERIES.items():
        for mode in MODES[group]:
            lat, cpu, base, hits = [], [], [], []
            tiers: dict[str, list[float]] = {}
            for q in queries:
                search(index, q, mode=mode)  # warm-up (tables built on first use)
                runs, cpus, per_tier = [], [], []
                for _ in range(args.runs):
                    t, c = time.perf_counter(), time.process_time()
                    r = search(index, q, mode=mode)
                    runs.append(time.perf_counter() - t)
                    cpus.append(time.process_time() - c)
                    per_tier.append(r.tier_ms)
                lat.append(statistics.median(runs))
                cpu.append(statistics.median(cpus))
                for tier in per_tier[0]:
                    tiers.setdefault(tier, []).append(statistics.median(x.get(tier, 0.0) for x in per_tier))
                hits.append(r.total)
                t = time.perf_counter()
                for w in q.split():
                    whole.count(w)
                base.append(time.perf_counter() - t)
            by_tier = ", ".join(f"{t} {pct(v, .95):,.1f}" for t, v in tiers.items())
            rows.append((f"{group} [{mode}] p50 / p95", f"{pct(lat, .5) * 1000:,.1f} / {pct(lat, .95) * 1000:,.1f} ms",
                         f"CPU {pct(cpu, .5) * 1000:,.1f} / {pct(cpu, .95) * 1000:,.1f} ms; str.count scan p50 "
                         f"{pct(base, .5) * 1000:,.1f} ms; hits {min(hits)}–{max(hits)}; tier p95 ms: {by_tier}"))
    lat = []
    for q in QUERIES["exact terms"] + QUERIES["pinyin initials"]:
        search_titles(index, q)
        t = time.perf_counter()
        search_titles(index, q)
        lat.append(time.perf_counter() - t)
    rows.append(("title search p50 / p95", f"{pct(lat, .5) * 1000:,.1f} / {pct(lat, .95) * 1000:,.1f} ms", ""))
    with open("/proc/self/status") as f:
        rss = next(int(x.split()[1]) for x in f if x.startswith("VmRSS:")) / 1024
    rows.append(("this process after every query (RSS)", f"{rss:,.0f} MB", f"{rss / (nbytes / 1e6):.2f}× text"))
    rows.append(("load average at the end", loadavg(), ""))

    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:<{w1}}  {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
