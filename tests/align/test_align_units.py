"""Units: the finest structural sections, lead items folded in, front matter skipped."""

from __future__ import annotations

from fyp_tui.align.units import chapters, plan_units
from fyp_tui.model import FRONT, ITEM, PREFACE, Plan, PlanMeta

from alignkit import sec


def _plan() -> Plan:
    return Plan(id="p", meta=PlanMeta(city="甲市"), sections=[
        sec("front", FRONT, "", "标题", "某某规划"),
        sec("preface", PREFACE, "", "序言", "前言文字"),
        sec("pt01", "篇", "第一篇", "总篇", children=[
            sec("pt01.ch01", "章", "第一章", "有节的章", "章的导语", children=[
                sec("pt01.ch01.s01", "节", "第一节", "节一", "节一正文", children=[
                    sec("pt01.ch01.s01.i01", ITEM, "", "领句一", "领句一的正文"),
                ]),
                sec("pt01.ch01.s02", "节", "第二节", "节二", "节二正文"),
            ]),
            sec("pt01.ch02", "章", "第二章", "无节的章", "整章正文", children=[
                sec("pt01.ch02.i01", ITEM, "", "领句二", "领句二的正文"),
            ]),
        ]),
    ])


def test_units_are_the_finest_sections():
    units = plan_units(_plan())
    assert [u.id for u in units] == ["preface", "pt01.ch01.s01", "pt01.ch01.s02", "pt01.ch02"]
    assert [u.index for u in units] == [0, 1, 2, 3]


def test_lead_items_belong_to_their_unit():
    u = {u.id: u for u in plan_units(_plan())}
    assert "领句一的正文" in u["pt01.ch01.s01"].text
    assert u["pt01.ch01.s01"].leads == ("领句一",)
    assert u["pt01.ch02"].leads == ("领句二",)


def test_chapter_is_the_chapter_below_a_part():
    u = {u.id: u for u in plan_units(_plan())}
    assert u["pt01.ch01.s02"].chapter_id == "pt01.ch01"
    assert u["pt01.ch02"].chapter_id == "pt01.ch02"
    assert u["preface"].chapter_id == "preface"
    assert u["pt01.ch01.s01"].context == ("总篇", "有节的章")
    assert [c.id for c in chapters(_plan())] == ["preface", "pt01.ch01", "pt01.ch02"]


def test_seed_units(corpus):
    jk = plan_units(corpus.get("zhenjiang-jingkou"))
    assert len(jk) == 46  # 44 节, 第十三章 without 节, 序言
    assert any(u.title == "加强党的领导" and u.level == "章" for u in jk)
    xz = plan_units(corpus.get("xuzhou"))  # the 建议: numbered items are units
    assert sum(1 for u in xz if u.level == "1") >= 50
    assert all(u.level not in (FRONT, ITEM) for p in corpus.plans.values() for u in plan_units(p))
