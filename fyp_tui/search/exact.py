"""The exact tier: per-plan counts of a string and its first units, at C speed.

Used for the query itself (and its Simplified form), for ``fyp terms``, and by
multi-word search. It reads the candidate units' UTF-8 bytes (``read_units``: read
with ``pread`` from a stored index, not mapped) rather than the decoded text: UTF-8 is self-synchronising, so a
byte-level count of the query's bytes is its character-level count, and a fresh
process never decodes the corpus text for an exact query.
"""

from __future__ import annotations

import bisect
import itertools
import operator

from .index import SearchIndex
from . import scan
from .scan import Match

BATCH_BYTES = 16 << 20  # candidates' bytes read and counted at a time
# Candidate units read with pread, not through the map, up to this many (``read_units``),
# in every query, not only a process's first. Measured warm at 1,005 plans (round 21),
# map / pread ms: 城乡融合 1,245 units 9.3 / 5.3; 智慧城市 2,727: 14.1 / 8.0; 公共服务体系
# 3,888: 22.2 / 17.0; 产业园区 10,996: 27.8 / 39.4. Each scattered unit faults in 64 KiB of
# the map, which passes its share and is dropped again by every such query; past a few
# thousand units the map's faults cost less than a pread call each.
SPARSE_READ = 6000
# … and more of them when they are scattered thinly (``scan.thin``: fewer than
# ``scan.MAP_UNITS`` a MiB of the bytes they span), each fault of the map bringing in
# 64 KiB that hold no other. Measured warm at 10,005 plans (round 22), map / pread ms:
# 乡村振兴 17,502 units (14 a MiB) 122 / 72; 共同富裕 11,186: 103 / 71; 产业链供应链 6,770:
# 60 / 45; 楼宇经济 11,961: 78 / 67. At 1,005 plans 产业园区's 10,996 units are 86 a MiB:
# the map, as before.


def by_pread(index: SearchIndex, cands: list[int], warm: bool) -> bool:
    """Are the (sorted) candidate units read with pread rather than through the map? In a
    process's first search (``warm`` False: ``fyp search`` asks once), when they are few
    (``SPARSE_READ``), or when they are scattered thinly."""
    if not warm or len(cands) <= SPARSE_READ:
        return True
    st = index.bstarts
    return scan.thin(len(cands), st[cands[-1] + 1] - st[cands[0]])


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


HOLDING_STEP = 2000  # candidate units read with pread at a time by ``holding``


def holding(index: SearchIndex, q: str, cands: list[int], pread: bool = False) -> list[int]:
    """Those of ``cands`` whose key holds ``q`` (a byte search in their stored bytes),
    searched through the memory map, or with ``pread`` ``HOLDING_STEP`` units at a time
    (a fresh ``fyp search`` of several words: through the map, each candidate faults a
    block of the file into the process), their pieces checked as read."""
    qb = q.encode("utf-8")
    if not pread or getattr(index.raw, "runs", None) is None:
        verified(index, cands)
        at = map(index.finder().find, itertools.repeat(qb), map(index.bstarts.__getitem__, cands),
                 map(index.bends.__getitem__, cands))
        return list(itertools.compress(cands, map((-1).__lt__, at)))
    out: list[int] = []
    for i in range(0, len(cands), HOLDING_STEP):
        part = cands[i : i + HOLDING_STEP]
        buf, a, b = read_checked(index, part)
        out += itertools.compress(part, map((-1).__lt__, map(buf.find, itertools.repeat(qb), a, b)))
    return out


def read_checked(index: SearchIndex, uids: list[int]) -> tuple[bytes | bytearray, list[int], list[int]]:
    """``read_units`` with pread, each unit checked against its checksum as read (not
    read a second time to be checked, as ``verified`` would)."""
    buf, a, b = index.read_units(uids, pread=True)
    with memoryview(buf) as view:
        verified_pieces(index, uids, list(map(view.__getitem__, map(slice, a, b))))
    return buf, a, b


def checked(index: SearchIndex) -> bytearray:
    """Which units of ``index`` were checked against their checksums (1: checked)."""
    return index.derived("_units_checked", lambda: bytearray(index.n_units))


def verified(index: SearchIndex, uids: list[int], arr=None) -> None:
    """Check the stored text of ``uids`` against their checksums, each unit once per
    index (the store's files are replaced, never rewritten, so a unit read once
    stays good): a repeated query does not checksum its candidates again. ``arr``:
    ``uids`` as a numpy array, to see at once that all were checked before."""
    ok = checked(index)
    if arr is not None and all_checked(index, arr):
        return
    todo = list(itertools.compress(uids, map(operator.not_, map(ok.__getitem__, uids))))
    if todo:
        index.check_units(todo)
        for u in todo:
            ok[u] = 1


def all_checked(index: SearchIndex, arr) -> bool:
    """Were all the units ``arr`` (numpy, not empty) checked before? One numpy step."""
    import numpy as np

    return len(arr) > 0 and bool(np.frombuffer(checked(index), dtype=np.uint8)[arr].all())


def verified_pieces(index: SearchIndex, uids: list[int], pieces: list) -> None:
    """``verified`` for units whose stored bytes the caller has read (``pieces``, in
    the order of ``uids``): they are not read again to be checked."""
    ok = checked(index)
    todo = [i for i, u in enumerate(uids) if not ok[u]]
    if todo:
        index.check_pieces([uids[i] for i in todo], [pieces[i] for i in todo])
        for i in todo:
            ok[uids[i]] = 1


def verified_all(index: SearchIndex) -> None:
    """Check the whole stored text at once (a whole-text scan, the pinyin-initial
    tables): one CRC per 256 KiB block of the text file rather than one per unit
    (0.07 s against 0.5 s at 1,000 plans), then every unit counts as checked."""
    ok = checked(index)
    if index.text_check is None or ok.count(0) == 0:
        return
    index.text_check.check_all()
    index.text_check.release()  # checked through the map: its pages are not kept
    ok[:] = b"\x01" * len(ok)


def exact_tier(index: SearchIndex, q: str, flt, want: int, warm: bool | None = None) -> tuple[list[int], list[Match]]:
    """Per-plan counts of ``q`` (exact, as ``str.count``) and the first ``want`` units
    holding it in corpus order, each with all its occurrences, in the units ``flt``
    (an ``engine.UnitFilter`` or None) keeps. ``warm``: whether the process has
    searched before (``engine.search`` asks once per search); None: this call asks.

    A common bigram's or phrase's counts come from the index's table. Otherwise the candidate
    units (postings of the query's rarest bigram, narrowed by the next one when that
    pays) are read as zero-copy views of ``raw``, joined per plan (each unit ends
    with its separator, so no match runs across two) and counted with one
    ``bytes.count`` per plan: no Python code per occurrence or per candidate unit,
    and one C call per plan rather than one per unit.
    """
    n = len(index.plans)
    section = flt is not None and bool(flt.section)
    mask = flt.mask if flt is not None else None
    table = index.frequent_counts(q) if not section else None
    if table is not None:
        counts = table.tolist() if mask is None else [c if ok else 0 for c, ok in zip(table, mask)]
        return counts, first_in_plans(index, q, counts, want)
    cands = index.candidates(q)
    if section:
        cands = [u for u in cands if flt(u)]
    if not cands:
        return [0] * n, []
    cands = cands if isinstance(cands, list) else list(cands)
    verified(index, cands)
    qb = q.encode("utf-8")
    cuts = list(map(bisect.bisect_left, itertools.repeat(cands), index.firsts))
    cuts.append(len(cands))
    counts = [0] * n
    found: list[Match] = []
    # A batch at a time, so what a query holds is one batch, not every candidate's text
    # (a frequent term's 150,000 units at 10,000 plans are ~400 MB). Read with pread
    # when few (``SPARSE_READ``), or by a process's first query (``fyp search`` asks
    # once: through the map, that query faulted 1.4 GB of the text into the process);
    # through the map when many and the process asks again (the app: a warm map reads
    # 16,801 units in 14 ms, pread 30).
    few = len(cands) <= SPARSE_READ
    if warm is None:
        warm = index.asked_before("search")
    pread = by_pread(index, cands, warm)
    # One read when the bytes a pread of the candidates takes (what lies between two
    # near ones too) fit a batch (城市更新's 3,328 units at 1,005 plans are 2 MB, a 3 MB read:
    # eight span batches cost it a read each). Not through the map: every candidate's
    # page faults in a block of the file around it, and only a batch of the text at a
    # time is dropped (``bound_pages``): CBD's one read at 10,005 plans held 680 MB of
    # the text in the app.
    one = pread and _read_bytes(index, cands) <= BATCH_BYTES
    batches = [(0, n)] if one else list(_batches(index))
    if pread and not few:
        _prefetch_dense(index, cands, [(cuts[p0], cuts[p1]) for p0, p1 in batches])
    for p0, p1 in batches:
        lo, hi = cuts[p0], cuts[p1]
        if hi == lo:
            continue
        buf, a, b = index.read_units(cands[lo:hi], pread=pread)
        # One count per plan over its candidates' bytes: what lies between two candidates
        # in the buffer (a pread run reads it too) are units that cannot hold q, or units of
        # the same section (a section and its children are consecutive units).
        for p in range(p0, p1):
            x, y = cuts[p] - lo, cuts[p + 1] - lo
            if y > x:
                counts[p] = buf.count(qb, a[x], b[y - 1])
        if len(found) < want:
            # The first units holding q, in corpus order, in plans that count: candidates
            # are tried lazily, so only as many are searched as it takes.
            keep = range(hi - lo) if mask is None else [
                i for i, u in enumerate(cands[lo:hi]) if mask[index.plan_at(u)]]
            at = map(buf.find, itertools.repeat(qb), map(a.__getitem__, keep), map(b.__getitem__, keep))
            for i in itertools.islice(itertools.compress(keep, map((-1).__lt__, at)), want - len(found)):
                k = buf[a[i] : b[i] - 1].decode("utf-8")  # the unit's key (its separator cut)
                found.append((cands[lo + i], 100.0, tuple((p, p + len(q)) for p in positions(k, q, 0, len(k)))))
        if not pread:
            index.bound_pages()
    if mask is not None:
        counts = [c if ok else 0 for c, ok in zip(counts, mask)]
    return counts, found


DENSE_SPAN = 0.25  # candidates among the units of a batch's span from which the whole span is read ahead


def _prefetch_dense(index: SearchIndex, cands: list[int], ranges: list[tuple[int, int]]) -> None:
    """Have the kernel read ahead the byte spans of batches whose candidates are dense
    (at least ``DENSE_SPAN`` of the units between their first and last): a cold page
    cache then serves their preads from large reads. Sparse batches are left alone
    (reading their whole span would read far more than their pieces)."""
    prefetch = getattr(index.raw, "prefetch", None)
    if prefetch is None:
        return
    bst, ben = index.bstarts, index.bends
    for lo, hi in ranges:
        if hi > lo and hi - lo >= DENSE_SPAN * (cands[hi - 1] - cands[lo] + 1):
            prefetch(bst[cands[lo]], ben[cands[hi - 1]])


def _bytes_of(index: SearchIndex, uids: list[int]) -> int:
    """The stored bytes of units ``uids``, summed at C speed."""
    bst, ben = index.bstarts, index.bends
    return sum(map(operator.sub, map(ben.__getitem__, uids), map(bst.__getitem__, uids)))


def _read_bytes(index: SearchIndex, uids: list[int]) -> int:
    """The bytes a pread of units ``uids`` (sorted) takes: theirs, and what lies between
    two near ones (``FileBytes.run_bytes``): 6,000 candidates can carry 48 MB of that."""
    run_bytes = getattr(index.raw, "run_bytes", None)
    if run_bytes is None:  # an index in memory: nothing is read
        return _bytes_of(index, uids)
    return run_bytes(list(map(index.bstarts.__getitem__, uids)), list(map(index.bends.__getitem__, uids)))


def _batches(index: SearchIndex):
    """The plans cut into runs of about ``BATCH_BYTES`` of stored text (at least one plan
    each), as ranges of plan numbers: a batch's candidates hold at most that much (one
    plan's text more), and no candidate is looked at to cut them."""
    bst = index.bstarts
    at = list(map(bst.__getitem__, index.firsts))  # each plan's first byte
    p = 0
    while p < len(at):
        q = max(p + 1, bisect.bisect_left(at, at[p] + BATCH_BYTES, p))
        yield p, q
        p = q


def first_in_plans(index: SearchIndex, q: str, counts: list[int], want: int, flt=None) -> list[Match]:
    """The first ``want`` units holding ``q`` in the plans whose count is not zero, in
    the units ``flt`` keeps, each with all its occurrences.

    A plan's units are checked (once per index), then ``q``'s bytes are looked for
    across the plan's stored text, one ``find`` per holding unit (a plan's ~300 units
    were tried one by one: 5 ms a query for 营商环境's first 100 at 1,005 plans)."""
    found: list[Match] = []
    section = flt is not None and bool(flt.section)
    qb = q.encode("utf-8")
    find = index.finder().find
    bst, ben = index.bstarts, index.bends
    for i, c in enumerate(counts):
        if len(found) >= want:
            break
        if c > 0:
            p = index.plans[i]
            verified(index, list(range(p.first, p.end)))
            end = ben[p.end - 1]
            at = find(qb, bst[p.first], end)
            while at >= 0 and len(found) < want:
                u = bisect.bisect_right(bst, at, p.first, p.end) - 1
                if not (section and not flt(u)):
                    found.append((u, 100.0, unit_spans(index, u, q)))
                at = find(qb, ben[u], end)
    return found
