"""Reuse of a section across plans, and what two plans share: JSON shape, offsets, shares,
boilerplate, order by date. Expected figures are counted here with a simple reader
(NFKC, keep letters and digits), never with the product's normaliser."""

from __future__ import annotations

import unicodedata

import pytest
from alignkit import sec

from fyp_tui.model import Plan, PlanMeta
from fyp_tui.reuse import ReuseIndex, plans_reuse, section_reuse

REUSED = "坚持把发展经济着力点放在实体经济上推进新型工业化"  # 24 characters
BOILER = "高举中国特色社会主义伟大旗帜全面贯彻党的十九大精神"  # in every plan
OWN = ["推进学前教育普惠发展提高普惠性幼儿园覆盖率", "完善医疗卫生服务体系推进紧密型医联体建设",
       "大力发展都市农业和休闲农业落实粮食安全责任制", "落细落实惠台利民政策措施推动台胞台企同等待遇"]


def count(s: str) -> int:
    """Compared characters, by a separate simple reader."""
    return sum(1 for c in unicodedata.normalize("NFKC", s) if c.isalnum())


def plan(pid: str, text: str, issued: str = "", adopted: str = "") -> Plan:
    meta = PlanMeta(title=f"{pid}规划", city=f"{pid}市", issued=issued, adopted=adopted)
    chapter = sec("ch01", "章", "第一章", "总体要求", children=[sec("ch01.s01", "节", "第一节", "指导思想", text)])
    return Plan(id=pid, meta=meta, sections=[chapter], source_sha256=pid)


@pytest.fixture(scope="module")
def index():
    query = f"第一句，{OWN[0]}。\n{REUSED[:10]}\n{REUSED[10:]}。{BOILER}。"  # the passage spans a line break
    plans = [
        plan("q", query, issued="2021-03-01"),
        # B and C copy the passage with PDF spaces and other punctuation; D does not
        plan("b", f"{BOILER}；{OWN[1]}。{REUSED[:5]} {REUSED[5:12]}, {REUSED[12:]}", issued="2021-01-20"),
        plan("c", f"{BOILER}！{OWN[2]}。{REUSED}", adopted="2020-12-30"),
        plan("d", f"{OWN[3]}。{BOILER}"),
        plan("e", f"{REUSED}。{OWN[3][::-1]}"),  # undated
    ]
    # four more plans that say the boilerplate: 8 of 9 plans say it, 4 of 9 the passage
    plans += [plan(f"f{k}", f"{OWN[k][::-1]}。{BOILER}") for k in range(4)]
    return ReuseIndex.build(plans)


def test_section_reuse_json_shape_offsets_and_share(index):
    doc = section_reuse(index, "q", "ch01.s01")
    assert set(doc) == {"query", "matches"}
    assert doc["query"] == {"plan": "q", "section": {"id": "ch01.s01", "label": "第一节", "title": "指导思想"}}
    qtext = index.plans["q"].find("ch01.s01").full_text()
    for m in doc["matches"]:
        assert set(m) == {"plan", "date", "section", "chars", "share", "spans"}
        assert set(m["section"]) == {"id", "label", "title"}
        btext = index.plans[m["plan"]].find(m["section"]["id"]).full_text()
        for s in m["spans"]:
            assert set(s) == {"a", "b", "text", "boilerplate"}
            a0, a1 = s["a"]
            b0, b1 = s["b"]
            assert qtext[a0:a1] == s["text"]
            assert count(qtext[a0:a1]) == count(btext[b0:b1]) >= 8
    # the passage is found across the line break, the spaces and the other punctuation;
    # D shares only the boilerplate: it is not a match
    assert [m["plan"] for m in doc["matches"]] == ["c", "b", "e"]  # adopted 2020-12 < issued 2021-01 < undated
    assert [m["date"] for m in doc["matches"]] == ["2020-12-30", "2021-01-20", None]
    total = count(qtext)
    for m in doc["matches"]:
        assert m["chars"] == len(REUSED)  # line break, comma and space never counted
        assert m["share"] == round(len(REUSED) / total, 4)
        assert 0.0 < m["share"] < 1.0


def test_boilerplate_is_marked_and_never_counted(index):
    doc = section_reuse(index, "q", "ch01.s01")
    b = next(m for m in doc["matches"] if m["plan"] == "b")
    flags = {s["text"]: s["boilerplate"] for s in b["spans"]}
    assert index.boilerplate_min == 5
    assert flags[BOILER] is True  # in 8 of 9 plans: at least half
    assert not any(v for k, v in flags.items() if REUSED[:10] in k or REUSED[12:] in k)


def test_two_plans_share(index):
    doc = plans_reuse(index, "q", "c")
    assert set(doc) == {"a", "b", "share_a", "share_b", "passages"}
    assert (doc["a"], doc["b"]) == ("q", "c")
    qtext = index.plans["q"].find("ch01.s01").full_text()
    ctext = index.plans["c"].find("ch01.s01").full_text()
    for p in doc["passages"]:
        assert set(p) == {"a", "b", "text", "chars", "boilerplate"}
        assert set(p["a"]) == {"section", "span"} and p["a"]["section"] == "ch01.s01"
        a0, a1 = p["a"]["span"]
        b0, b1 = p["b"]["span"]
        assert qtext[a0:a1] == p["text"] and count(p["text"]) == count(ctext[b0:b1])
        assert p["chars"] == (0 if p["boilerplate"] else count(p["text"]))
    assert doc["share_a"] == round(len(REUSED) / count(qtext), 4)
    assert doc["share_b"] == round(len(REUSED) / count(ctext), 4)
    assert plans_reuse(index, "q", "d")["share_a"] == 0.0  # boilerplate only


def test_seed_city_proposal_in_district_plan(corpus):
    # issue 14: about 8–9 % of the 徐州市委建议's text reappears verbatim in 徐州鼓楼区's 纲要
    index = ReuseIndex.build(corpus.plans.values())
    doc = plans_reuse(index, "xuzhou", "xuzhou-gulou")
    assert 0.07 <= doc["share_a"] <= 0.10
    assert doc["share_b"] < doc["share_a"]  # the district plan is twice as long
    longest = max(doc["passages"], key=lambda p: p["chars"])
    assert longest["chars"] >= 25 and not longest["boilerplate"]
