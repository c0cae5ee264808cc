"""Counts an analyst can quote (issue 13), checked against the raw files.

The expected values come from a separate simple reader over ``corpus/raw/*.txt``:
white space dropped (as search keys drop it), then ``str.count`` or a line test.
Nothing here calls the product's normaliser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fyp_tui.cli import main
from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import SearchIndex, search, term_counts
from fyp_tui.search.engine import split_words

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"


def raw_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}


def raw_count(term: str) -> dict[str, int]:
    out = {pid: re.sub(r"\s", "", t).count(term) for pid, t in raw_texts().items()}
    return {pid: n for pid, n in out.items() if n}


def raw_lines_with_all(*words: str) -> dict[str, int]:
    """Lines of the raw files (a line is a paragraph there) holding every word."""
    out = {pid: sum(all(w in re.sub(r"\s", "", line) for w in words) for line in t.splitlines())
           for pid, t in raw_texts().items()}
    return {pid: n for pid, n in out.items() if n}


def test_auto_counts_exact_hits_only_and_agree_with_terms(index):
    want = raw_count("楼宇经济")
    assert want == {"fuzhou-gulou": 8, "lianyungang-haizhou": 5, "xuzhou-gulou": 6, "zhenjiang-jingkou": 5}
    r = search(index, "楼宇经济")
    assert r.counts == want and r.used == ("exact",)
    rows = {t.plan: t.count for t in term_counts(index, ["楼宇经济"]) if t.count}
    assert rows == want


def test_cli_search_and_terms_agree_per_plan(capsys):
    main(["search", "楼宇经济", "--json", "--no-user-corpus"])
    searched = json.loads(capsys.readouterr().out)["counts"]
    main(["terms", "楼宇经济", "--json", "--no-user-corpus"])
    termed = {r["plan"]: r["count"] for r in json.loads(capsys.readouterr().out) if r["count"]}
    assert searched == termed == raw_count("楼宇经济")


def test_fuzzy_tiers_never_report_pieces_of_other_words(index):
    r = search(index, "楼宇经济", mode="fuzzy", limit=10_000)
    found = {h.text[a:b] for h in r.hits if h.tier != "exact" for a, b in h.spans}
    # 楼经济 / 楼区经济 from 鼓楼(区)经济社会发展, 楼宇经 from 楼宇经营
    assert not found & {"楼经济", "楼区经济", "楼宇经"}, found
    assert r.counts.get("fuzhou-gulou", 0) >= 8


def test_a_misspelling_never_reports_fewer_hits(index):
    right = search(index, "楼宇经济")
    for slip in ("楼宇经纪", "楼语经济"):
        r = search(index, slip)
        assert r.total >= right.total and r.counts == right.counts, slip


def test_several_words_count_units_holding_every_word_in_any_order(index):
    want = raw_lines_with_all("楼宇", "总部")
    assert want == {"fuzhou-gulou": 2, "xuzhou-gulou": 6, "zhenjiang-jingkou": 1}
    a = search(index, "楼宇 总部", limit=100)
    b = search(index, "总部 楼宇", limit=100)
    assert a.counting == b.counting == "units"
    assert a.counts == b.counts == want
    rows = lambda r: [(h.plan, h.section, h.block, h.item, h.spans) for h in r.hits]  # noqa: E731
    assert rows(a) == rows(b) and len(a.hits) == a.total
    for h in a.hits:  # one row per unit, every word highlighted
        assert {h.text[x:y] for x, y in h.spans} == {"楼宇", "总部"}


def test_words_found_only_apart_say_how_often_each_is_found_alone(index):
    """No paragraph holds both 楼宇经济 and 共同富裕, though both are in the plans: the
    0 says so, with each word's count on its own, not that the query is not in the text."""
    assert raw_lines_with_all("楼宇经济", "共同富裕") == {}
    alone = {w: sum(raw_count(w).values()) for w in ("楼宇经济", "共同富裕")}
    assert alone == {"楼宇经济": 24, "共同富裕": 5}
    r = search(index, "楼宇经济 共同富裕", mode="exact")
    assert r.total == 0 and r.counts == {}
    said = "no paragraph, box entry or table row holds every word; alone: 楼宇经济 24, 共同富裕 5 "
    assert r.message.startswith(said)
    assert "not in the text" not in r.message


def test_a_word_of_punctuation_alone_is_dropped_not_the_query(index):
    # `表 1 : 某区` typed as a heading is written: the lone colon is no word to look for,
    # the other words are (it used to refuse the whole query as "nothing to search for")
    a = search(index, "楼宇 : 总部", limit=100)
    assert a.counting == "units" and a.counts == raw_lines_with_all("楼宇", "总部")
    assert search(index, "：").message.startswith("nothing to search for")


def test_a_quoted_phrase_is_one_word(index):
    r = search(index, '"楼宇 经济"')
    assert r.counting == "occurrences" and r.counts == raw_count("楼宇经济")


def test_quotes_inside_a_term_are_its_text(index):
    """Plans quote the plan periods: “十三五”时期 is a term as written (its quotes glued to
    it), counted as the raw text holds it, not the phrase 十三五 and the word 时期 (which
    found 京口's …“十四五”时期… lines holding 十三五 elsewhere). Quotes standing apart
    still make a phrase."""
    assert split_words("“十三五”时期") == ["“十三五”时期"]
    assert split_words("“十三五” 时期") == ["十三五", "时期"]
    assert split_words('楼宇 "总部 经济"') == ["楼宇", "总部 经济"]
    r = search(index, "“十三五”时期")
    assert r.counting == "occurrences" and r.counts == raw_count("“十三五”时期")
    assert sum(r.counts.values()) == 9


def test_an_unclosed_quote_before_one_word_is_its_text(index):
    """“数字 (a quote glued to a word, copied from a plan) counts “数字 as the raw text holds
    it, as 数字” counts 数字”; an unclosed quote before several words (typed live) makes
    the phrase."""
    assert split_words("“数字") == ["“数字"] and split_words('"楼宇 经') == ["楼宇 经"]
    for term in ("“数字", "数字”", "“数字化"):
        assert search(index, term, mode="exact").counts == raw_count(term)
    assert 0 < search(index, "“数字", mode="exact").total < sum(raw_count("数字").values())


def test_latin_that_is_not_pinyin_finds_nothing(index):
    for mode in ("auto", "pinyin"):
        r = search(index, "xyzzy", mode=mode, limit=50)
        assert r.total == 0 and r.hits == [], [h.matched for h in r.hits]


def test_exact_mode_keeps_the_traditional_tier(index):
    r = search(index, "樓宇經濟", mode="exact")
    assert r.counts == raw_count("楼宇经济") and r.used == ("exact", "traditional")


def test_long_query_limit_is_forty_characters(index):
    text = re.sub(r"\s", "", raw_texts()["xuzhou-gulou"])
    forty = next(text[i : i + 40] for i in range(0, len(text), 40) if "\n" not in text[i : i + 40])
    assert len(forty) == 40
    assert "homophone" in search(index, forty, mode="fuzzy").used
    r = search(index, forty + "。", mode="fuzzy")
    assert r.used == ("exact",) and "over 40 characters" in r.message


def gap_plan(gap: str) -> Plan:
    sec = Section(id="ch01", level="章", label="第一章", title="总则", heading="第一章 总则",
                  blocks=[Paragraph(f"加快发展楼宇{gap}经济。")])
    return Plan(id="g", meta=PlanMeta(title="测试"), sections=[sec], source_sha256="g")


@pytest.mark.parametrize("gap,found", [
    ("和总部", True),  # 3 characters between the halves
    ("和商务区总部", True),  # 6
    ("和商务区各类总部", True),  # 8: SPLIT_GAP
    ("和商务区内各类总部", False),  # 9
])
def test_split_gap(gap, found):
    r = search(SearchIndex.build([gap_plan(gap)]), "楼宇经济", mode="fuzzy")
    assert (r.tiers.get("split", 0) == 1) is found, r.tiers
