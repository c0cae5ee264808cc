"""The exact tier: per-plan counts of a string and its first matches, at C speed.

Used for the query itself (and its Simplified form), for ``fyp terms``, and by the
homophone tier for two-character queries, whose variants are bigrams.
"""

from __future__ import annotations

import bisect
import itertools
import operator

from .index import SearchIndex
from .scan import Match


def positions(key_text: str, q: str, base: int, end: int) -> list[int]:
    out, p = [], key_text.find(q, base, end)
    while p >= 0:
        out.append(p)
        p = key_text.find(q, p + len(q), end)
    return out


def exact_tier(index: SearchIndex, q: str, flt, want: int) -> tuple[list[int], list[Match]]:
    """Per-plan counts of ``q`` (exact, as ``str.count``) and the first ``want`` units
    holding it in corpus order, each with all its occurrences, in the units ``flt``
    (an ``engine.UnitFilter`` or None) keeps.

    A common bigram's counts come from the index's table; otherwise the candidate
    units (postings of the query's rarest bigram, narrowed by the next one when that
    pays) are counted with ``str.count`` in a C-level ``map`` and summed per plan.
    Neither path runs Python code per occurrence or per candidate unit.
    """
    n = len(index.plans)
    section = flt is not None and bool(flt.section)
    mask = flt.mask if flt is not None else None
    table = index.frequent_counts(q) if len(q) == 2 and not section else None
    if table is not None:
        counts = table.tolist() if mask is None else [c if ok else 0 for c, ok in zip(table, mask)]
        return counts, first_in_plans(index, q, counts, want)
    cands = index.candidates(q)
    if section:
        cands = [u for u in cands if flt(u)]
    counts = [0] * n
    if not cands:
        return counts, []
    st, text = index.starts, index.text
    per_unit = list(map(text.count, itertools.repeat(q), map(st.__getitem__, cands),
                        map(index.ends.__getitem__, cands)))
    # Sum per plan over the units that hold q only (most candidates hold none): a
    # short list in a loop, a long one by cumulative sums cut at the plans' first units.
    hit = list(itertools.compress(cands, per_unit))
    held = list(filter(None, per_unit))
    if len(hit) <= 256:
        plan_at = index.plan_at
        for u, c in zip(hit, held):
            counts[plan_at(u)] += c
    else:
        acc = list(itertools.accumulate(held, initial=0))
        cut = list(map(acc.__getitem__, map(bisect.bisect_left, itertools.repeat(hit), index.firsts)))
        cut.append(acc[-1])
        counts = list(map(operator.sub, cut[1:], cut[:-1]))
    if mask is not None:
        counts = [c if ok else 0 for c, ok in zip(counts, mask)]
    found: list[Match] = []
    if want:
        for u in hit:
            if mask is not None and not mask[index.plan_at(u)]:
                continue
            a = st[u]
            found.append((u, 100.0, tuple((p - a, p - a + len(q)) for p in positions(text, q, a, st[u + 1] - 1))))
            if len(found) >= want:
                break
    return counts, found


def first_in_plans(index: SearchIndex, q: str, counts: list[int], want: int, flt=None) -> list[Match]:
    """The first ``want`` units holding ``q`` in the plans whose count is not zero, in
    the units ``flt`` keeps, each with all its occurrences."""
    found: list[Match] = []
    st, text = index.starts, index.text
    section = flt is not None and bool(flt.section)
    for i, c in enumerate(counts):
        if len(found) >= want:
            break
        if c > 0:
            p = index.plans[i]
            last, spans = -1, []
            for pos in positions(text, q, p.start, p.stop):
                u = index.unit_at(pos)
                if section and not flt(u):
                    continue
                if u != last:
                    if spans:
                        found.append((last, 100.0, tuple(spans)))
                        if len(found) >= want:
                            return found
                    last, spans = u, []
                spans.append((pos - st[u], pos - st[u] + len(q)))
            if spans:
                found.append((last, 100.0, tuple(spans)))
    return found[:want]
