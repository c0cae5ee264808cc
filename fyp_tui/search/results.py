"""What search takes and gives back: filters, hits, results (plain dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

# Tiers in rank order; a hit's ``tier`` is one of these.
TIERS = ("exact", "traditional", "homophone", "typo", "split", "pinyin")
MODES = ("auto", "exact", "fuzzy", "pinyin")


@dataclass(frozen=True)
class Filters:
    """Which plans and sections to search; empty fields do not filter.

    ``province`` / ``city`` match as substrings of the plan's (江苏 matches 江苏省);
    ``level`` is national | province | city | county | district; ``kind`` outline |
    proposal | special (or 纲要 | 建议 | 专项规划);
    ``section`` keeps that section and its subtree (``ch06`` keeps ``ch06.s02``).
    """

    plans: Sequence[str] = ()
    province: str = ""
    city: str = ""
    level: str = ""
    kind: str = ""
    section: str = ""

    def __bool__(self) -> bool:
        return bool(self.plans or self.province or self.city or self.level or self.kind
                    or self.section)


@dataclass
class Hit:
    """One match. ``text`` is the unit's display text; ``spans`` index into it."""

    plan: str
    section: str  # section id, e.g. "ch06.s02"
    block: int  # index in section.blocks, -1 for the section heading
    item: int  # box entry / table row / note index, -1 for the block's own text
    tier: str
    score: float
    matched: str  # the matched display text (first span to last)
    spans: list[tuple[int, int]]
    text: str
    # the section's label and title, and the display titles of its path, top down: what a
    # caller shows beside the hit without decoding the plan again
    label: str = ""
    title: str = ""
    path: list[str] = field(default_factory=list)

    def snippet(self, context: int = 30) -> tuple[str, list[tuple[int, int]]]:
        """A window of ``text`` around the hit and the spans shifted into it."""
        first, last = self.spans[0][0], self.spans[-1][1]
        a = max(0, first - context)
        b = min(len(self.text), last + context)
        pre = "…" if a > 0 else ""
        post = "…" if b < len(self.text) else ""
        shift = len(pre) - a
        return pre + self.text[a:b] + post, [(s + shift, e + shift) for s, e in self.spans]


@dataclass
class SearchResult:
    query: str
    mode: str  # the mode asked for
    total: int  # matches over all plans (not only those in ``hits``): see ``counting``
    counts: dict[str, int]  # plan id → matches, plans with matches only, in corpus order
    hits: list[Hit]  # one per unit, best first, at most ``limit``
    tiers: dict[str, int] = field(default_factory=dict)  # tier → hits
    used: tuple[str, ...] = ()  # the tiers that ran
    message: str = ""  # why nothing was searched or what was left out, for humans
    elapsed_ms: float = 0.0
    tier_ms: dict[str, float] = field(default_factory=dict)  # tier → milliseconds it ran (benchmarks)
    stopped: bool = False  # ended early by the caller's ``stop``: incomplete
    partial: bool = False  # a ``quick`` search that cut a tier short: counts are floors
    counting: str = "occurrences"  # what total/counts count: "occurrences" (one word) or "units"


@dataclass
class TitleHit:
    plan: str
    section: str
    title: str  # the heading as displayed
    score: float  # 0..100
    spans: list[tuple[int, int]]  # into title
    path: list[str] = field(default_factory=list)  # display titles, top down
    tier: str = "exact"  # how it matched: exact, homophone, fuzzy (a typo's reach) or pinyin
    block: int = -1  # -1: the section's heading; else the block of a 专栏 or table of the section
    kind: str = "section"  # section | box (专栏) | table: what ``title`` is the heading of
    section_label: str = ""  # the section's own label and title (``path`` ends with them as displayed)
    section_title: str = ""


@dataclass
class TermCount:
    plan: str
    term: str
    count: int
    chars: int  # characters searched in the plan
    per_10k: float
