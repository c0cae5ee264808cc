"""The exact tier: per-plan counts of a string and its first matches, at C speed.

Used for the query itself (and its Simplified form), for ``fyp terms``, and by the
homophone tier for two-character queries, whose variants are bigrams.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import Counter
from typing import Sequence

from .index import SearchIndex
from .scan import Match


def positions(key_text: str, q: str, base: int, end: int) -> list[int]:
    out, p = [], key_text.find(q, base, end)
    while p >= 0:
        out.append(p)
        p = key_text.find(q, p + len(q), end)
    return out


def exact_tier(index: SearchIndex, q: str, flt, want: int,
               inside: Sequence[tuple[str, int]] = ()) -> tuple[list[int], list[Match]]:
    """Per-plan counts of ``q`` (exact, as ``str.count``) and its first ``want`` matches
    in corpus order, in the units ``flt`` (an ``engine.UnitFilter`` or None) keeps.

    A common bigram's counts come from the index's table; otherwise the candidate
    units (postings of the query's rarest bigram, narrowed by the next one when that
    pays) are counted with ``str.count`` in a C-level ``map`` and summed per plan.
    Neither path runs Python code per occurrence or per candidate unit.

    ``inside`` lists strings holding ``q`` at an offset (宇经济 in 楼宇经济 at 1):
    occurrences of ``q`` within theirs are not counted. The caller makes sure no
    occurrences overlap in any other way (``tiers.counted``).
    """
    n = len(index.plans)
    section = flt is not None and bool(flt.section)
    mask = flt.mask if flt is not None else None
    table = index.frequent_counts(q) if len(q) == 2 and not section and not inside else None
    if table is not None:
        counts = table.tolist() if mask is None else [c if ok else 0 for c, ok in zip(table, mask)]
        return counts, _first_in_plans(index, q, counts, want)
    cands = index.candidates(q)
    if section:
        cands = [u for u in cands if flt(u)]
    counts = [0] * n
    if not cands:
        return counts, []
    st, text = index.starts, index.text
    per_unit = list(map(text.count, itertools.repeat(q), map(st.__getitem__, cands),
                        map(index.ends.__getitem__, cands)))
    for h, _ in inside:  # a holder occurs only where q does: the same candidates
        held = map(text.count, itertools.repeat(h), map(st.__getitem__, cands),
                   map(index.ends.__getitem__, cands))
        per_unit = list(map(operator.sub, per_unit, held))
    # Sum per plan over the units that hold q only (most candidates hold none).
    hit = list(itertools.compress(cands, per_unit))
    plan_of = map(operator.sub, map(bisect.bisect_right, itertools.repeat(index.firsts), hit),
                  itertools.repeat(1))
    for i, c in Counter(itertools.chain.from_iterable(
            map(itertools.repeat, plan_of, filter(None, per_unit)))).items():
        counts[i] = c
    if mask is not None:
        counts = [c if ok else 0 for c, ok in zip(counts, mask)]
    found: list[Match] = []
    if want:
        for u in hit:
            if mask is not None and not mask[index.plan_at(u)]:
                continue
            a = st[u]
            at = positions(text, q, a, st[u + 1] - 1)
            if inside:
                at = [p for p in at if not any(text.startswith(h, p - j) for h, j in inside)]
            for pos in at[: want - len(found)]:
                found.append((u, 100.0, ((pos - a, pos - a + len(q)),)))
            if len(found) >= want:
                break
    return counts, found


def _first_in_plans(index: SearchIndex, q: str, counts: list[int], want: int) -> list[Match]:
    """The first ``want`` matches of ``q`` in the plans whose count is not zero."""
    found: list[Match] = []
    st, text = index.starts, index.text
    for i, c in enumerate(counts):
        if len(found) >= want:
            break
        if c:
            p = index.plans[i]
            for pos in positions(text, q, p.start, p.stop)[: want - len(found)]:
                u = index.unit_at(pos)
                found.append((u, 100.0, ((pos - st[u], pos - st[u] + len(q)),)))
    return found
