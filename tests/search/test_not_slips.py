"""What a lower tier must not report for a query with no exact hit (a reviewer's
findings): another number (2026年 → 2025年, “十五” → “十四五”), a word followed by any
character (数字经济局 → 数字经济的), or, for a word the dictionary knows, another word
(市长 → 市场). Expected counts are str.count over the bundled plans' raw text (white
space removed), read here, not by the tool."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fyp_tui.model import Paragraph
from fyp_tui.search import SearchIndex, search

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"


def raw_total(term: str) -> int:
    return sum(re.sub(r"\s", "", p.read_text(encoding="utf-8")).count(term) for p in RAW.glob("*.txt"))


@pytest.mark.parametrize("query, near", [
    ("2026年", "2025年"), ("二〇三〇年", "二〇三五年"), ("“十五”规划", "“十四五”规划"),
    ("省委十一届", "十三届"), ("数字经济局", "数字经济"),
])
@pytest.mark.parametrize("mode", ["auto", "fuzzy"])
def test_no_other_number_and_no_word_plus_anything(index, query, near, mode):
    assert raw_total(query) == 0 and raw_total(near) > 0  # the text has the neighbour, not the query
    r = search(index, query, mode=mode, limit=50)
    assert r.total == 0, [(h.tier, h.text[a:b]) for h in r.hits for a, b in h.spans]


@pytest.mark.parametrize("query, other", [("市长", "市场"), ("事例", "实力"), ("公式", "共识"), ("致力于", "治理与")])
def test_a_known_word_not_in_the_text_is_zero_in_auto_mode(index, query, other):
    assert raw_total(query) == 0 and raw_total(other) > 0
    r = search(index, query, mode="auto", limit=50)
    assert r.total == 0 and query in r.message and "--mode fuzzy" in r.message


@pytest.mark.parametrize("slip, right", [
    ("提高开放水品", "提高开放水平"), ("乡村振心", "乡村振兴"), ("城市更心", "城市更新"), ("楼宇经纪", "楼宇经济"),
])
def test_slips_are_still_corrected(index, slip, right):
    r = search(index, slip, mode="auto", limit=500)
    assert r.total == raw_total(right) > 0
    assert {h.text[a:b].replace(" ", "") for h in r.hits for a, b in h.spans} == {right}


def _with(make_plan, *paragraphs: str) -> SearchIndex:
    plan = make_plan("p")
    plan.sections[0].blocks += [Paragraph(t) for t in paragraphs]
    return SearchIndex.build([plan])


def test_a_slip_never_turns_a_character_into_punctuation(make_plan):
    """楼宇，经济 is one substitution from 楼宇型经济, but a comma is no slip of 型."""
    ix = _with(make_plan, "发展楼宇，经济持续增长。", "建设楼宇型经济集聚区。")
    r = search(ix, "楼宇型经济", mode="fuzzy", limit=50)
    shown = {h.text[a:b] for h in r.hits for a, b in h.spans}
    assert "楼宇型经济" in shown and not any("，" in s for s in shown), shown


def test_a_homophone_keeps_the_query_numbers_but_may_fix_a_lone_numeral(make_plan):
    """十五 (shí wǔ) sounds like 实物, but a number is not respelled; a lone 一 before
    法 is a slip of 依 (yī) and is still found."""
    ix = _with(make_plan, "加强实物期间管理。", "坚持依法治理。")
    assert search(ix, "十五期间", mode="fuzzy", limit=50).total == 0
    r = search(ix, "一法治理", mode="auto", limit=50)
    assert {h.text[a:b] for h in r.hits for a, b in h.spans} == {"依法治理"}
