"""Headless search over every plan: exact, Traditional, homophone, typo, split and pinyin.

Never imports Textual. The app and the CLI use only what is exported here::

    index = get_index(corpus)                      # cached on disk; slow once
    result = search(index, "楼宇经济", mode="auto", filters=Filters(province="江苏"), limit=100)
    titles = search_titles(index, "开放", limit=20)
    rows = term_counts(index, ["楼宇经济", "总部经济"])
"""

from __future__ import annotations

from ..lazy import lazy_names

# Names are imported on first use (PEP 562): the CLI builds its parser from
# ``MODES`` without paying for the engine and its pinyin tables.
_WHERE = {
    "fingerprint": "cache", "get_index": "cache", "prepare": "engine", "search": "engine", "warm_up": "engine",
    "SearchIndex": "index", "MODES": "results", "TIERS": "results", "Filters": "results", "Hit": "results",
    "SearchResult": "results", "TermCount": "results", "TitleHit": "results", "term_counts": "terms",
    "search_titles": "titles", "count_titles": "titles",
}
__all__ = sorted(_WHERE)

__getattr__ = lazy_names(__name__, _WHERE)
