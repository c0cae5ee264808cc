"""The export dialog: what to write, in which format, and where (nothing is written
without a path the user has seen)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from ..exporting import FORMATS, render_table, write_export
from ..text import safe_text

# what → (header, rows) builder
Table = Callable[[], tuple[list[str], list[list[str]]]]


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, title: str, tables: dict[str, Table], stem: str) -> None:
        super().__init__()
        self.title_text = title
        self.tables = tables
        self.stem = stem

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label(safe_text(self.title_text, "bold"))
            yield Select([(k, k) for k in self.tables], value=next(iter(self.tables)), allow_blank=False,
                         id="export-what")
            yield Select([(f, f) for f in FORMATS], value="csv", allow_blank=False, id="export-format")
            yield Input(str(Path.cwd() / f"{self.stem}.csv"), id="export-path")
            yield Label(Text("enter: write · esc: cancel", style="dim"), id="export-status")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        box = self.query_one("#export-path", Input)
        p = Path(box.value)
        if p.suffix.lstrip(".") in FORMATS:
            box.value = str(p.with_suffix("." + str(event.value)))

    @on(Input.Submitted, "#export-path")
    def write(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        fmt = str(self.query_one("#export-format", Select).value)
        what = str(self.query_one("#export-what", Select).value)
        if not raw:
            return
        path = Path(raw).expanduser()
        header, rows = self.tables[what]()
        try:
            write_export(path, render_table(header, rows, fmt))
        except OSError as e:
            msg = str(e) if not e.strerror else f"{path}: {e.strerror}"
            self.query_one("#export-status", Label).update(safe_text(msg, "bold red", one_line=True))
            return
        self.app.notify(f"wrote {len(rows)} rows to {path}")
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
