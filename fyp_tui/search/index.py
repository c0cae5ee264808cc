"""The search index: every unit's key in one string, and character postings.

All unit keys (see ``units``) are joined into one string ``text``, each between
NUL separators, so a match never runs across two units and ``str.find`` /
``re`` work on it directly. ``postings`` maps each character to the sorted ids of
the units that contain it; a query's candidates are the intersection of its
rarest characters' postings, so the work grows with the units that could match,
not with the corpus. Units of a plan are contiguous, so a plan (or a filter) is a
range of unit ids and a range of ``text``.

The index is plain data (a str and ``array``s), pickled to the cache by ``cache``.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from typing import Iterable

from ..model import Plan
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
    starts: array  # unit id → offset of its key in text ('I')
    unit_sec: array  # unit id → global section number ('I')
    unit_block: array  # unit id → block index, -1 heading ('i')
    unit_item: array  # unit id → item index, -1 the block itself ('i')
    sec_ids: list[str]  # global section number → section id
    plans: list[PlanSpan]
    postings: dict[str, array]  # character → sorted unit ids ('I')
    fingerprint: str = ""
    corpus: dict[str, Plan] = field(default_factory=dict, repr=False, compare=False)

    # ---- building -------------------------------------------------------
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
        text = SEP + SEP.join(keys) + SEP
        return cls(text, starts, unit_sec, unit_block, unit_item, sec_ids, spans,
                   _postings(keys), fingerprint, corpus)

    # ---- lookup ---------------------------------------------------------
    @property
    def n_units(self) -> int:
        return len(self.starts)

    def unit_key(self, uid: int) -> str:
        s = self.starts[uid]
        return self.text[s : self.text.index(SEP, s)]

    def unit_end(self, uid: int) -> int:
        return self.starts[uid + 1] - 1 if uid + 1 < len(self.starts) else len(self.text) - 1

    def unit_at(self, pos: int) -> int:
        """The unit whose key contains text offset ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def plan_of(self, uid: int) -> PlanSpan:
        lo, hi = 0, len(self.plans)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.plans[mid].end <= uid:
                lo = mid + 1
            else:
                hi = mid
        return self.plans[lo]

    def frequency(self, ch: str) -> int:
        p = self.postings.get(ch)
        return len(p) if p is not None else 0

    def candidates(self, chars: Iterable[str], most: int = 3) -> list[int] | None:
        """Unit ids containing every one of the ``most`` rarest of ``chars``, sorted.

        ``None`` means no restriction could be made (no characters given).
        """
        distinct = sorted(set(chars), key=self.frequency)[:most]
        if not distinct:
            return None
        lists = [self.postings.get(c) for c in distinct]
        if any(p is None for p in lists):
            return []
        if len(lists) == 1:
            return lists[0].tolist()
        found = set(lists[0])
        for p in lists[1:]:
            found.intersection_update(p)
            if not found:
                break
        return sorted(found)

    def union(self, chars: Iterable[str]) -> set[int]:
        """Unit ids containing at least one of ``chars``."""
        out: set[int] = set()
        for c in set(chars):
            p = self.postings.get(c)
            if p is not None:
                out.update(p)
        return out


def _postings(keys: list[str]) -> dict[str, array]:
    lists: dict[str, list[int]] = {}
    get = lists.get
    for uid, k in enumerate(keys):
        for ch in set(k):
            lst = get(ch)
            if lst is None:
                lists[ch] = [uid]
            else:
                lst.append(uid)
    return {ch: array("I", lst) for ch, lst in lists.items()}
