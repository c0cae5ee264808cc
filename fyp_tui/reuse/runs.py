"""Maximal runs of equal shingles between two hash arrays: the passages two texts share.

``run_arrays(hq, hb)`` gives every maximal run ``(i, j, n)`` with compared characters
``q[i:i+n] == b[j:j+n]`` and ``n ≥ MIN_CHARS``: diagonals of consecutive equal shingle
hashes. The shorter side is sorted (its distinct hashes); the longer one — for a
section's lookup, the candidates' texts laid end to end, millions of positions — is
scanned once:

* the low ``SLOT_BITS`` bits of each hash pick a slot (not the top bits: the hashes of
  two shingles that differ only in their last character differ by little, so their top
  bits agree and a fifth of the positions passed the bitmap for nothing); a bitmap of
  the short side's slots drops almost every position that cannot match (one gather per
  position, the slots written into a reused buffer so no big array is allocated per lookup);
* the few positions left find their value in a slot table and are checked on the full
  64-bit hash; a slot holding several values is searched for (rare);
* a run starts at a pair whose diagonal predecessor is not a pair and ends at one
  without a successor. With no hash repeated on the short side the successor can only
  be the next pair in the sorted array; otherwise it is mostly the next position's pair
  of the same rank, and is searched for only where that guess fails beside a position
  of several pairs. Starts and ends, each sorted by (diagonal, position), pair up in
  order: the runs of one diagonal do not overlap.

Measured on the slowest section at 1,000 plans (11 M candidate positions): the scan
and check went from 290 ms (low-bit bitmap, then ``searchsorted`` of every hit) to
about 60 ms in round 2; the runs from the pairs (1.6 M of them) from ~95 to ~40 ms in
round 3; see docs/notes/reuse.md.
"""

from __future__ import annotations

import threading

import numpy as np

from .text import MIN_CHARS

CAP = 16  # positions of one shingle considered on the other side (repeated boilerplate)
SLOT_BITS = 22
_MASK = np.uint64((1 << SLOT_BITS) - 1)
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
    values, first_at, how_many = np.unique(hs[order], return_index=True, return_counts=True)
    slots = (values & _MASK).astype(np.intp)
    by_slot = np.argsort(slots, kind="stable")  # the values of one slot side by side
    grouped = slots[by_slot]
    firsts = np.flatnonzero(np.concatenate([[True], grouped[1:] != grouped[:-1]]))
    bitmap = np.zeros(1 << SLOT_BITS, dtype=bool)
    bitmap[slots] = True
    table = np.zeros(1 << SLOT_BITS, dtype=np.int32)
    table[grouped[firsts]] = by_slot[firsts]  # a value of the slot (its only one, mostly)
    slot_l = np.bitwise_and(hl, _MASK, out=scratch("slots", len(hl))).view(np.int64)
    pos = np.flatnonzero(np.take(bitmap, slot_l))
    probe = hl[pos]
    v = table[slot_l[pos]]
    hit = values[v] == probe
    if len(firsts) < len(slots):  # a slot of several values: the others are searched for
        crowded = np.flatnonzero(~hit)
        w = np.minimum(np.searchsorted(values, probe[crowded]), len(values) - 1)
        found = values[w] == probe[crowded]
        v[crowded[found]] = w[found]
        hit[crowded[found]] = True
    pos, v = pos[hit], v[hit]
    cnt = np.minimum(how_many, cap)[v]  # per value first, then gathered: one pass over the hits
    total = int(cnt.sum())
    if not total:
        return _NONE
    # every matching pair (li, sj), sorted by li then sj (equal hashes keep hs's order)
    if total == len(pos):  # no hash repeated on the short side (most lookups): one pair a position
        li, sj = pos, order[first_at].astype(np.int64)[v]
        succ = np.concatenate([(pos[1:] == pos[:-1] + 1) & (sj[1:] == sj[:-1] + 1), [False]])
        has_pred = np.concatenate([[False], succ[:-1]])
    else:
        li = np.repeat(pos, cnt)
        sj = order[np.repeat(first_at[v] - (np.cumsum(cnt) - cnt), cnt) + np.arange(total)]
        has_pred, succ = _links(pos, cnt, li, sj, np.int64(len(hs) + 1))
    # a run starts at a pair without a diagonal predecessor (li-1, sj-1) and ends at one
    # without a successor; the runs of one diagonal do not overlap, so with starts and ends
    # both sorted by (diagonal, li) the t-th start and the t-th end make one run
    starts, ends = np.flatnonzero(~has_pred), np.flatnonzero(~succ)
    wide = np.int64(len(hl) + 1)
    on_diag = np.sort((sj[starts] - li[starts] + wide) * wide + li[starts])
    si = on_diag % wide
    ss = on_diag // wide - wide + si
    ei = np.sort((sj[ends] - li[ends] + wide) * wide + li[ends]) % wide
    return si, ss, ei - si + k


def _links(pos: np.ndarray, cnt: np.ndarray, li: np.ndarray, sj: np.ndarray,
           m: np.int64) -> tuple[np.ndarray, np.ndarray]:
    """(has a predecessor, has a successor) of each pair (li, sj), the pairs sorted by (li, sj),
    ``cnt[p]`` of them at each matching position ``pos[p]``. The successor (li+1, sj+1) of a
    position's r-th pair is mostly the next position's r-th pair (a hash repeated on the short
    side repeats the run there): that guess is checked for all, and only where it fails next to
    a position of several pairs is the successor searched for (``m`` > every sj)."""
    n = len(li)
    key = li * m + sj
    per = np.repeat(cnt, cnt)  # pairs of the same position
    guess = np.minimum(np.arange(n) + per, n - 1)
    want = key + (m + 1)
    succ = key[guess] == want
    has_pred = np.zeros(n, dtype=bool)
    has_pred[guess[succ]] = True
    many = cnt > 1
    next_many = np.concatenate([many[1:] & (pos[1:] == pos[:-1] + 1), [False]])
    ask = np.flatnonzero(~succ & np.repeat(many | next_many, cnt))
    at = np.minimum(np.searchsorted(key, want[ask]), n - 1)
    found = key[at] == want[ask]
    succ[ask[found]] = True
    has_pred[at[found]] = True
    return has_pred, succ
