"""Targets of the two real plans in ../shared/realworld/, as the documents state them.

Expected values were read off the documents by a person (``cn12-pdftext.txt``: the
national 十二五 纲要, full-width digits, ``％`` and ``．``; ``yunnan10-newspaper.txt``:
the Yunnan 十五 计划, every number spelled digit by digit, ``到2 0 0 5年``,
``6 .5 %``). A target is looked up by the words its indicator starts with, and its
value and year are compared as printed in the document, read by a person.
"""

from __future__ import annotations


import pytest

from fyp_tui.ingest import parse_bytes
from fyp_tui.targets import plan_targets

from tests.conftest import REALWORLD
pytestmark = pytest.mark.skipif(REALWORLD is None, reason="../shared/realworld is not beside this checkout")


def targets_of(name: str):
    plan = parse_bytes((REALWORLD / name).read_bytes(), name.split(".")[0])
    return plan, plan_targets(plan)


def find(targets, starts: str):
    got = [t for t in targets if t.indicator.startswith(starts)]
    assert got, f"no target named {starts}…: {[t.indicator for t in targets]}"
    return got[0]


# (indicator starts with, the value as the document prints it (digits folded), its year)
CN12 = [
    ("国内生产总值年均增长", "7", "2015"),                   # 国内生产总值年均增长７％
    ("城镇登记失业率", "5", "2015"),                         # 城镇登记失业率控制在５％以内
    ("研究与试验发展经费支出占国内生产总值比重", "2.2", "2015"),  # 达到２．２％
    ("每万人口发明专利拥有量", "3.3", "2015"),               # 提高到３．３件
    ("耕地保有量", "18.18", "2015"),                          # 保持在１８．１８亿亩
]
YUNNAN = [
    ("国内生产总值年均增长", "8", "2005"),                   # 全省国内生产总值年均增长8 %左右
    ("人均国内生产总值年均增长", "6.5", "2005"),             # 年均增长6 .5 %左右
    ("人口自然增长率", "10", "2005"),                        # 控制在1 0 ‰以下
    ("森林覆盖率", "48", "2005"),                            # 提高到4 8 %
    ("人均预期寿命", "70", "2005"),                          # 达到7 0岁左右
]


@pytest.mark.parametrize("name, rows", [("cn12-pdftext.txt", CN12), ("yunnan10-newspaper.txt", YUNNAN)])
def test_targets_have_the_documents_values_and_years(name, rows):
    _, targets = targets_of(name)
    for starts, value, year in rows:
        t = find(targets, starts)
        assert t.target is not None and t.target.number == float(value), (starts, t.target)
        assert t.target_year == year, starts


def test_numbers_spelled_digit_by_digit_are_joined_in_the_text():
    plan, _ = targets_of("yunnan10-newspaper.txt")
    text = "".join(b.text for s in plan.walk() for b in s.blocks if hasattr(b, "text"))
    assert "人均国内生产总值年均增长6.5%左右" in text
    assert "三次产业增加值比例调整为19∶43∶38" in text
    assert "到2005年" in text and "2 0 0" not in text


def test_full_width_percent_and_decimal_point_are_folded():
    plan, _ = targets_of("cn12-pdftext.txt")
    text = "".join(b.text for s in plan.walk() for b in s.blocks if hasattr(b, "text"))
    assert "研究与试验发展经费支出占国内生产总值比重达到2.2%" in text
    assert "％" not in text and "．" not in text


def test_a_change_of_a_level_is_not_taken_for_the_level():
    """cn12: 人均预期寿命提高1岁 and 城镇化率提高4个百分点 are increases, not a life
    expectancy of 1 year or an urbanisation rate of 4: they keep their own names and
    stay out of the canonical indicators (the grid compares levels); 城镇登记失业率控制在
    ５％以内 is a level and keeps its indicator."""
    from fyp_tui.targets import find_canon

    _, targets = targets_of("cn12-pdftext.txt")
    life = find(targets, "人均预期寿命")
    assert life.target.number == 1 and life.canonical == ""
    # …提高１岁，达到７４．５岁: the clause after the change gives the level, 74.5 years
    level = [t for t in targets if t.canonical == find_canon("人均预期寿命").key]
    assert [(t.indicator, t.target.number, t.target.unit) for t in level] == [("人均预期寿命", 74.5, "岁")]
    assert find(targets, "城镇化率").canonical == ""
    assert find(targets, "城镇登记失业率").canonical == find_canon("城镇登记失业率").key


def test_national_wording_and_the_two_cover_rates_are_told_apart():
    """The national plan names its indicators with 国内生产总值 (cn12: 国内生产总值年均增长７％,
    单位国内生产总值能源消耗降低１６％, 服务业增加值占国内生产总值比重提高４个百分点): the same
    measures as a district's 地区生产总值 ones, so they share a grid column. 森林覆盖率
    (云南: 提高到4 8 %) and 林木覆盖率 (徐州鼓楼's table) are two measures, two columns."""
    from fyp_tui.targets import find_canon

    _, cn12 = targets_of("cn12-pdftext.txt")
    assert find(cn12, "国内生产总值年均增长").canonical == find_canon("地区生产总值增长率").key
    assert find(cn12, "单位国内生产总值能源消耗降低").canonical == find_canon("单位GDP能耗降低").key
    _, yunnan = targets_of("yunnan10-newspaper.txt")
    assert find(yunnan, "森林覆盖率").canonical == "forest_cover"
    assert find_canon("林木覆盖率").key == "tree_cover"


def test_yunnan_names_read_whole_and_grouped_with_their_measures():
    """云南 十五, as printed: 全省国内生产总值年均增长8 %左右 (the province's GDP growth: 全省
    says whose, as 全区 does in a district plan), 人均国内生产总值年均增长6 .5 %左右 (a
    growth rate of per-capita GDP, not its level in yuan), 城镇化水平达到2 6 %左右 (the
    urbanisation rate), 全社会研究与开发经费占国内生产总值的比重达到1 %以上 (R&D intensity),
    and 小学、初中毕业生升学率分别达到9 7 %和4 0 %左右: two rates, 小学's as well as 初中's."""
    _, yunnan = targets_of("yunnan10-newspaper.txt")
    assert find(yunnan, "国内生产总值年均增长").canonical == "gdp_growth"
    assert find(yunnan, "人均国内生产总值年均增长").canonical == "gdp_per_capita_growth"
    assert find(yunnan, "城镇化水平").canonical == "urbanization"
    assert find(yunnan, "全社会研究与开发经费").canonical == "rd_intensity"
    names = {t.indicator: t.target.number for t in yunnan if t.indicator.endswith("毕业生升学率")}
    assert names == {"小学毕业生升学率": 97, "初中毕业生升学率": 40}
    # 各级财政投入的计划生育事业经费人均达到1 0元: per head, 人均 kept whole in the name
    assert find(yunnan, "各级财政投入的计划生育事业经费").indicator.endswith("经费人均")
    # …人均达到1 0元 , 其中省级达2元: the province's part of that spending, not an indicator 省级
    part = [(t.indicator, t.target.number) for t in yunnan if "省级" in t.indicator]
    assert part == [("各级财政投入的计划生育事业经费人均（其中省级）", 2)]


def test_urban_and_rural_incomes_are_not_all_residents_income():
    """cn12: 城镇居民人均可支配收入和农村居民人均纯收入分别年均增长７％以上; 云南: 城镇居民人均可支配
    收入年均增长5 %以上, 农民人均纯收入年均增长4 %以上. Urban and rural residents are two
    populations, neither is every resident (居民人均可支配收入增长, the 十四五 plans'
    indicator): each growth has its own column, the same in both plans."""
    _, cn12 = targets_of("cn12-pdftext.txt")
    _, yunnan = targets_of("yunnan10-newspaper.txt")
    urban = {find(ts, "城镇居民人均可支配收入").canonical for ts in (cn12, yunnan)}
    rural = {find(cn12, "农村居民人均纯收入").canonical, find(yunnan, "农民人均纯收入").canonical}
    assert len(urban) == len(rural) == 1 and urban != rural
    assert not {"income_growth", ""} & (urban | rural)
