"""The help screen: every key that applies, read from the live bindings (remaps included)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..text import safe_text

INTRO = (
    "fyp — 五年规划浏览器. Browse plans in the tree (the reader follows the cursor), "
    "search every plan with / (exact, typo-tolerant, homophone and pinyin), compare two plans with c. "
    "ctrl+p opens the command palette: jump to any section, open a plan, compare, bookmarks, theme. "
    "Remap a key by its binding id in config.toml's [keymap] table."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(self, screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Text(INTRO))
            for table in self._tables():
                yield Static(table)

    def _tables(self) -> list[Table]:
        """Keys grouped by where they act: this screen's own first, then those that
        work everywhere, then the focused widget's (text-box editing keys last).
        One table per group, its name as the title, so the key column is only as
        wide as the keys and the descriptions keep the width at 80 columns."""
        screen = self.for_screen
        groups: dict[str, dict[tuple[str, str], list[str]]] = {"screen": {}, "app": {}, "widget": {}}
        for active in screen.active_bindings.values():
            b = active.binding
            if not b.description:
                continue
            where = "screen" if active.node is screen else "app" if active.node is self.app else "widget"
            keys = groups[where].setdefault((b.id or "", b.description), [])
            shown = self.app.get_key_display(b)
            if shown not in keys:
                keys.append(shown)
        titles = {"screen": "on this screen", "app": "everywhere", "widget": "in the focused box or list"}
        tables = []
        for where, rows in groups.items():
            if not rows:
                continue
            t = Table(title=Text(titles[where], style="bold"), title_justify="left", expand=True, show_edge=False)
            t.add_column(Text("key"), style="bold", no_wrap=True)
            t.add_column(Text("does"), ratio=1)
            t.add_column(Text("binding id"), style="dim", no_wrap=True)
            for (bid, desc), keys in rows.items():
                t.add_row(safe_text(" ".join(keys), one_line=True), safe_text(desc, one_line=True),
                          safe_text(bid, one_line=True))
            tables.append(t)
        return tables

    def action_dismiss(self) -> None:
        self.dismiss(None)
