"""The corpus-wide reuse index: winnowed shingle fingerprints of every unit of every plan.

Units are the alignment units (``align.units.plan_units``: 节, 建议 items, 序言…),
a unit's text its ``Section.full_text()``, and the chapter introductions alignment
leaves out (``units``: the text before a chapter's first subsection). For each unit the index keeps the
fingerprints of its compared text (``text.winnow``) in two parallel numpy arrays
sorted by hash (``fp_hash`` uint64, ``fp_unit`` int32), so the units that share a
passage with a query are found with one ``searchsorted``; nothing plan × plan is
ever stored.

Boilerplate is a shingle found in at least ``boilerplate_min`` plans (half the
corpus, and never fewer than three), counted over *every* shingle of a plan, not
only the winnowed ones (which shingle winnowing keeps depends on the text around
it, so an eight-character phrase such as 全面建成小康社会 would be counted in only
some of the plans that say it). Counting every distinct shingle of a big corpus
exactly would hold them all; instead the candidates are the shingles found in at
least a quarter of ``SAMPLE`` plans spread over the corpus (a shingle in half the
plans falls below a quarter of such a sample with probability about e^-25), and
the candidates are then counted exactly over all plans. ``u_hash``/``u_plans``
hold the candidates and their exact plan counts; with ``SAMPLE`` plans or fewer the
sample is the corpus, and every shingle in a quarter of its plans is a candidate (so
every boilerplate shingle, for certain). ``member`` records which candidates each plan
holds (one bit each), so a plan's counts can be taken back out when it goes.

The build reads each plan once (decoded and dropped: the corpus's lazy mapping is
never filled) in two passes — the sample, then every plan in id order — and sorts
the fingerprints one bucket of hash values at a time (``_Buckets``), spilled to the
cache directory, so at 10,000 plans it never holds the 1.3 GB of fingerprints twice.

Saved to the cache directory as ``reuse-<key>.fp_hash.npy`` and ``.fp_unit.npy``
(mapped from disk with ``mmap_mode="r"``, never unpickled), ``.counts.npz`` (the
boilerplate candidates and ``member``, loaded with ``allow_pickle=False``) and a JSON
header (version, corpus key, plan ids, each plan's fingerprint, unit ids, what the
candidates were drawn from) written last; on load every array's dtype, length, order
and range is checked, and anything wrong means "rebuild", with the reason kept in
``problem`` for the caller to report once. When the corpus changed since a saved index,
``update`` brings that index up to date instead of building anew where it can.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import shutil
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..fsutil import atomic_write_bytes, atomic_write_text, check_target, process_alive
from ..model import SCHEMA_VERSION, Plan, Section
from .units import reuse_units, unit_text
from .text import MIN_CHARS, Compared, apart_from_heading, compared, shingle_hashes, winnow

# 7: a table's header row in a unit's text; 6: chapter introductions are units;
# 5: plan fingerprints, candidates' origin and membership saved (for updates); 4: .npy arrays
VERSION = 7
NO_SHINGLE = np.uint64(2**64 - 1)  # a position where no shingle starts (in padded hash arrays)
SAMPLE = 200  # plans whose shingles propose the boilerplate candidates
CACHE_UNITS = 50_000  # compared texts and full hash arrays kept in memory (LRU)
CHECK_CHUNK = 1 << 22  # elements of the mapped arrays checked (and merged) at a time
BUCKET_BITS = 6  # the build sorts the fingerprints in 64 buckets by their top bits


def plan_date(plan: Plan) -> str:
    """Issued date, else adopted; "" when the plan has neither."""
    return plan.meta.issued or plan.meta.adopted or ""


def boilerplate_min(n_plans: int) -> int:
    return max(3, math.ceil(n_plans / 2))


class ReuseIndex:
    def __init__(self, plans, plan_ids: list[str], unit_ids: list[list[str]],
                 fp_hash: np.ndarray, fp_unit: np.ndarray, u_hash: np.ndarray, u_plans: np.ndarray, key: str = ""):
        self.plans = plans  # plan id → Plan (the corpus's lazy mapping: decoded when asked for)
        self.plan_ids = plan_ids
        self.unit_ids = unit_ids  # per plan, in reading order
        self.unit_plan = np.repeat(np.arange(len(plan_ids), dtype=np.int32), [len(u) for u in unit_ids])
        self.unit_first = np.concatenate([[0], np.cumsum([len(u) for u in unit_ids])]).astype(np.int64)
        self.fp_hash, self.fp_unit = fp_hash, fp_unit
        self.u_hash, self.u_plans = u_hash, u_plans
        self.key = key
        self.boilerplate_min = boilerplate_min(len(plan_ids))
        self.problem = ""  # why a cached index was not used, if it was not
        # what an update needs (see update.py): each plan's corpus fingerprint, the bits of
        # the candidates each plan holds, (plans, sample, least) of the build that drew the
        # candidates, and the plans added or changed since then
        self.fps: list[str] | None = None
        self.member: np.ndarray | None = None
        self.drawn: tuple[int, int, int] = (len(plan_ids), len(plan_ids), 1)
        self.since: list[str] = []
        self._plan_index = {pid: k for k, pid in enumerate(plan_ids)}
        self._cache: OrderedDict[int, tuple[Compared, np.ndarray, np.ndarray]] = OrderedDict()
        self._saved = ""  # the folder the arrays were written to by the build
        self._base = ""  # the key of the saved index this one was updated from (removed once saved)
        self.heads: dict[int, tuple] = {}  # unit → (plan id, date, section reference), by lookup.py
        self.date_rank: np.ndarray | None = None  # each plan's place in date order, by lookup.py

    # -- building --------------------------------------------------------------
    @classmethod
    def build(cls, plans, key: str = "", folder: Path | None = None) -> ReuseIndex:
        """The index of ``plans`` (Plans, or a mapping id → Plan such as the corpus's lazy
        one, whose ``read`` decodes a plan without keeping it). With ``folder``, the
        fingerprint arrays are sorted in buckets spilled there and written as the cache's
        ``.npy`` files, then mapped from disk: the build never holds them twice."""
        # the collector stays on: a decoded plan and its units leave cyclic garbage (about 600
        # objects a plan), which with it paused stayed in memory — at 10,000 plans, every plan
        return cls._build(plans, key, folder)

    @classmethod
    def _build(cls, plans, key: str, folder: Path | None) -> ReuseIndex:
        mapping, read = reader(plans)
        plan_ids = sorted(mapping)
        n = len(plan_ids)
        sample = plan_ids[:: max(1, math.ceil(n / SAMPLE))]
        # pass 1, the sample: its distinct shingles propose the boilerplate candidates, those in
        # a quarter of the sample (when the sample is the corpus: every shingle in half of it,
        # and room for the plans an update adds)
        least = max(1, math.ceil(len(sample) / 4))
        first: dict[str, tuple[list[str], list[np.ndarray]]] = {}
        seen = []
        for pid in sample:
            ids, fps, distinct = _plan_shingles(read(pid))
            first[pid] = (ids, fps)
            seen.append(distinct)
        allp = np.concatenate(seen) if seen else np.zeros(0, dtype=np.uint64)
        u_hash, counts = np.unique(allp, return_counts=True)
        del allp
        u_hash = u_hash[counts >= least]
        u_plans = np.zeros(len(u_hash), dtype=np.int64)  # counted exactly, over every plan
        member = np.zeros((n, (len(u_hash) + 7) // 8), dtype=np.uint8)
        at = {pid: p for p, pid in enumerate(plan_ids)}
        for pid, d in zip(sample, seen):
            member[at[pid]] = member_row(_count(u_hash, u_plans, d), len(u_hash))
        del seen
        # pass 2, every plan in id order (so global unit numbers are known): fingerprints
        # into buckets by their top bits, and the other plans' shingles counted
        buckets = _Buckets(folder, key)
        unit_ids: list[list[str]] = []
        g0 = 0
        try:
            for p, pid in enumerate(plan_ids):
                got = first.pop(pid, None)
                if got is None:
                    ids, fps, distinct = _plan_shingles(read(pid))
                    member[p] = member_row(_count(u_hash, u_plans, distinct), len(u_hash))
                else:
                    ids, fps = got
                add_units(buckets, fps, g0)
                unit_ids.append(ids)
                g0 += len(ids)
            fp_hash, fp_unit = buckets.finish()
        finally:
            buckets.close()
        index = cls(mapping, plan_ids, unit_ids, fp_hash, fp_unit, u_hash, u_plans.astype(np.int32), key)
        index._saved = str(folder) if folder is not None else ""
        index.member, index.drawn = member, (n, len(sample), least)
        return index

    @classmethod
    def for_corpus(cls, corpus, cache_dir: Path | None = None) -> ReuseIndex:
        """The corpus's index: from ``cache_dir`` when a valid one is there, else built (and saved)."""
        key = corpus.fingerprint()
        problem = ""
        if cache_dir is not None:
            loaded, problem = cls.load(cache_dir, key, corpus.plans)
            if loaded is not None:
                return loaded
        folder = cache_dir if cache_dir is not None and _writable(cache_dir) else None
        by_id = getattr(corpus, "plan_fingerprints", None)
        fps = by_id() if by_id is not None else None
        index = None
        if folder is not None and fps is not None and not problem:
            from .update import updated

            index, problem = updated(folder, key, corpus.plans, fps)
        if index is None:
            index = cls.build(corpus.plans, key, folder)
        index.problem = problem
        if fps is not None:
            index.fps = [fps[pid] for pid in index.plan_ids]
        if cache_dir is not None:
            index.save(cache_dir)
        return index

    # -- disk ------------------------------------------------------------------
    @staticmethod
    def _files(cache_dir: Path, key: str) -> dict[str, Path]:
        stem = f"reuse-{key[:16]}"
        return {"head": cache_dir / f"{stem}.json", "fp_hash": cache_dir / f"{stem}.fp_hash.npy",
                "fp_unit": cache_dir / f"{stem}.fp_unit.npy", "counts": cache_dir / f"{stem}.counts.npz"}

    def save(self, cache_dir: Path) -> None:
        import io

        files = self._files(cache_dir, self.key)
        buf = io.BytesIO()
        arrays = {"u_hash": self.u_hash, "u_plans": self.u_plans}
        if self.member is not None:
            arrays["u_member"] = self.member
        np.savez(buf, **arrays)  # type: ignore[arg-type]  # numpy's stubs take the keywords for allow_pickle
        doc = {"version": VERSION, "schema": SCHEMA_VERSION, "key": self.key, "plans": self.plan_ids,
               "fps": self.fps if self.member is not None else None,  # None: never the base of an update
               "units": self.unit_ids, "fingerprints": len(self.fp_hash),
               "drawn": list(self.drawn), "since": self.since}
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            if self._saved != str(cache_dir):  # the build did not write them there
                for name in ("fp_hash", "fp_unit"):
                    _write_npy(files[name], [getattr(self, name)], getattr(self, name).dtype, len(self.fp_hash))
            atomic_write_bytes(files["counts"], buf.getvalue())
            atomic_write_text(files["head"], json.dumps(doc, ensure_ascii=False))  # last: the others are there
        except OSError:
            return  # a cache that cannot be written is only a slower next start
        if self._base and self._base != self.key:
            remove_saved(cache_dir, self._base)  # superseded by this one

    @classmethod
    def load(cls, cache_dir: Path, key: str, plans) -> tuple[ReuseIndex | None, str]:
        """(index, "") from the cache, or (None, why not) — "" when there is simply none yet.
        The fingerprint arrays are mapped from disk, not read."""
        files = cls._files(cache_dir, key)
        if not any(f.exists() for f in files.values()):
            return None, ""
        got, why = read_saved(files, key, sorted(plans))
        if got is None:
            return None, why
        doc, a = got
        return cls.from_saved(plans, doc, a), ""

    @classmethod
    def from_saved(cls, plans, doc: dict, a: dict[str, np.ndarray]) -> ReuseIndex:
        """The index of a checked header and arrays (``read_saved``)."""
        index = cls(plans, doc["plans"], doc["units"], a["fp_hash"], a["fp_unit"], a["u_hash"], a["u_plans"],
                    doc["key"])
        index.fps, index.member = doc["fps"], a.get("u_member")
        index.drawn, index.since = tuple(doc["drawn"]), doc["since"]
        return index

    # -- per unit ----------------------------------------------------------------
    def plan_index(self, plan_id: str) -> int:
        return self._plan_index[plan_id]

    def unit(self, g: int) -> tuple[str, Section]:
        """(plan id, section) of global unit ``g``."""
        p = int(self.unit_plan[g])
        pid = self.plan_ids[p]
        sid = self.unit_ids[p][g - int(self.unit_first[p])]
        return pid, self.plans[pid].section(sid)  # built from these plans: the section exists

    def units_of(self, plan_id: str) -> range:
        p = self.plan_index(plan_id)
        return range(int(self.unit_first[p]), int(self.unit_first[p + 1]))

    def text_of(self, g: int) -> tuple[Compared, np.ndarray]:
        """Compared text and all shingle hashes of unit ``g`` (cached)."""
        c, hashes, _ = self.unit_data(g)
        return c, hashes[: max(0, len(c.text) - MIN_CHARS + 1)]

    def unit_data(self, g: int) -> tuple[Compared, np.ndarray, np.ndarray]:
        """Unit ``g``'s compared text, and two arrays one longer than it (cached): the hash of
        the shingle starting at each position (``NO_SHINGLE`` where none starts) and each
        position's offset in the section's text (-1 at the end), so candidates are laid
        end to end with one ``np.concatenate``."""
        hit = self._cache.get(g)
        if hit is None:
            return self._fill([g], [self.unit(g)[1]])[0]
        self._cache.move_to_end(g)
        return hit

    def hashes_of(self, units: list[int]) -> list[np.ndarray]:
        """``unit_data(g)[1]`` of each unit (the padded shingle hashes), the cache read inline:
        a large answer asks for thousands. Units not cached are read plan by plan, each plan
        decoded once and not kept (through the lazy corpus's ``read``): a lookup in a
        10,000-plan corpus touches thousands of plans, and keeping them took 5.8 GB."""
        cache = self._cache
        out: list[np.ndarray | None] = []
        missing: list[int] = []
        for g in units:
            hit = cache.get(g)
            if hit is None:
                missing.append(len(out))
                out.append(None)
            else:
                cache.move_to_end(g)
                out.append(hit[1])
        if missing:
            got: dict[int, np.ndarray] = {}
            todo = sorted(units[k] for k in missing)
            read = getattr(self.plans, "read", self.plans.__getitem__)
            for p, run in itertools.groupby(todo, key=lambda g: int(self.unit_plan[g])):
                group = list(run)
                plan = read(self.plan_ids[p])
                first, ids = int(self.unit_first[p]), self.unit_ids[p]
                secs = [plan.section(ids[g - first]) for g in group]
                for g, data in zip(group, self._fill(group, secs)):
                    got[g] = data[1]
            for k in missing:
                out[k] = got[units[k]]
        return [x for x in out if x is not None]  # every place is filled by now

    def heads_of(self, units: list[int]) -> list[tuple[str, str | None, dict]]:
        """(plan id, date, ``{"id", "label", "title"}``) of each unit, kept on the index; units
        not yet known are read plan by plan (each plan decoded once, not kept)."""
        heads = self.heads
        todo = sorted({g for g in units if g not in heads})
        read = getattr(self.plans, "read", self.plans.__getitem__)
        for p, group in itertools.groupby(todo, key=lambda g: int(self.unit_plan[g])):
            pid = self.plan_ids[p]
            plan = read(pid)
            date = plan_date(plan) or None
            first, ids = int(self.unit_first[p]), self.unit_ids[p]
            for g in group:
                sec = plan.section(ids[g - first])
                heads[g] = (pid, date, {"id": sec.id, "label": sec.label, "title": sec.title})
        return [heads[g] for g in units]

    def _fill(self, units: list[int], sections: list[Section]) -> list[tuple[Compared, np.ndarray, np.ndarray]]:
        """Compute and cache ``unit_data`` of ``units``, whose sections are ``sections``."""
        made = []
        for g, sec in zip(units, sections):
            c = compared(unit_text(sec))
            hashes = np.full(len(c.text) + 1, NO_SHINGLE, dtype=np.uint64)
            h = shingle_hashes(c.text)
            hashes[: len(h)] = h
            apart_from_heading(hashes, 0, sec.heading, NO_SHINGLE)
            offsets = np.full(len(c.text) + 1, -1, dtype=np.int32)  # a section is far shorter than 2^31
            offsets[: len(c.text)] = c.offsets
            # the offsets kept as int32, not a list of ints (a third of the memory, or less)
            hit = (Compared(c.text, offsets[: len(c.text)]), hashes, offsets)
            self._cache[g] = hit
            if len(self._cache) > CACHE_UNITS:
                self._cache.popitem(last=False)
            made.append(hit)
        return made

    def boilerplate_mask(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(is a corpus fingerprint, is boilerplate) for each hash."""
        if not len(self.u_hash):
            none = np.zeros(len(hashes), dtype=bool)
            return none, none
        k = np.minimum(np.searchsorted(self.u_hash, hashes), len(self.u_hash) - 1)
        found = self.u_hash[k] == hashes
        return found, found & (self.u_plans[k] >= self.boilerplate_min)


def reader(plans):
    """(mapping id → Plan, a function reading one plan without keeping it) of ``plans``:
    Plans, or a mapping such as the corpus's lazy one (whose ``read`` decodes)."""
    if hasattr(plans, "keys"):
        return plans, getattr(plans, "read", plans.__getitem__)
    mapping = {p.id: p for p in plans}
    return mapping, mapping.__getitem__


def member_row(found: np.ndarray, n_candidates: int) -> np.ndarray:
    """A plan's ``member`` row: the bits of the candidates ``found`` (their places) set."""
    row = np.zeros(n_candidates, dtype=bool)
    row[found] = True
    return np.packbits(row)


def read_saved(files: dict[str, Path], key: str, ids: list[str] | None,
               member: bool = False) -> tuple[tuple[dict, dict[str, np.ndarray]] | None, str]:
    """((header, arrays), "") of the saved index ``files`` (arrays mapped from disk), checked
    against ``key`` and the sorted plan ids ``ids`` (None: the header's own), or (None, why
    not, as the one line to report). ``member``: read and check ``u_member`` too."""
    names = ("u_hash", "u_plans", "u_member") if member else ("u_hash", "u_plans")
    try:
        doc = json.loads(files["head"].read_text(encoding="utf-8"))
        a = {name: np.load(files[name], mmap_mode="r", allow_pickle=False) for name in ("fp_hash", "fp_unit")}
        with np.load(files["counts"], allow_pickle=False) as z:
            a.update({name: z[name] for name in names})
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile) as e:
        # not an npy/npz, or no such array in it
        return None, f"{files['fp_hash']}: unreadable reuse cache ({type(e).__name__}); rebuilding it"
    why = _check(doc, a, key, ids)
    if not why and member:
        why = _check_member(a["u_member"], a["u_plans"], len(doc["plans"]))
    if why:
        return None, f"{files['fp_hash']}: {why}; rebuilding it"
    return (doc, a), ""


def remove_saved(cache_dir: Path, key: str) -> None:
    """Remove the saved index of ``key`` (its header first: never a header without its arrays)."""
    for f in ReuseIndex._files(cache_dir, key).values():
        try:
            f.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            return


def add_units(buckets: _Buckets, fps: list[np.ndarray], g0: int) -> None:
    """Put a plan's units' fingerprints ``fps`` into ``buckets``, its units numbered from ``g0``."""
    if fps:
        owners = [np.full(len(fp), g0 + k, dtype=np.int32) for k, fp in enumerate(fps)]
        buckets.add(np.concatenate(fps), np.concatenate(owners))


def _plan_shingles(plan: Plan) -> tuple[list[str], list[np.ndarray], np.ndarray]:
    """A plan's unit ids, each unit's distinct winnowed fingerprints, and the plan's distinct shingles."""
    ids, fps, every = [], [], []
    for sid, text in reuse_units(plan):
        h = shingle_hashes(compared(text).text)
        fps.append(np.unique(h[winnow(h)]) if len(h) else h)
        every.append(h)
        ids.append(sid)
    distinct = np.unique(np.concatenate(every)) if every else np.zeros(0, dtype=np.uint64)
    return ids, fps, distinct


class _Buckets:
    """Fingerprints (hash, unit) gathered by the top ``BUCKET_BITS`` of the hash, then sorted
    one bucket at a time and laid end to end: a sorted whole without ever sorting (or
    holding twice) all of it. With a folder the buckets are spilled to temporary files
    there and the result is written as the cache's ``.npy`` files and mapped back."""

    def __init__(self, folder: Path | None, key: str):
        self.folder, self.key = folder, key
        self.total = 0
        self.mem: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(1 << BUCKET_BITS)]
        self.spill: list[tuple] = []
        if folder is not None:
            _remove_dead_spills(folder)
            self.tmp = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}.", dir=folder))
            self.spill = [(open(self.tmp / f"{b}.h", "wb"), open(self.tmp / f"{b}.u", "wb"))
                          for b in range(1 << BUCKET_BITS)]

    def add(self, h: np.ndarray, u: np.ndarray) -> None:
        b = (h >> np.uint64(64 - BUCKET_BITS)).astype(np.intp)
        order = np.argsort(b, kind="stable")
        h, u, b = h[order], u[order], b[order]
        cut = np.searchsorted(b, np.arange((1 << BUCKET_BITS) + 1))
        for k in np.flatnonzero(np.diff(cut)).tolist():
            lo, hi = int(cut[k]), int(cut[k + 1])
            if self.spill:
                self.spill[k][0].write(h[lo:hi].tobytes())
                self.spill[k][1].write(u[lo:hi].tobytes())
            else:
                self.mem[k].append((h[lo:hi], u[lo:hi]))
        self.total += len(h)

    def bucket(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Bucket ``k``'s fingerprints sorted by hash, each hash's units in the order added
        (read back and removed from the spill: each bucket is taken once)."""
        if self.spill:
            fh, fu = self.spill[k]
            fh.close()
            fu.close()
            h = np.fromfile(fh.name, dtype=np.uint64)
            u = np.fromfile(fu.name, dtype=np.int32)
            os.unlink(fh.name)
            os.unlink(fu.name)
        else:
            parts, self.mem[k] = self.mem[k], []
            h = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.uint64)
            u = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int32)
        order = np.argsort(h, kind="stable")  # units in order within a hash, as a whole sort would
        return h[order], u[order]

    def finish(self) -> tuple[np.ndarray, np.ndarray]:
        buckets = (self.bucket(k) for k in range(1 << BUCKET_BITS))
        if self.folder is None:
            got = list(buckets)
            h = np.concatenate([b[0] for b in got]) if got else np.zeros(0, dtype=np.uint64)
            u = np.concatenate([b[1] for b in got]) if got else np.zeros(0, dtype=np.int32)
            return h, u
        files = ReuseIndex._files(self.folder, self.key)
        sorted_units = self.tmp / "units.sorted"
        with open(sorted_units, "wb") as fu:

            def hashes():
                for h, u in buckets:
                    fu.write(u.tobytes())  # in the same order, spilled again: written after
                    yield h

            _write_npy(files["fp_hash"], hashes(), np.uint64, self.total)

        def units():
            for lo in range(0, self.total, CHECK_CHUNK):
                yield np.fromfile(sorted_units, dtype=np.int32, count=min(CHECK_CHUNK, self.total - lo), offset=4 * lo)

        _write_npy(files["fp_unit"], units(), np.int32, self.total)
        return (np.load(files["fp_hash"], mmap_mode="r", allow_pickle=False),
                np.load(files["fp_unit"], mmap_mode="r", allow_pickle=False))

    def close(self) -> None:
        if self.folder is not None:
            for fh, fu in self.spill:
                fh.close()
                fu.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


SPILL_PREFIX = ".reuse-build."  # + the building process's id + a random part


def _remove_dead_spills(folder: Path) -> list[Path]:
    """Remove the spill directories that builds killed mid-way left in ``folder`` (a
    build removes its own when it ends, but not when it is killed): those whose
    process is gone. A live build's directory, anything not a plain directory of that
    name, and directories of other users' processes are left alone."""
    removed = []
    for e in os.scandir(folder):
        if not e.name.startswith(SPILL_PREFIX) or not e.is_dir(follow_symlinks=False):
            continue
        pid = e.name[len(SPILL_PREFIX):].partition(".")[0]
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        shutil.rmtree(e.path, ignore_errors=True)  # never follows a symlink inside
        removed.append(Path(e.path))
    return removed


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


class NpyOut:
    """A 1-d ``.npy`` file of ``total`` elements written piece by piece to a temporary file in
    ``path``'s directory; ``commit`` renames it over ``path`` (only if exactly ``total``
    elements were written), ``close`` removes it if it was not committed."""

    def __init__(self, path: Path, dtype, total: int):
        check_target(path)
        self.path, self.dtype, self.total, self.written = path, np.dtype(dtype), total, 0
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        self.f = os.fdopen(fd, "wb")
        np.lib.format.write_array_header_1_0(
            self.f, {"descr": np.lib.format.dtype_to_descr(self.dtype), "fortran_order": False, "shape": (total,)})

    def write(self, chunk: np.ndarray) -> None:
        self.f.write(np.ascontiguousarray(chunk, dtype=self.dtype).tobytes())
        self.written += len(chunk)

    def commit(self) -> None:
        self.f.close()
        if self.written != self.total:
            raise ValueError(f"{self.path}: {self.written} elements written, {self.total} announced")
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.path)
        self.tmp = ""

    def close(self) -> None:
        self.f.close()
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


def _write_npy(path: Path, chunks, dtype, total: int) -> None:
    """Write ``chunks`` (1-d arrays, ``total`` elements in all) as one ``.npy`` file, atomically
    (a temporary file renamed over ``path``), without joining them in memory."""
    out = NpyOut(path, dtype, total)
    try:
        for c in chunks:
            out.write(c)
        out.commit()
    finally:
        out.close()


def _count(u_hash: np.ndarray, u_plans: np.ndarray, distinct: np.ndarray) -> np.ndarray:
    """Add one plan (its ``distinct`` shingles) to the plan counts of the candidates; the
    places of the candidates it holds."""
    if not len(u_hash) or not len(distinct):
        return np.zeros(0, dtype=np.intp)
    k = np.minimum(np.searchsorted(u_hash, distinct), len(u_hash) - 1)
    found = k[u_hash[k] == distinct]
    u_plans[found] += 1
    return found


def _check(doc, a: dict[str, np.ndarray], key: str, plan_ids: list[str] | None) -> str:
    """Why a loaded cache cannot be used ("" when it can)."""
    if not isinstance(doc, dict) or doc.get("version") != VERSION or doc.get("key") != key:
        return "reuse cache of another version or corpus"
    ids, units, fps = doc.get("plans"), doc.get("units"), doc.get("fps")
    if not (isinstance(ids, list) and isinstance(units, list) and len(ids) == len(units)
            and (plan_ids is None or plan_ids == ids) and ids == sorted(set(ids))
            and all(isinstance(x, str) for x in ids)
            and all(isinstance(u, list) and all(isinstance(x, str) for x in u) for u in units)):
        return "reuse cache header does not match the corpus"
    drawn, since = doc.get("drawn"), doc.get("since")
    if not ((fps is None or (isinstance(fps, list) and len(fps) == len(ids) and all(isinstance(x, str) for x in fps)))
            and isinstance(drawn, list) and len(drawn) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in drawn)
            and isinstance(since, list) and set(since) <= set(ids)):
        return "reuse cache header is damaged"
    want = {"fp_hash": np.uint64, "fp_unit": np.int32, "u_hash": np.uint64, "u_plans": np.int32}
    for name, dtype in want.items():
        if a[name].dtype != dtype or a[name].ndim != 1:
            return f"reuse cache array {name} has the wrong type"
    n_units = sum(len(u) for u in units)
    if len(a["fp_hash"]) != len(a["fp_unit"]) or len(a["fp_hash"]) != doc.get("fingerprints"):
        return "reuse cache arrays have the wrong length"
    if len(a["u_hash"]) != len(a["u_plans"]):
        return "reuse cache arrays have the wrong length"
    fh, fu, uh = a["fp_hash"], a["fp_unit"], a["u_hash"]
    for lo in range(0, len(fh), CHECK_CHUNK):  # in pieces: the arrays are mapped from disk
        hi = min(len(fh), lo + CHECK_CHUNK + 1)
        if fu[lo:hi].min() < 0 or fu[lo:hi].max() >= n_units:
            return "reuse cache refers to units that do not exist"
        if np.any(fh[lo + 1 : hi] < fh[lo : hi - 1]):
            return "reuse cache arrays are out of order"
    if np.any(uh[1:] <= uh[:-1]):
        return "reuse cache arrays are out of order"
    if len(a["u_plans"]) and (a["u_plans"].min() < 0 or a["u_plans"].max() > len(ids)):
        return "reuse cache plan counts are out of range"  # 0: every plan holding it was removed
    return ""


def _check_member(member: np.ndarray, u_plans: np.ndarray, n_plans: int) -> str:
    """Why ``u_member`` cannot be used: its shape, or columns that do not sum to the counts."""
    if member.dtype != np.uint8 or member.shape != (n_plans, (len(u_plans) + 7) // 8):
        return "reuse cache membership has the wrong shape"
    total = np.zeros(len(u_plans), dtype=np.int64)
    for lo in range(0, n_plans, 1024):
        total += np.unpackbits(member[lo : lo + 1024], axis=1, count=len(u_plans)).sum(axis=0, dtype=np.int64)
    if not np.array_equal(total, u_plans):
        return "reuse cache membership does not match its counts"
    return ""
