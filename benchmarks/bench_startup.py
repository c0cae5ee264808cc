"""Cold start: launch → first frame of the app on the bundled corpus.

Runs `fyp --no-user-corpus` with FYP_EXIT_AFTER_FIRST_FRAME=1 (the app exits right
after its first refresh, headless, so no terminal is needed) and, in the same run,
the baseline `python -c "import textual"`. Prints medians and the ratio.
Target (app issue): first frame within 0.8 s.

    python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def timed(cmd: list[str], env: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    env = dict(os.environ)
    base = timed([sys.executable, "-c", "import textual"], env, args.runs)
    app_env = dict(env, FYP_EXIT_AFTER_FIRST_FRAME="1")
    first = timed([sys.executable, "-m", "fyp_tui", "--no-user-corpus"], app_env, args.runs)
    imports = timed([sys.executable, "-c", "import fyp_tui.cli as c; c.build_parser(); import fyp_tui.ui.app"],
                    env, args.runs)
    print(f"python -c 'import textual'          {base * 1000:7.0f} ms  (baseline)")
    print(f"all CLI commands + app modules     {imports * 1000:7.0f} ms  ({imports / base:.2f}× baseline)")
    print(f"fyp → first frame (bundled corpus)  {first * 1000:7.0f} ms  ({first / base:.2f}× baseline)"
          f"   target < 800 ms: {'met' if first < 0.8 else 'NOT met'}")


if __name__ == "__main__":
    main()
