"""The parsed seeds against what a reader finds in the documents (tests/expected/*.json).

The expected files were written by reading the raw texts, not from parser output.
"""

from __future__ import annotations

import json

import pytest

from fyp_tui.model import BOX, ITEM, Box, Section
from fyp_tui.textnorm import fold, nonspace
from tests.conftest import REPO, SEEDS

EXPECTED = REPO / "tests" / "expected"
STRUCTURAL = ("篇", "章", "节", "一", "（一）", "1")


def gold(pid: str) -> dict:
    return json.loads((EXPECTED / f"{pid}.json").read_text(encoding="utf-8"))


def same(a: str, b: str) -> bool:
    """Equal after the one-to-one folds (○/〇, ASCII/Chinese punctuation) and spaces."""
    return fold(nonspace(a)) == fold(nonspace(b))


def structural_tree(nodes: list[Section]) -> list[dict]:
    out = []
    for s in nodes:
        if s.level not in STRUCTURAL:
            continue
        node = {"level": s.level, "label": s.label, "title": s.title, "children": structural_tree(s.children)}
        out.append(node)
    return out


def gold_tree(nodes: list[dict]) -> list[dict]:
    return [
        {"level": n["level"], "label": n["label"], "title": n["title"], "children": gold_tree(n.get("children", []))}
        for n in nodes
    ]


def assert_same_tree(got: list[dict], want: list[dict], path: str = "") -> None:
    got_labels = [(n["level"], n["label"]) for n in got]
    want_labels = [(n["level"], n["label"]) for n in want]
    assert got_labels == want_labels, f"under {path or 'top'}"
    for g, w in zip(got, want):
        where = f"{path}/{w['label']}"
        assert same(g["title"], w["title"]), f"{where}: {g['title']!r} != {w['title']!r}"
        assert_same_tree(g["children"], w["children"], where)


@pytest.mark.parametrize("pid", SEEDS)
def test_outline_matches_document(corpus, pid):
    plan = corpus.get(pid)
    assert_same_tree(structural_tree(plan.sections), gold_tree(gold(pid)["outline"]))


@pytest.mark.parametrize("pid", SEEDS)
def test_counts(corpus, pid):
    plan = corpus.get(pid)
    for level, n in gold(pid)["counts"].items():
        if level == BOX:
            assert len(plan.boxes()) == n
        else:
            assert plan.count(level) == n, level


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
    assert [c.label for c in parts[1].children] == ["（一）", "（二）", "（三）"]


@pytest.mark.parametrize("pid", SEEDS)
def test_preface(corpus, pid):
    plan = corpus.get(pid)
    has = any(s.level == "序言" for s in plan.sections)
    assert has == gold(pid)["has_preface"]


@pytest.mark.parametrize("pid", [p for p in SEEDS if gold(p)["counts"].get(BOX)])
def test_boxes(corpus, pid):
    plan = corpus.get(pid)
    want = gold(pid)["boxes"]
    got: list[tuple[Box, list[Section]]] = []
    for s in plan.walk():
        for b in s.boxes:
            got.append((b, plan.path(s.id)))
    assert len(got) == len(want)
    for (box, path), w in zip(got, want):
        assert box.label == w["label"]
        assert same(box.title, w["title"])
        labels = "/".join(p.label for p in path if p.level in STRUCTURAL)
        assert labels == w["section"], box.title
        assert len(box.entries) == w["entries"], f"{box.label} {box.title}"


@pytest.mark.parametrize("pid", SEEDS)
def test_no_chrome_in_text(corpus, pid):
    plan = corpus.get(pid)
    body = [s.heading for s in plan.walk()] + [s.full_text() for s in plan.sections]
    text = "\n".join(body)
    removed = {nonspace(r.text) for r in plan.removed}
    for line in gold(pid)["chrome"]:
        assert nonspace(line) in removed, line
        # Whole chrome lines never reach the plan's text (fuzhou's real 前言 heading
        # is "前    言", which is text, while the site's "前言" tab is chrome).
        if len(nonspace(line)) > 4:
            assert fold(nonspace(line)) not in fold(nonspace(text)), line
    assert "欧宝" not in text and "体育app" not in text


def test_spam_inside_a_paragraph_is_cut(corpus):
    plan = corpus.get("xuzhou-gulou")
    spam = [r for r in plan.removed if r.reason == "injected spam"]
    assert {r.line for r in spam} >= {19, 1218}


@pytest.mark.parametrize("pid", SEEDS)
def test_metadata(corpus, pid):
    plan = corpus.get(pid)
    for key, want in gold(pid)["meta"].items():
        got = getattr(plan.meta, key)
        assert same(got, want), f"{key}: {got!r} != {want!r}"


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
