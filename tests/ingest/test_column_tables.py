"""A table set out in columns, as `pdftotext -layout` leaves a PDF's indicator table:
a header of column names, rows under them parted by runs of spaces, long names wrapped
onto a second line, a category written once for its group. It is read as a table
(its rows were paragraphs with the gaps deleted, and `fyp targets` found nothing).

Expected rows come from the hand-checked reading of 徐州鼓楼's 十四五 table
(tests/expected/xuzhou-gulou-tables.json, made by a separate reader); the columns are
set here from those values, never from the parser."""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.conftest import REPO
from fyp_tui.ingest import account, parse_bytes

GOLD = json.loads((REPO / "tests" / "expected" / "xuzhou-gulou-tables.json").read_text(encoding="utf-8"))["十四五"]
HEAD = ["分类", "序号", "指标", "2020年", "2025年目标", "属性"]


def _w(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(2, width - _w(s))


def tab_separated() -> str:
    """The gold rows with a tab after each cell, as a table copied from a word processor."""
    rows, last = [], None
    for r in GOLD["rows"]:
        category = r["category"] if r["category"] != last else ""
        last = r["category"]
        rows.append([category, r["number"], r["indicator"], r["baseline"], r["target"], r["attribute"]])
    return "\n".join("\t".join(cells) for cells in [HEAD, *rows])


def laid_out(wrap: int) -> str:
    """The gold rows in columns, each as wide as its widest cell and two spaces; a name
    longer than ``wrap`` characters goes on under itself on the next line (0: never)."""
    rows, last = [], None
    for r in GOLD["rows"]:
        category = r["category"] if r["category"] != last else ""
        last = r["category"]
        name, rest = r["indicator"], ""
        if wrap and len(name) > wrap:
            name, rest = name[:wrap], name[wrap:]
        rows.append([category, r["number"], name, r["baseline"], r["target"], r["attribute"]])
        if rest:
            rows.append(["", "", rest, "", "", ""])
    widths = [max(_w(c) for c in col) + 2 for col in zip(HEAD, *rows)]
    return "\n".join("  " + "".join(_pad(c, w) for c, w in zip(cells, widths)).rstrip() for cells in [HEAD, *rows])


@pytest.mark.parametrize("wrap", [0, 12, "tabs"])
def test_an_indicator_table_in_columns_is_read_as_a_table(wrap):
    table = tab_separated() if wrap == "tabs" else laid_out(wrap)
    text = ("徐州市鼓楼区国民经济和社会发展第十四个五年规划纲要\n第一章 发展基础\n第一节 主要目标\n"
            "到2025年，地区生产总值突破500亿元。\n" + GOLD["caption"] + "\n" + table + "\n"
            "第二章 产业\n第一节 商贸\n加快现代商贸业提档升级。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    tables = [t for s in plan.walk() for t in s.tables]
    assert len(tables) == 1 and tables[0].caption == GOLD["caption"]
    got = [(r.category, r.number, r.indicator, r.baseline, r.target, r.attribute) for r in tables[0].rows]
    want = [(r["category"], r["number"], r["indicator"], r["baseline"].strip("【】"), r["target"].strip("【】"),
             r["attribute"]) for r in GOLD["rows"]]
    assert [g[2] for g in got] == [w[2] for w in want]
    assert got == want
    assert account(plan, text) == ({}, {})


def test_lines_of_prose_with_wide_gaps_are_no_table():
    """Two spaces inside prose (a PDF's justified line) and a line that names a unit are
    not a header: nothing turns into a table."""
    text = ("第一章 发展基础\n第一节 发展成就\n单位  地区生产总值  增长较快，指标  全面完成。\n"
            "全区经济  社会发展  取得显著成就。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert not [t for s in plan.walk() for t in s.tables]


def test_a_one_cell_a_line_table_with_a_wrapped_head_and_a_wrapped_name():
    """One cell a line, as a PDF's table copied leaves it: a header cell on two lines
    (年均增长 / 〔累计〕) pushed 〔累计〕 and 属性 into the first row, and a name on two lines
    (数字经济核心产业增加值占 / 地区生产总值比重) took the baseline's place. Expected values
    typed from the input."""
    cells = ["类别", "序号", "指标", "单位", "2020年", "2025年", "年均增长", "〔累计〕", "属性",
             "经济", "发展", "1", "地区生产总值", "亿元", "132.4", "180", "6.5%", "预期性",
             "2", "数字经济核心产业增加值占", "地区生产总值比重", "%", "5", "10", "〔5〕", "预期性",
             "3", "常住人口城镇化率", "%", "52.3", "58", "〔5.7〕", "预期性"]
    text = ("第一章 发展基础\n第一节 主要目标\n到2025年，地区生产总值突破180亿元。\n"
            "表1 丰宁县“十四五”时期经济社会发展主要指标\n" + "\n".join(cells) + "\n第二章 产业\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    (table,) = [t for s in plan.walk() for t in s.tables]
    assert table.header == ["类别", "序号", "指标", "单位", "2020年", "2025年", "年均增长〔累计〕", "属性"]
    assert [(r.category, r.number, r.indicator, r.unit, r.baseline, r.target, r.attribute) for r in table.rows] == [
        ("经济发展", "1", "地区生产总值", "亿元", "132.4", "180", "预期性"),
        ("经济发展", "2", "数字经济核心产业增加值占地区生产总值比重", "%", "5", "10", "预期性"),
        ("经济发展", "3", "常住人口城镇化率", "%", "52.3", "58", "预期性")]
    assert account(plan, text) == ({}, {})


HEAD_ROWS = ("鼓楼区“十四五”经济社会发展主要指标\n"
             "类别    序号  指标                  2020年   2025年目标  属性\n"
             "经济    1     地区生产总值（亿元）  432.1    600         预期性\n"
             "        2     一般公共预算收入      30.5     40          预期性\n")
LAST = "民生    3     城镇登记失业率（%）   2.1      3           约束性\n"
WANT = [("经济", "1", "地区生产总值（亿元）", "432.1", "600", "预期性"),
        ("经济", "2", "一般公共预算收入", "30.5", "40", "预期性"),
        ("民生", "3", "城镇登记失业率（%）", "2.1", "3", "约束性")]


@pytest.mark.parametrize("between,after", [
    ("", "　　表中数据均为初步统计。\n　　全区上下要坚持稳中求进工作总基调，全面贯彻新发展理念。\n"),  # indented prose
    ("", "　　注：数据为初步统计。\n"),  # a note
    ("                              — 3 —\n\x0c", ""),  # the page breaks inside the table
])
def test_a_column_table_ends_where_its_rows_do(between, after):
    """A reviewer's cases: an indented paragraph or note right under the table was taken
    as a wrapped cell's rest (the whole table lost, or a note in its last cell, columns
    merged); a page's footer inside it glued the page number to a value."""
    text = ("第一章 发展基础\n第一节 主要目标\n　　到2025年，地区生产总值突破500亿元。\n" + HEAD_ROWS + between + LAST
            + after + "第二章 产业\n第一节 商贸\n　　加快现代商贸业提档升级。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    (table,) = [t for s in plan.walk() for t in s.tables]
    assert [(r.category, r.number, r.indicator, r.baseline, r.target, r.attribute) for r in table.rows] == WANT
    paras = [b.text for s in plan.walk() for b in s.paragraphs]
    assert all(line.strip() in paras for line in after.splitlines())
    assert account(plan, text) == ({}, {})


def test_one_attribute_merged_over_a_group_does_not_merge_its_rows():
    """预期性 printed once beside the middle of a group (a merged cell, as pdftotext sets
    it): the group's rows stayed one (序号 '1 2', two names run together)."""
    text = ("第一章 发展基础\n第一节 主要目标\n到2025年，地区生产总值突破500亿元。\n"
            "鼓楼区“十四五”经济社会发展主要指标\n"
            "类别  序号  指标                      2020年  2025年目标  属性\n"
            "      1     地区生产总值（亿元）      432.1   600\n"
            "经济  2     一般公共预算收入（亿元）  30.5    40          预期性\n"
            "      3     服务业增加值比重（%）     70      72\n"
            "民生  4     城镇登记失业率（%）       2.1     3           约束性\n\n第二章 产业\n")
    assert _rows(text, "number", "indicator", "baseline", "target") == [
        ("1", "地区生产总值（亿元）", "432.1", "600"), ("2", "一般公共预算收入（亿元）", "30.5", "40"),
        ("3", "服务业增加值比重（%）", "70", "72"), ("4", "城镇登记失业率（%）", "2.1", "3")]


def test_a_number_column_without_a_name_is_the_rows_numbers_not_a_value():
    """pdftotext -layout of a table whose 类别 head stands over the numbers' column too:
    the unnamed column of 1, 2, 3 was read as the first value, so 132.4 (2020) became
    the target and 1 the baseline in `fyp targets`. Expected values typed from the input."""
    text = ("第一章 发展基础\n第一节 主要目标\n到2025年，地区生产总值突破180亿元。\n表1 主要指标\n"
            "  类别          指标                    单位      2020年    2025年     属性\n"
            "  经济    1   地区生产总值              亿元      132.4     180        预期性\n"
            "  发展    2   一般公共预算收入          亿元      9.8       13.7       预期性\n"
            "          3   常住人口城镇化率          %         52.3      58         预期性\n"
            "第二章 产业\n")
    assert _rows(text, "number", "indicator", "unit", "baseline", "target", "attribute") == [
        ("1", "地区生产总值", "亿元", "132.4", "180", "预期性"),
        ("2", "一般公共预算收入", "亿元", "9.8", "13.7", "预期性"),
        ("3", "常住人口城镇化率", "%", "52.3", "58", "预期性")]


def _rows(text: str, *fields: str) -> list[tuple[str, ...]]:
    """The one table's rows, as ``fields``; every character of ``text`` accounted for."""
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert account(plan, text) == ({}, {})
    (table,) = [t for s in plan.walk() for t in s.tables]
    return [tuple(getattr(r, f) for f in fields) for r in table.rows]
