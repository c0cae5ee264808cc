"""Posting lists: for each character and each character bigram, the sorted ids of
the units that contain it.

A list whose ids are all within 65,535 of the one before (the first counted from
0) is stored as 16-bit gaps in one buffer (``gaps``), any other as 32-bit ids in a
second (``ids``): the long lists, which are most of the bytes, take half the
space. ``keys`` numbers the grams, and ``pos`` holds, for gram number i, its
list's start (bit 31 set: in ``gaps``) at ``2i`` and its length at ``2i + 1``.

A freshly built index holds the buffers as arrays; a stored one maps the files
into memory (``store.Checked``), so loading costs nothing, only the lists a query
touches are ever read, and each block is checked against its checksum the first
time a list in it is read.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from collections import defaultdict, deque
from itertools import repeat
from typing import Iterable, Iterator, Mapping, Sequence

_EMPTY = memoryview(array("I"))
GAPS = 1 << 31  # flag on a list's start: it is stored as 16-bit gaps
GAP_MAX = 65535


class Postings:
    def __init__(self, keys: Mapping[str, int], pos: Sequence[int], ids: memoryview, gaps: memoryview,
                 checked: tuple = (None, None)):
        self.keys = keys
        self.pos = pos
        self._ids = ids
        self._gaps = gaps
        self._checked = checked  # store.Checked of (ids, gaps) verifying blocks on first read

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
        ids, gaps, pos = array("I"), array("H"), array("I")
        keys: dict[str, int] = {}
        for g, lst in items:
            keys[g] = len(keys)
            steps = [lst[0], *map(operator.sub, lst[1:], lst[:-1])] if len(lst) > 1 else list(lst)
            if steps and max(steps) <= GAP_MAX:
                pos.append(GAPS | len(gaps))
                gaps.extend(steps)
            else:
                pos.append(len(ids))
                ids.extend(lst)
            pos.append(len(lst))
        return cls(keys, pos, memoryview(ids), memoryview(gaps))

    def merged(self, other: "Postings") -> "Postings":
        """These lists followed by ``other``'s (whose unit ids all come after ours)."""
        def items() -> Iterator[tuple[str, Sequence[int]]]:
            for g in self.keys:
                a, b = self.get(g), other.get(g)
                yield g, (list(a) + list(b)) if len(b) else a
            for g in other.keys:
                if g not in self.keys:
                    yield g, other.get(g)

        return self._from_lists(items())

    def get(self, k: str) -> Sequence[int]:
        i = self.keys.get(k)
        if i is None:
            return _EMPTY
        a, n = self.pos[2 * i], self.pos[2 * i + 1]
        if a & GAPS:
            a ^= GAPS
            if self._checked[1] is not None:
                self._checked[1].check(2 * a, 2 * (a + n))
            return list(itertools.accumulate(self._gaps[a : a + n]))
        if self._checked[0] is not None:
            self._checked[0].check(4 * a, 4 * (a + n))
        return self._ids[a : a + n]

    def array(self, k: str, np):
        """``get(k)`` as a numpy array of uint32 (unit ids)."""
        return np.asarray(self.get(k), dtype=np.uint32)

    def count(self, k: str) -> int:
        i = self.keys.get(k)
        return self.pos[2 * i + 1] if i is not None else 0

    def __contains__(self, k: str) -> bool:
        return k in self.keys

    def nbytes(self) -> int:
        return self._ids.nbytes + self._gaps.nbytes

    def chars(self) -> list[str]:
        """Every single character that occurs in some unit."""
        return [k for k in self.keys if len(k) == 1]
