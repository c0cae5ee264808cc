"""The search index: every unit's key in one string, plus posting lists.

All unit keys (see ``units``) are joined into one string ``text``, each between
NUL separators, so a match never runs across two units and ``str.find`` / ``re``
work on it directly. ``postings`` gives, for each character and character bigram,
the units that contain it; a query's candidates are the units holding its rarest
bigrams, so the work grows with the units that could match, not with the corpus.
Units of a plan are contiguous: a plan is a range of unit ids and of ``text``.

Common bigrams (in ``FREQUENT`` units or more) also get their exact number of
occurrences in each plan (``freq``), counted once at build time, so the exact tier
answers 建设 (240,000 occurrences) without reading its postings or the text.

``save`` / ``load`` write and read the index as two files (a pickle of the small
tables and the text, and the raw posting buffer, memory-mapped when loaded).
"""

from __future__ import annotations

import bisect
import operator
import pickle
import threading
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .. import gcpause
from ..fsutil import atomic_write_bytes
from ..model import Plan
from .postings import Postings
from .units import key, plan_units

INDEX_VERSION = 2
SEP = "\x00"
_deriving = threading.RLock()  # re-entrant: one derived table may be built from another
T = TypeVar("T")
FREQUENT = 3000  # bigrams in at least this many units get per-plan occurrence counts


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
    text: str  # SEP + key0 + SEP + key1 + SEP … + SEP
    starts: array  # unit id → offset of its key in text; one extra entry = len(text)
    unit_sec: array  # unit id → global section number ('I')
    unit_block: array  # unit id → block index, -1 heading ('i')
    unit_item: array  # unit id → item index, -1 the block itself ('i')
    sec_ids: list[str]  # global section number → section id
    plans: list[PlanSpan]
    postings: Postings
    fingerprint: str = ""
    freq: dict[str, int] = field(default_factory=dict)  # common bigram → column of freq_counts
    freq_counts: array = field(default_factory=lambda: array("I"))  # plan-major: [plan * len(freq) + column]
    corpus: dict[str, Plan] = field(default_factory=dict, repr=False, compare=False)

    # ---- building and storage ---------------------------------------------
    @classmethod
    def build(cls, plans: Iterable[Plan], fingerprint: str = "") -> "SearchIndex":
        keys: list[str] = []
        starts = array("I")
        unit_sec, unit_block, unit_item = array("I"), array("i"), array("i")
        sec_ids: list[str] = []
        spans: list[PlanSpan] = []
        corpus: dict[str, Plan] = {}
        pos = 1  # text starts with SEP
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
                unit_sec.append(len(sec_ids) - 1)
                unit_block.append(block)
                unit_item.append(item)
                pos += len(k) + 1
            chars = pos - start - (len(keys) - first)
            spans.append(PlanSpan(plan.id, first, len(keys), start, pos, chars))
        starts.append(pos)
        text = SEP + SEP.join(keys) + SEP if keys else SEP
        postings = Postings.build(keys)
        del keys
        freq, freq_counts = cls._frequent(text, spans, postings)
        return cls(text, starts, unit_sec, unit_block, unit_item, sec_ids, spans,
                   postings, fingerprint, freq, freq_counts, corpus)

    @staticmethod
    def _frequent(text: str, spans: list[PlanSpan], postings: Postings) -> tuple[dict[str, int], array]:
        """The common bigrams and their occurrences per plan (a C-level ``Counter`` per plan).

        A bigram of one repeated character is left out: ``str.count`` (what the exact
        tier reports) does not count overlapping occurrences, a bigram counter does.
        """
        grams = [g for g, (_, n) in postings.offsets.items()
                 if n >= FREQUENT and len(g) == 2 and g[0] != g[1]]
        freq = {g: i for i, g in enumerate(grams)}
        counts = array("I")
        add, zero = operator.add, [0] * len(grams)
        for p in spans:
            if not grams:
                break
            t = text[p.start : p.stop]
            c = Counter(map(add, t, t[1:]))
            counts.extend(map(c.get, grams, zero))
        return freq, counts

    def frequent_counts(self, gram: str) -> array | None:
        """Occurrences of a common bigram in each plan (None: not a common bigram)."""
        col = self.freq.get(gram)
        if col is None:
            return None
        return self.freq_counts[col :: len(self.freq)]

    def save(self, stem: Path) -> None:
        """Write ``stem.idx`` and ``stem.post``, each atomically (see ``fsutil``)."""
        tables = {
            "version": INDEX_VERSION,
            "fingerprint": self.fingerprint,
            "text": self.text,
            "starts": self.starts,
            "unit_sec": self.unit_sec,
            "unit_block": self.unit_block,
            "unit_item": self.unit_item,
            "sec_ids": self.sec_ids,
            "plans": [tuple(vars(p).values()) for p in self.plans],
            "offsets": self.postings.offsets,
            "freq": list(self.freq),
            "freq_counts": self.freq_counts,
        }
        # Each file goes through its own uniquely named, fsynced temporary file and
        # os.replace, so the app and the CLI building the same index at once never
        # interleave their bytes; both write identical content, so either may win.
        # The postings go first: an .idx on disk always has its .post beside it.
        atomic_write_bytes(stem.with_suffix(".post"), self.postings._buf.cast("B"))
        atomic_write_bytes(stem.with_suffix(".idx"), pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))

    @classmethod
    def load(cls, stem: Path) -> "SearchIndex":
        with open(stem.with_suffix(".idx"), "rb") as f, gcpause.paused():
            t = pickle.load(f)
        if t.get("version") != INDEX_VERSION:
            raise ValueError(f"index version {t.get('version')!r}, expected {INDEX_VERSION}")
        postings = Postings.open(stem.with_suffix(".post"), t["offsets"])
        return cls(t["text"], t["starts"], t["unit_sec"], t["unit_block"], t["unit_item"],
                   t["sec_ids"], [PlanSpan(*p) for p in t["plans"]], postings, t["fingerprint"],
                   freq={g: i for i, g in enumerate(t["freq"])}, freq_counts=t["freq_counts"])

    # ---- lookup -----------------------------------------------------------
    @property
    def n_units(self) -> int:
        return len(self.starts) - 1

    def unit_key(self, uid: int) -> str:
        return self.text[self.starts[uid] : self.starts[uid + 1] - 1]

    def unit_at(self, pos: int) -> int:
        """The unit whose key contains text offset ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """A table computed from the index on first use and then kept (readings, the
        bigram graph, the headings…). Built once even when several threads ask at the
        same time: the palette searches each keystroke in a thread of its own."""
        got = self.__dict__.get(name)
        if got is None:
            with _deriving:
                got = self.__dict__.get(name)
                if got is None:
                    got = self.__dict__[name] = build()
        return got

    @property
    def firsts(self) -> list[int]:
        """The first unit id of each plan."""
        return self.derived("_firsts", lambda: [p.first for p in self.plans])

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
            return first.tolist()
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
        return first if isinstance(first, list) else first.tolist()

    def any_of(self, grams: Iterable[str]) -> set[int]:
        """Units holding at least one of ``grams``."""
        out: set[int] = set()
        for g in set(grams):
            out.update(self.postings.get(g))
        return out


def _contains(seq, x: int) -> bool:
    i = bisect.bisect_left(seq, x)
    return i < len(seq) and seq[i] == x
