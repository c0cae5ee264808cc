"""Getting an index for a corpus: from this process, from the disk cache, or built.

The cache lives in ``config.cache_dir()/search`` (``FYP_CACHE_DIR`` overrides it),
one ``index-<fingerprint>.idx/.post`` pair per corpus state. The fingerprint covers
the schema and index versions and, per plan, its id, source hash and either its
parsed file's size and time (plans loaded from disk) or a digest of its text
(plans built in memory), so a re-parsed or edited plan rebuilds the index. Only the
newest few index files are kept.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Iterable

from ..model import SCHEMA_VERSION, Plan
from .index import INDEX_VERSION, SearchIndex
from .units import plan_units

KEEP = 3  # index versions kept on disk
_memo: dict[str, SearchIndex] = {}
_lock = threading.Lock()


def plans_of(corpus) -> list[Plan]:
    """The plans of a ``Corpus``, a ``{id: Plan}`` mapping or an iterable of plans."""
    plans = getattr(corpus, "plans", corpus)
    if isinstance(plans, dict):
        return list(plans.values())
    return list(plans)


def fingerprint(corpus) -> str:
    origin = getattr(corpus, "origin", {}) or {}
    h = hashlib.sha256(f"schema {SCHEMA_VERSION} index {INDEX_VERSION}".encode())
    for plan in plans_of(corpus):
        h.update(f"\n{plan.id}\t{plan.source_sha256}\t{plan.chars}\t".encode())
        path = origin.get(plan.id)
        try:
            st = Path(path).stat() if path else None
        except OSError:
            st = None
        if st is not None:
            h.update(f"{path}\t{st.st_size}\t{st.st_mtime_ns}".encode())
        else:
            for sid, block, item, text in plan_units(plan):
                h.update(f"{sid}/{block}/{item}\t{text}\n".encode())
    return h.hexdigest()[:20]


def cache_root() -> Path:
    from ..config import cache_dir

    return cache_dir() / "search"


def get_index(corpus, cache_dir: Path | None = None, rebuild: bool = False) -> SearchIndex:
    """The index of ``corpus``'s plans, with the plans attached for snippets.

    Slow only the first time for a corpus state (a build, then saved); call it from a
    worker thread in the app. A cache that cannot be read or written is ignored.
    """
    plans = plans_of(corpus)
    fp = fingerprint(corpus)
    with _lock:
        index = None if rebuild else _memo.get(fp)
        if index is None:
            index = _load_or_build(plans, fp, Path(cache_dir) if cache_dir else cache_root(), rebuild)
            _memo.clear()
            _memo[fp] = index
        attach(index, plans)
        return index


def attach(index: SearchIndex, plans: Iterable[Plan]) -> None:
    index.corpus = {p.id: p for p in plans}
    index.__dict__.pop("_sections", None)


def _load_or_build(plans: list[Plan], fp: str, root: Path, rebuild: bool) -> SearchIndex:
    stem = root / f"index-{fp}"
    if not rebuild and stem.with_suffix(".idx").exists():
        try:
            index = SearchIndex.load(stem)
            if index.fingerprint == fp and [p.id for p in index.plans] == [p.id for p in plans]:
                return index
        except Exception:  # a truncated or foreign file: build afresh
            pass
    index = SearchIndex.build(plans, fp)
    try:
        root.mkdir(parents=True, exist_ok=True)
        index.save(stem)
        _prune(root)
    except OSError:
        pass
    return index


def _prune(root: Path) -> None:
    idx = sorted(root.glob("index-*.idx"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in idx[KEEP:]:
        for f in (old, old.with_suffix(".post")):
            try:
                f.unlink()
            except OSError:
                pass
