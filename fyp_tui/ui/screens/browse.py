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
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, Tree

from ...bookmarks import BookmarkError
from ...model import ITEM, Plan
from ..history import Place
from ..text import safe_text
from ..widgets.document import DocumentView, section_text
from ..widgets.plan_tree import Loc, PlanTree


def fit_crumb(head: Text, parts: list[Text], width: int) -> Text:
    """``head › part › … › part`` in one line of ``width`` cells: the parts nearest the
    top give way first (shown as "…"), the section itself is shortened last."""
    sep = Text(" › ", style="dim")

    def join(ps: list[Text], elided: bool) -> Text:
        t = head.copy()
        if elided:
            t.append_text(sep)
            t.append("…", style="dim")
        for p in ps:
            t.append_text(sep)
            t.append_text(p)
        return t

    for k in range(len(parts)):
        line = join(parts[k:], k > 0)
        if line.cell_len <= width:
            return line
    line = join(parts[-1:], len(parts) > 1)
    line.truncate(max(1, width), overflow="ellipsis")
    return line


class Breadcrumb(Widget):
    """Two lines: where the section sits (shortened to fit, never wrapped) and its
    ``PLAN#SECTION`` id, always whole and visible."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._head: Text | None = None
        self._parts: list[Text] = []
        self._ref = Text()

    def set_path(self, plan: Plan | None, sid: str, marked: bool = False) -> None:
        if plan is None:
            self._head = None
            self.refresh()
            return
        head = safe_text(plan.meta.place or plan.id, "bold", one_line=True)
        head.append_text(safe_text(f" {plan.meta.kind_label}", "dim", one_line=True))
        try:
            path = plan.path(sid) if sid else []
        except KeyError:
            path = []
        self._head = head
        self._parts = [safe_text(s.display_title if s.level != ITEM else s.title, one_line=True)
                       for s in path if s.level != "封面"]
        ref = safe_text(f"{plan.id}#{sid}" if sid else plan.id, "dim", one_line=True)
        if marked:
            ref.append("  ★ bookmarked", style="bold yellow")
        self._ref = ref
        self.refresh()

    @property
    def ref(self) -> str:
        return self._ref.plain

    def render(self) -> Text:
        if self._head is None:
            return Text("选择左侧的规划 · choose a plan on the left", style="dim")
        width = max(1, self.content_size.width)
        ref = self._ref.copy()
        ref.truncate(width, overflow="ellipsis")  # the marker gives way, never the id
        out = Text("\n").join([fit_crumb(self._head, self._parts, width), ref])
        out.no_wrap = True
        return out


def _section_of(plan: Plan, sid: str) -> str:
    """A section id as is; a box or table id (``ch01.s05.tab02``) → its section."""
    while sid and plan.find(sid) is None:
        sid = sid.rpartition(".")[0]
    return sid


class BrowseScreen(Screen):
    BINDINGS = [
        Binding("n", "step(1)", "Next sect", id="browse.next_section"),
        Binding("p", "step(-1)", "Prev sect", id="browse.prev_section"),
        Binding("f,ctrl+f", "find", "Find", id="browse.find"),
        Binding("f3", "next_match(1)", "Next match", show=False, id="browse.next_match"),
        # shift+F3 never arrives under tmux/xterm (it comes as CSI 1;2R): N and F2 do.
        Binding("N,f2,shift+f3", "next_match(-1)", "Prev match", show=False, id="browse.prev_match"),
        Binding("b", "bookmark", "Bookmark", show=False, id="browse.bookmark"),
        Binding("m", "note", "Note", show=False, id="browse.note"),
        Binding("y", "copy", "Copy with citation", show=False, id="browse.copy"),
        Binding("Y", "copy_id", "Copy id", show=False, id="browse.copy_id"),
        Binding("t", "toggle_tree", "Tree", show=False, id="browse.toggle_tree"),
        Binding("full_stop", "search_hit(1)", "Next search hit", show=False, id="browse.next_hit"),
        Binding("comma", "search_hit(-1)", "Prev search hit", show=False, id="browse.prev_hit"),
        Binding("r", "reuse", "Reuse", show=False, id="browse.reuse"),
        Binding("escape", "close_find", "Close find", show=False, id="browse.close_find"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None
        self.section_id = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield PlanTree(self.app.corpus, groups=self.app.places, id="tree")
            with Vertical(id="reader"):
                yield Breadcrumb(id="crumb")
                yield DocumentView(id="doc")
                yield Input(placeholder="在本规划中查找 · find in this plan (Enter: next, Esc: close)", id="find")
                yield Static(id="find-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DocumentView).measure = self.app.config.measure
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
        # A plan opened without a section reopens where it was left.
        left = self.app.state.places.get(plan_id, "")
        if not section_id and left and plan.find(_section_of(plan, left)) is not None:
            section_id = left
        target = section_id or (plan.sections[0].id if plan.sections else "")
        self.section_id = _section_of(plan, target)
        doc = self.query_one(DocumentView)
        doc.show(plan, target, terms, to_match=bool(terms))
        self._crumb()
        if reveal:  # a box or table id (a search hit in one) reveals its section
            self.query_one(PlanTree).reveal(plan_id, _section_of(plan, section_id) if section_id else "")

    def _crumb(self) -> None:
        if self.plan is not None and self.section_id:
            self.app.state.remember(self.plan.id, self.section_id)
        marked = bool(self.plan and self.app.bookmarks.find(self.plan.id, self.section_id))
        self.query_one(Breadcrumb).set_path(self.plan, self.section_id, marked)

    @on(Tree.NodeHighlighted, "#tree")
    def preview(self, event: Tree.NodeHighlighted[Loc]) -> None:
        loc = event.node.data
        if loc is None or not loc.plan or self.query_one(PlanTree).passed_over(event.node):
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
        if self.plan is not None:
            # the tree's cursor goes along: an arrow key then moves on from here, not
            # back to the section the cursor was left on
            self.query_one(PlanTree).reveal(self.plan.id, ids[k])

    def action_find(self) -> None:
        if self.plan is None:
            self.notify("open a plan first")
            return
        box = self.query_one("#find", Input)
        box.display = True
        self.query_one("#find-status").display = True
        box.focus()
        q = box.value.strip()
        if q:  # reopened: the last query again, highlighted, selected so typing replaces it
            self.query_one(DocumentView).set_terms([q])
            box.select_all()

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
        if self.query_one("#find").display:
            self._find_status()

    def _find_status(self) -> None:
        doc = self.query_one(DocumentView)
        q = self.query_one("#find", Input).value.strip()
        n, k = len(doc.matches), doc.match_index
        if not q:
            msg = ""
        elif not n:
            msg = f"no match for “{q}”"
        else:
            msg = f"match {k + 1} of {n} · “{q}”" if 0 <= k < n else f"{n} lines match “{q}”"
            msg += "  ⏎/F3 next · F2/↑ prev"  # short enough for 80 columns; N steps back from the reader
        self.query_one("#find-status", Static).update(safe_text(msg, "dim", one_line=True))

    def action_next_match(self, step: int) -> None:
        box = self.query_one("#find", Input)
        if not box.display:  # F3 / N after esc: the last find comes back, highlighted
            if box.value.strip():
                self.action_find()
            return
        self.query_one(DocumentView).next_match(step)
        self._find_status()

    def on_key(self, event) -> None:
        """In the find box, ↓ and ↑ step through the matches."""
        box = self.query_one("#find", Input)
        if box.has_focus and event.key in ("down", "up"):
            event.stop()
            event.prevent_default()
            self.action_next_match(1 if event.key == "down" else -1)

    def action_bookmark(self) -> None:
        if not (self.plan and self.section_id):
            return
        plan, sid = self.plan, self.section_id
        sec = plan.section(sid)
        name = f"{plan.meta.place} {sec.display_title}"

        def toggle(yes: bool | None = True) -> None:
            if not yes:
                return
            try:
                on_ = self.app.bookmarks.toggle(plan.id, sid, sec.display_title)
            except BookmarkError as e:
                self.notify(str(e), severity="error")
                return
            self.notify(("bookmarked " if on_ else "bookmark removed: ") + name)
            self._crumb()

        existing = self.app.bookmarks.find(plan.id, sid)
        if existing is None:
            toggle()
            return
        from .confirm import ConfirmScreen

        note = f"its note goes too: “{existing.note[:60]}”" if existing.note else ""
        self.app.push_screen(ConfirmScreen(f"Remove the bookmark on {name}?", note), toggle)

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
        from ...cite import cite

        text = section_text(self.plan, self.section_id)
        cited, problem = cite(self.plan, self.section_id, text, self.app.config.cite)
        if problem:
            self.notify(problem, severity="warning")
        self.app.copy_to_clipboard(cited)
        self.notify(f"copied {len(text)} characters with their citation")

    def action_copy_id(self) -> None:
        if not self.plan:
            return
        ref = f"{self.plan.id}#{self.section_id}" if self.section_id else self.plan.id
        self.app.copy_to_clipboard(ref)
        self.notify(f"copied {ref}")

    def place(self) -> Place | None:
        return Place("reader", self.plan.id, self.section_id) if self.plan is not None else None

    def action_search_hit(self, step: int) -> None:
        self.app.step_search_hit(step)

    def action_reuse(self) -> None:
        """Where this section's wording is found in other plans."""
        if self.plan is not None and self.section_id:
            from .reuse import ReuseScreen

            self.app.history.leave(self.app.here())  # back from the reuse list returns here
            self.app.push_screen(ReuseScreen(self.plan.id, self.section_id))

    def action_toggle_tree(self) -> None:
        tree = self.query_one(PlanTree)
        tree.display = not tree.display
        if not tree.display:  # a hidden tree keeps no focus: PageDown scrolls the reader
            self.query_one(DocumentView).focus()
