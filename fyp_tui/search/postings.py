"""Posting lists: for each character and each character bigram, the sorted ids of
the units that contain it.

All lists live in one buffer of unsigned 32-bit ids, with ``offsets`` giving each
key's ``(start, count)``. A freshly built index holds the buffer as an ``array``; a
cached one maps the file into memory (``mmap``), so loading costs nothing and only
the lists a query touches are ever read.
"""

from __future__ import annotations

import mmap
import operator
from array import array
from collections import defaultdict, deque
from itertools import repeat
from pathlib import Path
from typing import Iterable, Sequence

_EMPTY = memoryview(array("I"))


class Postings:
    def __init__(self, offsets: dict[str, tuple[int, int]], buf: memoryview, keep=None):
        self.offsets = offsets
        self._buf = buf
        self._keep = keep  # the mmap / array the buffer views, kept alive

    @classmethod
    def build(cls, keys: Iterable[str]) -> "Postings":
        # The inner loop runs once per (unit, gram): tens of millions of times at
        # 1,000 plans, so it is written as C-level ``map`` calls (no bytecode per entry).
        lists: defaultdict[str, list[int]] = defaultdict(list)
        get = lists.__getitem__
        append = list.append
        add = operator.add
        drain = deque(maxlen=0).extend
        for uid, k in enumerate(keys):
            grams = set(k)
            grams.update(map(add, k, k[1:]))
            drain(map(append, map(get, grams), repeat(uid)))
        buf = array("I")
        offsets: dict[str, tuple[int, int]] = {}
        for g, lst in lists.items():
            offsets[g] = (len(buf), len(lst))
            buf.extend(lst)
        return cls(offsets, memoryview(buf), buf)

    def write(self, path: Path) -> None:
        with open(path, "wb") as f:
            f.write(self._buf.cast("B"))

    @classmethod
    def open(cls, path: Path, offsets: dict[str, tuple[int, int]]) -> "Postings":
        f = open(path, "rb")
        try:
            if f.seek(0, 2) == 0:
                return cls(offsets, _EMPTY)
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        finally:
            f.close()
        return cls(offsets, memoryview(mm).cast("I"), mm)

    def get(self, k: str) -> Sequence[int]:
        o = self.offsets.get(k)
        return self._buf[o[0] : o[0] + o[1]] if o else _EMPTY

    def count(self, k: str) -> int:
        o = self.offsets.get(k)
        return o[1] if o else 0

    def __contains__(self, k: str) -> bool:
        return k in self.offsets

    def nbytes(self) -> int:
        return self._buf.nbytes

    def chars(self) -> list[str]:
        """Every single character that occurs in some unit."""
        return [k for k in self.offsets if len(k) == 1]
