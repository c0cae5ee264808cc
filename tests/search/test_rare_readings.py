"""Pinyin finds a character by a rare reading only inside a phrase read so.

The expectations are the plans' own text (plain_counts: every heading, paragraph, box
entry and table row as written, white space removed) and pypinyin's phrase dictionary
as a person reads it: 强 is jiang only in words such as 倔强, 族 is never sou, 会 is kuai
in 会计, and 长 reads chang in many words (长期, 长江), so it is no rare reading.
"""

from __future__ import annotations


from fyp_tui.search import search
from fyp_tui.search.pinyin import Token, rare_check
from fyp_tui.search.variants import Readings, bound_readings
from tests.search.conftest import matched
from tests.search.test_memory import plain_counts


def test_a_rare_reading_outside_its_phrase_is_no_match(rix, corpus):
    """第十三章加强党的领导 holds 三章加强, s-z-j-j only if 强 is read jiang (倔强's reading);
    领域加强 is l-y-j-j the same way. Neither is a hit; what the initials spell by the
    characters' usual readings still is, every one."""
    assert sum(plain_counts(corpus, "三章加强").values()) == 1
    assert sum(plain_counts(corpus, "领域加强").values()) == 1
    szjj = search(rix, "szjj", limit=500)
    assert matched(szjj) == {"数字经济"}
    assert szjj.total == sum(plain_counts(corpus, "数字经济").values()) == 50
    lyjj = search(rix, "lyjj", limit=500)
    assert "领域加强" not in matched(lyjj) and {"楼宇经济", "旅游经济", "领域集聚"} <= matched(lyjj)
    assert lyjj.total == sum(sum(plain_counts(corpus, w).values()) for w in ("楼宇经济", "旅游经济", "领域集聚"))


def test_a_rare_reading_inside_its_phrase_and_a_common_second_reading_match(rix, corpus):
    # 会计: 会 read kuai, which pypinyin's dictionary gives it in 会计 and a few more words
    assert search(rix, "kuaiji", limit=50).total == sum(plain_counts(corpus, "会计").values()) == 6
    # 长三角: chang is 长's second reading but no rare one
    got = search(rix, "changsanjiao", limit=50)
    assert matched(got) == {"长三角"} and got.total == sum(plain_counts(corpus, "长三角").values()) == 27


def test_rare_readings_come_with_their_phrases():
    bound = bound_readings()
    assert bound["族"]["sou"] == ()  # a reading no phrase has
    assert "倔强" in bound["强"]["jiang"] and "qiang" not in bound["强"]
    assert "会计" in bound["会"]["kuai"]
    assert "长" not in bound and "hang" not in bound.get("行", {})  # 银行, 行业: common enough


def test_the_check_reads_the_text_around_the_match():
    rd = Readings({"强": ("qiang", "jiang"), "倔": ("jue",), "加": ("jia",)}, {"强": {"jiang": ("倔强",)}})
    held = rare_check([Token("jiang", True)], rd)
    assert held is not None
    assert held("他很倔强", "强", 3) and not held("要加强", "强", 2)
    assert rare_check([Token("qiang", True)], rd) is None  # the usual reading needs no check
    assert rare_check([Token("j", False)], rd) is not None  # only jiang starts with j


def test_the_check_finds_the_phrase_wherever_the_character_stands_in_it():
    """A phrase read so may hold the character more than once, and may start where the
    text does: 强 at the start of 倔强 at the text's start, and the second 强 of a phrase
    holding it twice, each fit; the same character outside the phrase does not."""
    rd = Readings({"强": ("qiang", "jiang"), "倔": ("jue",), "加": ("jia",), "的": ("de",)},
                  {"强": {"jiang": ("倔强", "强的强")}})
    held = rare_check([Token("jiang", True)], rd)
    assert held is not None
    assert held("倔强", "强", 1)  # the phrase starts where the text does
    assert held("强的强", "强", 0) and held("强的强", "强", 2)  # either 强 of the phrase
    assert not held("加强的", "强", 1) and not held("强", "强", 0)
