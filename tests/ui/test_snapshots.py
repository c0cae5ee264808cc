"""Snapshots of the main screens at fixed sizes (update with --snapshot-update after a
deliberate change, and look at the SVGs in tests/ui/__snapshots__ before committing)."""

from __future__ import annotations


def test_browse_screen(snap_compare, corpus, make_app, still):
    async def run_before(pilot):
        await still(pilot)
        await pilot.press("down", "down", "down", "down", "right", "down", "down", "down", "right", "down")
        await still(pilot)

    assert snap_compare(make_app(corpus), terminal_size=(120, 40), run_before=run_before)


def test_search_screen(snap_compare, corpus, make_app, still):
    async def run_before(pilot):
        await still(pilot)
        await pilot.press("slash", *"lyjj")
        await pilot.pause(0.3)
        await still(pilot)

    assert snap_compare(make_app(corpus), terminal_size=(120, 40), run_before=run_before)


def test_reader_at_80_columns(snap_compare, corpus, make_app, still):
    async def run_before(pilot):
        await still(pilot)

    app = make_app(corpus, start="xuzhou-gulou#ch01.s05.tab02")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def settle_compare(pilot, still) -> None:
    """Wait until the pair table and the side-by-side rows are on screen."""
    for _ in range(300):
        screen = pilot.app.screen
        if screen.query("#sides .side-row") and screen.query_one("#pairs").row_count:
            break
        await pilot.pause(0.02)
    await still(pilot)
    await pilot.pause(0.2)


def test_compare_screen_80x24(snap_compare, corpus, make_app, still):
    from fyp_tui.ui.screens.compare import CompareScreen

    async def run_before(pilot):
        await still(pilot)
        pilot.app.push_screen(CompareScreen("xuzhou-gulou", "zhenjiang-jingkou"))
        await settle_compare(pilot, still)
        await pilot.press("n")
        await settle_compare(pilot, still)

    assert snap_compare(make_app(corpus), terminal_size=(80, 24), run_before=run_before)


def test_compare_screen_120x40(snap_compare, corpus, make_app, still):
    from fyp_tui.ui.screens.compare import CompareScreen

    async def run_before(pilot):
        await still(pilot)
        pilot.app.push_screen(CompareScreen("xuzhou", "xuzhou-gulou"))
        await settle_compare(pilot, still)

    assert snap_compare(make_app(corpus), terminal_size=(120, 40), run_before=run_before)


def test_targets_sorted_80x24(snap_compare, corpus, make_app, still):
    """The indicator column stays while plan columns scroll; ▼ marks the sorted column."""
    from fyp_tui.ui.screens.targets import TargetsScreen

    async def run_before(pilot):
        await still(pilot)
        pilot.app.push_screen(TargetsScreen())
        await still(pilot)
        pilot.app.screen.sort_by("xuzhou-gulou")
        await pilot.press("right", "right", "right", "right")
        await still(pilot)

    assert snap_compare(make_app(corpus), terminal_size=(80, 24), run_before=run_before)


def test_find_in_plan_80x24(snap_compare, corpus, make_app, still):
    """Find: the current match of how many, highlights in the reader."""
    async def run_before(pilot):
        await still(pilot)
        await pilot.press("f", *"楼宇经济", "enter")
        await still(pilot)

    app = make_app(corpus, start="xuzhou-gulou#preface")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
