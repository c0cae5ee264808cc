"""Trying a class pattern only at the offsets where a run may start (``initials.AtStarts``)
gives what ``re.finditer`` over every character of the scan's chunks gives: the same
matches in the same order, in candidate chunks and whole-text chunks, decoded or
stored text, with a unit filter, and where runs overlap (高高高高 for [高][高])."""

from __future__ import annotations

import re

import pytest

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import Filters, SearchIndex, search
from fyp_tui.search import initials as I
from fyp_tui.search.cache import attach
from fyp_tui.search import scan as S
from fyp_tui.search import tiers as T
from fyp_tui.search.engine import UnitFilter, readings_of
from fyp_tui.search.pinyin import parse, token_chars
from fyp_tui.search.variants import char_class


def runs_plan(pid: str) -> Plan:
    paras = ["高高高高发展，高高。", "推动高质量发展，高质量发展是主题。", "楼宇经济和总部经济。", "高", "经济高高"]
    sec = Section(id="ch01", level="章", label="第一章", title="发展", heading="第一章 发展",
                  blocks=[Paragraph(p) for p in paras])
    return Plan(id=pid, meta=PlanMeta(title="测试"), sections=[sec], source_sha256=pid)


def spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


def both(sc: S.Scanner, classes, rd):
    """(the chunks' finditer matches, AtStarts' matches), chunk by chunk."""
    rx = re.compile("".join(char_class(c) for c in classes))
    got = I.candidate_starts(sc.index, rd, classes)
    assert got is not None
    uids, starts = got
    at = I.AtStarts(rx, sc.index, starts)
    plain, fast = [], []
    for ch in at.chunks(sc.chunks(uids)):
        plain.append(spans(rx.finditer(ch.text, ch.pos, ch.endpos)))
        fast.append(spans(at.finditer(ch.text, ch.pos, ch.endpos)))
    return plain, fast


QUERIES = ["gg", "ggg", "gzlfz", "lyjj", "jj", "fz", "gfz"]


@pytest.mark.parametrize("dense", [False, True])
@pytest.mark.parametrize("stored", [False, True])
def test_matches_at_the_starts_are_finditers(tmp_path, monkeypatch, dense, stored):
    ix = SearchIndex.build([runs_plan("a"), runs_plan("b")])
    if stored:
        ix.save(tmp_path / "ix")
        ix = SearchIndex.load(tmp_path / "ix")
    monkeypatch.setattr(S, "CHUNK", 40)  # many chunks, so each must hold its own offsets only
    if dense:
        monkeypatch.setattr(S, "DENSE", 0.0)  # every candidate set reads the whole text
    rd = readings_of(ix)
    seen = 0
    for q in QUERIES:
        classes = [token_chars(t, rd) for t in parse(q, rd)]
        plain, fast = both(S.Scanner(ix), classes, rd)
        assert fast == plain, q
        seen += sum(map(len, plain))
    assert seen > 10
    # overlapping runs: 高高高高 holds two [高][高] matches, not three (a plan: 高高高高,
    # 高高 and 经济高高 give 2 + 1 + 1)
    classes = [frozenset("高"), frozenset("高")]
    plain, fast = both(S.Scanner(ix), classes, rd)
    assert fast == plain and sum(g == "高高" for ch in fast for _, _, g in ch) == 2 * 4


def test_with_a_unit_filter_only_the_kept_units(index):
    rd = readings_of(index)
    # one chapter of each plan: a chunk runs over units that hold a start but are not read
    flt = UnitFilter(index, Filters(section="ch02"))
    for q in ["gzlfz", "lyjj", "szjj"]:
        classes = [token_chars(t, rd) for t in parse(q, rd)]
        plain, fast = both(S.Scanner(index, flt), classes, rd)
        assert fast == plain, q


@pytest.mark.parametrize("q", ["gzlfz", "lyjj", "yshj", "gfz", "jjfz"])
def test_search_as_the_regex_over_the_chunks(q, tmp_path, monkeypatch, corpus):
    """Whole searches (a stored index: the first query streams, the next builds the
    tables) against the class tier scanning with the pattern itself."""
    ix = SearchIndex.build(corpus.plans.values())
    ix.save(tmp_path / "ix")

    def load():
        got = SearchIndex.load(tmp_path / "ix")
        attach(got, corpus.plans)
        return got

    def regex_tier(sc, classes, want, rd, own="", context=None):
        rx = re.compile(T._blocking(sc) + "".join(char_class(c) for c in classes))
        got = I.candidate_starts(sc.index, rd, classes)
        uids = got[0] if got is not None else T._class_candidates(sc.index, classes, own)
        return sc.scan(rx, sc.chunks(uids), want, risky=T._risky(sc), context=context)

    def rows(r):
        return (r.total, r.counts, r.tiers, [(h.plan, h.section, h.block, h.item, h.spans) for h in r.hits])

    fast = [rows(search(load(), q, mode="pinyin", limit=40))]  # streamed
    stored = load()
    fast += [rows(search(stored, q, mode=m, limit=40)) for m in ("pinyin", "pinyin", "auto")]  # tables
    monkeypatch.setattr(T, "class_tier", regex_tier)
    slow = [rows(search(load(), q, mode=m, limit=40))
            for m in ("pinyin", "pinyin", "pinyin", "auto")]
    assert fast == slow, q
    assert fast[0][0] > 0, q


def test_offsets_land_in_the_chunks_own_units(index):
    """Each chunk gets the offsets inside the units it holds, in its own coordinates
    (a unit between two read ones that holds a start is not read: none of its offsets)."""
    rd = readings_of(index)
    flt = UnitFilter(index, Filters(section="ch02"))
    st = index.starts
    for q in ["gzlfz", "fz", "jj"]:
        classes = [token_chars(t, rd) for t in parse(q, rd)]
        uids, pos = I.candidate_starts(index, rd, classes)
        at = I.AtStarts(re.compile("x"), index, pos)
        pos = pos.tolist()
        n = 0
        for ch in S.Scanner(index, flt).chunks(uids):
            want = [p - st[u] + b for u, b in zip(ch.ids, ch.bases) for p in pos if st[u] <= p < st[u + 1]]
            assert at._local(ch) == sorted(want), q
            n += len(want)
        assert 0 < n < len(pos), q
