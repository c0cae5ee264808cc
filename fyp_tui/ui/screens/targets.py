"""The targets view: canonical indicators × plans, each cell the plan's target
(qualifier included) with its baseline in brackets; a bar chart of the highlighted
indicator across plans below.

Click a column header (or press ``s`` on a column) to sort by it; Enter on a cell
opens the sentence or table row it was read from in the reader, highlighted.
Extraction runs in a thread worker.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static
from textual.widgets.data_table import ColumnKey

from ...render import target_chart, unit_key
from ...targets import Target, best_by_indicator, corpus_targets, display_name, own_period
from ...targets.periods import period_end
from ..history import Place
from ..text import clean_text, safe, safe_text

NAME_COL = "indicator"
ARROW = {False: " ▼", True: " ▲"}  # shown on the sorted column: largest first ▼, reversed ▲


class Cell(Text):
    """A table cell that knows how to sort: numbers grouped by unit (岁 and 年 are one
    unit), by value within a unit; cells without a number last."""

    sort_value: tuple = (1, "", 0.0, "")


def _cell(text: str, value: float | None, style: str = "", unit: str = "") -> Cell:
    c = Cell(safe(text, one_line=True), style=style)
    c.sort_value = (0, unit_key(unit), -value, text) if value is not None else (1, "", 0.0, text)
    return c


class TargetsScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Close", id="targets.close"),
        Binding("s", "sort", "Sort by column", id="targets.sort"),
        Binding("e", "export", "Export", id="targets.export"),
    ]

    MAX_PLANS = 40  # a column a plan: more is neither readable nor quick to extract

    def __init__(self, plan_ids: list[str] | None = None, period: str = "", scope: str = "") -> None:
        super().__init__()
        self.plan_ids = plan_ids
        self.scope = scope  # which plans, when not every plan
        self.period = period  # only this period's plans' targets ("": each plan's own period)
        self.grid: dict[str, dict[str, Target]] = {}
        self._sorted: tuple[str, bool] = ("", False)
        self._labels: dict[str, Text] = {}
        self.end_years: dict[str, str] = {}  # each plan's period's end year: its goals' year

    def compose(self) -> ComposeResult:
        title = Text("目标 · targets   (enter open source · s / click header sort · esc close)")
        if self.scope:
            title.append(f"\n{self.scope}", style="dim")
        yield Label(title, id="targets-title")
        # The indicator column stays on screen while the plan columns scroll.
        yield DataTable(id="targets-table", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield Static(id="targets-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.plans = self.plan_ids or sorted(self.app.corpus.plans)
        table = self.query_one(DataTable)
        self._labels[NAME_COL] = Text("指标")
        table.add_column(self._labels[NAME_COL], key=NAME_COL)
        metas = {pid: self.app.corpus.meta(pid) for pid in self.plans}
        # Plans of several periods side by side (a 十二五 纲要 beside 十四五 ones): each
        # column shows its plan's own period's goals, and says which period that is.
        several = len({m.period for m in metas.values()}) > 1
        for pid, meta in metas.items():
            end = period_end(meta.period)
            self.end_years[pid] = str(end) if end else ""
            label = f"{meta.place}{meta.kind_label}" + (f" {meta.period}" if several and meta.period else "")
            self._labels[pid] = safe_text(label, one_line=True)
            table.add_column(self._labels[pid], key=pid)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        targets = corpus_targets(self.app.corpus, self.plans)
        if not self.period:
            periods = {pid: self.app.corpus.meta(pid).period for pid in self.plans}
            targets = own_period(targets, periods.__getitem__)
        grid = best_by_indicator(targets, self.period)
        self.app.call_from_thread(self.fill, grid)

    def fill(self, grid: dict[str, dict[str, Target]]) -> None:
        self.grid = grid
        table = self.query_one(DataTable)
        table.clear()
        order = sorted(grid, key=lambda k: (-len(grid[k]), display_name(k)))
        for key in order:
            cells = [_cell(display_name(key), None)]
            for pid in self.plans:
                t = grid[key].get(pid)
                cells.append(self._target_cell(t) if t else _cell("", None))
            table.add_row(*cells, key=key)
        if order:
            self.show_chart(order[0])

    def _target_cell(self, t: Target) -> Cell:
        text = t.target.display() if t.target else ""
        base = t.baseline or t.actual
        if base is not None:
            text += f" ({base.display()})"
        value = t.target.value if t.target else None
        end_year = self.end_years.get(t.plan, "")
        if end_year and t.target_year and t.target_year != end_year:
            # only a goal for another year (a 2035 vision): say so, and never sort it with the period's
            return _cell(f"{text} 〔{t.target_year}〕", None, "dim italic")
        return _cell(text, value, "" if t.origin == "table" else "italic", t.target.base_unit if t.target else "")

    def show_chart(self, key: str) -> None:
        per_plan = self.grid.get(key, {})
        rows = [(self.app.corpus.meta(pid).place, per_plan[pid]) for pid in self.plans if pid in per_plan]
        self.query_one("#targets-chart", Static).update(clean_text(target_chart(display_name(key), rows, width=24)))

    @on(DataTable.CellHighlighted, "#targets-table")
    def highlighted(self, event: DataTable.CellHighlighted) -> None:
        if event.cell_key.row_key.value:
            self.show_chart(event.cell_key.row_key.value)

    @on(DataTable.CellSelected, "#targets-table")
    def selected(self, event: DataTable.CellSelected) -> None:
        key, pid = event.cell_key.row_key.value, event.cell_key.column_key.value
        t = self.grid.get(key or "", {}).get(pid or "")
        if t is None:
            self.notify("no target here: pick a plan's cell", severity="warning")
            return
        self.app.open_location(t.plan, t.section, [t.source.matched])

    @on(DataTable.HeaderSelected, "#targets-table")
    def header(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(event.column_key.value or NAME_COL)

    def action_sort(self) -> None:
        table = self.query_one(DataTable)
        self.sort_by(table.ordered_columns[table.cursor_column].key.value or NAME_COL)

    def sort_by(self, column: str) -> None:
        """Sort by a column; the same column again reverses."""
        reverse = self._sorted == (column, False)
        self._sorted = (column, reverse)
        table = self.query_one(DataTable)
        if column == NAME_COL:
            table.sort(column, key=lambda c: c.plain, reverse=reverse)
        else:
            # Different units are never compared as plain numbers (sort_value groups them).
            table.sort(column, key=lambda c: c.sort_value, reverse=reverse)
        for key, label in self._labels.items():
            table.columns[ColumnKey(key)].label = label + ARROW[reverse] if key == column else label
        table.refresh()

    def action_export(self) -> None:
        from .export import ExportScreen

        plans = self.app.corpus.plans

        def grid():
            header = ["indicator"] + [f"{plans[p].meta.place}{plans[p].meta.kind_label} ({p})" for p in self.plans]
            rows = [[display_name(key)] + [self._target_cell(t).plain if (t := self.grid[key].get(pid)) else ""
                                           for pid in self.plans] for key in self.grid]
            return header, rows

        self.app.push_screen(ExportScreen("export the targets grid", {"targets grid": grid}, "fyp-targets"))

    def place(self) -> Place:
        """Back and forward bring the same grid again: its plans, scope and period."""
        ids, period, scope = self.plan_ids, self.period, self.scope
        return Place("targets", make=lambda: TargetsScreen(ids, period=period, scope=scope))

    def action_close(self) -> None:
        self.app.pop_screen()
