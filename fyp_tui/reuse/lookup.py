"""Reuse lookups: a section's passages found in other plans, and all passages two plans share.

Both answer with verbatim or near-verbatim passages (see ``text``: punctuation,
spaces and line breaks never count and never break a passage) of at least
``MIN_CHARS`` compared characters, each mapped back to offsets in the section's
own text (``Section.full_text()``, what ``fyp show`` prints for it). A passage is
``boilerplate`` when every one of its characters lies in shingles found in at least half
the plans (``ReuseIndex.boilerplate_min``): the passage is what half the plans say (a
passage only two plans share, running through a common phrase, is reuse, and its
characters outside that phrase count); boilerplate is listed but never counted in
``chars`` and ``share``, and a match made of boilerplate alone is left out: that is
what every plan says, not reuse between two plans. Boilerplate is known from the
index's fingerprints (``text.winnow``), so where a passage runs on from reused text
into boilerplate without a break, up to ``WINDOW`` characters at the seam may be
counted as reused.
"""

from __future__ import annotations

import numpy as np

from ..gcpause import without_gc
from ..model import Section
from ..targets.periods import base_year
from .index import ReuseIndex, plan_date
from .runs import match_runs, scratch, unordered_runs
from .text import MIN_CHARS, apart_from_heading, compared, shingle_hashes

__all__ = ["SectionMatches", "match_runs", "plan_date", "plans_reuse", "section_matches", "section_reuse",
           "shown_date"]


class _Flags:
    """Which compared characters of a text are boilerplate: those inside a shingle that is
    found in at least ``boilerplate_min`` plans (prefix sums)."""

    def __init__(self, index: ReuseIndex, hashes: np.ndarray, n_chars: int, k: int = MIN_CHARS):
        _, bp = index.boilerplate_mask(hashes)
        self.bp = bp  # per shingle
        edges = np.zeros(n_chars + 1, dtype=np.int64)
        starts = np.flatnonzero(bp)
        np.add.at(edges, starts, 1)
        np.add.at(edges, starts + k, -1)
        char_bp = np.cumsum(edges)[:n_chars] > 0
        self.cum_array = np.concatenate([[0], np.cumsum(char_bp)])
        self.cum: list[int] = self.cum_array.tolist()  # list: fast scalar reads

    def boiler_chars(self, start: int, end: int) -> int:
        return int(self.cum[end] - self.cum[start])

    def boilerplate(self, start: int, end: int) -> bool:
        """A passage all of whose characters are boilerplate."""
        return self.boiler_chars(start, end) >= end - start

    def boilerplate_runs(self, i: np.ndarray, n: np.ndarray) -> np.ndarray:
        """``boilerplate`` of every run ``[i, i + n)``."""
        return (self.cum_array[i + n] - self.cum_array[i]) >= n

    def counted(self, intervals) -> int:
        """Characters in the union of ``intervals`` that are not boilerplate themselves."""
        total, last = 0, -1
        for s, e in sorted(intervals):
            s = max(s, last)
            if e > s:
                total += (e - s) - self.boiler_chars(s, e)
                last = e
        return total

    def counted_per_group(self, group: np.ndarray, s: np.ndarray, e: np.ndarray, n_groups: int) -> np.ndarray:
        """``counted`` of each group's intervals, at once; the intervals sorted by (group, start)."""
        if not len(s):
            return np.zeros(n_groups, dtype=np.int64)
        shift = group * (int(e.max()) + 1)  # lifts each group above the ones before it
        reach = np.maximum.accumulate(e + shift) - shift  # furthest end so far, this group or earlier
        before = np.concatenate([[0], reach[:-1]])
        before[np.concatenate([[True], group[1:] != group[:-1]])] = 0  # nothing before a group's first
        s = np.maximum(s, before)
        got = np.where(e > s, (e - s) - (self.cum_array[np.maximum(e, s)] - self.cum_array[s]), 0)
        return np.bincount(group, weights=got, minlength=n_groups).astype(np.int64)


def _ref(section: Section) -> dict:
    return {"id": section.id, "label": section.label, "title": section.title}


def _meta(plans, pid: str):
    return plans.meta(pid) if hasattr(plans, "meta") else plans[pid].meta  # no decode


def shown_date(plans, pid: str, date: str) -> str:
    """A match's date as a list shows it: its plan's, else its period (十二五), else "—"."""
    return date or _meta(plans, pid).period or "—"


def _by_date(index: ReuseIndex, pid: str):
    """A plan's place in time: issued, else adopted; else the first year of its period
    (a 十二五 plan undated stood after the 2021 ones, where wording is traced back to),
    a 建议 its base year, after the dated plans of that year; undated and without a
    period, last."""
    meta = _meta(index.plans, pid)
    d = meta.issued or meta.adopted or ""  # plan_date, from the metadata alone
    if not d and (base := base_year(meta.period) if meta.period else None):
        # a 建议 is adopted late in its period's base year (2020 for 十四五), a 纲要 in the
        # first year of the period
        d = f"{base}-99" if meta.kind == "proposal" else f"{base + 1}-99"
    return (d == "", d, pid)


def _date_rank(index: ReuseIndex) -> np.ndarray:
    """Each plan's place in date order (``_by_date``; then id), kept on the index."""
    rank = index.date_rank
    if rank is None:
        order = sorted(range(len(index.plan_ids)), key=lambda p: _by_date(index, index.plan_ids[p]))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        index.date_rank = rank
    return rank


class SectionMatches:
    """A section's matches in other plans, earliest plan first: what a list of them needs
    (each match's plan, date, section, ``chars``, ``share`` and longest passage) is
    computed for all at once from arrays; a match's passages (``spans(k)``) are built
    only when asked for, since the largest answers hold a hundred thousand of them.
    ``json()`` is the whole document of ``fyp reuse PLAN#SECTION --json``."""

    def __init__(self, index: ReuseIndex, plan_id: str, section: Section, text: str, qoff: np.ndarray,
                 per: int, units: np.ndarray, chars: np.ndarray, runs: tuple[np.ndarray, ...], bounds: np.ndarray):
        self.index, self.plan_id, self.section, self.text = index, plan_id, section, text
        self.qoff, self.per = qoff, per  # query offsets of compared characters; their number
        self.units, self.chars = units, chars  # per match: global unit, reused characters
        self.i, self.j, self.n, self.boiler = runs  # per passage, by (match, i, j); j in the match's unit
        self.bounds = bounds  # match k's passages are [bounds[k], bounds[k + 1])

    def __len__(self) -> int:
        return len(self.units)

    def query(self) -> dict:
        return {"plan": self.plan_id, "section": _ref(self.section)}

    def head(self, k: int) -> dict:
        """Match ``k`` without its passages: plan, date, section, chars, share."""
        ((pid, date, ref),) = self.index.heads_of([int(self.units[k])])
        chars = int(self.chars[k])
        return {"plan": pid, "date": date, "section": dict(ref), "chars": chars,
                "share": round(chars / max(1, self.per), 4)}

    def _a(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        i, n = self.i[lo:hi], self.n[lo:hi]
        return self.qoff[i], self.qoff[i + n - 1] + 1

    def longest(self) -> list[str]:
        """Each match's longest passage outside boilerplate (else its longest), query side;
        of passages as long, the first."""
        if not len(self.i):
            return []
        a0, a1 = self._a(0, len(self.i))
        size = a1 - a0
        score = size + (~self.boiler) * (int(size.max()) + 1)  # outside boilerplate first
        firsts = self.bounds[:-1]
        best = np.maximum.reduceat(score, firsts)
        group = np.repeat(np.arange(len(self)), np.diff(self.bounds))
        at = np.flatnonzero(score == best[group])
        first = at[np.searchsorted(group[at], np.arange(len(self)))]
        return [self.text[s:e] for s, e in zip(a0[first].tolist(), a1[first].tolist())]

    @without_gc
    def rows(self) -> list[dict]:
        """What a list of the matches shows: ``head(k)`` with ``"longest"`` passage, for every match
        (thousands of dicts: a collection meanwhile walks every object of the loaded corpus,
        250 ms at 1,000 plans, and finds nothing to free)."""
        index, per = self.index, max(1, self.per)
        heads = index.heads_of(self.units.tolist())
        return [{"plan": pid, "date": date, "section": dict(ref), "chars": chars, "share": round(chars / per, 4),
                 "longest": text}
                for (pid, date, ref), chars, text in zip(heads, self.chars.tolist(), self.longest())]

    def spans(self, k: int) -> list[dict]:
        """Match ``k``'s passages: ``{"a", "b", "text", "boilerplate"}`` in the query's order."""
        lo, hi = int(self.bounds[k]), int(self.bounds[k + 1])
        boff = self.index.unit_data(int(self.units[k]))[2]
        return self._spans(lo, hi, boff, 0)

    def _spans(self, lo: int, hi: int, boff: np.ndarray, shift) -> list[dict]:
        a0, a1 = self._a(lo, hi)
        j = self.j[lo:hi] + shift
        b0, b1 = boff[j], boff[j + self.n[lo:hi] - 1] + 1
        text = self.text
        return [{"a": [s0, s1], "b": [t0, t1], "text": text[s0:s1], "boilerplate": f}
                for s0, s1, t0, t1, f in zip(a0.tolist(), a1.tolist(), b0.tolist(), b1.tolist(),
                                             self.boiler[lo:hi].tolist())]

    @without_gc
    def json(self) -> dict:
        """The document of ``fyp reuse PLAN#SECTION --json``, every match with its passages."""
        offsets = [self.index.unit_data(g)[2] for g in self.units.tolist()]
        shift = np.cumsum([0] + [len(o) for o in offsets])
        boff = np.concatenate(offsets) if offsets else np.zeros(0, dtype=np.int32)
        group = np.repeat(np.arange(len(self)), np.diff(self.bounds))
        spans = self._spans(0, len(self.i), boff, shift[group]) if len(self.i) else []
        bounds, per = self.bounds.tolist(), max(1, self.per)
        heads = self.index.heads_of(self.units.tolist())
        matches = [{"plan": pid, "date": date, "section": dict(ref), "chars": chars, "share": round(chars / per, 4),
                    "spans": spans[lo:hi]}  # head(k) and its passages, the heads read at once
                   for (pid, date, ref), chars, lo, hi in zip(heads, self.chars.tolist(), bounds, bounds[1:])]
        return {"query": self.query(), "matches": matches}


def section_reuse(index: ReuseIndex, plan_id: str, section_id: str) -> dict:
    """``fyp reuse PLAN#SECTION --json``: every passage of the section found in other plans."""
    return section_matches(index, plan_id, section_id).json()


@without_gc
def section_matches(index: ReuseIndex, plan_id: str, section_id: str) -> SectionMatches:
    """The section's matches in other plans (``SectionMatches``; raises KeyError for no such section)."""
    plan = index.plans[plan_id]
    sec = plan.find(section_id)
    if sec is None:
        raise KeyError(section_id)
    text = sec.full_text()
    cq = compared(text)
    hq = shingle_hashes(cq.text)
    apart_from_heading(hq, 0, sec.heading, np.uint64(0))
    flags = _Flags(index, hq, len(cq.text))
    cands = _candidates(index, plan_id, hq[~flags.bp])
    # every candidate's shingles end to end (padded: no run crosses into the next), matched in one pass
    data = index.hashes_of(cands.tolist())
    starts = np.cumsum([0] + [len(h) for h in data])
    hb = np.concatenate(data, out=scratch("candidates", int(starts[-1]))) if data else np.zeros(0, dtype=np.uint64)
    i, j, n = unordered_runs(hq, hb)
    unit = np.searchsorted(starts, j, "right") - 1  # which candidate (position in cands)
    # matches are listed in date order (issued, else adopted; undated last; then unit): the
    # candidates' places in it, and the runs sorted by (place, i, j) at once
    by_date = np.lexsort((cands, _date_rank(index)[index.unit_plan[cands]]))
    place = np.empty(len(cands), dtype=np.int64)
    place[by_date] = np.arange(len(cands))
    group = place[unit]
    o = _by_group(group, i, j, len(cq.text) + 1, len(hb) + 1)
    i, j, n, unit, group = i[o], j[o], n[o], unit[o], group[o]
    boiler = flags.boilerplate_runs(i, n)
    own_part = ~boiler
    chars = flags.counted_per_group(group[own_part], i[own_part], (i + n)[own_part], len(cands))
    keep = chars[group] > 0  # a match made of boilerplate alone is left out
    i, j, n, unit, group, boiler = i[keep], j[keep], n[keep], unit[keep], group[keep], boiler[keep]
    j = j - starts[unit]  # in the candidate's own text
    found = np.flatnonzero(chars > 0)  # places of the matches, in date order
    bounds = np.append(np.searchsorted(group, found), len(group))
    qoff = np.asarray(cq.offsets, dtype=np.int64)
    return SectionMatches(index, plan_id, sec, text, qoff, len(cq.text), cands[by_date[found]], chars[found],
                          (i, j, n, boiler), bounds)


def _by_group(group: np.ndarray, i: np.ndarray, j: np.ndarray, i_end: int, j_end: int) -> np.ndarray:
    """The order of runs by (group, i, j), with i < ``i_end`` and j < ``j_end``: one sort of a
    combined key (a lexsort of three keys costs about five times as much), unless it could
    overflow."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    if (int(group.max()) + 1) * i_end * j_end < 2**63:
        return np.argsort((group * i_end + i) * j_end + j)  # keys are distinct: no need to be stable
    return np.lexsort((j, i, group))


def _candidates(index: ReuseIndex, plan_id: str, own: np.ndarray) -> np.ndarray:
    """Units of other plans sharing a fingerprint with the query's ``own`` shingles (those
    not boilerplate: boilerplate finds every plan, it never makes a candidate); global
    unit ids, ascending."""
    probe = np.unique(own)  # sorted: numpy's searchsorted narrows each search from the last
    lo = np.searchsorted(index.fp_hash, probe, "left")
    hi = np.searchsorted(index.fp_hash, probe, "right")
    cnt = hi - lo
    total = int(cnt.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    seen = np.zeros(len(index.unit_plan), dtype=bool)
    seen[index.fp_unit[np.repeat(lo, cnt) + (np.arange(total) - first)]] = True
    mine = index.units_of(plan_id)
    seen[mine.start : mine.stop] = False
    return np.flatnonzero(seen)

def _plan_hashes(index: ReuseIndex, plan_id: str, dummy: int):
    """A plan's units' compared texts laid end to end, one gap between units: the hash of
    the shingle starting at each position (``dummy`` where none starts, so no run crosses
    from one unit into the next; the two sides use different dummies), and each unit's
    first position."""
    units, starts = [], []
    pos = 0
    for g in index.units_of(plan_id):
        c, h = index.text_of(g)
        units.append((g, c, h))
        starts.append(pos)
        pos += len(c.text) + 1
    hashes = np.full(pos, dummy, dtype=np.uint64)
    for (g, _, h), at in zip(units, starts):
        hashes[at : at + len(h)] = h
        apart_from_heading(hashes, at, index.unit(g)[1].heading, np.uint64(dummy))
    return hashes, np.asarray(starts, dtype=np.int64), [(g, c) for g, c, _ in units]


def plans_reuse(index: ReuseIndex, a_id: str, b_id: str) -> dict:
    """``fyp reuse A B --json``: every passage the two plans share, and each plan's share
    reused. A mirror of ``fyp reuse B A`` by construction: the pair is matched in one
    order (ids sorted) and the other order is that document with the sides exchanged
    (matched the other way, runs of repeated text and the boilerplate judged on the
    first side differed: 3.46 % against 3.38 % for the same plan on a real pair)."""
    if b_id < a_id:
        return _mirrored(index, *_plans_reuse(index, b_id, a_id))
    return _plans_reuse(index, a_id, b_id)[0]


def _mirrored(index: ReuseIndex, doc: dict, b_side: list[tuple[int, bool]]) -> dict:
    """``doc`` (of B, A) as the document of A, B: sides, shares and spans exchanged, each
    passage's text, chars and boilerplate mark A's (``b_side``: the second plan's chars
    and mark of each passage), passages in A's reading order."""
    a_id = doc["b"]
    order = {index.unit(g)[1].id: k for k, g in enumerate(index.units_of(a_id))}
    passages = []
    for p, (chars, boiler) in zip(doc["passages"], b_side):
        sec = index.plans[a_id].section(p["b"]["section"])
        a0, a1 = p["b"]["span"]
        passages.append({"a": p["b"], "b": p["a"], "text": sec.full_text()[a0:a1], "chars": chars,
                         "boilerplate": boiler})
    passages.sort(key=lambda p: (order[p["a"]["section"]], p["a"]["span"][0], p["b"]["section"], p["b"]["span"][0]))
    return {"a": a_id, "b": doc["a"], "share_a": doc["share_b"], "share_b": doc["share_a"], "passages": passages}


@without_gc
def _plans_reuse(index: ReuseIndex, a_id: str, b_id: str) -> tuple[dict, list[tuple[int, bool]]]:
    """The document of (A, B), and each passage's chars and boilerplate mark as B counts
    them (each plan judges a passage by its own text: its share counts what it says
    outside its boilerplate)."""
    ha, sa, ua = _plan_hashes(index, a_id, 0)
    hb, sb, ub = _plan_hashes(index, b_id, 2**64 - 1)
    flags_a = _Flags(index, ha, len(ha))
    flags_b = _Flags(index, hb, len(hb))
    passages = []
    got_a: list[tuple[int, int]] = []
    got_b: list[tuple[int, int]] = []
    b_side: list[tuple[int, bool]] = []
    for i, j, n in match_runs(ha, hb):
        ka = int(np.searchsorted(sa, i, "right")) - 1
        kb = int(np.searchsorted(sb, j, "right")) - 1
        ga, ca = ua[ka]
        gb, cb = ub[kb]
        li, lj = i - int(sa[ka]), j - int(sb[kb])
        a0, a1 = ca.span(li, li + n)
        sec_a, sec_b = index.unit(ga)[1], index.unit(gb)[1]
        boiler = flags_a.boilerplate(i, i + n)
        boiler_b = flags_b.boilerplate(j, j + n)
        if not boiler:
            got_a.append((i, i + n))
        if not boiler_b:
            got_b.append((j, j + n))
        b_side.append((0 if boiler_b else flags_b.counted([(j, j + n)]), boiler_b))
        passages.append({
            "a": {"section": sec_a.id, "span": [a0, a1]},
            "b": {"section": sec_b.id, "span": list(cb.span(lj, lj + n))},
            "text": sec_a.full_text()[a0:a1],
            "chars": 0 if boiler else flags_a.counted([(i, i + n)]),
            "boilerplate": boiler,
        })
    total_a = sum(len(c.text) for _, c in ua)
    total_b = sum(len(c.text) for _, c in ub)
    return {
        "a": a_id,
        "b": b_id,
        "share_a": round(flags_a.counted(got_a) / max(1, total_a), 4),
        "share_b": round(flags_b.counted(got_b) / max(1, total_b), 4),
        "passages": passages,
    }, b_side
