"""Reuse across the corpus (policy diffusion): where a passage's wording comes from.

Headless: nothing here imports Textual or prints.

* ``text``: what is compared — Han characters, letters and digits only (punctuation,
  spaces and line breaks dropped, so PDF spacing and ，/, never break a passage), with
  the map back to offsets in the section's own text; 8-character shingle hashes.
* ``index``: a ``ReuseIndex`` of winnowed shingle fingerprints of every unit of every
  plan (numpy arrays, no dense plan × plan matrix), with each fingerprint's plan count
  for boilerplate; saved under the corpus fingerprint as data (npz + JSON), checked on load.
* ``update``: a saved index brought up to date when plans were added, changed or removed
  (fingerprints merged, counts adjusted), instead of a build, while its boilerplate
  candidates still cover the corpus.
* ``runs``: maximal runs of equal shingles between two hash arrays (numpy).
* ``lookup``: ``section_matches`` (a section's matches, passages built on demand: what
  the app's list needs), ``section_reuse`` (``fyp reuse PLAN#SECTION --json``) and
  ``plans_reuse`` (``fyp reuse A B``), the JSON documents of issue 14.

Typical use::

    from fyp_tui.reuse import ReuseIndex, section_reuse
    index = ReuseIndex.for_corpus(corpus, cache_dir)
    doc = section_reuse(index, "xuzhou-gulou", "ch02.s01")
"""

from __future__ import annotations

from .index import ReuseIndex
from .lookup import SectionMatches, match_runs, plans_reuse, section_matches, section_reuse, shown_date
from .text import MIN_CHARS, compared

__all__ = ["MIN_CHARS", "ReuseIndex", "SectionMatches", "compared", "match_runs", "plans_reuse", "section_matches",
           "section_reuse", "shown_date"]
