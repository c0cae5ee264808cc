"""Metadata inferred from hand-written title blocks of every level and kind (no sidecar).

Expected regions come from China's administrative divisions as a person knows them
(昆山市 is a 县级市 of 苏州市; 浦东新区 is a district of 上海市 …), not from the code.
"""

from __future__ import annotations

import pytest

from fyp_tui.ingest import parse_bytes
from tests.ingest.test_meta_documents import check, check_sources

BODY = "第一章 发展基础\n“十三五”时期，经济社会发展取得显著成就，综合实力明显增强。\n第二章 主要目标\n到2025年，发展质量明显提升。\n"
VISION = "和二〇三五年远景目标纲要"

CASES = {
    # national
    "national 十一五": ("国民经济和社会发展第十一个五年规划纲要\n",
                        {"level": "national", "kind": "outline", "period": "十一五"}),
    "national 一五": ("第一个五年计划\n", {"level": "national", "kind": "outline", "period": "一五"}),
    "national 一五 full": (("中华人民共和国发展国民经济的第一个五年计划（1953—1957）\n"
                           "（1955年7月30日第一届全国人民代表大会第二次会议通过）\n"),
                           {"level": "national", "kind": "outline", "period": "一五", "adopted": "1955-07-30"}),
    "national 十五五 is not 十五": ("中华人民共和国国民经济和社会发展第十五个五年规划纲要\n",
                                  {"level": "national", "kind": "outline", "period": "十五五"}),
    "national proposal": (("中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n"
                          "（2020年10月29日中国共产党第十九届中央委员会第五次全体会议通过）\n"),
                          {"level": "national", "kind": "proposal", "period": "十四五", "vision_year": "2035",
                               "issuer": "中共中央", "adopted": "2020-10-29"}),
    # provinces, 自治区, 直辖市
    "province": (f"江苏省国民经济和社会发展第十四个五年规划{VISION}\n",
                 {"province": "江苏省", "level": "province", "kind": "outline", "period": "十四五", "vision_year": "2035"}),
    "province 十五 计划 quoted": ('上海市国民经济和社会发展"十五"计划纲要\n',
                                  {"province": "上海市", "level": "province", "kind": "outline", "period": "十五"}),
    "自治区": ("内蒙古自治区国民经济和社会发展第十四个五年规划和2035年远景目标纲要\n",
               {"province": "内蒙古自治区", "level": "province", "kind": "outline", "period": "十四五", "vision_year": "2035"}),
    "自治区 full name": ("广西壮族自治区国民经济和社会发展第十三个五年规划纲要\n",
                         {"province": "广西壮族自治区", "level": "province", "kind": "outline", "period": "十三五"}),
    "直辖市": (f"北京市国民经济和社会发展第十四个五年规划{VISION}\n北京市人民政府\n",
               {"province": "北京市", "level": "province", "kind": "outline", "period": "十四五", "vision_year": "2035",
                    "issuer": "北京市人民政府"}),
    # city level: 地级市, 自治州, 地区, 盟
    "地级市": ("苏州市国民经济和社会发展第十四个五年规划纲要\n",
               {"province": "江苏省", "city": "苏州市", "level": "city", "kind": "outline", "period": "十四五"}),
    "自治州": ("恩施土家族苗族自治州国民经济和社会发展第十四个五年规划纲要\n",
               {"province": "湖北省", "city": "恩施土家族苗族自治州", "level": "city", "kind": "outline", "period": "十四五"}),
    "地区": ("喀什地区国民经济和社会发展第十四个五年规划纲要\n",
             {"province": "新疆维吾尔自治区", "city": "喀什地区", "level": "city", "kind": "outline", "period": "十四五"}),
    "盟": ("锡林郭勒盟国民经济和社会发展第十三个五年规划纲要\n",
           {"province": "内蒙古自治区", "city": "锡林郭勒盟", "level": "city", "kind": "outline", "period": "十三五"}),
    # county level: 县级市, 县, 自治县, 旗
    "县级市 昆山": (f"昆山市国民经济和社会发展第十四个五年规划{VISION}\n",
                    {"province": "江苏省", "city": "苏州市", "county": "昆山市", "level": "county", "kind": "outline",
                         "period": "十四五", "vision_year": "2035"}),
    "县级市 义乌": ("浙江省义乌市国民经济和社会发展第十四个五年规划纲要\n",
                    {"province": "浙江省", "city": "金华市", "county": "义乌市", "level": "county", "kind": "outline",
                         "period": "十四五"}),
    "县级市 newer than the data": ("会理市国民经济和社会发展第十四个五年规划纲要\n",  # 会理县 became a 市 in 2021
                                   {"province": "四川省", "city": "凉山彝族自治州", "county": "会理市", "level": "county",
                                        "kind": "outline", "period": "十四五"}),
    "县": ("沛县国民经济和社会发展第十四个五年规划纲要\n",
           {"province": "江苏省", "city": "徐州市", "county": "沛县", "level": "county", "kind": "outline", "period": "十四五"}),
    "自治县": ("长阳土家族自治县国民经济和社会发展第十四个五年规划纲要\n",
               {"province": "湖北省", "city": "宜昌市", "county": "长阳土家族自治县", "level": "county", "kind": "outline",
                    "period": "十四五"}),
    "旗": ("准格尔旗国民经济和社会发展第十四个五年规划纲要\n",
           {"province": "内蒙古自治区", "city": "鄂尔多斯市", "county": "准格尔旗", "level": "county", "kind": "outline",
                "period": "十四五"}),
    # district level: 市辖区, a 直辖市's 区, 新区
    "市辖区": ("南京市玄武区国民经济和社会发展第十四个五年规划纲要\n",
               {"province": "江苏省", "city": "南京市", "district": "玄武区", "level": "district", "kind": "outline",
                    "period": "十四五"}),
    "直辖市 新区": (f"上海市浦东新区国民经济和社会发展第十四个五年规划{VISION}\n",
                    {"province": "上海市", "district": "浦东新区", "level": "district", "kind": "outline", "period": "十四五",
                         "vision_year": "2035"}),
    "直辖市 区 (not 长春's 朝阳区)": ("北京市朝阳区国民经济和社会发展第十四个五年规划纲要\n",
                                     {"province": "北京市", "district": "朝阳区", "level": "district", "kind": "outline",
                                          "period": "十四五"}),
    "新区 not in the gazetteer": ("贵州省贵安新区国民经济和社会发展第十四个五年规划纲要\n",
                                  {"province": "贵州省", "district": "贵安新区", "level": "district", "kind": "outline",
                                       "period": "十四五"}),
    "shared district name alone": ("鼓楼区国民经济和社会发展第十四个五年规划纲要\n",
                                   {"district": "鼓楼区", "level": "district", "kind": "outline", "period": "十四五"}),
    "shared district name, city in the issuer line": ("鼓楼区国民经济和社会发展第十四个五年规划纲要\n福州市鼓楼区人民政府\n",
                                                      {"province": "福建省", "city": "福州市", "district": "鼓楼区",
                                                           "level": "district", "kind": "outline", "period": "十四五",
                                                           "issuer": "福州市鼓楼区人民政府"}),
    # proposals
    "city proposal": (("中共苏州市委关于制定苏州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n"
                      "（2020年12月4日中国共产党苏州市第十二届委员会第十次全体会议通过）\n"),
                      {"province": "江苏省", "city": "苏州市", "level": "city", "kind": "proposal", "period": "十四五",
                           "vision_year": "2035", "issuer": "中共苏州市委", "adopted": "2020-12-04"}),
    "county proposal": ("中共昆山市委关于制定昆山市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n",
                        {"province": "江苏省", "city": "苏州市", "county": "昆山市", "level": "county", "kind": "proposal",
                             "period": "十四五", "vision_year": "2035", "issuer": "中共昆山市委"}),
    # 专项规划
    "national special": ("国务院关于印发“十四五”数字经济发展规划的通知\n国发〔2021〕29号\n“十四五”数字经济发展规划\n",
                         {"level": "national", "kind": "special", "field": "数字经济发展", "period": "十四五", "issuer": "国务院"}),
    "province special": ("浙江省数字经济发展“十四五”规划\n",
                         {"province": "浙江省", "level": "province", "kind": "special", "field": "数字经济发展",
                              "period": "十四五"}),
    "十五五 special (not 十五)": ("江苏省“十五五”生态环境保护规划\n",
                                 {"province": "江苏省", "level": "province", "kind": "special", "field": "生态环境保护",
                                  "period": "十五五"}),
    "county special, region in the issuer line": ("“十四五”教育发展规划\n昆山市教育局\n",
                                                  {"province": "江苏省", "city": "苏州市", "county": "昆山市",
                                                   "level": "county", "kind": "special", "field": "教育发展",
                                                   "period": "十四五", "issuer": "昆山市教育局"}),
    "national special by a ministry": ("国家发展改革委\n“十四五”现代流通体系建设规划\n",
                                       {"level": "national", "kind": "special", "field": "现代流通体系建设",
                                        "period": "十四五", "issuer": "国家发展改革委"}),
    "city special": ("苏州市“十四五”综合交通运输体系规划\n",
                     {"province": "江苏省", "city": "苏州市", "level": "city", "kind": "special", "field": "综合交通运输体系",
                          "period": "十四五"}),
    # mid-term revisions
    "revision with its year in the approval line": (
        "广州市国民经济和社会发展第十三个五年规划纲要（修订版）\n（2018年2月8日市十五届人大三次会议批准调整）\n",
        {"province": "广东省", "city": "广州市", "level": "city", "kind": "outline", "period": "十三五", "revised": "2018",
             "adopted": "2018-02-08"}),
    "revision with its year in the title": ("江苏省国民经济和社会发展第十三个五年规划纲要（2019年调整）\n",
                                            {"province": "江苏省", "level": "province", "kind": "outline",
                                                 "period": "十三五", "revised": "2019"}),
    # title blocks as covers and pages lay them out
    "title over three lines": ("昆山市\n国民经济和社会发展第十四个五年规划\n和二〇三五年远景目标纲要\n2021年2月\n",
                               {"province": "江苏省", "city": "苏州市", "county": "昆山市", "level": "county",
                                "kind": "outline", "period": "十四五", "vision_year": "2035", "issued": "2021-02"}),
    # 〇 typed as a zero or read by OCR as a letter O (the year once came out as "None")
    "vision year with a zero for 〇": ("昆山市国民经济和社会发展第十四个五年规划和二0三五年远景目标纲要\n二0二一年三月\n",
                                      {"province": "江苏省", "city": "苏州市", "county": "昆山市", "level": "county",
                                       "kind": "outline", "period": "十四五", "vision_year": "2035", "issued": "2021-03"}),
    "vision year with a full-width zero": ("昆山市国民经济和社会发展第十四个五年规划和二０三五年远景目标纲要\n",
                                           {"province": "江苏省", "city": "苏州市", "county": "昆山市", "level": "county",
                                            "kind": "outline", "period": "十四五", "vision_year": "2035"}),
    "vision year with an O for 〇": ("昆山市国民经济和社会发展第十四个五年规划和二O三五年远景目标纲要\n",
                                     {"province": "江苏省", "city": "苏州市", "county": "昆山市", "level": "county",
                                      "kind": "outline", "period": "十四五", "vision_year": "2035"}),
    "proposal title over two lines": (("中共义乌市委关于制定义乌市国民经济和社会发展\n"
                                       "第十四个五年规划和二〇三五年远景目标的建议\n"),
                                      {"province": "浙江省", "city": "金华市", "county": "义乌市", "level": "county",
                                       "kind": "proposal", "period": "十四五", "vision_year": "2035",
                                       "issuer": "中共义乌市委"}),
    "government notice page": (("首页 > 政务公开 > 规划信息\n"
                                "上海市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要_上海市人民政府\n"
                                "上海市人民政府关于印发《上海市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》的通知\n"
                                "沪府发〔2021〕2号\n各区人民政府，市政府各委、办、局：\n"),
                               {"province": "上海市", "level": "province", "kind": "outline", "period": "十四五",
                                "vision_year": "2035", "issuer": "上海市人民政府"}),
    "government page with a disclaimer and labelled fields": (
        ("首页 > 政务公开 > 规划计划\n"
         "本网站所有内容均来源于各级政府部门公开发布的信息，如需转载请注明出处并保留原文链接，"
         "对于不遵守本声明或其他违法、恶意使用本网站内容者，本网站保留追究其法律责任的权利。\n"
         "索引号：014000319/2021-00023\n发文机关：江苏省人民政府\n"
         "标题：省政府关于印发江苏省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要的通知\n"
         "发文字号：苏政发〔2021〕18号\n发布日期：2021年03月02日\n"),
        {"province": "江苏省", "level": "province", "kind": "outline", "period": "十四五", "vision_year": "2035",
         "issuer": "江苏省人民政府", "issued": "2021-03-02"}),
    # a notice's title and an approval statement wrapped inside their brackets
    "notice title wrapped inside its 《》": (
        ("徐州市鼓楼区人民政府文件\n徐鼓政发〔2021〕12号\n区政府关于印发《鼓楼区国民经济和社会发展\n"
         "第十四个五年规划和2035年远景目标纲要》的通知\n各街道办事处，区各委、办、局：\n"),
        {"province": "江苏省", "city": "徐州市", "district": "鼓楼区", "level": "district", "kind": "outline",
         "period": "十四五", "vision_year": "2035", "issuer": "区政府"}),
    "notice signed under its text": (
        ("区政府关于印发《鼓楼区国民经济和社会发展第十四个五年规划和2035年远景目标纲要》的通知\n"
         "各街道办事处，区各委、办、局：\n"
         "　　《鼓楼区国民经济和社会发展第十四个五年规划和2035年远景目标纲要》已经区十八届人大五次会议审议通过，"
         "现印发给你们，请认真组织实施。\n徐州市鼓楼区人民政府\n2021年4月28日\n"),
        {"province": "江苏省", "city": "徐州市", "district": "鼓楼区", "level": "district", "kind": "outline",
         "period": "十四五", "vision_year": "2035", "issuer": "徐州市鼓楼区人民政府", "issued": "2021-04-28"}),
    "approval statement wrapped inside its （）": (
        ("中共昆山市委关于制定昆山市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n"
         "（2020年12月4日中国共产党昆山市第十三届委员会第\n十二次全体会议通过）\n"),
        {"province": "江苏省", "city": "苏州市", "county": "昆山市", "level": "county", "kind": "proposal",
         "period": "十四五", "vision_year": "2035", "issuer": "中共昆山市委", "adopted": "2020-12-04"}),
    "九五 计划 with its 2010 vision": ("中华人民共和国国民经济和社会发展“九五”计划和2010年远景目标纲要\n",
                                      {"level": "national", "kind": "outline", "period": "九五", "vision_year": "2010"}),
    "an update is not a revision": ("(江苏省)连云港市海州区国民经济和社会发展十四五规划(2022年更新)\n",
                                    {"province": "江苏省", "city": "连云港市", "district": "海州区", "level": "district",
                                         "kind": "outline", "period": "十四五"}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_block(name):
    head, want = CASES[name]
    text = head + "\n" + BODY
    meta = parse_bytes(text.encode("utf-8"), "t").meta
    check(meta, want)
    check_sources(meta, text)


PASSING = ("上海市、甘肃省、内蒙古自治区等地先行先试，上海市经验在全国推广。"
           "支持上海市建设国际金融中心，支持甘肃省、内蒙古自治区生态保护。\n")


def test_a_national_plan_naming_provinces_in_passing_stays_national():
    text = ("中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要\n\n"
            + BODY + PASSING * 20)
    meta = parse_bytes(text.encode("utf-8"), "t").meta
    check(meta, {"level": "national", "kind": "outline", "period": "十四五", "vision_year": "2035"})


def test_a_text_without_a_title_block_gets_no_region_and_no_default_period():
    meta = parse_bytes((BODY + PASSING * 20).encode("utf-8"), "t").meta
    check(meta, {})
    assert meta.meta_sources == {}


def test_a_quoted_proposal_in_an_outline_preface_does_not_make_it_a_proposal():
    text = ("连云港市海州区国民经济和社会发展第十四个五年规划纲要\n序言\n"
            "根据《中共海州区委关于制定海州区国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议》，"
            "编制本纲要，上海市、南京市经验值得借鉴。\n" + BODY)
    meta = parse_bytes(text.encode("utf-8"), "t").meta
    check(meta, {"province": "江苏省", "city": "连云港市", "district": "海州区", "level": "district", "kind": "outline",
                     "period": "十四五"})
