"""Pausing Python's cyclic garbage collector while long-lived data is loaded.

Loading the corpus or the search index builds hundreds of thousands of objects,
none of them garbage; the collector would run over them again and again (at 1,000
plans it doubled the load time). ``paused`` turns it off for the duration and then
freezes what was loaded, so later collections (while the app runs) skip it too.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what survived loading lives as long as the process
        if was:
            gc.enable()
