"""Search: prepare the query, pick the tiers, run them in rank order, build results.

Tiers rank exact > traditional > homophone > typo > split > pinyin; a lower tier
never reports text a higher one already matched. ``auto`` mode runs the Chinese
tiers for a query with Han characters, exact and pinyin for Latin letters, exact
otherwise. Counts cover every hit; only the best ``limit`` become ``Hit`` objects.
"""

from __future__ import annotations

import itertools
import time
from typing import Callable

from .. import gcpause
from ..textnorm import has_cjk, normalize, strip_controls
from . import tiers as T
from ..model import PlanMeta
from .exact import exact_tier
from .index import SearchIndex
from .scan import CAP, Match, Scanner, Stopped
from .pinyin import looks_like_pinyin, parse
from .results import MODES, TIERS, Filters, Hit, SearchResult
from .units import display_span, key, unit_text
from .variants import Readings, to_simplified

LONG_QUERY = 40  # longer queries are matched exactly only
CHINESE_TIERS = ("exact", "traditional", "homophone", "typo", "split")


def prepare(query: str) -> str:
    """The query as a unit key: controls dropped, normalised, no white space, ASCII lower."""
    return key(normalize(strip_controls(query or "")))


def searchable(q: str) -> bool:
    return any(c.isalnum() for c in q)


def choose_tiers(q: str, mode: str) -> tuple[list[str], str]:
    """The tiers to run for prepared query ``q`` in ``mode``, and a note for humans."""
    latin = looks_like_pinyin(q)
    if mode == "exact":
        tiers = ["exact", "traditional"]
    elif mode == "pinyin":
        if not latin:
            return ["exact", "traditional"], "pinyin mode needs Latin letters: exact search instead"
        tiers = ["pinyin"]
    elif mode == "fuzzy" or has_cjk(q):
        tiers = list(CHINESE_TIERS) + (["pinyin"] if latin else [])
    elif latin:
        tiers = ["exact", "pinyin"]
    else:
        tiers = ["exact"]
    note = ""
    if len(q) == 1 and len(tiers) > 2:
        tiers, note = [t for t in tiers if t in ("exact", "traditional")], "one character: exact matches only"
    elif len(q) > LONG_QUERY and len(tiers) > 2:
        tiers, note = ["exact", "traditional"], f"query over {LONG_QUERY} characters: exact matches only"
    if not T.typo_budget(len(q)):
        tiers = [t for t in tiers if t != "typo"]
    if not T.SPLIT_MIN <= len(q) <= T.SPLIT_MAX:
        tiers = [t for t in tiers if t != "split"]
    return tiers, note


def readings_of(index: SearchIndex) -> Readings:
    return index.derived("_readings", lambda: Readings(index.postings.chars()))


def warm_up(index: SearchIndex) -> None:
    """Build what the first queries would otherwise wait for: pypinyin's readings of
    the index's characters (~0.6 s), the bigram graph of the typo tier, and the
    headings' tables with their pinyin for title search (~1 s at 1,000 plans)."""
    from .titles import warm  # titles builds on this module

    with gcpause.paused():  # kept for the life of the process, like the index itself
        readings_of(index)
        T.adjacency(index)
        warm(index)


def plan_mask(index: SearchIndex, f: Filters) -> list[bool] | None:
    """Which of ``index.plans`` pass the plan-level filters (None: all)."""
    if not (f.plans or f.province or f.city or f.level or f.kind):
        return None
    wanted = set(f.plans)
    mask = []
    for span in index.plans:
        plan = index.corpus.get(span.id)
        meta = plan.meta if plan is not None else PlanMeta()
        mask.append((not wanted or span.id in wanted)
                    and (not f.province or f.province in meta.province)
                    and (not f.city or f.city in meta.city)
                    and (not f.level or f.level == meta.level)
                    and (not f.kind or f.kind in (meta.kind, meta.kind_label)))
    return mask


class UnitFilter:
    """The filters as a predicate on unit ids."""

    def __init__(self, index: SearchIndex, f: Filters):
        self.mask = plan_mask(index, f)
        self.section = f.section
        self._prefix = f.section + "."
        self._index = index

    def units(self) -> list[int]:
        """Every unit id that passes, in order."""
        ix = self._index
        spans = ix.plans if self.mask is None else itertools.compress(ix.plans, self.mask)
        uids = itertools.chain.from_iterable(range(p.first, p.end) for p in spans)
        if not self.section:
            return list(uids)
        return [u for u in uids if self(u)]

    def __call__(self, uid: int) -> bool:
        ix = self._index
        if self.mask is not None and not self.mask[ix.plan_at(uid)]:
            return False
        if self.section:
            sid = ix.sec_ids[ix.unit_sec[uid]]
            return sid == self.section or sid.startswith(self._prefix)
        return True


def search(index: SearchIndex, query: str, mode: str = "auto", filters: Filters | None = None,
           limit: int = 100, stop: Callable[[], bool] | None = None,
           quick: bool = False) -> SearchResult:
    """Search every plan of ``index`` (or those ``filters`` keep) for ``query``.

    ``stop`` is asked between tiers and now and then inside them; when it answers
    True the search ends early and the result is marked ``stopped`` (the app passes
    its worker's cancellation, so a superseded query stops holding the CPU).

    ``quick`` asks for a first look: the search ends as soon as it holds ``limit``
    hits (a tier that has to scan stops there too). If it had to cut anything
    short, the result is marked ``partial`` and its counts are floors; the app
    paints it at once and then runs the full search."""
    t0 = time.perf_counter()
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: one of {', '.join(MODES)}")
    q = prepare(query)
    result = SearchResult(query=query, mode=mode, total=0, counts={}, hits=[])
    if not q:
        result.message = "empty query"
        return _done(result, t0)
    if not searchable(q):
        result.message = "nothing to search for: the query has no letters, digits or Chinese characters"
        return _done(result, t0)
    tiers, result.message = choose_tiers(q, mode)
    simple = to_simplified(q)
    if simple == q and "traditional" in tiers:
        tiers.remove("traditional")
    result.used = tuple(tiers)
    limit = max(0, limit)
    flt = UnitFilter(index, filters) if filters else None

    counts = [0] * len(index.plans)
    ranked: list[tuple[str, Match]] = []
    tier_counts: dict[str, int] = {}
    exacts = [(t, s) for t, s in (("exact", q), ("traditional", simple)) if t in tiers]
    for tier, s in exacts:
        c, found = exact_tier(index, s, flt, limit)
        counts = [x + y for x, y in zip(counts, c)]
        tier_counts[tier] = sum(c)
        ranked += [(tier, m) for m in found]

    # Text the exact tiers hold is consumed and dropped by every lower tier.
    sc = Scanner(index, flt, stop, blockers=[s for _, s in exacts], quick=quick)
    rd = readings_of(index) if {"homophone", "pinyin"} & set(tiers) else None
    try:
        for tier in tiers:
            sc.check()
            if quick and len(ranked) >= limit and tier not in tier_counts:
                result.partial = True  # enough to show: the lower tiers are left for later
                break
            if tier == "homophone":
                found = T.homophone(sc, simple, rd, limit)
            elif tier == "typo":
                found = T.typo(sc, simple, limit)
            elif tier == "split":
                found = T.split(sc, simple, limit)
            elif tier == "pinyin":
                tokens = parse(q, rd)
                found = T.pinyin(sc, tokens, rd, limit) if _pinyin_ok(tokens, query, mode) else None
            else:
                continue
            if found is None:
                tier_counts[tier] = 0
                continue
            tier_counts[tier] = found.total
            for i, n in found.counts.items():
                counts[i] += n
            ranked += [(tier, m) for m in found.top]
            sc.block(found.strings)
    except Stopped:
        result.stopped = True
        result.message = "stopped: a newer query took over"
        return _done(result, t0)

    result.partial = result.partial or sc.cut_short
    if sc.capped:
        note = f"fuzzy matches stopped at {CAP:,} per tier: their counts are a floor"
        result.message = "; ".join(x for x in (result.message, note) if x)
    result.counts = {p.id: n for p, n in zip(index.plans, counts) if n}
    result.total = sum(counts)
    result.tiers = {t: tier_counts.get(t, 0) for t in TIERS if t in tier_counts}
    order = {t: i for i, t in enumerate(TIERS)}
    ranked.sort(key=lambda tm: order[tm[0]])  # stable: keeps each tier's own order
    result.hits = [make_hit(index, tier, m) for tier, m in ranked[:limit]]
    return _done(result, t0)


def _pinyin_ok(tokens, query: str, mode: str) -> bool:
    """Two or more tokens; when all are bare initials, at least three, and in auto mode
    only if typed in lower case (``CBD`` is an acronym, ``lyjj`` initials)."""
    if not tokens or len(tokens) < 2:
        return False
    if any(t.full for t in tokens):
        return True
    return len(tokens) >= 3 and (mode == "pinyin" or not any(c.isupper() for c in query))


def _done(result: SearchResult, t0: float) -> SearchResult:
    result.elapsed_ms = (time.perf_counter() - t0) * 1000
    return result


def section_of(index: SearchIndex, plan_id: str, sid: str):
    cache = index.__dict__.setdefault("_sections", {})
    secs = cache.get(plan_id)
    if secs is None:
        plan = index.corpus.get(plan_id)
        if plan is None:
            raise KeyError(f"plan {plan_id!r} is not attached to the index")
        secs = cache[plan_id] = {s.id: s for s in plan.walk()}
    return secs[sid]


def make_hit(index: SearchIndex, tier: str, m: Match) -> Hit:
    uid, score, spans = m
    pid = index.plans[index.plan_at(uid)].id
    sid = index.sec_ids[index.unit_sec[uid]]
    block, item = index.unit_block[uid], index.unit_item[uid]
    shown = unit_text(section_of(index, pid, sid), block, item)
    dspans = [display_span(shown, s, e) for s, e in spans]
    return Hit(plan=pid, section=sid, block=block, item=item, tier=tier, score=round(score, 2),
               matched=shown[dspans[0][0] : dspans[-1][1]], spans=dspans, text=shown)
