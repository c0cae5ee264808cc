"""Term frequencies: how often each term occurs in each plan, raw and per 10,000 characters.

A term is one word or a phrase in quotes, read as search reads it (``engine.split_words``):
``"楼宇 经济"`` counts 楼宇经济; several words (``楼宇 总部``) are no term to count (search
counts the units holding every word).

A term is counted exactly (after Traditional→Simplified), over the same text search
reads: every unit's key, i.e. the plan's headings, paragraphs, boxes and tables with
white space removed. The denominator is that text's length: the plan's, or with a
section filter, that section's (with its subtree), so a rate compares like with like.
"""

from __future__ import annotations

from typing import Iterable

from .cache import healing
from .engine import UnitFilter, prepare, split_words
from .exact import exact_tier
from .index import SearchIndex
from .results import Filters, TermCount
from .simplified import simplified


def term_word(term: str) -> str:
    """The one word or quoted phrase ``term`` is, as search reads it (``"楼宇 经济"`` is
    楼宇 经济, counted as 楼宇经济); ValueError when it is several words."""
    words = split_words(term)
    if len(words) > 1:
        raise ValueError(f"{term!r} is several words; a term is one word or a quoted phrase")
    return words[0]


@healing
def term_counts(index: SearchIndex, terms: Iterable[str],
                filters: Filters | None = None) -> list[TermCount]:
    """One row per (plan, term), plans in corpus order, terms in the order given."""
    flt = UnitFilter(index, filters) if filters else None
    keep = [i for i in range(len(index.plans)) if flt is None or flt.mask is None or flt.mask[i]]
    per_term = []
    warm = index.asked_before("search")  # once for every term, as a search asks (``engine.search``)
    for term in terms:
        q = simplified(index, prepare(term_word(term)))
        counts = exact_tier(index, q, flt, 0, warm)[0] if q else [0] * len(index.plans)
        per_term.append((term, counts))
    rows = []
    for i in keep:
        span = index.plans[i]
        chars = span.chars if flt is None or not flt.section else _chars_in(index, flt, span)
        if not chars and flt is not None and flt.section:
            continue  # the plan has no such section: no rate of 0 to compare with the others
        for term, counts in per_term:
            n = counts[i]
            rows.append(TermCount(plan=span.id, term=term, count=n, chars=chars,
                                  per_10k=round(n * 10_000 / chars, 3) if chars else 0.0))
    return rows


def _chars_in(index: SearchIndex, flt: UnitFilter, span) -> int:
    """Key characters of the plan's units that ``flt`` keeps (separators left out)."""
    st = index.starts
    return sum(st[u + 1] - st[u] - 1 for u in range(span.first, span.end) if flt(u))
