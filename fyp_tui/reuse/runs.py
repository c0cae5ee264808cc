"""Maximal runs of equal shingles between two hash arrays: the passages two texts share.

``run_arrays(hq, hb)`` gives every maximal run ``(i, j, n)`` with compared characters
``q[i:i+n] == b[j:j+n]`` and ``n ≥ MIN_CHARS``: diagonals of consecutive equal shingle
hashes. The shorter side is sorted (its distinct hashes); the longer one — for a
section's lookup, the candidates' texts laid end to end, millions of positions — is
scanned once:

* the top ``SLOT_BITS`` bits of each hash pick a slot; a bitmap of the short side's
  slots drops almost every position that cannot match (one gather per position, the
  shift written into a reused buffer so no big array is allocated per lookup);
* the few positions left find their value in a slot table (the short side's values
  are sorted, so the values of one slot are consecutive) and are checked on the full
  64-bit hash; a slot holding several values is searched for (rare);
* a run starts at a pair whose diagonal predecessor is not a pair and ends at one
  without a successor (mostly the neighbour in the sorted pairs, else a binary
  search); on one diagonal a start's end is the first end at or after it.

Measured on the slowest section at 1,000 plans (11 M candidate positions): the scan
and check went from 290 ms (low-bit bitmap, then ``searchsorted`` of every hit) to
about 60 ms; see docs/notes/reuse.md.
"""

from __future__ import annotations

import threading

import numpy as np

from .text import MIN_CHARS

CAP = 16  # positions of one shingle considered on the other side (repeated boilerplate)
SLOT_BITS = 22
_SHIFT = np.uint64(64 - SLOT_BITS)
_NONE = (np.zeros(0, dtype=np.int64),) * 3
_scratch = threading.local()  # per thread: lookups run in worker threads of the app


def match_runs(hq: np.ndarray, hb: np.ndarray, k: int = MIN_CHARS, cap: int = CAP) -> list[tuple[int, int, int]]:
    """Maximal runs ``(i, j, n)``: compared characters ``q[i:i+n] == b[j:j+n]``, n ≥ k,
    found as diagonals of consecutive equal shingle hashes (the shorter side is the one
    sorted; ``cap`` bounds how many of its positions one shingle may pair with)."""
    i, j, n = run_arrays(hq, hb, k, cap)
    return list(zip(i.tolist(), j.tolist(), n.tolist()))


def run_arrays(hq: np.ndarray, hb: np.ndarray, k: int = MIN_CHARS,
               cap: int = CAP) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``match_runs`` as three int64 arrays (i, j, n), sorted by i, then j."""
    i, j, n = unordered_runs(hq, hb, k, cap)
    o = np.lexsort((j, i))
    return i[o], j[o], n[o]


def unordered_runs(hq: np.ndarray, hb: np.ndarray, k: int = MIN_CHARS,
                   cap: int = CAP) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``run_arrays`` in no particular order (the caller sorts them as it needs)."""
    if not len(hq) or not len(hb):
        return _NONE
    if len(hq) < len(hb):
        j, i, n = _runs(hb, hq, k, cap)
        return i, j, n
    return _runs(hq, hb, k, cap)


def scratch(name: str, n: int) -> np.ndarray:
    """A reused uint64 array of length ``n``, this thread's ``name``: a fresh array of
    millions of elements costs as much again in page faults as the work done on it."""
    buf = getattr(_scratch, name, None)
    if buf is None or len(buf) < n:
        buf = np.empty(max(n, 1 << 16), dtype=np.uint64)
        setattr(_scratch, name, buf)
    return buf[:n]


def _runs(hl: np.ndarray, hs: np.ndarray, k: int, cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs (i, j, n) of the long side ``hl`` (scanned) against the short side ``hs`` (sorted)."""
    order = np.argsort(hs, kind="stable")
    sorted_s = hs[order]
    values, first_at, how_many = np.unique(sorted_s, return_index=True, return_counts=True)
    slots = (values >> _SHIFT).astype(np.intp)  # non-decreasing, as values are sorted
    bitmap = np.zeros(1 << SLOT_BITS, dtype=bool)
    bitmap[slots] = True
    firsts = np.flatnonzero(np.concatenate([[True], slots[1:] != slots[:-1]]))
    table = np.zeros(1 << SLOT_BITS, dtype=np.int32)
    table[slots[firsts]] = firsts  # a slot's first value
    slot_l = np.right_shift(hl, _SHIFT, out=scratch("slots", len(hl))).view(np.int64)
    pos = np.flatnonzero(np.take(bitmap, slot_l))
    probe = hl[pos]
    v = table[slot_l[pos]]
    hit = values[v] == probe
    crowded = np.flatnonzero(~hit)
    if len(crowded) and len(firsts) < len(slots):  # a slot of several values: search them
        w = np.minimum(np.searchsorted(values, probe[crowded]), len(values) - 1)
        found = values[w] == probe[crowded]
        v[crowded[found]] = w[found]
        hit[crowded[found]] = True
    pos, v = pos[hit], v[hit]
    lo = first_at[v]
    cnt = np.minimum(how_many[v], cap)
    total = int(cnt.sum())
    if not total:
        return _NONE
    # every matching pair (li, sj), sorted by li then sj (equal hashes keep hs's order); a
    # position whose hash is once on the short side (most) is one pair, put in place directly
    if total == len(pos):
        li, sj = pos, order[lo].astype(np.int64)
    else:
        at = np.cumsum(cnt) - cnt  # where each position's pairs begin
        li = np.empty(total, dtype=np.int64)
        sj = np.empty(total, dtype=np.int64)
        one = cnt == 1
        li[at[one]] = pos[one]
        sj[at[one]] = order[lo[one]]
        many = np.flatnonzero(~one)
        c = cnt[many]
        nth = np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)  # 0, 1, … within each position
        into = np.repeat(at[many], c) + nth
        li[into] = np.repeat(pos[many], c)
        sj[into] = order[np.repeat(lo[many], c) + nth]
    # a run starts at a pair whose diagonal predecessor (li-1, sj-1) is not a pair, and ends
    # at one without a successor; keys li·m + sj are sorted, so both are binary searches
    m = np.int64(len(hs) + 1)
    key = li * m + sj
    starts, ends = _ends(key, m + 1)
    si, ss = li[starts], sj[starts]
    ei, es = li[ends], sj[ends]
    # on one diagonal, runs follow each other: a start's end is the first end at or after it
    wide = np.int64(len(hl) + 1)
    diag_e = (es - ei + wide) * wide + ei
    sorted_e = np.sort(diag_e)
    at = np.searchsorted(sorted_e, (ss - si + wide) * wide + si)
    end_i = sorted_e[at] % wide
    return si, ss, end_i - si + k


def _ends(key: np.ndarray, step: np.int64) -> tuple[np.ndarray, np.ndarray]:
    """For each of the sorted ``key``s: whether ``key - step`` is not among them (a run
    starts there), and whether ``key + step`` is not (it ends there). Mostly the pair
    before or after on the same diagonal is the neighbour in the array: one comparison
    settles both for all, and only the others are searched for."""
    follows = key[1:] == key[:-1] + step  # element t + 1 is the successor of element t
    has_pred = np.concatenate([[False], follows])
    has_succ = np.concatenate([follows, [False]])
    for has, sign in ((has_pred, -1), (has_succ, 1)):
        rest = np.flatnonzero(~has)
        x = key[rest] + sign * step
        at = np.minimum(np.searchsorted(key, x), len(key) - 1)
        has[rest] = key[at] == x
    return ~has_pred, ~has_succ
