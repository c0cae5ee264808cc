"""The app takes the terminal's own size, not a COLUMNS / LINES left in the environment."""

from __future__ import annotations

import argparse
import io
import os

from fyp_tui.cli.app import run_app


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(monkeypatch, corpus, tty: bool) -> dict:
    seen: dict = {}

    def fake_run(self, headless: bool = False) -> None:
        seen.update(COLUMNS=os.environ.get("COLUMNS"), LINES=os.environ.get("LINES"))

    monkeypatch.setattr("fyp_tui.ui.app.FypApp.run", fake_run)
    monkeypatch.setattr("sys.stdout", _Tty() if tty else io.StringIO())
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.delenv("FYP_EXIT_AFTER_FIRST_FRAME", raising=False)
    run_app(argparse.Namespace(ref="", theme="", loader=None), corpus)
    return seen


def test_a_stale_columns_export_is_not_the_window(monkeypatch, corpus):
    """A shell that exported COLUMNS=120 (shutil, which Textual asks, believes it) laid the
    app out 120 wide in an 80-column window: text, dialogs and the footer ran off its edge.
    On a terminal the app sees no COLUMNS / LINES (the window's size is read from it)."""
    assert _run(monkeypatch, corpus, tty=True) == {"COLUMNS": None, "LINES": None}


def test_not_on_a_terminal_the_environment_is_left_alone(monkeypatch, corpus):
    assert _run(monkeypatch, corpus, tty=False) == {"COLUMNS": "120", "LINES": "50"}
