"""Headless search over every plan: exact, Traditional, homophone, typo, split and pinyin.

Never imports Textual. The app and the CLI use only what is exported here::

    index = get_index(corpus)                      # cached on disk; slow once
    result = search(index, "楼宇经济", mode="auto", filters=Filters(province="江苏"), limit=100)
    titles = search_titles(index, "开放", limit=20)
    rows = term_counts(index, ["楼宇经济", "总部经济"])
"""

from __future__ import annotations

from .cache import fingerprint, get_index
from .engine import prepare, search, warm_up
from .index import SearchIndex
from .results import MODES, TIERS, Filters, Hit, SearchResult, TermCount, TitleHit
from .terms import term_counts
from .titles import search_titles

__all__ = [
    "MODES", "TIERS", "Filters", "Hit", "SearchIndex", "SearchResult", "TermCount", "TitleHit",
    "fingerprint", "get_index", "prepare", "search", "search_titles", "term_counts", "warm_up",
]
