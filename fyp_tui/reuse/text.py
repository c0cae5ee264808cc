"""What reuse compares: a text's Han characters, letters and digits, and their shingles.

``compared(text)`` keeps, after ``textnorm.fold``, only the characters that are
letters or digits in Unicode (Han characters are letters): punctuation, spaces and
line breaks are dropped, so a passage reflowed by a PDF, re-punctuated or split
over two lines still matches. ``offsets[k]`` is where the k-th kept character sits
in the original text, so a match maps back to ``text[start:end]``.

Shingles are the ``MIN_CHARS``-character windows of the kept characters, hashed
with a polynomial rolling hash on 64 bits (stable across runs, so hashes can be
cached on disk). ``winnow`` keeps the minimum hash of every ``WINDOW`` consecutive
shingles: any passage of at least ``MIN_CHARS + WINDOW - 1`` characters shared by
two texts shares at least one kept fingerprint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..textnorm import fold

MIN_CHARS = 8  # a passage is at least this many compared characters
WINDOW = 6  # winnowing window: passages of MIN_CHARS + WINDOW - 1 = 13 characters are always found
_BASE = np.uint64(1_000_003)


@dataclass(frozen=True)
class Compared:
    text: str  # the kept characters
    offsets: Sequence[int] | np.ndarray  # offsets[k]: index in the original text of text[k] (list or int32 array)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text (start, end) of kept characters ``start:end``."""
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits (Han characters are letters)


def compared(text: str) -> Compared:
    folded = fold(text)
    runs = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
    offsets = [i for s, e in runs for i in range(s, e)]
    return Compared("".join(folded[s:e] for s, e in runs), offsets)


def shingle_hashes(s: str, k: int = MIN_CHARS) -> np.ndarray:
    """uint64 hash of every ``k``-character window of ``s`` (``len(s) - k + 1`` of them)."""
    n = len(s) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for t in range(k):
            h = h * _BASE + codes[t : t + n]
    return h


def winnow(h: np.ndarray, w: int = WINDOW) -> np.ndarray:
    """Positions of the fingerprints: the minimum of every ``w`` consecutive hashes."""
    if len(h) <= w:
        return np.array([int(np.argmin(h))], dtype=np.int64) if len(h) else np.zeros(0, dtype=np.int64)
    windows = np.lib.stride_tricks.sliding_window_view(h, w)
    pos = np.argmin(windows, axis=1) + np.arange(len(windows))
    return np.unique(pos)


def apart_from_heading(hashes: np.ndarray, at: int, heading: str, dummy) -> None:
    """No passage runs from a unit's heading into its body (序言 / 前言 and the body's
    first words made one of 言“十四五”时期是我, counted as reused): the shingles of the
    unit starting at ``at`` in ``hashes`` (its text starts with ``heading``) that cross
    the heading's end are set to ``dummy``, a value the other side of a comparison never
    holds. A run is cut there; runs inside the heading or the body are found as before."""
    end = len(compared(heading).text) if heading else 0
    if end:
        hashes[at + max(0, end - MIN_CHARS + 1) : at + end] = dummy
