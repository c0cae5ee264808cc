"""Indicator tables keep short units whole at reading widths: 亿美元 never becomes 亿美 / 元."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console

from fyp_tui.render import IndicatorTable


@pytest.mark.parametrize("width", [60, 76, 100])
def test_short_units_are_not_split(corpus, width):
    checked = 0
    for plan in corpus.plans.values():
        for table in plan.tables():
            if not table.rows:
                continue
            con = Console(width=width, record=True, force_terminal=True, color_system=None)
            con.print(IndicatorTable(table))
            out = con.export_text()
            for row in table.rows:
                unit = row.unit.strip()
                if unit and cell_len(unit) <= 6 and " " not in unit:
                    assert unit in out, (plan.id, unit, width)
                    checked += 1
    assert checked > 20


@pytest.mark.parametrize("width", [48, 52, 56])
def test_in_a_narrow_reader_the_head_序号_gives_its_cells_to_the_indicator(corpus, width):
    """At 80 columns the reader is ~52 cells wide: the indicator's name got 4 cells (地区 /
    生产 / 总值 / …) while the head 序号 kept 4 for numbers of 1–2 digits. The head wraps
    (序 / 号) before the name is squeezed; the numbers and every indicator's text stay
    whole, and no printed line passes the width."""
    plan = corpus.plans["xuzhou-gulou"]
    table = next(t for t in plan.tables() if "指标体系" in t.caption)
    con = Console(width=width, record=True, force_terminal=True, color_system=None)
    con.print(IndicatorTable(table))
    out = con.export_text()
    lines = out.splitlines()
    assert all(cell_len(ln.rstrip()) <= width for ln in lines)
    head = next(ln for ln in lines if ln.strip().startswith("序"))
    assert "序号" not in head  # wrapped: 序 / 号
    flat = "".join(ln.replace(" ", "") for ln in lines)
    for row in table.rows:
        assert row.number in flat
    first = next(ln for ln in lines if ln.lstrip().startswith("1 ")).split()  # 1 经 地区生… % 2.9 …
    assert first[2].startswith("地区") and cell_len(first[2]) >= (4 if width < 52 else 6)
