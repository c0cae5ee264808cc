"""Reading a Latin query as pinyin: ``louyujingji``, ``lyjj``, ``louyjj``, ``xi'an``.

The query is cut into tokens, each a full toneless syllable or the start of one (an
initial such as ``l`` or ``zh``); the cut with the fewest initials, then the fewest
tokens, wins, so ``louyujingji`` is four syllables. Letters with no vowel among them are
initials, one a character (``lyjj``, ``yshj``: sh is not one initial there). An
apostrophe or space forces a cut. The syllables are those of the index's characters
(``variants.Readings``), so nothing is hand-listed here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..numerals import NUMBER_CHARS
from .phrases import Phrases
from .scan import Check
from .variants import Readings
from .words import edges

_LATIN = re.compile(r"[a-z' ]+")
_VOWEL = re.compile(r"[aeiouv]")
MAX_LEN = 60
_LONGEST = 6  # zhuang, shuang, chuang


@dataclass(frozen=True)
class Token:
    text: str
    full: bool  # a whole syllable (else: the start of one)


def looks_like_pinyin(q: str) -> bool:
    """Only Latin letters (and apostrophes or spaces): worth reading as pinyin."""
    return bool(q) and len(q) <= MAX_LEN and _LATIN.fullmatch(q.lower()) is not None and any(
        c.isalpha() for c in q)


def parse(q: str, rd: Readings) -> list[Token] | None:
    """The best cut of ``q`` into syllables and initials, or None if there is none."""
    if not looks_like_pinyin(q):
        return None
    out: list[Token] = []
    for group in re.split(r"[' ]+", q.lower()):
        if group:
            cut = _cut(group, rd)
            if cut is None:
                return None
            out += cut
    return out or None


def _cut(s: str, rd: Readings) -> list[Token] | None:
    if not _VOWEL.search(s):
        # initials only (yshj, shhfw): one letter a character, as they are typed for a
        # term's first letters; sh, ch, zh as one initial would make yshj 以实绩, not 营商环境
        return [Token(c, False) for c in s] if all(rd.is_prefix(c) for c in s) else None
    n = len(s)
    # best[i]: (initials, tokens, cut) for s[:i]
    best: list[tuple[int, int, list[Token]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        if best[i] is None:
            continue
        partial, count, cut = best[i]
        for j in range(i + 1, min(n, i + _LONGEST) + 1):
            piece = s[i:j]
            if piece in rd.syllables:
                cand = (partial, count + 1, cut + [Token(piece, True)])
            elif rd.is_prefix(piece):
                cand = (partial + 1, count + 1, cut + [Token(piece, False)])
            else:
                continue
            if best[j] is None or cand[:2] < best[j][:2]:
                best[j] = cand
    return best[n][2] if best[n] else None


def token_chars(tok: Token, rd: Readings) -> frozenset[str]:
    return rd.with_syllable(tok.text) if tok.full else rd.with_prefix(tok.text)


def fitting(tok: Token, readings) -> list[str]:
    """Those of ``readings`` that ``tok`` spells: the syllable itself, or one it starts."""
    return [r for r in readings if (r == tok.text if tok.full else r.startswith(tok.text))]


class _PerChar(Check):
    """A test of a match's characters one by one: ``need[k]`` holds the characters that
    position ``k`` tests, each with what ``fits`` is told about it. Which positions of a
    string need it is worked out once per string (a common phrase is matched 70,000
    times)."""

    def __init__(self, need: list[dict]):
        self.need = need
        self._todo: dict[str, list[tuple[int, object]]] = {}

    def todo(self, s: str) -> list[tuple[int, object]]:
        got = self._todo.get(s)
        if got is None:
            got = [] if len(s) != len(self.need) else [
                (k, told) for k, (ch, n) in enumerate(zip(s, self.need)) if (told := n.get(ch)) is not None]
            self._todo[s] = got
        return got

    def needs(self, s: str) -> bool:
        return bool(self.todo(s))

    def __call__(self, text: str, s: str, start: int) -> bool:
        for k, told in self.todo(s):
            if not self.fits(text, start + k, told):
                return False
        return True

    def fits(self, text: str, at: int, told) -> bool:
        raise NotImplementedError


class _Rare(_PerChar):
    """``rare_check``'s test: per position, the characters fitting only by rare readings,
    each with where it stands in the phrases those readings are read in (offset, phrase)."""

    def fits(self, text: str, at: int, told) -> bool:
        return any(at >= o and text.startswith(p, at - o) for o, p in told)


def rare_check(tokens: list[Token], rd: Readings) -> Check | None:
    """Whether a match ``s`` at ``start`` of ``text`` reads each character as the tokens ask:
    a character that fits its token only by a rare reading (``Readings.bound``: 强 as jiang,
    族 as sou) fits only inside a phrase with that reading (倔强; none for sou), so ``szjj``
    does not find 三章加强 in 第十三章加强. None when no character needs it."""
    # Each phrase with the character's offsets in it, worked out once, not per match
    # (领域加强 is tried 2,300 times for lyjj at 10,005 plans).
    need = [{ch: tuple((o, p) for p in phrases for o, c in enumerate(p) if c == ch) for ch, phrases in
             _rare_fits(tok, rd).items()} for tok in tokens]
    return _Rare(need) if any(need) else None


def _rare_fits(tok: Token, rd: Readings) -> dict[str, tuple[str, ...]]:
    """The characters fitting ``tok`` only by rare readings, each with those readings' phrases
    (kept with ``rd``: the app asks again as a query is typed)."""
    got = rd.rare_fits.get(tok)
    if got is None:
        got = {}
        for ch in token_chars(tok, rd).intersection(rd.bound):
            rare = rd.bound[ch]
            fits = fitting(tok, rd.of(ch))
            if fits and all(r in rare for r in fits):
                got[ch] = tuple(p for r in fits for p in rare[r])
        rd.rare_fits[tok] = got  # kept once whole: the palette's threads may ask at the same time
    return got


class _Phrased(_PerChar):
    """``phrase_check``'s test: per position, the characters a phrase may read against their
    token, each with the readings that fit it and where phrases reading it otherwise
    would lie (``Phrases.against``)."""

    def __init__(self, phrases: Phrases, need: list[dict[str, tuple[frozenset[str], tuple[tuple[int, int], ...]]]],
                 jb):
        super().__init__(need)
        self.phrases = phrases
        self.edges = functools.partial(edges, jb=jb)

    def fits(self, text: str, at: int, told) -> bool:
        fits, against = told
        return self.phrases.allows(text, at, fits, against, self.edges)


def phrase_check(tokens: list[Token], rd: Readings, phrases: Phrases, jb) -> Check | None:
    """Whether a match ``s`` at ``start`` of ``text`` reads each character by a reading the
    phrases around it allow (``phrases``: a phrase covering it that reads it the token's
    way lets it fit, one that reads it only otherwise does not); None when no character of the
    tokens' classes can be read otherwise by a phrase. ``jb``: the segmenter that tells
    where the text's words begin and end (``words.segmenter``)."""
    need: list[dict[str, tuple[frozenset[str], tuple[tuple[int, int], ...]]]] = []
    for tok in tokens:
        got = {}
        for ch in token_chars(tok, rd).intersection(phrases.said):
            fits = frozenset(fitting(tok, rd.of(ch)))
            against = phrases.against(ch, fits)
            if against:
                got[ch] = (fits, against)
        need.append(got)
    return _Phrased(phrases, need, jb) if any(need) else None


class _Numbers(Check):
    """``number_check``'s test."""

    def __init__(self, first: bool, last: bool):
        self.first, self.last = first, last

    def needs(self, s: str) -> bool:
        return bool(s) and (self.first and s[0] in NUMBER_CHARS or self.last and s[-1] in NUMBER_CHARS)

    def __call__(self, text: str, s: str, start: int) -> bool:
        end = start + len(s)
        if self.first and s[0] in NUMBER_CHARS and start > 0 and (text[start - 1] in NUMBER_CHARS
                                                                 or text[start - 1] == "第"):
            return False
        return not (self.last and s[-1] in NUMBER_CHARS and end < len(text) and text[end] in NUMBER_CHARS)


def number_check(classes: list[frozenset[str]]) -> Check | None:
    """Whether a match ``s`` at ``start`` of ``text`` neither starts nor ends inside a number
    or a heading's number (第二十章积极 holds no 十章积极 for ``szjj``); None when neither the
    first class nor the last holds a numeral, so no match can."""
    first, last = bool(classes[0] & NUMBER_CHARS), bool(classes[-1] & NUMBER_CHARS)
    return _Numbers(first, last) if first or last else None


class _Both(Check):
    def __init__(self, checks: list[Check]):
        self.checks = checks
        self._live: dict[str, list[Check]] = {}  # string → the checks it needs

    def live(self, s: str) -> list[Check]:
        got = self._live.get(s)
        if got is None:
            got = self._live[s] = [c for c in self.checks if c.needs(s)]
        return got

    def needs(self, s: str) -> bool:
        return bool(self.live(s))

    def __call__(self, text: str, s: str, start: int) -> bool:
        for c in self.live(s):
            if not c(text, s, start):
                return False
        return True


def both(*checks: Check | None) -> Check | None:
    """The checks that apply, all of them (None: none does)."""
    live = [c for c in checks if c is not None]
    return None if not live else live[0] if len(live) == 1 else _Both(live)
