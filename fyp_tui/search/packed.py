"""Posting lists as the store keeps them: each list in the narrowest of three widths.

A list is its first unit id (``firsts``, one 32-bit entry per gram) and the steps
from each id to the next: as bytes when every step is at most ``U8_MAX`` (dense
lists: most of the bytes), as 16-bit steps when at most ``U16_MAX``, else as the
32-bit ids themselves. ``pos[2i]`` holds list i's offset in its buffer with the
width in its top two bits, ``pos[2i + 1]`` its length.

Keeping the first id out of the steps matters at scale: counted from 0, a list
starting past unit 65,535 (the 150th plan or so) could never be stored as steps.

``PackedPostings`` reads this layout behind the ``Postings`` interface (``get``
decodes steps with C-level ``itertools.accumulate``; no numpy at query time), so
the tiers do not know which layout they read. ``Packer`` writes it, one gram at a
time, to any writable sinks (arrays in memory or ``store.Writer`` files).

Which list is whose: ``GramTable``, each gram as a 64-bit code in sorted order
with its list's number, two arrays a query maps and bisects (``gram_tables``
writes them). Decoding 59,000 grams from msgpack into a dict cost every fresh
search ~30 ms at 10,000 plans; a query looks up a few.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Mapping
from typing import Iterator, Sequence

from .postings import _EMPTY, Postings

U8_MAX = 255
U16_MAX = 65535
IDS, STEPS16, STEPS8 = 0, 1, 2  # width codes, in a list's pos entry above bit 30
SHIFT = 30
MASK = (1 << SHIFT) - 1
PARTS = ("post", "gaps", "gaps8")  # store parts of the three buffers, by width code


def gram_code(g: str) -> int:
    """A character or bigram as one integer; codes sort as the strings do ("a" < "ab" < "b")."""
    return ord(g[0]) << 32 | (ord(g[1]) + 1 if len(g) == 2 else 0)


def gram_of(code: int) -> str:
    low = code & 0xFFFFFFFF
    return chr(code >> 32) + (chr(low - 1) if low else "")


def gram_tables(grams: Sequence[str]) -> tuple[array, array]:
    """The grams' codes, sorted, and each one's number in ``grams`` (what ``GramTable``
    reads). Only characters and bigrams are grams."""
    if any(not 1 <= len(g) <= 2 for g in grams):
        raise ValueError("a gram is one or two characters")
    pairs = sorted(zip(map(gram_code, grams), range(len(grams))))
    return array("Q", (c for c, _ in pairs)), array("I", (i for _, i in pairs))


class GramTable(Mapping):
    """Gram → its list's number, read from two stored arrays (``gram_tables``): a
    lookup bisects the sorted codes, nothing is decoded when the store is opened.
    Iterating lists the grams in number order (decoded once, when first asked: the
    index builders and the bigram graph do)."""

    def __init__(self, codes: Sequence[int], numbers: Sequence[int]):
        self.codes = codes
        self.numbers = numbers
        self._names: list[str] | None = None

    def get(self, g: str, default=None):
        if not 1 <= len(g) <= 2:
            return default
        c = gram_code(g)
        i = bisect.bisect_left(self.codes, c)
        return self.numbers[i] if i < len(self.codes) and self.codes[i] == c else default

    def __getitem__(self, g: str) -> int:
        i = self.get(g)
        if i is None:
            raise KeyError(g)
        return i

    def __contains__(self, g: object) -> bool:
        return isinstance(g, str) and self.get(g) is not None

    def __len__(self) -> int:
        return len(self.codes)

    def names(self) -> list[str]:
        if self._names is None:
            out = [""] * len(self.codes)
            for c, i in zip(self.codes, self.numbers):
                out[i] = gram_of(c)
            self._names = out
        return self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def items(self):
        return zip(self.names(), range(len(self.codes)))


class PackedPostings(Postings):
    """``Postings`` over the packed buffers (memory-mapped, checked block by block)."""

    def __init__(self, keys: Mapping[str, int], pos: Sequence[int], bufs: tuple, firsts: Sequence[int],
                 checked: tuple = (None, None, None)):
        super().__init__(keys, pos, bufs[IDS], bufs[STEPS16], checked[:2])
        self._bufs = bufs
        self._checks = checked
        self.firsts = firsts

    def get(self, k: str) -> Sequence[int]:
        i = self.keys.get(k)
        if i is None:
            return _EMPTY
        a, n = self.pos[2 * i], self.pos[2 * i + 1]
        code, a = a >> SHIFT, a & MASK
        buf, chk = self._bufs[code], self._checks[code]
        if code == IDS:
            if chk is not None:
                chk.check(4 * a, 4 * (a + n))
            return buf[a : a + n]
        if chk is not None:
            w = buf.itemsize
            chk.check(w * a, w * (a + n - 1))
        return list(itertools.accumulate(buf[a : a + n - 1], initial=self.firsts[i]))

    def array(self, k: str, np):
        """``get(k)`` as a numpy array of uint32, the steps summed by numpy: no Python
        int per id (a pinyin query's chains read millions of ids)."""
        i = self.keys.get(k)
        if i is None:
            return np.zeros(0, dtype=np.uint32)
        a, n = self.pos[2 * i], self.pos[2 * i + 1]
        code, a = a >> SHIFT, a & MASK
        buf, chk = self._bufs[code], self._checks[code]
        w = buf.itemsize
        if chk is not None:
            chk.check(w * a, w * (a + n - (code != IDS)))
        if code == IDS:
            return np.frombuffer(buf[a : a + n], dtype=np.uint32).copy()
        out = np.empty(n, dtype=np.uint32)
        out[0] = self.firsts[i]
        out[1:] = np.frombuffer(buf[a : a + n - 1], dtype=np.uint8 if w == 1 else np.uint16)
        return np.cumsum(out, out=out)

    def nbytes(self) -> int:
        return sum(b.nbytes for b in self._bufs) + 4 * len(self.firsts)


class Packer:
    """Writes lists in the packed layout to three sinks (``write(bytes)``), one gram
    at a time; ``grams``, ``pos`` and ``firsts`` grow in memory (a few bytes a gram)."""

    def __init__(self, sinks: tuple):
        import numpy as np

        self.np = np
        self.sinks = sinks
        self.used = [0, 0, 0]  # entries written to each buffer
        self.grams: list[str] = []
        self.pos = array("I")
        self.firsts = array("I")

    def add(self, gram: str, ids) -> None:
        """Append the list of ``gram``: ``ids``, sorted unit ids (a numpy array)."""
        np = self.np
        n = len(ids)
        steps = np.diff(ids) if n > 1 else ids[:0]
        most = int(steps.max()) if n > 1 else 0
        if most <= U8_MAX:
            code, data = STEPS8, steps.astype("<u1")
        elif most <= U16_MAX:
            code, data = STEPS16, steps.astype("<u2")
        else:
            code, data = IDS, ids.astype("<u4")
        self.put(gram, code, data.tobytes(), n, int(ids[0]))

    def put(self, gram: str, code: int, data, n: int, first: int) -> None:
        """Append a list already packed: ``data`` in layout ``code``, ``n`` ids."""
        at = self.used[code]
        if at > MASK:
            raise OverflowError("posting buffer over 2**30 entries")
        self.sinks[code].write(data)
        self.used[code] += memoryview(data).nbytes // (4, 2, 1)[code]
        self.grams.append(gram)
        self.pos.append(code << SHIFT | at)
        self.pos.append(n)
        self.firsts.append(first)

    def put_many(self, grams: list[str], codes, ns, firsts, data: dict) -> None:
        """Append many lists already packed, in this order: per list its layout code,
        length and first id (numpy arrays); ``data[code]``: the packed data of that
        code's lists, one after the other in the same order."""
        np = self.np
        m = np.where(codes == IDS, ns, ns - 1)
        at = np.zeros(len(grams), dtype=np.int64)
        for code in (IDS, STEPS16, STEPS8):
            sel = codes == code
            if not sel.any():
                continue
            mc = m[sel]
            at[sel] = self.used[code] + np.cumsum(mc) - mc
            if int(at[sel].max()) > MASK:
                raise OverflowError("posting buffer over 2**30 entries")
        for code in (IDS, STEPS16, STEPS8):
            self.sinks[code].write(data[code].tobytes())
            self.used[code] += len(data[code])
        pairs = np.empty(2 * len(grams), dtype="<u4")
        pairs[0::2] = (codes << SHIFT) | at
        pairs[1::2] = ns
        self.grams += grams
        self.pos.frombytes(pairs.tobytes())
        self.firsts.frombytes(np.asarray(firsts, dtype="<u4").tobytes())


def raw_list(bufs: tuple, pos: Sequence[int], firsts: Sequence[int], i: int):
    """List i of a packed store as a numpy array of unit ids (for merging)."""
    import numpy as np

    a, n = pos[2 * i], pos[2 * i + 1]
    code, a = a >> SHIFT, a & MASK
    buf = bufs[code]
    if code == IDS:
        return np.frombuffer(buf[a : a + n], dtype=np.uint32)
    out = np.empty(n, dtype=np.uint32)
    out[0] = firsts[i]
    np.cumsum(np.frombuffer(buf[a : a + n - 1], dtype=buf.format), out=out[1:], dtype=np.uint32)
    out[1:] += firsts[i]
    return out


def pack_all(postings: Postings) -> Packer:
    """An in-memory index's lists, packed (``SearchIndex.save``)."""
    import numpy as np

    packer = Packer((array("I"), array("H"), array("B")))
    sinks = packer.sinks
    packer.sinks = tuple(_ArraySink(s) for s in sinks)
    for g in postings.keys:
        packer.add(g, np.asarray(postings.get(g), dtype=np.uint32))
    packer.sinks = sinks
    return packer


class _ArraySink:
    def __init__(self, arr: array):
        self.arr = arr

    def write(self, data: bytes) -> None:
        self.arr.frombytes(data)
