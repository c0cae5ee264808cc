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

from ..lazy import lazy_names

if TYPE_CHECKING:
    from ..corpus import Corpus
    from .pairs import Alignment

# Names are imported on first use (PEP 562): the CLI reads MIN_SCORE for its
# parser without importing the engine.
_WHERE = {
    "Chapter": "chapters", "ChapterLink": "chapters", "ChapterRow": "chapters", "chapter_view": "chapters",
    "MIN_SPAN": "inside", "Inside": "inside", "Segment": "inside", "SegmentPair": "inside", "Span": "inside",
    "compare_pair": "inside", "compare_texts": "inside", "SimilarityMatrix": "matrix", "TopicHit": "matrix",
    "MIN_SCORE": "defaults", "Alignment": "pairs", "UnitPair": "pairs", "align_units": "pairs",
    "Unit": "units", "plan_units": "units", "Weights": "weights", "weights_for": "weights",
}
__all__ = sorted(_WHERE) + ["compare"]

__getattr__ = lazy_names(__name__, _WHERE)


def compare(corpus: "Corpus", a_id: str, b_id: str, min_score: float | None = None,
            cache_dir=None) -> "Alignment":
    """Align two plans of ``corpus`` with corpus-wide weights (memoised per corpus, and
    cached in ``cache_dir`` under the corpus fingerprint when one is given). A ``min_score``
    given is a strict floor (no pair under it); by default the floor is ``MIN_SCORE``, under
    which only a framework role held by one unit still pairs (``pairs.select``)."""
    from .pairs import MIN_SCORE, align_units
    from .weights import corpus_weights

    strict = min_score is not None
    return align_units(corpus.get(a_id), corpus.get(b_id), corpus_weights(corpus, cache_dir),
                       MIN_SCORE if min_score is None else min_score, strict=strict)
