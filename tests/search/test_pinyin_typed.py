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


def test_initials_do_not_start_inside_a_heading_number(make_plan):
    """cn12 (the 十二五 纲要) titles chapters 第二十章积极稳妥推进城镇化 and
    第五十三章积极参与全球经济治理: szjj must not read 十章积极 or 三章积极 there, only a
    paragraph's 数字经济 (a reviewer's finding; the plan as written in a small one here)."""
    from fyp_tui.model import Paragraph, Section
    from fyp_tui.search import SearchIndex

    plan = make_plan("cn")
    plan.sections += [Section(id=f"ch{n}", level="章", label=f"第{cn}章", title=title, heading=f"第{cn}章{title}",
                              blocks=[Paragraph(text)])
                      for n, cn, title, text in ((20, "二十", "积极稳妥推进城镇化", "发展数字经济。"),
                                                 (53, "五十三", "积极参与全球经济治理", "扩大开放。"))]
    got = search(SearchIndex.build([plan]), "szjj", limit=20)
    assert got.total == 1 and {h.section for h in got.hits} == {"ch20"}
