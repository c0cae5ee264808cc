"""Title search over every section heading (and 专栏 title, table caption) of every plan, for jump-to.

Headings holding the query come first (shorter headings higher), then those holding
it with homophone slips (楼语经济 → 楼宇经济), then fuzzy matches (rapidfuzz
``partial_ratio`` on the heading keys that share a bigram with the query); a Latin
query is also matched against each heading's pinyin, full and initials.
Traditional input is converted. Each hit says which of these found it (``tier``),
so a loose match is never shown as if it held the query.

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
from array import array
from itertools import accumulate, repeat

from rapidfuzz import fuzz, process

from ..model import Box
from ..textnorm import has_cjk
from .cache import healing
from .engine import (UnitFilter, heading_path, prepare, readings_of, searchable, section_names, section_of,
                     shown_text)
from .index import SEP, SearchIndex
from .scan import offsets_array
from .pinyin import looks_like_pinyin
from .results import Filters, TitleHit
from .units import HEADING, TITLE, display_span
from .simplified import simplified
from .variants import char_class

_start = re.Match.start


class _Joined:
    """Strings joined by SEP (each followed by one), with each one's offset, searchable
    in one call. Offsets are an ``array`` (8 bytes each), not a list of ints."""

    def __init__(self, text: str, offsets: array):
        self.text = text
        self.offsets = offsets

    def part(self, i: int, length: int) -> str:
        return self.text[self.offsets[i] : self.offsets[i] + length]

    def first_hits(self, q: str) -> dict[int, int]:
        """For each part holding ``q``: the offset of its first occurrence in that part."""
        return self.first_hits_of(re.finditer(re.escape(q), self.text))

    def first_hits_of(self, matches) -> dict[int, int]:
        """For each part holding one of ``matches`` (of ``text``): the first one's offset."""
        at = list(map(_start, matches))
        which = list(map(operator.sub, map(bisect.bisect_right, repeat(self.offsets), at), repeat(1)))
        off = list(map(operator.sub, at, map(self.offsets.__getitem__, which)))
        return dict(zip(reversed(which), reversed(off)))  # reversed: the first one wins


STEP = 100_000  # headings read, checked and decoded at a time (bounds the transient bytes objects)
READ_STEP = 2_000  # … by pread runs, which read the text between nearby headings too (~1.5 MB at a time)


class _Headings:
    """The heading units of an index and their keys, joined into one string.

    At 10,000 plans there are ~1.8 million headings: a list of their keys, a dict
    from unit id to heading number and per-heading pinyin strings held 1.7 GB and
    took 16 s to build. Here each heading is a slice of one string, the numbering
    is a sorted array searched by numpy, and the build reads the headings' stored
    bytes (checked against their CRCs) a step at a time.
    """

    def __init__(self, index: SearchIndex):
        import numpy as np

        blocks = np.asarray(index.unit_block, dtype=np.int32)  # a stored index's tables: views, no copy
        items = np.asarray(index.unit_item, dtype=np.int32)
        uids = np.flatnonzero((blocks == HEADING) | (items == TITLE))
        starts = offsets_array(np, index.starts)
        lens = starts[uids + 1].astype(np.int64) - starts[uids] - 1  # characters of each key (its SEP left out)
        self.uids_np = uids
        self.uids = array("q", uids.astype(np.int64).tobytes())
        self.lens = array("i", lens.astype(np.int32).tobytes())
        offsets = np.zeros(len(uids), dtype=np.int64)  # each key's offset in the joined string
        offsets[1:] = np.cumsum(lens[:-1] + 1)
        self.joined = _Joined(_joined_keys(index, uids), array("q", offsets.tobytes()))

    def key(self, i: int) -> str:
        return self.joined.part(i, self.lens[i])

    def numbers(self, units) -> list[int]:
        """Heading numbers of those of ``units`` that are headings, in order."""
        import numpy as np

        if not units:
            return []
        u = np.fromiter(units, dtype=np.int64, count=len(units))
        u.sort()
        at = np.searchsorted(self.uids_np, u)
        at[at >= len(self.uids_np)] = 0
        hit = self.uids_np[at] == u if len(self.uids_np) else np.zeros(len(u), dtype=bool)
        return at[hit].tolist()


def _joined_keys(index: SearchIndex, uids) -> str:
    """The keys of units ``uids``, each followed by SEP, as one string."""
    text = index.__dict__.get("_text")
    if text is not None:  # already decoded in this process
        starts = index.starts
        return "".join(map(text.__getitem__, map(slice, map(starts.__getitem__, uids.tolist()),
                                                 map(starts.__getitem__, (uids + 1).tolist()))))
    raw, bst = index.raw, index.bstarts
    runs = getattr(raw, "runs", None)
    if runs is not None:
        return _read_keys(index, uids, runs)
    out = []
    for k in range(0, len(uids), STEP):
        step = uids[k : k + STEP].tolist()
        pieces = list(map(raw.__getitem__, map(slice, map(bst.__getitem__, step),
                                               map(bst.__getitem__, [u + 1 for u in step]))))
        index.check_pieces(step, pieces)
        out.append(b"".join(pieces).decode("utf-8"))
    return "".join(out)


def _read_keys(index: SearchIndex, uids, runs) -> str:
    """``_joined_keys`` of a stored index: read with pread, nearby headings in one call
    (one call a heading took ~7 s at 10,000 plans), and gathered out of what was read
    by numpy rather than by a Python slice a heading."""
    import numpy as np

    bst = offsets_array(np, index.bstarts)  # a view of the store, not an int64 copy of every unit's
    out = []
    for k in range(0, len(uids), READ_STEP):
        step = uids[k : k + READ_STEP]
        buf, starts, ends = runs(bst[step].tolist(), bst[step + 1].tolist())
        with memoryview(buf) as mv:
            index.check_pieces(step.tolist(), map(mv.__getitem__, map(slice, starts, ends)))
        a, n = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64) - starts
        done = np.cumsum(n)
        at = np.repeat(a - (done - n), n) + np.arange(int(done[-1]) if len(done) else 0)  # each heading byte
        out.append(np.frombuffer(buf, dtype=np.uint8)[at].tobytes().decode("utf-8"))
    return "".join(out)


def _headings(index: SearchIndex) -> _Headings:
    return index.derived("_headings", lambda: _Headings(index))


def _pinyin_of(index: SearchIndex) -> tuple[_Joined, _Joined, dict[str, str]]:
    """Every heading key in full pinyin (first reading) and in initials, joined; and
    the syllable of each character. Both are the joined keys put through
    ``str.translate``: an initial is one letter a character, so the initials keep the
    keys' offsets; the full pinyin's offsets are found after its separators."""
    def build():
        import numpy as np

        heads = _headings(index)
        rd = readings_of(index)
        text = heads.joined.text
        # numpy over the code points, not Python per character (~2M headings at 10,000
        # plans), a step at a time: the whole text as 4-byte codes, and each result as
        # such, held 2-3 times the tables' own size at once
        seen = np.zeros(0x110000, dtype=bool)
        for a in range(0, len(text), SPELL_STEP):
            seen[_codes(np, text, a)] = True
        present = np.flatnonzero(seen).tolist()
        del seen
        syl: dict[str, str] = {}
        for c in map(chr, present):
            if c != SEP:
                r = rd.of(c)
                syl[c] = r[0] if r else c
        full_text, seps, initials = _spelled(np, text, present, syl)
        offsets = np.zeros(len(seps), dtype=np.int64)
        offsets[1:] = seps[:-1] + 1
        return _Joined(full_text, array("q", offsets.tobytes())), _Joined(initials, heads.joined.offsets), syl

    return index.derived("_heading_pinyin", build)


SPELL_STEP = 1 << 16  # characters spelled at a time (a step's numpy temporaries: ~60 bytes a character)
NO_READING = "\x01"


def _ascii(rep: str) -> str:
    return rep if rep.isascii() else NO_READING


def _codes(np, text: str, a: int):
    """The code points of ``text[a : a + SPELL_STEP]`` as a numpy array."""
    return np.frombuffer(text[a : a + SPELL_STEP].encode("utf-32-le"), dtype=np.uint32)


def _spelled(np, text: str, present: list[int], syl: dict[str, str]):
    """``text`` with each of ``syl``'s characters replaced by its syllable, the offsets
    of SEP in the result, and ``text`` with each replaced by its initial (one character
    for one, so the initials keep the text's offsets): a ragged gather in numpy a step
    at a time (what ``str.translate`` with a dict does one character at a time, ~3 s at
    10,000 plans). ``present``: the distinct code points of ``text``, sorted.

    A character with no reading that is not ASCII (、，（）) stands as ``NO_READING`` in
    both: no pinyin query holds it, and the results are then ASCII, one byte a
    character instead of two."""
    reps = [_ascii(syl.get(chr(c), chr(c))) for c in present]
    number = np.zeros(present[-1] + 1 if present else 1, dtype=np.int32)  # code → its replacement
    number[present] = np.arange(len(present), dtype=np.int32)
    table = np.frombuffer("".join(reps).encode("utf-32-le"), dtype=np.uint32)
    rep_len = np.fromiter(map(len, reps), dtype=np.int64, count=len(reps))
    rep_off = np.cumsum(rep_len) - rep_len
    first = np.frombuffer("".join(r[:1] for r in reps).encode("utf-32-le"), dtype=np.uint32)  # each one's initial
    parts, inits, seps, done = [], [], [], 0
    for a in range(0, len(text), SPELL_STEP):
        chunk = _codes(np, text, a)
        k = number[chunk]
        inits.append(first[k].tobytes().decode("utf-32-le"))
        n = rep_len[k]
        ends = np.cumsum(n)
        gather = np.repeat(rep_off[k] - (ends - n), n) + np.arange(int(ends[-1]))
        parts.append(table[gather].tobytes().decode("utf-32-le"))
        seps.append(ends[chunk == ord(SEP)] - 1 + done)
        done += int(ends[-1])
    return ("".join(parts), (np.concatenate(seps) if seps else np.zeros(0, dtype=np.int64)), "".join(inits))


def warm(index: SearchIndex) -> None:
    """Build the headings' tables (and their pinyin) ahead of the first keystroke."""
    _pinyin_of(index)


@healing
def count_titles(index: SearchIndex, query: str, filters: Filters | None = None) -> int:
    """How many headings (sections', 专栏 and table titles) hold ``query`` as written
    (Traditional read as Simplified) in the plans ``filters`` keeps: the total behind
    the best ``limit`` a title search ranks."""
    q = simplified(index, prepare(query))
    if not q or not searchable(q):
        return 0
    heads = _headings(index)
    return len(_allowed(heads, UnitFilter(index, filters) if filters else None)(heads.joined.first_hits(q)))


def _allowed(heads: _Headings, flt):
    """What keeps the headings (number → where the query is) of the units ``flt`` (a
    ``UnitFilter`` or None) keeps."""

    def allowed(hits: dict[int, int]) -> dict[int, int]:
        return hits if flt is None else {i: p for i, p in hits.items() if flt(heads.uids[i])}

    return allowed


@healing
def search_titles(index: SearchIndex, query: str, limit: int = 20,
                  filters: Filters | None = None) -> list[TitleHit]:
    q = simplified(index, prepare(query))
    if not q or not searchable(q) or limit <= 0:
        return []
    heads = _headings(index)
    flt = UnitFilter(index, filters) if filters else None
    allowed = _allowed(heads, flt)
    found: dict[int, tuple[float, tuple[int, int], str]] = {}  # heading number → score, key span, tier

    def offer(i: int, score: float, span: tuple[int, int], tier: str) -> None:
        # a heading holding the query stays an exact hit (a looser tier also finds it, and
        # a cut number's exact score is under the homophone tier's best)
        if i not in found or found[i][2] != "exact" and found[i][0] < score:
            found[i] = (score, span, tier)

    exact = allowed(heads.joined.first_hits(q))
    # A number is not cut: 专栏1 is not the start of 专栏11 (nor 表2 of 表12), which ranks
    # after the headings holding the whole number, however short.
    cut = _cuts_a_number(heads, exact, q)
    for _, _, i in heapq.nsmallest(limit, zip(map(cut.__contains__, exact), map(heads.lens.__getitem__, exact), exact)):
        offer(i, 90.0 + 10.0 * len(q) / heads.lens[i] - (5.0 if i in cut else 0.0),
              (exact[i], exact[i] + len(q)), "exact")
    if len(exact) < limit and len(q) >= 2 and has_cjk(q):
        for i, score, span in _homophones(index, heads, q, limit, allowed):
            offer(i, score, span, "homophone")
    if len(found) < limit:
        for i, score, span in _fuzzy(index, heads, q, limit, flt):
            offer(i, score, span, "fuzzy")
    if looks_like_pinyin(q) and len(found) < limit:
        for i, score, span in _pinyin(index, heads, q, limit, allowed):
            offer(i, score, span, "pinyin")
    ranked = heapq.nsmallest(limit, found.items(), key=lambda kv: (-kv[1][0], heads.uids[kv[0]]))
    return [_title_hit(index, heads.uids[i], *hit) for i, hit in ranked]


def _cuts_a_number(heads: _Headings, hits: dict[int, int], q: str) -> set[int]:
    """The headings whose (first) occurrence of ``q`` has a digit on either side where ``q``
    ends (starts) with one: the match is part of a longer number."""
    tail, head = q[-1].isdigit(), q[0].isdigit()
    if not (tail or head):
        return set()
    text, offsets, n = heads.joined.text, heads.joined.offsets, len(q)
    out = set()
    for i, p in hits.items():
        at = offsets[i] + p
        if tail and text[at + n : at + n + 1].isdigit() or head and p > 0 and text[at - 1].isdigit():
            out.add(i)
    return out


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
    cands = heads.numbers(units)
    if flt is not None:
        cands = [i for i in cands if flt(heads.uids[i])]
    keys = list(map(heads.key, cands))
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
        key, p = heads.key(i), in_full[i]
        ends = list(accumulate(len(syl[c]) for c in key))
        a = bisect.bisect_right(ends, p)
        b = bisect.bisect_left(ends, p + len(q)) + 1
        yield i, 80.0 * len(q) / max(len(q), ends[-1]) + 10, (a, min(b, len(key)))


def _title_hit(index: SearchIndex, uid: int, score: float, span: tuple[int, int], tier: str) -> TitleHit:
    pid = index.plans[index.plan_at(uid)].id
    sid = index.sec_ids[index.unit_sec[uid]]
    shown, path = heading_path(index, pid, sid)  # kept for recent hits; the plan is not kept by the corpus
    block, kind = index.unit_block[uid], "section"
    if block != HEADING:  # a 专栏's title or a table's caption: shown under its section's path
        shown = shown_text(index, uid, pid, sid)
        kind = "box" if isinstance(section_of(index, pid, sid).blocks[block], Box) else "table"
    spans = [display_span(shown, *span)] if span[1] > span[0] else []
    label, title, _ = section_names(index, pid, sid)
    return TitleHit(plan=pid, section=sid, title=shown, score=round(score, 1), spans=spans, path=path, tier=tier,
                    block=block, kind=kind, section_label=label, section_title=title)
