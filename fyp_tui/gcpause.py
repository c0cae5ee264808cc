"""Pausing Python's cyclic garbage collector while long-lived data is loaded.

Loading the corpus or the search index builds hundreds of thousands of objects,
none of them garbage; the collector would run over them again and again (at 1,000
plans it doubled the load time). ``paused`` turns it off for the duration and then
freezes what was loaded, so later collections (while the app runs) skip it too.
"""

from __future__ import annotations

import functools
import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused(freeze: bool = True) -> Iterator[None]:
    """The collector off meanwhile; with ``freeze``, what survived lives as long as
    the process (loaded data), so later collections skip it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was:
            gc.enable()


def without_gc(fn):
    """Run ``fn`` with the collector off (nothing frozen): for work that allocates
    many objects and frees none of them as cycles (a parse, a reuse answer), where
    collections are pure overhead that grows with the input."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with paused(freeze=False):
            return fn(*args, **kwargs)

    return run
