"""Building and extending the stored index a segment at a time, in bounded memory.

A build reads plans in segments of about ``SEGMENT_CHARS`` characters. Each
segment is indexed in memory (``SearchIndex.build``, the same code as a small
index), its text appended to the store's text file as it is written
(``store.Writer``, checksummed as it goes), its per-unit tables appended to arrays
(a few bytes a unit), and its posting lists written, gram by gram in sorted
order, to a temporary file; then the segment is dropped. The segments' lists are
then merged streaming: each segment file is read front to back once, and a gram's
list is its lists of each segment one after the other (segments hold increasing
unit ids), packed (``packed``) into the store. Last, the common bigrams, known only
now, and the common phrases, chosen from a sample of the written plans, are counted
per plan from the written text. So memory is one segment's index
plus the unit tables and the gram list, whatever the corpus size: plans are read
through ``read`` (``LazyPlans.read`` decodes without keeping).

Adding plans (``extend_store``) indexes only them (one ``SearchIndex.build``) and
merges their lists into the stored ones: the stored lists are copied as they are
unless the added plans have the gram, the text file is copied and appended to,
the common-bigram table keeps its bigrams and gains the added plans' rows.
Nothing already indexed is re-keyed. Plans changed, removed or added in between
are handled by ``updater`` (which uses this module's tables and writers).
"""

from __future__ import annotations

import mmap
import os
import secrets
import shutil
from array import array
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import msgspec

from ..model import Plan
from . import packed, store
from .index import (COUNT_CODE, INDEX_VERSION, Meta, PlanSpan, SearchIndex, Strings, common_bigrams, common_phrases,
                    phrase_sample, stored_bound)
from .postings import GAPS, Postings
from .variants import bound_readings

SEGMENT_CHARS = 6_000_000  # key characters per segment: ~150 MB of build memory
COPY_CHUNK = 1 << 26  # bytes of the stored text copied at a time by an update


def _release(chk, upto: int | None) -> None:
    """Drop the pages of a stored part's memory map below ``upto`` (all: None) from
    this process: an update reads every stored byte once, and keeping them mapped
    would make its memory the size of the index."""
    mm = getattr(chk, "_keep", None)
    if mm is None or not hasattr(mm, "madvise"):
        return
    end = len(mm) if upto is None else upto - upto % mmap.PAGESIZE
    if end > 0:
        mm.madvise(mmap.MADV_DONTNEED, 0, end)


class _Tables:
    """The per-unit and per-plan tables of the index being written, and its text file."""

    def __init__(self, slot: Path, token: str):
        self.text = store.Writer(slot, "text", token)
        self.starts, self.bstarts = array("I"), array("I")
        self.unit_sec, self.unit_block, self.unit_item = array("I"), array("i"), array("i")
        self.unit_crcs = array("I")
        self.sec_ids: list[str] = []
        self.spans: list[PlanSpan] = []
        self.readings: dict[str, tuple[str, ...]] = {}
        self.chars = 0  # characters of text written (the text starts with SEP)

    @property
    def n_units(self) -> int:
        return len(self.unit_sec)

    def append(self, seg: SearchIndex) -> None:
        """``seg`` (built with ``first_unit=self.n_units``) after what is written."""
        first = self.text.size == 0
        shift, bshift = (0, 0) if first else (self.chars - 1, self.text.size - 1)
        self.text.write(seg.raw if first else memoryview(seg.raw)[1:])
        self.chars = shift + seg.starts[-1]
        n = self.n_units
        self.starts.extend(map(shift.__add__, seg.starts[:-1]))
        self.bstarts.extend(map(bshift.__add__, seg.bstarts[:-1]))
        self.unit_sec.extend(map(len(self.sec_ids).__add__, seg.unit_sec))
        self.unit_block.extend(seg.unit_block)
        self.unit_item.extend(seg.unit_item)
        self.unit_crcs.extend(seg._crcs())
        self.sec_ids += seg.sec_ids
        self.spans += [PlanSpan(p.id, p.first + n, p.end + n, p.start + shift, p.stop + shift, p.chars)
                       for p in seg.plans]
        self.readings.update(seg.readings)

    def close(self) -> dict[str, store.FileEntry]:
        self.starts.append(self.chars)
        self.bstarts.append(self.text.size)
        return {"text": self.text.close()}


def _sink(slot: Path, token: str) -> tuple:
    return tuple(store.Writer(slot, name, token) for name in packed.PARTS)


def _finish(slot: Path, token: str, t: _Tables, packer: packed.Packer, sinks: tuple,
            fingerprint: str, fps: list[str], base: int, freq: list[str], freq_counts: array) -> None:
    """Write the remaining parts and the manifest (which makes the new files current)."""
    files = t.close()
    files.update({name: w.close() for name, w in zip(packed.PARTS, sinks)})
    meta = Meta(freq=freq, readings={c: list(r) for c, r in t.readings.items()},
                bound=stored_bound(bound_readings()))
    sections, section_offs = Strings.pack(t.sec_ids)
    codes, numbers = packed.gram_tables(packer.grams)
    parts: dict[str, Any] = {"meta": msgspec.msgpack.encode(meta), "starts": t.starts, "bstarts": t.bstarts,
             "unit_crcs": t.unit_crcs, "unit_sec": t.unit_sec, "unit_block": t.unit_block,
             "unit_item": t.unit_item, "freq_counts": freq_counts, "pos": packer.pos, "firsts": packer.firsts,
             "sections": sections, "section_offs": section_offs, "gram_codes": codes, "gram_numbers": numbers}
    for name, data in parts.items():
        w = store.Writer(slot, name, token)
        w.write(data)  # Writer takes any buffer
        files[name] = w.close()
    plans = [store.PlanEntry(p.id, fp, p.first, p.end, p.start, p.stop, p.chars) for p, fp in zip(t.spans, fps)]
    manifest = store.Manifest(store.FORMAT, INDEX_VERSION, "", fingerprint, plans, {}, base)
    store.commit(slot, manifest, files)


def _segments(ids: list[str], read: Callable[[str], Plan]) -> Iterator[list[Plan]]:
    """The plans in runs of about ``SEGMENT_CHARS`` characters."""
    run: list[Plan] = []
    size = 0
    for pid in ids:
        plan = read(pid)
        run.append(plan)
        size += plan.chars or 1
        if size >= SEGMENT_CHARS:
            yield run
            run, size = [], 0
    if run:
        yield run


class _SegmentFile:
    """One segment's posting lists on disk, grams in sorted order: the grams
    NUL-terminated in one file, each list's (layout, length) in memory, the lists
    themselves in another file in the same order (read back front to back)."""

    def __init__(self, folder: Path, no: int, postings: Postings):
        self.grams_path = folder / f"grams-{no}"
        self.lists_path = folder / f"lists-{no}"
        order = sorted(postings.keys)
        self.shape = array("I")
        with open(self.lists_path, "wb") as fh:
            for g in order:
                i = postings.keys[g]
                a, n = postings.pos[2 * i], postings.pos[2 * i + 1]
                if a & GAPS:
                    a ^= GAPS
                    fh.write(postings._gaps[a : a + n])
                    self.shape.append(1)
                else:
                    fh.write(postings._ids[a : a + n])
                    self.shape.append(0)
                self.shape.append(n)
        self.grams_path.write_bytes("".join(g + "\x00" for g in order).encode("utf-8"))

    def lists(self) -> Iterator[tuple[str, Any]]:
        """(gram, unit ids as a numpy array), in gram order."""
        import numpy as np

        shape = self.shape
        with open(self.lists_path, "rb", buffering=1 << 20) as fh:
            for k, g in enumerate(_grams(self.grams_path)):
                gaps, n = shape[2 * k], shape[2 * k + 1]
                if gaps:
                    ids = np.cumsum(np.frombuffer(fh.read(2 * n), dtype="<u2"), dtype=np.uint32)
                else:
                    ids = np.frombuffer(fh.read(4 * n), dtype="<u4")
                yield g, ids


def _grams(path: Path) -> Iterator[str]:
    with open(path, "rb") as fh:
        rest = b""
        while chunk := fh.read(1 << 20):
            parts = (rest + chunk).split(b"\x00")
            rest = parts.pop()
            yield from (p.decode("utf-8") for p in parts)


def _merge(segments: list[_SegmentFile], packer: packed.Packer) -> None:
    """Every gram's list: its segments' lists one after the other."""
    import heapq

    import numpy as np

    streams = [((g, no, ids) for g, ids in s.lists()) for no, s in enumerate(segments)]
    gram = ""  # no gram: every gram has a character
    pieces: list[Any] = []
    for g, _no, ids in heapq.merge(*streams, key=lambda x: (x[0], x[1])):
        if g != gram:
            if pieces:
                packer.add(gram, pieces[0] if len(pieces) == 1 else np.concatenate(pieces))
            gram, pieces = g, []
        pieces.append(ids)
    if pieces:
        packer.add(gram, pieces[0] if len(pieces) == 1 else np.concatenate(pieces))


def _common(packer: packed.Packer) -> list[str]:
    """The bigrams whose per-plan counts are stored."""
    return common_bigrams(zip(packer.grams, packer.pos[1::2]))


def _plan_texts(path: Path, t: _Tables, spans: list[PlanSpan]) -> Iterator[str]:
    """The written text of each of ``spans``' plans, read back one at a time."""
    with open(path, "rb") as fh:
        for p in spans:
            a, b = t.bstarts[p.first], t.bstarts[p.end] if p.end < len(t.bstarts) else t.text.size
            yield os.pread(fh.fileno(), b - a, a).decode("utf-8")


def _phrases(path: Path, t: _Tables) -> list[str]:
    """The common phrases (``common_phrases``), chosen from a sample of the written plans."""
    return common_phrases(list(_plan_texts(path, t, phrase_sample(t.spans))), len(t.spans), t.text.size)


def _count_rows(path: Path, t: _Tables, spans: list[PlanSpan], grams: list[str]) -> array:
    """Each of ``spans``' plans' occurrences of ``grams``, row-major (plan by plan),
    read back from the text file one plan at a time."""
    rows = array(COUNT_CODE)
    if not grams:
        return rows
    for text in _plan_texts(path, t, spans):
        rows.extend(SearchIndex._plan_counts(text, [PlanSpan("", 0, 0, 0, len(text), 0)], grams))
    return rows


def _columns(rows: array, n_plans: int, n_grams: int) -> array:
    out = array(COUNT_CODE)
    for col in range(n_grams):
        out.extend(rows[col::n_grams])
    return out


def build_store(slot: Path, ids: list[str], read: Callable[[str], Plan], fps: list[str],
                fingerprint: str) -> None:
    """Index the plans ``ids`` (each read once with ``read``) into the store at ``slot``."""
    slot.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(6)
    work = slot / f".build-{token}"
    work.mkdir()
    t = _Tables(slot, token)
    sinks = _sink(slot, token)
    try:
        segments: list[_SegmentFile] = []
        for run in _segments(ids, read):
            seg = SearchIndex.build(run, first_unit=t.n_units, grams=[])
            t.append(seg)
            segments.append(_SegmentFile(work, len(segments), seg.postings))
            del seg, run
        packer = packed.Packer(sinks)
        _merge(segments, packer)
        t.text.fh.flush()
        grams = _common(packer) + _phrases(t.text.tmp, t)
        rows = _count_rows(t.text.tmp, t, t.spans, grams)
        _finish(slot, token, t, packer, sinks, fingerprint, fps, len(t.spans), grams,
                _columns(rows, len(t.spans), len(grams)))
    except BaseException:
        for w in (t.text, *sinks):
            w.discard()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def extend_store(slot: Path, old: SearchIndex, plans: list[Plan], fps: list[str], fingerprint: str) -> None:
    """Write at ``slot`` the stored index ``old`` with ``plans`` added after its own."""
    import numpy as np

    token = secrets.token_hex(6)
    t = _Tables(slot, token)
    sinks = _sink(slot, token)
    try:
        _copy_old(old, t)
        new = SearchIndex.build(plans, first_unit=old.n_units, grams=list(old.freq))
        t.append(new)
        packer = packed.Packer(sinks)
        op, added = old.postings, new.postings
        assert isinstance(op, packed.PackedPostings)  # a stored index
        bufs = op._bufs
        for i, g in enumerate(op.keys):
            if i and i % 2048 == 0:  # each stored list is read once: let go of the pages read
                for chk in op._checks:
                    _release(chk, None)
            more = added.get(g)
            if len(more):
                packer.add(g, np.concatenate([packed.raw_list(bufs, op.pos, op.firsts, i),
                                              np.asarray(more, dtype=np.uint32)]))
            else:
                _copy_list(op, i, g, packer)
        for g in added.keys:
            if g not in op.keys:
                packer.add(g, np.asarray(added.get(g), dtype=np.uint32))
        counts = old._merged_counts(new)
        _finish(slot, token, t, packer, sinks, fingerprint, old.plan_fps + list(fps), old.base,
                list(old.freq), counts)
    except BaseException:
        for w in (t.text, *sinks):
            w.discard()
        raise


def _copy_old(old: SearchIndex, t: _Tables) -> None:
    """The stored index's text (checked block by block as it is copied) and tables."""
    chk = old.text_check
    raw = chk.view if chk is not None else memoryview(old.raw)  # the mapped file (``raw`` reads with pread)
    for a in range(0, len(raw), COPY_CHUNK):
        b = min(len(raw), a + COPY_CHUNK)
        if chk is not None:
            chk.check(a, b)
        t.text.write(raw[a:b])
        _release(chk, b)
    t.chars = old.starts[-1]
    t.starts.extend(old.starts[:-1])
    t.bstarts.extend(old.bstarts[:-1])
    t.unit_sec.extend(old.unit_sec)
    t.unit_block.extend(old.unit_block)
    t.unit_item.extend(old.unit_item)
    t.unit_crcs.extend(_stored_crcs(old))
    t.sec_ids = list(old.sec_ids)
    t.spans = list(old.plans)
    t.readings = dict(old.readings)


def _stored_crcs(old: SearchIndex):
    """The stored index's per-unit checksums (kept apart from ``_unit_crcs``, which
    only a store whose text is checked as read holds: a stamped one has none)."""
    return old.__dict__["_stored_crcs"]


def _copy_list(op: packed.PackedPostings, i: int, gram: str, packer: packed.Packer) -> None:
    """List i of a stored index, copied as it is (its blocks checked)."""
    a, n = op.pos[2 * i], op.pos[2 * i + 1]
    code, at = a >> packed.SHIFT, a & packed.MASK
    buf, chk = op._bufs[code], op._checks[code]
    m = n if code == packed.IDS else n - 1
    if chk is not None:
        chk.check(buf.itemsize * at, buf.itemsize * (at + m))
    packer.put(gram, code, buf[at : at + m], n, op.firsts[i])


def plans_reader(mapping) -> Callable[[str], Plan]:
    """How a build reads a plan: without keeping it when the corpus decodes lazily."""
    return getattr(mapping, "read", mapping.__getitem__)


def build_into(slot: Path, plans: Iterable[Plan], fingerprint: str = "", fps: list[str] | None = None) -> None:
    """``build_store`` for plans in hand (tests, benchmarks)."""
    by_id = {p.id: p for p in plans}
    build_store(slot, list(by_id), by_id.__getitem__, fps or [""] * len(by_id), fingerprint)
