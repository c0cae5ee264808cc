"""The homophone and pinyin tiers find their matches in two ways that must agree.

The fast way lists the distinct strings a tier can match (homophones from the
bigram graph) and scans only the units that may hold one of them. The general way
runs one regular expression of character classes over the candidate units. Both
run here, on the bundled plans and on random texts made of few characters (where
overlaps and repeats are the rule), and must give the same counts and hits.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import SearchIndex, search
from fyp_tui.search import tiers


def both_ways(index, query, mode, monkeypatch):
    fast = search(index, query, mode=mode, limit=1_000_000)
    with monkeypatch.context() as m:
        m.setattr(tiers, "class_strings", lambda *a, **k: None)
        slow = search(index, query, mode=mode, limit=1_000_000)
    return fast, slow


def places(result):
    return sorted((h.tier, h.plan, h.section, h.block, h.item, tuple(map(tuple, h.spans))) for h in result.hits)


QUERIES = [
    ("楼语经济", "auto"),  # homophone: 楼宇经济
    ("漏宇经济", "auto"),
    ("楼宇经纪", "fuzzy"),
    ("louyujingji", "auto"),  # pinyin
    ("楼氨经济", "fuzzy"),  # inner substitution
    ("数字经齐", "fuzzy"),
    ("总部经齐", "fuzzy"),
    ("高质良发展", "auto"),
    ("提高开放水品", "fuzzy"),
    ("营尚环境", "auto"),
    ("建拾", "auto"),  # two characters: homophone bigrams from the table
    ("体极", "auto"),
    ("一老一晓", "auto"),  # a repeated character: overlaps possible
]


@pytest.mark.parametrize("query,mode", QUERIES)
def test_listed_and_scanned_agree_on_the_plans(index, monkeypatch, query, mode):
    fast, slow = both_ways(index, query, mode, monkeypatch)
    assert fast.tiers == slow.tiers
    assert fast.counts == slow.counts
    assert places(fast) == places(slow)


def test_the_fast_way_is_taken_for_plain_queries(index, monkeypatch):
    """The agreement above would be empty if the fast way never ran."""
    calls = []
    real = tiers.class_strings

    def spy(*a, **k):
        got = real(*a, **k)
        calls.append(got is not None)
        return got

    monkeypatch.setattr(tiers, "class_strings", spy)
    search(index, "楼宇经纪", mode="fuzzy")
    search(index, "建拾")
    search(index, "louyujingji")
    assert calls and all(calls)


def plan_of(texts: list[str]) -> Plan:
    sec = Section(id="ch01", level="章", label="第一章", title="总则", heading="第一章 总则",
                  blocks=[Paragraph(t) for t in texts])
    return Plan(id="p", meta=PlanMeta(title="测试"), sections=[sec], source_sha256="p")


ALPHABET = "楼宇经济纪语发展"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(alphabet=ALPHABET + "，", min_size=1, max_size=40), min_size=1, max_size=6),
       query=st.text(alphabet=ALPHABET, min_size=2, max_size=6),
       mode=st.sampled_from(["auto", "fuzzy"]))
def test_listed_and_scanned_agree_on_random_text(monkeypatch, texts, query, mode):
    index = SearchIndex.build([plan_of(texts)])
    fast, slow = both_ways(index, query, mode, monkeypatch)
    assert fast.tiers == slow.tiers
    assert fast.counts == slow.counts
    assert places(fast) == places(slow)
