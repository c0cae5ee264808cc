"""The corpus-wide reuse index: winnowed shingle fingerprints of every unit of every plan.

Units are the alignment units (``align.units.plan_units``: 节, 建议 items, 序言…);
a unit's text is its ``Section.full_text()``. For each unit the index keeps the
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
sample is the corpus and the counts are exact outright.

Saved to the cache directory as ``reuse-<key>.npz`` (plain arrays, loaded with
``allow_pickle=False``) plus a JSON header (version, corpus key, plan ids, unit ids);
on load every array's dtype, length, order and range is checked, and anything wrong
means "rebuild", with the reason kept in ``problem`` for the caller to report once.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..fsutil import atomic_write_bytes, atomic_write_text
from ..gcpause import paused
from ..model import Plan, Section
from .text import MIN_CHARS, Compared, compared, shingle_hashes, winnow

VERSION = 3  # 3: a table's caption once in a section's text (it was twice)
NO_SHINGLE = np.uint64(2**64 - 1)  # a position where no shingle starts (in padded hash arrays)
SAMPLE = 200  # plans whose shingles propose the boilerplate candidates
CACHE_UNITS = 50_000  # compared texts and full hash arrays kept in memory (LRU)


def plan_date(plan: Plan) -> str:
    """Issued date, else adopted; "" when the plan has neither."""
    return plan.meta.issued or plan.meta.adopted or ""


def boilerplate_min(n_plans: int) -> int:
    return max(3, math.ceil(n_plans / 2))


class ReuseIndex:
    def __init__(self, plans: dict[str, Plan], plan_ids: list[str], unit_ids: list[list[str]],
                 fp_hash: np.ndarray, fp_unit: np.ndarray, u_hash: np.ndarray, u_plans: np.ndarray, key: str = ""):
        self.plans = plans
        self.plan_ids = plan_ids
        self.unit_ids = unit_ids  # per plan, in reading order
        self.unit_plan = np.repeat(np.arange(len(plan_ids), dtype=np.int32), [len(u) for u in unit_ids])
        self.unit_first = np.concatenate([[0], np.cumsum([len(u) for u in unit_ids])]).astype(np.int64)
        self.fp_hash, self.fp_unit = fp_hash, fp_unit
        self.u_hash, self.u_plans = u_hash, u_plans
        self.key = key
        self.boilerplate_min = boilerplate_min(len(plan_ids))
        self.problem = ""  # why a cached index was not used, if it was not
        self._plan_index = {pid: k for k, pid in enumerate(plan_ids)}
        self._cache: OrderedDict[int, tuple[Compared, np.ndarray, np.ndarray]] = OrderedDict()

    # -- building --------------------------------------------------------------
    @classmethod
    def build(cls, plans, key: str = "") -> ReuseIndex:
        with paused():  # long-lived arrays and lists, no cyclic garbage
            return cls._build(plans, key)

    @classmethod
    def _build(cls, plans, key: str) -> ReuseIndex:
        from ..align.units import plan_units

        by_id = {p.id: p for p in plans}
        plan_ids = sorted(by_id)
        n = len(plan_ids)
        bmin = boilerplate_min(n)
        sample = plan_ids[:: max(1, math.ceil(n / SAMPLE))]
        # a candidate is in a quarter of the sample (exactly the boilerplate when the sample is the corpus)
        least = bmin if len(sample) == n else max(1, math.ceil(len(sample) / 4))
        done: dict[str, tuple[list[str], list[np.ndarray]]] = {}
        seen: list[np.ndarray] = []  # the sample's distinct shingles, one array per plan
        u_hash = np.zeros(0, dtype=np.uint64)
        u_plans = np.zeros(0, dtype=np.int64)
        in_sample = set(sample)
        for pid in sample + [p for p in plan_ids if p not in in_sample]:
            ids, fps, every = [], [], []
            for u in plan_units(by_id[pid]):
                h = shingle_hashes(compared(u.text).text)
                fps.append(np.unique(h[winnow(h)]) if len(h) else h)
                every.append(h)
                ids.append(u.id)
            done[pid] = (ids, fps)
            distinct = np.unique(np.concatenate(every)) if every else np.zeros(0, dtype=np.uint64)
            if len(seen) < len(sample):
                seen.append(distinct)
                if len(seen) == len(sample):
                    allp = np.concatenate(seen) if seen else np.zeros(0, dtype=np.uint64)
                    u_hash, u_plans = np.unique(allp, return_counts=True)
                    keep = u_plans >= least
                    u_hash, u_plans = u_hash[keep], u_plans[keep].astype(np.int64)
                    if len(sample) < n:
                        u_plans[:] = 0  # counted again, exactly, over every plan
                        for d in seen:
                            _count(u_hash, u_plans, d)
                    seen = [np.zeros(0, dtype=np.uint64)] * len(sample)  # done with: free them
            else:
                _count(u_hash, u_plans, distinct)
        unit_ids = [done[pid][0] for pid in plan_ids]
        hashes = [fp for pid in plan_ids for fp in done[pid][1]]
        owners = [np.full(len(fp), g, dtype=np.int32) for g, fp in enumerate(hashes)]
        fp_hash = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
        fp_unit = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int32)
        order = np.argsort(fp_hash, kind="stable")
        return cls(by_id, plan_ids, unit_ids, fp_hash[order], fp_unit[order], u_hash, u_plans.astype(np.int32), key)

    @classmethod
    def for_corpus(cls, corpus, cache_dir: Path | None = None) -> ReuseIndex:
        """The corpus's index: from ``cache_dir`` when a valid one is there, else built (and saved)."""
        key = corpus.fingerprint()
        problem = ""
        if cache_dir is not None:
            loaded, problem = cls.load(cache_dir, key, corpus.plans)
            if loaded is not None:
                return loaded
        index = cls.build(corpus.plans.values(), key)
        index.problem = problem
        if cache_dir is not None:
            index.save(cache_dir)
        return index

    # -- disk ------------------------------------------------------------------
    @staticmethod
    def _files(cache_dir: Path, key: str) -> tuple[Path, Path]:
        stem = f"reuse-{key[:16]}"
        return cache_dir / f"{stem}.json", cache_dir / f"{stem}.npz"

    def save(self, cache_dir: Path) -> None:
        import io

        head, arrays = self._files(cache_dir, self.key)
        buf = io.BytesIO()
        np.savez(buf, fp_hash=self.fp_hash, fp_unit=self.fp_unit, u_hash=self.u_hash, u_plans=self.u_plans)
        doc = {"version": VERSION, "key": self.key, "plans": self.plan_ids, "units": self.unit_ids,
               "fingerprints": len(self.fp_hash)}
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(arrays, buf.getvalue())
            atomic_write_text(head, json.dumps(doc, ensure_ascii=False))
        except OSError:
            pass  # a cache that cannot be written is only a slower next start

    @classmethod
    def load(cls, cache_dir: Path, key: str, plans: dict[str, Plan]) -> tuple[ReuseIndex | None, str]:
        """(index, "") from the cache, or (None, why not) — "" when there is simply none yet."""
        head, arrays = cls._files(cache_dir, key)
        if not head.exists() and not arrays.exists():
            return None, ""
        try:
            doc = json.loads(head.read_text(encoding="utf-8"))
            with np.load(arrays, allow_pickle=False) as z:
                a = {name: z[name] for name in ("fp_hash", "fp_unit", "u_hash", "u_plans")}
        except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile) as e:
            # not an npz, or no such array in it
            return None, f"{arrays}: unreadable reuse cache ({type(e).__name__}); rebuilding it"
        why = _check(doc, a, key, plans)
        if why:
            return None, f"{arrays}: {why}; rebuilding it"
        return cls(plans, doc["plans"], doc["units"], a["fp_hash"], a["fp_unit"], a["u_hash"], a["u_plans"], key), ""

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
            c = compared(self.unit(g)[1].full_text())
            hashes = np.full(len(c.text) + 1, NO_SHINGLE, dtype=np.uint64)
            h = shingle_hashes(c.text)
            hashes[: len(h)] = h
            offsets = np.full(len(c.text) + 1, -1, dtype=np.int32)  # a section is far shorter than 2^31
            offsets[: len(c.text)] = c.offsets
            hit = (c, hashes, offsets)
            self._cache[g] = hit
            if len(self._cache) > CACHE_UNITS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(g)
        return hit

    def boilerplate_mask(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(is a corpus fingerprint, is boilerplate) for each hash."""
        if not len(self.u_hash):
            none = np.zeros(len(hashes), dtype=bool)
            return none, none
        k = np.minimum(np.searchsorted(self.u_hash, hashes), len(self.u_hash) - 1)
        found = self.u_hash[k] == hashes
        return found, found & (self.u_plans[k] >= self.boilerplate_min)


def _count(u_hash: np.ndarray, u_plans: np.ndarray, distinct: np.ndarray) -> None:
    """Add one plan (its ``distinct`` shingles) to the plan counts of the candidates."""
    if not len(u_hash) or not len(distinct):
        return
    k = np.minimum(np.searchsorted(u_hash, distinct), len(u_hash) - 1)
    u_plans[k[u_hash[k] == distinct]] += 1


def _check(doc, a: dict[str, np.ndarray], key: str, plans: dict[str, Plan]) -> str:
    """Why a loaded cache cannot be used ("" when it can)."""
    if not isinstance(doc, dict) or doc.get("version") != VERSION or doc.get("key") != key:
        return "reuse cache of another version or corpus"
    ids, units = doc.get("plans"), doc.get("units")
    if not (isinstance(ids, list) and isinstance(units, list) and len(ids) == len(units)
            and sorted(plans) == ids
            and all(isinstance(u, list) and all(isinstance(x, str) for x in u) for u in units)):
        return "reuse cache header does not match the corpus"
    want = {"fp_hash": np.uint64, "fp_unit": np.int32, "u_hash": np.uint64, "u_plans": np.int32}
    for name, dtype in want.items():
        if a[name].dtype != dtype or a[name].ndim != 1:
            return f"reuse cache array {name} has the wrong type"
    n_units = sum(len(u) for u in units)
    if len(a["fp_hash"]) != len(a["fp_unit"]) or len(a["fp_hash"]) != doc.get("fingerprints"):
        return "reuse cache arrays have the wrong length"
    if len(a["u_hash"]) != len(a["u_plans"]):
        return "reuse cache arrays have the wrong length"
    if len(a["fp_unit"]) and (a["fp_unit"].min() < 0 or a["fp_unit"].max() >= n_units):
        return "reuse cache refers to units that do not exist"
    fh, uh = a["fp_hash"], a["u_hash"]
    if np.any(fh[1:] < fh[:-1]) or np.any(uh[1:] <= uh[:-1]):
        return "reuse cache arrays are out of order"
    if len(a["u_plans"]) and (a["u_plans"].min() < 1 or a["u_plans"].max() > len(ids)):
        return "reuse cache plan counts are out of range"
    return ""
