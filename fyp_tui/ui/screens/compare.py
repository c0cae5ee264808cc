"""The compare screen: aligned sections of two plans on top, the pair's texts side by side below.

The top table lists unit pairs with their score and the shared terms that drove
them, then what is only in A and only in B; ``v`` switches to the chapter view.
Below, the selected pair's sentences stand in aligned rows (one scroll for both
sides, so they stay in step) with verbatim shared text highlighted on both sides.
Alignment and the inside of a pair run in thread workers.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...align import Alignment, Inside, chapter_view, compare, compare_pair
from ...align.chapters import ChapterRow
from ...align.units import chapter_label
from ...align.pairs import RELATED
from ...export import ordered_pairs, shared_pieces, side_by_side
from ...wrapped import Wrapped
from ..text import phrase_lines, plural, safe, safe_text
from ..names import short_name
from ..widgets.side_row import SideRow
from .export import ExportScreen



class PickPlansScreen(ModalScreen[tuple[str, str] | None]):
    """Choose plan A (left) and plan B (right); Enter on B compares.

    Typing narrows the list that has the cursor (place, kind or plan id): at
    thousands of plans a list is only browsable narrowed, and each list shows at
    most ``SHOWN`` plans (filling 2 × 10,000 options froze the app ~3 s).
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick.cancel")]
    SHOWN = 300

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current
        self.a_id = ""  # plan A once chosen
        self._names: list[tuple[str, str]] = []  # (plan id, name), corpus order
        self._filters = {"pick-a": "", "pick-b": ""}

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog"):
            yield Label(Text("比较 · compare: plan A, Enter, then plan B, Enter", style="bold"))
            yield Label(id="pick-filter")
            with Horizontal(id="pick-lists"):
                yield OptionList(id="pick-a")
                yield OptionList(id="pick-b")

    def on_mount(self) -> None:
        self._names = list(self.app.plan_listing().names.items())
        self._fill("pick-b", "")
        self._fill("pick-a", self.current)  # last: the line above the lists speaks of A
        self.query_one("#pick-a", OptionList).focus()

    def _fill(self, list_id: str, keep: str) -> None:
        """Fill a list with the plans its filter matches; the cursor on ``keep`` if shown."""
        q = self._filters[list_id].casefold()
        found = [(pid, name) for pid, name in self._names if not q or q in name.casefold() or q in pid.casefold()]
        options = []
        for pid, name in found[: self.SHOWN]:
            t = Text(name, style="bold")
            t.append(f"  {pid}", style="dim")
            options.append(Option(t, id=pid))
        box = self.query_one(f"#{list_id}", OptionList)
        box.clear_options()
        box.add_options(options)
        shown = [pid for pid, _ in found[: self.SHOWN]]
        if shown:
            # typing a plan's whole id puts the cursor on it (xuzhou, not xuzhou-gulou listed first)
            exact = next((pid for pid in shown if pid.casefold() == q), None) if q else None
            box.highlighted = shown.index(exact or keep) if (exact or keep) in shown else 0
        more = f" · showing {len(shown):,} of {len(found):,}" if len(found) > len(shown) else ""
        side = "A" if list_id == "pick-a" else "B"
        self.query_one("#pick-filter", Label).update(
            Text(f"{side}: “{safe(self._filters[list_id], one_line=True)}” — {plural(len(found), 'plan')}{more}"
                 if q else f"{side}: {plural(len(found), 'plan')}{more} · type to narrow", style="dim"))

    def on_key(self, event) -> None:
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.id not in self._filters:
            return
        text = self._filters[focused.id]
        if event.key == "backspace" and text:
            text = text[:-1]
        elif event.is_printable and event.character and not event.character.isspace():
            text += event.character
        else:
            return
        event.stop()
        self._filters[focused.id] = text
        self._fill(focused.id, self._cursor_id(focused))

    @on(OptionList.OptionSelected, "#pick-a")
    def picked_a(self, event: OptionList.OptionSelected) -> None:
        self.a_id = event.option.id or ""
        b = self.query_one("#pick-b", OptionList)
        ids = [b.get_option_at_index(i).id for i in range(b.option_count)]
        if self.a_id in ids and len(ids) > 1:
            b.highlighted = (ids.index(self.a_id) + 1) % len(ids)
        self._fill("pick-b", self._cursor_id(b))  # the line above the lists now speaks of B
        b.focus()

    @staticmethod
    def _cursor_id(box: OptionList) -> str:
        return (box.get_option_at_index(box.highlighted).id or "") if box.highlighted is not None \
            and box.option_count else ""

    @on(OptionList.OptionSelected, "#pick-b")
    def picked_b(self, event: OptionList.OptionSelected) -> None:
        if not self.a_id:
            self.query_one("#pick-a", OptionList).focus()
            self.notify("pick plan A first", severity="warning")
            return
        if self.a_id == event.option.id:
            self.notify("pick two different plans", severity="warning")
            return
        self.dismiss((self.a_id, event.option.id or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)


def pick_pair(app, current: str, then: Callable[[str, str], None]) -> None:
    def done(choice: tuple[str, str] | None) -> None:
        if choice:
            then(*choice)

    app.push_screen(PickPlansScreen(current), done)


def _fit(t: Text, width: int) -> Text:
    """``t`` cut to ``width`` cells with an ellipsis when it is wider: a title cut by its
    column without one (`第一节 发展成`) reads as a whole, shorter title."""
    if t.cell_len <= width:
        return t
    t = t.copy()
    t.truncate(width, overflow="ellipsis")
    return t


def _unit_title(plan, unit) -> Text:
    """``第一章·第一节 发展基础``: the unit with its chapter's number, so two 第一节 differ."""
    t = Text()
    label = chapter_label(plan, unit)
    if label:
        t.append(safe(label, one_line=True) + "·", style="dim")
    t.append(safe(unit.display_title, one_line=True))
    return t


def _cell(text: str, seg, marks, gap: int | None = None) -> Text:
    """One side of an aligned row: the sentence, shared runs highlighted."""
    if seg is None:
        return Text("")
    out = Text()
    for piece, shared in shared_pieces(text, seg.start, seg.end, marks, gap):
        out.append(safe(piece, one_line=True), style="bold reverse" if shared else "")
    return out


class CompareScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="compare.back"),
        Binding("n,right_square_bracket", "step(1)", "Next", id="compare.next"),
        Binding("p,left_square_bracket", "step(-1)", "Prev", show=False, id="compare.prev"),
        Binding("s", "swap", "Swap", id="compare.swap"),
        Binding("v", "toggle_view", "View", id="compare.view"),
        Binding("e", "export", "Export", id="compare.export"),
        Binding("o", "open_in_reader('a')", "Open A", show=False, id="compare.open"),
        Binding("O", "open_in_reader('b')", "Open B", show=False, id="compare.open_b"),
    ]

    def __init__(self, a: str, b: str) -> None:
        super().__init__()
        self.a, self.b = a, b
        self.al: Alignment | None = None
        self.rows: list = []  # per table row: a UnitPair, ("a"/"b", Unit), or a ChapterRow
        self.row_pairs: list[list] = []  # chapter view: each row's unit pairs (a ↳ row's: its link's)
        self.chapters = False
        self._wanted = None  # the pair whose inside view should be on screen
        self._kept = None  # the pair a chapter row shows when it holds it (the one ``v`` came from)
        self._head: list[Text] | None = None  # the head's phrases: names, counts, share reused
        self.pair_head = Text()
        self._pair_phrases: list[Text] = []  # the pair head's: titles, score, runs, share found

    def compose(self) -> ComposeResult:
        yield Static(id="compare-head")
        yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield Static(id="pair-head")
        yield VerticalScroll(id="sides")
        yield Footer(compact=True, show_command_palette=False)  # 80 columns: the palette is ctrl+p anyway

    def on_mount(self) -> None:
        from ...align.weights import SAMPLE_PLANS, corpus_weights_ready
        from ...config import cache_dir

        n = len(self.app.corpus.plans)
        counted = f"all {n:,} plans" if n <= SAMPLE_PLANS else f"a sample of {SAMPLE_PLANS} of the {n:,} plans"
        note = "" if corpus_weights_ready(self.app.corpus, cache_dir()) else (
            f" (first compare in this corpus: counting the terms of {counted} for their weights,"
            " a minute or two; kept for the next compares)")
        a, b = short_name(self.app.corpus, self.a), short_name(self.app.corpus, self.b)
        self.query_one("#compare-head", Static).update(Text(f"aligning {a} ⇄ {b} …{note}", style="dim"))
        self.align()

    @work(thread=True, exclusive=True, group="compare-align")
    def align(self) -> None:
        a, b = self.a, self.b
        from ...config import cache_dir

        al = compare(self.app.corpus, a, b, cache_dir=cache_dir())
        self.app.call_from_thread(self._show_alignment, al, (a, b))

    def _show_alignment(self, al: Alignment, asked: tuple[str, str]) -> None:
        if asked != (self.a, self.b):
            return  # swapped meanwhile: a newer alignment is on its way
        self.al = al
        names = Text(short_name(self.app.corpus, self.a), style="bold")
        names.append(" ⇄ ")
        names.append(short_name(self.app.corpus, self.b), style="bold")
        counts = [f"{len(al.pairs)} equivalent", f"{len(al.related)} related", f"only in A {len(al.only_a)}",
                  f"only in B {len(al.only_b)}"]
        self._head = [names] + [Text(c, style="dim") for c in counts]
        self._draw_head()
        self._fill_table()
        self.reuse_share(asked)

    def _draw_head(self) -> None:
        """Both heads' phrases laid out in their width, broken between phrases only."""
        width = max(20, self.size.width - 2)  # the heads' padding is one cell either side
        if self._head is not None:
            box = self.query_one("#compare-head", Static)
            box.update(phrase_lines(self._head, box.content_size.width or width))
        if self._pair_phrases:
            box = self.query_one("#pair-head", Static)
            # A title wider than the line is set by the Chinese rules.
            box.update(Wrapped(phrase_lines(self._pair_phrases, box.content_size.width or width), wrap=True))

    @work(thread=True, exclusive=True, group="compare-reuse")
    def reuse_share(self, asked: tuple[str, str]) -> None:
        from ...reuse import plans_reuse
        from .reuse import reuse_index

        doc = plans_reuse(reuse_index(self.app.corpus), *asked)
        self.app.call_from_thread(self._show_reuse, doc, asked)

    def _show_reuse(self, doc: dict, asked: tuple[str, str]) -> None:
        if asked != (self.a, self.b) or self._head is None:
            return
        self._head.append(Text(f"reused verbatim: {doc['share_a']:.1%} of A, {doc['share_b']:.1%} of B",
                               style="dim"))
        self._draw_head()

    def _fill_table(self) -> None:
        table = self.query_one("#pairs", DataTable)
        table.clear(columns=True)
        self.rows = []
        self.row_pairs = []
        al = self.al
        if al is None:
            return
        if self.chapters:
            side = max(16, (self.size.width - 12) // 2) if self.size.width else 40
            table.add_column(Text("A 章"), width=side)
            table.add_column(Text("B 章"), width=side)
            table.add_column(Text("score"), width=5)
            view = chapter_view(al)
            links = {(r.a.id, o.chapter.id): o.pairs for r in view if r.a for o in r.others}
            for row in view:
                # a ↳ row (a B chapter an A chapter links to besides its own row): the
                # pairs of that link, listed under the A chapter's row
                self.row_pairs.append(row.pairs if row.a or not (row.linked and row.b)
                                      else links.get((row.linked.id, row.b.id), []))
                if row.a:
                    a = safe_text(f"{row.a.label} {row.a.title}", one_line=True)
                elif row.linked:  # a second link of that A chapter's row
                    a = Text("↳ ", style="dim") + safe_text(f"{row.linked.label} {row.linked.title}", "dim",
                                                            one_line=True)
                else:
                    a = Text("— (only in B)", style="dim")
                b = (safe_text(f"{row.b.label} {row.b.title}", one_line=True) if row.b
                     else Text("— (only in A)", style="dim"))
                linked = row.b is not None and (row.a is not None or row.linked is not None)
                table.add_row(_fit(a, side), _fit(b, side),
                              Text(f"{row.score:.2f}" if linked else "", style="" if row.a else "dim"))
                self.rows.append(row)
        else:
            # Fixed widths from the screen, not measured from the cells: CJK titles
            # take two cells each and the table is filled before its first layout.
            # Titles get about a third each (at most 40 cells); the shared terms take the rest, so the
            # column widens with the screen.
            width = self.size.width or 110
            side = max(18, min(40, (width - 20) * 35 // 100))
            table.add_column(Text("A"), width=side)
            table.add_column(Text("B"), width=side)
            table.add_column(Text("score"), width=5)
            shared = max(8, width - 2 * side - 16)
            table.add_column(Text("shared"), width=shared)
            pa, pb = al.a, al.b
            for p in ordered_pairs(al):  # equivalent pairs in A's order, then the related ones, dimmed
                related = p.relation == RELATED
                style = "dim" if related else ""
                terms = Text("related · " if related else "", style="dim italic")
                terms.append(safe("、".join(p.shared), one_line=True), style="dim")
                a_title, b_title = _unit_title(pa, p.a), _unit_title(pb, p.b)
                a_title.stylize(style)
                b_title.stylize(style)
                table.add_row(_fit(a_title, side), _fit(b_title, side), Text(f"{p.score:.2f}", style=style),
                              _fit(terms, shared))
                self.rows.append(p)
            for u in al.only_a:
                table.add_row(_fit(_unit_title(pa, u), side), Text("— only in A", style="dim italic"),
                              Text(""), Text(""))
                self.rows.append(("a", u))
            for u in al.only_b:
                table.add_row(Text("— only in B", style="dim italic"), _fit(_unit_title(pb, u), side),
                              Text(""), Text(""))
                self.rows.append(("b", u))
        if self.rows:
            table.move_cursor(row=0)
            table.focus()
            self._show_row(0)

    def on_resize(self, event) -> None:
        self.call_after_refresh(self._draw_head)  # after layout: the head's new width is known then
        if self.al is not None and event.size.width != getattr(self, "_laid_out_for", None):
            self._laid_out_for = event.size.width
            cursor = self.query_one("#pairs", DataTable).cursor_row
            self._fill_table()
            if 0 <= cursor < len(self.rows):
                self.query_one("#pairs", DataTable).move_cursor(row=cursor)

    @on(DataTable.RowHighlighted, "#pairs")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_row(event.cursor_row)

    def _show_row(self, k: int) -> None:
        if not (0 <= k < len(self.rows)):
            return
        row = self.rows[k]
        if isinstance(row, tuple):
            self._wanted = None
            side, unit = row
            plan = self.app.corpus.plans[self.a if side == "a" else self.b]
            sec = plan.find(unit.id)
            text = sec.reading_text() if sec else unit.text  # as printed: 第一节 发展成就
            self._pair_phrases = []
            self.query_one("#pair-head", Static).update(Wrapped(safe_text(
                f"only in {'A' if side == 'a' else 'B'}: {unit.display_title} — no counterpart"
                + _related_note(self.al, side, unit), "italic"), wrap=True))
            self._fill_sides([(safe_text(text), Text("")) if side == "a" else (Text(""), safe_text(text))])
            return
        if self.chapters:
            pairs = self.row_pairs[k]
            kept = next((q for q in pairs if q is self._kept), None)
            pair = kept or (pairs[0] if pairs else None)
        else:
            pair = row
        self._wanted = pair
        if pair is None:
            self._pair_phrases = []
            self.query_one("#pair-head", Static).update(Text("no aligned sections in this chapter row", style="dim"))
            self._fill_sides([])
            return
        self.inside(pair)

    @work(thread=True, exclusive=True, group="compare-inside")
    def inside(self, pair) -> None:
        ins = compare_pair(pair)
        self.app.call_from_thread(self._show_inside, pair, ins)

    def _show_inside(self, pair, ins: Inside) -> None:
        if pair is not self._wanted:
            return  # the cursor moved on while this pair was computed
        phrases = [safe_text(f"{pair.a.display_title}  ⇄  {pair.b.display_title}", "bold", one_line=True)]
        phrases += [Text(s, style="dim") for s in (f"score {pair.score:.2f}", plural(len(ins.spans), "shared run"),
                                                   f"{ins.reuse:.0%} of A found in B, {ins.reuse_b:.0%} of B in A")]
        self.pair_head = Text(" · ").join(phrases)  # what the head says, as one line (tests and export read it)
        self._pair_phrases = phrases
        self._draw_head()
        self._fill_sides(side_by_side(ins, _cell))

    def _fill_sides(self, rows: list[tuple[Text, Text]]) -> None:
        sides = self.query_one("#sides", VerticalScroll)
        sides.remove_children()
        widgets = []
        for a, b in rows:
            # Set by the Chinese line-breaking rules, not Textual's word wrap: no line
            # opens with ，。、 and no number parts from its digits or unit.
            widgets.append(SideRow(a, b, classes="side-row"))
        if widgets:
            sides.mount_all(widgets)
        sides.scroll_home(animate=False)

    # -- actions ---------------------------------------------------------------
    def action_step(self, step: int) -> None:
        table = self.query_one("#pairs", DataTable)
        if self.rows:
            table.move_cursor(row=max(0, min(len(self.rows) - 1, table.cursor_row + step)))

    def action_swap(self) -> None:
        self.a, self.b = self.b, self.a
        self.al = None
        self.query_one("#pairs", DataTable).clear(columns=True)
        self.on_mount()

    def action_toggle_view(self) -> None:
        """Sections ⇄ chapters, keeping the place: the cursor goes to the row of the
        chapter that holds the pair it was on (and back to that chapter's first pair)."""
        table = self.query_one("#pairs", DataTable)
        k = table.cursor_row
        cur = self.rows[k] if 0 <= k < len(self.rows) else None
        anchor = _anchor(cur) if cur is not None else None
        # the pair on screen: the section pair, or the one the chapter row shows
        pair = self._wanted
        self.chapters = not self.chapters
        self._kept = pair if self.chapters else None
        self._fill_table()
        # the row that holds that pair (a chapter's several rows: the one it is listed
        # under), else the first of the same chapter
        at = next((i for i, row in enumerate(self.rows) if pair is not None and (
            row is pair or (self.chapters and any(q is pair for q in self.row_pairs[i])))), None)
        if at is None and anchor is not None:
            at = next((i for i, row in enumerate(self.rows) if _anchor(row) == anchor), None)
        if at is not None:
            table.move_cursor(row=at)
            self._show_row(at)

    def action_export(self) -> None:
        """The aligned pairs (and what is only on one side) as CSV/JSON/MD, written
        where the user says; the side-by-side report is `fyp compare --format html`."""
        al = self.al
        if al is None:
            return

        def pairs() -> tuple[list[str], list[list[str]]]:
            header = ["relation", "a", "a_title", "b", "b_title", "score", "shared"]
            rows = [[p.relation, f"{al.a.id}#{p.a.id}", p.a.display_title, f"{al.b.id}#{p.b.id}",
                     p.b.display_title, f"{p.score:.4f}", "、".join(p.shared)] for p in ordered_pairs(al)]
            rows += [["only_a", f"{al.a.id}#{u.id}", u.display_title, "", "", "", ""] for u in al.only_a]
            rows += [["only_b", "", "", f"{al.b.id}#{u.id}", u.display_title, "", ""] for u in al.only_b]
            return header, rows

        title = f"export the comparison {short_name(self.app.corpus, self.a)} ⇄ {short_name(self.app.corpus, self.b)}"
        self.app.push_screen(ExportScreen(title, {"aligned pairs": pairs}, f"fyp-compare-{self.a}-{self.b}"))

    def action_open_in_reader(self, side: str = "a") -> None:
        """``o`` opens A's side of the row in the reader, ``O`` B's; in the chapter
        view, the chapter itself. Back (alt+←) returns here."""
        k = self.query_one("#pairs", DataTable).cursor_row
        if not 0 <= k < len(self.rows):
            return
        row = self.rows[k]
        if isinstance(row, tuple):  # only on one side
            where, unit = row
            if where == side:
                self.app.open_location(self.a if side == "a" else self.b, unit.id)
            return
        target = row.a if side == "a" else row.b
        if target is not None:
            self.app.open_location(self.a if side == "a" else self.b, target.id)

    def action_back(self) -> None:
        self.app.pop_screen()


def _related_note(al, side: str, unit) -> str:
    """What an only-in row still has: related pairs (it has no equivalent, but the
    other plan speaks of near things: 15 related pairs, up to 0.32, read as nothing)."""
    scores = [p.score for p in (al.related if al is not None else []) if getattr(p, side).id == unit.id]
    if not scores:
        return ""
    return f" (related: {plural(len(scores), 'pair')}, up to {max(scores):.2f}; listed dimmed above)"


def _anchor(row) -> tuple[str, str] | None:
    """The chapter a compare row belongs to, on A's side when it has one."""
    if isinstance(row, tuple):  # ("a" | "b", unit): only on one side
        return row[0], row[1].chapter_id
    if isinstance(row, ChapterRow):
        return ("a", row.a.id) if row.a else ("b", row.b.id) if row.b else None
    return "a", row.a.chapter_id
