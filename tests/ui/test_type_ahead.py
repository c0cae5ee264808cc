"""Keys typed at once after ``/`` are the start of the query.

On a fresh install, ``/`` then ``lyjj`` typed within a second searched for nothing:
each key is queued to the focused widget before the one ahead of it has run its
binding, so the letters reached the tree beneath the opening search screen. Keys are
sent here the way a terminal delivers them, all at once, without waiting between."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from fyp_tui.ui.app import FypApp


def typed(app: FypApp, keys: str) -> None:
    for ch in keys:
        app._driver.send_message(events.Key("slash" if ch == "/" else ch, ch))


@pytest.mark.parametrize("keys", ["/lyjj", "/cbd"])  # c opens the compare picker on the reader
async def test_letters_typed_with_the_slash_are_the_query(corpus, make_app, keys):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        typed(app, keys)
        await pilot.pause(1.0)
        # No action of a letter bound beneath ran: the search screen is the only one opened.
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "BrowseScreen", "SearchScreen"]
        assert app.screen.query_one("#q", Input).value == keys[1:]
        typed(app, "x")  # and the box takes keys as usual afterwards
        await pilot.pause(0.3)
        assert app.screen.query_one("#q", Input).value == keys[1:] + "x"


@pytest.mark.parametrize("kept,screen", [(("T", "T"), "TargetsScreen"), (("question_mark", "?"), "HelpScreen")])
async def test_keys_kept_for_a_search_that_never_opened_are_sent_on(corpus, make_app, kept, screen):
    """``T`` (the targets grid) or ``?`` (help) kept after a ``/`` that opened nothing
    still opens its screen: each is sent on as the key it came as."""
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        app._typed_ahead = [kept]
        app._typed_ahead_unclaimed()
        await pilot.pause(0.5)
        assert app._typed_ahead is None and type(app.screen).__name__ == screen
