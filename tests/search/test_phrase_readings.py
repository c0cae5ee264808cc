"""Pinyin reads a character inside a dictionary phrase as the phrase reads it.

The expectations are the plans' own text (plain_counts: every heading, paragraph, box
entry and table row as written, white space removed) and how a person reads these
words: 重点 is zhòngdiǎn (never chongdian), 重新 chóngxīn, 长江 Chángjiāng, 增长
zēngzhǎng, 银行 yínháng, 都市 dūshì, 行政 xíngzhèng, 行业 hángyè. Where a phrase
of the dictionary runs across two words of the text (完成|长江 holds 成长, 进行|业务
holds 行业) it says nothing about how the text is read.
"""

from __future__ import annotations

import pytest

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import SearchIndex, search
from fyp_tui.search import tiers as T
from fyp_tui.search.cache import attach
from fyp_tui.search.phrases import decode, encode, phrases_of
from tests.search.conftest import matched
from tests.search.test_memory import plain_counts


def count(corpus, *words: str) -> int:
    return sum(sum(plain_counts(corpus, w).values()) for w in words)


@pytest.mark.parametrize("wrong, right, word", [
    ("chongdian", "zhongdian", "重点"), ("zhangjiang", "changjiang", "长江"), ("zengchang", "zengzhang", "增长"),
    ("doushi", "dushi", "都市"), ("hangzheng", "xingzheng", "行政"), ("yinxing", "yinhang", "银行")])
def test_a_phrase_is_found_by_its_own_reading_only(rix, corpus, wrong, right, word, monkeypatch):
    """The wrong reading finds the phrase nowhere; the right one finds it, and loses
    nothing to the check (the same total as with the check left out)."""
    assert count(corpus, word) > 0
    assert word not in matched(search(rix, wrong, limit=500))
    got = search(rix, right, limit=500)
    assert word in matched(got)
    monkeypatch.setattr(T, "phrase_check", lambda *a: None)
    unchecked = search(rix, right, limit=500)
    assert got.total == unchecked.total and word in matched(search(rix, wrong, limit=500))


def test_what_a_wrong_reading_still_finds_is_other_words(rix, corpus):
    """chongdian is 充电 and nothing else, yinxing 隐形, chongxin 重新: every one of them."""
    for q, words in (("chongdian", {"充电"}), ("yinxing", {"隐形"}), ("chongxin", {"重新"})):
        got = search(rix, q, limit=500)
        assert matched(got) == words, q
        assert got.total == count(corpus, *words) > 0, q


def test_initials_follow_the_phrase_too(rix, corpus):
    """c-d-x-m is not 重点项目 (zhong); z-d-x-m is, and 重大项目 too."""
    assert count(corpus, "重点项目") > 0
    assert not {"重点项目", "重大项目"} & matched(search(rix, "cdxm", limit=500))
    assert {"重点项目", "重大项目"} <= matched(search(rix, "zdxm", limit=500))


def edge_plan() -> Plan:
    sec = Section(id="ch01", level="章", label="第一章", title="治理", heading="第一章 治理", blocks=[
        Paragraph("全面完成长江岸线整治。"), Paragraph("定期进行业务培训。"), Paragraph("突出重点任务。")])
    return Plan(id="edges", meta=PlanMeta(title="测试"), sections=[sec], source_sha256="edges")


def test_a_phrase_across_two_words_says_nothing():
    """完成|长江 holds 成长 (zhang) and 长江 (chang): only 长江 is a word there, so zhangjiang
    finds nothing. 进行|业务 holds 行业 (hang): not a word there, so jinxing finds 进行."""
    plan = edge_plan()
    ix = SearchIndex.build([plan])
    attach(ix, [plan])
    assert search(ix, "changjiang").total == 1 and search(ix, "zhangjiang").total == 0
    assert matched(search(ix, "jinxing")) == {"进行"}
    assert search(ix, "zhongdian").total == 1 and search(ix, "chongdian").total == 0


def test_the_table_is_kept_beside_the_store_and_a_bad_one_is_built_again(tmp_path):
    plan = edge_plan()
    SearchIndex.build([plan]).save(tmp_path / "ix")

    def opened():
        ix = SearchIndex.load(tmp_path / "ix")
        ix.__dict__["_store"] = tmp_path / "ix"
        return ix

    table = phrases_of(opened()).phrases
    assert table["重点"] == (frozenset({"zhong"}), frozenset({"dian"}))
    assert table["长江"] == (frozenset({"chang"}), frozenset({"jiang"}))
    kept = list((tmp_path / "ix").glob("phrases-*.tbl"))
    assert len(kept) == 1
    stored = decode(kept[0].read_bytes())
    assert stored is not None and stored["重点"] == [["zhong"], ["dian"]]
    good = kept[0].read_bytes()
    for bad in (b"\x93\x01\x80junk", good.replace("zhong".encode(), "chong".encode())):
        kept[0].write_bytes(bad)  # not a table; a reading changed, same length (only the CRC tells)
        assert decode(kept[0].read_bytes()) is None
        assert phrases_of(opened()).phrases == table
        assert kept[0].read_bytes() == good  # written again
    assert decode(encode({"重点": [["zhong"]]})) is None  # a phrase without readings for each character


def test_every_reading_the_dictionary_gives_a_phrase_counts():
    """The dictionary reads 朝阳 both zhāoyáng (the morning sun) and Cháoyáng (the district
    and city): both spellings find it, as before the phrase check."""
    plan = Plan(id="chaoyang", meta=PlanMeta(title="测试"), source_sha256="chaoyang", sections=[Section(
        id="ch01", level="章", label="第一章", title="区域", heading="第一章 区域",
        blocks=[Paragraph("支持北京朝阳、海淀发展。"), Paragraph("辽宁朝阳加快振兴。")])])
    ix = SearchIndex.build([plan])
    attach(ix, [plan])
    assert search(ix, "chaoyang").total == 2 and search(ix, "zhaoyang").total == 2


def test_a_store_removed_as_damaged_takes_its_tables_along(tmp_path):
    """A rebuild of the same plans has the same fingerprint: a table left beside a damaged
    store would be read back as the new store's."""
    from fyp_tui.search import store

    SearchIndex.build([edge_plan()]).save(tmp_path / "ix")
    ix = SearchIndex.load(tmp_path / "ix")
    ix.__dict__["_store"] = tmp_path / "ix"
    phrases_of(ix)
    assert list((tmp_path / "ix").glob("phrases-*.tbl"))
    store.remove(tmp_path / "ix")
    assert not list((tmp_path / "ix").glob("*.tbl")) and not list((tmp_path / "ix").glob("*.bin"))


def test_phrases_reading_a_character_alike_share_one_set():
    """重点 and 重要 both read 重 as zhong: one set of readings, not one a phrase (a few
    hundred distinct sets for ~50,000 phrases: the table's memory)."""
    from fyp_tui.search.phrases import Phrases

    p = Phrases({"重点": [["zhong"], ["dian"]], "重要": [["zhong"], ["yao"]], "重新": [["chong"], ["xin"]]})
    assert p.phrases["重点"][0] is p.phrases["重要"][0] == frozenset({"zhong"})
    assert p.phrases["重新"][0] == frozenset({"chong"})
