"""``b`` on a bookmarked section asks before the bookmark (and its note) goes."""

from __future__ import annotations

from fyp_tui.ui.screens.confirm import ConfirmScreen


async def test_unbookmark_asks_first(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou#p03.i04")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("b")  # bookmark: no question
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("m", *"keep me", "ctrl+s")
        await settle(pilot)
        await pilot.press("b")
        assert isinstance(app.screen, ConfirmScreen)
        assert "keep me" in app.screen.detail
        await pilot.press("n")  # keep it
        await settle(pilot)
        mark = app.bookmarks.find("xuzhou", "p03.i04")
        assert mark is not None and mark.note == "keep me"
        await pilot.press("b", "y")  # now remove it
        await settle(pilot)
        assert app.bookmarks.find("xuzhou", "p03.i04") is None


async def test_each_plan_reopens_where_it_was_left(corpus, make_app, settle, tmp_path):
    from fyp_tui.ui.state import UiState

    app = make_app(corpus, start="xuzhou-gulou#ch03.s02")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        app.open_location("fuzhou-gulou")
        await settle(pilot, 0.2)
        assert app.screen.plan.id == "fuzhou-gulou"
        app.open_location("xuzhou-gulou")  # no section given: back where it was
        await settle(pilot, 0.2)
        assert app.screen.section_id == "ch03.s02"
        await pilot.press("q")
        await settle(pilot)
    assert UiState.load(tmp_path / "ui-state.json").places.get("xuzhou-gulou") == "ch03.s02"
