"""Targets from xuzhou-gulou's two indicator tables, against the rows read off the document.

The expected cells are as written (tests/expected/xuzhou-gulou-tables.json); they are
compared with white space folded only. The reading rules (【】 = cumulative, the
十四五 unit written in the indicator's trailing brackets) are in tests/corpus/test_tables.py.
"""

from __future__ import annotations

import json

import pytest

from fyp_tui.targets import table_targets
from tests.conftest import REPO
from tests.corpus.test_tables import bare, f, unit_written_in

GOLD = json.loads((REPO / "tests" / "expected" / "xuzhou-gulou-tables.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rows(corpus):
    ts = table_targets(corpus.get("xuzhou-gulou"))
    return {p: [t for t in ts if t.period == p] for p in ("十四五", "十三五")}


def test_row_counts_and_years(rows):
    assert len(rows["十四五"]) == 31 and len(rows["十三五"]) == len(GOLD["十三五"]["rows"])
    assert {(t.baseline_year, t.target_year) for t in rows["十四五"]} == {("2020", "2025")}
    assert {t.target_year for t in rows["十三五"]} == {"2020"}
    assert all(t.origin == "table" and t.source.kind == "table" for t in rows["十四五"])


@pytest.mark.parametrize("k", range(31))
def test_fourteenth_plan_row(rows, k):
    got, want = rows["十四五"][k], GOLD["十四五"]["rows"][k]
    assert f(got.unit) == f(unit_written_in(want["indicator"])) and got.attribute == want["attribute"]
    assert f(got.target.text if got.target else "") == f(bare(want["target"]))
    assert f(got.baseline.text if got.baseline else "") == f(bare(want["baseline"]))
    assert (got.target.cumulative if got.target else False) == want["target"].startswith("【")
    assert got.source.matched == got.indicator and got.source.section == "ch01.s05"
    assert got.canonical  # every row of this table has a canonical indicator


def test_indicators_as_written(rows):
    for p in ("十四五", "十三五"):
        assert [f(t.indicator) for t in rows[p]] == [f(r["indicator"]) for r in GOLD[p]["rows"]]


# Row number → (qualifier, number, unit, annual, cumulative, base value) read off the table.
READINGS = {
    1: ("≥", 6.5, "%", True, False, 2.9),
    4: ("=", 50, "个", False, True, 23),
    8: ("=", 8, "亿美元", False, False, 4.58),
    9: (">", 10, "%", False, False, None),
    10: ("relative", None, "%", False, False, 3.3),
    11: ("≤", 4, "%", False, False, 1.78),
    18: ("=", 4.5, "万人", False, True, 4.45),
    20: ("task", None, "%", False, False, None),
    26: (">", 95, "", False, False, 92.1),
    31: ("task", None, "%", False, False, None),
}


@pytest.mark.parametrize("n", sorted(READINGS))
def test_fourteenth_plan_values(rows, n):
    t = rows["十四五"][n - 1]
    qual, num, unit, annual, cum, base = READINGS[n]
    assert (t.target.qualifier, t.target.number, t.target.unit) == (qual, num, unit)
    assert (t.target.annual, t.target.cumulative) == (annual, cum)
    assert (t.baseline.number if t.baseline else None) == base


def test_values_that_are_not_numbers_stay_text(rows):
    r31 = rows["十四五"][30]
    assert r31.baseline.qualifier == "text" and r31.baseline.number is None
    assert r31.baseline.text == "分别下降37.5和25"
    assert rows["十四五"][9].target.relative_to == "GDP增速"
    assert rows["十四五"][19].target.relative_to == "市定任务"


def test_scaled_values(rows):
    assert rows["十四五"][7].target.value == 8e8 and rows["十四五"][7].target.base_unit == "美元"
    assert rows["十四五"][17].target.value == 45000 and rows["十四五"][17].target.base_unit == "人"


@pytest.mark.parametrize("k", range(len(GOLD["十三五"]["rows"])))
def test_thirteenth_plan_results(rows, k):
    got, want = rows["十三五"][k], GOLD["十三五"]["rows"][k]
    assert got.attribute == want["attribute"]
    assert f(got.target.text if got.target else "") == f(want["goal"])
    assert f(got.actual.text if got.actual else "") == f(want["actual"])
    assert got.baseline is None


def test_thirteenth_plan_qualifiers(rows):
    by = {t.indicator: t for t in rows["十三五"]}
    assert (by["每千名老人拥有养老床位数"].target.qualifier, by["每千名老人拥有养老床位数"].target.number) == ("≥", 40)
    assert (by["城镇调查失业率"].target.qualifier, by["城镇调查失业率"].actual.qualifier) == ("≤", "≤")
    assert by["单位GDP能耗降低率"].target.qualifier == "task" and by["单位GDP能耗降低率"].actual.qualifier == "text"
    assert by["地区生产总值"].canonical == "gdp" and by["地区生产总值"].actual.number == 323
    assert by["环境空气中PM2.5浓度"].canonical == "pm25"
