"""A failed background task notifies and the app goes on; a real crash exits 1."""

from __future__ import annotations

from fyp_tui.ui.screens.search import SearchScreen


async def test_a_failed_worker_notifies_and_the_app_lives(corpus, make_app, settle, monkeypatch):
    import fyp_tui.ui.screens.search as search_screen

    def broken(corpus):
        raise OSError("disk on fire")

    monkeypatch.setattr(search_screen, "get_index", broken)
    app = make_app(corpus)
    app.search_index = None
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot, 0.2)
        assert app.is_running
        assert isinstance(app.screen, SearchScreen)
        assert any("disk on fire" in n.message and n.severity == "error" for n in app._notifications)
        await pilot.press("escape", "n")  # still answers keys
        await settle(pilot)
        assert app.is_running
    assert app.return_code in (0, None)


async def test_a_crash_exits_non_zero(corpus, make_app, settle):
    app = make_app(corpus)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.call_later(lambda: 1 / 0)
            await settle(pilot)
    except ZeroDivisionError:
        pass
    assert app.return_code == 1
