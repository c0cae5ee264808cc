"""`fyp targets` (through its own register, as cli.py will add it) and the number readers."""

from __future__ import annotations

import argparse
import csv
import io
import json

import pytest

from fyp_tui.cli import targets as cli_targets
from fyp_tui.corpus import CorpusError
from fyp_tui.targets import canonical, parse_number, parse_quantity, parse_value


def run(corpus, capsys, *argv) -> str:
    p = argparse.ArgumentParser()
    cli_targets.register(p.add_subparsers(), argparse.ArgumentParser(add_help=False))
    args = p.parse_args(["targets", *argv])
    assert args.func(args, corpus) == 0
    return capsys.readouterr().out


def test_json_one_indicator_across_plans(corpus, capsys):
    rows = json.loads(run(corpus, capsys, "--indicator", "GDP增速", "--json"))
    assert {r["canonical"] for r in rows} == {"gdp_growth"}
    table = [r for r in rows if r["origin"] == "table"]
    assert table and table[0]["place"] == "徐州鼓楼区" and table[0]["target"]["number"] == 6.5
    assert table[0]["source"]["matched"] == "地区生产总值增长率(%)"  # as the table writes it


def test_csv_and_plan_filter(corpus, capsys):
    out = list(csv.DictReader(io.StringIO(run(corpus, capsys, "zhenjiang-jingkou", "--csv"))))
    assert {r["plan"] for r in out} == {"zhenjiang-jingkou"}
    gdp = next(r for r in out if r["canonical"] == "gdp_per_capita" and r["target_year"] == "2025")
    assert (gdp["number"], gdp["unit"], gdp["value"], gdp["target_year"]) == ("16.0", "万元", "160000.0", "2025")


def test_human_output_names_places_and_draws_bars(corpus, capsys):
    out = run(corpus, capsys, "--indicator", "高新技术企业数")
    assert "福州鼓楼区" in out and "徐州鼓楼区" in out and "█" in out


def test_unknown_plan(corpus):
    p = argparse.ArgumentParser()
    cli_targets.register(p.add_subparsers(), argparse.ArgumentParser(add_help=False))
    args = p.parse_args(["targets", "nowhere"])
    with pytest.raises(CorpusError):
        args.func(args, corpus)


@pytest.mark.parametrize("text,value", [("两千亿", 2e11), ("1.5万", 15000), ("1,000", 1000), ("二〇三五", 2035),
                                        ("三千五百万", 3.5e7)])
def test_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text,value,base", [("16万元", 160000, "元"), ("8亿美元", 8e8, "美元"),
                                             ("5个百分点", 5, "百分点"), ("4.5万人", 45000, "人")])
def test_units(text, value, base):
    q = parse_quantity(text)
    assert (q.value, q.base_unit) == (value, base)


@pytest.mark.parametrize("text,qual", [("年均6.5以上", "≥"), ("4以内", "≤"), ("接近75%", "≈"), ("不低于60%", "≥"),
                                       ("3—5个", "range"), ("快于GDP增速", "relative"), ("完成市定任务", "task"),
                                       ("翻一番", "relative"), ("分别下降37.5和25", "text"), ("一批", "text")])
def test_qualifiers(text, qual):
    assert parse_value(text).qualifier == qual


@pytest.mark.parametrize("name", ["地区生产总值增长率（%）", "GDP增速", "经济增长", "地区生产总值年均增长",
                                  "全省地区生产总值年均增长", "我州经济增长"])
def test_gdp_growth_synonyms(name):
    assert canonical(name).key == "gdp_growth"


def test_own_period_keeps_each_plans_own_goals_and_no_plan_of_unknown_period():
    from types import SimpleNamespace as T

    from fyp_tui.targets import own_period

    periods = {"a": "十四五", "b": "十二五", "c": ""}
    ts = [T(plan="a", period="十四五"), T(plan="a", period="十三五"), T(plan="b", period="十二五"),
          T(plan="c", period="")]
    assert own_period(ts, periods.__getitem__) == [ts[0], ts[2]]
