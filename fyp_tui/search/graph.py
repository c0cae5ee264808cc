"""The bigram graph (which characters follow and precede each character), stored beside the index.

The homophone, typo and pinyin tiers list the strings they could match from this
graph (``tiers.one_edit``, ``tiers._pair_grams``). It is a function of the index's
bigrams alone, and building it from the posting keys costs a fresh process 0.1–0.3 s
at 1,000 plans (a dict of sets over every bigram), more than the rest of a zero-hit
query. So it is stored as data in the store directory, one file per index state:

    adjacency-<fingerprint>.tbl   magic, version, n, CRC-32 of the payload, then two
                                  sorted arrays of n unsigned 64-bit integers:
                                  (first << 32 | second) and (second << 32 | first)

read whole and checked (size, magic, version, CRC) when first needed; a missing,
short, garbled or foreign file is rebuilt from the index and written atomically
(``fsutil``), and older tables of the store removed. The file is named by the
index's fingerprint (every plan's fingerprint under the index version), so a store
that gained plans (``builder.extend_store``) gets a new table the first time a query
needs it: it is derived from the bigram keys only, never from the text, so that
rebuild costs what building it in memory did, once per store change instead of once
per process. An index that is not stored (built in memory) builds its graph in memory.

Lookups are ``bisect`` over the arrays (no numpy at query time): ``Graph.get`` gives
a character's neighbours as a frozenset (kept once asked for), ``Graph.degree`` how
many there are without building the set.
"""

from __future__ import annotations

import bisect
import struct
import sys
import zlib
from array import array
from itertools import repeat
from operator import and_

from .index import SearchIndex
from .sidecar import kept

VERSION = 1
MAGIC = b"FYPADJ\x00\x00"
_HEAD = struct.Struct("<8sIQI")  # magic, version, n, crc of the payload
_LOW = 0xFFFFFFFF
_NONE: frozenset[str] = frozenset()


class Graph:
    """For each character, the characters on one side of it in some bigram."""

    def __init__(self, pairs: array):
        self.pairs = pairs  # sorted: (character << 32 | neighbour)
        self._sets: dict[str, frozenset[str]] = {}

    def _range(self, c: str) -> tuple[int, int]:
        k = ord(c) << 32
        return bisect.bisect_left(self.pairs, k), bisect.bisect_left(self.pairs, k + (1 << 32))

    def get(self, c: str, default: frozenset[str] = _NONE) -> frozenset[str]:
        got = self._sets.get(c)
        if got is None:
            i, j = self._range(c)
            if i == j:
                return default
            got = self._sets[c] = frozenset(map(chr, map(and_, self.pairs[i:j], repeat(_LOW))))
        return got

    def degree(self, c: str) -> int:
        i, j = self._range(c)
        return j - i


def pairs_of(index: SearchIndex) -> tuple[array, array]:
    """The sorted (first, second) and (second, first) codes of every bigram key."""
    fwd = array("Q", sorted(ord(g[0]) << 32 | ord(g[1]) for g in index.postings.keys if len(g) == 2))
    bwd = array("Q", sorted((x & _LOW) << 32 | x >> 32 for x in fwd))
    return fwd, bwd


def encode(fwd: array, bwd: array) -> bytes:
    payload = _le(fwd) + _le(bwd)
    return _HEAD.pack(MAGIC, VERSION, len(fwd), zlib.crc32(payload)) + payload


def decode(data: bytes) -> tuple[array, array] | None:
    """The two arrays of a stored table (None: not a whole, intact table of this version)."""
    if len(data) < _HEAD.size:
        return None
    magic, version, n, crc = _HEAD.unpack_from(data)
    payload = memoryview(data)[_HEAD.size :]
    if magic != MAGIC or version != VERSION or len(payload) != 16 * n or zlib.crc32(payload) != crc:
        return None
    fwd, bwd = array("Q"), array("Q")
    fwd.frombytes(payload[: 8 * n])
    bwd.frombytes(payload[8 * n :])
    if sys.byteorder != "little":
        fwd.byteswap()
        bwd.byteswap()
    return fwd, bwd


def _le(a: array) -> bytes:
    if sys.byteorder == "little":
        return a.tobytes()
    b = array("Q", a)
    b.byteswap()
    return b.tobytes()


def load_or_build(index: SearchIndex) -> tuple[array, array]:
    """The stored table of a stored index (written first if missing or bad), else built."""
    return kept(index, "adjacency", lambda: pairs_of(index), lambda t: encode(*t), decode)


def adjacency(index: SearchIndex) -> tuple[Graph, Graph]:
    """(what follows each character, what precedes it), built or read once per index."""
    def build() -> tuple[Graph, Graph]:
        fwd, bwd = load_or_build(index)
        return Graph(fwd), Graph(bwd)

    return index.derived("_adjacency", build)
