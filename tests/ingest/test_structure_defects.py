"""Plans re-typeset with the defects real input has (tests/ingest/defects/*.txt).

Each defect file was written by hand from bundled plan text (lianyungang-haizhou)
with one kind of damage put in: a TOC with leaders; TOC entries run together
(under a 目录 title, and untitled on one line with page numbers); headings run
into their body, several on one line; OCR-damaged labels and numerals; page
numbers and newspaper headers with lines broken mid-sentence; book pages (a
title with its page number, the chapter title atop each page); an encyclopedia
page (编辑 links, citation marks, a reference list) and an appended second
document; items running on after their part heading; long numerals; an old
plan's 第X部分. The expected outlines below are what was put into each file,
written out by hand; they are not the parser's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fyp_tui.ingest import account, parse_bytes
from fyp_tui.ingest.decode import decode_bytes
from fyp_tui.model import APPENDIX, CLOSING, PREFACE, Paragraph

DEFECTS = Path(__file__).resolve().parent / "defects"

# (depth, level, label, title) of every numbered / named section, in reading order.
EXPECTED: dict[str, list[tuple[int, str, str, str]]] = {
    "toc_leaders": [
        (0, "章", "第一章", "发展基础与形势"),
        (1, "节", "第一节", "发展基础"),
        (1, "节", "第二节", "发展形势"),
        (0, "章", "第二章", "发展战略与目标"),
        (1, "节", "第一节", "指导思想"),
        (1, "节", "第二节", "二〇三五年远景目标"),
    ],
    "toc_runtogether": [
        (0, PREFACE, "", "序言"),
        (0, "篇", "第一篇", "发展基础"),
        (1, "章", "第一章", "发展基础与形势"),
        (1, "章", "第二章", "发展战略与目标"),
        (0, "篇", "第二篇", "创新驱动"),
        (1, "章", "第三章", "建设创新海州"),
        (1, "章", "第四章", "发展数字经济"),
    ],
    "toc_oneline": [
        (0, "章", "第一章", "发展基础与形势"),
        (1, "节", "第一节", "发展基础"),
        (1, "节", "第二节", "发展形势"),
        (0, "章", "第二章", "发展战略与目标"),
        (1, "节", "第一节", "指导思想"),
        (0, "章", "第三章", "建设创新海州"),
        (1, "节", "第一节", "壮大创新主体"),
    ],
    "runin_headings": [
        (0, "篇", "第一篇", "全面开启现代化建设新征程"),
        (1, "章", "第一章", "发展基础"),
        (2, "节", "第一节", "五年发展成就"),
        (2, "节", "第二节", "宏观发展环境"),
        (1, "章", "第二章", "指导思想"),
        (0, "篇", "第二篇", "创新驱动"),
        (1, "章", "第三章", "建设创新海州"),
        (2, "节", "第一节", "壮大创新主体"),
    ],
    "ocr_labels": [
        (0, "一", "一、", "发展基础"),
        (1, "（一）", "〈一）", "经济总量不断扩大"),
        (1, "（一）", "'二）", "城乡建设步伐加快"),
        (1, "（一）", "(三)", "改革攻坚扎实深入"),
        (0, "一", "二、", "指导思想"),
        (1, "（一）", "（一）", "基本原则"),
        (2, "（1）", "(1)", "坚持以人民为中心"),
        (2, "（1）", "(2)", "坚持新发展理念"),
    ],
    "page_breaks": [
        (0, "章", "第一章", "发展基础与形势"),
        (1, "节", "第一节", "发展基础"),
        (1, "节", "第二节", "发展形势"),
        (1, "节", "第三节", "推进高质量发展"),  # run into its body with nothing between
    ],
    "book_pages": [
        (0, "章", "第一章", "发展基础与形势"),
        (1, "节", "第一节", "发展基础"),
        (1, "节", "第二节", "发展形势"),
        (0, "章", "第二章", "发展战略与目标"),
        (1, "节", "第一节", "指导思想"),
    ],
    "appendix": [
        (0, "章", "第一章", "发展基础与形势"),
        (1, "节", "第一节", "发展基础"),
        (1, "节", "第二节", "发展形势"),
        (0, "章", "第二章", "发展战略与目标"),
        (1, "节", "第一节", "指导思想"),
        (0, APPENDIX, "", "参考资料"),
    ],
    "second_document": [
        (0, "章", "第一章", "发展基础与形势"),
        (0, "章", "第二章", "发展战略与目标"),
        (0, APPENDIX, "", "关于海州区国民经济和社会发展第十四个五年规划纲要(草案)的说明"),
    ],
    "inline_items": [
        (0, "一", "一、", "发展基础"),
        (1, "1", "1、", "经济实力显著增强"),
        (1, "1", "2、", "城乡面貌持续改善"),
        (0, "一", "二、", "总体要求"),
        (1, "1", "1、", "指导思想"),
        (1, "1", "2、", "基本原则"),
        (1, "1", "3、", "发展目标"),
    ],
    "long_numerals": [
        (0, "章", "第一百零九章", "建设创新海州"),
        (0, "章", "第一百一十章", "发展数字经济"),
        (0, "章", "第一百一十一章", "推进乡村振兴"),
        (0, "章", "第一千零一章", "加强规划实施"),
    ],
    "ocr_chapters": [
        (0, "章", "第十章", "建设创新海州"),
        (0, "章", "第十—章", "推进乡村振兴"),  # 一 read as a dash
        (0, "章", "第十二章", "加强规划实施"),
    ],
    "old_parts": [
        (0, "部分", "第一部分", "“八五”计划执行情况"),
        (1, "一", "一、", "国民经济持续快速增长"),
        (1, "一", "二、", "改革开放取得重大进展"),
        (0, "部分", "第二部分", "“九五”计划的奋斗目标"),
        (1, "一", "一、", "指导方针"),
    ],
}

# What each file must have cut, by reason, as (reason, text with spaces folded).
CUT = {
    "toc_leaders": {("table of contents", "目录"), ("table of contents", "第一章发展基础与形势……………………1"),
                    ("table of contents", "第二节二〇三五年远景目标·········7")},
    "toc_runtogether": {("table of contents", "目录序言"),
                        ("table of contents", "第二篇创新驱动第三章建设创新海州第四章发展数字经济")},
    "toc_oneline": {("table of contents", ("第一章发展基础与形势1第一节发展基础1第二节发展形势3第二章发展战略与目标5"
                                           "第一节指导思想5第三章建设创新海州7第一节壮大创新主体7"))},
    "page_breaks": {("page number", "375"), ("page number", "376"),
                    ("newspaper / database header", "分类号:F12"),
                    ("newspaper / database header", "海州日报/2021年/02月/20日/第A03版/"),
                    ("newspaper / database header", "海州日报/2021年/02月/20日/第A04版/")},
    "book_pages": {("running header", "海州区“十四五”规划纲要12"), ("running header", "13海州区“十四五”规划纲要"),
                   ("running header", "海州区“十四五”规划纲要14"), ("running header", "第一章发展基础与形势")},
    "appendix": {("citation mark", "[1]"), ("citation mark", "[2]"), ("citation mark", "[3]"),
                 ("web-page chrome", "编辑播报"), ("web-page chrome", "编辑")},
}


def fold_ws(s: str) -> str:
    """The comparator folds white space only (never the product's normaliser)."""
    return "".join(s.split())


def parse(name: str):
    data = (DEFECTS / f"{name}.txt").read_bytes()
    return parse_bytes(data, name), decode_bytes(data).text


def outline_rows(plan) -> list[tuple[int, str, str, str]]:
    rows: list[tuple[int, str, str, str]] = []

    def walk(s, depth):
        if s.level in ("封面", "条"):
            return
        rows.append((depth, s.level, fold_ws(s.label), fold_ws(s.title)))
        for c in s.children:
            walk(c, depth + 1)

    for s in plan.sections:
        walk(s, 0)
    return rows


def _fold_punct(s: str) -> str:
    # Half-width and full-width brackets are the same character as written; the
    # product prints （） where the source has () in Chinese context.
    return s.replace("（", "(").replace("）", ")")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outline_is_what_was_typeset(name):
    plan, _ = parse(name)
    got = [(d, lv, _fold_punct(lb), _fold_punct(t)) for d, lv, lb, t in outline_rows(plan)]
    want = [(d, lv, _fold_punct(fold_ws(lb)), _fold_punct(fold_ws(t))) for d, lv, lb, t in EXPECTED[name]]
    assert got == want


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_character_accounted_for(name):
    plan, text = parse(name)
    missing, extra = account(plan, text)
    assert not missing and not extra


@pytest.mark.parametrize("name", sorted(CUT))
def test_cut_with_reason(name):
    plan, _ = parse(name)
    got = {(r.reason, fold_ws(r.text)) for r in plan.removed}
    assert CUT[name] <= got


def test_no_empty_duplicates_of_toc_entries():
    for name in ("toc_leaders", "toc_runtogether", "toc_oneline"):
        plan, _ = parse(name)
        labels = [(s.level, s.label, s.title) for s in plan.walk() if s.level in ("篇", "章")]
        assert len(labels) == len(set(labels)), name


def test_lines_broken_mid_sentence_are_joined():
    plan, _ = parse("page_breaks")
    s1, s2 = plan.section("ch01.s01"), plan.section("ch01.s02")
    assert [type(b) for b in s1.blocks] == [Paragraph, Paragraph]
    assert not s1.children and not s2.children  # no piece of a sentence became an item
    assert "习近平新时代中国特色社会主义思想为指导" in s1.blocks[0].text
    assert s1.blocks[0].text.endswith("第三节至第五节另作部署")  # a cross-reference, not a heading
    assert "焕然一新" in s1.blocks[1].text
    assert "历史交汇期，更是全面开启" in s2.blocks[0].text
    assert len(s2.blocks) == 2


def test_book_page_headers_are_cut_and_the_sentence_joined():
    plan, _ = parse("book_pages")
    assert sum(1 for r in plan.removed if r.reason == "running header") == 5
    s1 = plan.section("ch01.s01")
    assert len(s1.blocks) == 1 and "习近平新时代中国特色社会主义思想为指导" in s1.blocks[0].text
    # years on lines of their own are not page headers
    assert "2025年末" in "".join(b.text for b in plan.section("ch02.s01").blocks)


def test_text_after_a_run_in_heading_stays_in_its_section():
    plan, _ = parse("runin_headings")
    ch01 = plan.section("ch01")
    assert ch01.blocks[0].text.startswith("“十三五”时期是海州发展极不平凡的五年")
    assert plan.section("ch01.s02").blocks[0].text.startswith("从国际环境来看")


def test_ocr_dash_numeral_keeps_the_chapter_number():
    plan, _ = parse("ocr_chapters")
    assert [s.id for s in plan.sections if s.level == "章"] == ["ch10", "ch11", "ch12"]


def test_material_after_the_plan_is_not_in_its_last_section():
    plan, _ = parse("appendix")
    last = plan.section("ch02.s01")
    assert all("参考资料" not in b.text and "连云港日报" not in b.text for b in last.blocks)
    appendix = plan.section("appendix")
    assert any("连云港日报" in b.text for b in appendix.blocks)
    plan, _ = parse("second_document")
    assert all("编制过程" not in b.text for b in plan.section("ch02").blocks)
    assert plan.count("章") == 2  # the second document's chapter is not the plan's


def test_a_title_after_headings_alone_is_not_a_second_document():
    """Two TOC lines (too few to be sure of a TOC), the title again, then the body:
    the title opens the body, it does not turn the whole plan into an appendix."""
    lines = ["海州区国民经济和社会发展第十四个五年规划纲要",
             "第一章 发展基础", "第二章 发展战略",
             "海州区国民经济和社会发展第十四个五年规划纲要",
             "第一章 发展基础", "“十三五”时期,全区经济社会发展取得新成效。",
             "第二章 发展战略", "未来五年,全区坚持稳中求进工作总基调。", ""]
    text = "\n".join(lines)
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert not any(s.level == APPENDIX for s in plan.sections)
    assert any("稳中求进" in b.text for s in plan.walk() if s.level == "章" for b in s.blocks)


def test_one_sentence_per_line_is_not_joined():
    """Text cut into sentences (every full stop turned into a line break): each line
    ends a sentence, though none ends with 。, so none is joined to the next."""
    sentences = ["“十三五”时期是海州发展极不平凡的五年", "全区地区生产总值达到六百亿元,年均增长百分之七点五",
                 "城乡建设步伐加快,人居环境得到新改善", "改革攻坚扎实深入,创新发展取得新成果",
                 "社会事业持续推进,民生福祉得到新提升"]
    text = "\n".join(["第一章 发展基础", *sentences, ""])
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert [b.text for b in plan.section("ch01").blocks] == [s.replace(",", "，") for s in sentences]


def test_numbers_spelled_digit_by_digit_are_joined_only_in_a_document_written_so():
    from fyp_tui.ingest.clean import clean

    spaced = "到2 0 0 5年，国内生产总值年均增长6 .5 %左右。\n比2 0 0 0年削减5 %，比例为1 9 ∶4 3 ∶3 8 。\n达到1 2 %以上"
    lines, _ = clean(spaced)
    assert [ln.raw for ln in lines] == ["到2005年，国内生产总值年均增长6.5%左右。", "比2000年削减5%，比例为19∶43∶38 。",
                                        "达到12%以上"]
    plain = "到2025年，每千人口执业医师数达到3.5人。\n比2020年提高。\n每千人口执业医师数 人 2 3 预期性"
    lines, _ = clean(plain)
    assert lines[-1].raw == "每千人口执业医师数 人 2 3 预期性"  # two table cells, not 23


def test_a_title_run_into_its_body_with_one_space():
    """Lines typed as a PDF sets them, one space where the text had two between a title
    and the body run on after it: the title ends at the last space before the body's
    first clause mark. A part's own title with a space in it, and one that lists with 、,
    stay whole."""
    text = "\n".join([
        "某某区国民经济和社会发展第十四个五年规划纲要",
        "第一篇 转变方式 开创科学发展新局面",
        "第一章 发展环境",
        "“十三五”时期是我区发展史上极不平凡的五年，全区经济实力显著增强。",
        "第一节 建立健全城乡发展一体化制度 加快消除制约城乡协调发展的体制性障碍，促进公共资源在城乡之间均衡配置。",
        "统筹城乡发展规划。",
        "第二节 推进农业结构战略性调整 完善现代农业产业体系，发展高产、优质、高效、生态、安全农业",
        "加快发展设施农业。",
        "第二篇 绿色发展 建设资源节约型、环境友好型社会",
        "第二章 加大对革命老区、民族地区扶持力度 进一步加大扶持力度，切实改善生产生活条件。",
        "",
    ])
    plan = parse_bytes(text.encode("utf-8"), "one-space")
    got = [(s.label, "".join(s.title.split())) for s in plan.walk() if s.level in ("篇", "章", "节")]
    assert got == [  # white space folded
        ("第一篇", "转变方式开创科学发展新局面"), ("第一章", "发展环境"),
        ("第一节", "建立健全城乡发展一体化制度"), ("第二节", "推进农业结构战略性调整"),
        ("第二篇", "绿色发展建设资源节约型、环境友好型社会"), ("第二章", "加大对革命老区、民族地区扶持力度"),
    ]
    assert plan.section("ch01.s01").blocks[0].text.startswith("加快消除制约城乡协调发展的体制性障碍")
    missing, extra = account(plan, text)
    assert not missing and not extra


def test_a_short_first_paragraph_indented_under_its_heading_is_not_the_titles_rest():
    """A title set on two lines goes on unindented ("第二章 开启率先全面建设" /
    "社会主义现代化强区新征程"); a line indented further than its heading opens the
    body, however short."""
    text = "\n".join([
        "某某区国民经济和社会发展第十四个五年规划纲要",
        "第一章 开启率先全面建设",
        "社会主义现代化强区新征程",
        "　　今后五年，是我区加快转型发展的关键时期。",
        "第二章 主要目标",
        "　　推进农村信息基础设施建设",
        "　　加快宽带网络向农村延伸，推动光纤到村。",
        "",
    ])
    plan = parse_bytes(text.encode("utf-8"), "indented")
    assert [(s.label, s.title) for s in plan.walk()] == [
        ("", "某某区国民经济和社会发展第十四个五年规划纲要"),
        ("第一章", "开启率先全面建设社会主义现代化强区新征程"), ("第二章", "主要目标")]
    assert [b.text for b in plan.section("ch02").blocks][:1] == ["推进农村信息基础设施建设"]


@pytest.mark.parametrize("last", [
    "全县人民要更加紧密地团结在党中央周围，为实现“十四五”规划和二〇三五年远景目标而努力奋斗！",
    "“十四五”规划是指导全区发展的纲领性文件，全区各族人民要同心同德，为把我区建设得更加美好而奋斗!",
])
def test_a_closing_exhortation_in_the_usual_words_is_the_plans_closing(last):
    text = "\n".join(["某某县国民经济和社会发展第十四个五年规划纲要", "第十章 保障措施", "第一节 加强组织领导",
                      "健全规划实施机制。", "第二节 强化监测评估", "开展中期评估。", last, ""])
    plan = parse_bytes(text.encode("utf-8"), "closing")
    # (paragraphs are kept normalised: a half-width ! after Chinese text reads ！)
    assert plan.sections[-1].level == CLOSING and [b.text for b in plan.sections[-1].blocks] == [
        last.replace("!", "！")]
    assert [b.text for b in plan.section("ch10.s02").blocks] == ["开展中期评估。"]


def test_a_last_paragraph_that_exhorts_nobody_stays_where_it_is():
    text = "\n".join(["某某县国民经济和社会发展第十四个五年规划纲要", "第十章 保障措施", "第一节 强化监测评估",
                      "开展中期评估。", "全县各部门要加强年度计划与本规划的衔接。", ""])
    plan = parse_bytes(text.encode("utf-8"), "no-closing")
    assert plan.sections[-1].label == "第十章"
    assert plan.section("ch10.s01").blocks[-1].text == "全县各部门要加强年度计划与本规划的衔接。"


def test_a_numbered_list_right_under_a_section_is_its_items():
    """A county plan numbers a 节's measures 1、2、3、 with no 一、 above them: a list of
    items, all four alike (a lead sentence or not); a lone numbered line stays text."""
    text = "\n".join([
        "某某县国民经济和社会发展第十四个五年规划纲要",
        "第一章 主要任务",
        "第一节 民生保障",
        "1、此处只有一条，说明的是编号本身。",
        "健全社会保障体系。",
        "第二节 产业发展",
        "1、加快发展先进制造业。培育集成电路产业。",
        "2、大力发展现代服务业。发展金融业。",
        "3、推进乡村振兴。",
        "4、深化改革开放",
        "",
    ])
    plan = parse_bytes(text.encode("utf-8"), "items")
    assert [(s.id, s.label, s.title) for s in plan.section("ch01.s02").children] == [
        ("ch01.s02.i01", "1、", "加快发展先进制造业"), ("ch01.s02.i02", "2、", "大力发展现代服务业"),
        ("ch01.s02.i03", "3、", "推进乡村振兴"), ("ch01.s02.i04", "4、", "深化改革开放")]
    assert [b.text for b in plan.section("ch01.s02.i01").blocks] == ["培育集成电路产业。"]
    lone = plan.section("ch01.s01")  # its 1、 is no list: the 2、 after it is the next 节's
    assert lone.children == [] and [b.text for b in lone.blocks][0].startswith("1、此处只有一条")
    missing, extra = account(plan, text)
    assert not missing and not extra


@pytest.mark.parametrize("head", ["附件", "附件2：重大项目表", "名词解释", "附表1"])
def test_what_a_plan_prints_after_itself_is_its_appendix(head):
    """A glossary or an annex after the last chapter: the plan's appendix, not items of
    its last section; the closing exhortation before it is still the plan's 结语."""
    last = "全市人民要紧密团结在党中央周围，为全面建设社会主义现代化而努力奋斗！"
    text = "\n".join(["某某市国民经济和社会发展第十四个五年规划纲要", "第三章 保障措施",
                      "加强组织领导，落实规划实施责任。", last, head,
                      "1．“放管服”：简政放权、放管结合、优化服务的简称。",
                      "2．高新技术企业：指持续进行研究开发的企业。", ""])
    plan = parse_bytes(text.encode("utf-8"), "annex")
    assert [s.level for s in plan.sections[1:]] == ["章", CLOSING, APPENDIX]
    assert plan.sections[-1].title == head and plan.section("ch03").children == []
    assert [b.text for b in plan.sections[-2].blocks] == [last]


def test_a_contents_entry_for_the_annex_goes_with_the_contents():
    """A 专项规划's contents end with its annex (附件：名词解释……18): that entry is part of
    the contents, set aside with the rest, not left in the front matter."""
    text = "\n".join(["苏州市“十四五”数字经济发展规划", "目  录", "一、发展基础与形势……………1", "二、总体要求……………5",
                      "附件：名词解释……………18", "一、发展基础与形势", "全市数字经济规模持续扩大。",
                      "二、总体要求", "坚持创新驱动。", ""])
    plan = parse_bytes(text.encode("utf-8"), "toc-annex")
    toc = [r.text for r in plan.removed if r.reason == "table of contents"]
    assert toc[-1] == "附件：名词解释……………18" and len(toc) == 4
    assert [b.text for b in plan.sections[0].blocks] == ["苏州市“十四五”数字经济发展规划"]
