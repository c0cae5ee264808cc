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
