"""Title search (the palette's jump-to) on the bundled plans.

Two headings of the five plans hold 楼宇: 镇江京口's lead item "大力发展楼宇经济" and
福州鼓楼's "打造楼宇经济升级版." (read off corpus/raw; 徐州鼓楼's 楼宇经济提档升级行动计划
is a 专栏 entry, not a heading).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fyp_tui.search import Filters, count_titles, search_titles

LOUYU = {("zhenjiang-jingkou", "大力发展楼宇经济"), ("fuzhou-gulou", "打造楼宇经济升级版")}


def titles(hits):
    return {(h.plan, h.title.rstrip("。.")) for h in hits}


@pytest.mark.parametrize("query", ["楼宇", "楼宇经济", "樓宇經濟", "louyu", "louyujingji", "lyjj", "楼语经济"])
def test_the_two_louyu_headings_come_first(index, query):
    hits = search_titles(index, query, limit=10)
    assert titles(hits[:2]) == LOUYU, [h.title for h in hits[:4]]


def test_a_homophone_slip_beats_a_heading_sharing_fewer_sounds(index):
    # 楼语经济: 楼宇经济 differs only by a homophone; 鼓楼经济 (福州 ch13) shares as many
    # characters but not the sound.
    hits = search_titles(index, "楼语经济", limit=5)
    assert titles(hits[:2]) == LOUYU
    assert all(h.score > o.score for h in hits[:2] for o in hits[2:])


def test_exact_hits_rank_shorter_headings_first_and_mark_the_match(index):
    hits = [h for h in search_titles(index, "楼宇", limit=10) if h.score >= 90]  # exact: 90-100
    assert [h.title.rstrip("。.") for h in hits] == ["大力发展楼宇经济", "打造楼宇经济升级版"]
    for h in hits:
        (a, b), = h.spans
        assert h.title[a:b] == "楼宇"


def test_pinyin_spans_cover_the_characters(index):
    for query in ("louyu", "lyjj"):
        for h in search_titles(index, query, limit=2):
            (a, b), = h.spans
            assert h.title[a:b] == ("楼宇" if query == "louyu" else "楼宇经济")


def test_filters_keep_one_plan(index):
    hits = search_titles(index, "楼宇", limit=10, filters=Filters(plans=("fuzhou-gulou",)))
    assert titles(hits) == {("fuzhou-gulou", "打造楼宇经济升级版")}
    assert search_titles(index, "楼宇", limit=10, filters=Filters(plans=("xuzhou",))) == []


def test_chapter_numbers(index):
    # Every plan with chapters has a 第三章; each is an exact hit.
    hits = search_titles(index, "第三章", limit=4)
    assert {h.plan for h in hits} == {"zhenjiang-jingkou", "fuzhou-gulou", "lianyungang-haizhou", "xuzhou-gulou"}
    assert all(h.section == "ch03" for h in hits)


@pytest.mark.parametrize("query", ["", "，。", "😀"])
def test_nothing_to_search(index, query):
    assert search_titles(index, query) == []


def test_a_typo_finds_the_heading_it_slipped_from(index):
    # 开 for 升 is neither the same character nor the same sound: only the fuzzy
    # tier (headings sharing a bigram with the query) finds 福州鼓楼's 打造楼宇经济升级版.
    hits = search_titles(index, "打造楼宇经济开级版", limit=5)
    assert hits and (hits[0].plan, hits[0].title.rstrip("。.")) == ("fuzhou-gulou", "打造楼宇经济升级版")
    assert hits[0].score < 90  # not reported as an exact hit


@pytest.mark.parametrize("query,tier", [("楼语经济", "homophone"), ("louyujingji", "pinyin"), ("lyjj", "pinyin"),
                                        ("打造楼宇经济开级版", "fuzzy")])
def test_each_hit_says_how_it_matched(index, query, tier):
    # 楼宇: the two headings above hold it; the query itself is in no heading, so they
    # come by the tier that turns the query into 楼宇经济.
    hits = search_titles(index, query, limit=10)
    assert hits[0].tier == tier, [(h.title, h.tier) for h in hits[:3]]
    assert all(h.tier != "exact" for h in hits)


def test_a_loose_heading_is_not_called_exact(index):
    # 数字经济 is in eight headings of the five plans (read off corpus/raw: 京口 积极发展
    # 数字经济, 海州 加快发展数字经济 and 新型数字基础设施是实现数字经济发展…, 徐州鼓楼
    # 创新发展数字经济, 徐州 培育壮大数字经济, 福州鼓楼 打造全省数字经济第一区 and its items
    # 全面构筑数字经济第一区, 一是数字经济发展带来新机遇) and one 专栏 title (海州 专栏:数字经济
    # 发展重点项目); headings below them (绿色生态经济) hold only part of it.
    hits = search_titles(index, "数字经济", limit=12)
    exact = [h for h in hits if h.tier == "exact"]
    assert len(exact) == 9 and all("数字经济" in h.title for h in exact)
    assert [h.title for h in exact if h.kind == "box"] == ["专栏：数字经济发展重点项目"]
    loose = [h for h in hits if h.tier != "exact"]
    assert loose and all("数字经济" not in h.title and h.tier == "fuzzy" for h in loose)


@pytest.fixture(scope="module")
def stored_index(corpus, tmp_path_factory):
    """The bundled plans' index saved and opened again: its text is read from the file
    (``FileBytes``, several headings a call), not from a string in memory."""
    from fyp_tui.search import SearchIndex, cache

    root = tmp_path_factory.mktemp("titles") / "ix"
    SearchIndex.build(corpus.plans.values()).save(root)
    ix = SearchIndex.load(root)
    cache.attach(ix, corpus.plans)
    assert "_text" not in ix.__dict__
    return ix


@pytest.mark.parametrize("query", ["楼宇", "lyjj", "louyu", "楼语经济"])
def test_a_stored_index_finds_the_same_headings(stored_index, query, caplog):
    hits = search_titles(stored_index, query, limit=10)
    assert titles(hits[:2]) == LOUYU, [h.title for h in hits[:4]]
    read_right(stored_index, caplog)


def read_right(ix, caplog):
    """Read right the first time: a piece failing its checksum would be reported and
    the index rebuilt from the plans (``healing``), giving the same answer."""
    assert not [r.getMessage() for r in caplog.records if r.name == "fyp"]
    assert "_text" not in ix.__dict__


@pytest.mark.parametrize("query", ["经济", "发展", "szjj", "gzlfz", "shuzi", "數字經濟"])
def test_a_stored_index_answers_as_the_index_in_memory(stored_index, index, query, caplog):
    # hundreds of headings read from the file, each to be whole and in its place
    def rows(ix):
        return [(h.plan, h.section, h.title, h.score, h.spans) for h in search_titles(ix, query, limit=300)]

    want = rows(index)
    assert len(want) >= (40 if query in ("经济", "发展") else 5), query
    assert rows(stored_index) == want
    read_right(stored_index, caplog)


RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"


@pytest.mark.parametrize("plan", ["lianyungang-haizhou", "xuzhou-gulou"])
def test_every_box_title_is_found_under_its_section(index, stored_index, plan):
    """A 专栏 can be jumped to: its title is listed with the headings (kind "box", under
    its section). How many: the 专栏 titles the raw text prints (专栏: or 专栏1：…),
    counted by a plain reader of corpus/raw."""
    printed = len(re.findall(r"专栏\s*\d*\s*[:：]", (RAW / f"{plan}.txt").read_text(encoding="utf-8")))
    assert printed >= 18
    for ix in (index, stored_index):
        hits = search_titles(ix, "专栏", limit=200, filters=Filters(plans=(plan,)))
        boxes = [h for h in hits if h.kind == "box"]
        assert len(boxes) == printed
        assert count_titles(ix, "专栏", filters=Filters(plans=(plan,))) == printed  # no section title says 专栏
        assert all(h.title.startswith("专栏") and h.block >= 0 and h.tier == "exact" for h in boxes)
        assert len({(h.section, h.block) for h in boxes}) == len(boxes)
    first = next(h for h in search_titles(index, "专栏：重要改革事项", limit=3) if h.kind == "box")
    assert (first.plan, first.section, first.title) == ("lianyungang-haizhou", "ch04.s02", "专栏：重要改革事项")
    assert first.path[-1].endswith("持续深化各项改革")  # the section holding it, read off the raw text


def test_indicator_tables_are_found_by_their_captions(index):
    """主要指标 names three indicator tables of the bundled plans (raw text: 海州区“十四五”
    经济社会发展主要指标, 表2：鼓楼区“十四五”经济社会发展主要指标, 鼓楼区“十三五”经济社会发展主要
    指标完成情况表); a caption is a table's heading, not a paragraph, so each is an exact hit."""
    hits = [h for h in search_titles(index, "主要指标", limit=10) if h.tier == "exact"]
    assert {(h.plan, h.kind) for h in hits} == {("lianyungang-haizhou", "table"), ("fuzhou-gulou", "table"),
                                                ("xuzhou-gulou", "table")}
    for h in hits:
        (a, b), = h.spans
        assert h.title[a:b] == "主要指标"


def test_box_entries_and_paragraphs_are_not_headings(index):
    # 徐州鼓楼's 楼宇经济提档升级行动计划 is an entry of its 专栏1, and 海州's 依托良好的区位优势
    # is the text after the lead item 努力打造区域物流中心 (raw line 51): neither is a heading
    for q in ("楼宇经济提档升级", "依托良好的区位优势"):
        assert not [h for h in search_titles(index, q, limit=20) if h.tier == "exact"], q


def test_a_number_in_the_query_is_not_the_start_of_a_longer_one(index):
    """徐州鼓楼 prints 专栏1 to 专栏18 (raw text): 专栏1 is 专栏1：高端商贸核心区打造计划, not the
    shorter 专栏11：“十百千万”工程 that merely starts with the same characters."""
    first = search_titles(index, "专栏1", limit=5)[0]
    assert first.title.startswith("专栏1：高端商贸") and first.kind == "box"
    assert search_titles(index, "专栏11", limit=5)[0].title.startswith("专栏11：")
    cut = [h for h in search_titles(index, "专栏1", limit=20) if h.title.startswith(("专栏10", "专栏11", "专栏12"))]
    assert cut and all(h.score < first.score for h in cut)
    assert all(h.tier == "exact" for h in cut)  # they hold 专栏1: never labelled a looser match


def test_the_count_is_every_heading_holding_the_query(index):
    """``count_titles`` is the total behind the best ``limit``: the two headings holding
    楼宇 (read off corpus/raw, see the top), also asked in Traditional, one per plan
    when filtered; a slip (楼语) is held by none, though the search ranks close matches."""
    assert count_titles(index, "楼宇") == count_titles(index, "樓宇") == 2
    assert len(search_titles(index, "楼宇", limit=1)) == 1
    for plan, _ in LOUYU:
        assert count_titles(index, "楼宇", filters=Filters(plans=(plan,))) == 1
    assert count_titles(index, "楼宇", filters=Filters(plans=("xuzhou",))) == 0
    assert count_titles(index, "楼语") == 0 and search_titles(index, "楼语", limit=5)
    assert count_titles(index, "  ") == 0


def test_a_heading_is_shown_as_the_outline_writes_it(index):
    """福州鼓楼's raw text writes 第一节 发展基础 (label, space, title): a title hit shows it so,
    not 第一节发展基础, and its span still marks the words found; a label ending in 、
    (徐州建议's 2、发展导向) takes no space."""
    hits = search_titles(index, "发展基础", limit=10)
    hit = next(h for h in hits if (h.plan, h.section) == ("fuzhou-gulou", "ch01.s01"))
    assert hit.title == "第一节 发展基础"
    (a, b), = hit.spans
    assert hit.title[a:b] == "发展基础"
    item = next(h for h in search_titles(index, "发展导向", limit=10) if h.plan == "xuzhou")
    assert item.title == "2、发展导向" and item.title[slice(*item.spans[0])] == "发展导向"


@pytest.mark.parametrize("query", ["实力海州", "不断提高发展质效着力", "shilihaizhou"])
def test_a_two_phrase_title_keeps_its_space_in_a_hit(index, query):
    """连云港海州's raw line 40 writes 第三章 不断提高发展质效 着力打造实力海州: a title hit
    shows that space too (it showed the heading, 发展质效着力打造, run together), and its
    span still covers the characters found, across the space when the query runs over it."""
    raw = Path(__file__).resolve().parents[2] / "corpus" / "raw" / "lianyungang-haizhou.txt"
    line = next(ln.strip() for ln in raw.read_text(encoding="utf-8").splitlines() if ln.startswith("第三章"))
    hits = search_titles(index, query, limit=10)
    hit = next(h for h in hits if (h.plan, h.section) == ("lianyungang-haizhou", "ch03"))
    assert hit.title == line
    (a, b), = hit.spans
    assert "".join(hit.title[a:b].split()) in ("实力海州", "不断提高发展质效着力")


def test_heading_pinyin_is_ascii_and_the_same_whatever_the_step(index, monkeypatch):
    """The headings' pinyin tables are ASCII (one byte a character: a character with no
    reading, 、 or （, stands as one placeholder), spelled a step at a time; the
    result does not depend on where the steps fall."""
    from fyp_tui.search import titles as t

    def spelled():
        index.tables.store.pop("_heading_pinyin", None)
        index.tables.sizes.pop("_heading_pinyin", None)
        full, initials, _ = t._pinyin_of(index)
        return full.text, list(full.offsets), initials.text

    whole = spelled()
    heads = t._headings(index).joined.text
    assert "、" in heads and "（" in heads  # the bundled headings have such characters
    assert whole[0].isascii() and whole[2].isascii()
    assert len(whole[2]) == len(heads)  # one initial a character: the keys' offsets hold
    monkeypatch.setattr(t, "SPELL_STEP", 7)
    assert spelled() == whole
    index.tables.store.pop("_heading_pinyin", None)
    index.tables.sizes.pop("_heading_pinyin", None)
