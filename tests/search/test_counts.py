"""Exact counts at scale: the common-bigram table and the candidate path agree with
``str.count`` over each plan's text, filters included."""

from __future__ import annotations

import pytest

from fyp_tui.model import Paragraph
from fyp_tui.search import Filters, SearchIndex, search, term_counts
from fyp_tui.search import index as index_mod


def plan_counts(idx: SearchIndex, q: str) -> dict[str, int]:
    """What the exact tier must report: str.count over each plan's keys."""
    out = {}
    for p in idx.plans:
        n = sum(idx.unit_key(u).count(q) for u in range(p.first, p.end))
        if n:
            out[p.id] = n
    return out


@pytest.fixture
def tabled(monkeypatch, make_plan):
    """Three small plans with every bigram in the common-bigram table."""
    monkeypatch.setattr(index_mod, "FREQUENT", 1)
    plans = [make_plan("a"), make_plan("b", "福州市"), make_plan("c", "南京市", "玄武区")]
    plans[1].sections[0].blocks.append(Paragraph("哈哈哈哈哈，楼宇楼宇楼宇经济。"))
    return SearchIndex.build(plans)


def test_table_counts_match_str_count(tabled):
    assert tabled.freq  # the table is in use
    assert "哈哈" not in tabled.freq  # a repeated character is counted by str.count instead
    for q in ["楼宇", "经济", "哈哈", "宇楼", "开放", "1000", "楼宇经济", "提高开放水平", "无此词语"]:
        r = search(tabled, q, mode="exact", limit=1000)
        assert r.counts == plan_counts(tabled, q), q
        assert r.total == sum(len(h.spans) for h in r.hits) == sum(r.counts.values())
        for h in r.hits:
            assert {h.text[a:b].replace(" ", "").lower() for a, b in h.spans} == {q}


def test_table_and_candidate_paths_agree(make_plan, monkeypatch):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    plans[1].sections[0].blocks.append(Paragraph("哈哈哈哈哈，楼宇楼宇楼宇经济。"))
    monkeypatch.setattr(index_mod, "FREQUENT", 1)
    tabled = SearchIndex.build(plans)
    monkeypatch.setattr(index_mod, "FREQUENT", 10**9)
    plain = SearchIndex.build(plans)
    assert tabled.freq and not plain.freq
    for q in ["楼宇", "经济", "开放", "发展", "哈哈", "cb"]:
        got = search(tabled, q, mode="exact", limit=100)
        assert got.counts == search(plain, q, mode="exact").counts == plan_counts(tabled, q), q
        assert [(h.plan, h.section, h.block, h.item, h.spans) for h in got.hits] == [
            (h.plan, h.section, h.block, h.item, h.spans) for h in search(plain, q, mode="exact", limit=100).hits]


def test_table_counts_respect_filters(tabled):
    r = search(tabled, "楼宇", mode="exact", filters=Filters(plans=("b",)), limit=100)
    assert r.counts == {"b": plan_counts(tabled, "楼宇")["b"]} and {h.plan for h in r.hits} == {"b"}
    r = search(tabled, "楼宇", mode="exact", filters=Filters(plans=("a",), section="ch02"), limit=100)
    assert r.counts == {"a": 1} and [h.section for h in r.hits] == ["ch02"]
    rows = {(t.plan, t.count) for t in term_counts(tabled, ["楼宇"], Filters(city="福州"))}
    assert rows == {("b", plan_counts(tabled, "楼宇")["b"])}


def test_table_survives_save_and_load(tabled, tmp_path):
    tabled.save(tmp_path / "x")
    loaded = SearchIndex.load(tmp_path / "x")
    assert loaded.freq == tabled.freq and loaded.freq_counts == tabled.freq_counts


def test_postings_as_gaps_or_ids_agree(make_plan, monkeypatch):
    from fyp_tui.search import postings

    plans = [make_plan("a"), make_plan("b", "福州市"), make_plan("c", "南京市", "玄武区")]
    gaps = SearchIndex.build(plans)
    monkeypatch.setattr(postings, "GAP_MAX", 8)  # most lists as 32-bit ids instead
    mixed = SearchIndex.build(plans)
    assert gaps.postings._gaps.nbytes and not gaps.postings._ids.nbytes
    assert mixed.postings._ids.nbytes and mixed.postings._gaps.nbytes
    for g in gaps.postings.keys:
        assert list(gaps.postings.get(g)) == list(mixed.postings.get(g)), g
    for q in ["楼宇经济", "楼宇", "开放", "cbd", "提高开放水平"]:
        assert search(gaps, q).counts == search(mixed, q).counts == plan_counts(gaps, q), q


@pytest.mark.parametrize("query", ['“十四五”时期', '"十四五"时期', '「十四五」時期', '“十四五”時期'])
def test_a_quoted_term_is_found_whatever_quotation_marks_the_plan_or_query_uses(make_plan, query):
    """Plans print “十四五”; a newspaper's text has "十四五", Traditional style 「十四五」:
    each quoting finds every one (a query with ASCII quotes found 0 of 28 in the bundled
    plans). Expected: occurrences counted by hand in the paragraphs written below."""
    plan = make_plan("q")
    plan.sections[0].blocks += [Paragraph("“十四五”时期是关键期，“十四五”时期要稳。"),
                                Paragraph('"十四五"时期，全省"十四五"时期的任务'),
                                Paragraph("「十四五」时期；十四五时期不算；“十三五”时期也不算。")]
    r = search(SearchIndex.build([plan]), query, mode="auto", limit=50)
    assert r.total == 5 and {t for t, n in r.tiers.items() if n} <= {"exact", "traditional"}, (r.total, r.tiers)
    shown = [h.text[a:b] for h in r.hits for a, b in h.spans]
    assert sorted(shown) == sorted(["“十四五”时期"] * 2 + ['"十四五"时期'] * 2 + ["「十四五」时期"])
