"""An indicator table laid out one cell per line in a plan's text file is rebuilt
whether or not the plan has headings, and the sentence after its last row stays text.

A county's short plan may print no 章/节 at all; its table stayed 17 loose paragraphs
(表1 … 指标 单位 2020年 …). Under a heading, the closing sentence after the table was
read as a table row. Expected values are typed from the text below."""

from __future__ import annotations

import pytest

from fyp_tui.ingest import account, parse_bytes
from fyp_tui.model import BODY, Paragraph, Table

LINES = ["某某县国民经济和社会发展第十四个五年规划纲要", "",
         "“十三五”时期，全县经济保持平稳增长，综合实力明显增强。", "",
         "表1 “十四五”时期经济社会发展主要指标",
         "指标", "单位", "2020年", "2025年", "属性",
         "地区生产总值", "亿元", "300", "420", "预期性",
         "研发经费投入强度", "%", "2.1", "2.8", "约束性", "",
         "全县上下要团结一心，确保规划目标顺利实现。"]


@pytest.mark.parametrize("heading", [None, "第一章 发展基础"])
def test_the_table_is_rebuilt_and_the_closing_sentence_stays_text(heading):
    lines = list(LINES)
    if heading:
        lines.insert(2, heading)
    text = "\n".join(lines) + "\n"
    plan = parse_bytes(text.encode("utf-8"), "t.txt")
    sec = plan.sections[-1]
    assert sec.level == (BODY if heading is None else "章")
    kinds = [type(b) for b in sec.blocks]
    assert kinds == [Paragraph, Table, Paragraph]
    table = sec.blocks[1]
    # The space before “ is not kept (the reader folds space beside CJK punctuation); the words are.
    assert table.caption.replace(" ", "") == "表1“十四五”时期经济社会发展主要指标"
    assert table.header == ["指标", "单位", "2020年", "2025年", "属性"]
    assert [(r.indicator, r.unit, r.baseline, r.target, r.attribute) for r in table.rows] == [
        ("地区生产总值", "亿元", "300", "420", "预期性"), ("研发经费投入强度", "%", "2.1", "2.8", "约束性")]
    assert table.id.startswith(f"{sec.id}.")  # named under the section that holds it
    assert sec.blocks[2].text == "全县上下要团结一心，确保规划目标顺利实现。"
    missing, extra = account(plan, text)
    assert not missing and not extra
