"""The help screen: every key that applies, read from the live bindings (remaps included)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "fyp — 五年规划浏览器. Browse plans in the tree (the reader follows the cursor), "
    "search every plan with / (exact, typo-tolerant, homophone and pinyin), compare two plans with c. "
    "ctrl+p opens the command palette: jump to any section, open a plan, compare, bookmarks, theme."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(self, screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Text(INTRO))
            yield Static(self._table())

    def _table(self) -> Table:
        t = Table(title=Text("keys"), expand=True, show_edge=False)
        t.add_column(Text("key"), style="bold", no_wrap=True)
        t.add_column(Text("does"))
        t.add_column(Text("binding id (remap in config.toml [keymap])"), style="dim")
        rows: dict[tuple[str, str], list[str]] = {}  # (id, description) → keys
        # What applies on the screen below: its focused widget, the screen, the app.
        for active in self.for_screen.active_bindings.values():
            b = active.binding
            if b.description:
                keys = rows.setdefault((b.id or "", b.description), [])
                shown = self.app.get_key_display(b)
                if shown not in keys:
                    keys.append(shown)
        for (bid, desc), keys in rows.items():
            t.add_row(Text(" ".join(keys)), Text(desc), Text(bid))
        return t

    def action_dismiss(self) -> None:
        self.dismiss(None)
