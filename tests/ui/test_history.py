"""History: back and forward across reader, search (query, filters and cursor
restored), targets and compare; next/previous hit of the last search from the reader."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select

from fyp_tui.ui.history import History, Place
from fyp_tui.ui.screens.browse import BrowseScreen
from fyp_tui.ui.screens.search import SearchScreen
from fyp_tui.ui.screens.targets import TargetsScreen


def test_history_steps():
    h = History()
    a, b, c = Place("reader", "x", "ch01"), Place("search", query="q"), Place("reader", "y", "ch02")
    h.leave(a)
    h.leave(b)
    assert h.go_back(c) == b
    assert h.go_back(b) == a
    assert h.go_forward(a) == b
    assert h.go_forward(b) == c
    assert h.go_forward(c) is None
    h.go_back(c)
    h.leave(Place("targets"))  # a new jump clears forward
    assert h.forward == []


async def test_back_to_search_restores_query_filters_cursor(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#ch02")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"楼宇经济")
        await settle(pilot, 0.3)
        screen = app.screen
        screen.query_one("#level", Select).value = "district"
        await pilot.pause(0.3)
        await settle(pilot, 0.3)
        await pilot.press("enter", "down", "down")
        hits = screen.query_one("#hits", OptionList)
        cursor = hits.highlighted
        row = screen._hits[cursor]
        await pilot.press("enter")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, BrowseScreen) and app.screen.plan.id == row.first.plan
        await pilot.press("alt+left")
        await settle(pilot, 0.5)
        back = app.screen
        assert isinstance(back, SearchScreen)
        assert back.query_one("#q", Input).value == "楼宇经济"
        assert back.query_one("#level", Select).value == "district"
        assert back.query_one("#hits", OptionList).highlighted == cursor
        await pilot.press("alt+left")  # before the search: the reader where it was
        await settle(pilot, 0.2)
        assert isinstance(app.screen, BrowseScreen)
        assert (app.screen.plan.id, app.screen.section_id) == ("xuzhou-gulou", "ch02")
        await pilot.press("L")  # forward again (alt+right where the terminal passes it)
        await settle(pilot, 0.5)
        assert isinstance(app.screen, SearchScreen)


async def test_next_hit_of_the_last_search_from_the_reader(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"楼宇经济")
        await settle(pilot, 0.3)
        await pilot.press("enter", "enter")  # the first hit
        await settle(pilot, 0.2)
        rows = app.last_hits
        assert len(rows) > 3 and app.last_hit == 0
        app.screen.query_one("#doc").focus()
        await pilot.press("full_stop")
        await settle(pilot, 0.2)
        assert (app.screen.plan.id, app.screen.section_id) == (rows[1].first.plan, rows[1].first.section)
        await pilot.press("comma", "comma")  # wraps to the last
        await settle(pilot, 0.2)
        assert app.last_hit == len(rows) - 1


async def test_back_from_targets(corpus, make_app, settle):
    app = make_app(corpus, start="fuzhou-gulou#ch03")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("T")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, TargetsScreen)
        table = app.screen.query_one("#targets-table")
        col = [c.key.value for c in table.ordered_columns].index("xuzhou-gulou")
        table.move_cursor(row=table.get_row_index("gdp_growth"), column=col)
        await pilot.pause()
        await pilot.press("enter")  # open a target's source in the reader
        await settle(pilot, 0.2)
        assert isinstance(app.screen, BrowseScreen) and app.screen.plan.id == "xuzhou-gulou"
        await pilot.press("alt+left")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, TargetsScreen)


async def test_any_screen_with_a_place_comes_back(corpus, make_app, settle):
    from textual.screen import Screen
    from textual.widgets import Static

    class Elsewhere(Screen):
        def compose(self):
            yield Static("elsewhere")

        def place(self):
            return Place("elsewhere", make=Elsewhere)

    app = make_app(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(Elsewhere())
        await settle(pilot)
        app.open_location("xuzhou-gulou", "ch02")
        await settle(pilot, 0.2)
        await pilot.press("alt+left")
        await settle(pilot)
        assert isinstance(app.screen, Elsewhere)


async def test_back_through_a_reuse_list_and_the_section_it_was_opened_from(corpus, make_app, settle):
    """reader → r (reuse) → enter (a match's source) → back, back: the reuse list, then the
    section r was pressed on. Back skipped both: the reuse list had no place in the
    history and r did not leave the reader's."""
    from fyp_tui.ui.screens.reuse import ReuseScreen

    app = make_app(corpus, start="fuzhou-gulou#preface")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("r")
        await settle(pilot, 1.0)
        assert isinstance(app.screen, ReuseScreen) and app.screen.matches
        await pilot.press("enter")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, BrowseScreen)
        opened = (app.screen.plan.id, app.screen.section_id)
        assert opened[0] != "fuzhou-gulou"
        await pilot.press("H")
        await settle(pilot, 1.0)
        assert isinstance(app.screen, ReuseScreen)
        assert (app.screen.plan_id, app.screen.section_id) == ("fuzhou-gulou", "preface")
        await pilot.press("H")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, BrowseScreen)
        assert (app.screen.plan.id, app.screen.section_id) == ("fuzhou-gulou", "preface")


async def test_back_to_a_targets_grid_of_some_plans_brings_those_plans(corpus, make_app, settle):
    """Back to targets built every plan's grid again (TargetsScreen()), whatever the grid
    had been (a region's plans, a period): it comes back with its own plans and scope."""
    app = make_app(corpus, start="fuzhou-gulou#ch03")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        app.history.leave(app.here())
        app.push_screen(TargetsScreen(["xuzhou-gulou", "fuzhou-gulou"], scope="两个鼓楼区"))
        await settle(pilot, 0.3)
        table = app.screen.query_one("#targets-table")
        col = [c.key.value for c in table.ordered_columns].index("xuzhou-gulou")
        table.move_cursor(row=table.get_row_index("gdp_growth"), column=col)
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("alt+left")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, TargetsScreen)
        assert (app.screen.plan_ids, app.screen.scope) == (["xuzhou-gulou", "fuzhou-gulou"], "两个鼓楼区")
