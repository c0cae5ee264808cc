"""A count of 0 says why: `message` names the query and what was searched (the README's
promise; `szjj --mode exact` and `xyz123` gave 0 and an empty message)."""

from __future__ import annotations

import pytest

from fyp_tui.search import search


@pytest.mark.parametrize("q,mode", [("szjj", "exact"), ("xyz123", "auto"), ("火星基地", "auto"),
                                    ("量子纠缠通信枢纽", "auto"), ("qwrtp", "auto"), ("火星", "auto")])
def test_a_zero_says_what_was_searched(index, q, mode):
    got = search(index, q, mode=mode)
    assert got.total == 0 and q in got.message
    assert ("auto mode" in got.message) == (mode == "exact")


def test_a_count_has_no_zero_message(index):
    assert search(index, "楼宇经济").message == "" and search(index, "lyjj").message == ""
