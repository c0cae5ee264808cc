"""The match tiers below exact: homophone, typo, split and pinyin.

Each tier takes a prepared query, the index and a ``Scope`` (which units may be
searched, which spans are already taken by a better tier) and returns matches
``(unit id, score, spans)``, spans being ``(start, end)`` offsets into the unit's
key. Candidates always come from posting lists first, so a tier reads only the
units that could match.
"""

from __future__ import annotations

import itertools
import re
from typing import Callable, Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .index import SearchIndex
from .pinyin import Token, token_chars
from .variants import Readings, char_class

Span = tuple[int, int]
Match = tuple[int, float, tuple[Span, ...]]

CAP = 5000  # a fuzzy tier stops after about this many matches (its count is then a floor)
SPLIT_GAP = 8  # at most this many characters between the two halves of a split term
SPLIT_MIN, SPLIT_MAX = 4, 20  # query lengths the split tier applies to
_SPLIT_STOP = "。；！？\x00"


class Stopped(Exception):
    """The caller's ``stop`` said so: the search ends early (its result is dropped)."""


class Scope:
    """The units a search may look at, and the spans better tiers already hold."""

    def __init__(self, index: SearchIndex, ok: Callable[[int], bool] | None,
                 seed: Callable[[int], list[Span]], stop: Callable[[], bool] | None = None):
        self.index = index
        self._ok = ok
        self._seed = seed  # spans of the exact tiers in a unit, computed on demand
        self._stop = stop  # asked now and then: a newer query may have made this one moot
        self._asked = 0
        self.taken: dict[int, list[Span]] = {}
        self.capped = False  # some tier stopped at CAP

    def ok(self, uid: int) -> bool:
        return self._ok is None or self._ok(uid)

    def keep(self, uids: Iterable[int]) -> list[int]:
        return sorted(uids) if self._ok is None else sorted(u for u in uids if self._ok(u))

    def spans(self, uid: int) -> list[Span]:
        self._asked += 1
        if self._stop is not None and not self._asked % 256 and self._stop():
            raise Stopped
        got = self.taken.get(uid)
        if got is None:
            got = self.taken[uid] = list(self._seed(uid))
        return got

    def free(self, uid: int, spans: Sequence[Span]) -> bool:
        a, b = spans[0][0], spans[-1][1]
        return all(e <= a or s >= b for s, e in self.spans(uid))

    def claim(self, matches: list[Match]) -> list[Match]:
        """Keep the matches that overlap nothing taken, best first, and take them."""
        out = []
        for m in sorted(matches, key=lambda m: (-m[1], m[0], m[2][0])):
            if self.free(m[0], m[2]):
                self.spans(m[0]).append((m[2][0][0], m[2][-1][1]))
                out.append(m)
        return out


def _regex_matches(index: SearchIndex, scope: Scope, rx: re.Pattern, uids: list[int],
                   score: Callable[[str], float]) -> list[Match]:
    text, st = index.text, index.starts
    out: list[Match] = []
    for u in uids:
        if len(out) >= CAP:
            scope.capped = True
            break
        a = st[u]
        for m in rx.finditer(text, a, st[u + 1] - 1):
            sc = score(m.group())
            if sc > 0:
                out.append((u, sc, ((m.start() - a, m.end() - a),)))
    return out


def _pair_grams(index: SearchIndex, c1: frozenset[str], c2: frozenset[str]) -> list[str] | None:
    """The bigrams of ``c1`` × ``c2`` that occur somewhere (None: too many to list)."""
    if len(c1) * len(c2) > 40_000:
        return None
    count = index.postings.count
    return [g for g in (a + b for a in c1 for b in c2) if count(g)]


def _class_candidates(index: SearchIndex, classes: Sequence[frozenset[str]],
                      own: str = "") -> set[int]:
    """Units that may hold a run drawn from ``classes`` other than ``own``.

    Such a run holds, for every adjacent pair, a bigram of that pair's product: the
    most selective pair's bigrams give one candidate set. It also differs from
    ``own`` in some pair, so it holds a bigram of that pair's product other than
    ``own``'s: the union of those leaves out the (often huge) postings of ``own``
    itself. Whichever set is smaller is read.
    """
    count = index.postings.count
    if len(classes) == 1:
        return index.any_of(c for c in classes[0] if c != own)
    pairs = [_pair_grams(index, c1, c2) for c1, c2 in zip(classes, classes[1:])]
    options = [p for p in pairs if p is not None]
    if own and len(own) == len(classes) and all(p is not None for p in pairs):
        options.append([g for i, grams in enumerate(pairs) for g in grams if g != own[i : i + 2]])
    if not options:  # every pair too wide: the narrowest single class
        return index.any_of(min(classes, key=len))
    return index.any_of(min(options, key=lambda gs: sum(count(g) for g in gs)))


def class_tier(index: SearchIndex, scope: Scope, classes: Sequence[frozenset[str]],
               score: Callable[[str], float], own: str = "") -> list[Match]:
    """Runs of characters drawn from ``classes`` in order (homophone and pinyin tiers)."""
    if not classes or any(not c for c in classes):
        return []
    rx = re.compile("".join(char_class(c) for c in classes))
    uids = scope.keep(_class_candidates(index, classes, own))
    return scope.claim(_regex_matches(index, scope, rx, uids, score))


def homophone(index: SearchIndex, scope: Scope, q: str, rd: Readings,
              exclude: Iterable[str]) -> list[Match]:
    classes = [rd.homophones(c) for c in q]
    if all(len(c) == 1 for c in classes):
        return []
    skip = set(exclude)

    def score(s: str) -> float:
        return 0.0 if s in skip else 90.0 - sum(a != b for a, b in zip(s, q))

    return class_tier(index, scope, classes, score, own=q)


def pinyin(index: SearchIndex, scope: Scope, tokens: list[Token], rd: Readings) -> list[Match]:
    classes = [token_chars(t, rd) for t in tokens]
    base = 50.0 if all(t.full for t in tokens) else 40.0
    found = class_tier(index, scope, classes, lambda s: base)
    if not found:
        return found
    # Among matches of the same reading, the phrase the plans use most comes first.
    text, st = index.text, index.starts
    phrase = [text[st[u] + sp[0][0] : st[u] + sp[0][1]] for u, _, sp in found]
    freq: dict[str, int] = {}
    for p in phrase:
        freq[p] = freq.get(p, 0) + 1
    top = max(freq.values())
    return [(u, base + 9.0 * freq[p] / top, sp) for (u, _, sp), p in zip(found, phrase)]


def typo_budget(m: int) -> int:
    """Edits allowed for a query of ``m`` characters (0: no typo tier)."""
    return 0 if m < 4 or m > 40 else 1 if m < 8 else 2


def _estimate(index: SearchIndex, piece: str) -> int:
    """Units that may hold ``piece``: its own count, or its rarest bigram's."""
    count = index.postings.count
    if len(piece) <= 2:
        return count(piece)
    return min(count(piece[i : i + 2]) for i in range(len(piece) - 1))


def _anchors(index: SearchIndex, q: str, k: int) -> list[tuple[str, list[int]]]:
    """Strings of which any match within k edits holds one, with their offsets in q.

    Two ways, whichever reads fewer units: the k+1 rarest distinct characters (at
    most k of them can be lost), or the query cut into k+1 pieces (at most k pieces
    can be touched by k edits), the cut chosen to make the pieces rare.
    """
    count = index.postings.count
    rare = sorted(set(q), key=count)[: k + 1]
    best = [(c, [j for j, x in enumerate(q) if x == c]) for c in rare]
    best_cost = sum(count(c) for c in rare)
    m = len(q)
    est: dict[str, int] = {}
    for cuts in itertools.combinations(range(1, m), k):
        bounds = (0, *cuts, m)
        pieces = [(q[a:b], a) for a, b in zip(bounds, bounds[1:])]
        cost = 0
        for p, _ in pieces:
            if p not in est:
                est[p] = _estimate(index, p)
            cost += est[p]
        if cost < best_cost:
            best, best_cost = [(p, [a]) for p, a in pieces], cost
    return best


def typo(index: SearchIndex, scope: Scope, q: str) -> list[Match]:
    """Substrings within 1–2 edits of ``q`` (rapidfuzz Levenshtein on candidate windows).

    Only units holding one of the query's anchors (see ``_anchors``) and all but k
    of its distinct characters are read, and only windows around the anchors'
    occurrences are scored.
    """
    m, k = len(q), typo_budget(len(q))
    if not k:
        return []
    distinct = set(q)
    need = len(distinct) - k
    anchors = _anchors(index, q, k)
    cands: set[int] = set()
    for a, _ in anchors:
        cands.update(index.candidates(a) if len(a) > 1 else index.postings.get(a))
    text, st = index.text, index.starts
    windows: list[str] = []
    where: list[tuple[int, int, int]] = []
    for u in scope.keep(cands):
        if len(windows) >= 10 * CAP:
            scope.capped = True
            break
        key = text[st[u] : st[u + 1] - 1]
        if sum(c in key for c in distinct) < need:
            continue
        seen: set[tuple[int, int]] = set()
        for a, offsets in anchors:
            p = key.find(a)
            while p >= 0:
                for j in offsets:
                    lo = max(0, p - j - k)
                    region = key[lo : p - j + m + k]
                    if sum(x in region for x in distinct) < need:
                        continue
                    for s in range(lo, p - j + k + 1):
                        for n in range(m - k, m + k + 1):
                            if s + n <= len(key) and (s, n) not in seen:
                                seen.add((s, n))
                                windows.append(key[s : s + n])
                                where.append((u, s, n))
                p = key.find(a, p + 1)
    if not windows:
        return []
    scored = process.extract(q, windows, scorer=Levenshtein.distance, score_cutoff=k, limit=None)
    best = sorted(((d, abs(where[i][2] - m), where[i]) for _, d, i in scored))
    out: list[Match] = []
    for d, _, (u, s, n) in best:
        if scope.free(u, ((s, s + n),)):
            scope.spans(u).append((s, s + n))
            if d:
                out.append((u, 80.0 - 10.0 * (d - 1), ((s, s + n),)))
    return out


def split(index: SearchIndex, scope: Scope, q: str) -> list[Match]:
    """The query cut in two, the halves in order within ``SPLIT_GAP`` characters
    and one sentence (楼宇型经济, 发展楼宇和总部经济)."""
    m = len(q)
    if not SPLIT_MIN <= m <= SPLIT_MAX:
        return []
    found: list[Match] = []
    text, st = index.text, index.starts
    for i in range(2, m - 1):
        a, b = q[:i], q[i:]
        if len(b) < 2:
            continue
        uids = set(index.candidates(a)).intersection(index.candidates(b))
        rx = re.compile(f"({re.escape(a)})[^{_SPLIT_STOP}]{{1,{SPLIT_GAP}}}?({re.escape(b)})")
        for u in scope.keep(uids):
            if len(found) >= CAP:
                scope.capped = True
                break
            base = st[u]
            for mt in rx.finditer(text, base, st[u + 1] - 1):
                gap = mt.start(2) - mt.end(1)
                spans = ((mt.start(1) - base, mt.end(1) - base), (mt.start(2) - base, mt.end(2) - base))
                found.append((u, 60.0 - gap, spans))
    return scope.claim(found)
