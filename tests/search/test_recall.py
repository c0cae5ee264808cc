"""Typo tier recall against a brute-force rapidfuzz scan of every window of every unit.

A window counts only where it is whole words: its two ends fall on the edges of
rjieba's plain segmentation of the unit (the simplest reader of word edges; the
product also splits a long segment into two dictionary words, so it may find more),
and it is not a piece of the query (楼宇经 of 楼宇经济 is another word's start)."""

from __future__ import annotations

import pytest
import rjieba
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from fyp_tui.search import search
from fyp_tui.search.tiers import typo_budget


def brute_units(index, q: str, words: bool = True) -> set[tuple[str, str, int, int]]:
    """Units holding some substring within the typo budget of ``q`` (on word edges)."""
    m, k = len(q), typo_budget(len(q))
    out = set()
    for uid in range(index.n_units):
        key = index.unit_key(uid)
        cuts = {e for _, a, b in rjieba.tokenize(key) for e in (a, b)} if words else range(len(key) + 1)
        windows = [key[s : s + n] for n in range(m - k, m + k + 1) for s in range(0, len(key) - n + 1)
                   if s in cuts and s + n in cuts and key[s : s + n] not in q]
        if windows and process.extractOne(q, windows, scorer=Levenshtein.distance, score_cutoff=k):
            pid = index.plans[index.plan_at(uid)].id
            out.add((pid, index.sec_ids[index.unit_sec[uid]], index.unit_block[uid], index.unit_item[uid]))
    return out


@pytest.mark.parametrize("query", ["楼宇经纪", "提高开放水品", "总部经齐", "数字经济发展新动能"])
def test_typo_recall(index, query):
    want = brute_units(index, query)
    r = search(index, query, mode="fuzzy", limit=100_000)
    got = {(h.plan, h.section, h.block, h.item) for h in r.hits}
    assert want, query
    missed = want - got
    assert len(missed) <= 0.01 * len(want), sorted(missed)[:5]
    assert got <= brute_units(index, query, words=False) | exact_units(index, query)


def exact_units(index, q: str) -> set[tuple[str, str, int, int]]:
    r = search(index, q, mode="exact", limit=100_000)
    return {(h.plan, h.section, h.block, h.item) for h in r.hits}
