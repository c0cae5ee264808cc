"""Typo tier recall against a brute-force rapidfuzz scan of every window of every unit."""

from __future__ import annotations

import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from fyp_tui.search import search
from fyp_tui.search.tiers import typo_budget


def brute_units(index, q: str) -> set[tuple[str, str, int, int]]:
    """Units holding some substring within the typo budget of ``q``."""
    m, k = len(q), typo_budget(len(q))
    out = set()
    for uid in range(index.n_units):
        key = index.unit_key(uid)
        windows = [key[s : s + n] for n in range(m - k, m + k + 1) for s in range(0, len(key) - n + 1)]
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
