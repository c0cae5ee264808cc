"""Swap is a mirror: compare(A, B) is compare(B, A) with the sides exchanged.

Plans are generated plan-shaped (chapters of 节, each a few sentences drawn from
real plan phrasing, some shared between the two plans, some not), and both
directions are aligned with the same two-plan weights.
"""

from __future__ import annotations

from alignkit import ECOLOGY, EDUCATION, FARMING, HEALTH, TAIWAN, sec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fyp_tui.align import align_units, compare_texts
from fyp_tui.align.chapters import chapter_score, chapter_view, plan_chapters
from fyp_tui.model import Plan, PlanMeta

SENTENCES = [s + "。" for _, text in (ECOLOGY, EDUCATION, FARMING, HEALTH, TAIWAN)
             for s in text.rstrip("。").split("，")]
TITLES = [t for t, _ in (ECOLOGY, EDUCATION, FARMING, HEALTH, TAIWAN)] + ["完善社会保障体系", "深化改革开放"]

section_text = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6).map("".join)
chapter = st.tuples(st.sampled_from(TITLES), st.lists(st.tuples(st.sampled_from(TITLES), section_text),
                                                      min_size=1, max_size=3))


def _plan(pid: str, city: str, chapters: list) -> Plan:
    out = []
    for k, (title, sections) in enumerate(chapters, 1):
        kids = [sec(f"ch{k:02d}.s{n:02d}", "节", f"第{n}节", t, text) for n, (t, text) in enumerate(sections, 1)]
        out.append(sec(f"ch{k:02d}", "章", f"第{k}章", title, children=kids))
    meta = PlanMeta(title=f"{city}规划", province="江苏省", city=city, level="city", kind="outline")
    return Plan(id=pid, meta=meta, sections=out, source_sha256=pid)


plans = st.tuples(st.lists(chapter, min_size=1, max_size=4), st.lists(chapter, min_size=1, max_size=4))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _mirror(pairs) -> set:
    return {(p.b.id, p.a.id, round(p.score, 12)) for p in pairs}


def _same(pairs) -> set:
    return {(p.a.id, p.b.id, round(p.score, 12)) for p in pairs}


@SETTINGS
@given(plans)
def test_alignment_is_a_mirror(chapters):
    a = _plan("a", "甲市", chapters[0])
    b = _plan("b", "乙市", chapters[1])
    ab, ba = align_units(a, b, min_score=0.0), align_units(b, a, min_score=0.0)
    for i, row in enumerate(ab.matrix):
        for j, s in enumerate(row):
            assert 0.0 <= s <= 1.0
            assert abs(s - ba.matrix[j][i]) < 1e-12
    assert _same(ab.pairs) == _mirror(ba.pairs)
    assert _same(ab.related) == _mirror(ba.related)
    assert {u.id for u in ab.only_a} == {u.id for u in ba.only_b}
    for ca in plan_chapters(a, ab.a_units):
        for cb in plan_chapters(b, ab.b_units):
            s = chapter_score(ab, ca, cb)
            assert 0.0 <= s <= 1.0 and abs(s - chapter_score(ba, cb, ca)) < 1e-12
    assert all(0.0 <= r.score <= 1.0 for r in chapter_view(ab))


@SETTINGS
@given(section_text, section_text, st.sampled_from(["", " ", "\n", "，"]))
def test_inside_is_a_mirror(x, y, glue):
    a, b = x + glue + y, y + glue + x[: len(x) // 2]
    ab, ba = compare_texts(a, b), compare_texts(b, a)
    assert {(s.a_start, s.a_end, s.b_start, s.b_end) for s in ab.spans} == \
        {(s.b_start, s.b_end, s.a_start, s.a_end) for s in ba.spans}
    assert (ab.reuse, ab.reuse_b) == (ba.reuse_b, ba.reuse)
    assert {(p.a, p.b) for p in ab.pairs} == {(p.b, p.a) for p in ba.pairs}
    assert 0.0 <= ab.reuse <= 1.0 and 0.0 <= ab.reuse_b <= 1.0


def test_preface_swap_on_the_seeds(corpus, weights):
    # the example: 序言⇄前言 gave 3 runs 15%/8% one way, 4 runs 15%/10% the other
    from fyp_tui.align import compare_pair

    xg, fg = corpus.get("xuzhou-gulou"), corpus.get("fuzhou-gulou")
    p = next(p for p in align_units(xg, fg, weights).pairs if p.a.id == "preface")
    q = next(q for q in align_units(fg, xg, weights).pairs if q.a.id == "preface")
    assert p.b.id == "preface" and q.b.id == "preface" and p.score == q.score
    i, j = compare_pair(p), compare_pair(q)
    assert len(i.spans) == len(j.spans) and (i.reuse, i.reuse_b) == (j.reuse_b, j.reuse)


def _links(rows, swap: bool = False) -> set:
    got = {(r.a.id, r.b.id) for r in rows if r.a and r.b} | {(r.a.id, o.chapter.id) for r in rows if r.a
                                                             for o in r.others}
    return {(y, x) for x, y in got} if swap else got


def test_the_chapter_view_links_and_only_in_lists_mirror_on_swap(corpus, weights):
    """A reviewer: 徐州鼓楼 vs 京口 showed 京口's 第二章 and 第三章 as only in B, while the
    swapped view paired them with 鼓楼 第一章. Which chapters link, and which are only in
    one plan, must read the same both ways, for every pair of bundled plans."""
    ids = sorted(corpus.plans)
    for x in ids:
        for y in ids:
            if x >= y:
                continue
            al = align_units(corpus.get(x), corpus.get(y), weights)
            ab, ba = chapter_view(al), chapter_view(align_units(corpus.get(y), corpus.get(x), weights))
            assert _links(ab) == _links(ba, swap=True), (x, y)
            only_b = {r.b.id for r in ab if r.a is None and r.linked is None}
            assert only_b == {r.a.id for r in ba if r.b is None}, (x, y)
            assert {r.a.id for r in ab if r.b is None} == {r.b.id for r in ba if r.a is None and r.linked is None}
            assert not only_b & {b for _, b in _links(ab)}  # a linked chapter is not only in B
            # every B chapter still has its row (B's contents stay readable), a linked one with its A chapter
            assert {r.b.id for r in ab if r.b} == {c.id for c in plan_chapters(corpus.get(y), al.b_units)}
            for r in ab:
                if r.a is None and r.linked is not None:
                    assert (r.linked.id, r.b.id) in _links(ab)
