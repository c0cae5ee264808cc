"""The search screen: search every plan as you type, results grouped by plan.

Every keystroke runs the query in a thread worker (exclusive: a newer query cancels
the older): a first look is painted at once, the complete list after it. The index
is built or loaded from its cache in a worker too. Enter on a hit opens it in the
reader, scrolled to it with the match highlighted.
"""

from __future__ import annotations

import threading
import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...render import bar
from ...search import MODES, Filters, SearchResult, get_index, search, warm_up
from ..text import clean_text, safe, safe_text

LIMIT = 200
SETTLE_STEPS = 10  # × 10 ms between a painted first look and the full search
BATCH = 16  # hits added to the list at a time (a long list costs ~0.3 ms a hit); the first look holds one batch
CHART_PLANS = 15  # the chart shows the plans with most hits; the rest are summed
TIER_LABEL = {"exact": "精确", "traditional": "繁体", "homophone": "同音", "typo": "近似", "split": "拆分", "pinyin": "拼音"}


def plan_name(plan) -> str:
    return f"{plan.meta.place or plan.id} {plan.meta.kind_label}"


def bar_chart(result: SearchResult, plans, width: int = 40) -> Text:
    """Hits per plan as bars within ``width`` cells (cell widths via rich, so CJK
    names line up)."""
    t = Text()
    if not result.counts:
        return t
    top = max(result.counts.values())
    ranked = sorted(result.counts.items(), key=lambda kv: -kv[1])
    shown, rest = ranked[:CHART_PLANS], ranked[CHART_PLANS:]
    names = {pid: safe(plans[pid].meta.place or pid, one_line=True) for pid, _ in shown}  # short: bars need room
    name_w = max(Text(n).cell_len for n in names.values())
    width_bar = max(4, min(20, width - name_w - 6))
    for pid, n in shown:
        name = Text(names[pid])
        t.append(name)
        t.append(" " * (name_w - name.cell_len + 1))
        t.append(bar(n / top, width_bar) or "▏", style="bold")
        t.append(f" {n}\n")
    if rest:
        t.append(f"… {len(rest)} more plans, {sum(n for _, n in rest)} hits", style="dim")
    return t


class SearchScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("ctrl+o", "cycle_mode", "Mode", id="search.mode"),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.index = None
        self.result: SearchResult | None = None
        self._hits = []
        self._pending = []
        self._current_plan = None
        self._paths: dict[tuple[str, str], str] = {}  # (plan, section) → breadcrumb
        self.partial = False  # the list shows exact hits while the fuzzy tiers run

    def compose(self) -> ComposeResult:
        plans = self.app.corpus.plans
        provinces = sorted({p.meta.province for p in plans.values() if p.meta.province})
        with Vertical(id="search-top"):
            yield Input(self.initial, placeholder="搜索全部规划 · 楼宇经济, louyujingji, lyjj, 樓宇經濟 …", id="q")
            with Horizontal(id="search-filters"):
                yield Select([(m, m) for m in MODES], value=self.app.config.search_mode, allow_blank=False,
                             id="mode", prompt="mode")
                yield Select([(safe_text(p.meta.place or pid, one_line=True), pid) for pid, p in plans.items()], id="plan",
                             prompt="plan")
                yield Select([(safe_text(p, one_line=True), p) for p in provinces], id="province", prompt="province")
                yield Select([("district", "district"), ("city", "city"), ("province", "province")], id="level",
                             prompt="level")
        with Horizontal(id="search-body"):
            yield OptionList(id="hits")
            with Vertical(id="search-side"):
                yield Static(id="status")
                yield Static(id="chart")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#q", Input).focus()
        self.query_one("#status", Static).update(Text("loading the search index…", style="dim"))
        self.load_index()

    @work(thread=True, exclusive=True, group="search-index")
    def load_index(self) -> None:
        index = self.app.search_index or get_index(self.app.corpus)
        self.app.search_index = index
        self.app.call_from_thread(self._index_ready, index)
        # The first fuzzy query would build pypinyin's reading tables (~0.6 s) and the
        # bigram graph: do it now, off screen, so the first keystrokes do not wait.
        warm_up(index)

    def _index_ready(self, index) -> None:
        self.index = index
        self.query_one("#status", Static).update(Text("type to search every plan", style="dim"))
        if self.query_one("#q", Input).value.strip():
            self._run()

    @on(Input.Changed, "#q")
    def changed(self) -> None:
        # No debounce: the worker is exclusive, and a superseded search notices its
        # cancellation within milliseconds, so every keystroke may start one.
        self._run()

    @on(Select.Changed)
    def filter_changed(self) -> None:
        self._run()

    @on(Input.Submitted, "#q")
    def submitted(self) -> None:
        self.action_to_results()

    def _filters(self) -> Filters:
        def val(sel_id: str) -> str:
            v = self.query_one(sel_id, Select).value
            return "" if v is Select.NULL else str(v)

        plan = val("#plan")
        return Filters(plans=(plan,) if plan else (), province=val("#province"), level=val("#level"))

    def _run(self) -> None:
        if self.index is None:
            return
        q = self.query_one("#q", Input).value
        mode = str(self.query_one("#mode", Select).value)
        self.do_search(q, mode, self._filters())

    @work(thread=True, exclusive=True, group="search-query")
    def do_search(self, q: str, mode: str, filters: Filters) -> None:
        worker = get_current_worker()

        def stop() -> bool:
            return worker.is_cancelled

        # A first look (it ends once it holds a batch of hits) is painted at once; if
        # it had to leave anything out, the full search then completes the list.
        first = search(self.index, q, mode=mode, filters=filters, limit=BATCH, stop=stop, quick=True)
        first.partial = first.partial or len(first.hits) < min(first.total, LIMIT)
        if worker.is_cancelled or first.stopped:
            return
        painted = threading.Event()

        def show_first() -> None:
            self._show(first, first.partial)
            self.call_after_refresh(painted.set)

        self.app.call_from_thread(show_first)
        if not first.partial:
            return
        # Let the first look reach the screen, and the typist a moment to type on,
        # before the full search takes the CPU (a search running in this thread
        # slows the screen's own work while it holds the GIL).
        painted.wait(0.5)
        for _ in range(SETTLE_STEPS):
            if worker.is_cancelled:
                return
            time.sleep(0.01)
        result = search(self.index, q, mode=mode, filters=filters, limit=LIMIT, stop=stop)
        if not worker.is_cancelled and not result.stopped:
            self.app.call_from_thread(self._show, result)

    def _show(self, result: SearchResult, partial: bool = False) -> None:
        if result.query != self.query_one("#q", Input).value:
            return  # typed on meanwhile: a newer search is on its way
        if partial and self.result is not None and self.result.query == result.query and not self.partial:
            return  # the complete result got here first
        self.result = result
        self.partial = partial
        plans = self.app.corpus.plans
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        self._hits = []
        self._pending = list(result.hits)
        self._current_plan = None
        self._more()  # the first batch now; the rest as the cursor gets near them
        status = Text()
        if result.message:
            status.append_text(safe_text(result.message + "\n", "italic"))
        if result.query.strip():
            more = "+" if partial else ""
            status.append(f"{result.total}{more} hits in {len(result.counts)}{more} plans\n", style="bold")
            if partial:
                status.append("the first hits; counting the rest…\n", style="italic dim")
            for tier, n in result.tiers.items():
                status.append(f"{TIER_LABEL.get(tier, tier)} {n}  ", style="dim")
        self.query_one("#status", Static).update(status)
        chart = self.query_one("#chart", Static)
        chart.update(bar_chart(result, plans, width=chart.size.width or 40))

    def _more(self) -> None:
        """Add the next batch of hits to the list (a long list costs ~0.3 ms a hit)."""
        if not self._pending or self.result is None:
            return
        batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
        plans = self.app.corpus.plans
        options: list[Option] = []
        for h in batch:
            if h.plan != self._current_plan:
                self._current_plan = h.plan
                head = safe_text(plan_name(plans[h.plan]), "bold", one_line=True)
                head.append(f"  {self.result.counts.get(h.plan, 0)} hits", style="dim")
                options.append(Option(head, disabled=True))
                self._hits.append(None)
            options.append(Option(self._hit_text(h)))
            self._hits.append(h)
        self.query_one("#hits", OptionList).add_options(options)

    @on(OptionList.OptionHighlighted, "#hits")
    def near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self._hits) - 5:
            self._more()

    def _path(self, plan_id: str, sid: str) -> str:
        key = (plan_id, sid)
        if key not in self._paths:
            plan = self.app.corpus.plans[plan_id]
            try:
                self._paths[key] = " › ".join(s.display_title for s in plan.path(sid) if s.level != "条")
            except KeyError:
                self._paths[key] = sid
        return self._paths[key]

    def _hit_text(self, h) -> Text:
        t = Text("  ")
        t.append_text(safe_text(self._path(h.plan, h.section) or h.section, "dim", one_line=True))
        t.append(f"  [{TIER_LABEL.get(h.tier, h.tier)}]\n", style="dim italic")
        snippet, spans = h.snippet(24)
        s = Text("    " + snippet.replace("\n", " "))
        for a, b in spans:
            s.stylize("bold reverse", a + 4, b + 4)
        t.append_text(clean_text(s))
        return t

    @on(OptionList.OptionSelected, "#hits")
    def open_hit(self, event: OptionList.OptionSelected) -> None:
        h = self._hits[event.option_index] if event.option_index < len(self._hits) else None
        if h is None:
            return
        self.app.open_location(h.plan, h.section, [h.matched])

    def action_to_results(self) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.option_count:
            hits.focus()
            if hits.highlighted is None:
                hits.action_first()
                if hits.highlighted is not None and self._hits[hits.highlighted] is None:
                    hits.action_cursor_down()

    def action_cycle_mode(self) -> None:
        sel = self.query_one("#mode", Select)
        k = MODES.index(str(sel.value)) if str(sel.value) in MODES else 0
        sel.value = MODES[(k + 1) % len(MODES)]

    def action_back(self) -> None:
        self.app.pop_screen()
