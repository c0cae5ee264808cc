"""A county plan's top numbers as typists, converters and OCR set them: 一. and 一．
(ASCII or full-width stop), —、 (OCR reads 一 as a dash). Each opens a 一-level
heading, and its label stays as written: 一. became 一。发展基础, the document's text
altered and no heading found. Expected titles are typed from the inputs here."""

from __future__ import annotations

import pytest

from fyp_tui.ingest import account, parse_bytes

BODY = "（一）发展成就\n全县经济社会发展取得显著成就。\n{two}总体要求\n（一）指导思想\n坚持稳中求进。\n"


@pytest.mark.parametrize("one,two", [("一.", "二."), ("一．", "二．"), ("—、", "二、"), ("一. ", "二. ")])
def test_a_top_number_as_typed_or_read_opens_a_heading(one, two):
    text = "丰宁县国民经济和社会发展第十四个五年规划纲要\n" + f"{one}发展基础\n" + BODY.format(two=two)
    plan = parse_bytes(text.encode("utf-8"), "t")
    got = [(s.label, s.title) for s in plan.walk() if s.level in ("一", "（一）")]
    assert got == [(one.strip(), "发展基础"), ("（一）", "发展成就"), (two.strip(), "总体要求"), ("（一）", "指导思想")]
    assert "。" not in "".join(s.heading for s in plan.walk() if s.level == "一")
    assert account(plan, text) == ({}, {})


def test_a_stop_after_a_numeral_inside_a_sentence_is_still_a_full_stop():
    from fyp_tui.textnorm import normalize

    assert normalize("实现统一.下一步加快建设") == "实现统一。下一步加快建设"
    assert normalize("一.发展基础") == "一.发展基础"
    assert normalize("十一.五期间，全县经济社会发展取得显著成就。").startswith("十一。五期间")  # a period's name
    from fyp_tui.numerals import find_date

    assert find_date("二0二一年四月") == ("2021-04", 0, 7) and find_date("Oo一o年5月") is None


def test_a_numbered_items_second_short_sentence_is_its_body_not_a_lead_item():
    """1.综合实力显著增强。五年来成绩显著。地区生产总值…: the item's title is its lead
    sentence; what follows is its body. The second short sentence became a 条 nested
    in the item (its own title, the rest its paragraph)."""
    text = ("丰宁县国民经济和社会发展第十四个五年规划纲要\n一、发展基础\n"
            "1.综合实力显著增强。五年来成绩显著。地区生产总值由2015年的98.6亿元增加到2020年的132.4亿元。\n"
            "2.脱贫攻坚全面胜利。脱贫任务全面完成。现行标准下8.6万农村贫困人口全部脱贫。\n"
            "3.生态环境持续改善。累计完成造林绿化56万亩，森林覆盖率达到57.6%。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    items = [s for s in plan.walk() if s.level == "1"]
    assert [s.title for s in items] == ["综合实力显著增强", "脱贫攻坚全面胜利", "生态环境持续改善"]
    assert all(not s.children for s in items)
    assert items[0].body_text().startswith("五年来成绩显著。地区生产总值")
    assert account(plan, text) == ({}, {})


COUNTY = ("丰宁县国民经济和社会发展第十四个五年规划纲要\n一、加快产业转型升级\n（一）做强先进制造业\n"
          "1.壮大主导产业。推进硅基新材料产业集聚发展。\n2.培育新兴产业。加快发展新能源装备制造。\n"
          "专栏1　先进制造业重点工程\n1.新材料产业园建设工程。建设硅基新材料生产线。\n"
          "2.新能源装备产业园建设工程。建设风电装备生产基地。\n（二）提升现代服务业\n发展现代物流。\n")
NO_SUBSECTIONS = ("鼓楼区国民经济和社会发展第十四个五年规划纲要\n一、发展基础\n"
                  "1.综合实力显著增强。全区地区生产总值达到432亿元，年均增长7%。\n2.创新能力持续提升。高新技术企业达到120家。\n"
                  "专栏1 “十三五”重大项目\n鼓楼大厦建成投用。\n二、发展环境\n"
                  "当前和今后一个时期，我区发展仍处于重要战略机遇期。\n")


@pytest.mark.parametrize("text,holder", [(COUNTY, ("（一）", "做强先进制造业")),
                                         (NO_SUBSECTIONS, ("一、", "发展基础"))])
def test_a_box_after_numbered_items_in_a_county_plan(text, holder):
    """A county plan numbered 一、/（一）/1. alone: 一、 plays the 章 and （一） the 节. A 专栏
    after （一）'s last item is （一）'s (it went to 一、, and a table's citation with it);
    with no （一）, a 专栏 after 一、's items is 一、's (not the last item's)."""
    plan = parse_bytes(text.encode("utf-8"), "t")
    found = next(s for s in plan.walk() if s.boxes)
    assert (found.label, found.title) == holder
    assert account(plan, text) == ({}, {})


@pytest.mark.parametrize("one,two", [("①", "②"), ("⑴", "⑵"), ("1)", "2)")])
def test_lead_items_numbered_with_circled_or_bracketed_numbers_carry_their_number_as_label(one, two):
    """①综合实力显著增强。… gave a 条 with no label and the number inside its title; （1）
    and 1. items get a label. The number is the label, the lead sentence the title."""
    text = ("丰宁县国民经济和社会发展第十四个五年规划纲要\n一、发展基础\n（一）发展成就\n"
            f"{one}综合实力显著增强。全县经济社会发展取得显著成就。\n{two}脱贫攻坚全面胜利。贫困人口全部脱贫。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    items = [(s.label, s.title) for s in plan.walk() if s.level == "条"]
    assert items == [(one, "综合实力显著增强"), (two, "脱贫攻坚全面胜利")]
    assert account(plan, text) == ({}, {})


def test_a_periods_name_typed_with_a_stop_opens_no_heading():
    """十一.五期间，… is the 十一五 period, not a heading numbered 十一."""
    text = ("某某县国民经济和社会发展第十二个五年规划纲要\n第一章 发展基础\n"
            "十一.五期间，全县经济社会发展取得显著成就，地区生产总值年均增长12%。\n"
            "第二章 发展目标\n到2015年，地区生产总值翻一番。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert [s.label for s in plan.walk() if s.level not in ("封面",)] == ["第一章", "第二章"]
    assert account(plan, text) == ({}, {})


def test_a_number_written_again_gets_the_next_free_id():
    """一、 three times over (a plan numbered wrong, or glued from parts): ids stay unique,
    p01, p01b, p01bb, as before (now found without trying every earlier one)."""
    text = "某县规划纲要\n" + "".join(f"一、发展第{k}\n推进第{k}项工作。\n" for k in "甲乙丙")
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert [s.id for s in plan.sections if s.level == "一"] == ["p01", "p01b", "p01bb"]
