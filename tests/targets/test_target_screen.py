"""The targets view driven with Pilot: the grid, sorting, the chart, opening a source."""

from __future__ import annotations

from fyp_tui.bookmarks import BookmarkStore
from fyp_tui.config import load_config
from fyp_tui.ui.app import FypApp
from fyp_tui.ui.screens.browse import BrowseScreen
from fyp_tui.ui.screens.targets import TargetsScreen
from textual.widgets import DataTable, Static


async def settle(pilot, app) -> None:
    await pilot.pause(0.05)
    for _ in range(200):
        if not any(w.is_running for w in app.workers):
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def test_targets_grid_sort_chart_and_open(corpus, tmp_path):
    app = FypApp(corpus, config=load_config(tmp_path / "none.toml"), bookmarks=BookmarkStore(tmp_path / "b.json"))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot, app)
        app.push_screen(TargetsScreen())
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        table = screen.query_one(DataTable)
        assert len(table.columns) == 1 + len(corpus.plans)
        headers = [str(c.label) for c in table.ordered_columns]
        assert "徐州鼓楼区纲要" in headers and "福州鼓楼区纲要" in headers
        assert "gdp_growth" in [r.key.value for r in table.ordered_rows]
        # The GDP-growth row: 徐州鼓楼区 ≥6.5%/年 with its 2020 baseline 2.9%.
        gulou = [c.key.value for c in table.ordered_columns].index("xuzhou-gulou")
        row = table.get_row("gdp_growth")
        assert row[gulou].plain == "≥6.5%/年 (2.9%)"

        # Sort by the 徐州鼓楼区 column: the largest target first.
        screen.sort_by("xuzhou-gulou")
        await pilot.pause()
        first = table.get_row_at(0)[gulou]
        assert first.sort_value[0] == 0
        vals = [table.get_row_at(i)[gulou].sort_value for i in range(table.row_count)]
        assert vals == sorted(vals)

        # Highlight the GDP-growth cell of 徐州鼓楼区: the chart shows that indicator.
        table.move_cursor(row=table.get_row_index("gdp_growth"), column=gulou)
        await pilot.pause()
        chart = str(screen.query_one("#targets-chart", Static).render())
        assert "地区生产总值增长率" in chart and "徐州鼓楼区" in chart and "█" in chart
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.plan.id == "xuzhou-gulou" and app.screen.section_id == "ch01.s05"
