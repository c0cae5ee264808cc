"""Updating a stored index when plans changed or went away, without rebuilding it.

The corpus's plans, in corpus order, are either *kept* (in the store with the same
fingerprint) or *keyed* (new, or changed since they were indexed). Only the keyed
plans are read and indexed (one ``SearchIndex.build``, the build's common bigrams
counted); the new index is the stored one with the units of removed and changed
plans left out and the keyed plans' units put where the corpus order puts them.
So what holds for a fresh build holds after an update: plans in corpus order, a
plan's units a contiguous range, unit ids numbered in that order, every posting
list sorted.

Each unit moves to a new id (``remap``: an old unit id → its new id, -1 when it
went away), and runs of consecutive units of one source keep their order, so the
unit tables, text and section ids are copied run by run, shifted. The posting lists
are streamed in chunks of about ``CHUNK`` ids: a chunk's lists are decoded from the
store's three buffers at once (numpy: a cumulative sum with each list's first id),
mapped through ``remap`` (ids that went away dropped), the keyed plans' ids of the
same grams merged in (a stable sort of (list, id) keys, already sorted runs), and
re-packed in the narrowest layout, chunk by chunk (``packed.Packer.put_many``).
Grams no plan holds any more are dropped, and so are their readings; a gram only
the keyed plans hold is added after. The common-bigram table keeps the stored
bigrams (as ``extend_store`` does) and gets one row per plan in the new order.

Reading the store checks what it reads (the text block by block as it is copied,
each buffer's blocks as their lists are decoded): a damaged part raises
``store.Damaged`` and the cache rebuilds. Memory is a chunk's arrays, the unit
tables and the keyed plans' index, whatever the corpus size; stored pages read
are dropped from the process as the copy moves on (``builder._release``).
"""

from __future__ import annotations

import secrets
from array import array
from typing import Any, Callable, NamedTuple

from ..model import Plan
from . import builder, packed, store
from .index import COUNT_CELL, COUNT_CODE, PlanSpan, SearchIndex

REBUILD_SHARE = 0.5  # rebuild when more of the plans than this are new or changed (see ``worth``)
CHUNK = 1 << 21  # posting ids decoded at a time (numpy arrays of int64: ~16 MB each)


class _Run(NamedTuple):
    """Units [a, b) of ``src`` (the stored index or the keyed plans'), in a row."""

    src: SearchIndex
    a: int
    b: int


def _excl(x):
    """Exclusive cumulative sum (the start of each of a run of lengths)."""
    import numpy as np

    out = np.zeros(len(x), dtype=np.int64)
    if len(x) > 1:
        np.cumsum(x[:-1], out=out[1:])
    return out


def _view(buf: Any, dtype: str):
    """A stored table (a mapped view or an array) as a numpy array, not copied."""
    import numpy as np

    return np.frombuffer(buf, dtype=dtype)


def _ranges(starts, lengths):
    """``arange(s, s + n)`` for each (s, n), concatenated."""
    import numpy as np

    total = int(lengths.sum())
    return np.repeat(starts - _excl(lengths), lengths) + np.arange(total, dtype=np.int64)


def keyed_ids(old: SearchIndex, ids: list[str], fps: list[str]) -> list[str]:
    """The plans of ``ids`` an update must read: not stored, or stored with another fingerprint."""
    stored = dict(zip((p.id for p in old.plans), old.plan_fps))
    return [pid for pid, fp in zip(ids, fps) if stored.get(pid) != fp]


def worth(old: SearchIndex, ids: list[str], fps: list[str]) -> bool:
    """Whether to update rather than rebuild: at most ``REBUILD_SHARE`` of the plans
    to read, and about one build segment of text among them (``builder.SEGMENT_CHARS``,
    estimated at the stored plans' mean size): the plans to read are indexed in one
    piece, so more would hold more memory than a build does."""
    keyed = len(keyed_ids(old, ids, fps))
    mean = sum(p.chars for p in old.plans) / max(1, len(old.plans))
    return keyed <= REBUILD_SHARE * len(ids) and keyed * mean <= builder.SEGMENT_CHARS


def update_store(slot, old: SearchIndex, ids: list[str], fps: list[str], read: Callable[[str], Plan],
                 fingerprint: str) -> None:
    """Write at ``slot`` the stored index ``old`` updated to the plans ``ids`` (corpus
    order, fingerprints ``fps``): plans gone or changed left out, new and changed
    ones (read with ``read``) indexed where the corpus puts them."""
    at = {p.id: k for k, p in enumerate(old.plans)}
    keyed = keyed_ids(old, ids, fps)
    new = SearchIndex.build(map(read, keyed), grams=list(old.freq))
    new.corpus = {}  # the plans are not kept, nor the text decoded (its bytes are copied)
    new.__dict__.pop("_text", None)
    fresh = dict(zip(keyed, range(len(keyed))))
    src: list[tuple[SearchIndex, PlanSpan]] = []  # per plan in the new order
    cols: list[int] = []  # per plan: its column in the stored common-bigram table, or past it in the keyed one
    for pid in ids:
        j = fresh.get(pid)
        if j is None:
            src.append((old, old.plans[at[pid]]))
            cols.append(at[pid])
        else:
            src.append((new, new.plans[j]))
            cols.append(len(old.plans) + j)
    runs: list[_Run] = []
    for ix, p in src:
        if runs and runs[-1].src is ix and runs[-1].b == p.first:
            runs[-1] = runs[-1]._replace(b=p.end)
        elif p.end > p.first:
            runs.append(_Run(ix, p.first, p.end))

    token = secrets.token_hex(6)
    t = builder._Tables(slot, token)
    sinks = builder._sink(slot, token)
    try:
        remap, kremap = _tables(old, new, src, runs, t)
        packer = packed.Packer(sinks)
        _lists(old, new, remap, kremap, packer)
        t.readings = {c: r for c in packer.grams if len(c) == 1
                      and (r := old.readings.get(c) or new.readings.get(c))}
        counts = _counts(old, new, cols)
        builder._finish(slot, token, t, packer, sinks, fingerprint, fps, old.base, list(old.freq), counts)
    except BaseException:
        for w in (t.text, *sinks):
            w.discard()
        raise


def _tables(old: SearchIndex, new: SearchIndex, src: list, runs: list[_Run], t: builder._Tables) -> tuple:
    """The text, unit tables, section ids and plan spans of the new index, run by
    run, into ``t``; returns the unit maps (old → new, keyed → new)."""
    import numpy as np

    crcs = builder._stored_crcs(old), new._crcs()
    remap = np.full(old.n_units, -1, dtype=np.int64)
    kremap = np.full(new.n_units, -1, dtype=np.int64)
    t.text.write(b"\x00")
    chars, nbytes, unit = 1, 1, 0  # the text starts with SEP
    for r in runs:
        ix = r.src
        st = _view(ix.starts, "uint32")
        bst = _view(ix.bstarts, "uint32")
        sec = _view(ix.unit_sec, "uint32")
        s0, s1 = int(sec[r.a]), int(sec[r.b - 1]) + 1
        for name, piece in (  # each written at once: the pieces are not held together
                ("starts", st[r.a : r.b].astype(np.int64) - int(st[r.a]) + chars),
                ("bstarts", bst[r.a : r.b].astype(np.int64) - int(bst[r.a]) + nbytes),
                ("unit_sec", sec[r.a : r.b].astype(np.int64) - s0 + len(t.sec_ids)),
                ("unit_block", _view(ix.unit_block, "int32")[r.a : r.b]),
                ("unit_item", _view(ix.unit_item, "int32")[r.a : r.b]),
                ("unit_crcs", _view(crcs[ix is new], "uint32")[r.a : r.b])):
            table = getattr(t, name)
            table.frombytes(piece.astype(table.typecode).tobytes())
        t.sec_ids += ix.sec_ids[s0:s1]
        (remap if ix is old else kremap)[r.a : r.b] = np.arange(unit, unit + r.b - r.a)
        _copy_text(ix, int(bst[r.a]), int(bst[r.b]), t)
        chars += int(st[r.b]) - int(st[r.a])
        nbytes += int(bst[r.b]) - int(bst[r.a])
        unit += r.b - r.a
    t.chars = chars
    c, u = 1, 0
    for _ix, p in src:
        n = p.end - p.first
        t.spans.append(PlanSpan(p.id, u, u + n, c, c + p.stop - p.start, p.chars))
        u, c = u + n, c + p.stop - p.start
    return remap, kremap


def _copy_text(ix: SearchIndex, a: int, b: int, t: builder._Tables) -> None:
    """Bytes [a, b) of ``ix``'s text, checked and copied a piece at a time."""
    chk = ix.text_check
    raw = chk.view if chk is not None else memoryview(ix.raw)
    for x in range(a, b, builder.COPY_CHUNK):
        y = min(b, x + builder.COPY_CHUNK)
        if chk is not None:
            chk.check(x, y)
        t.text.write(raw[x:y])
        builder._release(chk, y)


def _counts(old: SearchIndex, new: SearchIndex, cols: list[int]) -> array:
    """The common-bigram table (column-major) with a column per plan in the new
    order: ``cols`` picks each from the stored table or, past its plans, the keyed one."""
    import numpy as np

    out = array(COUNT_CODE)
    width = len(old.freq)
    if not width:
        return out
    chk = old.__dict__.get("_freq_check")
    if chk is not None:
        chk.check_all()
    cell = f"<u{COUNT_CELL}"
    stored = _view(old.freq_counts, cell).reshape(width, len(old.plans))
    added = _view(new.freq_counts, cell).reshape(width, len(new.plans))
    pick = np.asarray(cols, dtype=np.int64)
    for c in range(0, width, 64):  # 64 bigrams at a time: bounded memory at any corpus size
        both = np.concatenate([stored[c : c + 64], added[c : c + 64]], axis=1)
        out.frombytes(both[:, pick].astype(cell).tobytes())
    return out


def _extras(old: SearchIndex, new: SearchIndex, kremap) -> tuple:
    """The keyed plans' lists of grams the store has: (stored gram number, new unit
    id) pairs sorted by gram number (so a chunk takes a slice)."""
    import numpy as np

    keys = old.postings.keys
    nos, vals = [], []
    for g in new.postings.keys:
        i = keys.get(g)
        if i is not None:
            ids = kremap[np.asarray(new.postings.get(g), dtype=np.int64)]
            nos.append(np.full(len(ids), i, dtype=np.int64))
            vals.append(ids)
    if not nos:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    no, val = np.concatenate(nos), np.concatenate(vals)
    order = np.argsort(no, kind="stable")
    return no[order], val[order]


def _lists(old: SearchIndex, new: SearchIndex, remap, kremap, packer: packed.Packer) -> None:
    """Every posting list of the new index: the stored ones chunk by chunk, then the
    grams only keyed plans hold."""
    import numpy as np

    op = old.postings
    assert isinstance(op, packed.PackedPostings)  # a stored index
    grams = list(op.keys)
    pos = _view(op.pos, "uint32")
    codes = (pos[0::2] >> packed.SHIFT).astype(np.int64)
    offs = (pos[0::2] & packed.MASK).astype(np.int64)
    ns = pos[1::2].astype(np.int64)
    firsts = _view(op.firsts, "uint32").astype(np.int64)
    ex_no, ex_val = _extras(old, new, kremap)
    kept = remap[remap >= 0]
    in_order = bool(np.all(kept[1:] > kept[:-1]))  # False when the corpus moved stored plans around
    ends = np.cumsum(ns)
    i0 = 0
    while i0 < len(grams):
        base = int(ends[i0 - 1]) if i0 else 0
        i1 = max(i0 + 1, int(np.searchsorted(ends, base + CHUNK, side="right")))
        lo, hi = np.searchsorted(ex_no, [i0, i1])
        _chunk(op, grams, i0, i1, codes[i0:i1], offs[i0:i1], ns[i0:i1], firsts[i0:i1], remap,
               ex_no[lo:hi] - i0, ex_val[lo:hi], in_order, packer)
        i0 = i1
    for chk in op._checks:
        builder._release(chk, None)
    for g in new.postings.keys:
        if g not in op.keys:
            packer.add(g, kremap[np.asarray(new.postings.get(g), dtype=np.int64)])


def _decode(op: packed.PackedPostings, code: int, offs, ns, firsts):
    """The lists (all of layout ``code``, consecutive in its buffer) as one int64
    array of unit ids, each list's ids after the previous list's."""
    import numpy as np

    buf, chk = op._bufs[code], op._checks[code]
    m = ns if code == packed.IDS else ns - 1
    a, b = int(offs[0]), int(offs[-1] + m[-1])
    if not np.array_equal(offs, a + _excl(m)):
        raise store.Damaged(f"{chk.name if chk else 'postings'}: posting lists not in the order written")
    if chk is not None:
        chk.check(buf.itemsize * a, buf.itemsize * b)
    data = np.frombuffer(buf[a:b], dtype=buf.format)
    if code == packed.IDS:
        out = data.astype(np.int64)
    else:  # steps: each list is its first id, then running sums of its steps
        heads = _excl(ns)
        out = np.empty(int(ns.sum()), dtype=np.int64)
        body = np.ones(len(out), dtype=bool)
        body[heads] = False
        out[body] = data
        out[heads] = firsts
        np.cumsum(out, out=out)
        out -= np.repeat(out[heads] - firsts, ns)
    if chk is not None:
        builder._release(chk, buf.itemsize * b)
    return out


def _chunk(op, grams: list[str], i0: int, i1: int, codes, offs, ns, firsts, remap, ex_no, ex_val,
           in_order: bool, packer: packed.Packer) -> None:
    """Stored lists i0..i1 remapped, merged with the keyed plans' ids, re-packed."""
    import numpy as np

    k = i1 - i0
    ids = np.empty(int(ns.sum()), dtype=np.int64)
    heads = _excl(ns)
    for code in (packed.IDS, packed.STEPS16, packed.STEPS8):
        sel = codes == code
        if sel.any():
            ids[_ranges(heads[sel], ns[sel])] = _decode(op, code, offs[sel], ns[sel], firsts[sel])
    ids = remap[ids]
    keep = ids >= 0
    key = (np.repeat(np.arange(k, dtype=np.int64), ns)[keep] << 32) | ids[keep]
    if len(ex_no) or not in_order:
        key = np.sort(np.concatenate([key, (ex_no << 32) | ex_val]), kind="stable")
    n = np.bincount(key >> 32, minlength=k)
    vals = key & 0xFFFFFFFF
    live = np.flatnonzero(n)
    n = n[live]
    heads = _excl(n)
    steps = np.diff(vals, prepend=0)
    steps[heads] = 0
    most = np.maximum.reduceat(steps, heads) if len(heads) else steps[:0]
    out = np.where(most <= packed.U8_MAX, packed.STEPS8,
                   np.where(most <= packed.U16_MAX, packed.STEPS16, packed.IDS))
    per = np.repeat(out, n)
    body = np.ones(len(vals), dtype=bool)
    body[heads] = False
    data: dict[int, Any] = {packed.IDS: vals[per == packed.IDS].astype("<u4"),
                            packed.STEPS16: steps[(per == packed.STEPS16) & body].astype("<u2"),
                            packed.STEPS8: steps[(per == packed.STEPS8) & body].astype("<u1")}
    packer.put_many([grams[i0 + i] for i in live.tolist()], out, n, vals[heads], data)
