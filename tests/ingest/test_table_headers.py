"""Indicator tables headed the way the national 十四五 纲要 heads its own: a measure
column beside the years (年均/累计, 年均增长［累计］…) and five-year totals in 〔〕.

The rows are typed from the national plan's 表1 (“十四五”时期经济社会发展主要指标): GDP
growth 2.3 in 2020 and 保持在合理区间、各年度视情提出 for the five years; R&D spending
growth >7 a year, no 2020 or 2025 figure; urbanisation 60.6 → 65; energy intensity
down 〔13.5〕 over the five years (binding). Before, one header cell the rules did not know
ended the header there: the row cells shifted (the indicator read as the category, the
row number as the baseline).
"""

from __future__ import annotations

import pytest

from fyp_tui.ingest import parse_file
from fyp_tui.ingest.pipeline import parse_bytes

HEADER = ["类别", "指标", "2020年", "2025年", None, "属性"]  # None: the measure column's name
ROWS = [  # category, indicator, 2020, 2025, measure, attribute
    ["经济发展", "国内生产总值增长（%）", "2.3", "—", "保持在合理区间、各年度视情提出", "预期性"],
    ["经济发展", "常住人口城镇化率（%）", "60.6", "65", "—", "预期性"],
    ["创新驱动", "研发经费投入增长（%）", "—", "—", ">7", "预期性"],
    ["绿色生态", "单位国内生产总值能源消耗降低（%）", "—", "—", "〔13.5〕", "约束性"],
]
# indicator → (baseline, target, five-year total), as the table states them
WANT = {
    "国内生产总值增长（%）": ("2.3", "保持在合理区间、各年度视情提出", False),
    "常住人口城镇化率（%）": ("60.6", "65", False),
    "研发经费投入增长（%）": ("—", ">7", False),
    "单位国内生产总值能源消耗降低（%）": ("—", "13.5", True),
}
MEASURES = ["年均/累计", "年均／累计", "年均增长/累计", "年均增长［累计］", "年均增长〔累计〕", "年均增速[累计]"]


def one_cell_per_line(measure: str) -> str:
    """The table as web pages and PDF exports flatten it: one cell per line."""
    cells = [measure if h is None else h for h in HEADER] + [c for row in ROWS for c in row]
    return "\n".join(["某某市国民经济和社会发展第十四个五年规划纲要", "第三章 主要目标",
                      "表1 “十四五”时期经济社会发展主要指标", *cells, "第四章 保障措施", "加强组织领导。", ""])


def only_table(plan):
    tables = plan.tables()
    assert len(tables) == 1
    return tables[0]


def check(table, measure: str) -> None:
    assert table.header == [measure if h is None else h for h in HEADER]
    assert [r.category for r in table.rows] == [r[0] for r in ROWS]
    got = {r.indicator: (r.baseline, r.target, r.cumulative) for r in table.rows}
    assert got == WANT
    assert [r.attribute for r in table.rows] == [r[5] for r in ROWS]


@pytest.mark.parametrize("measure", MEASURES)
def test_a_measure_column_beside_the_years_is_a_header_cell(measure):
    plan = parse_bytes(one_cell_per_line(measure).encode("utf-8"), "measure")
    check(only_table(plan), measure.replace("／", "/"))


def test_a_word_table_with_the_national_header(tmp_path):
    """The same table as a real DOCX table (read by column name)."""
    import docx

    d = docx.Document()
    d.add_paragraph("某某市国民经济和社会发展第十四个五年规划纲要")
    d.add_paragraph("第三章 主要目标")
    d.add_paragraph("表1 “十四五”时期经济社会发展主要指标")
    t = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for j, h in enumerate(HEADER):
        t.cell(0, j).text = "年均/累计" if h is None else h
    for i, row in enumerate(ROWS, 1):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    d.add_paragraph("第四章 保障措施")
    d.add_paragraph("加强组织领导。")
    path = tmp_path / "national-table.docx"
    d.save(str(path))
    check(only_table(parse_file(path)), "年均/累计")


def test_a_value_in_the_measure_column_is_not_the_target_when_the_years_give_one():
    """A district's table: 2025年 holds the target; the measure column's 〔2.9〕 is the rise over
    five years, beside it, and does not make 83 a five-year total."""
    text = "\n".join(["某某区国民经济和社会发展第十四个五年规划纲要", "第三章 主要目标", "表1 主要指标",
                      "指标", "2020年", "2025年", "年均增长［累计］", "属性",
                      "常住人口城镇化率（%）", "80.1", "83", "［2.9］", "预期性",
                      "第四章 保障措施", "加强组织领导。", ""])
    row = only_table(parse_bytes(text.encode("utf-8"), "rise")).rows[0]
    assert (row.indicator, row.baseline, row.target, row.cumulative) == ("常住人口城镇化率（%）", "80.1", "83", False)


def test_a_word_table_with_a_two_row_header():
    """A provincial layout: 基期值 and 目标值 over 2020年 and 2025年, the other header cells
    merged down over both rows (python-docx leaves the lower ones empty). Each column is
    named by its lowest header cell. Rows typed from such a table (生态环境保护 indicators)."""
    import docx

    from fyp_tui.ingest import parse_bytes as parse_any

    head = [["类别", "序号", "指标名称", "单位", "基期值", "目标值", "属性"],
            ["", "", "", "", "2020年", "2025年", ""]]
    body = [["环境质量", "1", "PM2.5平均浓度", "微克/立方米", "33", "30", "约束性"],
            ["", "2", "空气质量优良天数比率", "%", "87.2", "88", "约束性"],
            ["总量控制", "3", "化学需氧量排放量减少", "%", "—", "〔8〕", "约束性"]]
    d = docx.Document()
    d.add_paragraph("某某市“十四五”生态环境保护规划")
    d.add_paragraph("第二章 主要目标")
    d.add_paragraph("表1 “十四五”生态环境保护主要指标")
    t = d.add_table(rows=len(head) + len(body), cols=7)
    for i, row in enumerate(head + body):
        for j, c in enumerate(row):
            if c:
                t.cell(i, j).text = c
    for j in (0, 1, 2, 3, 6):
        t.cell(0, j).merge(t.cell(1, j))
    import io

    buf = io.BytesIO()
    d.save(buf)
    table = only_table(parse_any(buf.getvalue(), "two-rows", source="two-rows.docx"))
    assert (table.baseline_year, table.target_year) == ("2020年", "2025年")
    got = [(r.category, r.number, r.indicator, r.unit, r.baseline, r.target, r.cumulative, r.attribute)
           for r in table.rows]
    assert got == [
        ("环境质量", "1", "PM2.5平均浓度", "微克/立方米", "33", "30", False, "约束性"),
        ("环境质量", "2", "空气质量优良天数比率", "%", "87.2", "88", False, "约束性"),
        ("总量控制", "3", "化学需氧量排放量减少", "%", "—", "8", True, "约束性"),
    ]
