"""xuzhou-gulou's two indicator tables against the rows read off the document."""

from __future__ import annotations

import json

import pytest

from fyp_tui.textnorm import fold
from tests.conftest import REPO

GOLD = json.loads((REPO / "tests" / "expected" / "xuzhou-gulou-tables.json").read_text(encoding="utf-8"))


def tables(corpus):
    t = corpus.get("xuzhou-gulou").tables()
    assert len(t) == 2
    by = {("十四五" if "十四五" in x.caption else "十三五"): x for x in t}
    assert set(by) == {"十四五", "十三五"}
    return by


def f(s: str) -> str:
    return fold(s.replace(" ", ""))


def test_fourteenth_plan_table_has_31_rows(corpus):
    t = tables(corpus)["十四五"]
    assert len(t.rows) == 31
    assert [r.number for r in t.rows] == [str(k) for k in range(1, 32)]
    pm = t.rows[23]
    assert (pm.indicator, pm.baseline, pm.target, pm.attribute) == ("PM2.5平均浓度", "47.9", "35", "约束性")
    assert t.notes and "五年累计" in t.notes[0].text


@pytest.mark.parametrize("k", range(31))
def test_fourteenth_plan_rows(corpus, k):
    got = tables(corpus)["十四五"].rows[k]
    want = GOLD["十四五"]["rows"][k]
    for key in ("number", "category", "indicator", "unit", "baseline", "target", "attribute", "cumulative"):
        w = want[key]
        g = getattr(got, key)
        assert (f(g) if isinstance(g, str) else g) == (f(w) if isinstance(w, str) else w), f"row {k + 1} {key}"


@pytest.mark.parametrize("k", range(len(GOLD["十三五"]["rows"])))
def test_thirteenth_plan_rows(corpus, k):
    t = tables(corpus)["十三五"]
    assert len(t.rows) == len(GOLD["十三五"]["rows"])
    got, want = t.rows[k], GOLD["十三五"]["rows"][k]
    # This table's columns are “十三五”目标 (the goal: our target) and 2020年 (the
    # actual result: our baseline column); a lone value is the goal.
    assert "目标" in t.target_year and t.baseline_year.startswith("2020")
    assert f(got.indicator) == f(want["indicator"])
    assert f(got.unit) == f(want["unit"])
    assert f(got.target) == f(want["goal"])
    assert f(got.baseline) == f(want["actual"])
    assert got.attribute == want["attribute"]
    assert got.cumulative == want["cumulative"]


def test_cumulative_values(corpus):
    t = tables(corpus)["十四五"]
    row4 = t.rows[3]
    assert row4.cumulative and (row4.baseline, row4.target) == ("23", "50")
    assert "【23】" in row4.cells  # the cell as written is kept


def test_missing_cell_is_left_empty_not_shifted(corpus):
    row9 = tables(corpus)["十四五"].rows[8]
    assert (row9.baseline, row9.target, row9.attribute) == ("", ">10", "预期性")


def test_lost_tables_keep_their_caption(corpus):
    zj = corpus.get("zhenjiang-jingkou").tables()
    assert [t.caption for t in zj] == ["京口区“十四五”经济社会发展主要目标"]
    assert zj[0].rows == []
    fz = corpus.get("fuzhou-gulou").tables()
    assert len(fz) == 2 and all(not t.rows for t in fz)
