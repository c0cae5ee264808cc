"""Bookmarks panel: every bookmarked section with its note; Enter opens, d deletes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...bookmarks import BookmarkError
from ..text import safe_text


class BookmarksScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,B", "close", "Close", id="bookmarks.close"),
        Binding("d,delete", "delete", "Delete", id="bookmarks.delete"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-dialog"):
            yield Label(Text("书签 · bookmarks   (enter open · d delete · esc close)", style="bold"))
            yield OptionList(id="bookmark-list")

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def refresh_list(self) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        items = self.app.bookmarks.items
        if not items:
            ol.add_option(Option(Text("no bookmarks yet: press b on a section", style="dim"), disabled=True))
            return
        for b in items:
            plan = self.app.corpus.plans.get(b.plan)
            t = safe_text(plan.meta.place if plan else b.plan, "bold", one_line=True)
            t.append_text(safe_text(f" › {b.title}", one_line=True))
            t.append_text(safe_text(f"  {b.ref}", "dim", one_line=True))
            if not plan:
                t.append("  (plan not in corpus)", style="italic red")
            if b.note:
                t.append("\n   ")
                t.append_text(safe_text(b.note, "italic", one_line=True))
            ol.add_option(Option(t))

    @on(OptionList.OptionSelected)
    def open(self, event: OptionList.OptionSelected) -> None:
        b = self.app.bookmarks.items[event.option_index]
        if b.plan in self.app.corpus.plans:
            self.dismiss(None)
            self.app.open_location(b.plan, b.section)

    def action_delete(self) -> None:
        ol = self.query_one(OptionList)
        k = ol.highlighted
        if k is None or not self.app.bookmarks.items:
            return
        b = self.app.bookmarks.items[k]
        try:
            self.app.bookmarks.toggle(b.plan, b.section)
        except BookmarkError as e:
            self.notify(str(e), severity="error")
        self.refresh_list()

    def action_close(self) -> None:
        self.dismiss(None)
