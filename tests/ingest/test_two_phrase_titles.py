"""A heading's title in two phrases parted by a wide gap stays one title; a body run on
after the gap stays the body.

Plans title 章 and （一） headings in two phrases (`第三章 不断提高发展质效 着力打造实力海州`);
a PDF or Word file may part them with two full-width or ASCII spaces, the gap that
elsewhere parts a title from a body run on in its line (`第一章　发展环境　　“十一五”
时期是…`). The document decides, a level at a time: where every such line's rest is
a phrase, it is the title's; where some rest holds a mark, the rests are bodies.
Expected titles are read off the source lines here (split at white space), never
from the parser.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REALWORLD, REPO
from fyp_tui.ingest import account, parse_bytes

CHAPTER = re.compile(r"^(第[一二三四五六七八九十]{1,3}章)[ \u3000]+(\S+)[ \u3000]+(\S+)$")



def _titles(plan) -> dict[str, str]:
    return {s.label: s.title for s in plan.walk()}


@pytest.mark.parametrize("gap", ["\u3000\u3000", "  ", "\u3000 "])
def test_two_phrase_chapter_titles_parted_by_a_wide_gap_stay_whole(gap):
    """连云港海州's eight two-phrase 章 titles, their one space widened to ``gap``."""
    raw = (REPO / "corpus" / "raw" / "lianyungang-haizhou.txt").read_text(encoding="utf-8")
    lines = raw.splitlines()
    want = {}
    for k, line in enumerate(lines):
        m = CHAPTER.match(line)
        if m:
            want[m.group(1)] = f"{m.group(2)} {m.group(3)}"
            lines[k] = f"{m.group(1)}\u3000{m.group(2)}{gap}{m.group(3)}"
    assert len(want) == 8
    text = "\n".join(lines) + "\n"
    plan = parse_bytes(text.encode("utf-8"), "hz-gap")
    got = _titles(plan)
    assert {label: got.get(label) for label in want} == want
    firsts = [s.blocks[0].text for s in plan.walk() if s.label in want and s.blocks]
    assert not any(t.startswith("着力打造") for t in firsts)  # no second phrase left as a paragraph
    missing, extra = account(plan, text)
    assert not missing and not extra


MIXED = """某市委关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议
一、发展基础
“十三五”时期，全市经济社会发展取得重大成就。
（一）主动适应新发展阶段 辩证看待机遇挑战
“十四五”时期我国进入新发展阶段。
1、指导思想 高举中国特色社会主义伟大旗帜，深入贯彻党的十九大精神。
2、发展导向 坚持把新发展理念作为指挥棒，推动高质量发展。
二、坚持创新驱动 加快建设创新型城市，推动高质量发展。
（二）服务构建新发展格局 有力畅通循环体系
从打好持久战的角度认识疫情带来的影响。
（三）实施“互联网 + 政务服务”拓展。在全区范围内实现政务服务事项网上办理。
"""


def test_the_vote_is_a_level_at_a_time_and_quotes_keep_their_spaces():
    """（一） lines whose rests are phrases keep both phrases; 1、 lines whose rests hold
    marks keep their bodies apart, in the same document; a space beside + inside “…”
    is the document's spacing, not a title's end."""
    plan = parse_bytes(MIXED.encode("utf-8"), "mixed")
    got = {s.label: s.title for s in plan.walk()}
    assert got["（一）"] == "主动适应新发展阶段 辩证看待机遇挑战"
    assert got["（二）"] == "服务构建新发展格局 有力畅通循环体系"
    assert got["1、"] == "指导思想" and got["2、"] == "发展导向"
    assert got["二、"] == "坚持创新驱动"  # its level's rest is a body: 一、 is not phrased
    assert "".join(got["（三）"].split()) == "实施“互联网+政务服务”拓展"
    bodies = [b.text for s in plan.walk() for b in s.blocks if hasattr(b, "text")]
    assert any(t.startswith("高举中国特色社会主义伟大旗帜") for t in bodies)
    assert not any(t.startswith(("+", "辩证看待", "有力畅通")) for t in bodies)


@pytest.mark.skipif(REALWORLD is None, reason="../shared/realworld is not beside this checkout")
def test_bodies_run_on_after_the_gap_stay_bodies_in_a_sentence_cut_text():
    """cn12 (a PDF's text cut at every 。) runs each 节's first sentence on after a wide
    gap; some of those sentences hold no mark (`第二节　加快经济社会信息化　　推动经济社会
    各领域信息化`). The title is what lies between the label and the gap, for every one."""
    text = (REALWORLD / "cn12-pdftext.txt").read_text(encoding="utf-8-sig")
    want = []
    for line in text.splitlines():
        m = re.match(r"^\s*(第[一二三四五六七八九十]{1,3}节)\u3000(\S+)\u3000\u3000(\S.*)$", line.replace("\f", ""))
        if m:
            want.append((m.group(1), m.group(2)))
    assert len(want) > 40
    plan = parse_bytes(text.encode("utf-8"), "cn12")
    got = [(s.label, s.title) for s in plan.walk() if s.label.endswith("节")]
    missing = [w for w in want if w not in got]
    assert not missing


def test_a_second_heading_after_the_gap_is_a_heading():
    """`第一篇　指导思想　　第一章　发展环境`: what follows the gap opens a heading of its own,
    however short and unmarked, and no level is phrased by it."""
    text = ("某省国民经济和社会发展第十个五年计划纲要\n第一篇\u3000指导思想\u3000\u3000第一章\u3000发展环境\n"
            "世纪之交，国内外环境发生深刻变化。\n第二篇\u3000结构调整\u3000\u3000第二章\u3000农业基础\n"
            "要始终把农业放在首位。\n")
    plan = parse_bytes(text.encode("utf-8"), "parts")
    got = [(s.label, s.title) for s in plan.walk()]
    for pair in [("第一篇", "指导思想"), ("第一章", "发展环境"), ("第二篇", "结构调整"), ("第二章", "农业基础")]:
        assert pair in got


def test_a_long_body_after_the_gap_is_a_body_at_a_phrased_level():
    """Two 章 part phrases with a wide gap, one runs a long body on after its gap: the
    level does not read as phrased, and that body never becomes the title."""
    body = "坚持创新驱动发展，加快建设现代化经济体系，推动经济高质量发展。" * 20
    text = (f"第一章\u3000发展基础\u3000\u3000成就显著\n{body}\n"
            f"第二章\u3000总体要求\u3000\u3000“十四五”时期是我市开启全面建设社会主义现代化新征程的第一个五年，{body}\n"
            f"第三章\u3000创新驱动\u3000\u3000加快建设创新城市\n{body}\n")
    plan = parse_bytes(text.encode("utf-8"), "long")
    got = {s.label: s.title for s in plan.walk()}
    assert got["第二章"] == "总体要求" and len(got["第一章"]) < 12


def test_a_heading_that_did_not_vote_joins_only_a_phrase():
    """第三章 stands after a sentence inside a line (`正文三。第三章　创新驱动　　“十四五”…`),
    where the vote does not read it; its level reads as phrased (第一章, 第二章), yet its
    own rest is a long body: its title stays 创新驱动."""
    body = "坚持创新驱动发展，加快建设现代化经济体系，推动经济高质量发展。" * 20
    text = ("第一章\u3000发展基础\u3000\u3000成就显著\n正文一。\n第二章\u3000总体要求\u3000\u3000目标明确\n正文二。\n"
            f"正文三。第三章\u3000创新驱动\u3000\u3000“十四五”时期是我市新征程的第一个五年，{body}\n")
    got = {s.label: s.title for s in parse_bytes(text.encode("utf-8"), "inline").walk()}
    assert got == {"第一章": "发展基础 成就显著", "第二章": "总体要求 目标明确", "第三章": "创新驱动"}
