"""``limit`` counts rows (units), and a row holds every match of its unit, whatever tier
found it: ``--limit 1`` for 楼宇经纪 showed one of its unit's two 楼宇经济 highlighted, and
``--limit 3`` gave two rows where 楼宇经济 gave three."""

from __future__ import annotations

import pytest

from fyp_tui.search import search


def occurrences(text: str, s: str) -> list[tuple[int, int]]:
    out, at = [], text.find(s)
    while at >= 0:
        out.append((at, at + len(s)))
        at = text.find(s, at + len(s))
    return out


@pytest.mark.parametrize("q", ["楼宇经纪", "楼语经济", "lyjj", "louyujingji"])
@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_a_fuzzy_rows_are_the_exact_rows_each_with_every_match(index, q, limit):
    got = search(index, q, limit=limit)
    assert got.total and got.tiers.get("exact", 0) == 0  # found by a lower tier
    assert len(got.hits) == limit
    for h in got.hits:
        # in the bundled plans these rank 楼宇经济 first (lyjj also finds 旅游经济, further down)
        assert h.matched.startswith("楼宇经济") and [tuple(s) for s in h.spans] == occurrences(h.text, "楼宇经济")
    exact = search(index, "楼宇经济", limit=limit)
    assert [(h.plan, h.section, h.block, h.item) for h in got.hits] == \
        [(h.plan, h.section, h.block, h.item) for h in exact.hits]
