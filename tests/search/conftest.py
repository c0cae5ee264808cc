"""Search fixtures: one index of the bundled corpus per session, and tiny hand-made plans."""

from __future__ import annotations

import pytest

from fyp_tui.model import Box, Paragraph, Plan, PlanMeta, Section, Table, TableRow
from fyp_tui.search import SearchIndex
from fyp_tui.search.cache import attach


@pytest.fixture(scope="session")
def index(corpus):
    return SearchIndex.build(corpus.plans.values())


def small_plan(pid: str = "demo", city: str = "徐州市", district: str = "鼓楼区") -> Plan:
    """A plan with every kind of unit; texts chosen for the split / typo tiers."""
    ch1 = Section(id="ch01", level="章", label="第一章", title="产业发展", heading="第一章 产业发展", blocks=[
        Paragraph("大力发展楼宇和总部经济，培育楼宇型经济。"),
        Box(id="box1", label="专栏1", title="重点项目", heading="专栏1：重点项目",
            entries=[Paragraph("1. 建设 CBD 商务楼宇"), Paragraph("2. 楼宇经济信息化平台")]),
    ], children=[
        Section(id="ch01.s01", level="节", label="第一节", title="提高开放水平", heading="第一节 提高开放水平",
                blocks=[Paragraph("全面提高开放水平，扩大高水平对外开放。")]),
    ])
    table = Table(id="t1", caption="表1 主要指标", header=["指标", "单位"],
                  rows=[TableRow(cells=["地区生产总值", "亿元", "1000"], indicator="地区生产总值")],
                  notes=[Paragraph("注：楼宇经济税收按当年价计算。")])
    ch2 = Section(id="ch02", level="章", label="第二章", title="指标", heading="第二章 指标", blocks=[table])
    meta = PlanMeta(title="演示规划", province="江苏省", city=city, district=district, level="district",
                    kind="outline")
    return Plan(id=pid, meta=meta, sections=[ch1, ch2], source_sha256=pid)


@pytest.fixture
def make_plan():
    return small_plan


@pytest.fixture
def small_index():
    return SearchIndex.build([small_plan()])


@pytest.fixture(params=[False, True], ids=["decoded", "stored"])
def ix(request, index, tmp_path):
    """The bundled corpus's index as built in memory, then as saved and loaded (a store)."""
    if not request.param:
        return index
    index.save(tmp_path / "ix")
    return SearchIndex.load(tmp_path / "ix")


@pytest.fixture
def rix(ix, corpus):
    """``ix`` with the plans its hits show snippets from."""
    attach(ix, corpus.plans)
    return ix


def matched(result) -> set[str]:
    """The text each hit's spans mark, as a set."""
    return {h.snippet()[0][a:b] for h in result.hits for a, b in h.snippet()[1]}
