"""Fixtures for driving the app with Pilot: one app factory and one ``settle``."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from fyp_tui.bookmarks import BookmarkStore
from fyp_tui.config import load_config
from fyp_tui.ui.app import FypApp
from fyp_tui.ui.state import UiState


async def wait_idle(pilot, seconds: float = 0.05) -> None:
    """Let timers fire and thread workers (layout, search, alignment) finish."""
    app = pilot.app
    await pilot.pause(seconds)
    for _ in range(300):
        if not any(w.is_running for w in app.workers):
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_still(pilot) -> None:
    """``wait_idle``, then stop cursors blinking and animations: for snapshots."""
    await wait_idle(pilot, 0.1)
    for inp in pilot.app.screen.query(Input):
        inp.cursor_blink = False  # a blinking cursor would make the picture flicker
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.1)  # tables size their columns on the refresh after new rows


@pytest.fixture
def settle():
    return wait_idle


@pytest.fixture
def still():
    return wait_still


@pytest.fixture
def make_app(tmp_path):
    """``make_app(corpus, **kw)``: an app on that corpus with config, bookmarks and
    state kept in ``tmp_path`` (never the developer's own)."""

    def make(corpus, config_text: str = "", **kw) -> FypApp:
        cfg = tmp_path / "config.toml"
        if config_text:
            cfg.write_text(config_text, encoding="utf-8")
        kw.setdefault("bookmarks", BookmarkStore(tmp_path / "bookmarks.json"))
        kw.setdefault("state", UiState.load(tmp_path / "ui-state.json"))
        return FypApp(corpus, config=load_config(cfg), **kw)

    return make
