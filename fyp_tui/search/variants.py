"""Spelling variants of a query: Traditional→Simplified (OpenCC) and readings (pypinyin,
imported only when the index's stored table lacks a character).

``to_simplified`` converts with OpenCC's ``t2s`` profile. ``Readings`` knows, for
the characters of an index, every toneless reading of each (all readings of
polyphonic characters, ``ü`` written ``v``) and, per syllable, the characters that
can be read so: the ground for the homophone and pinyin tiers.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

from ..textnorm import is_cjk


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(s: str) -> str:
    """``s`` in Simplified characters (unchanged if it already is). ASCII is never
    converted, so a Latin query does not load OpenCC."""
    return _converter().convert(s) if s and not s.isascii() else s


@functools.lru_cache(maxsize=65536)
def readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of a Han character (``()`` for anything else)."""
    if not is_cjk(ch):
        return ()
    Style, pinyin = _pypinyin()
    out = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
    return tuple(dict.fromkeys(r.lower() for r in out if r.isascii() and r.isalpha()))


@functools.lru_cache(maxsize=1)
def _pypinyin():
    """pypinyin without its phrase dictionary, which readings of single characters do
    not use (the same readings for all 41,923 characters it knows): 12 MB and ~80 ms
    to import instead of 56 MB and ~0.4 s, in a long-lived process for good."""
    import os

    had = os.environ.get("PYPINYIN_NO_PHRASES")
    os.environ["PYPINYIN_NO_PHRASES"] = "1"  # read by pypinyin when it is imported
    try:
        from pypinyin import Style, pinyin
    finally:
        if had is None:
            os.environ.pop("PYPINYIN_NO_PHRASES", None)
        else:
            os.environ["PYPINYIN_NO_PHRASES"] = had
    return Style, pinyin


class Readings:
    """Characters of a vocabulary grouped by reading.

    ``table`` (character → readings) is what the index stores, so a query looks
    readings up there; pypinyin is asked only about a character the index lacks.
    """

    def __init__(self, table: dict[str, tuple[str, ...]]):
        self.table = table
        self.by_syllable: dict[str, set[str]] = {}
        for ch, rs in table.items():
            for r in rs:
                self.by_syllable.setdefault(r, set()).add(ch)
        self.syllables = frozenset(self.by_syllable)
        self._prefix: dict[str, frozenset[str]] = {}

    @classmethod
    def of_chars(cls, vocabulary: Iterable[str]) -> "Readings":
        return cls({c: r for c in vocabulary if (r := readings(c))})

    def of(self, ch: str) -> tuple[str, ...]:
        """The readings of ``ch`` (from the table; pypinyin for a character not in it)."""
        got = self.table.get(ch)
        return got if got is not None else readings(ch)

    def homophones(self, ch: str) -> frozenset[str]:
        """``ch`` and every character sharing one of its readings."""
        out = {ch}
        for r in self.of(ch):
            out |= self.by_syllable.get(r, set())
        return frozenset(out)

    def with_syllable(self, syl: str) -> frozenset[str]:
        return frozenset(self.by_syllable.get(syl, ()))

    def with_prefix(self, prefix: str) -> frozenset[str]:
        """Characters with a reading that starts with ``prefix`` (an initial: ``l``, ``zh``)."""
        got = self._prefix.get(prefix)
        if got is None:
            chars: set[str] = set()
            for syl, cs in self.by_syllable.items():
                if syl.startswith(prefix):
                    chars |= cs
            got = self._prefix[prefix] = frozenset(chars)
        return got

    def is_prefix(self, s: str) -> bool:
        return bool(self.with_prefix(s))


def char_class(chars: Iterable[str]) -> str:
    """A regular-expression character class matching any of ``chars``."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
