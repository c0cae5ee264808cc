"""Getting an index for a corpus: from this process, from the disk store, updated, or built.

The store (see ``store``) lives in ``config.cache_dir()/search`` (``FYP_CACHE_DIR``
overrides it), in a directory per set of corpus layers. Its manifest lists every
plan with its own fingerprint (``corpus.plan_fingerprint``): when the corpus has
only gained plans since, after the stored ones, only they are indexed and merged
into the stored index (``builder.extend_store``); when plans changed, went away or
came in between, only the new and changed ones are indexed and the stored index is
rewritten without the others' old units (``updater.update_store``), unless most of
the corpus is to be read again (``updater.worth``): then it is rebuilt. Builds
go straight into the store a segment at a time (``builder.build_store``: bounded
memory at any corpus size, plans decoded one at a time and not kept), then the
store is opened; only when the cache directory cannot be written is an index
built (or extended) in memory.

A store that cannot be used (a file missing, emptied, truncated, garbled or not
ours) is reported once, as one line on the ``fyp`` logger, and rebuilt. Posting
blocks are checked as queries first read them: a damaged one found then is
reported the same way, the index rebuilt from its plans, and the query run again
(``healing``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
from pathlib import Path
from typing import Callable, TypeVar

import msgspec

from .. import gcpause
from ..fsutil import atomic_write_bytes
from ..corpus import plan_fingerprint
from ..model import SCHEMA_VERSION, Plan
from . import store
from .index import INDEX_VERSION, SearchIndex

_memo: dict[str, SearchIndex] = {}
_lock = threading.RLock()
_reported: set[str] = set()
F = TypeVar("F", bound=Callable)


def plans_of(corpus) -> list[Plan]:
    """The plans of a ``Corpus``, a ``{id: Plan}`` mapping or an iterable of plans."""
    plans = getattr(corpus, "plans", corpus)
    if hasattr(plans, "values"):
        return list(plans.values())
    return list(plans)


def _fps(plans: list[Plan], origin) -> list[str]:
    origin = origin or {}
    return [plan_fingerprint(p, origin.get(p.id)) for p in plans]


def _digest(ids: list[str], fps: list[str]) -> str:
    h = hashlib.sha256(f"index {INDEX_VERSION} schema {SCHEMA_VERSION}".encode())
    if ids:  # "\n{id}\t{fp}" per plan in id order, joined at C level (10,000 updates: ~0.01 s)
        h.update(("\n" + "\n".join(map("\t".join, sorted(zip(ids, fps))))).encode())
    return h.hexdigest()[:20]


def fingerprint(corpus) -> str:
    """The corpus state (every plan's fingerprint) under this index version."""
    by_id = getattr(corpus, "plan_fingerprints", None)
    if by_id is not None:
        found = by_id()
        return _digest(list(found), list(found.values()))
    plans = plans_of(corpus)
    return _digest([p.id for p in plans], _fps(plans, getattr(corpus, "origin", None)))


def cache_root() -> Path:
    from ..config import cache_dir

    return cache_dir() / "search"


def _layers(origin) -> list[str]:
    """The layer directories the plans come from (each plan's file is LAYER/parsed/ID.json)."""
    # strings, not Path: 10,000 Path objects took 0.17 s of a fresh search (and
    # os.path.dirname 0.02 s); the folders (a few layers' parsed/) then by dirname
    folders = {p.rpartition(os.sep)[0] for p in map(os.fspath, (origin or {}).values())}
    return sorted({os.path.dirname(f) for f in folders})


def _slot(root: Path, origin, layers: list[str] | None = None) -> Path:
    """The store directory for a corpus: one per set of layer directories."""
    layers = _layers(origin) if layers is None else layers
    name = hashlib.sha256("\n".join(layers).encode()).hexdigest()[:12] if layers else "memory"
    return root / f"index-{name}"


# ---- stores of other layer sets ----------------------------------------------
LAYERS = "layers.json"  # in each store: its layer directories; its time is the store's last use
KEEP_OTHER = 1  # stores of other layer sets kept besides the one in use: the most recently used
BUSY_NS = 86_400 * 10**9  # a store with a build's temp files younger than this is being written
_SLOT_RE = re.compile(r"index-(?:[0-9a-f]{12}|memory)")


class Layers(msgspec.Struct):
    layers: list[str]


def _mark(slot: Path, layers: list[str]) -> None:
    """Record the store's layers (once) and that it was used now."""
    path = slot / LAYERS
    try:
        if _read_layers(slot) == layers:
            os.utime(path)
        elif slot.is_dir():
            atomic_write_bytes(path, msgspec.json.encode(Layers(layers)))
    except OSError:
        pass  # a cache that cannot be written


def _read_layers(slot: Path) -> list[str] | None:
    try:
        return msgspec.json.decode((slot / LAYERS).read_bytes(), type=Layers).layers
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None


def _last_use(slot: Path) -> int:
    for name in (LAYERS, store.MANIFEST):
        try:
            return os.stat(slot / name, follow_symlinks=False).st_mtime_ns
        except OSError:
            pass
    return 0


def _busy(slot: Path, now: int) -> bool:
    """A build or update is (or may still be) writing this store."""
    try:
        return any((e.name.startswith(".build-") or e.name.endswith((".part", ".tmp")))
                   and now - e.stat(follow_symlinks=False).st_mtime_ns < BUSY_NS for e in os.scandir(slot))
    except OSError:
        return True


def sweep(root: Path, current: Path) -> list[Path]:
    """Remove the stores of other layer sets that no longer match: those whose layer
    directories are gone (they can never be used again), and all but the
    ``KEEP_OTHER`` most recently used of the rest (a corpus whose layer set changed
    leaves its old store behind: 2.5 GB at 10,000 plans). Only directories named
    as stores and holding only store files are removed (``store.discard``); one
    being written is left alone. Returns the stores removed."""
    import time

    now = time.time_ns()
    removed: list[Path] = []
    others: list[tuple[int, Path]] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for e in entries:
        if e.name.startswith(".trash-index-") and e.is_dir(follow_symlinks=False):
            store.finish_discard(Path(e.path))  # left by a process killed while removing it
            continue
        if not _SLOT_RE.fullmatch(e.name) or not e.is_dir(follow_symlinks=False) or e.name == current.name:
            continue
        slot = Path(e.path)
        if _busy(slot, now):
            continue
        layers = _read_layers(slot)
        if layers is not None and not all(os.path.isdir(d) for d in layers):
            if store.discard(slot):
                removed.append(slot)
        else:
            others.append((_last_use(slot), slot))
    for _, slot in sorted(others, reverse=True)[KEEP_OTHER:]:
        if store.discard(slot):
            removed.append(slot)
    return removed


def report(problem: str) -> None:
    """One line, once per problem and process."""
    if problem not in _reported:
        _reported.add(problem)
        import logging  # only when something is wrong: ~3.5 ms of every fresh search otherwise

        logging.getLogger("fyp").warning("fyp: search index damaged, rebuilt: %s", problem)


def get_index(corpus, cache_dir: Path | None = None, rebuild: bool = False) -> SearchIndex:
    """The index of ``corpus``'s plans, with the plans attached for snippets.

    Slow only the first time for a corpus (a build, then saved) and when plans were
    added (an update); call it from a worker thread in the app.
    """
    origin = getattr(corpus, "origin", None)
    by_id = getattr(corpus, "plan_fingerprints", None)
    if by_id is not None:  # a Corpus: fingerprints from its manifest, no plan decoded
        found = by_id()
        ids, fps = list(found), list(found.values())
        mapping = corpus.plans
    else:
        plans = plans_of(corpus)
        ids, fps = [p.id for p in plans], _fps(plans, origin)
        mapping = {p.id: p for p in plans}
    fp = _digest(ids, fps)
    with _lock:
        index = None if rebuild else _memo.get(fp)
        if index is None:
            root = Path(cache_dir) if cache_dir else cache_root()
            layers = _layers(origin)
            slot = _slot(root, origin, layers)
            index = _load_or_build(mapping, ids, fps, fp, slot, rebuild)
            _memo.clear()
            _memo[fp] = index
            if index.__dict__.get("_store") is not None:
                _mark(slot, layers)
                store.clear_abandoned(slot)  # a build cut short here before
                sweep(root, slot)
        attach(index, mapping)
        return index


def attach(index: SearchIndex, plans) -> None:
    """Give ``index`` its plans (for snippets): a ``{id: Plan}`` mapping, kept as is
    (a lazy ``corpus.LazyPlans`` decodes only the plans a result shows), or plans."""
    index.corpus = plans if hasattr(plans, "keys") else {p.id: p for p in plans}
    for name in ("_plans", "_shown", "_headings_shown"):  # snippets of the plans attached before
        index.__dict__.pop(name, None)


def _load_or_build(mapping, ids: list[str], fps: list[str], fp: str, slot: Path, rebuild: bool) -> SearchIndex:
    index = None
    if not rebuild:
        try:
            index = SearchIndex.load(slot)
        except FileNotFoundError:
            pass
        except store.Outdated:
            store.remove(slot)
        except store.Damaged as e:
            report(str(e))
            store.remove(slot)
    if index is not None:
        # the same plans in the same order (the usual case) compare as two lists, at C level
        same = index.plan_fps == fps and [p.id for p in index.plans] == ids
        stored, current = {}, {}
        if not same:
            stored, current = dict(zip((p.id for p in index.plans), index.plan_fps)), dict(zip(ids, fps))
        if same or stored == current:
            try:  # once per file change: parts read back whole are trusted while unchanged
                index.__dict__.pop("_opened").verify()
            except store.Damaged as e:
                report(str(e))
                store.remove(slot)
                return _build(mapping, ids, fps, fp, slot)
            index.__dict__["_store"] = slot
            return index
        from . import builder, updater  # only to write: a search of a saved index never imports them

        order = [p.id for p in index.plans]
        if ids[: len(order)] == order and all(current[pid] == f for pid, f in stored.items()):
            added = ids[len(order) :]  # plans were only added, after the stored ones
            plans = [mapping[pid] for pid in added]
            try:
                with gcpause.paused():
                    builder.extend_store(slot, index, plans, fps[len(order) :], fp)
                return _opened(slot)
            except store.Damaged as e:  # the stored part was found damaged as it was copied
                report(str(e))
                store.remove(slot)
            except OSError:  # a cache that cannot be written: extend in memory
                with gcpause.paused():
                    return index.extend(plans, fps[len(order) :], fp)
        elif updater.worth(index, ids, fps):  # plans changed, went away or came in between
            try:
                with gcpause.paused():
                    updater.update_store(slot, index, ids, fps, builder.plans_reader(mapping), fp)
                return _opened(slot)
            except store.Damaged as e:
                report(str(e))
                store.remove(slot)
            except OSError:  # a cache that cannot be written: built in memory (below)
                pass
    return _build(mapping, ids, fps, fp, slot)


def _build(mapping, ids: list[str], fps: list[str], fp: str, slot: Path) -> SearchIndex:
    """Build into the store segment by segment (bounded memory), then open it; in
    memory when the cache directory cannot be written."""
    from . import builder

    try:
        with gcpause.paused():  # millions of allocations, none garbage
            builder.build_store(slot, ids, builder.plans_reader(mapping), fps, fp)
        return _opened(slot)
    except OSError:
        with gcpause.paused():
            return SearchIndex.build([mapping[pid] for pid in ids], fp, fps)


def _opened(slot: Path) -> SearchIndex:
    """The store just written, opened, with the tables a query must not build (they
    would import pypinyin or OpenCC) written beside it."""
    from .phrases import phrases_of
    from .simplified import changed_of

    index = SearchIndex.load(slot)
    index.__dict__["_store"] = slot
    phrases_of(index)
    changed_of(index)
    return index


def repair(index: SearchIndex) -> None:
    """Rebuild ``index`` in place from its attached plans (a damaged block was read)."""
    with _lock:
        ids = [p.id for p in index.plans]
        slot = index.__dict__.get("_store")
        if slot is not None:
            store.remove(slot)
            fresh = _build(index.corpus, ids, index.plan_fps, index.fingerprint, slot)
        else:
            fresh = SearchIndex.build([index.corpus[i] for i in ids], index.fingerprint, index.plan_fps)
        fresh.corpus = index.corpus
        fresh.__dict__.pop("_tables", None)  # keeps its tables in fresh's own dict: built again as needed
        index.__dict__.clear()
        index.__dict__.update(fresh.__dict__)


def healing(fn: F) -> F:
    """Run ``fn(index, …)``; if it reads a damaged block, report, repair, run again.
    Afterwards the store's pages the query mapped in are dropped from the process if
    they have grown past their share (``SearchIndex.settle``)."""
    @functools.wraps(fn)
    def run(index, *args, **kwargs):
        try:
            return fn(index, *args, **kwargs)
        except store.Damaged as e:
            if not index.corpus:
                raise
            report(str(e))
            repair(index)
            return fn(index, *args, **kwargs)
        finally:
            index.settle()

    return run  # type: ignore[return-value]
