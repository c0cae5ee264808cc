"""Title search over every section heading of every plan, for jump-to.

Headings holding the query come first (shorter headings higher), then those holding
it with homophone slips (楼语经济 → 楼宇经济), then fuzzy matches (rapidfuzz
``partial_ratio`` on the heading keys that share a bigram with the query); a Latin
query is also matched against each heading's pinyin, full and initials.
Traditional input is converted.

At 1,000 plans there are some 180,000 headings, and the palette asks on every
keystroke, so nothing here loops over all of them in Python: the keys (and their
pinyin) are joined into one string each, searched with ``re`` / ``str.find``, and
an occurrence is mapped back to its heading by bisecting the keys' offsets.
"""

from __future__ import annotations

import bisect
import heapq
import operator
import re
from itertools import accumulate, compress, repeat

from rapidfuzz import fuzz, process

from ..textnorm import has_cjk
from .cache import healing
from .engine import UnitFilter, heading_path, prepare, readings_of, searchable
from .index import SEP, SearchIndex
from .pinyin import looks_like_pinyin
from .results import Filters, TitleHit
from .units import HEADING, display_span
from .variants import char_class, to_simplified

_start = re.Match.start


class _Joined:
    """Strings joined by SEP, with each one's offset, searchable in one call."""

    def __init__(self, parts: list[str]):
        self.text = SEP.join(parts) + SEP
        self.offsets = list(accumulate((len(p) + 1 for p in parts[:-1]), initial=0)) if parts else []

    def first_hits(self, q: str) -> dict[int, int]:
        """For each part holding ``q``: the offset of its first occurrence in that part."""
        return self.first_hits_of(re.finditer(re.escape(q), self.text))

    def first_hits_of(self, matches) -> dict[int, int]:
        """For each part holding one of ``matches`` (of ``text``): the first one's offset."""
        at = list(map(_start, matches))
        which = list(map(operator.sub, map(bisect.bisect_right, repeat(self.offsets), at), repeat(1)))
        off = list(map(operator.sub, at, map(self.offsets.__getitem__, which)))
        return dict(zip(reversed(which), reversed(off)))  # reversed: the first one wins


class _Headings:
    """The heading units of an index and their keys."""

    def __init__(self, index: SearchIndex):
        n = index.n_units
        self.uids = list(compress(range(n), map(operator.eq, index.unit_block, repeat(HEADING))))
        self.keys = list(map(index.unit_key, self.uids))
        self.lens = list(map(len, self.keys))
        self.joined = _Joined(self.keys)
        self.number = dict(zip(self.uids, range(len(self.uids))))  # unit id → heading number


def _headings(index: SearchIndex) -> _Headings:
    return index.derived("_headings", lambda: _Headings(index))


def _pinyin_of(index: SearchIndex) -> tuple[_Joined, _Joined, dict[str, str]]:
    """Every heading key in full pinyin (first reading) and in initials, joined; and
    the syllable of each character."""
    def build():
        heads = _headings(index)
        rd = readings_of(index)
        syl: dict[str, str] = {}
        for c in set(heads.joined.text):
            r = rd.of(c)
            syl[c] = r[0] if r else c
        ini = {c: s[:1] for c, s in syl.items()}
        full = ["".join(map(syl.__getitem__, k)) for k in heads.keys]
        initials = ["".join(map(ini.__getitem__, k)) for k in heads.keys]
        return _Joined(full), _Joined(initials), syl

    return index.derived("_heading_pinyin", build)


def warm(index: SearchIndex) -> None:
    """Build the headings' tables (and their pinyin) ahead of the first keystroke."""
    _pinyin_of(index)


@healing
def search_titles(index: SearchIndex, query: str, limit: int = 20,
                  filters: Filters | None = None) -> list[TitleHit]:
    q = to_simplified(prepare(query))
    if not q or not searchable(q) or limit <= 0:
        return []
    heads = _headings(index)
    flt = UnitFilter(index, filters) if filters else None

    def allowed(hits: dict[int, int]) -> dict[int, int]:
        return hits if flt is None else {i: p for i, p in hits.items() if flt(heads.uids[i])}

    found: dict[int, tuple[float, tuple[int, int]]] = {}  # heading number → score, key span

    def offer(i: int, score: float, span: tuple[int, int]) -> None:
        if i not in found or found[i][0] < score:
            found[i] = (score, span)

    exact = allowed(heads.joined.first_hits(q))
    for _, i in heapq.nsmallest(limit, zip(map(heads.lens.__getitem__, exact), exact)):
        offer(i, 90.0 + 10.0 * len(q) / heads.lens[i], (exact[i], exact[i] + len(q)))
    if len(exact) < limit and len(q) >= 2 and has_cjk(q):
        for i, score, span in _homophones(index, heads, q, limit, allowed):
            offer(i, score, span)
    if len(found) < limit:
        for i, score, span in _fuzzy(index, heads, q, limit, flt):
            offer(i, score, span)
    if looks_like_pinyin(q) and len(found) < limit:
        for i, score, span in _pinyin(index, heads, q, limit, allowed):
            offer(i, score, span)
    ranked = heapq.nsmallest(limit, found.items(), key=lambda kv: (-kv[1][0], heads.uids[kv[0]]))
    return [_title_hit(index, heads.uids[i], score, span) for i, (score, span) in ranked]


def _homophones(index: SearchIndex, heads: _Headings, q: str, limit: int, allowed):
    """Headings holding the query with input-method slips (楼语经济 for 楼宇经济): each
    character replaced by one of the same reading; fewer replacements score higher."""
    rd = readings_of(index)
    classes = [rd.homophones(c) for c in q]
    if all(len(c) == 1 for c in classes):
        return
    ms = list(re.finditer("".join(char_class(c) for c in classes), heads.joined.text))
    found = heads.joined.first_hits_of(ms)
    strings = dict(zip(map(_start, ms), map(re.Match.group, ms)))
    diff = {s: sum(a != b for a, b in zip(s, q)) for s in set(strings.values())}
    ok = allowed(found)
    offsets = heads.joined.offsets

    def slips(i: int) -> int:
        return diff[strings[offsets[i] + ok[i]]]

    for i in heapq.nsmallest(limit * 2, ok, key=lambda i: (slips(i), heads.lens[i], i)):
        yield i, 89.5 - slips(i) - len(q) / (2 * heads.lens[i]), (ok[i], ok[i] + len(q))


def _fuzzy(index: SearchIndex, heads: _Headings, q: str, limit: int, flt):
    """Headings within reach of a typo: those sharing a bigram with ``q`` (one edit
    leaves one intact in four characters or more) or else a character, scored by
    rapidfuzz ``partial_ratio``."""
    grams = {q[i : i + 2] for i in range(len(q) - 1)} if len(q) >= 4 else set()
    units = index.any_of(grams) if grams else set()
    if not units:
        units = index.any_of(set(q))
    cands = sorted(i for i in map(heads.number.get, units) if i is not None)
    if flt is not None:
        cands = [i for i in cands if flt(heads.uids[i])]
    keys = list(map(heads.keys.__getitem__, cands))
    for _, score, j in process.extract(q, keys, scorer=fuzz.partial_ratio, limit=limit * 2,
                                       score_cutoff=60):
        al = fuzz.partial_ratio_alignment(q, keys[j])
        yield cands[j], min(score, 89.0), (al.dest_start, al.dest_end)


def _pinyin(index: SearchIndex, heads: _Headings, q: str, limit: int, allowed):
    """Headings whose full pinyin or initials hold ``q``; a shorter heading scores higher."""
    full, initials, syl = _pinyin_of(index)
    in_full = allowed(full.first_hits(q))
    in_initials = allowed(initials.first_hits(q))
    # A shorter heading scores higher: only the shortest few of each kind can rank.
    shortest = lambda hits: heapq.nsmallest(limit * 2, hits, key=lambda i: (heads.lens[i], i))  # noqa: E731
    for i in shortest(in_initials):  # one letter a character, so the span is direct
        if i not in in_full:
            p = in_initials[i]
            yield i, 80.0 * len(q) / max(len(q), heads.lens[i]) + 10, (p, p + len(q))
    for i in shortest(in_full):
        # Map the letters matched back to characters of the key.
        key, p = heads.keys[i], in_full[i]
        ends = list(accumulate(len(syl[c]) for c in key))
        a = bisect.bisect_right(ends, p)
        b = bisect.bisect_left(ends, p + len(q)) + 1
        yield i, 80.0 * len(q) / max(len(q), ends[-1]) + 10, (a, min(b, len(key)))


def _title_hit(index: SearchIndex, uid: int, score: float, span: tuple[int, int]) -> TitleHit:
    pid = index.plans[index.plan_at(uid)].id
    sid = index.sec_ids[index.unit_sec[uid]]
    shown, path = heading_path(index, pid, sid)  # kept for recent hits; the plan is not kept by the corpus
    spans = [display_span(shown, *span)] if span[1] > span[0] else []
    return TitleHit(plan=pid, section=sid, title=shown, score=round(score, 1), spans=spans, path=path)
