"""Maximal common runs of two strings: the verbatim text two passages share.

A run is a pair of equal substrings ``a[i:i+n] == b[j:j+n]`` (n at least
``min_len``) that cannot be extended on either side. Every such run is reported,
so the answer for (b, a) is exactly the answer for (a, b) mirrored: no greedy
choice that depends on which text comes first. Runs are found from the
``min_len``-grams the two strings share; a gram repeated so often on both sides
that its position pairs exceed ``max_pairs`` is skipped (the cap depends on the
product of the two counts, so it is symmetric too).
"""

from __future__ import annotations

MAX_PAIRS = 4096


def gram_positions(s: str, n: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i in range(len(s) - n + 1):
        out.setdefault(s[i : i + n], []).append(i)
    return out


def common_runs(a: str, b: str, min_len: int, max_pairs: int = MAX_PAIRS,
                a_grams: dict[str, list[int]] | None = None) -> list[tuple[int, int, int]]:
    """Every maximal common run ``(i, j, n)`` of ``a`` and ``b``, sorted."""
    if len(a) < min_len or len(b) < min_len:
        return []
    ga = a_grams if a_grams is not None else gram_positions(a, min_len)
    gb = gram_positions(b, min_len)
    if len(gb) < len(ga):
        shared = [g for g in gb if g in ga]
    else:
        shared = [g for g in ga if g in gb]
    runs: list[tuple[int, int, int]] = []
    na, nb = len(a), len(b)
    for g in shared:
        pa, pb = ga[g], gb[g]
        if len(pa) * len(pb) > max_pairs:
            continue
        for i in pa:
            for j in pb:
                if i and j and a[i - 1] == b[j - 1]:
                    continue  # not where the run starts
                n = min_len
                while i + n < na and j + n < nb and a[i + n] == b[j + n]:
                    n += 1
                runs.append((i, j, n))
    runs.sort()
    return runs


def covered(intervals) -> int:
    """How many positions the (start, end) intervals cover together."""
    total = 0
    last = -1
    for s, e in sorted(intervals):
        if e <= last:
            continue
        total += e - max(s, last)
        last = e
    return total
