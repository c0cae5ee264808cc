"""Figures and behaviours of the five bundled plans that the issues spell out.

The outlines, counts, boxes, chrome and metadata read off the documents are
compared in tests/corpus/test_expected.py.
"""

from __future__ import annotations

from fyp_tui.model import ITEM


def test_issue_figures(corpus):
    """The figures the corpus issue names, spelled out."""
    zj = corpus.get("zhenjiang-jingkou")
    assert (zj.count("篇"), zj.count("章"), zj.count("节")) == (6, 14, 44)
    xg = corpus.get("xuzhou-gulou")
    assert (xg.count("章"), xg.count("节"), len(xg.boxes())) == (10, 43, 18)
    lh = corpus.get("lianyungang-haizhou")
    assert (lh.count("章"), lh.count("节"), len(lh.boxes())) == (10, 31, 19)
    xz = corpus.get("xuzhou")
    parts = [s for s in xz.sections if s.level == "一"]
    assert len(parts) == 11
    with_sub = [p.label for p in parts if any(c.level == "（一）" for c in p.children)]
    assert with_sub == ["二、"]
    assert [c.label for c in parts[1].children] == ["(一)", "(二)", "(三)"]  # as written (ASCII brackets)


def test_no_spam_in_text(corpus):
    plan = corpus.get("xuzhou-gulou")
    text = "\n".join([s.heading for s in plan.walk()] + [s.full_text() for s in plan.sections])
    assert "欧宝" not in text and "体育app" not in text


def test_spam_inside_a_paragraph_is_cut(corpus):
    plan = corpus.get("xuzhou-gulou")
    spam = [r for r in plan.removed if r.reason == "injected spam"]
    assert {r.line for r in spam} >= {19, 1218}


def test_two_gulou_plans_are_told_apart(corpus):
    a, b = corpus.get("xuzhou-gulou").meta, corpus.get("fuzhou-gulou").meta
    assert a.district == b.district == "鼓楼区"
    assert a.place == "徐州鼓楼区" and b.place == "福州鼓楼区"


def test_lead_items(corpus):
    plan = corpus.get("lianyungang-haizhou")
    # 第三章第二节: "…努力打造区域物流中心。 依托良好的区位优势…" (lead glued to its text)
    titles = [c.title for s in plan.walk() for c in s.children if c.level == ITEM]
    assert "努力打造区域物流中心" in titles
    assert "深度推进两区融合发展" in titles  # written "深度推进两区融合发展 。"


def test_xuzhou_items_titled_by_first_phrase(corpus):
    plan = corpus.get("xuzhou")
    sub = plan.section("p02.sp02")
    assert [c.title for c in sub.children] == ["指导思想", "发展导向", "基本要求", "奋斗目标"]
    body = sub.children[0].body_text()
    assert body.startswith("高举中国特色社会主义伟大旗帜")


def test_closing_text(corpus):
    plan = corpus.get("xuzhou")
    last = plan.sections[-1]
    assert last.level == "结语"
    assert last.paragraphs[0].text.startswith("全面完成徐州市国民经济和社会发展第十四个五年规划")
