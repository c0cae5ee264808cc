"""Reuse lookups: a section's passages found in other plans, and all passages two plans share.

Both answer with verbatim or near-verbatim passages (see ``text``: punctuation,
spaces and line breaks never count and never break a passage) of at least
``MIN_CHARS`` compared characters, each mapped back to offsets in the section's
own text (``Section.full_text()``, what ``fyp show`` prints for it). A passage is
``boilerplate`` when most of its characters lie in shingles found in at least half the plans
(``ReuseIndex.boilerplate_min``); boilerplate is listed but never counted in
``chars`` and ``share``, and a match made of boilerplate alone is left out: that is
what every plan says, not reuse between two plans. Boilerplate is known from the
index's fingerprints (``text.winnow``), so where a passage runs on from reused text
into boilerplate without a break, up to ``WINDOW`` characters at the seam may be
counted as reused.
"""

from __future__ import annotations

import numpy as np

from ..gcpause import without_gc
from ..model import Plan, Section
from .index import ReuseIndex
from .text import MIN_CHARS, compared, shingle_hashes

_BITMAP = np.uint64(2**22 - 1)
CAP = 16  # positions of one shingle considered on the other side (repeated boilerplate)


def match_runs(hq: np.ndarray, hb: np.ndarray, k: int = MIN_CHARS, cap: int = CAP) -> list[tuple[int, int, int]]:
    """Maximal runs ``(i, j, n)``: compared characters ``q[i:i+n] == b[j:j+n]``, n ≥ k,
    found as diagonals of consecutive equal shingle hashes (the shorter side is the one
    sorted; ``cap`` bounds how many of its positions one shingle may pair with)."""
    i, j, n = run_arrays(hq, hb, k, cap)
    return list(zip(i.tolist(), j.tolist(), n.tolist()))


def run_arrays(hq: np.ndarray, hb: np.ndarray, k: int = MIN_CHARS,
               cap: int = CAP) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``match_runs`` as three int64 arrays (i, j, n), sorted by i, then j."""
    if not len(hq) or not len(hb):
        return _NONE
    if len(hq) < len(hb):
        j, i, n = _runs(hb, hq, k, cap)
    else:
        i, j, n = _runs(hq, hb, k, cap)
    o = np.lexsort((j, i))
    return i[o], j[o], n[o]


_NONE = (np.zeros(0, dtype=np.int64),) * 3


def _runs(hq: np.ndarray, hb: np.ndarray, k: int, cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs (i, j, n) of ``hq`` against ``hb``, the side that is sorted."""
    order = np.argsort(hb, kind="stable")
    sb = hb[order]
    values, first_at, how_many = np.unique(sb, return_index=True, return_counts=True)
    # A bitmap of hb's low bits drops most positions of hq that cannot match before the
    # (slower) binary search.
    bitmap = np.zeros(_BITMAP + 1, dtype=bool)
    bitmap[values & _BITMAP] = True
    pos = np.flatnonzero(bitmap[hq & _BITMAP])
    probe = hq[pos]
    v = np.minimum(np.searchsorted(values, probe), len(values) - 1)
    hit = values[v] == probe
    pos, v = pos[hit], v[hit]
    lo = first_at[v]
    cnt = np.minimum(how_many[v], cap)
    total = int(cnt.sum())
    if not total:
        return _NONE
    # every matching pair (qi, bj), sorted by qi then bj (equal hashes keep hb's order)
    qi = np.repeat(pos.astype(np.int64), cnt)
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    bj = order[np.repeat(lo, cnt) + (np.arange(total) - first)].astype(np.int64)
    # a run starts at a pair whose diagonal predecessor (qi-1, bj-1) is not a pair, and ends
    # at one without a successor; keys qi·m + bj are sorted, so both are binary searches
    m = np.int64(len(hb) + 1)
    key = qi * m + bj
    starts = ~_member(key, -m - 1)
    ends = ~_member(key, m + 1)
    si, sj = qi[starts], bj[starts]
    ei, ej = qi[ends], bj[ends]
    # on one diagonal, the t-th start goes with the t-th end
    o1 = np.lexsort((si, sj - si))
    o2 = np.lexsort((ei, ej - ei))
    return si[o1], sj[o1], ei[o2] - si[o1] + k


def _member(key: np.ndarray, step: np.int64) -> np.ndarray:
    """Whether ``key + step`` is among the sorted ``key``s, for each key. Mostly it is the
    neighbour in the array (the pair before or after on the same diagonal): that is checked
    for all at once, and only the others are searched for."""
    out = np.zeros(len(key), dtype=bool)
    if step < 0:
        out[1:] = key[:-1] == key[1:] + step
    else:
        out[:-1] = key[1:] == key[:-1] + step
    rest = np.flatnonzero(~out)
    x = key[rest] + step
    at = np.minimum(np.searchsorted(key, x), len(key) - 1)
    out[rest] = key[at] == x
    return out


class _Flags:
    """Which compared characters of a text are boilerplate: those inside a shingle that is
    found in at least ``boilerplate_min`` plans (prefix sums)."""

    def __init__(self, index: ReuseIndex, hashes: np.ndarray, n_chars: int, k: int = MIN_CHARS):
        _, bp = index.boilerplate_mask(hashes)
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
        """A passage most of whose characters are boilerplate."""
        return 2 * self.boiler_chars(start, end) > end - start

    def boilerplate_runs(self, i: np.ndarray, n: np.ndarray) -> np.ndarray:
        """``boilerplate`` of every run ``[i, i + n)``."""
        return 2 * (self.cum_array[i + n] - self.cum_array[i]) > n

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


def plan_date(plan: Plan) -> str:
    """Issued date, else adopted; "" when the plan has neither."""
    return plan.meta.issued or plan.meta.adopted or ""


def _by_date(plan: Plan):
    d = plan_date(plan)
    return (d == "", d, plan.id)


@without_gc
def section_reuse(index: ReuseIndex, plan_id: str, section_id: str) -> dict:
    """``fyp reuse PLAN#SECTION --json``: every passage of the section found in other plans."""
    plan = index.plans[plan_id]
    sec = plan.find(section_id)
    if sec is None:
        raise KeyError(section_id)
    text = sec.full_text()
    cq = compared(text)
    hq = shingle_hashes(cq.text)
    flags = _Flags(index, hq, len(cq.text))
    _, bp = index.boilerplate_mask(hq)
    probe = hq[~bp]  # boilerplate finds every plan: it never makes a candidate
    lo = np.searchsorted(index.fp_hash, probe, "left")
    hi = np.searchsorted(index.fp_hash, probe, "right")
    cnt = hi - lo
    total = int(cnt.sum())
    cands: np.ndarray = np.zeros(0, dtype=np.int32)
    if total:
        first = np.repeat(np.cumsum(cnt) - cnt, cnt)
        cands = np.unique(index.fp_unit[np.repeat(lo, cnt) + (np.arange(total) - first)])
        own = index.units_of(plan_id)
        cands = cands[(cands < own.start) | (cands >= own.stop)]
    # every candidate's shingles end to end (padded: no run crosses into the next), matched in one pass
    data = [index.unit_data(g) for g in cands.tolist()]
    starts = np.cumsum([0] + [len(h) for _, h, _ in data])
    hb = np.concatenate([h for _, h, _ in data]) if data else np.zeros(0, dtype=np.uint64)
    i, j, n = run_arrays(hq, hb)
    unit = np.searchsorted(starts, j, "right") - 1  # which candidate (position in cands)
    o = np.lexsort((j, i, unit))
    i, j, n, unit = i[o], j[o], n[o], unit[o]
    boiler = flags.boilerplate_runs(i, n)
    own_part = ~boiler
    chars = flags.counted_per_group(unit[own_part], i[own_part], (i + n)[own_part], len(cands))
    keep = chars[unit] > 0  # a match made of boilerplate alone is left out
    i, j, n, unit, boiler = i[keep], j[keep], n[keep], unit[keep], boiler[keep]
    qoff = np.asarray(cq.offsets, dtype=np.int64)
    boff = np.concatenate([off for _, _, off in data]) if data else np.zeros(0, dtype=np.int32)
    a0, a1 = qoff[i], qoff[i + n - 1] + 1
    b0, b1 = boff[j], boff[j + n - 1] + 1
    spans = [{"a": [s0, s1], "b": [t0, t1], "text": text[s0:s1], "boilerplate": f}
             for s0, s1, t0, t1, f in zip(a0.tolist(), a1.tolist(), b0.tolist(), b1.tolist(), boiler.tolist())]
    bounds = np.flatnonzero(np.concatenate([[True], unit[1:] != unit[:-1], [True]])).tolist() if len(unit) else []
    per = len(cq.text)
    matches = []
    for s0, s1 in zip(bounds, bounds[1:]):
        k = int(unit[s0])
        g = int(cands[k])
        pid, other = index.unit(g)
        matches.append((pid, g, {
            "plan": pid,
            "date": plan_date(index.plans[pid]) or None,
            "section": _ref(other),
            "chars": int(chars[k]),
            "share": round(int(chars[k]) / max(1, per), 4),
            "spans": spans[s0:s1],
        }))
    matches.sort(key=lambda m: (*_by_date(index.plans[m[0]]), m[1]))
    return {"query": {"plan": plan_id, "section": _ref(sec)}, "matches": [m[2] for m in matches]}


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
    for (_, _, h), at in zip(units, starts):
        hashes[at : at + len(h)] = h
    return hashes, np.asarray(starts, dtype=np.int64), [(g, c) for g, c, _ in units]


@without_gc
def plans_reuse(index: ReuseIndex, a_id: str, b_id: str) -> dict:
    """``fyp reuse A B --json``: every passage the two plans share, and each plan's share reused."""
    ha, sa, ua = _plan_hashes(index, a_id, 0)
    hb, sb, ub = _plan_hashes(index, b_id, 2**64 - 1)
    flags_a = _Flags(index, ha, len(ha))
    flags_b = _Flags(index, hb, len(hb))
    passages = []
    got_a: list[tuple[int, int]] = []
    got_b: list[tuple[int, int]] = []
    for i, j, n in match_runs(ha, hb):
        ka = int(np.searchsorted(sa, i, "right")) - 1
        kb = int(np.searchsorted(sb, j, "right")) - 1
        ga, ca = ua[ka]
        gb, cb = ub[kb]
        li, lj = i - int(sa[ka]), j - int(sb[kb])
        a0, a1 = ca.span(li, li + n)
        sec_a, sec_b = index.unit(ga)[1], index.unit(gb)[1]
        boiler = flags_a.boilerplate(i, i + n)
        if not boiler:
            got_a.append((i, i + n))
            got_b.append((j, j + n))
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
    }
