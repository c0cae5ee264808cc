"""Canonical indicators: one key for the many ways plans name the same measure.

地区生产总值增长率, GDP增速, 经济增长 and 地区生产总值年均增长 are all ``gdp_growth``.
Each entry is (key, display name, patterns); a name is normalised (units in brackets,
全省/全市/我区…, 年均 and spaces dropped) and the first entry whose pattern matches wins, so
specific entries (人均GDP) stand before general ones (GDP).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..textnorm import nfkc_width


@dataclass(frozen=True)
class Canon:
    key: str
    name: str
    patterns: tuple[str, ...]

    def matches(self, norm: str) -> bool:
        return any(re.search(p, norm) for p in self.patterns)


_GDP = r"(?:GDP|地区生产总值|国内生产总值|生产总值)"  # a national plan says 国内生产总值
_TABLE = [
    # a growth rate of it (人均国内生产总值年均增长6.5%) is not a level beside 16万元
    ("gdp_per_capita_growth", "人均地区生产总值增长", [rf"人均{_GDP}.*(?:增长|增速)"]),
    ("gdp_per_capita", "人均地区生产总值", [rf"人均{_GDP}"]),
    # urban and rural residents are other populations than all residents: their own columns
    ("urban_income_growth", "城镇居民人均可支配收入增长", [r"^城镇居民人均可支配收入.*(?:增长|增速)"]),
    ("rural_income_growth", "农村居民人均收入增长", [r"^(?:农村居民|农民)人均(?:可支配|纯)收入.*(?:增长|增速)"]),
    ("income_growth", "居民人均可支配收入增长", [r"人均可支配收入.*(?:增长|增速)", r"居民收入增长"]),
    ("urban_income", "城镇居民人均可支配收入", [r"^城镇居民人均可支配收入$"]),
    ("rural_income", "农村居民人均收入", [r"^(?:农村居民|农民)人均(?:可支配|纯)收入$"]),
    ("income", "居民人均可支配收入", [r"^(?:城乡)?居民人均可支配收入$"]),
    ("energy_intensity", "单位GDP能耗降低", [rf"单位{_GDP}.*(?:能耗|能源消耗)"]),
    ("carbon_intensity", "单位GDP二氧化碳排放降低", [rf"单位{_GDP}.*(?:二氧化碳|碳排放)"]),
    ("land_per_gdp", "单位GDP建设用地面积", [rf"单位{_GDP}.*建设用地"]),
    ("gdp_growth", "地区生产总值增长率", [rf"^(?:{_GDP}|经济)(?:增长率?|增速)$", r"^经济增长$"]),
    ("gdp", "地区生产总值", [rf"^{_GDP}(?:总量)?$", r"^经济总量$"]),
    ("services_share", "服务业增加值占GDP比重", [r"^服务业(?:增加值)?占.*(?:比重|比例)", r"^服务业增加值占比"]),
    ("digital_share", "数字经济占GDP比重", [r"数字经济.*占.*(?:比重|比例)", r"数字经济.*占比"]),
    ("culture_share", "文化产业增加值占GDP比重", [r"文化产业增加值占"]),
    ("rd_intensity", "研发经费投入强度",
     [r"(?:研发|R&D|研究与试验发展|研究与开发|研究开发)(?:经费)?(?:投入|支出)?(?:强度|占.*比重)"]),
    ("patents", "每万人发明专利拥有量", [r"万人.*发明专利", r"发明专利拥有量"]),
    ("high_tech_new", "高新技术企业净增", [r"(?:净增|新增).*高新技术企业", r"高新技术企业.*(?:净增|新增)"]),
    ("high_tech", "高新技术企业数", [r"^高新技术企业(?:数|总量|数量|总数)?$"]),
    ("above_scale_new", "“四上”企业净增", [r"四上.*企业.*(?:净增|新增)", r"(?:净增|新增).*四上.*企业"]),
    ("trade", "进出口总额", [r"^(?:外贸)?进出口总额$"]),
    ("outsourcing", "服务外包执行额", [r"服务外包执行(?:总)?额"]),
    ("retail", "社会消费品零售总额", [r"社会消费品零售总额$"]),
    ("fai_growth", "固定资产投资增长", [r"固定资产投资.*增长"]),
    ("fai", "固定资产投资额", [r"^固定资产投资(?:额|总额)?$"]),
    ("budget_revenue", "一般公共预算收入", [r"一般公共预算收入$"]),
    ("productivity_growth", "全员劳动生产率增长", [r"全员劳动生产率"]),
    ("new_jobs", "城镇新增就业", [r"新增(?:城镇)?就业", r"城镇.*新增就业"]),
    ("unemployment", "城镇登记失业率", [r"城镇登记失业率"]),
    ("unemployment_surveyed", "城镇调查失业率", [r"城镇调查失业率"]),
    ("life_expectancy", "人均预期寿命", [r"(?:人均|平均)预期寿命"]),
    ("doctors", "每千人口执业（助理）医师数", [r"千(?:人|人口|名).*执业.*医师"]),
    ("pension", "基本养老保险参保缴费率", [r"养老保险参保"]),
    ("social_insurance", "城镇基本社会保险覆盖率", [r"社会保险覆盖率"]),
    ("childcare", "每千人口托位数", [r"千人.*(?:托育|托位)"]),
    ("nursing_beds", "护理型床位占比", [r"护理型床位"]),
    ("elderly_beds", "每千名老人养老床位数", [r"千名老人.*床位"]),
    ("home_care", "接受上门服务的居家老年人占比", [r"上门服务.*居家老年人"]),
    ("water_quality", "地表水达到或好于Ⅲ类比例", [r"(?:地表水|断面).*(?:Ⅲ|III|三)类"]),
    ("good_air_days", "空气质量优良天数比率", [r"空气质量.*(?:优良|二级).*(?:天数|比[率例])", r"空气质量优良率"]),
    ("pm25", "PM2.5平均浓度", [r"PM ?2\.5", r"细颗粒物"]),
    # two measures: 森林覆盖率 (forest land, the national and most provinces' indicator) and
    # 林木覆盖率 (every tree, forest or not: Jiangsu's), never one column
    ("forest_cover", "森林覆盖率", [r"森林覆盖率"]),
    ("tree_cover", "林木覆盖率", [r"林木覆盖率"]),
    ("green_cover", "建成区绿化覆盖率", [r"绿化覆盖率"]),
    ("schooling", "劳动年龄人口平均受教育年限", [r"劳动年龄人口.*受教育年限"]),
    ("schooling_new", "新增劳动力平均受教育年限", [r"新增劳动(?:力|人口).*受教育年限"]),
    ("rule_of_law", "法治建设满意度", [r"法治建设满意度"]),
    ("public_safety", "公众安全感", [r"公众安全感"]),
    ("civility_index", "社会文明程度测评指数", [r"社会文明程度.*指数"]),
    ("culture_visits", "人均接受公共文化场馆服务次数", [r"公共文化场馆服务次数"]),
    ("safety_accidents", "生产安全事故起数和死亡人数下降", [r"生产安全事故"]),
    ("urbanization", "常住人口城镇化率", [r"城镇化率", r"^城镇化水平$"]),
    ("tourism_revenue", "旅游总收入", [r"旅游(?:业)?总收入$"]),
    ("visitors", "接待游客人次", [r"游客接待量", r"接待游客"]),
    ("water_use", "年用水总量", [r"^(?:年)?用水(?:总)?量$"]),
    ("sports_area", "人均体育场地面积", [r"人均.*体育.*面积"]),
    ("education_modern", "教育现代化水平", [r"教育现代化水平"]),
]
CANON: list[Canon] = [Canon(k, n, tuple(p)) for k, n, p in _TABLE]
BY_KEY: dict[str, Canon] = {c.key: c for c in CANON}

_UNIT_BRACKET = re.compile(r"[（(][^（）()]{0,12}[）)]$")
# the plan's own region opening a name (全省国内生产总值, 我市…): what it speaks of, not part of the name
OWN_REGION = r"全[省市区县州盟旗]|我[省市区县州]"
_LEAD = re.compile(rf"^(?:到20\d\d年|全国|我国|{OWN_REGION}|全社会|力争|争取|确保|其中)+")


def normalize_name(name: str) -> str:
    """What canonical matching sees: 地区生产总值增长率（%） → 地区生产总值增长率."""
    s = nfkc_width(name).replace(" ", "").replace("“", "").replace("”", "")
    s = _UNIT_BRACKET.sub("", s)
    s = _LEAD.sub("", s)
    return s.replace("年均", "").replace("平均增长", "增长")


def canonical(name: str) -> Canon | None:
    norm = normalize_name(name)
    for c in CANON:
        if c.matches(norm):
            return c
    return None


def find_canon(query: str) -> Canon | None:
    """A canonical indicator by key, display name or any name it groups."""
    q = query.strip()
    if q in BY_KEY:
        return BY_KEY[q]
    for c in CANON:
        if normalize_name(c.name) == normalize_name(q):
            return c
    return canonical(q)


def display_name(key: str) -> str:
    return BY_KEY[key].name if key in BY_KEY else key
