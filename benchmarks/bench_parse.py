"""Is parsing linear in size? And is `fyp show` of a huge plan linear?

Parse time (clean + structure, the text pipeline) at 1×, 10× and 50× a plan,
where "a plan" is the five bundled plans concatenated with their chapters
renumbered through the whole text (so no heading or line repeats across
copies), and the same texts as ONE line (newlines turned into spaces: a
flattened web page). The log-log slope between 1× and 50× must stay ≤ 1.1
(issue 10). The baseline, measured in the same run, is decoding the bytes and
normalising every line with the shared normaliser: the least a parse must do.
Times are CPU seconds of this process (the machine may be shared).

`fyp show` of a synthetic plan with 10,000 sections (100 chapters × 100
sections) is timed against 1,000 sections (10 × 100) in the same run.

    python benchmarks/bench_parse.py [--max 50] [--runs 1]
"""

from __future__ import annotations

import argparse
import io
import math
import re
import statistics
import time
from contextlib import redirect_stdout
from pathlib import Path

from fyp_tui.ingest.clean import clean
from fyp_tui.ingest.decode import decode_bytes
from fyp_tui.ingest.structure import build
from fyp_tui.textnorm import normalize, strip_controls

RAW = Path(__file__).resolve().parent.parent / "corpus" / "raw"
_DIG = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1 → 一, 10 → 十, 111 → 一百一十一, 1005 → 一千零五 (n < 10000)."""
    if n < 10:
        return _DIG[n]
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and n < 20) else _DIG[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def one_plan() -> str:
    # Without the terminal escapes one seed carries: in a one-line text an
    # unterminated OSC would swallow the rest of the line, which is not what is timed.
    return strip_controls("\n".join(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))))


def scaled(text: str, times: int) -> str:
    """``text`` repeated ``times`` times, chapters numbered on through every copy."""
    counter = [0]

    def renumber(m: re.Match) -> str:
        counter[0] += 1
        return f"第{int_to_cn(counter[0])}章"

    # Each copy's paragraphs differ (a copy number before their last full stop), so
    # no line repeats across copies and the normaliser's cache cannot help.
    copies = [text] + [re.sub(r"。(?=[^。]*$)", f"（{k}）。", line) if line.endswith("。") else line
                       for k in range(1, times) for line in text.split("\n")]
    return re.sub(r"第[一二三四五六七八九十]{1,3}章", renumber, "\n".join(copies))


def parse(text: str) -> None:
    lines, _ = clean(text)
    build(lines)


def timed(fn, runs: int) -> float:
    """Median CPU seconds of this process (``process_time``): on a shared machine the
    wall clock also counts the time other processes held the CPU."""
    times = []
    for _ in range(runs):
        normalize.cache_clear()
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def baseline(text: str) -> None:
    for line in text.split("\n"):
        normalize(line)


def slope(sizes: list[int], secs: list[float]) -> float:
    return math.log(secs[-1] / secs[0]) / math.log(sizes[-1] / sizes[0])


def synthetic_plan(chapters: int, sections: int) -> str:
    out = ["某市国民经济和社会发展第十四个五年规划纲要"]
    for c in range(1, chapters + 1):
        out.append(f"第{int_to_cn(c)}章 第{c}章的标题")
        for s in range(1, sections + 1):
            out.append(f"第{int_to_cn(s)}节 第{c}章第{s}节的标题")
            out.append(f"第{c}章第{s}节的正文，推进高质量发展，建设现代化经济体系。")
    return "\n".join(out)


def time_show(text: str, runs: int) -> float:
    """`fyp show big` (all of it) into a string buffer."""
    from fyp_tui.cli.corpus import run_show
    from fyp_tui.corpus import Corpus
    from fyp_tui.ingest import parse_bytes

    plan = parse_bytes(text.encode("utf-8"), "big")
    corpus = Corpus({plan.id: plan}, {})

    def show() -> None:
        plan.forget_paths()
        with redirect_stdout(io.StringIO()):
            run_show(argparse.Namespace(ref="big", json=False), corpus)

    return timed(show, runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=int, default=50, help="largest multiple of the plan (default 50)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-show", action="store_true")
    args = ap.parse_args()
    base = decode_bytes(one_plan().encode("utf-8")).text
    sizes = [k for k in (1, 10, 50) if k <= args.max]
    for variant in ("lines", "one line"):
        secs, bases = [], []
        for k in sizes:
            text = scaled(base, k)
            if variant == "one line":
                text = text.replace("\n", " ")
            runs = args.runs if k == sizes[-1] else max(args.runs, 3)  # small sizes are noisy: median of 3
            secs.append(timed(lambda t=text: parse(t), runs))
            bases.append(timed(lambda t=text: baseline(t), runs))
            mb = len(text.encode("utf-8")) / 1e6
            print(f"{variant:8} {k:3}× {mb:7.1f} MB  parse {secs[-1]:7.2f} s  baseline {bases[-1]:6.2f} s  "
                  f"ratio {secs[-1] / bases[-1]:5.1f}")
        if len(sizes) > 1:
            print(f"{variant:8} log-log slope {sizes[0]}×→{sizes[-1]}×: parse {slope(sizes, secs):.2f} "
                  f"(baseline {slope(sizes, bases):.2f}; must be ≤ 1.1)")
    if not args.no_show:
        small = time_show(synthetic_plan(10, 100), args.runs)
        big = time_show(synthetic_plan(100, 100), args.runs)
        print(f"fyp show: 1,000 sections {small:.2f} s, 10,000 sections {big:.2f} s "
              f"(slope {math.log(big / small) / math.log(10):.2f})")


if __name__ == "__main__":
    main()
