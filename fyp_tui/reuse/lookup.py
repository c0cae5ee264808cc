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
    if not len(hq) or not len(hb):
        return []
    if len(hq) < len(hb):
        return [(i, j, n) for j, i, n in _runs(hb, hq, k, cap, swap=True)]
    return _runs(hq, hb, k, cap)


def _runs(hq: np.ndarray, hb: np.ndarray, k: int, cap: int, swap: bool = False) -> list[tuple[int, int, int]]:
    order = np.argsort(hb, kind="stable")
    sb = hb[order]
    # A bitmap of hb's low bits drops most positions of hq that cannot match before the
    # (slower) binary search.
    bitmap = np.zeros(_BITMAP + 1, dtype=bool)
    bitmap[(hb & _BITMAP).astype(np.int64)] = True
    pos = np.flatnonzero(bitmap[(hq & _BITMAP).astype(np.int64)])
    probe = hq[pos]
    lo = np.searchsorted(sb, probe, "left")
    cnt = np.minimum(np.searchsorted(sb, probe, "right") - lo, cap)
    total = int(cnt.sum())
    if not total:
        return []
    qi = np.repeat(pos.astype(np.int64), cnt)
    first = np.repeat(np.cumsum(cnt) - cnt, cnt)
    bj = order[np.repeat(lo, cnt) + (np.arange(total) - first)].astype(np.int64)
    d = bj - qi
    o = np.lexsort((qi, d))
    qi, bj, d = qi[o], bj[o], d[o]
    brk = np.ones(total, dtype=bool)
    brk[1:] = (d[1:] != d[:-1]) | (qi[1:] != qi[:-1] + 1)
    starts = np.flatnonzero(brk)
    ends = np.append(starts[1:], total) - 1
    n = qi[ends] - qi[starts] + k
    first, second = (bj[starts], qi[starts]) if swap else (qi[starts], bj[starts])
    o = np.lexsort((second, first))  # sorted by the query side, then the other
    out = zip(second[o].tolist(), first[o].tolist(), n[o].tolist()) if swap else \
        zip(first[o].tolist(), second[o].tolist(), n[o].tolist())
    return list(out)


class _Flags:
    """Which compared characters of a text are boilerplate: those inside a shingle that is a
    corpus fingerprint found in at least ``boilerplate_min`` plans (prefix sums)."""

    def __init__(self, index: ReuseIndex, hashes: np.ndarray, n_chars: int, k: int = MIN_CHARS):
        _, bp = index.boilerplate_mask(hashes)
        edges = np.zeros(n_chars + 1, dtype=np.int64)
        starts = np.flatnonzero(bp)
        np.add.at(edges, starts, 1)
        np.add.at(edges, starts + k, -1)
        char_bp = np.cumsum(edges)[:n_chars] > 0
        self.cum: list[int] = np.concatenate([[0], np.cumsum(char_bp)]).tolist()  # list: fast scalar reads

    def boiler_chars(self, start: int, end: int) -> int:
        return int(self.cum[end] - self.cum[start])

    def boilerplate(self, start: int, end: int) -> bool:
        """A passage most of whose characters are boilerplate."""
        return 2 * self.boiler_chars(start, end) > end - start

    def counted(self, intervals) -> int:
        """Characters in the union of ``intervals`` that are not boilerplate themselves."""
        total, last = 0, -1
        for s, e in sorted(intervals):
            s = max(s, last)
            if e > s:
                total += (e - s) - self.boiler_chars(s, e)
                last = e
        return total


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
    # every candidate's shingles end to end (a gap between units), matched in one pass
    units = [(g, *index.text_of(g)) for g in cands.tolist()]
    starts = np.cumsum([0] + [len(c.text) + 1 for _, c, _ in units])
    hb = np.full(int(starts[-1]), 2**64 - 1, dtype=np.uint64)
    for (_, _, h), at in zip(units, starts):
        hb[at : at + len(h)] = h
    per_unit: dict[int, list[tuple[int, int, int]]] = {}
    runs = match_runs(hq, hb)
    if runs:
        found = np.asarray(runs, dtype=np.int64)
        ks = np.searchsorted(starts, found[:, 1], "right") - 1
        local = found[:, 1] - starts[ks]
        for (i, _, n), k, j in zip(runs, ks.tolist(), local.tolist()):
            per_unit.setdefault(k, []).append((i, j, n))
    matches = []
    for k, runs in per_unit.items():
        g, cb, _ = units[k]
        chars = flags.counted((i, i + n) for i, _, n in runs if not flags.boilerplate(i, i + n))
        if not chars:
            continue
        spans = []
        for i, j, n in runs:
            a0, a1 = cq.span(i, i + n)
            spans.append({"a": [a0, a1], "b": list(cb.span(j, j + n)), "text": text[a0:a1],
                          "boilerplate": flags.boilerplate(i, i + n)})
        pid, other = index.unit(g)
        matches.append((pid, g, {
            "plan": pid,
            "date": plan_date(index.plans[pid]) or None,
            "section": _ref(other),
            "chars": chars,
            "share": round(chars / max(1, len(cq.text)), 4),
            "spans": spans,
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
