"""Exact counts at scale: the common-bigram table and the candidate path agree with
``str.count`` over each plan's text, filters included."""

from __future__ import annotations

import pytest

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import Filters, SearchIndex, search, term_counts
from fyp_tui.search import index as index_mod
from fyp_tui.search.cache import attach


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


@pytest.fixture
def phrased(monkeypatch, make_plan):
    """Three small plans, every phrase found twice in the common-phrase table."""
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 2)
    monkeypatch.setattr(index_mod, "PHRASE_SHARE", 100.0)  # room for every one
    plans = [make_plan("a"), make_plan("b", "福州市"), make_plan("c", "南京市", "玄武区")]
    plans[1].sections[0].blocks.append(Paragraph("推动高质量发展，高质量发展。质量发展高质量发展质量！"))
    plans[2].sections[0].blocks.append(Paragraph("高质量发展，楼宇经济楼宇经济。"))
    return plans


def test_common_phrases_count_as_str_count_does(phrased, monkeypatch):
    idx = SearchIndex.build(phrased)
    phrases = [g for g in idx.freq if len(g) > 2]
    # Counted by hand in the paragraphs above (make_plan's text has neither).
    assert {"高质量发展", "楼宇经济", "质量发展"} <= set(phrases)
    assert idx.frequent_counts("高质量发展").tolist() == [0, 3, 1]
    assert idx.frequent_counts("质量发展").tolist() == [0, 4, 1]
    assert idx.frequent_counts("楼宇经济").tolist() == [2, 2, 4]  # a box entry and a table note each
    for q in phrases:
        assert idx.frequent_counts(q) is not None
        r = search(idx, q, mode="exact", limit=1000)
        assert r.counts == plan_counts(idx, q), q
        assert r.total == sum(len(h.spans) for h in r.hits), q
    # The table answers: no candidate unit is read for a phrase in it.
    monkeypatch.setattr(idx, "read_units", lambda *a, **k: pytest.fail("a tabled phrase read its candidates"))
    assert search(idx, "高质量发展", mode="exact").counts == {"b": 3, "c": 1}


def test_phrases_hold_only_letters_and_never_overlap_themselves(monkeypatch):
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 2)
    sample = ["发展，发展，" * 50 + "哈哈哈哈" * 50 + "楼宇经济楼宇。" * 50]
    got = index_mod.common_phrases(sample, 1, 10**9)
    # 楼宇经济 is always in 楼宇经济楼, which begins with what it ends with: not a piece of it.
    assert "楼宇经济" in got and "经济楼宇" in got
    assert not [g for g in got if "，" in g]  # 展，发 takes no column
    assert "哈哈哈" not in got and "楼宇经济楼宇" not in got  # both begin with what they end with


def test_a_piece_of_a_longer_phrase_takes_no_column(monkeypatch):
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 2)
    sample = ["高质量发展。" * 20 + "高质量就业。" * 5 + "楼宇经济。" * 12]
    # 质量发, 量发展, 高质量发, 质量发展 are in 高质量发展 each of their 20 times, 楼宇经 in
    # 楼宇经济 each of its 12. 高质量 is in 高质量发 20 times of its 25 (0.8): a phrase.
    assert index_mod.common_phrases(sample, 1, 10**9) == ["高质量", "高质量发展", "楼宇经济", "高质量就业"]


def test_phrases_take_the_most_frequent_first_within_their_share(monkeypatch):
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 2)
    sample = ["楼宇经济。" * 30 + "数字经济。" * 20 + "总部基地。" * 10 + "城市更新。" * 10]
    every = index_mod.common_phrases(sample, 1, 10**9)
    assert every == ["楼宇经济", "数字经济", "城市更新", "总部基地"]  # equal counts: in code point order
    two = int(2 * 2 / index_mod.PHRASE_SHARE) + 1  # text bytes whose share is two columns of one plan (2 bytes a cell)
    assert index_mod.common_phrases(sample, 1, two) == every[:2]
    # The sample's counts are scaled to the corpus: 30 in one of two plans is 60.
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 60)
    assert index_mod.common_phrases(sample, 2, 10**9) == every[:1]
    assert index_mod.common_phrases(sample, 1, 10**9) == []
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 61)
    assert index_mod.common_phrases(sample, 2, 10**9) == []


def test_phrase_table_and_candidate_paths_agree(phrased, monkeypatch):
    tabled = SearchIndex.build(phrased)
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 10**9)
    plain = SearchIndex.build(phrased)
    assert [g for g in tabled.freq if len(g) > 2] and not plain.freq
    for q in ["高质量发展", "质量发展", "楼宇经济", "宇经济", "提高开放水平"]:
        for limit in (1, 2, 100):
            got = search(tabled, q, mode="exact", limit=limit)
            want = search(plain, q, mode="exact", limit=limit)
            assert got.counts == want.counts == plan_counts(tabled, q), q
            assert [(h.plan, h.section, h.block, h.item, h.spans) for h in got.hits] == [
                (h.plan, h.section, h.block, h.item, h.spans) for h in want.hits], (q, limit)
    r = search(tabled, "楼宇经济", mode="exact", filters=Filters(plans=("c",)), limit=100)
    assert r.counts == {"c": 4} and {h.plan for h in r.hits} == {"c"}


def test_a_count_past_what_a_cell_holds_is_counted_from_the_text(tmp_path, monkeypatch):
    """A cell is 16 bits: a plan holding a common bigram 70,000 times (one long line of
    it) has no usable column for it, and its exact count is read from the text; the
    other plans' grams keep theirs."""
    monkeypatch.setattr(index_mod, "FREQUENT", 1)
    long = Plan(id="long", meta=PlanMeta(title="长"), source_sha256="long", sections=[
        Section(id="s1", level="章", label="第一章", title="长文", heading="第一章 长文",
                blocks=[Paragraph("发展" * 70_000), Paragraph("楼宇经济。")])])
    idx = SearchIndex.build([long])
    idx.save(tmp_path / "ix")
    for ix in (idx, SearchIndex.load(tmp_path / "ix")):
        attach(ix, [long])
        assert ix.frequent_counts("发展") is None and ix.frequent_counts("展发") is None
        assert list(ix.frequent_counts("楼宇")) == [1]
        assert search(ix, "发展", mode="exact").counts == {"long": 70_000}
        assert search(ix, "楼宇", mode="exact").counts == {"long": 1}
