"""How a dictionary phrase reads its characters: 重 is zhong in 重点 and chong in 重新.

Pinyin search lets each character of the text stand for any of its readings, so
``chongdian`` found 重点 and ``zhangjiang`` found 长江. pypinyin keeps a dictionary of
the phrases whose reading the characters alone do not settle (47,111 phrases). From
it the index keeps the phrases that hold a character with more than one reading
and whose every bigram occurs in the text, each with its characters' readings
(``build``). A stored index keeps the table beside its store (``sidecar``), written
when the store is written (or by the first pinyin query of an older store), so a
query reads it and never imports pypinyin.

``pinyin.phrase_check``: a character of a match that fits its pinyin token only by a reading
which every dictionary phrase covering it in the text reads otherwise (and at least
one does) does not fit. Only phrases that begin and end where the text's words do
count (``words.edges``): 完成长江 holds 成长, read zhang, but is 完成|长江. Where no
phrase covers it, nothing is known and it fits; where one phrase reads it the
token's way, it fits (no phrase is trusted over another).
"""

from __future__ import annotations

from typing import Callable

import msgspec

from .sidecar import kept, unwrap, wrap
from .words import REACH

FORMAT = 2

Readings = list[list[str]]  # a phrase's characters' toneless readings, all the dictionary gives (朝阳: zhao/chao, yang)


class Phrases:
    """The phrase table of an index, with what a check needs from it."""

    def __init__(self, phrases: dict[str, Readings]):
        # One object for each distinct set of readings (a few hundred for 50,000 phrases):
        # less memory, and ``budget.footprint`` counts each once.
        sets: dict[frozenset[str], frozenset[str]] = {}
        self.phrases = {p: tuple(sets.setdefault(r, r) for r in map(frozenset, rs)) for p, rs in phrases.items()}
        said: dict[str, set[str]] = {}
        slots: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
        for p, rs in self.phrases.items():
            for o, (ch, r) in enumerate(zip(p, rs)):
                if r:
                    said.setdefault(ch, set()).update(r)
                    slots.setdefault(ch, []).append((o, len(p), r))
        self.said = said  # character → the readings some phrase gives it
        self.slots = slots  # character → (its offset, the phrase's length, its readings there)
        self.spans = {ch: tuple(sorted({(o, n) for o, n, _ in v})) for ch, v in slots.items()}  # (offset, length)
        self.reach = max(map(len, phrases), default=0) + REACH  # context that settles a phrase's edges

    def against(self, ch: str, fits: frozenset[str]) -> tuple[tuple[int, int], ...]:
        """Where phrases that read ``ch`` by none of ``fits`` lie around it: (its offset
        in the phrase, the phrase's length), distinct."""
        return tuple(sorted({(o, n) for o, n, r in self.slots.get(ch, ()) if not r & fits}))

    def allows(self, text: str, at: int, fits: frozenset[str], against: tuple[tuple[int, int], ...],
               edges: Callable[[str], frozenset[int]]) -> bool:
        """May ``text[at]`` be read by one of ``fits``? No when the dictionary phrases
        covering it that begin and end where words of the text do (``edges``: a
        window's word edges) read it, and all otherwise: 完成长江 holds 成长 (zhang),
        but 完成|长江 is how it is read. ``against``: where a phrase reading it otherwise
        would lie (``against``); when none is there, it fits at once."""
        get = self.phrases.get
        for o, n in against:
            if at >= o and (rs := get(text[at - o : at - o + n])) is not None and not rs[o] & fits:
                break
        else:
            return True
        found = []
        for o, n in self.spans.get(text[at], ()):
            a = at - o
            if a >= 0 and (rs := get(text[a : a + n])) is not None and rs[o]:
                found.append((a, n, rs[o]))
        if all(r & fits for _, _, r in found):
            return True
        lo = max(0, at - self.reach)
        cuts = edges(text[lo : at + self.reach])
        said = [r for a, n, r in found if a - lo in cuts and a + n - lo in cuts]
        return not said or any(r & fits for r in said)


def build(index) -> dict[str, Readings]:
    """The phrases of pypinyin's dictionary that read one of their characters by one of
    several readings the index knows for it, and whose every bigram occurs in the
    index, each with its characters' toneless readings (lǜ → lv, as
    ``variants.readings`` spells them; every reading the dictionary gives, 朝阳 being
    zhao- and chaoyang). Read once per index change: nothing of the dictionary is kept."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.phrases_dict import phrases_dict

    table, postings = index.readings, index.postings
    out = {}
    for p, rs in phrases_dict.items():
        if len(p) < 2 or len(p) != len(rs) or not all(p[i : i + 2] in postings for i in range(len(p) - 1)):
            continue
        read = [list(dict.fromkeys(to_normal(x).lower() for x in r)) for r in rs]
        if any(len(table.get(ch, ())) > 1 and set(r) & set(table[ch]) for ch, r in zip(p, read)):
            out[p] = read
    return out


def encode(phrases: dict[str, Readings]) -> bytes:
    return wrap(FORMAT, msgspec.msgpack.encode(phrases))  # msgpack of phrase → ``Readings``


def decode(data: bytes) -> dict[str, Readings] | None:
    """The table, or None: not one this code wrote, or damaged (then it is built again)."""
    body = unwrap(data, FORMAT)
    if body is None:
        return None
    try:
        phrases = msgspec.msgpack.decode(body, type=dict[str, Readings])
    except msgspec.DecodeError:
        return None
    return phrases if all(len(p) == len(rs) for p, rs in phrases.items()) else None


def phrases_of(index) -> Phrases:
    """The index's phrase table, read or built once per index."""
    return index.derived("_phrases", lambda: Phrases(kept(index, "phrases", lambda: build(index), encode, decode)))
