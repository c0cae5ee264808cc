"""Targets: the plans' quantitative goals as data, compared across plans.

Every indicator-table row and every forward-looking target sentence becomes a
``Target``: indicator as written, canonical key (synonyms grouped), target and
baseline ``Value``s with their years, qualifier (≥ ≤ ≈ range relative task, plus
年均 / 累计 flags), attribute (预期性 / 约束性) and the ``Source`` it was read from
(plan, section, block, character span, sentence). Headless: no Textual here.

    from fyp_tui.targets import plan_targets, corpus_targets, best_by_indicator
"""

from __future__ import annotations

from typing import Callable

from ..model import Plan
from .canon import BY_KEY, CANON, Canon, canonical, display_name, find_canon
from .numbers import Quantity, parse_number, parse_quantity
from .periods import period_end
from .prose import prose_targets
from .qualifiers import parse_value
from .records import Source, Target, Value
from .tables import table_targets

__all__ = [
    "BY_KEY", "CANON", "Canon", "Quantity", "Source", "Target", "Value", "best_by_indicator", "own_period",
    "canonical", "corpus_targets", "display_name", "filter_targets", "find_canon", "parse_number",
    "parse_quantity", "parse_value", "plan_targets", "prose_targets", "table_targets",
]


def plan_targets(plan: Plan) -> list[Target]:
    """Table rows first (in table order), then prose targets in reading order."""
    return table_targets(plan) + prose_targets(plan)


def corpus_targets(corpus, plan_ids: list[str] | None = None) -> list[Target]:
    ids = plan_ids or sorted(corpus.plans)
    return [t for pid in ids for t in plan_targets(corpus.get(pid))]


def filter_targets(targets: list[Target], indicator: str) -> list[Target]:
    """Targets of a canonical indicator (key, name or synonym), else whose name contains it."""
    canon = find_canon(indicator)
    if canon is not None:
        hit = [t for t in targets if t.canonical == canon.key]
        if hit:
            return hit
    return [t for t in targets if indicator in t.indicator]


def best_by_indicator(targets: list[Target], period: str = "十四五") -> dict[str, dict[str, Target]]:
    """canonical key → plan id → the target to show: a table row before prose, numbers
    before text, the first one read. Only targets of ``period`` with a canonical key."""
    out: dict[str, dict[str, Target]] = {}
    for t in targets:
        if not t.canonical or (period and t.period != period) or t.target is None:
            continue
        cur = out.setdefault(t.canonical, {}).get(t.plan)
        if cur is None or _rank(t) < _rank(cur):
            out[t.canonical][t.plan] = t
    return out


def own_period(targets: list[Target], period_of: Callable[[str], str]) -> list[Target]:
    """The targets of their plan's own period (``period_of``: plan id → its period): a
    十二五 纲要's 2015 goals beside a 十四五 plan's 2025 ones, never a review table's
    十三五 figures taken for a 十四五 plan's goals. Plans of no known period are left
    out (as the 十四五 grid did): a goal could not be told from a 2035 vision."""
    periods: dict[str, str] = {}
    for pid in dict.fromkeys(t.plan for t in targets):
        period = period_of(pid)
        periods[pid] = period if period_end(period) is not None else "\0"  # no known period: matches none
    return [t for t in targets if t.period == periods[t.plan]]


def _rank(t: Target) -> tuple[int, int, int]:
    # A goal for the period's own end year (2025 for 十四五) before a 远景 goal (2035).
    end = period_end(t.period)
    beyond = 1 if end and t.target_year.isdigit() and int(t.target_year) > end else 0
    return (beyond, 0 if t.origin == "table" else 1, 0 if t.target and t.target.number is not None else 1)
