"""The search index: every unit's key in one string, plus posting lists.

All unit keys (see ``units``) are joined into one string ``text``, each between
NUL separators, so a match never runs across two units and ``str.find`` / ``re``
work on it directly. ``postings`` gives, for each character and character bigram,
the units that contain it; a query's candidates are the units holding its rarest
bigrams, so the work grows with the units that could match, not with the corpus.
Units of a plan are contiguous: a plan is a range of unit ids and of ``text``.

Common bigrams (in ``FREQUENT`` units or more) and the most frequent phrases
(``common_phrases``) also get their exact number of occurrences in each plan
(``freq``), counted once at build time, so the exact tier answers 建设 (240,000
occurrences) or 高质量发展 (18,080) without reading their postings or the text. A
count is 16 bits (``COUNT_CELL``): twice the phrases fit the table's share of the
text than with 32 (at 10,005 plans 950 left 新型城镇化 and 乡村振兴 out, each read from
~20,000 units a query). A plan holding a gram more often than a cell says
(``COUNT_MAX``) leaves that gram's column unused: it is counted from the text.

``save`` / ``load`` write and read the index as a store (``store``): plain data
files (the text in UTF-8, raw integer arrays, the posting lists packed by
``packed``, the section ids as one UTF-8 buffer read one at a time, msgpack lists)
with sizes and checksums in a JSON manifest, the text and posting buffers
memory-mapped when loaded. The readings of every Han character (pypinyin's,
computed at build time) are stored too, so queries never import pypinyin. A corpus
is indexed into a store a segment at a time by ``builder`` (``build`` is its
in-memory step); ``extend`` adds plans without rebuilding (in memory;
``builder.extend_store`` does it in the store).
"""

from __future__ import annotations

import bisect
import operator
import threading
import weakref
import zlib
from array import array
from collections import Counter, abc
from itertools import accumulate, compress, repeat
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

import msgspec

from .. import gcpause
from ..model import Plan
from . import budget, packed, store
from .postings import Postings
from .units import key, plan_units

INDEX_VERSION = 17  # 10: quotation marks folded in keys; 11: rare readings' phrases; 12: grams as sorted codes;
# 13: no unit for a title the plan does not print (``units.heading_text``); 14: common phrases' counts;
# 15: a table's header row is a unit; 16: no common phrase that is a piece of a longer one;
# 17: the counts table's cells are 16 bits (twice the phrases in the same share of the text)
SEP = "\x00"
_deriving = threading.RLock()  # re-entrant: one derived table may be built from another
T = TypeVar("T")
FREQUENT = 3000  # bigrams in at least this many units get per-plan occurrence counts
FREQ_MOST = 2048  # … the most common this many of them (the table is plans × bigrams)
PHRASE_MIN = 1000  # phrases of 3 to PHRASE_LONGEST characters found this often in the corpus …
PHRASE_SHARE = 0.03  # … get counts too, the most frequent first, their columns at most this share of the text
PHRASE_LONGEST = 16
PHRASE_SAMPLE = 100  # plans read (evenly spaced) to choose the phrases; their stored counts are exact
PHRASE_PIECE = 0.9  # a phrase found this share of its times inside one longer phrase is a piece of it, not kept
COUNT_CODE = "H"  # a plan's count of a common bigram or phrase: an ``array`` of these …
COUNT_CELL = 2  # … this many bytes each (numpy ``<u2``)
COUNT_MAX = (1 << 16) - 1  # a count this large is stored as this, and its column is not used (counted from the text)


def _cells(columns: Iterable[Sequence[int]]) -> array:
    """Counts as the table stores them, column after column: 16 bits each, a count
    past ``COUNT_MAX`` kept as ``COUNT_MAX`` (``frequent_counts`` then counts that gram
    the ordinary way)."""
    out = array(COUNT_CODE)
    for col in columns:
        out.extend(map(min, col, repeat(COUNT_MAX)))
    return out


def common_bigrams(counts: Iterable[tuple[str, int]]) -> list[str]:
    """The bigrams whose per-plan counts are stored, from (gram, units holding it)."""
    found = [(g, n) for g, n in counts if n >= FREQUENT and len(g) == 2 and g[0] != g[1]]
    if len(found) > FREQ_MOST:
        keep = {g for g, _ in sorted(found, key=lambda x: (-x[1], x[0]))[:FREQ_MOST]}
        found = [x for x in found if x[0] in keep]
    return [g for g, _ in found]


def phrase_sample(spans: list["PlanSpan"]) -> list["PlanSpan"]:
    """The plans whose text chooses the common phrases: ``PHRASE_SAMPLE`` of them, evenly spaced."""
    step = max(1, -(-len(spans) // PHRASE_SAMPLE))
    return spans[::step]


def common_phrases(sample: list[str], n_plans: int, text_bytes: int) -> list[str]:
    """The phrases (3 to ``PHRASE_LONGEST`` characters) whose per-plan counts are
    stored beside the common bigrams', chosen from ``sample`` (the texts of some of
    the ``n_plans`` plans, units between ``SEP``): those found at least
    ``PHRASE_MIN`` times in the corpus (the sample's count scaled up), the most
    frequent first, as many as fit in ``PHRASE_SHARE`` of the text's ``text_bytes``.
    Only letters, digits and Han characters: a phrase with punctuation (建设， ，加快)
    would take the column of a term an analyst searches for. Never one that can
    overlap itself (``bordered``): ``_plan_counts`` counts every start. Nor a piece
    of a longer phrase, found ``PHRASE_PIECE`` of its times with the same character
    before it or after it (质量发 and 高质量发 are in 高质量发展 nearly every time; 高质量
    is also 高质量就业): the pieces took two thirds of the columns, and terms such as
    城市更新 or 乡村振兴 found none.

    Their counts are what an exact query of them would otherwise read most text
    for: 高质量发展 is in 16,569 of 1,005 plans' units, 9.4 MB read a query. A
    string as long as n is counted only where its first n - 1 characters are
    frequent (each length a C-level pass over fewer positions, the positions
    4 bytes each), so the sample is read a few times and few strings are held.
    """
    room = int(PHRASE_SHARE * text_bytes) // (COUNT_CELL * max(1, n_plans))
    if not sample or room <= 0:
        return []
    least = max(2, -(-PHRASE_MIN * len(sample) // n_plans))
    text = SEP.join(sample)
    at: Sequence[int] = range(len(text))
    kept: dict[str, int] = {}
    for n in range(2, PHRASE_LONGEST + 1):
        counts = Counter(_windows(text, at, n))
        keep = {g for g, c in counts.items() if c >= least and len(g) == n and g.isalnum()}
        if not keep:
            break
        kept.update((g, counts[g]) for g in keep)
        del counts
        at = array("I", compress(at, map(keep.__contains__, _windows(text, at, n))))  # where a longer one may start
    # The most a phrase is found inside one phrase a character longer that could take a
    # column itself (楼宇经济 is not a piece of 楼宇经济楼 in 楼宇经济楼宇楼宇经济楼宇: that one
    # is never chosen). Such a phrase is counted above whenever it is frequent: its first
    # n characters are then frequent too.
    able = {g: c for g, c in kept.items() if len(g) > 2 and not bordered(g)}
    inside: Counter[str] = Counter()
    for g, c in able.items():
        if len(g) > 3:
            for part in (g[1:], g[:-1]):
                inside[part] = max(inside[part], c)
    found = [(g, c) for g, c in able.items() if inside[g] < PHRASE_PIECE * c]
    found.sort(key=lambda x: (-x[1], x[0]))
    return [g for g, _ in found[:room]]


def _windows(text: str, at: Sequence[int], n: int):
    """The ``n`` characters from each offset in ``at`` (fewer at the end), at C speed."""
    return map(text.__getitem__, map(slice, at, map(operator.add, at, repeat(n))))


def _trigram_codes(np, t: str):
    """The code points of each three characters of ``t`` packed in one uint64 (21 bits
    each: every code point fits), one per start."""
    c = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return (c[:-2] << np.uint64(42)) | (c[1:-1] << np.uint64(21)) | c[2:]


def bordered(g: str) -> bool:
    """Whether ``g`` begins with what it ends with (哈哈哈, 发展和发展): two of its
    occurrences can then overlap, and ``str.count`` counts one of them."""
    return any(g[:k] == g[-k:] for k in range(1, len(g)))


class Meta(msgspec.Struct):
    """The index's lists of strings, stored as msgpack (plain data); the section ids,
    the longest list (one per section of every plan), and the grams (``packed.GramTable``)
    are stored apart."""

    freq: list[str]
    readings: dict[str, list[str]]
    bound: dict[str, dict[str, list[str]]] = msgspec.field(default_factory=dict)  # rare readings' phrases


class Strings(abc.Sequence):
    """A stored list of strings: one UTF-8 buffer and each string's offset in it,
    decoded one at a time when asked for (a fresh process reads a few section ids,
    not 1.4 million at 10,000 plans)."""

    def __init__(self, data: bytes, offs: Sequence[int]):
        self.data = data
        self.offs = offs

    @staticmethod
    def pack(strs: Iterable[str]) -> tuple[bytes, array]:
        offs, parts, at = array("I", [0]), [], 0
        for x in strs:
            b = x.encode("utf-8")
            parts.append(b)
            at += len(b)
            offs.append(at)
        return b"".join(parts), offs

    def __len__(self) -> int:
        return len(self.offs) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self.data[self.offs[i] : self.offs[i + 1]].decode("utf-8")


def _bound() -> dict[str, dict[str, tuple[str, ...]]]:
    """The rare readings and their phrases (pypinyin's, computed at a build)."""
    from .variants import bound_readings

    return bound_readings()


def stored_bound(bound: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, dict[str, list[str]]]:
    return {c: {r: list(ps) for r, ps in by.items()} for c, by in bound.items()}


def _readings_of(chars: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Every toneless reading of each Han character (pypinyin, at build time only)."""
    from .variants import readings

    return {c: r for c in chars if (r := readings(c))}


@dataclass
class PlanSpan:
    """Where one plan sits in the index: unit ids [first, end), text [start, stop)."""

    id: str
    first: int
    end: int
    start: int
    stop: int
    chars: int  # key characters of the plan (what search counts per 10,000 of)


@dataclass
class SearchIndex:
    raw: bytes  # SEP + key0 + SEP + key1 + SEP … + SEP in UTF-8 (a stored index: ``store.FileBytes``, read with pread)
    starts: array  # unit id → offset of its key in text; one extra entry = len(text)
    unit_sec: array  # unit id → global section number ('I')
    unit_block: array  # unit id → block index, -1 heading ('i')
    unit_item: array  # unit id → item index, -1 the block itself, -2 a 专栏's title or a table's caption,
    # -3 a table's header ('i')
    sec_ids: Sequence[str]  # global section number → section id (a list, or ``Strings`` when stored)
    plans: list[PlanSpan]
    postings: Postings
    fingerprint: str = ""
    freq: dict[str, int] = field(default_factory=dict)  # common bigram → column of freq_counts
    # column-major, [column * len(plans) + plan]: one bigram's counts are contiguous,
    # so a stored index checks (and pages in) only the columns queries read
    freq_counts: Sequence[int] = field(default_factory=lambda: array(COUNT_CODE))
    corpus: dict[str, Plan] = field(default_factory=dict, repr=False, compare=False)

    readings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Han character → its readings
    bound: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # variants.bound_readings
    plan_fps: list[str] = field(default_factory=list)  # per plan: its fingerprint when indexed
    base: int = 0  # plans in the build that chose the common bigrams; later ones were added
    bstarts: array = field(default_factory=lambda: array("I"))  # unit id → byte offset in raw; + len(raw)
    text_check: store.Checked | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """``raw`` decoded (built on first use: the exact tier reads ``raw`` directly)."""
        def decode() -> str:
            if self.text_check is not None:
                self.text_check.check_all()
                self.text_check.release()
            return bytes(self.raw).decode("utf-8")

        return self.derived("_text", decode)

    # ---- building -----------------------------------------------------------
    @classmethod
    def build(cls, plans: Iterable[Plan], fingerprint: str = "", fps: list[str] | None = None,
              first_unit: int = 0, grams: list[str] | None = None) -> "SearchIndex":
        """The index of ``plans``. ``first_unit`` and ``grams`` (the common bigrams to
        count) are for ``extend``, which builds the added plans' part this way."""
        keys: list[str] = []
        starts = array("I")
        unit_sec, unit_block, unit_item = array("I"), array("i"), array("i")
        sec_ids: list[str] = []
        spans: list[PlanSpan] = []
        corpus: dict[str, Plan] = {}
        pos = bpos = 1  # text starts with SEP
        bstarts = array("I")
        for plan in plans:
            corpus[plan.id] = plan
            first, start = len(keys), pos
            last_sid = None
            for sid, block, item, shown in plan_units(plan):
                k = key(shown)
                if not k:
                    continue
                if sid != last_sid:
                    sec_ids.append(sid)
                    last_sid = sid
                keys.append(k)
                starts.append(pos)
                bstarts.append(bpos)
                bpos += len(k.encode("utf-8")) + 1
                unit_sec.append(len(sec_ids) - 1)
                unit_block.append(block)
                unit_item.append(item)
                pos += len(k) + 1
            chars = pos - start - (len(keys) - first)
            spans.append(PlanSpan(plan.id, first, len(keys), start, pos, chars))
        starts.append(pos)
        bstarts.append(bpos)
        text = SEP + SEP.join(keys) + SEP if keys else SEP
        postings = Postings.build(keys, first_unit)
        del keys
        if grams is None:
            grams = common_bigrams((g, postings.count(g)) for g in postings.keys) + common_phrases(
                [text[p.start : p.stop] for p in phrase_sample(spans)], len(spans), bpos)
        freq = {g: i for i, g in enumerate(grams)}
        index = cls(text.encode("utf-8"), starts, unit_sec, unit_block, unit_item, sec_ids, spans,
                    postings, fingerprint, freq, cls._plan_counts(text, spans, grams), corpus,
                    readings=_readings_of(postings.chars()), bound=_bound(),
                    plan_fps=list(fps or [""] * len(spans)), base=len(spans), bstarts=bstarts)
        index.__dict__["_text"] = text
        return index

    @staticmethod
    def _plan_counts(text: str, spans: list[PlanSpan], grams: list[str]) -> array:
        """Occurrences of each common bigram and phrase in each plan, column-major,
        as ``str.count`` (what the exact tier reports) gives them: the bigrams' from a
        C-level ``Counter`` per plan, the phrases' (which follow them) at each place
        their first three characters start.

        A bigram of one repeated character is never common, nor a phrase that can
        overlap itself (``bordered``): ``str.count`` does not count overlapping
        occurrences, counting every start does.
        """
        rows = array("I")
        k = next((i for i, g in enumerate(grams) if len(g) != 2), len(grams))
        pairs, longer = grams[:k], grams[k:]
        if any(len(g) == 2 or bordered(g) for g in longer):
            raise ValueError("common bigrams come before common phrases, and no phrase overlaps itself")
        add, zero = operator.add, [0] * len(pairs)
        # The places a phrase's first three characters start are found with numpy (each
        # trigram's code points packed in 63 bits), then each phrase with that start is
        # tried: 950 phrases take ~5 ms a plan, ``str.count`` of each 34.
        heads: dict[str, list[int]] = {}
        for j, g in enumerate(longer):
            heads.setdefault(g[:3], []).append(j)
        if heads:
            import numpy as np

            head_codes = np.sort(_trigram_codes(np, "".join(heads))[::3])  # each head is 3 characters
        for p in spans:
            if not grams:
                break
            t = text[p.start : p.stop]
            if pairs:
                c = Counter(map(add, t, t[1:]))
                rows.extend(map(c.get, pairs, zero))
            if longer:
                got = [0] * len(longer)
                if heads and len(t) >= 3:
                    for i in np.flatnonzero(np.isin(_trigram_codes(np, t), head_codes)).tolist():
                        for j in heads[t[i : i + 3]]:
                            if t.startswith(longer[j], i):
                                got[j] += 1
                rows.extend(got)
        return _cells(rows[col :: len(grams)] for col in range(len(grams)))

    def extend(self, plans: list[Plan], fps: list[str], fingerprint: str) -> "SearchIndex":
        """This index with ``plans`` added after its own: only they are read and keyed;
        the posting lists are merged. The common bigrams stay those of the build
        (``base`` plans): counts stay exact, a bigram grown common since is counted
        the ordinary way."""
        new = SearchIndex.build(plans, first_unit=self.n_units, grams=list(self.freq))
        shift = len(self.text) - 1  # new.text starts with the SEP self.text ends with
        starts = array("I", self.starts[:-1])
        starts.extend(map(shift.__add__, new.starts))
        bshift = len(self.raw) - 1
        bstarts = array("I", self.bstarts[:-1])
        bstarts.extend(map(bshift.__add__, new.bstarts))
        unit_sec = array("I", self.unit_sec)
        unit_sec.extend(map(len(self.sec_ids).__add__, new.unit_sec))
        n = self.n_units
        spans = self.plans + [PlanSpan(p.id, p.first + n, p.end + n, p.start + shift, p.stop + shift, p.chars)
                              for p in new.plans]
        readings = {**self.readings, **new.readings}
        text = self.text + new.text[1:]
        index = SearchIndex(text.encode("utf-8"), starts, unit_sec, array("i", self.unit_block) + new.unit_block,
                            array("i", self.unit_item) + new.unit_item, list(self.sec_ids) + new.sec_ids, spans,
                            self.postings.merged(new.postings), fingerprint, dict(self.freq),
                            self._merged_counts(new), {**self.corpus, **new.corpus},
                            readings=readings, bound=new.bound or self.bound, plan_fps=self.plan_fps + list(fps),
                            base=self.base, bstarts=bstarts)
        index.__dict__["_text"] = text
        return index

    def _merged_counts(self, new: "SearchIndex") -> array:
        """The common-bigram table with ``new``'s plans after ours, column by column."""
        a, b = len(self.plans), len(new.plans)
        out = array(COUNT_CODE)
        for col in range(len(self.freq)):
            out.extend(self.freq_counts[col * a : (col + 1) * a])
            out.extend(new.freq_counts[col * b : (col + 1) * b])
        return out

    def frequent_counts(self, gram: str) -> Sequence[int] | None:
        """Occurrences of a common bigram or phrase in each plan (None: not one)."""
        col = self.freq.get(gram)
        if col is None:
            return None
        n = len(self.plans)
        chk = self.__dict__.get("_freq_check")
        if chk is not None:
            chk.check(COUNT_CELL * col * n, COUNT_CELL * (col + 1) * n)
        got = self.freq_counts[col * n : (col + 1) * n]
        return None if COUNT_MAX in got else got  # a plan counted more than a cell holds

    # ---- storage ------------------------------------------------------------
    def save(self, root: Path) -> None:
        """Write the index as a store (see ``store``): data files, then the manifest."""
        lists = packed.pack_all(self.postings)
        sections, section_offs = Strings.pack(self.sec_ids)
        codes, numbers = packed.gram_tables(lists.grams)
        meta = Meta(freq=list(self.freq),
                    readings={c: list(r) for c, r in self.readings.items()}, bound=stored_bound(self.bound))
        plans = [store.PlanEntry(p.id, fp, p.first, p.end, p.start, p.stop, p.chars)
                 for p, fp in zip(self.plans, self.plan_fps)]
        manifest = store.Manifest(store.FORMAT, INDEX_VERSION, "", self.fingerprint, plans, {}, self.base)
        store.save(root, manifest, {
            "meta": msgspec.msgpack.encode(meta),
            "text": self.raw,
            "starts": self.starts, "bstarts": self.bstarts, "unit_crcs": self._crcs(), "unit_sec": self.unit_sec,
            "unit_block": self.unit_block, "unit_item": self.unit_item, "freq_counts": self.freq_counts,
            "pos": lists.pos, "firsts": lists.firsts, **dict(zip(packed.PARTS, lists.sinks)),
            "sections": sections, "section_offs": section_offs, "gram_codes": codes, "gram_numbers": numbers,
        })

    def _crcs(self) -> array:
        """CRC-32 of each unit's bytes (key and separator) in ``raw``."""
        raw, bst, ben = self.raw, self.bstarts, self.bends
        return array("I", map(zlib.crc32, map(raw.__getitem__, map(slice, bst[:-1], ben))))

    @classmethod
    def load(cls, root: Path) -> "SearchIndex":
        """Open a store. Raises ``store.Damaged`` (naming the file) for anything amiss;
        the posting lists are checked block by block as queries read them."""
        st = store.Store.open(root, INDEX_VERSION)
        m = st.manifest
        try:
            meta = msgspec.msgpack.decode(st.read("meta"), type=Meta)
        except (msgspec.DecodeError, msgspec.ValidationError) as e:
            raise store.Damaged(f"{root}: index tables unreadable ({e})") from None

        maps: list[store.Checked] = []  # every mapped part: its pages are dropped after a query when many

        def mapped(name: str) -> store.Checked:
            part = st.map(name)
            maps.append(part)
            return part

        def ints(name: str, code: str):
            # Mapped, not copied: at 10,000 plans the nine unit tables are ~100 MB that
            # reading and converting cost a fresh search ~0.3 s. Each is checked whole
            # (one C-level CRC pass) before anything reads it, as a read part is.
            part = mapped(name)
            if len(part.view) % array(code).itemsize:
                raise store.Damaged(f"{root}: {name} is not a whole number of entries")
            part.check_all()
            return part.view.cast(code) if len(part.view) else array(code)

        with gcpause.paused():
            starts, unit_sec, bstarts = ints("starts", "I"), ints("unit_sec", "I"), ints("bstarts", "I")
            text = mapped("text")
            unit_block, unit_item = ints("unit_block", "i"), ints("unit_item", "i")
            pos, unit_crcs, firsts = ints("pos", "I"), ints("unit_crcs", "I"), ints("firsts", "I")
            sections = mapped("sections")  # 26 MB at 10,000 plans: mapped, read a few ids at a time
            sections.check_all()
            sec_ids = Strings(sections._keep if sections._keep is not None else b"", ints("section_offs", "I"))
            freq = mapped("freq_counts")
            if len(freq.view) % COUNT_CELL:
                raise store.Damaged(f"{root}: freq_counts is not a whole number of entries")
            freq_counts = freq.view.cast(COUNT_CODE) if len(freq.view) else array(COUNT_CODE)
            bufs = [mapped(name) for name in packed.PARTS]
            if any(len(b.view) % w for b, w in zip(bufs, (4, 2, 1))):
                raise store.Damaged(f"{root}: a posting file is not a whole number of entries")
            keys = packed.GramTable(ints("gram_codes", "Q"), ints("gram_numbers", "I"))
            spans = [PlanSpan(p.id, p.first, p.end, p.start, p.stop, p.chars) for p in m.plans]
        n = len(starts) - 1
        nbytes = len(text.view)
        fits = (len(pos) == 2 * len(keys) and len(keys) == len(keys.numbers) == len(firsts) and len(bstarts) == n + 1
                and len(unit_sec) == len(unit_block) == len(unit_item) == n and bstarts[-1] == nbytes
                and (n == 0 or bstarts[0] == 1) and nbytes > 0 and len(unit_crcs) == n
                and len(freq_counts) == len(meta.freq) * len(spans) * bool(meta.freq)
                and all(0 <= p.first <= p.end <= n and 0 <= p.start <= p.stop <= starts[-1] for p in spans)
                and sec_ids.offs[0] == 0 and sec_ids.offs[-1] == len(sec_ids.data)
                and (not unit_sec or unit_sec[-1] < len(sec_ids)))  # unit_sec never decreases
        if not fits:
            raise store.Damaged(f"{root}: index tables do not fit together")
        views = tuple(b.view.cast(code) if len(b.view) else memoryview(array(code))
                      for b, code in zip(bufs, "IHB"))
        postings = packed.PackedPostings(keys, pos, views, firsts, tuple(bufs))
        index = cls(st.file("text"), starts, unit_sec, unit_block, unit_item, sec_ids, spans, postings,
                    m.fingerprint, freq={g: i for i, g in enumerate(meta.freq)}, freq_counts=freq_counts,
                    readings={c: tuple(r) for c, r in meta.readings.items()},
                    bound={c: {r: tuple(ps) for r, ps in by.items()} for c, by in meta.bound.items()},
                    plan_fps=[p.fp for p in m.plans], base=m.base, bstarts=bstarts, text_check=text)
        index.__dict__["_freq_check"] = freq
        index.__dict__["_opened"] = st
        index.__dict__["_stored_crcs"] = unit_crcs  # what an update copies (``builder``)
        index.__dict__["_mapped"] = budget.Mapped([p._keep for p in maps],
                                                  budget.budget_for(nbytes, budget.MAPPED_SHARE, budget.MAPPED_FLOOR))
        if not text.trusted:  # else read back whole and unchanged since (``store``: the stamp)
            index.__dict__["_unit_crcs"] = unit_crcs
        return index

    def check_units(self, uids) -> None:
        """Verify the stored text of these units against their checksums (a stored
        index only): the exact tier reads just these units, so only their pages are
        read, and the check costs one C-level CRC per unit. Read with pread: a unit is
        checked once per index, and through the map each would fault a block of the
        file into the process."""
        crcs = self.__dict__.get("_unit_crcs")
        if crcs is None or not uids:
            return
        buf, a, b = self.read_units(uids, pread=True)
        with memoryview(buf) as mv:
            self.check_pieces(uids, map(mv.__getitem__, map(slice, a, b)))

    def read_units(self, uids: Sequence[int], pread: bool = False) -> tuple[bytes | bytearray, list[int], list[int]]:
        """The stored bytes of units ``uids`` (sorted; each key with its separator): a
        buffer and each unit's bounds in it. Not checked here (``check_units``).

        A stored index reads them through the memory map (``pread`` False: each fault
        maps a large piece of the cached file, the fastest way to read many units;
        ``settle`` drops the pages when they grow past their share), or with
        ``os.pread``, nearby units in one call (``store.FileBytes.runs``), so that the
        process holds only what it reads and only while it reads it: the exact tier
        does so for a few units (a rare term's ~1,000 units left ~110 MB of the text
        mapped in a fresh process at 1,000 plans, for 3.8 MB read). An index in memory
        gives ``raw`` itself."""
        bst, ben = self.bstarts, self.bends
        starts, ends = list(map(bst.__getitem__, uids)), list(map(ben.__getitem__, uids))
        runs = getattr(self.raw, "runs", None)
        if runs is None:
            return self.raw, starts, ends
        if pread or self.text_check is None or self.text_check._keep is None:
            return runs(starts, ends)
        with memoryview(self.text_check.view) as view:
            buf = b"".join(map(view.__getitem__, map(slice, starts, ends)))
        at = list(accumulate(map(operator.sub, ends, starts), initial=0))
        return buf, at[:-1], at[1:]

    def mapped_text(self):
        """The memory map of a stored index's text (what ``read_units`` reads through
        when not asked for ``pread``), else None."""
        chk = self.text_check
        if getattr(self.raw, "runs", None) is None or chk is None or chk._keep is None:
            return None
        return chk.view

    def finder(self):
        """What to call ``find(sub, start, end)`` on for byte offsets of ``raw``: the
        memory map of a stored index (no copy; pages dropped by ``settle``), else ``raw``."""
        chk = self.text_check
        return chk._keep if chk is not None and chk._keep is not None else self.raw

    def check_pieces(self, uids, pieces) -> None:
        """``check_units`` for units whose bytes the caller has already read."""
        crcs = self.__dict__.get("_unit_crcs")
        if crcs is None:
            return
        if not all(map(operator.eq, map(zlib.crc32, pieces), map(crcs.__getitem__, uids))):
            raise store.Damaged(f"{self.text_check.name if self.text_check else 'text'}: "
                                "a unit does not match its checksum (damaged)")

    # ---- lookup -----------------------------------------------------------
    @property
    def n_units(self) -> int:
        return len(self.starts) - 1

    def unit_key(self, uid: int) -> str:
        text = self.__dict__.get("_text")
        if text is not None:
            return text[self.starts[uid] : self.starts[uid + 1] - 1]
        a, b = self.bstarts[uid], self.bstarts[uid + 1] - 1
        self.check_units((uid,))
        return self.raw[a:b].decode("utf-8")

    def unit_at(self, pos: int) -> int:
        """The unit whose key contains text offset ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A table computed from the index on first use and kept while it fits the
        index's budget for such tables (readings, the bigram graph, the letter tables,
        the headings…; see ``budget``): the least recently used are dropped first and
        built again when asked for. Built once even when several threads ask at the
        same time: the palette searches each keystroke in a thread of its own."""
        return self.tables.get(name, build)

    @property
    def tables(self) -> budget.Tables:
        """The derived tables kept for this index, under ``budget.budget_for`` its text."""
        got = self.__dict__.get("_tables")
        if got is None:
            with _deriving:
                got = self.__dict__.get("_tables")
                if got is None:
                    own = [f.name for f in fields(self)]
                    me = weakref.ref(self)  # no cycle through the tables (see budget.Tables)

                    def store() -> dict:
                        ix = me()
                        return ix.__dict__ if ix is not None else {}

                    def exclude() -> list[int]:
                        ix = me()
                        return [id(getattr(ix, n)) for n in own] if ix is not None else []

                    got = self.__dict__["_tables"] = budget.Tables(store, budget.budget_for(len(self.raw)), exclude)
        return got

    def settle(self) -> None:
        """After a query: drop the store's pages from this process if they have grown
        past their share of the text (``budget.Mapped``), and hand freed heap back
        (``budget.Heap``)."""
        self.bound_pages()
        budget.heap().settle()

    def bound_pages(self) -> None:
        """During a query too: drop the store's pages once they pass their share, so
        a query that reads much of the text through the map holds a batch of it at a
        time (at 1,000 plans, 高质量发展 faulted in the whole 129 MB text before the
        query ended and ``settle`` dropped it)."""
        mapped = self.__dict__.get("_mapped")
        if mapped is not None:
            mapped.settle()

    def page_share(self) -> int | None:
        """The bytes of the store's pages this process holds before ``bound_pages``
        drops them (None: an index in memory, nothing mapped)."""
        mapped = self.__dict__.get("_mapped")
        return None if mapped is None else mapped.limit

    def asked_before(self, what: str) -> bool:
        """Count a query of kind ``what``; True from the second on. A process that asks
        once (``fyp search``) is served without building or mapping what a process
        asking again (the app) is better served by."""
        asked = self.derived(f"_{what}_asked", lambda: [0])
        asked[0] += 1
        return asked[0] > 1

    @property
    def firsts(self) -> list[int]:
        """The first unit id of each plan."""
        return self.derived("_firsts", lambda: [p.first for p in self.plans])

    @property
    def bends(self) -> array:
        """Unit id → byte offset just past its key's separator in ``raw``."""
        return self.derived("_bends", lambda: self.bstarts[1:])

    @property
    def ends(self) -> array:
        """Unit id → offset just past its key's separator (``starts`` shifted by one)."""
        return self.derived("_ends", lambda: self.starts[1:])

    def plan_at(self, uid: int) -> int:
        """Index in ``plans`` of the plan holding unit ``uid``."""
        return bisect.bisect_right(self.firsts, uid) - 1

    def candidates(self, q: str, most: int = 2) -> list[int]:
        """Units that may contain ``q``: they hold its ``most`` rarest bigrams (or its character)."""
        grams = {q[i : i + 2] for i in range(len(q) - 1)} or {q}
        return self.all_of(grams, most)

    def all_of(self, grams: Iterable[str], most: int = 2) -> list[int]:
        """Units holding every one of the ``most`` rarest of ``grams`` (a superset when
        narrowing would cost more than it saves), sorted."""
        ranked = sorted(set(grams), key=self.postings.count)[:most]
        if not ranked:
            return []
        lists = [self.postings.get(g) for g in ranked]
        first = lists[0]
        if len(first) <= 64 or len(lists) == 1:
            return list(first)
        for other in lists[1:]:
            # Intersecting reads both lists in Python; it pays only when it drops most
            # of ``first``, so a sample of ``first`` is looked up in ``other`` first.
            step = max(1, len(first) // 64)
            sample = first[::step]
            hit = sum(_contains(other, u) for u in sample)
            if hit > 0.5 * len(sample):
                continue
            keep = set(first).intersection(other)
            first = sorted(keep)
            if len(first) <= 64:
                break
        return first if isinstance(first, list) else list(first)

    def any_of(self, grams: Iterable[str]) -> set[int]:
        """Units holding at least one of ``grams``."""
        out: set[int] = set()
        for g in set(grams):
            out.update(self.postings.get(g))
        return out


def _contains(seq, x: int) -> bool:
    i = bisect.bisect_left(seq, x)
    return i < len(seq) and seq[i] == x
