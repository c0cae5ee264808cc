"""Keystroke → painted results in the app's search screen, at 1,000 plans.

Builds a synthetic corpus (benchmarks/gen_corpus.py), builds its search index once,
then drives the real app headless (Textual Pilot): for each query, the query minus
its last character is typed and settled, then the clock runs from the last key
press until the refresh after the result list for the full query was filled (a
callback scheduled with call_after_refresh stamps it). Two times per keystroke: the
first painted list (the search's first look, complete unless a tier had to scan
more than a screenful) and the complete list. The same
measurement on the bundled 5-plan corpus, in the same run, is the baseline.
Target (search issue): under 100 ms at 1,000 plans, judged on the first paint and
on the complete list. The index's memory is the process's measured RSS before and
after it is loaded, not a computed size; at the end the app process's RSS and peak
(``/proc/self/status``) against the text. ``FYP_CACHE_DIR`` is the run's own
(``--cache``, default a temporary directory), never the user's.

    python benchmarks/bench_app_search.py [--plans 1000 | --corpus DIR] [--reps 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import generate, write  # noqa: E402

from fyp_tui.bookmarks import BookmarkStore  # noqa: E402
from fyp_tui.config import load_config  # noqa: E402
from fyp_tui.corpus import Corpus, load_corpus  # noqa: E402
from fyp_tui.search import get_index  # noqa: E402
from fyp_tui.ui.app import FypApp  # noqa: E402
from fyp_tui.ui.screens.search import SearchScreen  # noqa: E402

QUERIES = ["楼宇经济", "数字经济", "一老一小", "楼宇经纪", "楼语经济", "louyujingji", "lyjj", "樓宇經濟",
           "提高开放水平", "楼宇 总部", "高质良发展", "xyzzy", "量子纠缠通信枢纽"]


per_query: dict[str, list[float]] = {}
complete: list[float] = []  # keystroke → the complete list (all tiers)


async def measure(corpus: Corpus, reps: int, tmp: Path) -> list[float]:
    """Keystroke → first painted results (the search's first look, see ``search(quick=True)``)."""
    per_query.clear()
    complete.clear()
    app = FypApp(corpus, config=load_config(tmp / "none.toml"), bookmarks=BookmarkStore(tmp / "b.json"))
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = SearchScreen()
        app.push_screen(screen)
        deadline = time.perf_counter() + 120
        while screen.index is None:
            if time.perf_counter() > deadline or not app.is_running:
                raise SystemExit("the search index did not load")
            await pilot.pause(0.05)
        box = screen.query_one("#q")
        painted: dict[str, float] = {}  # the complete list
        painted_first: dict[str, float] = {}  # a partial first look, painted ahead of the complete list
        show = screen._show

        def timed_show(result, partial=False):  # stamp the refresh that paints each result list
            show(result, partial)
            stamp = painted_first if partial else painted
            screen.call_after_refresh(lambda q=result.query: stamp.setdefault(q, time.perf_counter()))

        screen._show = timed_show
        for _ in range(reps):
            for q in QUERIES:
                box.value = q[:-1]
                box.cursor_position = len(box.value)  # type the last key at the end
                deadline = time.perf_counter() + 30
                while not (screen.result and screen.result.query == q[:-1]):
                    if time.perf_counter() > deadline or not app.is_running:
                        raise SystemExit(f"no result for {q[:-1]!r} after 30 s")
                    await pilot.pause(0.01)
                await pilot.pause(0.05)
                painted.pop(q, None)
                painted_first.pop(q, None)
                t = time.perf_counter()
                await pilot.press(q[-1])
                while q not in painted:
                    await asyncio.sleep(0.001)
                first = min(painted_first.get(q, painted[q]), painted[q])
                times.append(first - t)
                complete.append(painted[q] - t)
                per_query.setdefault(q, []).append(first - t)
    return times


def rss_mb(field: str = "VmRSS") -> float:
    """This process's (the app's: Pilot runs it here) RSS as the kernel reports it, or
    ``VmHWM``, its peak so far."""
    with open("/proc/self/status") as f:
        return next(int(x.split()[1]) for x in f if x.startswith(field + ":")) / 1024


def text_mb(corpus: Corpus) -> float:
    """The plans' text as UTF-8 (what memory is judged against), read without keeping plans."""
    from fyp_tui.search.units import plan_units

    read = getattr(corpus.plans, "read", corpus.plans.__getitem__)
    return sum(len("\n".join(t for _, _, _, t in plan_units(read(pid)) if t).encode()) for pid in corpus.plans) / 1e6


def summary(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return f"{name:<28} median {statistics.median(times) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--corpus", type=Path, help="a corpus directory to use instead of generating one")
    ap.add_argument("--cache", type=Path, help="FYP_CACHE_DIR for the run (default: a temporary directory)")
    args = ap.parse_args()
    import os

    os.environ["FYP_CACHE_DIR"] = str(args.cache or Path(tempfile.mkdtemp(prefix="fyp-bench-cache-")))
    tmp = Path(tempfile.mkdtemp(prefix="fyp-bench-"))
    bundled = load_corpus(include_user=False)
    t = time.perf_counter()
    where = args.corpus
    if where is None:
        plans = generate(args.plans)
        # Written out and loaded back as the app loads a corpus (load_corpus pauses the
        # cyclic GC and freezes what it loaded: a corpus built in memory here would
        # instead be walked by every full collection, which the app never does).
        write(plans, tmp / "corpus")
        del plans
        where = tmp / "corpus"
    big = load_corpus(extra=[where], include_user=False)
    print(f"loaded {len(big.plans)} plans in {time.perf_counter() - t:.1f} s")
    base = asyncio.run(measure(bundled, args.reps, tmp))
    base_complete = list(complete)
    # The index is memoised per corpus state, one at a time: build the big one after
    # the baseline run, so the app finds it ready.
    t = time.perf_counter()
    before = rss_mb()
    get_index(big)
    print(f"index built (or loaded from cache) in {time.perf_counter() - t:.1f} s; "
          f"process RSS {before:,.0f} → {rss_mb():,.0f} MB")
    big_times = asyncio.run(measure(big, args.reps, tmp))
    print("per query at the larger corpus (median / max ms):",
          ", ".join(f"{q} {statistics.median(v) * 1000:.0f}/{max(v) * 1000:.0f}" for q, v in per_query.items()))
    print("keystroke → first painted results:")
    print(summary("  bundled corpus (5 plans)", base))
    print(summary(f"  {len(big.plans)} plans", big_times))
    print("keystroke → complete list (every tier):")
    print(summary("  bundled corpus (5 plans)", base_complete))
    print(summary(f"  {len(big.plans)} plans", complete))
    ratio = statistics.median(big_times) / statistics.median(base)
    for name, times in (("first paint", big_times), ("complete list", complete)):
        p95 = sorted(times)[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{name}: target p95 < 100 ms at {len(big.plans)} plans: {'met' if p95 < 0.1 else 'NOT met'}")
    rss, peak = rss_mb(), rss_mb("VmHWM")  # before reading the plans for their text size
    text = text_mb(big)
    print(f"ratio (median, first paint) {ratio:.2f}; the app process at the end: RSS {rss:,.0f} MB "
          f"= {rss / text:.2f}× the text ({text:,.0f} MB), peak {peak:,.0f} MB (target ≤ 1.5×)")


if __name__ == "__main__":
    main()
