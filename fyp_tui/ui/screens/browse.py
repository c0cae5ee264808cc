"""The browse screen: the corpus tree on the left, the reader on the right.

Moving the tree cursor previews the section at once; ``n``/``p`` step through
sections; ``f`` finds in the plan with every match highlighted; ``b`` bookmarks,
``m`` adds a note, ``y`` copies the section.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tree

from ...bookmarks import BookmarkError
from ...model import ITEM, Plan
from ..widgets.document import DocumentView, section_text
from ..widgets.plan_tree import Loc, PlanTree


class Breadcrumb(Static):
    def set_path(self, plan: Plan | None, sid: str, marked: bool = False) -> None:
        if plan is None:
            self.update(Text("选择左侧的规划 · choose a plan on the left", style="dim"))
            return
        t = Text()
        t.append(plan.meta.place or plan.id, style="bold")
        t.append(f" {plan.meta.kind_label}", style="dim")
        try:
            path = plan.path(sid) if sid else []
        except KeyError:
            path = []
        for s in path:
            if s.level == "封面":
                continue
            t.append(" › ", style="dim")
            t.append(s.display_title if s.level != ITEM else s.title)
        line2 = Text(f"{plan.id}#{sid}" if sid else plan.id, style="dim")
        if marked:
            line2.append("  ★ bookmarked", style="bold yellow")
        both = Text("\n").join([t, line2])
        both.no_wrap, both.overflow = True, "ellipsis"
        self.update(both)


def _section_of(plan: Plan, sid: str) -> str:
    """A section id as is; a box or table id (``ch01.s05.tab02``) → its section."""
    while sid and plan.find(sid) is None:
        sid = sid.rpartition(".")[0]
    return sid


class BrowseScreen(Screen):
    BINDINGS = [
        Binding("n", "step(1)", "Next section", id="browse.next_section"),
        Binding("p", "step(-1)", "Prev section", id="browse.prev_section"),
        Binding("f,ctrl+f", "find", "Find", id="browse.find"),
        Binding("f3", "next_match(1)", "Next match", show=False, id="browse.next_match"),
        Binding("shift+f3", "next_match(-1)", "Prev match", show=False, id="browse.prev_match"),
        Binding("b", "bookmark", "Bookmark", show=False, id="browse.bookmark"),
        Binding("m", "note", "Note", show=False, id="browse.note"),
        Binding("y", "copy", "Copy", show=False, id="browse.copy"),
        Binding("t", "toggle_tree", "Tree", show=False, id="browse.toggle_tree"),
        Binding("r", "reuse", "Reuse", show=False, id="browse.reuse"),
        Binding("escape", "close_find", "Close find", show=False, id="browse.close_find"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None
        self.section_id = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield PlanTree(self.app.corpus, id="tree")
            with Vertical(id="reader"):
                yield Breadcrumb(id="crumb")
                yield DocumentView(id="doc")
                yield Input(placeholder="在本规划中查找 · find in this plan (Enter: next, Esc: close)", id="find")
                yield Static(id="find-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Breadcrumb).set_path(None, "")
        self.query_one("#find").display = False
        self.query_one("#find-status").display = False
        self.query_one(PlanTree).focus()

    # -- opening -------------------------------------------------------------
    def open(self, plan_id: str, section_id: str = "", terms: list[str] | None = None, reveal: bool = True) -> None:
        plan = self.app.corpus.plans.get(plan_id)
        if plan is None:
            self.notify(f"no plan {plan_id!r}", severity="error")
            return
        self.plan = plan
        target = section_id or (plan.sections[0].id if plan.sections else "")
        self.section_id = _section_of(plan, target)
        doc = self.query_one(DocumentView)
        doc.show(plan, target, terms, to_match=bool(terms))
        self._crumb()
        if reveal:
            self.query_one(PlanTree).reveal(plan_id, section_id)

    def _crumb(self) -> None:
        marked = bool(self.plan and self.app.bookmarks.find(self.plan.id, self.section_id))
        self.query_one(Breadcrumb).set_path(self.plan, self.section_id, marked)

    @on(Tree.NodeHighlighted, "#tree")
    def preview(self, event: Tree.NodeHighlighted[Loc]) -> None:
        loc = event.node.data
        if loc is None or not loc.plan:
            return
        if self.plan is not None and loc.plan == self.plan.id:
            # Same plan: just move; highlights from a search or find stay on.
            if loc.section and loc.section != self.section_id:
                self.section_id = loc.section
                self.query_one(DocumentView).goto(loc.section)
                self._crumb()
            return
        self.open(loc.plan, loc.section, reveal=False)

    @on(Tree.NodeSelected, "#tree")
    def select(self, event: Tree.NodeSelected[Loc]) -> None:
        loc = event.node.data
        if loc is not None and loc.plan and not event.node.allow_expand:
            self.query_one(DocumentView).focus()

    @on(DocumentView.SectionChanged)
    def section_changed(self, event: DocumentView.SectionChanged) -> None:
        if self.plan is not None:
            self.section_id = _section_of(self.plan, event.section_id)
        self._crumb()

    # -- actions -------------------------------------------------------------
    def _sections(self) -> list[str]:
        return [s.id for s in self.plan.walk() if s.level != ITEM] if self.plan else []

    def action_step(self, step: int) -> None:
        ids = self._sections()
        if not ids:
            return
        cur = self.section_id
        if self.plan and cur:
            # From an item, step relative to the section that holds it.
            while cur not in ids and "." in cur:
                cur = cur.rsplit(".", 1)[0]
        k = ids.index(cur) if cur in ids else -1
        k = max(0, min(len(ids) - 1, k + step))
        self.section_id = ids[k]
        self.query_one(DocumentView).goto(ids[k])
        self._crumb()

    def action_find(self) -> None:
        if self.plan is None:
            self.notify("open a plan first")
            return
        box = self.query_one("#find", Input)
        box.display = True
        self.query_one("#find-status").display = True
        box.focus()

    def action_close_find(self) -> None:
        box = self.query_one("#find", Input)
        if box.display:
            box.display = False
            self.query_one("#find-status").display = False
            self.query_one(DocumentView).set_terms([])
            self.query_one(DocumentView).focus()

    @on(Input.Changed, "#find")
    def find_changed(self, event: Input.Changed) -> None:
        q = event.value.strip()
        self.query_one(DocumentView).set_terms([q] if q else [])
        if not q:
            self.query_one("#find-status", Static).update("")

    @on(Input.Submitted, "#find")
    def find_next(self, event: Input.Submitted) -> None:
        self.action_next_match(1)

    @on(DocumentView.Ready)
    def doc_ready(self, event: DocumentView.Ready) -> None:
        status = self.query_one("#find-status", Static)
        if self.query_one("#find").display:
            q = self.query_one("#find", Input).value.strip()
            status.update(Text(f"{event.matches} lines match “{q}”" if q else "", style="dim"))

    def action_next_match(self, step: int) -> None:
        doc = self.query_one(DocumentView)
        k = doc.next_match(step)
        status = self.query_one("#find-status", Static)
        status.update(Text(f"match {k} of {len(doc.matches)}" if k else "no match", style="dim"))

    def action_bookmark(self) -> None:
        if not (self.plan and self.section_id):
            return
        sec = self.plan.section(self.section_id)
        try:
            on_ = self.app.bookmarks.toggle(self.plan.id, self.section_id, sec.display_title)
        except BookmarkError as e:
            self.notify(str(e), severity="error")
            return
        self.notify(("bookmarked " if on_ else "bookmark removed: ") + f"{self.plan.meta.place} {sec.display_title}")
        self._crumb()

    def action_note(self) -> None:
        if not (self.plan and self.section_id):
            return
        from .note import NoteScreen

        plan, sid = self.plan, self.section_id
        sec = plan.section(sid)
        existing = self.app.bookmarks.find(plan.id, sid)

        def done(note: str | None) -> None:
            if note is not None:
                try:
                    self.app.bookmarks.set_note(plan.id, sid, note, sec.display_title)
                except BookmarkError as e:
                    self.notify(str(e), severity="error")
                    return
                self.notify("note saved")
                self._crumb()

        self.app.push_screen(NoteScreen(f"{plan.meta.place} · {sec.display_title}", existing.note if existing else ""), done)

    def action_copy(self) -> None:
        if not (self.plan and self.section_id):
            return
        text = section_text(self.plan, self.section_id)
        self.app.copy_to_clipboard(text)
        self.notify(f"copied {len(text)} characters")

    def action_reuse(self) -> None:
        """Where this section's wording is found in other plans."""
        if self.plan is not None and self.section_id:
            from .reuse import ReuseScreen

            self.app.push_screen(ReuseScreen(self.plan.id, self.section_id))

    def action_toggle_tree(self) -> None:
        tree = self.query_one(PlanTree)
        tree.display = not tree.display
