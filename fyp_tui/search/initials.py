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
letter's bitmap on first use (one bit per character: 5.5 MB at 1,000 plans).
"""

from __future__ import annotations

from typing import Sequence

from .index import SearchIndex
from .scan import unit_runs
from .variants import Readings

_DOUBLE = ("zh", "ch", "sh")
_CHUNK = 1 << 22  # characters per step when coding the text (bounded temporary memory)


def _pieces(index: SearchIndex):
    """The index's text in pieces of about ``_CHUNK`` characters, in order: sliced from
    the decoded text when this process has it, else decoded from the stored bytes a
    run of units at a time (``scan.unit_runs``), after the separator the text opens with."""
    text = index.__dict__.get("_text")
    if text is not None:
        yield from (text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK))
        return
    yield str(index.raw[: index.bstarts[0]], "utf-8")
    for _, run in unit_runs(index, _CHUNK):
        yield run


class Letters:
    """Each text character's first letters (a code per character) and per-letter bitmaps."""

    def __init__(self, index: SearchIndex, rd: Readings):
        import numpy as np

        sets: dict[frozenset[str], int] = {frozenset(): 0}
        code_of: dict[int, int] = {}
        for ch, rs in rd.table.items():
            code_of[ord(ch)] = sets.setdefault(_keys(rs), len(sets))
        dtype = np.uint8 if len(sets) <= 256 else np.uint16
        lut = np.zeros(max(code_of, default=0) + 2, dtype=dtype)
        for cp, code in code_of.items():
            lut[cp] = code
        top = len(lut) - 1  # characters beyond the table have no readings: code 0 there
        parts = []
        for piece in _pieces(index):
            cps = np.frombuffer(piece.encode("utf-32-le"), dtype="<u4")
            parts.append(lut[np.minimum(cps, top)])
        self.codes = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
        self.sets = list(sets)
        self.table = rd.table
        self._bits: dict[str, object] = {}
        self._np = np

    def bits(self, letter: str):
        """Bit p (bit p % 64 of word p // 64) is set when text character p has a
        reading starting with ``letter``; one spare word at the end."""
        got = self._bits.get(letter)
        if got is None:
            np = self._np
            has = np.array([letter in s for s in self.sets], dtype=bool)
            packed = np.packbits(has[self.codes], bitorder="little")
            words = np.zeros(len(packed) // 8 + 2, dtype="<u8")
            words.view(np.uint8)[: len(packed)] = packed
            got = self._bits[letter] = words
        return got

    def letters_of(self, chars: frozenset[str]) -> frozenset[str] | None:
        """Letters such that every character of ``chars`` has a reading starting with
        one of them (None: some character has no reading, or the letters would cover
        more than a third of the alphabet)."""
        firsts = [_keys(self.table.get(c, ())) for c in chars]
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

    def starts(self, classes: Sequence[frozenset[str]]):
        """The text offsets where a run drawn from ``classes`` in order may start
        (a superset, sorted; None: a class is not representable by letters)."""
        np = self._np
        acc = None
        for k, chars in enumerate(classes):
            letters = self.letters_of(chars)
            if letters is None:
                return None
            bm = None
            for x in sorted(letters):
                bm = self.bits(x) if bm is None else bm | self.bits(x)
            bm = _shifted(np, bm, k)
            acc = bm if acc is None else acc & bm
        assert acc is not None
        nz = np.flatnonzero(acc)
        if not len(nz):
            return nz
        bits = np.unpackbits(acc[nz].view(np.uint8), bitorder="little").reshape(-1, 64)
        row, col = np.nonzero(bits)
        return nz[row].astype(np.int64) * 64 + col


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


def _keys(readings) -> frozenset[str]:
    """The first letters of ``readings``, and zh / ch / sh where a reading starts so
    (a class of ``sh`` syllables is then told from the far larger class of ``s``)."""
    return frozenset([r[0] for r in readings if r] + [r[:2] for r in readings if r[:2] in _DOUBLE])


def letters(index: SearchIndex, rd: Readings) -> Letters:
    return index.derived("_letters", lambda: Letters(index, rd))


def candidate_units(index: SearchIndex, rd: Readings, classes: Sequence[frozenset[str]]) -> set[int] | None:
    """The units holding an offset where a run drawn from ``classes`` may start
    (None: the classes cannot be narrowed this way)."""
    if len(classes) < 2:
        return None
    lt = letters(index, rd)
    pos = lt.starts(classes)
    if pos is None:
        return None
    if not len(pos):
        return set()
    np = lt._np
    starts = np.frombuffer(index.starts, dtype=np.uint32) if index.starts.itemsize == 4 else np.asarray(index.starts)
    uids = np.unique(np.searchsorted(starts, pos, side="right") - 1)
    return set(uids[uids >= 0].tolist())
