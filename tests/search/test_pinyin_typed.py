"""Pinyin as an analyst types it: initials one letter a character, spaces that cut, and a
count of 0 that says why.

Expected counts are the plans' own text (plain_counts: headings, paragraphs, box entries
and table rows as written, white space removed).
"""

from __future__ import annotations

import pytest

from fyp_tui.search import search
from tests.search.conftest import matched
from tests.search.test_memory import plain_counts


@pytest.mark.parametrize("query", ["yshj", "y s h j", "ｙｓｈｊ", "y'sh'j"])
def test_yshj_is_ying_shang_huan_jing(rix, corpus, query):
    got = search(rix, query, limit=100)
    assert matched(got) == {"营商环境"}
    assert got.total == sum(plain_counts(corpus, "营商环境").values()) == 24


def test_two_initials_say_why_they_count_nothing(rix, corpus):
    assert sum(plain_counts(corpus, "科技").values()) > 100  # kj would fit it, and most of the text
    got = search(rix, "kj")
    assert got.total == 0 and "two initials" in got.message
    assert search(rix, "keji").total > 0 and search(rix, "keji").message == ""


def test_a_space_cuts_the_syllables(rix, corpus):
    """fangan reads fan gan (nothing); fang an is 方案, as xi'an is 西安."""
    got = search(rix, "fang an", limit=100)
    assert matched(got) == {"方案"} and 0 < got.total <= sum(plain_counts(corpus, "方案").values())
    assert search(rix, "fang'an", limit=100).total == got.total
