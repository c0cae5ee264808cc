"""Where a run of pinyin initials (or homophones) can start, without a regex over the text.

Pinyin initials such as ``lyjj`` or ``gzlfz`` have classes of hundreds of common
characters: the bigrams they allow hold most units, so posting lists narrow
nothing, and a regular expression over the whole text took a second at 1,000
plans. Instead, for each letter, a bitmap of the text (one bit per character:
does it have a reading that starts with this letter, or with zh, ch, sh?) is built once per index
from the stored readings and kept as 64-bit words. A query's possible starts
are then the AND of its classes' bitmaps, each shifted by its offset, a few
numpy operations over those words; only the units holding such a start are
scanned (``tiers.class_tier``), with the same pattern, so the matches are the same.

A class is represented by letters only when every character in it has a reading
with one of those letters (``letters_of``); otherwise nothing is narrowed here.
The tables are derived data, rebuilt per process from the index's readings (never
pypinyin): the characters' letter sets as one byte per text character, and each
letter's bitmap on first use (one bit per character: 5.5 MB at 1,000 plans, 55 MB
at 10,000). A process's first such query does not build them (``first_ask``), since
a fresh ``fyp search`` asks once: it reads only the units the posting lists leave
when they are few (``tiers.chained_units``), trying the pattern where each chunk's
letters allow a start (``LetterStarts``), else streams the text (``streamed_starts``:
the same starts, a step of text at a time, memory bounded by the step); a process
that asks again (the app) builds and keeps the tables (``candidate_units``).
"""

from __future__ import annotations

import operator
import re
import sys
import weakref
from collections import deque
from itertools import repeat
from typing import Iterator, Sequence

from .index import SearchIndex
from .variants import Readings

_DOUBLE = ("zh", "ch", "sh")
_start, _end = re.Match.start, re.Match.end
_BITS_STEP = 1 << 22  # characters per step when a letter's bitmap is packed (bounded temporaries)


class Letters:
    """Each text character's first letters (a code per character) and per-letter bitmaps."""

    def __init__(self, index: SearchIndex, rd: Readings):
        import numpy as np

        lut, sets = _coded(index, rd)
        if len(sets) <= 256:
            lut = lut.astype(np.uint8)
        bmp = lut[:0x10000]
        # Filled step by step (``_steps``: the stored text's pages are dropped as read),
        # not concatenated: the codes are the only whole-text array held while building.
        self.codes = np.empty(index.starts[-1], dtype=lut.dtype)
        for pos, piece in _steps(index, STEP):
            enc = piece.encode("utf-16-le")
            if len(enc) == 2 * len(piece):  # no surrogate pair: one code unit per character
                self.codes[pos : pos + len(piece)] = bmp[np.frombuffer(enc, dtype="<u2")]
            else:
                self.codes[pos : pos + len(piece)] = lut[np.frombuffer(piece.encode("utf-32-le"), dtype="<u4")]
        self.sets = sets
        self.table = rd.table
        self._covers: dict[frozenset[str], frozenset[str] | None] = {}
        self._index = weakref.ref(index)
        self._np = np

    def bits(self, letter: str):
        """Bit p (bit p % 64 of word p // 64) is set when text character p has a
        reading starting with ``letter``; one spare word at the end. Each letter's
        bitmap is a derived table of its own (kept under the index's budget)."""
        index = self._index()
        if index is None:
            return self._bitmap(letter)
        return index.derived("_bits_" + letter, lambda: self._bitmap(letter))

    def _bitmap(self, letter: str):
        np = self._np
        has = np.array([letter in s for s in self.sets], dtype=bool)
        n = len(self.codes)
        words = np.zeros((n + 7) // 8 // 8 + 2, dtype="<u8")
        out = words.view(np.uint8)
        for i in range(0, n, _BITS_STEP):  # _BITS_STEP is a multiple of 8: whole bytes
            packed = np.packbits(has[self.codes[i : i + _BITS_STEP]], bitorder="little")
            out[i // 8 : i // 8 + len(packed)] = packed
        return words

    def letters_of(self, chars: frozenset[str]) -> frozenset[str] | None:
        if chars not in self._covers:  # a class's cover, kept: the same classes come back
            self._covers[chars] = letters_of(self.table, chars)
        return self._covers[chars]

    def starts(self, classes: Sequence[frozenset[str]]):
        """The text offsets where a run drawn from ``classes`` in order may start
        (a superset, sorted; None: a class is not representable by letters)."""
        np = self._np
        acc = moved = spill = None
        for k, chars in enumerate(classes):
            letters = self.letters_of(chars)
            if letters is None:
                return None
            bm = None
            for x in sorted(letters):
                bm = self.bits(x) if bm is None else bm | self.bits(x)
            assert bm is not None  # a cover holds a letter at least
            if acc is None:
                acc = bm.copy()  # ANDed in place below: never a letter's own bitmap
                continue
            # Moved and ANDed into arrays of this query, not new ones per step: a
            # bitmap is 5.5 MB at 1,000 plans, and five temporaries a class cost more
            # than the operations themselves.
            if moved is None:
                moved, spill = np.empty_like(acc), np.empty_like(acc)
            _shift_into(np, bm, k, moved, spill)
            np.bitwise_and(acc, moved, out=acc)
        assert acc is not None
        nz = np.flatnonzero(acc)
        if not len(nz):
            return nz
        bits = np.unpackbits(acc[nz].view(np.uint8), bitorder="little").reshape(-1, 64)
        row, col = np.nonzero(bits.view(np.bool_))  # 0/1 bytes: a bool view is nonzero's fast path
        return nz[row].astype(np.int64) * 64 + col


def _shift_into(np, words, k: int, out, spill) -> None:
    """``out[:] = _shifted(np, words, k)`` without temporaries (``spill``: scratch of the
    same size)."""
    w, b = divmod(k, 64)
    n = len(words)
    if w >= n:
        out[:] = 0
        return
    out[n - w :] = 0
    if not b:
        out[: n - w] = words[w:]
        return
    np.right_shift(words[w:], np.uint64(b), out=out[: n - w])
    m = n - w - 1  # words that take the low bits of the next one
    if m > 0:
        np.left_shift(words[w + 1 :], np.uint64(64 - b), out=spill[:m])
        np.bitwise_or(out[:m], spill[:m], out=out[:m])


def _shifted(np, words, k: int):
    """The bitmap ``words`` moved k positions towards offset 0 (bit p + k → bit p)."""
    w, b = divmod(k, 64)
    out = np.zeros_like(words)
    if w:
        out[: len(words) - w] = words[w:]
    else:
        out[:] = words
    if b:
        out[:-1] = (out[:-1] >> np.uint64(b)) | (out[1:] << np.uint64(64 - b))
        out[-1] >>= np.uint64(b)
    return out


def letters_of(table, chars: frozenset[str]) -> frozenset[str] | None:
    """Letters such that every character of ``chars`` has a reading (in ``table``,
    character → readings) starting with one of them (None: some character has no
    reading, or the cover would take more than eight letters)."""
    firsts = [_keys(table.get(c, ())) for c in chars]
    if not firsts or not all(firsts):
        return None
    # Greedy cover: the letter most characters start with, until all are covered.
    need = list(firsts)
    out: set[str] = set()
    while need:
        counts: dict[str, int] = {}
        for s in need:
            for x in s:
                counts[x] = counts.get(x, 0) + 1
        best = max(sorted(counts), key=lambda x: (counts[x], len(x)))  # zh before z
        out.add(best)
        need = [s for s in need if best not in s]
        if len(out) > 8:
            return None
    return frozenset(out)


def _keys(readings) -> frozenset[str]:
    """The first letters of ``readings``, and zh / ch / sh where a reading starts so
    (a class of ``sh`` syllables is then told from the far larger class of ``s``)."""
    return frozenset([r[0] for r in readings if r] + [r[:2] for r in readings if r[:2] in _DOUBLE])


def letters(index: SearchIndex, rd: Readings) -> Letters:
    return index.derived("_letters", lambda: Letters(index, rd))


def candidate_units(index: SearchIndex, rd: Readings, classes: Sequence[frozenset[str]]) -> set[int] | None:
    """The units holding an offset where a run drawn from ``classes`` may start
    (None: the classes cannot be narrowed this way); see ``candidate_starts``."""
    got = candidate_starts(index, rd, classes)
    return None if got is None else got[0]


def first_ask(index: SearchIndex, classes: Sequence[frozenset[str]]) -> bool:
    """Whether ``candidate_starts`` would stream the text for these classes rather than
    use (or build) the whole-text tables: the first such query of a process that holds
    neither. Counts as a query of this kind (``SearchIndex.asked_before``): ask once."""
    return 2 <= len(classes) <= 64 and "_letters" not in index.__dict__ and not _reused(index)


def candidate_starts(index: SearchIndex, rd: Readings, classes: Sequence[frozenset[str]],
                     stream: bool | None = None):
    """(the units holding an offset where a run drawn from ``classes`` may start, those
    offsets as a sorted array), or None: the classes cannot be narrowed this way.

    The first such query of an index streams the text (``streamed_starts``: memory
    bounded by a step, whatever the corpus size); a process that asks again (the
    app, a benchmark) or already holds the decoded text builds the whole-text tables
    (``Letters``) and keeps them, so its later queries are a few numpy operations.
    ``stream``: ``first_ask``'s answer when the caller has asked it already."""
    if len(classes) < 2:
        return None
    import numpy as np

    if stream if stream is not None else first_ask(index, classes):
        runs = streamed_starts(index, rd, classes)
        if runs is None:
            return None
        parts = [r for r in runs if len(r)]
        pos = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
    else:
        pos = letters(index, rd).starts(classes)
        if pos is None:
            return None
    if not len(pos):
        return set(), pos
    starts = _starts(np, index)
    # offsets as the table's type: searchsorted would convert the whole table otherwise
    uids = np.unique(np.searchsorted(starts, pos.astype(starts.dtype), side="right").astype(np.int64) - 1)
    return set(uids[uids >= 0].tolist()), pos


class TriedAt:
    """A pattern's matches in a scan's chunks, tried only at the offsets where a run may
    start (a superset of where it matches, each chunk's from ``_local``) instead of
    searching every character: for a pattern that is a run of one-character classes
    with no alternatives, the same matches in the same order as ``finditer`` (a match
    is kept when it starts at or after the end of the one before, as ``finditer``
    resumes there). ``chunks`` passes the scan's chunks through, noting each one's
    offsets in its own text; ``finditer`` is what the scan calls on that chunk next."""

    def __init__(self, rx: re.Pattern):
        import numpy as np

        self._np = np
        self.rx = rx
        self._todo: deque[list[int]] = deque()

    def chunks(self, chunks):
        for ch in chunks:
            self._todo.append(self._local(ch))
            yield ch

    def _local(self, ch) -> list[int]:
        raise NotImplementedError

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match]:
        at = self._todo.popleft()  # already within the chunk's [pos, endpos)
        found = list(filter(None, map(self.rx.match, repeat(text), at, repeat(endpos))))
        if any(map(operator.lt, map(_start, found[1:]), map(_end, found))):
            kept, last = [], -1
            for m in found:
                if m.start() >= last:
                    kept.append(m)
                    last = m.end()
            found = kept
        return iter(found)


class AtStarts(TriedAt):
    """``TriedAt`` with the offsets given as text offsets (``offsets``, sorted: from the
    whole-text letter tables)."""

    def __init__(self, rx: re.Pattern, index: SearchIndex, offsets):
        super().__init__(rx)
        self._pos = offsets
        self._starts = _starts(self._np, index)

    def _local(self, ch) -> list[int]:
        """The offsets inside ``ch``, in its text's coordinates."""
        np, pos, st = self._np, self._pos, self._starts
        if ch.ids is None:  # the whole text, offsets as they are
            return pos[np.searchsorted(pos, ch.pos) : np.searchsorted(pos, ch.endpos)].tolist()
        ids = np.asarray(ch.ids, dtype=np.int64)
        if not len(ids):
            return []
        lo, hi = np.searchsorted(pos, int(st[ids[0]])), np.searchsorted(pos, int(st[ids[-1] + 1]))
        p = pos[lo:hi]
        u = np.searchsorted(st, p.astype(st.dtype), side="right").astype(np.int64) - 1
        k = np.minimum(np.searchsorted(ids, u), len(ids) - 1)
        keep = ids[k] == u  # a unit the scan reads (a filter may have left some out)
        bases = np.asarray(ch.bases, dtype=np.int64)
        return (p[keep] - st[u[keep]].astype(np.int64) + bases[k[keep]]).tolist()


def _reused(index: SearchIndex) -> bool:
    """Whether this process will likely ask again: it asked before, or holds the text."""
    return index.asked_before("initials") or "_text" in index.__dict__


def _starts(np, index: SearchIndex):
    from .scan import offsets_array

    return offsets_array(np, index.starts)


def _coded(index: SearchIndex, rd: Readings):
    """Per code point, the number of its character's letter set (0: no readings), over
    all of Unicode (1.1 MB, no clipping per step), and the sets by number."""
    def build():
        import numpy as np

        sets: dict[frozenset[str], int] = {frozenset(): 0}
        lut = np.zeros(0x110000, dtype=np.uint16)
        for ch, rs in rd.table.items():
            lut[ord(ch)] = sets.setdefault(_keys(rs), len(sets))
        return lut, list(sets)

    return index.derived("_letter_lut", build)


STEP = 1 << 22  # bytes of stored text a streamed pass reads at a time (~1.4 M characters; its temporaries ~4× that)


def streamed_units(index: SearchIndex, rd: Readings, classes: Sequence[frozenset[str]],
                   step: int = STEP) -> set[int] | None:
    """``candidate_units`` computed in one pass over the text, ``step`` bytes at a time
    (``streamed_starts``): neither the whole-text codes nor a bitmap is held, memory
    is a few times the step (and, of a stored index, the pages read are dropped from
    the process as it goes: the text file stays in the page cache)."""
    import numpy as np

    starts = _starts(np, index)
    runs = streamed_starts(index, rd, classes, step)
    if runs is None:
        return None
    # offsets as the table's type: searchsorted would convert the 4 M starts otherwise, every step
    found = [np.unique(np.searchsorted(starts, pos.astype(starts.dtype), side="right").astype(np.int64) - 1)
             for pos in runs if len(pos)]
    if not found:
        return set()
    uids = np.unique(np.concatenate(found))
    return set(uids[uids >= 0].tolist())


def streamed_starts(index: SearchIndex, rd: Readings, classes: Sequence[frozenset[str]], step: int = STEP):
    """The text offsets where a run drawn from ``classes`` may start (as ``Letters.starts``),
    an array per step, or None (a class not representable by letters, or over 64
    classes). Each step's characters are mapped through a per-query table (bit k: a
    letter of class k) and a start kept where bit k is set k characters on, for every
    k; the last ``len(classes) - 1`` characters of a step are carried into the next, so
    a run across a step's border is found."""
    table = class_table(index, rd, classes)
    if table is None:
        return None
    return _runs(index, table, len(classes), step)


def class_table(index: SearchIndex, rd: Readings, classes: Sequence[frozenset[str]]):
    """Per code point, bit k set when its character may be in class k by the letters
    of its readings (a numpy array over all of Unicode), or None: a class not
    representable by letters, or over 64 classes."""
    import numpy as np

    lut, sets = _coded(index, rd)
    width = len(classes)
    if width > 64:
        return None
    dtype = np.uint8 if width <= 8 else np.uint16 if width <= 16 else np.uint32 if width <= 32 else np.uint64
    mask = np.zeros(len(sets), dtype=dtype)
    for k, chars in enumerate(classes):
        cover = letters_of(rd.table, chars)
        if cover is None:
            return None
        mask |= np.array([bool(s & cover) for s in sets], dtype=dtype) << dtype(k)
    return mask[lut]  # code point → the classes its character may be in


def _runs(index: SearchIndex, table, width: int, step: int):
    import numpy as np

    carry = table[:0]
    for pos, piece in _steps(index, step):
        got = _classes_of(np, table, piece)
        if len(carry):
            got = np.concatenate([carry, got])
        base = pos - len(carry)
        m = len(got) - (width - 1)
        if m <= 0:
            carry = got
            continue
        carry = got[m:]
        yield _run_starts(np, got, width, m) + base


def _classes_of(np, table, piece: str):
    """``table`` at each character of ``piece``."""
    enc = piece.encode("utf-16-le")
    if len(enc) == 2 * len(piece):  # no surrogate pair: one code unit per character
        return table[:0x10000][np.frombuffer(enc, dtype="<u2")]
    return table[np.frombuffer(piece.encode("utf-32-le"), dtype="<u4")]


def _run_starts(np, got, width: int, m: int):
    """The offsets below ``m`` where bit k of ``got`` is set k characters on, for every k."""
    dtype = got.dtype.type
    acc = got[:m] & dtype(1)
    tmp = np.empty_like(acc)
    for k in range(1, width):
        np.right_shift(got[k : k + m], dtype(k), out=tmp)
        acc &= tmp
    acc &= dtype(1)
    return np.flatnonzero(acc.view(np.bool_) if dtype is np.uint8 else acc)  # bool: a faster nonzero


class LetterStarts(TriedAt):
    """``TriedAt`` for chunks of some units' text (a first query's narrowed units): the
    offsets where a run may start are found in each chunk as it comes, by the letters
    of its characters' readings (``class_table``, as the streamed pass), not from
    whole-text tables."""

    def __init__(self, rx: re.Pattern, table, width: int):
        super().__init__(rx)
        self._table = table
        self._width = width

    def _local(self, ch) -> list[int]:
        np = self._np
        got = _classes_of(np, self._table, ch.text[ch.pos : ch.endpos])
        m = len(got) - (self._width - 1)
        if m <= 0:
            return []
        return (_run_starts(np, got, self._width, m) + ch.pos).tolist()


def _steps(index: SearchIndex, step: int):
    """The text as (offset of its first character, piece), pieces of about ``step``
    bytes cut between characters: sliced from the decoded text when this process has
    it, else decoded from the stored bytes, each block checked before it is read (then
    every unit counts as checked) and its pages dropped from the process after."""
    text = index.__dict__.get("_text")
    if text is not None:
        chars = max(1, step // 3)
        yield from ((i, text[i : i + chars]) for i in range(0, len(text), chars))
        return
    from .exact import checked, verified_all

    checked(index)  # built before the pass, as verified_all marks it after
    raw, chk = index.raw, index.text_check
    n, a, pos = len(raw), 0, 0
    while a < n:
        b = min(n, a + step)
        while b < n and raw[b] & 0xC0 == 0x80:  # not inside a character's UTF-8 bytes
            b += 1
        if chk is not None:
            chk.check(a, b)
        piece = str(raw[a:b], "utf-8")
        yield pos, piece
        _drop(chk, a, b)
        pos, a = pos + len(piece), b
    verified_all(index)  # every block is checked by now: this marks the units


def _drop(chk, a: int, b: int) -> None:
    """Drop the pages of bytes [a, b) of a memory-mapped part from this process."""
    mm = getattr(chk, "_keep", None)
    if mm is None or not hasattr(mm, "madvise"):
        return
    import mmap

    lo = a - a % mmap.PAGESIZE
    hi = b - b % mmap.PAGESIZE if b < len(mm) else len(mm)
    if hi > lo:
        mm.madvise(mmap.MADV_DONTNEED, lo, hi - lo)
