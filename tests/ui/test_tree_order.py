"""The tree lists places as government lists do, in the order of their division
codes (GB/T 2260), not by their characters' code points (which put 合肥 before 芜湖
only by luck and 铜山区 before 鼓楼区)."""

from __future__ import annotations

import msgspec

from fyp_tui.corpus import Corpus
from fyp_tui.ingest import parse_bytes
from fyp_tui.ui.widgets.plan_tree import PlanTree

# (plan id, province, city, district): codes read from the GB/T 2260 list by hand —
# 江苏 32, 安徽 34, 山东 37; 合肥 3401, 芜湖 3402, 安庆 3408; 徐州 3203 with
# 鼓楼区 320302 and 铜山区 320312; 济南 3701.
PLACES = [
    ("jinan", "山东省", "济南市", ""),
    ("anqing", "安徽省", "安庆市", ""),
    ("wuhu", "安徽省", "芜湖市", ""),
    ("hefei", "安徽省", "合肥市", ""),
    ("tongshan", "江苏省", "徐州市", "铜山区"),
    ("gulou", "江苏省", "徐州市", "鼓楼区"),
    ("xuzhou", "江苏省", "徐州市", ""),
    ("jiangsu", "江苏省", "", ""),  # the province's own plan stands before its cities
    ("nowhere", "（省份不详）", "", ""),
]


def _corpus() -> Corpus:
    plans = {}
    for pid, prov, city, district in PLACES:
        plan = parse_bytes("第一章 总则\n第一节 目标\n推动高质量发展。\n".encode(), pid)
        level = "district" if district else ("city" if city else "province")
        meta = msgspec.structs.replace(plan.meta, province=prov if prov.endswith("省") else "", city=city,
                                       district=district, level=level)
        plans[pid] = msgspec.structs.replace(plan, meta=meta)
    return Corpus(plans=plans)


async def test_places_follow_division_codes(make_app, settle):
    app = make_app(_corpus())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, 0.3)
        tree = app.screen.query_one(PlanTree)
        provinces = [str(n.label) for n in tree.root.children]
        assert provinces == ["江苏省", "安徽省", "山东省", "（省份不详）"]
        anhui = [str(n.label) for n in tree.root.children[1].children]
        assert anhui == ["合肥市", "芜湖市", "安庆市"]
        own, xuzhou = tree.root.children[0].children
        assert str(own.label).startswith("江苏省"), str(own.label)
        assert str(xuzhou.label) == "徐州市"
        labels = [str(n.label) for n in xuzhou.children]
        assert [lab.split()[0] for lab in labels] == ["徐州市", "鼓楼区", "铜山区"], labels


def test_a_corpus_wide_view_shows_the_region_of_the_plan_at_hand():
    """Targets (a column a plan) shows every plan of a small corpus; of a large one,
    the plans of the current plan's city (its province when the city has one plan),
    in division-code order, at most ``most``."""
    from fyp_tui.ui.names import region_plans

    corpus = _corpus()
    assert region_plans(corpus, "gulou", len(PLACES)) == (None, "")
    ids, scope = region_plans(corpus, "gulou", 3)
    assert ids == ["xuzhou", "gulou", "tongshan"] and "徐州市" in scope
    ids, scope = region_plans(corpus, "hefei", 3)  # 合肥 has one plan: its province
    assert ids == ["hefei", "wuhu", "anqing"] and "安徽省" in scope
    ids, scope = region_plans(corpus, "tongshan", 2)  # the plan at hand is always shown
    assert ids is not None and ids[0] == "tongshan" and len(ids) == 2 and "2 of the 3" in scope
    ids, scope = region_plans(corpus, "", 3)
    assert ids == ["jiangsu", "xuzhou", "gulou"] and "first 3 of 9" in scope


async def test_a_large_corpus_orders_a_city_when_it_is_opened(make_app, settle, monkeypatch):
    """Past ``LAZY_GROUPS`` plans a city's plans are added when it is opened (the first
    frame does not order 10,000 plans): in the same order as a small corpus's."""
    import fyp_tui.ui.widgets.plan_tree as pt

    monkeypatch.setattr(pt, "LAZY_GROUPS", 0)
    app = make_app(_corpus())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, 0.3)
        tree = app.screen.query_one(PlanTree)
        xuzhou = tree.root.children[0].children[1]
        assert str(xuzhou.label) == "徐州市" and not xuzhou.children  # not yet opened
        xuzhou.expand()
        await settle(pilot, 0.3)
        assert [str(n.label).split()[0] for n in xuzhou.children] == ["徐州市", "鼓楼区", "铜山区"]
