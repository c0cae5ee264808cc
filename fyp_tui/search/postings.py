"""Posting lists: for each character and each character bigram, the sorted ids of
the units that contain it.

All lists live in one buffer of unsigned 32-bit ids. ``keys`` numbers the grams
and ``pos`` holds, for gram number i, its list's start and length at ``2i`` and
``2i + 1``. A freshly built index holds the buffer as an ``array``; a stored one
maps the file into memory (``store.Checked``), so loading costs nothing, only the
lists a query touches are ever read, and each block is checked against its
checksum the first time a list in it is read.
"""

from __future__ import annotations

import operator
from array import array
from collections import defaultdict, deque
from itertools import repeat
from typing import Iterable, Iterator, Sequence

_EMPTY = memoryview(array("I"))


class Postings:
    def __init__(self, keys: dict[str, int], pos: Sequence[int], buf: memoryview, checked=None):
        self.keys = keys
        self.pos = pos
        self._buf = buf
        self._checked = checked  # a store.Checked verifying blocks on first read (None: built here)

    @classmethod
    def build(cls, keys: Iterable[str], first: int = 0) -> "Postings":
        """The postings of ``keys`` (unit ``first`` + i holds ``keys[i]``)."""
        # The inner loop runs once per (unit, gram): tens of millions of times at
        # 1,000 plans, so it is written as C-level ``map`` calls (no bytecode per entry).
        lists: defaultdict[str, list[int]] = defaultdict(list)
        get = lists.__getitem__
        append = list.append
        add = operator.add
        drain = deque(maxlen=0).extend
        for uid, k in enumerate(keys, first):
            grams = set(k)
            grams.update(map(add, k, k[1:]))
            drain(map(append, map(get, grams), repeat(uid)))
        return cls._from_lists(lists.items())

    @classmethod
    def _from_lists(cls, items: Iterable[tuple[str, Sequence[int]]]) -> "Postings":
        buf = array("I")
        pos = array("I")
        keys: dict[str, int] = {}
        for g, lst in items:
            keys[g] = len(keys)
            pos.append(len(buf))
            pos.append(len(lst))
            buf.extend(lst)
        return cls(keys, pos, memoryview(buf))

    def merged(self, other: "Postings") -> "Postings":
        """These lists followed by ``other``'s (whose unit ids all come after ours)."""
        def items() -> Iterator[tuple[str, Sequence[int]]]:
            for g in self.keys:
                a, b = self.get(g), other.get(g)
                yield g, (array("I", a.tobytes()) + array("I", b.tobytes())) if len(b) else a
            for g in other.keys:
                if g not in self.keys:
                    yield g, other.get(g)

        return self._from_lists(items())

    def get(self, k: str) -> Sequence[int]:
        i = self.keys.get(k)
        if i is None:
            return _EMPTY
        a, n = self.pos[2 * i], self.pos[2 * i + 1]
        if self._checked is not None:
            self._checked.check(4 * a, 4 * (a + n))
        return self._buf[a : a + n]

    def count(self, k: str) -> int:
        i = self.keys.get(k)
        return self.pos[2 * i + 1] if i is not None else 0

    def __contains__(self, k: str) -> bool:
        return k in self.keys

    def nbytes(self) -> int:
        return self._buf.nbytes

    def chars(self) -> list[str]:
        """Every single character that occurs in some unit."""
        return [k for k in self.keys if len(k) == 1]
