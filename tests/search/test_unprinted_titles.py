"""Search counts what a plan prints: a title the plan does not print is no text of it.

徐州市委's 建议 names itself only in its metadata (the file opens with the date it was
adopted) and the parser names its last section 结语; the front page of a newspaper's plan
prints the plan's name once, and it counted twice (the front page's title and the line).
Expected counts come from the raw file, white space removed, counted with ``str.count``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fyp_tui.search import search, search_titles

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"


def raw_count(pid: str, q: str) -> int:
    return re.sub(r"\s", "", (RAW / f"{pid}.txt").read_text(encoding="utf-8")).count(q)


@pytest.mark.parametrize("q", ["中共徐州市委关于制定", "结语", "徐州市国民经济和社会发展第十四个五年规划"])
def test_a_title_the_plan_does_not_print_is_not_counted(index, corpus, q):
    plan = corpus.plans["xuzhou"]
    # the plan is titled so: the tree shows these names, the text does not print them all
    assert any(q in s.title for s in plan.walk())
    got = search(index, q, mode="exact").counts.get("xuzhou", 0)
    assert got == raw_count("xuzhou", q)


def test_the_plans_name_is_counted_once_where_printed_once(index, corpus):
    """Every bundled plan but 徐州市委's prints its name in its front matter: the search counts
    each printing once (the front page's title, made of that line, is not a second)."""
    for pid, plan in corpus.plans.items():
        front = next(plan.walk())
        assert front.id == "front" and not front.heading
        printed = sum(b.text.count(front.title) for b in front.blocks if hasattr(b, "text"))
        hits = [h for h in search(index, front.title, mode="exact", limit=1000).hits
                if h.plan == pid and h.section == "front"]
        assert sum(len(h.spans) for h in hits) == printed, pid


def test_title_search_still_finds_printed_headings(index):
    hits = search_titles(index, "指导思想")
    assert hits and all("指导思想" in h.title for h in hits)


def test_a_heading_hit_shows_the_heading_as_printed_with_its_space(index):
    """福州鼓楼 prints ``第一章   全面把握新发展阶段`` (raw text): a hit on that heading shows
    ``第一章 全面把握新发展阶段``, as its path and the tree do, not the label run into the
    title, and its span covers the query in that text."""
    from fyp_tui.search import search

    r = search(index, "全面把握新发展阶段", mode="exact", limit=50)
    heads = [h for h in r.hits if h.plan == "fuzhou-gulou" and h.section == "ch01" and h.block == -1]
    assert heads, [(h.plan, h.section, h.block) for h in r.hits]
    h = heads[0]
    assert h.text == "第一章 全面把握新发展阶段" == h.path[-1]
    (a, b), = h.spans
    assert h.text[a:b] == "全面把握新发展阶段"
