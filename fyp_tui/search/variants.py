"""Spelling variants of a query: Traditional→Simplified (OpenCC) and readings (pypinyin,
imported only when the index's stored table lacks a character).

``to_simplified`` converts with OpenCC's ``t2s`` profile. ``Readings`` knows, for
the characters of an index, every toneless reading of each (all readings of
polyphonic characters, ``ü`` written ``v``) and, per syllable, the characters that
can be read so: the ground for the homophone and pinyin tiers. It also knows the
rare readings (``bound_readings``): those pypinyin's phrase dictionary gives a
character in under ``RARE_SHARE`` of its phrases (强 as jiang in 倔强, 会 as kuai in 会计),
each with those phrases, or with none (族 as sou): the pinyin tiers take such a reading
only inside one of its phrases, as pypinyin itself reads a text.
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


T2S_END = 0x32000  # what t2s changes is looked for below this code point (the BMP, planes 2 and 3)


def to_simplified(s: str, changed: frozenset[str] | None = None) -> str:
    """``s`` in Simplified characters (unchanged if it already is). ASCII is never
    converted, so a Latin query does not load OpenCC; nor is a string none of whose
    characters is in ``changed`` (``t2s_changed``, when known)."""
    if not s or s.isascii():
        return s
    if changed is not None and changed.isdisjoint(s) and ord(max(s)) < T2S_END:
        return s
    return _converter().convert(s)


def t2s_changed() -> str | None:
    """Every character below ``T2S_END`` that OpenCC's t2s changes when it stands alone
    (5,119 with OpenCC 1.4), or None if OpenCC does not answer one line per character.
    A string holding none of them is left as it is: t2s's phrases override how one of
    these characters converts in context (乾隆 keeps 乾), so each holds one of them."""
    chars = [chr(i) for i in range(0x80, T2S_END) if not 0xD800 <= i < 0xE000]
    out = _converter().convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):
        return None
    return "".join(c for c, o in zip(chars, out) if c != o)


@functools.lru_cache(maxsize=65536)
def readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of a Han character (``()`` for anything else)."""
    if not is_cjk(ch):
        return ()
    Style, pinyin = _pypinyin()
    out = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
    return tuple(dict.fromkeys(r.lower() for r in out if r.isascii() and r.isalpha()))


RARE_SHARE = 0.1  # a reading in under this share of a character's dictionary phrases is rare


@functools.lru_cache(maxsize=1)
def bound_readings() -> dict[str, dict[str, tuple[str, ...]]]:
    """Character → its rare readings (not its first, in under ``RARE_SHARE`` of the phrases of
    pypinyin's phrase dictionary holding it), each with the phrases it is read in (none: a
    reading no phrase uses, 族 as sou). Characters in no phrase are left out: nothing is known.
    Built with the index (a second, 0.6 s); a query reads it from there."""
    from pypinyin.contrib.tone_convert import to_normal  # lǜ → lv, as ``readings`` spells it
    from pypinyin.phrases_dict import phrases_dict

    counts: dict[str, dict[str, list[str]]] = {}
    for phrase, rs in phrases_dict.items():
        for ch, r in zip(phrase, rs):
            if r:
                counts.setdefault(ch, {}).setdefault(to_normal(r[0]), []).append(phrase)
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for ch, by in sorted(counts.items()):
        total = sum(map(len, by.values()))
        rare = {r: tuple(by.get(r, ())) for r in readings(ch)[1:] if len(by.get(r, ())) < RARE_SHARE * total}
        if rare:
            out[ch] = rare
    return out


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

    def __init__(self, table: dict[str, tuple[str, ...]], bound: dict[str, dict[str, tuple[str, ...]]] | None = None):
        self.table = table
        self.bound = bound or {}  # character → rare reading → the phrases it is read in (``bound_readings``)
        self.by_syllable: dict[str, set[str]] = {}
        for ch, rs in table.items():
            for r in rs:
                self.by_syllable.setdefault(r, set()).add(ch)
        self.syllables = frozenset(self.by_syllable)
        self._prefix: dict[str, frozenset[str]] = {}
        self.rare_fits: dict[object, dict[str, tuple[str, ...]]] = {}  # per pinyin token (``pinyin.rare_check``)

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
