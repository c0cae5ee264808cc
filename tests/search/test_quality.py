"""The issue's quality bar, on the bundled corpus, with values read off the documents."""

from __future__ import annotations

import pytest

from fyp_tui.search import Filters, search, search_titles, term_counts

# Occurrences of 楼宇经济 in each raw file, counted as a reader would: with white space
# and line breaks removed first, so a term the PDF split would still count:
#   for f in corpus/raw/*.txt; do tr -d ' \n\r\t　' < $f | grep -o 楼宇经济 | wc -l; done
# (plain `grep -o 楼宇经济 | wc -l` gives the same numbers: no occurrence is split.)
# None sits in the removed web chrome or table of contents.
LOUYU = {"fuzhou-gulou": 8, "lianyungang-haizhou": 5, "xuzhou-gulou": 6, "zhenjiang-jingkou": 5}


def test_exact_counts_are_the_documents_counts(index):
    r = search(index, "楼宇经济", mode="exact", limit=1000)
    assert r.counts == LOUYU
    assert r.total == sum(LOUYU.values()) == sum(len(h.spans) for h in r.hits)
    assert {h.tier for h in r.hits} == {"exact"}
    units = {(h.plan, h.section, h.block, h.item) for h in r.hits}
    assert len(units) == len(r.hits)  # one row per unit
    for h in r.hits:  # spans point at the term in the displayed text
        assert {h.text[a:b] for a, b in h.spans} == {"楼宇经济"}


def test_terms_agree_with_exact_counts(index):
    rows = {r.plan: r for r in term_counts(index, ["楼宇经济"])}
    assert {p: r.count for p, r in rows.items() if r.count} == LOUYU
    assert rows["xuzhou"].count == 0
    fz = rows["fuzhou-gulou"]
    assert fz.per_10k == pytest.approx(8 * 10_000 / fz.chars, abs=1e-3)


@pytest.mark.parametrize("query,tier", [
    ("楼宇经纪", "homophone"),  # 纪 and 济 are both ji
    ("楼语经济", "homophone"),  # the input-method slip
    ("樓宇經濟", "traditional"),
    ("lyjj", "pinyin"),
    ("louyujingji", "pinyin"),
])
def test_variants_bring_the_louyu_hits_first(index, query, tier):
    r = search(index, query, limit=100)
    exact = search(index, "楼宇经济", mode="exact", limit=100)
    first = r.hits[: len(exact.hits)]
    assert {h.text[a:b] for h in first for a, b in h.spans} == {"楼宇经济"}
    assert {h.tier for h in first} == {tier}
    where = lambda hs: sorted((h.plan, h.section, h.block, h.item, tuple(h.spans)) for h in hs)  # noqa: E731
    assert where(first) == where(exact.hits)
    assert r.total >= exact.total  # a misspelling never reports fewer hits than the right spelling


def test_typo_with_a_missing_character(index):
    r = search(index, "楼宇济", mode="fuzzy")  # three characters: too short for typos
    assert "typo" not in r.used
    r = search(index, "楼宇经济发", mode="fuzzy")  # 5 chars, one extra → k=1
    assert r.hits and r.hits[0].matched.startswith("楼宇经济")


def test_spaced_heading_found_by_its_words(index, corpus):
    # Raw zhenjiang-jingkou.txt line 127 is "第三节 提 高开放水平" (split by PDF extraction).
    r = search(index, "提高开放水平", mode="exact")
    assert ("zhenjiang-jingkou", "ch04.s03") in {(h.plan, h.section) for h in r.hits}
    heading = next(h for h in r.hits if h.plan == "zhenjiang-jingkou")
    assert heading.block == -1 and heading.matched == "提高开放水平"
    titles = search_titles(index, "提高开放水平", limit=5)
    assert ("zhenjiang-jingkou", "ch04.s03") in {(t.plan, t.section) for t in titles[:2]}


@pytest.mark.parametrize("query,expect", [
    ("", "empty query"),
    ("，。！？", "nothing to search"),
    ("😀🎉", "nothing to search"),
    ("  ", "empty query"),
])
def test_queries_with_nothing_to_find_say_so(index, query, expect):
    r = search(index, query)
    assert r.total == 0 and r.hits == [] and expect in r.message


def test_one_character_query_is_exact_only(index):
    r = search(index, "楼", limit=5)
    assert r.used == ("exact",) and "one character" in r.message
    assert r.total > 300 and len(r.hits) == 5  # 楼 is in every 鼓楼
    assert sum(r.counts.values()) == r.total


def test_long_query_is_exact_only(index, corpus):
    para = next(b.text for s in corpus.plans["xuzhou"].walk() for b in s.paragraphs if len(b.text) > 300)
    long = (para * 10)[:2000]
    r = search(index, long)
    assert r.used == ("exact",) and r.total == 0 and "exact matches only" in r.message
    r = search(index, para)  # a whole paragraph is found where it is
    assert r.counts == {"xuzhou": 1}


def test_filters(index):
    fujian = search(index, "楼宇经济", mode="exact", filters=Filters(province="福建"))
    assert fujian.counts == {"fuzhou-gulou": 8}
    assert search(index, "楼宇经济", filters=Filters(level="city")).total == 0
    assert search(index, "总部经济", mode="exact", filters=Filters(kind="建议")).counts == {"xuzhou": 1}
    both = search(index, "楼宇经济", mode="exact", filters=Filters(plans=("xuzhou-gulou", "fuzhou-gulou")))
    assert both.counts == {"fuzhou-gulou": 8, "xuzhou-gulou": 6}
    sub = search(index, "楼宇经济", mode="exact", filters=Filters(plans=("fuzhou-gulou",), section="ch04"))
    assert 0 < sub.total < 8 and all(h.section.startswith("ch04.") or h.section == "ch04" for h in sub.hits)
