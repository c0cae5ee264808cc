"""The compare engine: align two plans section by section, look inside a pair,
rank plans by similarity. Headless: nothing here imports Textual or prints.

Typical use::

    from fyp_tui.align import compare, chapter_view, compare_pair
    al = compare(corpus, "xuzhou-gulou", "fuzhou-gulou")   # Alignment
    rows = chapter_view(al)                                 # list[ChapterRow]
    inside = compare_pair(al.pairs[0])                      # Inside (spans, reuse)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .chapters import Chapter, ChapterLink, ChapterRow, chapter_view
from .inside import MIN_SPAN, Inside, Segment, SegmentPair, Span, compare_pair, compare_texts
from .matrix import SimilarityMatrix, TopicHit
from .pairs import MIN_SCORE, Alignment, UnitPair, align_units
from .units import Unit, plan_units
from .weights import Weights, weights_for

if TYPE_CHECKING:
    from ..corpus import Corpus

__all__ = [
    "MIN_SCORE", "MIN_SPAN", "Alignment", "Chapter", "ChapterLink", "ChapterRow", "Inside",
    "Segment", "SegmentPair", "SimilarityMatrix", "Span", "TopicHit", "Unit", "UnitPair",
    "Weights", "align_units", "chapter_view", "compare", "compare_pair", "compare_texts",
    "plan_units", "weights_for",
]


def compare(corpus: "Corpus", a_id: str, b_id: str, min_score: float = MIN_SCORE) -> Alignment:
    """Align two plans of ``corpus`` with corpus-wide weights (memoised per corpus)."""
    return align_units(corpus.get(a_id), corpus.get(b_id), weights_for(corpus.plans.values()), min_score)
