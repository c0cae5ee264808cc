"""A failed worker is reported and the app stays up; a crash makes `fyp` exit
non-zero (it used to exit 0)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from textual.worker import WorkerState

from fyp_tui.ui.app import FypApp


async def settled(pilot, worker) -> None:
    for _ in range(200):
        if worker.state in (WorkerState.ERROR, WorkerState.SUCCESS):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_failed_worker_notifies_and_the_app_stays_alive(corpus):
    app = FypApp(corpus)
    async with app.run_test() as pilot:
        await pilot.pause()

        def boom():
            raise RuntimeError("index exploded")

        worker = app.run_worker(boom, thread=True)  # exit_on_error defaults to True
        await settled(pilot, worker)
        assert app.is_running and app.return_code is None
        assert any("index exploded" in n for n in notes(app))
        await pilot.press("question_mark")  # still answering keys
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_a_failed_corpus_load_leaves_an_empty_app_with_the_reason(user_dirs):
    def loader(progress):
        raise OSError(5, "Input/output error")

    app = FypApp(loader=loader)
    async with app.run_test() as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.loading is None:
                break
        await pilot.pause()
        assert app.is_running and app.loading is None
        assert type(app.screen).__name__ == "BrowseScreen"
        assert any("Input/output error" in n for n in notes(app))


CRASHING_APP = """
import sys
from fyp_tui.cli import main
from fyp_tui.ui.screens.browse import BrowseScreen

def crash(self):
    raise RuntimeError("crash in the browse screen")

if sys.argv[1] == "crash":
    BrowseScreen.compose = crash
sys.exit(main(["--no-user-corpus"]))
"""


@pytest.mark.parametrize("how,status", [("clean", 0), ("crash", 1)])
def test_the_exit_status_says_whether_the_app_crashed(user_dirs, how, status):
    """In a subprocess: headless, leaving after the first frame (as the start-up benchmark does)."""
    env = {**os.environ, "FYP_EXIT_AFTER_FIRST_FRAME": "1"}
    r = subprocess.run([sys.executable, "-c", CRASHING_APP, how], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == status, r.stderr[-2000:]
