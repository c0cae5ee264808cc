"""Running one regular expression over chosen units, with little Python work per match.

The fuzzy tiers find thousands of matches for a common phrase (营商环境 for 营尚环境),
and handling each match in Python was what made them slow. A tier scans: the
candidate units are gathered into one string with C-level ``map`` and ``str.join``, the
pattern runs over it once per chunk, and every step after that is numpy over all
the chunk's matches (each match's unit, its word-edge window's bounds, the counts
per plan) or a C-level ``map``, ``Counter`` or ``heapq`` call. Python code runs per
*distinct matched string*, for the first ``want`` matches of each (the ones that may
become hits), and per chunk: the listed and class tiers pack their candidates into
chunks by their own text (``chunks(packed=True)``), so sparse candidates make a few
chunks, not one per stretch of the corpus.

A match must start and end on word edges (``words.whole_words``): a fuzzy tier
never reports a piece of other words (楼经济 out of 鼓楼经济).

Higher tiers' strings are "blockers": they come first in the pattern, so text a
better tier holds is consumed by them and dropped, never reported twice.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate, compress, islice
from typing import Callable, Iterable, Iterator, Sequence

from .index import SEP, SearchIndex
from .words import placed, whole_words_bounded, whole_words_raw, whole_words_within

Span = tuple[int, int]
Match = tuple[int, float, tuple[Span, ...]]


class Check:
    """Whether a match stands where it is found (``Scanner.scan``'s ``context``)."""

    def needs(self, s: str) -> bool:
        """Must a match of ``s`` be tested at all (most strings never need it)?"""
        raise NotImplementedError

    def __call__(self, text: str, s: str, start: int) -> bool:
        raise NotImplementedError


CHUNK = 1 << 19  # characters per regex call: the GIL is given back between calls
CAP = 200_000  # matches a tier reads at most (its count is then a floor)
DENSE = 0.25  # candidates above this share of all units: scan the whole text instead
# A process that has not imported numpy reads this many candidate units or fewer without
# it (``in_units``), against ~45 ms to import numpy
FEW = 2000
SPARSE_SHARE = 0.25  # a chunk's units below this share of the bytes they span are read with pread
MAP_STEP = 8 << 20  # … or, by a warm process, through the map this many bytes of their span at a time …
MAP_UNITS = 64  # … when there are at least this many units a MiB of their span


def thin(n_units: int, span: int) -> bool:
    """Are ``n_units`` spread over ``span`` bytes fewer than ``MAP_UNITS`` to a MiB? Each
    then faults in a block of the map holding no other: pread serves them better (the
    scan's chunks here, the exact tier's candidates)."""
    return n_units < MAP_UNITS * span / (1 << 20)

_start, _end, _group = re.Match.start, re.Match.end, re.Match.group


class Stopped(Exception):
    """The caller's ``stop`` said so: the search ends early (its result is dropped)."""


@dataclass
class Chunk:
    """A stretch of text to scan: units ``ids[i]`` start at ``bases[i]``."""

    text: str
    pos: int
    endpos: int
    bases: Sequence[int]
    ids: Sequence[int] | None  # None: the bases' own index is the unit id
    arrays: tuple | None = None  # (bases, ids) as numpy arrays, when the chunk was made with them
    raw: bytes | None = None  # not decoded (``text`` empty): the units' stored bytes, for a literal
    raw_bases: object = None  # where each unit starts in ``raw`` (numpy)

    def numpy(self):
        """``bases`` and ``ids`` as numpy arrays (ids None: the bases' index is the unit)."""
        if self.arrays is None:
            import numpy as np

            bases = offsets_array(np, self.bases)
            ids = None if self.ids is None else (
                np.arange(self.ids.start, self.ids.stop) if isinstance(self.ids, range) else np.asarray(self.ids))
            self.arrays = (bases, ids)
        return self.arrays


@dataclass
class TierHits:
    """What one tier found: per-plan counts, the best ``want`` matches, its strings."""

    counts: Counter = field(default_factory=Counter)  # plan index → matches
    top: list[Match] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)  # distinct matched strings, best first
    units: set[int] = field(default_factory=set)  # every unit holding a match

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Found:
    """The kept matches of one scan: counts per plan and per string, and each string's
    matches (unit, start, end, spans) in its first ``want`` units, in corpus order: every
    match of those units, as a row shows every match of its unit."""

    counts: Counter = field(default_factory=Counter)
    freq: Counter = field(default_factory=Counter)
    units: set[int] = field(default_factory=set)
    firsts: dict[str, list[tuple[int, int, int, tuple[Span, ...]]]] = field(default_factory=dict)
    listed: Counter = field(default_factory=Counter)  # units in each string's list

    def add(self, other: "Found") -> None:
        """Take in the finds of a scan of other strings (their matches are not these)."""
        self.counts.update(other.counts)
        self.freq.update(other.freq)
        self.units |= other.units
        self.firsts.update(other.firsts)
        self.listed.update(other.listed)

    def takes(self, s: str, u: int, want: int) -> bool:
        """Does string ``s``'s list take a match in unit ``u`` (units come in corpus order)?"""
        lst = self.firsts.setdefault(s, [])
        if lst and lst[-1][0] == u:
            return True
        if self.listed[s] >= want:
            return False
        self.listed[s] += 1
        return True

    def ranked(self, score: Callable[[str], float], want: int) -> TierHits:
        """The best ``want`` units, each with all its listed matches: units by the score of
        their best string, then in corpus order (a limit of 1 showed one of a unit's two
        matches, and a limit of 3 fewer units than the exact tier's 3)."""
        scores = {s: score(s) for s in self.freq}
        pool = sorted((-scores[s], u, a, e, sp) for s, lst in self.firsts.items() for u, a, e, sp in lst)
        chosen = dict.fromkeys(islice(dict.fromkeys(m[1] for m in pool), want))
        top = [(u, -neg, sp) for neg, u, a, e, sp in pool if u in chosen] if want else []
        strings = sorted(self.freq, key=lambda s: (-scores[s], -self.freq[s], s))
        return TierHits(self.counts, top, strings, self.units)


class Scanner:
    """The units a search may read, its blockers, and the caller's ``stop``."""

    def __init__(self, index: SearchIndex, ok: Callable[[int], bool] | None = None,
                 stop: Callable[[], bool] | None = None, blockers: Iterable[str] = (),
                 quick: bool = False, whole: bool = True, warm: bool | None = None):
        self.index = index
        self.whole = whole  # keep only matches that start and end on word edges (``words``)
        self.ok = ok
        self._stop = stop
        self.blockers: list[str] = list(dict.fromkeys(b for b in blockers if b))
        self.quick = quick  # a scan ends once it holds ``want`` matches (a first look)
        self.capped = False  # some scan stopped at CAP matches: its counts are a floor
        self.cut_short = False  # some scan ended early because of ``quick``
        self._warm = warm  # has the process searched before (``engine.search`` asks once)

    @property
    def warm(self) -> bool:
        """Has this process searched before? Given by ``engine.search``, else asked once
        per scanner when it first reads chunks. A fresh ``fyp search`` reads scattered
        units with pread; a process that asks again (the app) through the map, when
        they are many to a MiB of their span (``_joined_bytes``)."""
        if self._warm is None:
            self._warm = self.index.asked_before("search")
        return self._warm

    def check(self) -> None:
        if self._stop is not None and self._stop():
            raise Stopped

    def block(self, strings: Iterable[str]) -> None:
        """Strings a better tier matched: lower tiers consume and drop them."""
        self.blockers.extend(s for s in strings if s not in self.blockers)

    # ---- where to look ----------------------------------------------------
    def chunks(self, uids: Iterable[int] | None, packed: bool = False, raw: bool = False) -> Iterable[Chunk]:
        """The text of ``uids`` (None: every unit) in chunks of about ``CHUNK`` characters.

        A chunk holds the candidates within ``CHUNK`` characters of the corpus text;
        ``packed``, it holds ``CHUNK`` characters of the candidates' own text (far
        fewer chunks when candidates are sparse: the numpy steps of a scan are per
        chunk). Only where nothing depends on the cut: a ``quick`` scan stops after
        the chunk that gives it enough (its floors would change), and the typo tier
        reads context across the units of a chunk. ``raw``: chunks of candidates are
        left as their stored bytes (``Chunk.raw``) when the index is stored, for a
        literal's scan (``scan``)."""
        ix = self.index
        if uids is not None:
            uids = sorted(uids) if self.ok is None else sorted(u for u in uids if self.ok(u))
        elif self.ok is not None:
            units = getattr(self.ok, "units", None)
            uids = units() if units else [u for u in range(ix.n_units) if self.ok(u)]
        if uids is None or (self.ok is None and len(uids) > DENSE * ix.n_units):
            yield from self._whole()
            return
        import numpy as np

        packed = packed and not self.quick
        raw = raw and "_text" not in ix.__dict__ and ix.mapped_text() is not None
        st = ix.starts
        stn = offsets_array(np, st)
        un = np.asarray(uids, dtype=np.int64)
        at = np.zeros(len(un) + 1, dtype=np.int64)  # where each candidate's text starts, joined
        np.cumsum(stn[un + 1] - stn[un], out=at[1:])
        warm = self.warm
        i = 0
        while i < len(uids):
            self.check()
            # Take units until about CHUNK characters (at least one unit).
            if packed:
                k = int(np.searchsorted(at, at[i] + CHUNK, side="right")) - 1
            else:
                k = bisect.bisect_left(uids, bisect.bisect_right(st, st[uids[i]] + CHUNK), i)
            k = max(i + 1, k)
            part, pn = uids[i:k], un[i:k]
            bases = at[i:k] - at[i]
            if raw:
                buf, raw_bases = _joined_bytes(ix, part, pn, warm)
                yield Chunk("", 0, 0, bases.tolist(), part, (bases, pn), buf, raw_bases)
            else:
                text = _joined(ix, part, pn, warm=warm)  # each key ends with its SEP
                yield Chunk(text, 0, len(text), bases.tolist(), part, (bases, pn))
            ix.bound_pages()  # read through the map: its pages held a chunk at a time
            i = k

    def _whole(self) -> Iterable[Chunk]:
        ix = self.index
        if "_text" not in ix.__dict__:
            yield from self._whole_from_bytes()
            return
        pos = 0
        while pos < len(ix.text) - 1:
            self.check()
            end = min(len(ix.text), pos + CHUNK)
            end = ix.text.find(SEP, end - 1)  # cut at a unit boundary
            end = len(ix.text) if end < 0 else end + 1
            yield Chunk(ix.text, pos, end, ix.starts, None)
            pos = end

    def _whole_from_bytes(self) -> Iterable[Chunk]:
        st = self.index.starts
        for part, text in unit_runs(self.index):
            self.check()
            base = st[part.start]
            yield Chunk(text, 0, len(text), [s - base for s in st[part.start:part.stop]], part)

    # ---- scanning -----------------------------------------------------------
    def scan(self, rx: re.Pattern, chunks: Iterable[Chunk], want: int,
             groups: Callable[[re.Match], Iterable[Span]] | None = None,
             risky: Callable[[str], bool] | None = None, literal: str | None = None,
             context: Check | None = None) -> Found:
        """Every match of ``rx`` in ``chunks`` (see ``chunks``) that is not a blocker.

        ``groups`` turns a match into its spans (default: the whole match); ``risky``
        names strings that might overlap a blocker they did not consume (they are
        checked one by one and dropped if they do). ``literal``: ``rx`` is that one
        string and nothing else; its occurrences are found by ``str.split`` (the
        lengths of the pieces between them), with no match object per occurrence, and
        in the stored bytes of a raw chunk (``chunks(raw=True)``) it is never decoded
        (``_raw_literal``; not for a literal that must be checked against blockers).
        ``context``: a ``Check`` of each match whose string needs one, where it is found
        (the pinyin tier's rare readings and numbers, ``pinyin``); not with a raw chunk.
        """
        import numpy as np

        out = Found()
        drop = set(self.blockers)
        blk = _literal_rx(self.blockers) if risky is not None and self.blockers else None
        reach = max(map(len, self.blockers), default=0)
        seen = 0
        for ch in chunks:
            self.check()
            if ch.raw is not None:
                assert literal is not None and groups is None and (blk is None or not risky(literal))
                seen += self._raw_literal(out, ch, literal, max(0, CAP - seen), want, drop)
                if self._stops(out, seen, want):
                    break
                continue
            ms: list | None = None
            if literal is not None and groups is None:
                starts, ends = _occurrences(np, ch, literal, max(0, CAP - seen))
                strs = [literal] * len(starts)
            else:
                ms = list(islice(rx.finditer(ch.text, ch.pos, ch.endpos), max(0, CAP - seen)))
                strs = list(map(_group, ms))
                starts = np.fromiter(map(_start, ms), dtype=np.int64, count=len(ms))
                ends = np.fromiter(map(_end, ms), dtype=np.int64, count=len(ms))
            seen += len(strs)
            if drop or blk is not None:
                kinds = set(strs)
                bad = {s for s in kinds if s in drop}
                check = {s for s in kinds - bad if risky(s)} if blk is not None else set()
                if bad or check:
                    keep = [s not in bad and (s not in check or not _overlaps(blk, ch.text, a, b, reach))
                            for s, a, b in zip(strs, starts.tolist(), ends.tolist())]
                    strs, ms, starts, ends = _kept(np, keep, strs, ms, starts, ends)
            if context is not None and strs:
                need = {s: context.needs(s) for s in set(strs)}
                if any(need.values()):
                    keep = [not need[s] or context(ch.text, s, a) for s, a in zip(strs, starts.tolist())]
                    if not all(keep):
                        strs, ms, starts, ends = _kept(np, keep, strs, ms, starts, ends)
            if strs:
                # Each match's unit in the chunk (the word-edge windows stop at its
                # bounds, and the counts are per unit's plan), by numpy over all matches.
                bases, _ = ch.numpy()
                # as the table's type: searchsorted would convert the whole table otherwise
                at = np.searchsorted(bases, starts.astype(bases.dtype), side="right").astype(np.int64) - 1
                if self.whole:
                    if ch.text.endswith(SEP):
                        keep = self._placed("chars", ch, at, starts, ends, bases, whole_words_bounded)
                    else:
                        keep = whole_words_within(ch.text, starts.tolist(), ends.tolist(), bases[at].tolist(),
                                                  self.index)
                    strs, ms, starts, ends, at = _kept(np, keep, strs, ms, starts, ends, at)
            if strs:
                self._collect(out, ch, ms, strs, at, starts, ends, want, groups)
            if self._stops(out, seen, want):
                break
        return out

    def in_units(self, rx: re.Pattern, uids: Iterable[int], want: int, literal: str | None = None,
                 risky: Callable[[str], bool] | None = None) -> Found:
        """``scan`` over a few units (``FEW``) without numpy, for a pattern of listed
        strings (``literal``: the pattern is that string alone, which changes nothing
        here): the same matches and counts (a full scan, not a ``quick`` one, whose floors
        depend on its chunks). A fresh ``fyp search`` with a misspelling then does not
        import numpy; a process that has (the app) scans in chunks."""
        ix = self.index
        drop = set(self.blockers)
        blk = _literal_rx(self.blockers) if risky is not None and self.blockers else None
        reach = max(map(len, self.blockers), default=0)
        uids = sorted(uids) if self.ok is None else sorted(u for u in uids if self.ok(u))
        out = Found()
        if not uids:
            return out
        # The units' keys read at once, checked (a pread per run of nearby units, not one
        # per unit, and nothing through the map: a fresh process faulted in ~90 MB of the
        # text for 楼宇经纪's 1,114 units so), each unit found by its offset in them; the
        # word edges of every match checked in one call.
        text = _joined(ix, uids, pread=True)
        st = ix.starts
        at = list(accumulate((st[u + 1] - st[u] for u in uids), initial=0))
        found: list[tuple[int, int, list[re.Match]]] = []
        seen = 0
        for u, a, b in zip(uids, at, at[1:]):
            self.check()
            ms = list(islice(rx.finditer(text, a, b - 1), CAP - seen))
            if not ms:
                continue
            seen += len(ms)
            if drop:  # as ``scan``: a blocker's match, or a match overlapping one it did not consume
                ms = [m for m in ms if m.group() not in drop and not (
                    blk is not None and risky is not None and risky(m.group())
                    and _overlaps(blk, text, m.start(), m.end(), reach))]
            if ms:
                found.append((u, a, ms))
            if seen >= CAP:
                self.capped = True
                break
        if self.whole and found:
            every = [(a, m) for _, a, ms in found for m in ms]
            keep = iter(whole_words_within(text, [m.start() for _, m in every], [m.end() for _, m in every],
                                           [a for a, _ in every], ix))
            found = [(u, a, list(compress(ms, keep))) for u, a, ms in found]
        for u, a, ms in found:
            if ms:
                out.counts[bisect.bisect_right(ix.firsts, u) - 1] += len(ms)
                out.units.add(u)
                for m in ms:
                    s = m.group()
                    out.freq[s] += 1
                    if want and out.takes(s, u, want):
                        x, y = m.start() - a, m.end() - a
                        out.firsts[s].append((u, x, y, ((x, y),)))
        return out

    def _stops(self, out: Found, seen: int, want: int) -> bool:
        """After a chunk: has the scan read ``CAP`` matches, or a quick one enough?"""
        if seen >= CAP:
            self.capped = True
            return True
        if self.quick and sum(out.counts.values()) >= want:
            self.cut_short = True
            return True
        return False

    def _raw_literal(self, out: Found, ch: Chunk, literal: str, most: int, want: int, drop) -> int:
        """Scan a raw chunk for ``literal`` into ``out`` without decoding it: a string's
        UTF-8 occurs in UTF-8 bytes exactly where the string occurs in the text (no
        character's bytes start inside another's), so ``bytes.split`` finds the same
        occurrences; their word edges come from the bytes around them
        (``words.whole_words_raw``), and only the first hits' offsets are decoded.
        Returns the occurrences read (kept or not)."""
        import numpy as np

        whole = Chunk(ch.raw, 0, len(ch.raw), (), None)  # type: ignore[arg-type]
        starts, ends = _occurrences(np, whole, literal.encode("utf-8"), most)
        read = len(starts)
        if not read or literal in drop:
            return read
        bases = ch.raw_bases
        at = np.searchsorted(bases, starts, side="right") - 1
        if self.whole:
            keep = self._placed("bytes", ch, at, starts, ends, bases, whole_words_raw)
            _, _, starts, ends, at = _kept(np, keep, [], None, starts, ends, at)
        if len(at):
            self._collect(out, ch, None, [literal] * len(at), at, starts, ends, want, None)
        return read

    def _placed(self, kind: str, ch: Chunk, at, starts, ends, bases, check) -> list[bool]:
        """The word-edge verdicts of a chunk's matches (``starts``, ``ends``: numpy offsets
        in its text or, ``kind`` "bytes", its stored bytes; ``at``: their units' places
        in the chunk, which start at ``bases``), kept by their places in the index's text
        (``words.Placed``); ``check`` (``whole_words_bounded`` or ``whole_words_raw``)
        gives those of the matches not kept."""
        import numpy as np

        ix = self.index
        ids = ch.numpy()[1]
        units = at if ids is None else ids[at]
        text = ch.raw if kind == "bytes" else ch.text
        lo, seps = bases[at], _seps(np, bases, at, len(text))
        firsts = ix.derived(f"_placed_{kind}_at",
                            lambda: offsets_array(np, ix.bstarts if kind == "bytes" else ix.starts))
        return placed(ix, kind).verdicts(firsts[units].astype(np.int64) + (starts - lo), ends - starts,
                                         lambda i: check(text, starts[i], ends[i], lo[i], seps[i], ix))

    def _collect(self, out: Found, ch: Chunk, ms: list | None, strs: list[str], at, starts, ends, want: int,
                 groups) -> None:
        """Count the kept matches (``at``: their units' places in the chunk; ``starts``,
        ``ends``: their offsets in its text; numpy arrays; ``ms``: their match objects,
        None for a literal's)."""
        import numpy as np

        ix = self.index
        ids = ch.numpy()[1]
        units_np = at if ids is None else ids[at]
        firsts = ix.derived("_firsts_array", lambda: np.asarray(ix.firsts, dtype=np.int64))
        plans, n = np.unique(np.searchsorted(firsts, units_np, side="right") - 1, return_counts=True)
        out.counts.update(dict(zip(plans.tolist(), n.tolist())))
        one = ms is None  # a literal's matches: every string is the one literal
        if one:
            out.freq[strs[0]] += len(strs)
        else:
            out.freq.update(strs)
        units, at = units_np.tolist(), at.tolist()
        out.units.update(units)
        if not want:
            return
        # The matches of each string's first ``want`` units: found per string with C-level
        # calls, so a common string whose list is already full costs nothing more here.
        firsts = out.firsts
        for s in strs[:1] if one else dict.fromkeys(strs):
            lst = firsts.setdefault(s, [])
            if out.listed[s] >= want and lst[-1][0] < units[0]:
                continue  # full before this chunk
            for i in range(len(strs)) if one else compress(range(len(strs)), map(s.__eq__, strs)):
                if not out.takes(s, units[i], want):
                    break  # units come in corpus order: the list is full
                u, b = units[i], ch.bases[at[i]]
                a, e = int(starts[i]), int(ends[i])
                if ch.raw is not None:  # byte offsets: count the unit's characters before the match
                    a = b + len(ch.raw[int(ch.raw_bases[at[i]]) : a].decode("utf-8"))
                    e = a + len(s)
                spans = ((a - b, e - b),) if groups is None else tuple((x - b, y - b) for x, y in groups(ms[i]))
                lst.append((u, a - b, e - b, spans))


def _literal_rx(strings: Sequence[str]) -> re.Pattern:
    return re.compile(alternation(sorted(set(strings), key=len, reverse=True)))


def _kept(np, keep: list[bool], strs: list[str], ms: list | None, *arrays):
    """``strs``, ``ms`` (None stays None) and numpy ``arrays`` where ``keep`` is true."""
    mask = np.array(keep, dtype=bool)
    return (list(compress(strs, keep)), None if ms is None else list(compress(ms, keep)),
            *(x[mask] for x in arrays))


def _seps(np, bases, at, size: int):
    """Where the separator of each match's unit is: just before the next unit's base
    (the chunk's end for its last unit)."""
    inside = at + 1 < len(bases)
    nxt = np.full(len(at), size, dtype=np.int64)
    nxt[inside] = bases[at[inside] + 1]
    return nxt - 1


def _joined_bytes(ix: SearchIndex, part: Sequence[int], pn, warm: bool = False):
    """The stored bytes of units ``part`` (``pn``: the same as numpy), checked, back
    to back through the map, and where each unit starts in them (numpy). Scattered
    units are read with pread by a ``warm`` process (``Scanner.warm``) unless
    ``MAP_UNITS`` or more to a MiB of the bytes they span."""
    import numpy as np

    from .exact import all_checked, read_checked, verified_pieces

    bstn = offsets_array(np, ix.bstarts)
    a, b = bstn[pn].astype(np.int64), bstn[pn + 1].astype(np.int64)
    span = int(b[-1] - a[0])
    scattered = int((b - a).sum()) < SPARSE_SHARE * span
    # Scattered units: each fault of the map brings in a block of the file around it
    # (2,343 units, 1.5 MB, of a pinyin query mapped ~60 MB). A process's first search
    # reads them through the map all the same: a fault maps the blocks of several
    # units where pread costs a call per run of them, and its pages are dropped once
    # past their share (between steps of that share, below). Measured for lyjj's chained
    # units, round 24, ms of a fresh process, map / pread: 41,000 units at 10,005
    # plans 79–91 / 168–213; 4,200 at 1,005 plans 13–19 / 23–35; its peak RSS 0.34× /
    # 0.30× and 0.76× / 0.60× the text. A warm process reads them through the map
    # only when they are many to a MiB of their span, as the exact tier does (round
    # 21, 1,005 plans, ms a query, map / pread: 高质良发展, 16,500 units of 高质量发展,
    # 52–55 / 61–71; 城市更心, 3,300 units of 城市更新, 18–19 / 15).
    if scattered and warm and thin(len(a), span):
        got, ga, gb = read_checked(ix, list(part))  # checked as read, not read twice
        with memoryview(got) as mv:
            buf = b"".join(map(mv.__getitem__, map(slice, ga, gb)))
    else:
        # Checked as read too, unless every one was checked before (a warm process's).
        fresh = not all_checked(ix, pn)
        al, bl = a.tolist(), b.tolist()
        # A packed chunk of scattered units spans far more of the file than it holds:
        # read a step of that span at a time, the pages dropped between steps once past
        # their share (read whole, the long-lived process peaked at 1.76× the text). A
        # first search steps by that share, not less, so that its few drops cost
        # little; it then holds at most about twice the share.
        cuts = [0, len(al)]
        if scattered:
            share = None if warm else ix.page_share()
            step = MAP_STEP if share is None else max(MAP_STEP, share)
            marks = np.arange(int(a[0]) + step, int(b[-1]), step)
            cuts = [0, *np.unique(np.searchsorted(a, marks)).tolist(), len(al)]
        pieces = []
        with memoryview(ix.mapped_text()) as mv:
            for i, j in zip(cuts, cuts[1:]):
                if j > i:
                    got = list(map(mv.__getitem__, map(slice, al[i:j], bl[i:j])))
                    if fresh:
                        verified_pieces(ix, part[i:j], got)
                    pieces.append(b"".join(got))
                    if len(cuts) > 2:
                        ix.bound_pages()
        buf = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    bases = np.zeros(len(pn), dtype=np.int64)
    np.cumsum((b - a)[:-1], out=bases[1:])
    return buf, bases


def _occurrences(np, ch: Chunk, literal, most: int):
    """Where ``literal`` occurs in ``ch`` (its first ``most`` occurrences, not
    overlapping, left to right, as ``finditer`` finds them): from the lengths of the
    pieces ``str.split`` leaves between them, as numpy arrays of starts and ends."""
    text = ch.text if ch.pos == 0 and ch.endpos == len(ch.text) else ch.text[ch.pos : ch.endpos]
    parts = text.split(literal, most) if most else [text]
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    starts = np.cumsum(lens[:-1]) + np.arange(len(parts) - 1, dtype=np.int64) * len(literal) + ch.pos
    return starts, starts + len(literal)


def _overlaps(blk: re.Pattern, text: str, a: int, b: int, reach: int) -> bool:
    """Does some blocker occurrence overlap the match at [a, b) (one it did not consume)?"""
    for o in blk.finditer(text, max(0, a - reach), b + reach):
        if o.start() < b and o.end() > a:
            return True
    return False


def alternation(strings: Sequence[str], dead: Iterable[str] = ()) -> str:
    """A regex matching any of ``strings`` (literal), preferring earlier ones where two
    start at the same place. It is built as a trie, so the regex engine reads each
    character once instead of trying every string in turn.

    ``dead``: strings the text to search does not hold. Their alternatives are left
    out of the regex, the others kept in the order the whole list gives them: an
    alternative that never matches changes no match, and a shorter pattern (often a
    plain literal) lets the engine skip ahead to where a live string can start."""
    root: dict = {}
    for rank, s in enumerate(strings):
        node = root
        for c in s:
            node = node.setdefault(c, {})
        node.setdefault("", rank)  # the end of a string, with its preference
    dead = set(dead)
    gone = {rank for rank, s in enumerate(strings) if s in dead}

    def emit(node: dict) -> tuple[str | None, int]:
        """The regex for a subtree (None: no live string ends in it) and the best
        (lowest) rank in it, dead strings' too (the order is the whole list's)."""
        parts = []
        for k, v in node.items():
            if k == "":
                parts.append((v, "" if v not in gone else None))
            else:
                rx, best = emit(v)
                parts.append((best, None if rx is None else re.escape(k) + rx))
        parts.sort(key=lambda p: p[0])
        alts = [rx for _, rx in parts if rx is not None]
        if not alts:
            return None, parts[0][0]
        return (alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"), parts[0][0]

    got = emit(root)[0] if root else None
    return "(?!)" if got is None else got


def offsets_array(np, seq):
    """A table of offsets as a numpy array: the index's (an array or a view of 32-bit
    unsigned ints) without a copy, a list converted."""
    if isinstance(seq, (memoryview, array)) and seq.itemsize == 4:
        return np.frombuffer(seq, dtype=np.uint32)
    return np.asarray(seq, dtype=np.int64)


def _joined(ix: SearchIndex, part: Sequence[int], pn=None, pread: bool = False, warm: bool = False) -> str:
    """The keys of units ``part``, each with its separator, as one string: sliced from
    the decoded text when this process has it, else their stored bytes (checksums
    checked first) joined and decoded at once, so a fuzzy query over a few thousand
    candidate units never decodes the whole corpus, nor runs Python code per unit.
    ``pread``: read them with pread, not through the map (``read_units``); ``warm``:
    as ``_joined_bytes``."""
    text = ix.__dict__.get("_text")
    if text is not None:
        st, en = ix.starts, ix.ends
        return "".join(map(text.__getitem__, map(slice, map(st.__getitem__, part), map(en.__getitem__, part))))
    if pn is not None and ix.mapped_text() is not None:
        # Through the map, the units' offsets by numpy: no Python-level lookup per unit.
        return str(_joined_bytes(ix, part, pn, warm)[0], "utf-8")
    from .exact import read_checked, verified

    if pread:
        buf, a, b = read_checked(ix, list(part))
    else:
        verified(ix, part, pn)
        buf, a, b = ix.read_units(part)
    if a[0] == 0 and b[-1] == len(buf) and a[1:] == b[:-1]:
        return str(buf, "utf-8")  # the units back to back already (read through the map): no second copy
    with memoryview(buf) as view:
        return str(b"".join(map(view.__getitem__, map(slice, a, b))), "utf-8")


def unit_runs(ix: SearchIndex, chars: int = CHUNK) -> Iterator[tuple[range, str]]:
    """Every unit, a run of consecutive units at a time (about ``chars`` characters),
    decoded from the stored bytes, the text checked first (``exact.verified_all``): whole
    scans without the whole text as one string (~0.9 GB and a second to decode at
    10,000 plans, for one query)."""
    from .exact import verified_all

    verified_all(ix)
    st, bst, n = ix.starts, ix.bstarts, ix.n_units
    i = 0
    while i < n:
        k = max(i + 1, min(n, bisect.bisect_right(st, st[i] + chars) - 1))
        yield range(i, k), str(ix.raw[bst[i]:bst[k]], "utf-8")
        i = k
