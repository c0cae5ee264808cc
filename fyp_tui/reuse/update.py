"""Bringing a saved reuse index up to date when plans were added, changed or removed.

A saved index's header lists each plan's corpus fingerprint (``corpus.plan_fingerprint``).
When nothing is saved under the corpus's key, ``updated`` looks in the cache directory for
a saved index (the *base*) that shares plans with the corpus and whose boilerplate
candidates still cover the corpus (``covers``), and derives the new index from it:

* plans whose fingerprint is unchanged keep their unit ids and fingerprints, renumbered
  (units are numbered in plan id order, as a build numbers them); removed and changed
  plans are dropped, added and changed ones read (each once, decoded and not kept);
* the fingerprint arrays are merged bucket by bucket (the 64 buckets of the build, by the
  hash's top bits), a bucket in pieces of ``MERGE_CHUNK``: the base's pairs (mapped from
  disk) renumbered, those of dropped plans left out, the new plans' pairs (spilled by
  bucket) inserted at their places in (hash, unit) order, and the result written to new
  ``.npy`` files (atomically), so memory holds a piece and the new plans' pairs;
* the candidates' plan counts: the dropped plans' ``member`` rows taken off, the new
  plans counted; the boilerplate threshold follows the new plan count (the index's
  ``boilerplate_min`` is computed from its plans).

So arrays, unit ids and the counts of the candidates are exactly what a build of the same
corpus gives; only the candidate set may differ (next paragraph), and it never changes an
answer while both sets hold every boilerplate shingle.

The candidates are not drawn again: they come from the build's sample of the corpus it
was given (``drawn`` = that corpus's plan count n0, the sample's size, and ``least``,
the sample count that made a candidate). A shingle in half of the n plans now is in at
least ``floor = boilerplate_min(n) − since`` plans of the drawn corpus (``since``: plans
added or changed after the build). The base is used only while

* exact build (the sample was the whole corpus, n0 ≤ ``SAMPLE``; ``least`` a quarter of
  it): ``floor ≥ least`` — every boilerplate shingle is then a candidate, for certain;
  about n0/2 plans can be added;
* sampled build: ``floor ≥ SHARE · n0`` — a shingle in 45 % of the drawn corpus falls
  below a quarter of an s-plan sample with probability under e^(-0.086 s) (Chernoff,
  s · KL(0.25 ‖ 0.45)), against e^(-0.131 s) for a fresh build's 50 %: e^-17 against
  e^-26 for s = 200, e^-8.7 against e^-13 for the smallest sample (101 plans, a corpus of
  201); about n0/10 plans added (or removed, or changed) since the build.

Past that the index is built again, which draws the candidates again. The base's files are
removed once the new index is saved (its corpus state is gone); a base whose files are
damaged is reported in one line, removed, and the index built.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..model import SCHEMA_VERSION
from .index import (BUCKET_BITS, VERSION, NpyOut, ReuseIndex, _Buckets, _count, _plan_shingles, add_units,
                    boilerplate_min, member_row, read_saved, reader, remove_saved)

SHARE = 0.45  # of the drawn corpus: the least a boilerplate shingle may be in for a sampled base
MERGE_CHUNK = 1 << 20  # pairs of the base merged at a time


def covers(n_plans: int, since: int, drawn: tuple[int, int, int]) -> bool:
    """Whether candidates drawn as ``drawn`` (plans, sample, least) hold every boilerplate
    shingle of a corpus of ``n_plans`` plans, ``since`` of them added or changed since."""
    n0, sample, least = drawn
    floor = boilerplate_min(n_plans) - since
    if sample >= n0:
        return floor >= least
    return floor >= SHARE * n0


def updated(folder: Path, key: str, plans, fps: dict[str, str]) -> tuple[ReuseIndex | None, str]:
    """(the index of ``plans`` derived from a base saved in ``folder``, "") or (None, why not:
    "" when there is no usable base, else the one line to report)."""
    ids = sorted(fps)
    doc = _best_base(folder, key, ids, fps)
    if doc is None:
        return None, ""
    files = ReuseIndex._files(folder, doc["key"])
    got, why = read_saved(files, doc["key"], None, member=True)
    if got is None:
        remove_saved(folder, doc["key"])
        return None, why
    doc, a = got
    if doc["fps"] is None:  # rewritten since it was chosen
        return None, ""
    try:
        return _update(doc, a, plans, key, folder, fps), ""
    except OSError as e:
        return None, f"{files['fp_hash']}: could not update the reuse cache ({e.strerror or e}); rebuilding it"


def _best_base(folder: Path, key: str, ids: list[str], fps: dict[str, str]) -> dict | None:
    """The saved header sharing most plans with the corpus among those that cover it."""
    mine = ReuseIndex._files(folder, key)["head"]
    best: tuple[tuple[int, str], dict] | None = None
    for head in folder.glob("reuse-*.json"):
        if head == mine:
            continue
        try:
            doc = json.loads(head.read_text(encoding="utf-8"))
            if (not isinstance(doc, dict) or doc.get("version") != VERSION or doc.get("schema") != SCHEMA_VERSION
                    or not isinstance(doc.get("fps"), list) or ReuseIndex._files(folder, doc["key"])["head"] != head):
                continue  # another version's, or not a base (built without fingerprints)
            old = dict(zip(doc["plans"], doc["fps"], strict=True))
            kept = {pid for pid in ids if old.get(pid) == fps[pid]}
            since = len(set(doc["since"]) & kept) + len(ids) - len(kept)
            if not kept or not covers(len(ids), since, tuple(doc["drawn"])):
                continue
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue  # unreadable: not known to be a base; its own corpus reports it when loaded
        work = (len(ids) - len(kept) + len(old) - len(kept), head.name)
        if best is None or work < best[0]:
            best = (work, doc)
    return None if best is None else best[1]


def _update(doc: dict, a: dict[str, np.ndarray], plans, key: str, folder: Path, fps: dict[str, str]) -> ReuseIndex:
    mapping, read = reader(plans)
    ids = sorted(mapping)
    at = {pid: k for k, pid in enumerate(doc["plans"])}
    old_fps, old_units = doc["fps"], doc["units"]
    kept = {pid for pid in ids if pid in at and old_fps[at[pid]] == fps[pid]}
    gone = [k for k, pid in enumerate(doc["plans"]) if pid not in kept]
    u_hash, old_member = np.asarray(a["u_hash"]), a["u_member"]
    n_cand = len(u_hash)
    u_plans = a["u_plans"].astype(np.int64)
    for k in gone:
        u_plans -= np.unpackbits(old_member[k], count=n_cand)
    first = np.concatenate([[0], np.cumsum([len(u) for u in old_units])]).astype(np.int64)
    remap = np.full(int(first[-1]), -1, dtype=np.int32)  # base unit → its number now (-1: dropped)
    member = np.zeros((len(ids), old_member.shape[1]), dtype=np.uint8)
    unit_ids: list[list[str]] = []
    g0 = 0
    buckets = _Buckets(folder, key)
    try:
        for p, pid in enumerate(ids):
            if pid in kept:
                k = at[pid]
                lo, hi = int(first[k]), int(first[k + 1])
                remap[lo:hi] = np.arange(g0, g0 + hi - lo, dtype=np.int32)
                member[p] = old_member[k]
                unit_ids.append(old_units[k])
            else:
                uids, ufps, distinct = _plan_shingles(read(pid))
                member[p] = member_row(_count(u_hash, u_plans, distinct), n_cand)
                add_units(buckets, ufps, g0)
                unit_ids.append(uids)
            g0 += len(unit_ids[-1])
        fp_hash, fp_unit = _merge(a["fp_hash"], a["fp_unit"], remap, bool(gone), buckets,
                                  ReuseIndex._files(folder, key))
    finally:
        buckets.close()
    index = ReuseIndex(mapping, ids, unit_ids, fp_hash, fp_unit, u_hash, u_plans.astype(np.int32), key)
    index._saved, index._base = str(folder), doc["key"]
    index.member, index.drawn = member, tuple(doc["drawn"])
    index.since = sorted((set(doc["since"]) & kept) | (set(ids) - kept))
    return index


def _merge(old_h: np.ndarray, old_u: np.ndarray, remap: np.ndarray, dropped: bool, buckets: _Buckets,
           files: dict[str, Path]) -> tuple[np.ndarray, np.ndarray]:
    """The base's (hash, unit) pairs renumbered by ``remap`` (those mapped to -1 left out) and
    the new pairs of ``buckets``, in (hash, unit) order, written as ``files``' arrays and
    mapped back."""
    kept = len(old_h)
    if dropped:
        kept = sum(int(np.count_nonzero(remap[old_u[lo : lo + MERGE_CHUNK]] >= 0))
                   for lo in range(0, len(old_u), MERGE_CHUNK))
    total = kept + buckets.total
    shift = np.uint64(64 - BUCKET_BITS)
    starts = np.searchsorted(old_h, np.arange(1 << BUCKET_BITS, dtype=np.uint64) << shift).tolist()
    ends = starts[1:] + [len(old_h)]
    out_h, out_u = NpyOut(files["fp_hash"], np.uint64, total), NpyOut(files["fp_unit"], np.int32, total)
    try:
        for b in range(1 << BUCKET_BITS):
            nh, nu = buckets.bucket(b)
            lo, end, t = starts[b], ends[b], 0  # t: the new pairs written so far
            while lo < end:
                hi = min(end, lo + MERGE_CHUNK)
                if hi < end:  # never cut a hash's pairs: its old and new units are ordered together
                    hi = lo + int(np.searchsorted(old_h[lo:end], old_h[hi - 1], "right"))
                oh, ou = np.asarray(old_h[lo:hi]), remap[old_u[lo:hi]]
                if dropped:
                    keep = ou >= 0
                    oh, ou = oh[keep], ou[keep]
                stop = len(nh) if hi == end else t + int(np.searchsorted(nh[t:], old_h[hi], "left"))
                h, u = _merged(oh, ou, nh[t:stop], nu[t:stop])
                out_h.write(h)
                out_u.write(u)
                lo, t = hi, stop
            out_h.write(nh[t:])
            out_u.write(nu[t:])
        out_h.commit()
        out_u.commit()
    finally:
        out_h.close()
        out_u.close()
    return (np.load(files["fp_hash"], mmap_mode="r", allow_pickle=False),
            np.load(files["fp_unit"], mmap_mode="r", allow_pickle=False))


def _merged(oh: np.ndarray, ou: np.ndarray, nh: np.ndarray, nu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two runs of pairs sorted by (hash, unit), never sharing a pair, merged in that order."""
    if not len(nh):
        return oh, ou
    pos = np.searchsorted(oh, nh, "left")
    tie = np.searchsorted(oh, nh, "right") > pos
    if tie.any():  # the hash has old pairs too: its place among them by unit
        rank = np.concatenate([[0], np.cumsum(oh[1:] != oh[:-1])])  # the old hash's place among the distinct
        key_o = (rank << 32) | ou.astype(np.int64)
        pos[tie] = np.searchsorted(key_o, (rank[pos[tie]] << 32) | nu[tie].astype(np.int64), "left")
    return np.insert(oh, pos, nh), np.insert(ou, pos, nu)
