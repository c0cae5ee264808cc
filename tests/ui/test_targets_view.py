"""The targets grid and chart: the period's own goal (2025) before a 2035 vision,
the indicator column fixed, a sort indicator, sorting that respects units."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from fyp_tui.ui.screens.targets import TargetsScreen, _cell


async def open_targets(app, pilot, settle):
    await settle(pilot)
    app.push_screen(TargetsScreen())
    await settle(pilot, 0.2)
    return app.screen


async def test_the_2025_target_not_the_2035_goal(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_targets(app, pilot, settle)
        table = screen.query_one(DataTable)
        gulou = [c.key.value for c in table.ordered_columns].index("xuzhou-gulou")
        # 鼓楼区's plan: 地区生产总值突破500亿元 by 2025; 实现翻一番 is its 2035 vision.
        cell = table.get_row("gdp")[gulou].plain
        assert "500亿元" in cell and "翻一番" not in cell
        screen.show_chart("gdp")
        chart = str(screen.query_one("#targets-chart", Static).render())
        lines = chart.splitlines()
        gulou_line = next(x for x in lines if x.startswith("徐州鼓楼区"))
        assert "500亿元" in gulou_line and "█" in gulou_line
        vision = next(x for x in lines if "翻一番" in x)  # 徐州市 has only the 2035 goal: no bar
        assert "█" not in vision and "2035" in vision


async def test_indicator_column_fixed_and_sort_indicator(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_targets(app, pilot, settle)
        table = screen.query_one(DataTable)
        assert table.fixed_columns == 1
        for _ in range(len(table.columns)):
            await pilot.press("right")
        await pilot.pause()
        assert table.scroll_x > 0
        assert "地区生产总值增长率" in app.export_screenshot()  # the indicator names stay
        screen.sort_by("xuzhou-gulou")
        await pilot.pause()
        labels = {c.key.value: str(c.label) for c in table.ordered_columns}
        assert labels["xuzhou-gulou"].endswith("▼")
        assert not any(v.endswith(("▼", "▲")) for k, v in labels.items() if k != "xuzhou-gulou")
        screen.sort_by("xuzhou-gulou")
        await pilot.pause()
        assert str(table.columns[next(c.key for c in table.ordered_columns if c.key.value == "xuzhou-gulou")].label).endswith("▲")


def test_sorting_respects_units():
    cells = [_cell("79.5岁", 79.5, unit="岁"), _cell("5%", 5, unit="%"), _cell("80年", 80, unit="年"),
             _cell("90%", 90, unit="%"), _cell("完成市定任务", None)]
    ordered = [c.plain for c in sorted(cells, key=lambda c: c.sort_value)]
    # one unit at a time, larger first, 岁 and 年 together; text without a number last
    assert ordered == ["90%", "5%", "80年", "79.5岁", "完成市定任务"]


async def test_a_vision_goal_is_marked_with_its_year(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_targets(app, pilot, settle)
        table = screen.query_one(DataTable)
        col = [c.key.value for c in table.ordered_columns].index("xuzhou")
        cell = table.get_row("gdp")[col]  # 徐州市's 建议 gives only the 2035 goal
        assert "翻一番" in cell.plain and "2035" in cell.plain
        assert cell.sort_value[0] == 1  # not sorted among the 2025 numbers
