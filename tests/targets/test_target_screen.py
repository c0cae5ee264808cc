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


async def open_grid(app, pilot) -> TargetsScreen:
    await settle(pilot, app)
    app.push_screen(TargetsScreen())
    await settle(pilot, app)
    return app.screen


async def test_targets_grid_sort_chart_and_open(corpus, tmp_path):
    app = FypApp(corpus, config=load_config(tmp_path / "none.toml"), bookmarks=BookmarkStore(tmp_path / "b.json"))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_grid(app, pilot)
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


async def test_a_plan_of_another_period_shows_its_own_periods_goals(tmp_path):
    """The national 十二五 纲要 (../shared/realworld) beside the bundled 十四五 plans: its
    column says 十二五 and holds its 2015 goals (城镇登记失业率控制在５％以内), not
    nothing, and not dimmed as a goal for another year."""
    import pytest

    from fyp_tui.corpus import load_corpus, parsed_json
    from fyp_tui.ingest import parse_bytes
    from fyp_tui.targets import find_canon
    from tests.conftest import REALWORLD

    if REALWORLD is None:
        pytest.skip("../shared/realworld is not beside this checkout")
    plan = parse_bytes((REALWORLD / "cn12-pdftext.txt").read_bytes(), "cn12-pdftext")
    (tmp_path / "c" / "parsed").mkdir(parents=True)
    (tmp_path / "c" / "parsed" / "cn12-pdftext.json").write_text(parsed_json(plan), encoding="utf-8")
    corpus = load_corpus(extra=[tmp_path / "c"], include_user=False)
    app = FypApp(corpus, config=load_config(tmp_path / "none.toml"), bookmarks=BookmarkStore(tmp_path / "b.json"))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_grid(app, pilot)
        table = screen.query_one(DataTable)
        keys = [c.key.value for c in table.ordered_columns]
        labels = dict(zip(keys, (str(c.label) for c in table.ordered_columns)))
        assert labels["cn12-pdftext"].endswith("十二五") and labels["xuzhou-gulou"].endswith("十四五")
        key = find_canon("城镇登记失业率").key
        t = screen.grid[key]["cn12-pdftext"]
        assert t.target_year == "2015"
        cell = table.get_row(key)[keys.index("cn12-pdftext")]
        assert cell.plain == "≤5%" and "dim" not in str(cell.style)
