"""Targets stated in prose, against values read off corpus/raw/*.txt; past results and
dates in passing are not targets."""

from __future__ import annotations

import pytest

from fyp_tui.targets import prose_targets
from fyp_tui.textnorm import nonspace
from tests.conftest import REPO

# (plan, text as written in the raw file, indicator, qualifier, number, unit, canonical)
EXPECTED = [
    ("zhenjiang-jingkou", "人均GDP达到16万元", "人均GDP", "=", 16, "万元", "gdp_per_capita"),
    ("zhenjiang-jingkou", "服务业增加值占地区生产总值比重接近75%", "服务业增加值占地区生产总值比重", "≈", 75, "%",
     "services_share"),
    ("zhenjiang-jingkou", "固定资产投资年均增长8%", "固定资产投资年均增长", "=", 8, "%", "fai_growth"),
    ("zhenjiang-jingkou", "五年累计新增城镇就业2.8万人", "五年累计新增城镇就业", "=", 2.8, "万人", "new_jobs"),
    ("zhenjiang-jingkou", "城乡基本养老保险参保缴费率90%", "城乡基本养老保险参保缴费率", "=", 90, "%", "pension"),
    ("zhenjiang-jingkou", "文化产业增加值占地区生产总值比重超过6%", "文化产业增加值占地区生产总值比重", ">", 6, "%",
     "culture_share"),
    ("zhenjiang-jingkou", "年用水量控制在13.4亿立方米以内", "年用水量", "≤", 13.4, "亿立方米", "water_use"),
    ("zhenjiang-jingkou", "空气质量达二级标准天数比例提高到80%", "空气质量达二级标准天数比例", "=", 80, "%", "good_air_days"),
    ("zhenjiang-jingkou", "城市餐厨废弃物处理率达到95%以上", "城市餐厨废弃物处理率", "≥", 95, "%", ""),
    ("fuzhou-gulou", "高新技术企业总量突破1000家", "高新技术企业总量", ">", 1000, "家", "high_tech"),
    ("fuzhou-gulou", "旅游总收入达700亿元以上", "旅游总收入", "≥", 700, "亿元", "tourism_revenue"),
    ("fuzhou-gulou", "数字经济规模占GDP比重达70%", "数字经济规模占GDP比重", "=", 70, "%", "digital_share"),
    ("fuzhou-gulou", "装配式建筑占新建建筑50%左右", "装配式建筑占新建建筑", "≈", 50, "%", ""),
    ("fuzhou-gulou", "人均预期寿命达80岁", "人均预期寿命", "=", 80, "岁", "life_expectancy"),
    ("fuzhou-gulou", "云服务产业市场规模达400亿元", "云服务产业市场规模", "=", 400, "亿元", ""),
    ("fuzhou-gulou", "学前教育入园率保持99%以上", "学前教育入园率", "≥", 99, "%", ""),
    ("fuzhou-gulou", "培育15家光电芯片产业领域高新技术企业", "培育光电芯片产业领域高新技术企业", "=", 15, "家", ""),
]


@pytest.fixture(scope="module")
def found(corpus):
    return {pid: prose_targets(corpus.get(pid)) for pid in ("zhenjiang-jingkou", "fuzhou-gulou", "xuzhou-gulou")}


def raw(plan_id: str) -> str:
    return nonspace((REPO / "corpus" / "raw" / f"{plan_id}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("plan,written,indicator,qual,number,unit,canon", EXPECTED)
def test_prose_target(found, plan, written, indicator, qual, number, unit, canon):
    assert written in raw(plan)  # the expectation is the document's own text
    hits = [t for t in found[plan] if t.source.matched.endswith(written) or written.endswith(t.source.matched)]
    hits = [t for t in hits if t.indicator == indicator]
    assert hits, f"{written} not read as a target"
    t = hits[0]
    assert (t.target.qualifier, t.target.number, t.target.unit) == (qual, number, unit)
    assert t.canonical == canon and t.target_year == "2025" and t.period == "十四五"
    assert t.source.plan == plan and t.source.sentence in t.source.text
    assert t.source.text[t.source.span[0]:t.source.span[1]] == t.source.matched


def test_shared_and_inherited_values(found):
    fz = {t.indicator: t for t in found["fuzhou-gulou"]}
    assert fz["“四定”分类覆盖率"].target.number == fz["居民参与率"].target.number == 100  # 均达到100%
    xg = {t.indicator: t for t in found["xuzhou-gulou"]}
    gdp = xg["地区生产总值年均增长"]  # 地区生产总值突破500亿元、年均增长6.5%以上
    assert (gdp.canonical, gdp.target.qualifier, gdp.target.number, gdp.target.annual) == ("gdp_growth", "≥", 6.5, True)
    assert xg["地区生产总值"].target.value == 500e8


def test_relative_and_task_targets(found):
    jk = {t.indicator: t for t in found["zhenjiang-jingkou"]}
    inc = jk["居民人均可支配收入"]  # 与经济增长同步
    assert (inc.target.qualifier, inc.target.relative_to, inc.canonical) == ("relative", "经济增长", "income_growth")
    xg = {t.indicator: t for t in found["xuzhou-gulou"]}
    assert xg["省考断面三类水质"].target.qualifier == "task"
    assert xg["城镇登记失业率"].target.qualifier == "≤"


def test_respectively_pairs_names_and_values(found):
    """京口: 万元国内生产总值、万元工业增加值用水量较2015年分别下降28%、24% (raw text): two names
    (water use per 10,000 yuan of GDP and of industrial value added: 用水量 is both's),
    two values, paired in order, each quoting the whole statement and keeping its base year."""
    jk = {t.indicator: t for t in found["zhenjiang-jingkou"]}
    gdp, ind = jk["万元国内生产总值用水量下降"], jk["万元工业增加值用水量下降"]
    assert (gdp.target.number, ind.target.number) == (28, 24)
    assert gdp.baseline_year == ind.baseline_year == "2015"
    assert gdp.source.matched.endswith("28%、24%") and ind.source.matched.endswith("28%、24%")


@pytest.mark.parametrize("clause,want", [
    # 云南 十五: the values listed with 和; 小学 is a modifier of the words 初中 has after it
    ("小学、初中毕业生升学率分别达到97%和40%左右", [("小学毕业生升学率", "=", 97), ("初中毕业生升学率", "≈", 40)]),
    # 十二五: one value for every name; 氨氮 (no name word) is 氨氮排放, as 氮氧化物排放 is
    ("氨氮、氮氧化物排放分别减少10%", [("氨氮排放减少", "=", 10), ("氮氧化物排放减少", "=", 10)]),
    # a complete name keeps its own words (化学需氧量 ends in 量), as does a name as long as the last
    ("化学需氧量、二氧化硫排放分别减少8%", [("化学需氧量减少", "=", 8), ("二氧化硫排放减少", "=", 8)]),
    ("氨氮、总磷分别下降5%", [("氨氮下降", "=", 5), ("总磷下降", "=", 5)]),
    # the last name's modifier is cut at its word edge nearest the first name's length
    ("城镇、农村居民人均可支配收入分别增长8%和9%",
     [("城镇居民人均可支配收入增长", "=", 8), ("农村居民人均可支配收入增长", "=", 9)]),
    ("水、大气环境质量分别达到90%和95%", [("水环境质量", "=", 90), ("大气环境质量", "=", 95)]),
    # 十二五: two names joined by 和, a yearly rate
    ("城镇居民人均可支配收入和农村居民人均纯收入分别年均增长7%以上",
     [("城镇居民人均可支配收入年均增长", "≥", 7), ("农村居民人均纯收入年均增长", "≥", 7)]),
    # one name, several values: they stay its text
    ("人口自然增长率分别控制在10‰、9‰", [("人口自然增长率", "text", None)]),
])
def test_respectively_in_prose(clause, want):
    from fyp_tui.targets.prose import _clause

    got = [(t.indicator, t.target.qualifier, t.target.number) for t in _clause(clause, 0)]
    assert got == want


def test_2035_vision_target(found):
    t = next(t for t in found["xuzhou-gulou"] if t.canonical == "gdp" and t.target_year == "2035")
    assert t.target.qualifier == "relative" and t.target.number == 2 and t.baseline_year == "2020"


@pytest.mark.parametrize("plan,passing", [
    ("zhenjiang-jingkou", "PM 2.5平均浓度为38微克"),  # 截至2020年末 …: a past result
    ("zhenjiang-jingkou", "2020年的225人"),  # 从2015年的200人提升至2020年的225人
    ("zhenjiang-jingkou", "省级创业孵化载体5个"),  # 截至2020年底 …
    ("fuzhou-gulou", "五年"),  # 第十四个五年规划: a span of years in a title
])
def test_past_results_and_dates_are_not_targets(found, plan, passing):
    assert not [t for t in found[plan] if passing.replace(" ", "") in t.source.matched.replace(" ", "")]


def test_date_in_passing_is_not_a_value(corpus):
    ts = prose_targets(corpus.get("lianyungang-haizhou"))  # 完成全区所有2000年之前建成的老旧小区改造工作
    assert not [t for t in ts if "2000" in t.source.matched]
    assert not [t for t in ts if t.target and t.target.unit == "年" and (t.target.number or 0) > 1900]


@pytest.mark.parametrize("clause,want", [
    # 云南 十五 (as printed, digits joined): 人均 is per head, not 均 (each of several names)
    ("各级财政投入的计划生育事业经费人均达到10元", [("各级财政投入的计划生育事业经费人均", "=", 10)]),
    ("空气质量优良天数比率平均达到80%", [("空气质量优良天数比率平均", "=", 80)]),
    # 均 after names that share the value still shares it
    ("义务教育巩固率、高中阶段毛入学率均达到98%以上", [("义务教育巩固率", "≥", 98), ("高中阶段毛入学率", "≥", 98)]),
])
def test_per_head_is_part_of_the_name(clause, want):
    from fyp_tui.targets.prose import _clause

    got = [(t.indicator, t.target.qualifier, t.target.number) for t in _clause(clause, 0)]
    assert got == want
