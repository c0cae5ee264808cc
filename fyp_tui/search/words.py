"""Word edges: does a fuzzy match start and end where words do?

A tier below exact may only report text that is a whole word or run of words:
楼经济 (楼宇经济 with a character deleted) found in 鼓楼经济社会发展 starts inside
鼓楼, and 楼宇经 found in 楼宇经营 ends inside 经营; neither is a slip of the query,
both are other words. The edges come from rjieba (the Rust port of jieba's
dictionary segmenter) run over a few characters either side of the match. A
segment of four or more characters that is two dictionary words of two or more
(经济社会 = 经济 + 社会) also has an edge between them.

The full dictionary (``import rjieba``) costs ~0.14 s to build; a stored index
instead gets a segmenter holding only the dictionary words its text can hold
(``lexicon``: the same edges, ~20 ms to build at 1,000 plans), so a fresh typo
query does not pay for the rest. Exact searches pay for neither.
"""

from __future__ import annotations

import functools
import operator
from itertools import compress, repeat
from typing import Any, Callable

from .index import SEP

REACH = 6  # characters of context either side that the segmenter sees
CACHE_MAX = 200_000  # windows whose edges are kept (then the cache starts afresh)

_cache: dict = {}  # window → its edges (and, from ``whole_words_raw``, key → verdict)


@functools.lru_cache(maxsize=1)
def _jieba():
    import rjieba

    return rjieba


def segmenter(index: Any = None):
    """What segments ``index``'s windows: its cut dictionary when it has one
    (``lexicon``), else the full one. Windows of any other text need the full one."""
    if index is None:
        return _jieba()

    def build():
        from .lexicon import load_or_build

        return load_or_build(index) or _jieba()

    return index.derived("_segmenter", build)


def _edges(jb, window: str) -> frozenset[int]:
    out = {0, len(window)}
    for word, a, b in jb.tokenize(window):
        out.add(a)
        out.add(b)
        if b - a >= 4:
            for k in range(2, b - a - 1):
                if jb.has_word(word[:k]) and jb.has_word(word[k:]):
                    out.add(a + k)
    return frozenset(out)


def edges(window: str, jb: Any = None) -> frozenset[int]:
    """Offsets in ``window`` where a word starts or ends (``jb``: a segmenter that
    knows every dictionary word of ``window``; default the full dictionary)."""
    got = _cache.get(window)
    if got is None:
        got = _edges(jb or _jieba(), window)
        if len(_cache) >= CACHE_MAX:
            _cache.clear()
        _cache[window] = got
    return got


def _edges_all(windows: list[str], jb: Any) -> list[frozenset[int]]:
    """``edges`` of each window: cached ones looked up at C speed, each distinct
    new window segmented once."""
    found: list = list(map(_cache.get, windows))
    if None in found:
        # The new ones from what was computed, not read back from the cache: it may
        # have been emptied on the way (``CACHE_MAX``).
        new = {w: edges(w, jb) for w in dict.fromkeys(compress(windows, map(operator.not_, found)))}
        found = list(map(new.get, windows, found))
    return found


def is_word(s: str, index: Any = None) -> bool:
    """Is ``s`` a word of the segmenter's dictionary? ``index``'s cut dictionary
    answers when every bigram of ``s`` is one of its text's; else the full one."""
    if index is not None and (index.postings.__contains__(s) if len(s) == 1
                              else all(map(index.postings.__contains__, map(str.__add__, s, s[1:])))):
        return bool(segmenter(index).has_word(s))
    return in_dictionary(s)


def in_dictionary(s: str) -> bool:
    """Is ``s`` a word of the full dictionary, as ``rjieba.has_word`` says? Looked up
    in jieba's ``dict.txt`` (the words rjieba embeds, one a line: word, frequency, tag)
    unless rjieba is already loaded: importing it builds the whole dictionary (~30 MB
    held for good, ~0.14 s) for what is one search of a 5 MB file."""
    import sys

    from .lexicon import dictionary_path

    path = None if "rjieba" in sys.modules or not s or s.isspace() else dictionary_path()
    if path is None:
        return bool(_jieba().has_word(s))
    got = _words_seen.get(s)
    if got is None:
        got = _words_seen[s] = listed_in(path, s)
    return got


def listed_in(path, s: str) -> bool:
    """Does the dictionary file at ``path`` have a line for the word ``s``? (Mapped
    for the search and unmapped after: nothing of it stays in the process.)"""
    import mmap

    w = s.encode("utf-8")
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm[: len(w) + 1] == w + b" " or mm.find(b"\n" + w + b" ") >= 0


_words_seen: dict[str, bool] = {}  # full-dictionary answers of this process (query pieces: few)


def whole_words(text: str, a: int, b: int, index: Any = None) -> bool:
    """Does ``text[a:b]`` start and end on word edges (within its unit)?"""
    lo = max(0, a - REACH)
    cut = text.rfind(SEP, lo, a)
    lo = cut + 1 if cut >= 0 else lo
    hi = min(len(text), b + REACH)
    cut = text.find(SEP, b, hi)
    hi = cut if cut >= 0 else hi
    found = edges(text[lo:hi], segmenter(index))
    return (a - lo) in found and (b - lo) in found


def whole_words_all(text: str, starts: list[int], ends: list[int], index: Any = None) -> list[bool]:
    """``whole_words`` for many matches at once, as C-level ``map`` calls (a common
    phrase's fuzzy tier checks thousands of matches): the same windows, the same
    cached segmentation, no Python code per match."""
    sub, add = operator.sub, operator.add
    lo = list(map(max, repeat(0), map(sub, starts, repeat(REACH))))
    # A separator between lo and the match: the window starts after it.
    lo = list(map(max, lo, map(add, map(text.rfind, repeat(SEP), lo, starts), repeat(1))))
    hi = list(map(min, repeat(len(text)), map(add, ends, repeat(REACH))))
    # str.find gives -1 when there is no separator: -1 % (hi + 1) is hi itself.
    hi = list(map(operator.mod, map(text.find, repeat(SEP), ends, hi), map(add, hi, repeat(1))))
    found = _edges_all(list(map(text.__getitem__, map(slice, lo, hi))), segmenter(index))
    first = map(frozenset.__contains__, found, map(sub, starts, lo))
    last = map(frozenset.__contains__, found, map(sub, ends, lo))
    return list(map(operator.and_, first, last))


def whole_words_within(text: str, starts: list[int], ends: list[int], firsts: list[int],
                       index: Any = None) -> list[bool]:
    """``whole_words_all`` where the caller knows where each match's unit starts
    (``firsts``) and ``text`` ends with a separator (a scan's chunks): the window
    starts at the unit or ``REACH`` before the match and ends at the unit's separator
    or ``REACH`` after it, without searching back for the previous separator."""
    if not text.endswith(SEP):
        return whole_words_all(text, starts, ends, index)
    sub, add = operator.sub, operator.add
    lo = list(map(max, firsts, map(sub, starts, repeat(REACH))))
    # The unit's separator if it comes within REACH, else REACH on (a find bounded at
    # REACH: a long unit is not searched to its end for each match); -1 % (e + REACH + 1)
    # is e + REACH. The text ends with a separator, so the window never runs past it.
    hi0 = list(map(add, ends, repeat(REACH)))
    hi = map(operator.mod, map(text.find, repeat(SEP), ends, hi0), map(add, hi0, repeat(1)))
    found = _edges_all(list(map(text.__getitem__, map(slice, lo, hi))), segmenter(index))
    first = map(frozenset.__contains__, found, map(sub, starts, lo))
    last = map(frozenset.__contains__, found, map(sub, ends, lo))
    return list(map(operator.and_, first, last))


def whole_words_bounded(text: str, starts, ends, lo, hi, index: Any = None) -> list[bool]:
    """``whole_words_within`` for numpy arrays: each match's unit runs from ``lo`` to its
    separator at ``hi``. The windows' bounds are a few numpy operations (the unit's
    separator is the first one after the match, so a bounded ``find`` is not needed);
    only slicing the windows and looking up their edges remain per match."""
    import numpy as np

    a = np.maximum(lo, starts - REACH)
    b = np.minimum(hi, ends + REACH)
    found = _edges_all(list(map(text.__getitem__, map(slice, a.tolist(), b.tolist()))), segmenter(index))
    first = map(frozenset.__contains__, found, (starts - a).tolist())
    last = map(frozenset.__contains__, found, (ends - a).tolist())
    return list(map(operator.and_, first, last))


# Bytes either side that hold REACH whole characters of any UTF-8 width (at most 4
# bytes each): where they begin inside a character, those REACH take fewer bytes.
RAW_REACH = 4 * REACH


def whole_words_raw(buf: bytes, starts, ends, lo, hi, index: Any = None) -> list[bool]:
    """``whole_words_bounded`` over UTF-8 bytes (numpy arrays of byte offsets: the
    matches, their units' first bytes ``lo`` and separators ``hi``), for matches of
    one string, without decoding ``buf``. The bytes within ``RAW_REACH`` of a match
    (in its unit) hold its word-edge window: the last ``REACH`` whole characters
    before it, the first ``REACH`` after. So the bytes and the match's place in them
    key the verdict, kept in the edge cache (tuples beside the windows' strings,
    under the same bound), and only new keys are decoded and segmented."""
    import numpy as np

    a = np.maximum(lo, starts - RAW_REACH)
    z = np.minimum(hi, ends + RAW_REACH)
    size = int(ends[0] - starts[0])
    keys = list(zip((starts - a).tolist(), repeat(size), map(buf.__getitem__, map(slice, a.tolist(), z.tolist()))))
    got = list(map(_cache.get, keys))
    if None in got:
        jb = segmenter(index)
        new = {k: _raw_verdict(k, jb) for k in dict.fromkeys(compress(keys, map(operator.is_, got, repeat(None))))}
        if len(_cache) + len(new) > CACHE_MAX:
            _cache.clear()
        _cache.update(new)  # type: ignore[arg-type]
        got = list(map(new.get, keys, got))
    return got  # type: ignore[return-value]  # every one found by now


def _raw_verdict(key: tuple[int, int, bytes], jb) -> bool:
    """Whether the match at ``key`` starts and ends on word edges (``raw_window``)."""
    window, a, b = raw_window(key)
    found = edges(window, jb)
    return a in found and b in found


def raw_window(key: tuple[int, int, bytes]) -> tuple[str, int, int]:
    """The word-edge window of the match at ``key`` (its offset and length in the
    bytes, the bytes around it in its unit), as ``whole_words`` cuts it from the
    text, and the match's offsets in it: a character cut at either end of the bytes
    is left out, then ``REACH`` characters kept either side."""
    at, size, raw = key
    before = raw[:at].decode("utf-8", "ignore")[-REACH:] if at else ""
    after = raw[at + size :].decode("utf-8", "ignore")[:REACH]
    match = raw[at : at + size].decode("utf-8")
    return before + match + after, len(before), len(before) + len(match)


PLACED_MAX = 500_000  # verdicts kept by place, per index and kind of offset (~4.5 MB; then afresh)
PLACED_WIDTH = 1 << 10  # a match's length (characters or bytes) shares its key with its place


class Placed:
    """Word-edge verdicts of one index's matches, by where they are in its text.

    The edge cache above is keyed by a window's text, so a query that finds many
    matches slices every window again to look it up (18,080 of 高质量发展 at 1,005
    plans: ~9 ms of a 50 ms misspelling). A match's verdict is a function of its place
    and length in the index's text (its window is cut there, within its unit, and the
    index's segmenter is fixed), so verdicts found once are kept by those as sorted
    numbers (place × ``PLACED_WIDTH`` + length) and looked up with numpy. Only the
    matches not kept are cut and segmented (their windows still shared through the
    edge cache). The keys are one index's: an index keeps one table per kind of
    offset (characters of the decoded text, bytes of the stored text)."""

    def __init__(self, limit: int = PLACED_MAX):
        import numpy as np

        self.limit = limit
        # Keys and verdicts as one pair, read once and replaced whole: searches in two
        # threads (the app's worker and one it cancelled) never see one without the other.
        self.kept = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool))

    @property
    def keys(self):
        return self.kept[0]

    @property
    def vals(self):
        return self.kept[1]

    def verdicts(self, places, lengths, compute: Callable[[Any], list[bool]]) -> list[bool]:
        """The verdicts of the matches at ``places`` (numpy, offsets in the index's
        text) of ``lengths``; ``compute(i)`` gives those of the matches ``i`` (numpy
        indices) that are not kept, which are kept from then on."""
        import numpy as np

        if not len(places):
            return []
        if int(lengths.max()) >= PLACED_WIDTH or int(lengths.min()) <= 0:
            return compute(np.arange(len(places)))
        keys = places.astype(np.int64) * PLACED_WIDTH + lengths
        k, v = self.kept
        if len(k):
            i = np.minimum(np.searchsorted(k, keys), len(k) - 1)
            hit = k[i] == keys
            if hit.all():
                return v[i].tolist()
        else:
            i, hit = None, np.zeros(len(keys), dtype=bool)
        miss = np.flatnonzero(~hit)
        new = np.asarray(compute(miss), dtype=bool)
        out = np.empty(len(keys), dtype=bool)
        if i is not None:
            out[hit] = v[i[hit]]
        out[miss] = new
        add, first = np.unique(keys[miss], return_index=True)  # sorted
        if len(k) + len(add) > self.limit:
            k, v = k[:0], v[:0]
        at = np.searchsorted(k, add)  # merged in order, not the whole table sorted again
        self.kept = (np.insert(k, at, add), np.insert(v, at, new[first]))
        return out.tolist()


def placed(index: Any, kind: str) -> Placed:
    """``index``'s verdicts by place for offsets of ``kind``."""
    return index.derived(f"_placed_{kind}", Placed)


def warm(index: Any = None) -> None:
    """Load the segmenter ahead of the first fuzzy query: ``index``'s cut dictionary
    when it has one (not rjieba's whole dictionary: 0.14 s and ~28 MB saved)."""
    segmenter(index)
