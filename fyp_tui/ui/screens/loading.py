"""The first screen while the corpus loads in a worker: a progress bar, never a frozen paint."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, ProgressBar


class LoadingScreen(Screen):
    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Label(Text("fyp · 五年规划 — loading plans…", style="bold"))
            yield ProgressBar(id="load-progress", show_eta=False)

    def set_progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
