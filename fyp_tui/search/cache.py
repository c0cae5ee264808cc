"""Getting an index for a corpus: from this process, from the disk cache, or built.

The cache lives in ``config.cache_dir()/search`` (``FYP_CACHE_DIR`` overrides it),
one ``index-<fingerprint>.idx/.post`` pair per corpus state. The fingerprint is
the corpus state (``fyp_tui.corpus.plans_fingerprint``: a re-parsed or edited plan
changes it) under the index version. Only the
newest few index files are kept.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Iterable

from .. import gcpause
from ..corpus import plans_fingerprint
from ..model import Plan
from .index import INDEX_VERSION, SearchIndex

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
    """The corpus state (``corpus.plans_fingerprint``) under this index version."""
    state = plans_fingerprint(plans_of(corpus), getattr(corpus, "origin", None))
    return hashlib.sha256(f"index {INDEX_VERSION} {state}".encode()).hexdigest()[:20]


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
    with gcpause.paused():  # millions of allocations, none garbage; the index then lives on
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
