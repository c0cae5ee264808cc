"""Reading a Latin query as pinyin: ``louyujingji``, ``lyjj``, ``louyjj``, ``xi'an``.

The query is cut into tokens, each a full toneless syllable or the start of one (an
initial such as ``l`` or ``zh``); the cut with the fewest initials, then the fewest
tokens, wins, so ``louyujingji`` is four syllables and ``lyjj`` four initials. An
apostrophe or space forces a cut. The syllables are those of the index's characters
(``variants.Readings``), so nothing is hand-listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .variants import Readings

_LATIN = re.compile(r"[a-z' ]+")
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
