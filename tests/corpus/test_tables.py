"""xuzhou-gulou's two indicator tables against the rows read off the document.

tests/expected/xuzhou-gulou-tables.json holds the cells as written (made by
tests/expected/read_outline.py from the one-cell-per-line raw text). Compared with
white space folded only; the reading rules the document states are spelled out here:
`【】` marks a five-year cumulative value (its footnote), and the 十四五 table has no
unit column, the unit being written in the indicator's trailing brackets.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import REPO

GOLD = json.loads((REPO / "tests" / "expected" / "xuzhou-gulou-tables.json").read_text(encoding="utf-8"))


def f(s: str) -> str:
    """White space folded, nothing else (never the product's normaliser)."""
    return re.sub(r"\s+", "", s)


def bare(cell: str) -> str:
    """A value cell without the 【】 that mark it cumulative."""
    return cell[1:-1] if cell.startswith("【") and cell.endswith("】") else cell


def unit_written_in(indicator: str) -> str:
    """`地区生产总值增长率(%)` -> `%`; no trailing brackets -> ``."""
    m = re.search(r"[(（]([^()（）]*)[)）]$", indicator)
    return m.group(1) if m else ""


def tables(corpus):
    t = corpus.get("xuzhou-gulou").tables()
    assert len(t) == 2
    by = {("十四五" if "十四五" in x.caption else "十三五"): x for x in t}
    assert set(by) == {"十四五", "十三五"}
    return by


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
    for key in ("number", "category", "attribute"):
        assert f(getattr(got, key)) == f(want[key]), f"row {k + 1} {key}"
    assert f(got.baseline) == f(bare(want["baseline"])), f"row {k + 1} baseline"
    assert f(got.target) == f(bare(want["target"])), f"row {k + 1} target"
    assert got.cumulative == want["target"].startswith("【"), f"row {k + 1} cumulative"
    assert f(got.unit) == f(unit_written_in(want["indicator"])), f"row {k + 1} unit"


def test_fourteenth_plan_indicators_as_written(corpus):
    got = [f(r.indicator) for r in tables(corpus)["十四五"].rows]
    assert got == [f(r["indicator"]) for r in GOLD["十四五"]["rows"]]


def test_thirteenth_plan_indicators_as_written(corpus):
    got = [f(r.indicator) for r in tables(corpus)["十三五"].rows]
    assert got == [f(r["indicator"]) for r in GOLD["十三五"]["rows"]]


@pytest.mark.parametrize("k", range(len(GOLD["十三五"]["rows"])))
def test_thirteenth_plan_rows(corpus, k):
    t = tables(corpus)["十三五"]
    assert len(t.rows) == len(GOLD["十三五"]["rows"])
    got, want = t.rows[k], GOLD["十三五"]["rows"][k]
    # This table's columns are “十三五”目标 (the goal: our target) and 2020年 (the
    # actual result: our baseline column); a lone value is the goal.
    assert "目标" in t.target_year and t.baseline_year.startswith("2020")
    # this table has a 单位 column; where a row has no 单位 cell the unit is the one written in its name
    assert f(got.unit) == f(want["unit"] or unit_written_in(want["indicator"]))
    assert f(got.target) == f(want["goal"])
    assert f(got.baseline) == f(want["actual"])
    assert got.attribute == want["attribute"]
    assert not got.cumulative  # no 【】 in this table


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


def test_a_section_s_text_holds_each_table_caption_once():
    """What compare, reuse and the reader's copy read of a section (``full_text``) is
    the document once over: a table's caption is not repeated before its rows."""
    from fyp_tui.corpus import load_corpus

    corpus = load_corpus(include_user=False)
    seen = 0
    for plan in corpus.plans.values():
        for sec in plan.walk():
            text = sec.body_text()
            for t in (b for b in sec.blocks if getattr(b, "caption", "")):
                seen += 1
                assert text.count(t.caption) == 1, (plan.id, sec.id, t.caption)
    assert seen >= 3
