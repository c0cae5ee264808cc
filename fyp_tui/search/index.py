"""The search index: every unit's key in one string, plus posting lists.

All unit keys (see ``units``) are joined into one string ``text``, each between
NUL separators, so a match never runs across two units and ``str.find`` / ``re``
work on it directly. ``postings`` gives, for each character and character bigram,
the units that contain it; a query's candidates are the units holding its rarest
bigrams, so the work grows with the units that could match, not with the corpus.
Units of a plan are contiguous: a plan is a range of unit ids and of ``text``.

``save`` / ``load`` write and read the index as two files (a pickle of the small
tables and the text, and the raw posting buffer, memory-mapped when loaded).
"""

from __future__ import annotations

import bisect
import pickle
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..model import Plan
from .postings import Postings
from .units import key, plan_units

INDEX_VERSION = 1
SEP = "\x00"


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
        return cls(text, starts, unit_sec, unit_block, unit_item, sec_ids, spans,
                   Postings.build(keys), fingerprint, corpus)

    def save(self, stem: Path) -> None:
        """Write ``stem.idx`` and ``stem.post`` (via temporary files, then renamed)."""
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
        }
        idx, post = stem.with_suffix(".idx"), stem.with_suffix(".post")
        self.postings.write(post.with_suffix(".post.tmp"))
        with open(idx.with_suffix(".idx.tmp"), "wb") as f:
            pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
        post.with_suffix(".post.tmp").replace(post)
        idx.with_suffix(".idx.tmp").replace(idx)

    @classmethod
    def load(cls, stem: Path) -> "SearchIndex":
        with open(stem.with_suffix(".idx"), "rb") as f:
            t = pickle.load(f)
        if t.get("version") != INDEX_VERSION:
            raise ValueError(f"index version {t.get('version')!r}, expected {INDEX_VERSION}")
        postings = Postings.open(stem.with_suffix(".post"), t["offsets"])
        return cls(t["text"], t["starts"], t["unit_sec"], t["unit_block"], t["unit_item"],
                   t["sec_ids"], [PlanSpan(*p) for p in t["plans"]], postings, t["fingerprint"])

    # ---- lookup -----------------------------------------------------------
    @property
    def n_units(self) -> int:
        return len(self.starts) - 1

    def unit_key(self, uid: int) -> str:
        return self.text[self.starts[uid] : self.starts[uid + 1] - 1]

    def unit_at(self, pos: int) -> int:
        """The unit whose key contains text offset ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def plan_at(self, uid: int) -> int:
        """Index in ``plans`` of the plan holding unit ``uid``."""
        firsts = self.__dict__.get("_firsts")
        if firsts is None:
            firsts = self.__dict__["_firsts"] = [p.first for p in self.plans]
        return bisect.bisect_right(firsts, uid) - 1

    def candidates(self, q: str, most: int = 2) -> list[int]:
        """Units that may contain ``q``: they hold its ``most`` rarest bigrams (or its character)."""
        grams = {q[i : i + 2] for i in range(len(q) - 1)} or {q}
        return self.all_of(grams, most)

    def all_of(self, grams: Iterable[str], most: int = 2) -> list[int]:
        """Units holding every one of the ``most`` rarest of ``grams``, sorted."""
        ranked = sorted(set(grams), key=self.postings.count)[:most]
        if not ranked:
            return []
        lists = [self.postings.get(g) for g in ranked]
        if len(lists[0]) <= 64 or len(lists) == 1:
            return lists[0].tolist()
        found = set(lists[0]).intersection(lists[1])
        for p in lists[2:]:
            found.intersection_update(p)
        return sorted(found)

    def any_of(self, grams: Iterable[str]) -> set[int]:
        """Units holding at least one of ``grams``."""
        out: set[int] = set()
        for g in set(grams):
            out.update(self.postings.get(g))
        return out
