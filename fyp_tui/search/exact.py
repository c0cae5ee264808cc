"""The exact tier: per-plan counts of a string and its first units, at C speed.

Used for the query itself (and its Simplified form), for ``fyp terms``, and by
multi-word search. It reads the index's UTF-8 bytes (``raw``, memory-mapped for a
stored index) rather than the decoded text: UTF-8 is self-synchronising, so a
byte-level count of the query's bytes is its character-level count, and a fresh
process never decodes the corpus text for an exact query.
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


def unit_spans(index: SearchIndex, uid: int, q: str) -> tuple[tuple[int, int], ...]:
    """Every occurrence of ``q`` in unit ``uid``'s key, as key spans."""
    k = index.unit_key(uid)
    return tuple((p, p + len(q)) for p in positions(k, q, 0, len(k)))


def holding(index: SearchIndex, q: str, cands: list[int]) -> list[int]:
    """Those of ``cands`` whose key holds ``q`` (a byte search in ``raw``)."""
    index.check_units(cands)
    at = map(index.raw.find, itertools.repeat(q.encode("utf-8")), map(index.bstarts.__getitem__, cands),
             map(index.bends.__getitem__, cands))
    return list(itertools.compress(cands, map((-1).__lt__, at)))


def exact_tier(index: SearchIndex, q: str, flt, want: int) -> tuple[list[int], list[Match]]:
    """Per-plan counts of ``q`` (exact, as ``str.count``) and the first ``want`` units
    holding it in corpus order, each with all its occurrences, in the units ``flt``
    (an ``engine.UnitFilter`` or None) keeps.

    A common bigram's counts come from the index's table; otherwise the candidate
    units (postings of the query's rarest bigram, narrowed by the next one when that
    pays) are counted with ``bytes.count`` in a C-level ``map`` and summed per plan.
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
    raw, bst, ben = index.raw, index.bstarts, index.bends
    pieces = list(map(raw.__getitem__, map(slice, map(bst.__getitem__, cands), map(ben.__getitem__, cands))))
    index.check_pieces(cands, pieces)
    per_unit = list(map(bytes.count, pieces, itertools.repeat(q.encode("utf-8"))))
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
            found.append((u, 100.0, unit_spans(index, u, q)))
            if len(found) >= want:
                break
    return counts, found


def first_in_plans(index: SearchIndex, q: str, counts: list[int], want: int, flt=None) -> list[Match]:
    """The first ``want`` units holding ``q`` in the plans whose count is not zero, in
    the units ``flt`` keeps, each with all its occurrences."""
    found: list[Match] = []
    section = flt is not None and bool(flt.section)
    for i, c in enumerate(counts):
        if len(found) >= want:
            break
        if c > 0:
            p = index.plans[i]
            for u in holding(index, q, list(range(p.first, p.end))):
                if section and not flt(u):
                    continue
                found.append((u, 100.0, unit_spans(index, u, q)))
                if len(found) >= want:
                    break
    return found
