"""Headings, labels, captions and the plan title are kept as written; only what is
compared (search keys, alignment) folds punctuation widths.

Government PDFs and OCR mix ASCII and full-width forms in headings (`(一)`, `,`,
`表 1 :`, `二 ○ 三五`, `第１节`). An analyst cites a title as the document writes it,
so ingest keeps the characters and tidies only the white space; search must still
find `（一）` when the document writes `(一)`, and compare must see the two as one.
Expected values below are typed off the texts here, by hand.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fyp_tui.ingest import account, parse_bytes
from fyp_tui.textnorm import as_written, fold, normalize, written_span

# A district plan as a PDF export mixes its forms (hand-written; every line is plausible).
MIXED = """福州市某区国民经济和社会发展第十四个五年规划和二 ○ 三五年远景目标纲要
第一章 发展基础
“十三五”时期, 全区经济社会发展取得显著成就, 综合实力明显增强。
一、 发展环境 , 机遇与挑战
(一) 坚持创新驱动, 加快转型升级
创新是引领发展的第一动力, 必须摆在全局的核心位置。
第２节 到二 ○ 三五年的远景目标
到2035年, 基本实现社会主义现代化。
- -到二 ○ 三五年(远景)建成创新强区 。全区研发投入强度达到3.5%。
表 1 : 某区 “ 十四五 ” 主要指标
指标
单位
2020年
2025年
属性
地区生产总值
亿元
1000
1500
预期性
研发经费投入强度(%)
３０
3.5
预期性
专栏 1 : 重大项目 (一期)
1. 建设科技创新中心。
第二章 保障措施
加强组织领导, 落实工作责任。
"""


def _plan(text: str = MIXED, meta: dict | None = None, pid: str = "mixed"):
    return parse_bytes(text.encode("utf-8"), pid, meta=meta)


def _ws(s: str) -> str:
    return "".join(s.split())


def test_headings_labels_and_captions_as_written():
    plan = _plan()
    heads = [(s.level, s.label, _ws(s.title)) for s in plan.walk() if s.level in ("章", "节", "一", "（一）")]
    assert heads == [
        ("章", "第一章", "发展基础"),
        ("一", "一、", "发展环境,机遇与挑战"),
        ("（一）", "(一)", "坚持创新驱动,加快转型升级"),
        ("节", "第２节", "到二○三五年的远景目标"),
        ("章", "第二章", "保障措施"),
    ]
    assert [_ws(t.caption) for t in plan.tables()] == ["表1:某区“十四五”主要指标"]
    assert [(b.label, _ws(b.title)) for b in plan.boxes()] == [("专栏1", "重大项目(一期)")]


def test_table_cells_as_written_values_as_read():
    """A row keeps its cells and indicator as written; unit and values are what was read
    (the full-width ３０ is 30)."""
    rows = _plan().tables()[0].rows
    assert [r.cells for r in rows] == [["地区生产总值", "亿元", "1000", "1500", "预期性"],
                                       ["研发经费投入强度(%)", "３０", "3.5", "预期性"]]
    r = rows[1]
    got = (r.indicator, r.unit, r.baseline, r.target, r.attribute)
    assert got == ("研发经费投入强度(%)", "%", "30", "3.5", "预期性")


def test_lead_items_as_written():
    """A lead item (条) opened by a dash that the newspaper/PDF text spaced out (`- -`
    for a printed ——): its label is the dash as written, white space removed, like every
    label (第 十 一 章 → 第十一章); its title, the lead sentence, as written."""
    item = next(s for s in _plan().walk() if s.level == "条")
    assert (item.label, item.title) == ("--", "到二○三五年(远景)建成创新强区")
    # normalised, as the paragraph after it: the spaced-out dash reads as the printed ——
    assert item.heading == "——到二〇三五年（远景）建成创新强区。"


def test_white_space_tidied_as_the_normaliser_tidies_it():
    """Titles are stored with white space already tidied (no `二 ○ 三五`), not only compared so."""
    plan = _plan()
    sec = next(s for s in plan.walk() if s.level == "节")
    assert sec.title == "到二○三五年的远景目标"
    assert next(s for s in plan.walk() if s.level == "（一）").title == "坚持创新驱动,加快转型升级"


def test_headings_stay_normalised_and_nothing_is_lost():
    """``heading`` is what search and the reader read: normalised, the same text as a
    heading written with full-width forms."""
    plan = _plan()
    sub = next(s for s in plan.walk() if s.level == "（一）")
    assert sub.heading == "（一）坚持创新驱动，加快转型升级"
    missing, extra = account(plan, MIXED)
    assert not missing and not extra


def test_plan_title_as_written_from_its_line():
    meta = _plan().meta
    assert meta.title == "福州市某区国民经济和社会发展第十四个五年规划和二○三五年远景目标纲要"
    assert meta.meta_sources["title"].startswith("L1: ")
    assert (meta.level, meta.kind, meta.period, meta.vision_year) == ("district", "outline", "十四五", "2035")


def test_sidecar_that_retypes_the_title_keeps_the_documents_spelling():
    """The sidecar writes 〇 (U+3007) where the document writes ○ (U+25CB): the same
    title; the document's spelling is what gets cited, with its line."""
    retyped = "福州市某区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    meta = _plan(meta={"title": retyped, "city": "福州市"}).meta
    assert meta.title == "福州市某区国民经济和社会发展第十四个五年规划和二○三五年远景目标纲要"
    assert meta.meta_sources["title"].startswith("L1: ")
    assert meta.city == "福州市" and meta.meta_sources["city"] == "sidecar"


def test_sidecar_with_another_title_wins():
    meta = _plan(meta={"title": "某区十四五规划纲要"}).meta
    assert meta.title == "某区十四五规划纲要"
    assert meta.meta_sources["title"] == "sidecar"


OPENING = ("\u3000\u3000中华人民共和国国民经济和社会发展第十三个五年（２０１６－２０２０年）规划纲要，"
           "根据《中共中央关于制定国民经济和社会发展第十三个五年规划的建议》编制，"
           "主要阐明国家战略意图，明确经济社会发展宏伟目标、主要任务和重大举措，是市场主体的行为导向\n"
           "第一篇\u3000指导思想、主要目标和发展理念\n第一章\u3000发展环境\n“十二五”时期极不平凡。\n")


def test_title_from_the_first_sentence_without_the_years_it_is_dated_with():
    """No title line: the first sentence names the plan and dates it in brackets
    (as the national 十二五 and 十三五 纲要 open); the years are not part of the title."""
    meta = _plan(OPENING, pid="cn13").meta
    assert meta.title == "中华人民共和国国民经济和社会发展第十三个五年规划纲要"
    assert (meta.level, meta.kind, meta.period) == ("national", "outline", "十三五")
    ascii_years = OPENING.replace("（２０１６－２０２０年）", "(2016-2020年)")
    assert _plan(ascii_years, pid="cn13").meta.title == "中华人民共和国国民经济和社会发展第十三个五年规划纲要"


def test_a_title_line_keeps_its_years():
    """On a title line the bracketed years are part of the title as printed."""
    text = "苏州市“十四五”综合交通运输体系规划（2021—2025年）\n第一章 发展基础\n交通运输体系不断完善。\n"
    assert _plan(text, pid="sz").meta.title == "苏州市“十四五”综合交通运输体系规划（2021—2025年）"


# --- compared alike --------------------------------------------------------------------

FULL_WIDTH = (MIXED.replace("(一)", "（一）").replace(",", "，").replace(" : ", "：").replace("○", "〇")
              .replace("第２节", "第2节"))


def test_search_finds_as_written_headings_and_captions_in_either_width():
    from fyp_tui.search import SearchIndex, search, search_titles

    index = SearchIndex.build([_plan()])
    for q in ("（一）坚持创新驱动", "(一)坚持创新驱动"):
        assert [h.section for h in search_titles(index, q, limit=3)][:1] == ["ch01.p01.sp01"], q
    for q in ("表1：某区", "表1:某区"):
        hits = search(index, q, mode="exact").hits
        assert any(h.text.startswith("表1：某区") for h in hits), q
    for q in ("投入强度（%）", "投入强度(%)"):
        assert any("研发经费投入强度" in h.text for h in search(index, q, mode="exact").hits), q


def test_alignment_sees_written_and_full_width_titles_alike():
    """The same plan typed with ASCII and with full-width forms gives the same units
    to compare (titles, the titles above them), so alignment pairs them one to one."""
    from fyp_tui.align.units import plan_units

    a, b = plan_units(_plan()), plan_units(_plan(FULL_WIDTH, pid="full"))
    assert [(u.id, u.title, u.context) for u in a] == [(u.id, u.title, u.context) for u in b]
    assert any(u.title == "坚持创新驱动，加快转型升级" for u in a)


# --- the normaliser's written twin -------------------------------------------------------

PIECES = st.sampled_from([
    "第一章", "第 十 一 章", "(一)", "（二）", "( 三 )", "一、", "一 、", "1.", "1、", "(1)", "表 1 :", "专栏 2 :",
    "二 ○ 三五", "二〇三五", "２０２５年", "ＧＤＰ", " , ", ",", "，", " . ", "。", ":", "：", ";", "!", "?",
    "“ 十四五 ”", '" 十五 "', "- -", "——", "5.3", "1,000", "12:30", "www.example.com", "GDP 5G", "提 高", "发展",
    "规划", "\u3000", " ", "  ", "\t", "\xa0", "«", "»", "－", "～",
])
LINES = st.lists(st.one_of(PIECES, st.text(alphabet="坚持创新abc12 ,.()（）○〇", max_size=4)), max_size=24).map("".join)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_as_written_is_normalize_with_the_written_characters(s):
    n, w = normalize(s), as_written(s)
    assert len(w) == len(n)
    assert [c.isspace() for c in w] == [c.isspace() for c in n]  # the same spans on both
    assert _ws(w) == _ws(s)  # every character as written, in order
    assert fold(w) == fold(n)  # and the same text for comparison
    for a in range(0, len(n) + 1, 3):
        assert written_span(s, n, a, a + 5) == w[a : a + 5]


def test_as_written_examples():
    assert as_written("(一) 坚持 , 创新") == "(一)坚持,创新"
    assert as_written("表 1 : 鼓楼区 “ 十三五 ” 主要指标") == "表1:鼓楼区“十三五”主要指标"
    assert as_written("和二 ○ 三五年") == "和二○三五年"
    assert as_written("GDP  5G 提 高") == "GDP 5G提高"
    assert as_written("") == "" and as_written("  ") == ""


@pytest.mark.parametrize("line,want", [
    ("成大理 - -保山 、", "成大理——保山、"),  # the newspaper's printed ——
    ("\u3000\u3000- -坚持以发展为主题", "——坚持以发展为主题"),
    ("思茅 - - 小勐养", "思茅——小勐养"),
    ("（2001 -2005年）", "（2001-2005年）"),  # one range of years
    ("160 ~ 300万千瓦", "160~300万千瓦"),
    ("2001 - -2005年", "2001 - -2005年"),  # numbers either side: not a dash of Chinese text
    ("GDP - -增长", "GDP - -增长"),
    ("A - B", "A - B"),
    ("GDP 5G", "GDP 5G"),
    ("2021-2025年", "2021-2025年"),
])
def test_spaced_dashes_and_ranges(line, want):
    assert normalize(line) == want


TWO_PHRASES = """某区国民经济和社会发展第十四个五年规划纲要
第三章 不断提高发展质效 着力打造实力海州
第一节 优化全区产业布局
坚持规划引领，推动产业集聚发展。
第四章 提 高开放水平
第一节 促进现代服务 业 高质量发展
坚持服务业和制造业融合发展。
第五章 坚持创新驱动　建设创新强区
创新是引领发展的第一动力。
"""


def test_a_title_of_two_phrases_keeps_the_space_between_them():
    """连云港海州's chapters print two phrases parted by a space (its raw line 40:
    `第三章 不断提高发展质效 着力打造实力海州`); an analyst quotes the title so. A PDF's
    stray spaces (镇江京口's `提 高开放水平`, `促进现代服务 业 高质量发展`) part no phrase
    and go. Typed from those lines; ``heading`` stays normalised, and search finds the
    title across the space."""
    from fyp_tui.search import SearchIndex, search_titles
    from fyp_tui.textnorm import as_titled

    plan = parse_bytes(TWO_PHRASES.encode(), "two")
    titles = [(s.label, s.title) for s in plan.walk() if s.level in ("章", "节")]
    assert titles == [("第三章", "不断提高发展质效 着力打造实力海州"), ("第一节", "优化全区产业布局"),
                      ("第四章", "提高开放水平"), ("第一节", "促进现代服务业高质量发展"),
                      ("第五章", "坚持创新驱动 建设创新强区")]
    ch3 = next(s for s in plan.walk() if s.label == "第三章")
    assert ch3.heading == "第三章不断提高发展质效着力打造实力海州"
    missing, extra = account(plan, TWO_PHRASES)
    assert not missing and not extra
    hits = search_titles(SearchIndex.build([plan]), "发展质效着力打造", limit=3)
    assert [h.section for h in hits][:1] == [ch3.id]
    # Letter-spaced, a short piece, or white space beside a mark: nothing kept.
    assert as_titled("序 言") == "序言"
    assert as_titled("“十四五” 时期发展目标") == "“十四五”时期发展目标"
    # As 徐州鼓楼 prints it (raw line 76), odd as the cut is: the document's, kept.
    assert as_titled("推动产城融合 发展打造高品质主城区") == "推动产城融合 发展打造高品质主城区"
