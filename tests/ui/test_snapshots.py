"""Snapshots of the main screens at fixed sizes (update with --snapshot-update after a
deliberate change, and look at the SVGs in tests/ui/__snapshots__ before committing)."""

from __future__ import annotations

from textual.widgets import Input

from fyp_tui.bookmarks import BookmarkStore
from fyp_tui.config import load_config
from fyp_tui.ui.app import FypApp


def make_app(corpus, tmp_path, **kw) -> FypApp:
    return FypApp(corpus, config=load_config(tmp_path / "none.toml"),
                  bookmarks=BookmarkStore(tmp_path / "bookmarks.json"), **kw)


async def settle(pilot) -> None:
    app = pilot.app
    await pilot.pause(0.1)
    for _ in range(200):
        if not any(w.is_running for w in app.workers):
            break
        await pilot.pause(0.02)
    for inp in app.screen.query(Input):
        inp.cursor_blink = False  # a blinking cursor would make the picture flicker
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.1)  # tables size their columns on the refresh after new rows


def test_browse_screen(snap_compare, corpus, tmp_path):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "right", "down", "down", "down", "right", "down")
        await settle(pilot)

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(120, 40), run_before=run_before)


def test_search_screen(snap_compare, corpus, tmp_path):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("slash", *"lyjj")
        await pilot.pause(0.3)
        await settle(pilot)

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(120, 40), run_before=run_before)


def test_reader_at_80_columns(snap_compare, corpus, tmp_path):
    async def run_before(pilot):
        await settle(pilot)

    app = make_app(corpus, tmp_path, start="xuzhou-gulou#ch01.s05.tab02")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def settle_compare(pilot) -> None:
    """Wait until the pair table and the side-by-side rows are on screen."""
    for _ in range(300):
        screen = pilot.app.screen
        if screen.query("#sides .side-row") and screen.query_one("#pairs").row_count:
            break
        await pilot.pause(0.02)
    await settle(pilot)
    await pilot.pause(0.2)


def test_compare_screen_80x24(snap_compare, corpus, tmp_path):
    from fyp_tui.ui.screens.compare import CompareScreen

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(CompareScreen("xuzhou-gulou", "zhenjiang-jingkou"))
        await settle_compare(pilot)
        await pilot.press("n")
        await settle_compare(pilot)

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_compare_screen_120x40(snap_compare, corpus, tmp_path):
    from fyp_tui.ui.screens.compare import CompareScreen

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(CompareScreen("xuzhou", "xuzhou-gulou"))
        await settle_compare(pilot)

    assert snap_compare(make_app(corpus, tmp_path), terminal_size=(120, 40), run_before=run_before)
