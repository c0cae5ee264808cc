"""The match tiers below exact: homophone, typo, split and pinyin.

Where it can, a tier lists the distinct strings it could match (homophones from
the bigram graph, the strings one edit from the query) and scans the units that
may hold one of them for all of them at once (``listed``). Otherwise it turns the
query into one regular expression (character classes, the strings found within the typo budget, the two
halves with a gap for split), picks the units that could match (from the posting
lists, or for wide character classes such as pinyin initials from the letter
bitmaps of ``initials``), and lets ``scan.Scanner`` run it over them. Strings a better tier matched
are blockers for the lower ones, so no text is reported twice.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import sys
from itertools import repeat
from typing import Callable, Sequence

from ..numerals import HAN_NUMERALS
from . import initials
from .graph import adjacency
from .index import SEP, SearchIndex
from .phrases import phrases_of
from .pinyin import Token, both, number_check, phrase_check, rare_check, token_chars
from .scan import DENSE, FEW, Check, Found, Scanner, TierHits, alternation, offsets_array
from .variants import Readings, char_class
from .words import edges, is_word, segmenter

SPLIT_GAP = 8  # at most this many characters between the two halves of a split term
SPLIT_MIN, SPLIT_MAX = 4, 20  # query lengths the split tier applies to
_SPLIT_STOP = "。；！？\x00"

_start = re.Match.start

# A number is data, not spelling: 2025年 is not a slip of 2026年, nor “十四五” of “十五”.
# Chinese numerals count as a number in a run (十五, 二〇三〇) or before a counter
# (一届); alone they are often part of a word (一体化, 统一) and may be slips (一法 → 依法).
_NUMERALS = "0123456789" + HAN_NUMERALS
_NUMBER = re.compile(f"[0-9]+|[{HAN_NUMERALS}]{{2,}}|[{HAN_NUMERALS}](?=[年月日届次个项条家元岁])")


def keeps_fixed(q: str, s: str) -> bool:
    """Can ``s`` be a slip of ``q``? It holds the query's numbers unchanged (when the
    query has any) and no punctuation the query lacks (数字经济、 is not 数字经济局)."""
    if _NUMBER.search(q) and _NUMBER.findall(q) != _NUMBER.findall(s):
        return False
    return all(c.isalnum() or c in q for c in s)


def fixed_positions(q: str) -> set[int]:
    """Offsets of ``q`` no lower tier may change: its numbers and its punctuation."""
    out = {i for m in _NUMBER.finditer(q) for i in range(m.start(), m.end())}
    return out | {i for i, c in enumerate(q) if not c.isalnum()}


def _blocking(sc: Scanner) -> str:
    """The blockers as the first alternative of a pattern (see ``scan``)."""
    return alternation(sc.blockers) + "|" if sc.blockers else ""


def _risky(sc: Scanner):
    """Strings that could start before a blocker and run into it (or hold one): the
    leftmost match would then hide text a better tier holds."""
    blockers = tuple(sc.blockers)

    @functools.lru_cache(maxsize=None)
    def risky(s: str) -> bool:
        for b in blockers:
            if b in s[1:]:
                return True
            for n in range(1, min(len(s), len(b))):
                if s.endswith(b[:n]):
                    return True
        return False

    return risky


def _pair_grams(index: SearchIndex, c1: frozenset[str], c2: frozenset[str]) -> list[str]:
    """The bigrams of ``c1`` × ``c2`` that occur somewhere, listed from the bigram
    graph (what follows each character of ``c1``), never by trying the product:
    pinyin initials such as ``lyjj`` have classes of hundreds of characters."""
    after = adjacency(index)[0]
    none: frozenset[str] = frozenset()
    if len(c1) * len(c2) <= sum(map(after.degree, c1)):
        count = index.postings.count
        return [g for g in (a + b for a in c1 for b in c2) if count(g)]
    return [a + b for a in c1 for b in after.get(a, none) & c2]


def _pairs(index: SearchIndex, classes: Sequence[frozenset[str]]) -> tuple[list[list[str]], list[int]]:
    """For each adjacent pair of ``classes``: the bigrams of its product that occur, and
    how many units their postings list in all (what reading them costs)."""
    count = index.postings.count
    pairs = [_pair_grams(index, c1, c2) for c1, c2 in zip(classes, classes[1:])]
    return pairs, [sum(map(count, gs)) for gs in pairs]


def _class_candidates(index: SearchIndex, classes: Sequence[frozenset[str]],
                      own: str = "") -> set[int] | None:
    """Units that may hold a run drawn from ``classes`` other than ``own`` (None: too
    many to be worth listing, scan them all).

    Such a run holds, for every adjacent pair, a bigram of that pair's product: the
    most selective pair's bigrams give one candidate set (narrowed by the next
    pair's when that is cheap). It also differs from ``own`` in some pair, so it
    holds a bigram of that pair's product other than ``own``'s: the union of those
    leaves out the (often huge) postings of ``own`` itself. The smallest sets are read.
    """
    count = index.postings.count
    if len(classes) == 1:
        options = [[c for c in classes[0] if c != own]]
        cost = [sum(map(count, options[0]))]
    else:
        pairs, cost = _pairs(index, classes)
        options = list(pairs)
        if own and len(own) == len(classes):
            options.append([g for i, grams in enumerate(pairs) for g in grams if g != own[i : i + 2]])
            cost.append(sum(map(count, options[-1])))
    order = sorted(range(len(options)), key=cost.__getitem__)
    if cost[order[0]] > DENSE * index.n_units:
        return None
    units = index.any_of(options[order[0]])
    if len(order) > 1 and cost[order[1]] < 4 * len(units):  # a second pair narrows it cheaply
        units &= index.any_of(options[order[1]])
    return units


CHAIN_MOST = 8  # posting ids a first query's chain may read, a unit (else it streams the text)


def chained_units(index: SearchIndex, classes: Sequence[frozenset[str]]):
    """The units holding every bigram of some string drawn from ``classes`` in order (a
    superset of the units a run of them can be in, most often a few more), as a
    sorted numpy array; None when finding them would read more than ``CHAIN_MOST``
    ids a unit from the posting lists (about what the pass over the text costs).

    Built a pair at a time along the run, each set kept by the character its strings
    end with: for 楼宇经济 a unit stays only if it holds 楼宇, then 宇经, then 经济. The
    units holding some bigram of each pair, the pairs taken one by one, are 19–25 %
    of all for lyjj or szjj at 1,005 plans; these are 1 %. A bigram's list is read
    at most once a pair, and only from a character some unit still ends a string with.
    """
    import numpy as np

    after = adjacency(index)[0]
    read = index.postings.array
    budget = CHAIN_MOST * index.n_units
    live = None  # character → sorted units holding a string drawn so far that ends with it
    held = np.zeros(index.n_units, dtype=np.bool_)  # the units of one such character, while its pairs are read
    for c1, c2 in zip(classes, classes[1:]):
        grown: dict[str, list] = {}
        for a in (c1 if live is None else live):
            if live is not None:
                held[live[a]] = True
            for b in after.get(a) & c2:
                got = read(a + b, np)
                budget -= len(got)
                if budget < 0:
                    return None
                if live is not None:
                    got = got[held[got]]
                if len(got):
                    grown.setdefault(b, []).append(got)
            if live is not None:
                held[live[a]] = False
        live = {b: _union(np, got) for b, got in grown.items()}
        if not live:
            return np.zeros(0, dtype=np.uint32)
    if live is None:
        return None
    return _union(np, list(live.values()))


def _union(np, arrays: list):
    """The ids in any of the sorted arrays, sorted, each once (a sort, not ``np.unique``,
    whose hashing made the chain ten times slower at 10,005 plans)."""
    if len(arrays) == 1:
        return arrays[0]
    ids = np.concatenate(arrays)
    ids.sort()
    keep = np.empty(len(ids), dtype=np.bool_)
    keep[:1] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


NARROW_TEXT = 0.5  # at most this share of the text in a first query's narrowed units, else stream it


def _narrowed(index: SearchIndex, classes: Sequence[frozenset[str]]) -> list[int] | None:
    """``chained_units`` as a list, or None when they are more than ``DENSE`` of all units
    (the scan would read the whole text anyway) or hold more than ``NARROW_TEXT`` of
    the text: searching them costs about what the letter pass over all of it does at
    half (at 1,005 plans: 46 % of the text in 0.72 s against 1.0 s for the pass)."""
    import numpy as np

    uids = chained_units(index, classes)
    if uids is None or len(uids) > DENSE * index.n_units:
        return None
    st = offsets_array(np, index.starts)
    if int((st[uids + 1].astype(np.int64) - st[uids]).sum()) > NARROW_TEXT * int(st[-1]):
        return None
    return uids.tolist()


def class_strings(index: SearchIndex, classes: Sequence[frozenset[str]],
                  most: int = 400) -> list[str] | None:
    """The strings drawn from ``classes`` whose every bigram occurs (None: more than
    ``most``, or a class too wide to list)."""
    if len(classes) < 2:
        return None
    pairs = [_pair_grams(index, c1, c2) for c1, c2 in zip(classes, classes[1:])]
    nexts: list[dict[str, list[str]]] = []
    for grams in pairs:
        d: dict[str, list[str]] = {}
        for g in grams:
            d.setdefault(g[0], []).append(g[1])
        nexts.append(d)
    paths = sorted({g[0] for g in pairs[0]})
    for d in nexts:
        paths = [p + c for p in paths for c in d.get(p[-1], ())]
        if len(paths) > most:
            return None
    return paths


def class_tier(sc: Scanner, classes: Sequence[frozenset[str]], want: int, rd: Readings, own: str = "",
               context: Check | None = None):
    """Runs of characters drawn from ``classes`` in order (homophone and pinyin tiers).

    The units to scan are those where such a run may start by the letters of the
    characters' readings (``initials``: a few numpy operations on letter bitmaps),
    else those the bigram postings allow."""
    # A blocker sharing no character with the classes can neither overlap nor equal
    # a run of them (a Latin query's pinyin runs): leaving it out of the pattern
    # changes no match and lets the regex engine skip to the first class's characters.
    used = set().union(*classes)
    blocking = _blocking(sc) if any(used.intersection(b) for b in sc.blockers) else ""
    rx = re.compile(blocking + "".join(char_class(c) for c in classes))
    stream = initials.first_ask(sc.index, classes)
    if stream:
        # A process's first such query: the units its chain of bigrams leaves, when they
        # are few, are read and searched directly; cheaper than a pass over the whole text.
        few = _narrowed(sc.index, classes)
        table = None if few is None or blocking else initials.class_table(sc.index, rd, classes)
        if table is not None:  # tried only where the letters allow a run to start
            at = initials.LetterStarts(rx, table, len(classes))
            return sc.scan(at, at.chunks(sc.chunks(few, packed=True)), want, risky=_risky(sc),  # type: ignore[arg-type]
                           context=context)
        if few is not None:
            return sc.scan(rx, sc.chunks(few, packed=True), want, risky=_risky(sc), context=context)
    got = initials.candidate_starts(sc.index, rd, classes, stream)
    if got is None:
        return sc.scan(rx, sc.chunks(_class_candidates(sc.index, classes, own), packed=True), want,
                       risky=_risky(sc), context=context)
    uids, starts = got
    if blocking:  # a blocker may match anywhere: the pattern searches every character
        return sc.scan(rx, sc.chunks(uids, packed=True), want, risky=_risky(sc), context=context)
    # Tried only where a run may start: the same matches without reading every character.
    at = initials.AtStarts(rx, sc.index, starts)
    return sc.scan(at, at.chunks(sc.chunks(uids, packed=True)), want, risky=_risky(sc), context=context)  # type: ignore[arg-type]


def homophone(sc: Scanner, q: str, rd: Readings, want: int) -> TierHits:
    fixed = fixed_positions(q)
    classes = [frozenset(c) if i in fixed else rd.homophones(c) for i, c in enumerate(q)]
    if all(len(c) == 1 for c in classes):
        return TierHits()

    def score(s: str) -> float:
        return 90.0 - sum(a != b for a, b in zip(s, q))

    strings = class_strings(sc.index, classes)
    if strings is not None:
        return listed(sc, strings, want, score)
    return class_tier(sc, classes, want, rd, own=q).ranked(score, want)


def scan_strings(sc: Scanner, strings: Sequence[str], want: int,
                 context: Check | None = None) -> Found:
    """Matches of the listed ``strings`` (not blockers): one scan of the units that
    may hold one of them (``context``: see ``Scanner.scan``; left out when no listed
    string needs it, so the faster paths stay open)."""
    strings = [s for s in strings if s not in sc.blockers]
    if not strings:
        return Found()
    if context is not None and not any(map(context.needs, strings)):
        context = None
    cands: set[int] = set()
    dead = set()
    own: dict[str, Sequence[int]] = {}  # each string's candidates: a scan per string reads these
    for s in strings:
        got = own[s] = sc.index.candidates(s)
        cands.update(got)
        if not got:
            dead.add(s)
    # A string no candidate unit can hold (none holds its rarest bigrams) is left out of
    # the pattern: often the query itself, a blocker, so the pattern is one literal.
    dead.update(b for b in sc.blockers if cands.isdisjoint(sc.index.candidates(b)))
    rx = re.compile(alternation(sc.blockers + strings, dead))
    live = [s for s in dict.fromkeys(sc.blockers + strings) if s not in dead]
    literal = live[0] if len(live) == 1 else None  # the pattern is that string alone
    risky = _risky(sc)
    # Its stored bytes are read undecoded unless it must be checked against the text
    # of blockers it might overlap.
    raw = literal is not None and not (sc.blockers and risky(literal)) and context is None
    # Few units, for a process without numpy yet: read one by one (the same matches)
    if context is None and not sc.quick and len(cands) <= FEW and not _numpy():
        return sc.in_units(rx, cands, want, literal if raw else None, risky)
    mine = [s for s in live if s not in sc.blockers]
    read = sum(map(len, own.values()))  # the units scans one string at a time would read
    if (len(live) > 1 and 0 < len(mine) <= SPLIT_MOST and read <= SPLIT_READ * len(cands) and context is None
            and not sc.quick and apart(live)):
        # No live string can overlap another or a blocker: every occurrence of each is a
        # match of the alternation and nothing else is, so each is scanned alone as a
        # literal (undecoded, from its own candidates) and the finds are added up.
        # 科技创薪's 科技创新 and two strings found in 7 units each: 46 → 43 ms at 1,005 plans.
        # Not when they share their candidates: 提高开放水品's 270 one-edit strings all lie
        # in the same 5 units (one scan of them, not 270). Nor unit by unit above: a fresh
        # 楼宇经纪 read its four strings' units in four reads, ~15 ms more than in one.
        # No overlap check either: a live blocker is apart from them, and a dead one lies
        # in none of their units (``risky`` would still name a string ending with its
        # first character).
        out = Found()
        for s in mine:
            out.add(sc.scan(re.compile(re.escape(s)), sc.chunks(own[s], packed=True, raw=True), want, literal=s))
        return out
    return sc.scan(rx, sc.chunks(cands, packed=True, raw=raw), want, risky=risky, literal=literal, context=context)


SPLIT_MOST = 8  # listed strings scanned one by one at most (each scan has its own overhead) …
SPLIT_READ = 1.25  # … and only when their candidates added up are at most this many times their union


def apart(strings: Sequence[str]) -> bool:
    """Whether no two of ``strings`` can share a character of text: none holds another,
    and none ends with what another begins with."""
    for a in strings:
        for b in strings:
            if a is b:
                continue
            if b in a or any(a.endswith(b[:n]) for n in range(1, min(len(a), len(b)))):
                return False
    return True


def _numpy() -> bool:
    """Whether this process has imported numpy already (then the chunked scan costs it nothing)."""
    return "numpy" in sys.modules


def listed(sc: Scanner, strings: Sequence[str], want: int, score: Callable[[str], float]) -> TierHits:
    return scan_strings(sc, strings, want).ranked(score, want)


def pinyin(sc: Scanner, tokens: list[Token], rd: Readings, want: int) -> TierHits:
    classes = [token_chars(t, rd) for t in tokens]
    if any(not c for c in classes):
        return TierHits()
    base = 50.0 if all(t.full for t in tokens) else 40.0
    # Among matches of the same reading, the phrase the plans use most comes first.
    strings = class_strings(sc.index, classes)
    phrased = phrase_check(tokens, rd, phrases_of(sc.index), segmenter(sc.index))
    held = both(rare_check(tokens, rd), number_check(classes), phrased)
    found = (scan_strings(sc, strings, want, held) if strings is not None
             else class_tier(sc, classes, want, rd, context=held))
    top = max(found.freq.values(), default=1)
    return found.ranked(lambda s: base + 9.0 * found.freq[s] / top, want)


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


def typo_strings(q: str, k: int, contexts: set[str], blockers: Sequence[str]) -> list[tuple[int, str]]:
    """The substrings of ``contexts`` within ``k`` edits of ``q`` (and not exact),
    as (distance, string), best first: fewer edits, then length nearer ``q``'s."""
    from rapidfuzz import process  # imported by the two-edit typo tier only
    from rapidfuzz.distance import Levenshtein

    m = len(q)
    windows: set[str] = set()
    for c in contexts:
        for part in c.split(SEP):  # windows never run across units
            for n in range(max(1, m - k), min(len(part), m + k) + 1):
                windows.update(part[s : s + n] for s in range(len(part) - n + 1))
    block = set(blockers)
    scored = process.extract(q, list(windows), scorer=Levenshtein.distance, score_cutoff=k, limit=None)
    # A string holding a blocker (x + 楼宇经济) would hide that better match.
    # A piece of the query (楼宇经 of 楼宇经济) is another word's start, not a slip.
    found = [(d, w) for w, d, _ in scored
             if d and w not in q and w not in block and not any(b in w for b in block)]
    return sorted(found, key=lambda dw: (dw[0], abs(len(dw[1]) - m), dw[1]))


def one_edit(index: SearchIndex, q: str) -> list[str]:
    """Strings one edit from ``q`` that may occur: every bigram of theirs does.

    A deletion at either end is left out: it is a piece of the query (楼宇经 of
    楼宇经济), found wherever another word starts the same way (楼宇经营). So is an
    insertion at either end (its string holds ``q``). A substitution at an end is
    tried only where the query's two characters there are not a word: 提高开放水品
    finds 提高开放水平, but 楼宇经济 does not find the other word 楼宇经营; and the new
    character must not stand as a word of its own, or the rest of the query followed
    by any word would match (数字经济局 found 数字经济的, 数字经济和). Inner
    edits take their character from those that both follow the left neighbour and
    precede the right one, so no alphabet is tried blindly.
    """
    after, before = adjacency(index)
    none: frozenset[str] = frozenset()
    m = len(q)
    out = dict.fromkeys(q[:i] + q[i + 1 :] for i in range(1, m - 1))
    for i in range(1, m - 1):
        for x in sorted(after.get(q[i - 1], none) & before.get(q[i + 1], none) - {q[i]}):
            out.setdefault(q[:i] + x + q[i + 1 :])
    jb = segmenter(index)
    if m >= 3 and not is_word(q[:2], index):
        for x in sorted(before.get(q[1], none) - {q[0]}):
            if 1 not in edges(x + q[1:], jb):
                out.setdefault(x + q[1:])
    if m >= 3 and not is_word(q[-2:], index):
        for x in sorted(after.get(q[-2], none) - {q[-1]}):
            if m - 1 not in edges(q[:-1] + x, jb):
                out.setdefault(q[:-1] + x)
    for i in range(1, m):
        for x in sorted(after.get(q[i - 1], none) & before.get(q[i], none)):
            out.setdefault(q[:i] + x + q[i:])
    has = index.postings.__contains__
    return [v for v in out if v != q and all(has(v[i : i + 2]) for i in range(len(v) - 1))]


def typo(sc: Scanner, q: str, want: int) -> TierHits:
    """Substrings within 1–2 edits of ``q`` (rapidfuzz Levenshtein).

    The distinct strings come first, then one scan for all of them counts and
    places every match. With one edit allowed, they are listed from the bigram
    graph (``one_edit``). With two, only units holding one of the query's anchors
    (see ``_anchors``) are read: around each anchor occurrence the stretch a match
    could cover is cut out, and the distinct stretches (a few hundred even when the
    anchor occurs thousands of times) are scored with rapidfuzz.
    """
    index = sc.index
    m, k = len(q), typo_budget(len(q))
    if not k:
        return TierHits()
    if k == 1:
        block = set(sc.blockers)
        found = [w for w in one_edit(index, q)
                 if w not in block and not any(b in w for b in block) and keeps_fixed(q, w)]
        return listed(sc, sorted(found, key=lambda w: (abs(len(w) - m), w)), want, lambda _: 80.0)
    else:
        chunks, variants = _two_edits(sc, q, k)
        variants = [(d, w) for d, w in variants if keeps_fixed(q, w)]
    if not variants:
        return TierHits()
    dist = dict((w, d) for d, w in variants)
    rx = re.compile(alternation(sc.blockers + [w for _, w in variants]))
    found = sc.scan(rx, chunks, want, risky=_risky(sc))
    return found.ranked(lambda s: 80.0 - 10.0 * (dist[s] - 1), want)


def _two_edits(sc: Scanner, q: str, k: int):
    """The chunks of units holding an anchor, and the strings within ``k`` edits in them."""
    index = sc.index
    m = len(q)
    anchors = _anchors(index, q, k)
    cands: set[int] = set()
    for a, _ in anchors:
        cands.update(index.candidates(a) if len(a) > 1 else index.postings.get(a))
    chunks = list(sc.chunks(cands))
    contexts: set[str] = set()
    for a, offsets in anchors:
        rxa = re.compile(re.escape(a))
        for ch in chunks:
            sc.check()
            ps = list(map(_start, rxa.finditer(ch.text, ch.pos, ch.endpos)))
            for j in offsets:
                lo = map(max, repeat(ch.pos), map(operator.sub, ps, repeat(j + k)))
                hi = map(operator.add, ps, repeat(m + k - j))
                contexts.update(map(ch.text.__getitem__, map(slice, lo, hi)))
    sc.check()
    return chunks, typo_strings(q, k, contexts, sc.blockers)


def split(sc: Scanner, q: str, want: int) -> TierHits:
    """The query cut in two, the halves in order within ``SPLIT_GAP`` characters
    and one sentence (楼宇型经济, 发展楼宇和总部经济)."""
    index = sc.index
    m = len(q)
    if not SPLIT_MIN <= m <= SPLIT_MAX:
        return TierHits()
    cuts = [(q[:i], q[i:]) for i in range(2, m - 1)]
    uids: set[int] = set()
    for a, b in cuts:
        uids.update(set(index.candidates(a)).intersection(index.candidates(b)))
    if not uids:
        return TierHits()
    def gap(a: str, b: str) -> str:
        # A cut inside a number takes no numeral: “十五”规划 is not “十四五”规划.
        stop = _SPLIT_STOP + (_NUMERALS if a[-1] in _NUMERALS and b[0] in _NUMERALS else "")
        return f"[^{stop}]{{1,{SPLIT_GAP}}}?"

    rx = re.compile(_blocking(sc) + "|".join(f"({re.escape(a)}){gap(a, b)}({re.escape(b)})" for a, b in cuts))

    def spans(mt: re.Match):
        last = mt.lastindex  # the second half of the cut that matched
        return (mt.span(last - 1), mt.span(last))

    found = sc.scan(rx, sc.chunks(uids, packed=True), want, groups=spans, risky=_risky(sc))
    # Every cut's halves add up to the query: the gap is what the string has beyond it.
    return found.ranked(lambda s: 60.0 - (len(s) - m), want)
