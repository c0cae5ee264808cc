"""The search screen: search every plan as you type, results grouped by plan.

Every keystroke runs the query in a thread worker (exclusive: a newer query cancels
the older): a first look is painted at once, the complete list after it. The index
is built or loaded from its cache in a worker too. Enter on a hit opens it in the
reader, scrolled to it with the match highlighted.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...corpus import Corpus
from ...model import Box, Table
from ...render import bar
from ...search import MODES, Filters, SearchResult, get_index, search, warm_up
from ...wrapped import Wrapped
from ..history import Place
from ..names import place, plan_name
from ..text import clean_text, plural, safe_text, snippet

LIMIT = 200
SETTLE_STEPS = 10  # × 10 ms between a painted first look and the full search
BATCH = 16  # hits added to the list at a time (a long list costs ~0.3 ms a hit); the first look holds one batch
CHART_PLANS = 15  # the chart shows the plans with most hits; the rest are summed
TIER_LABEL = {"exact": "精确", "traditional": "繁体", "homophone": "同音", "typo": "近似", "split": "拆分", "pinyin": "拼音"}


LEVELS = [("国家级", "national"), ("省级", "province"), ("市级", "city"), ("县级", "county"), ("区级", "district")]


@dataclass
class Row:
    """One paragraph (table row, box entry) with every match in it."""

    hits: list  # the engine's hits in this unit, best first
    spans: list[tuple[int, int]]  # all matches, in text order, merged

    @property
    def first(self):
        return self.hits[0]


def group_rows(hits) -> list[Row]:
    """Hits as rows: plans in the order of their best hit, one header each; within a
    plan one row per paragraph, every match in it highlighted."""
    by_plan: dict[str, dict[tuple, Row]] = {}
    for h in hits:
        unit = (h.section, h.block, h.item)
        rows = by_plan.setdefault(h.plan, {})
        row = rows.get(unit)
        if row is None:
            rows[unit] = Row([h], list(h.spans))
        else:
            row.hits.append(h)
            row.spans.extend(h.spans)
    out = []
    for rows in by_plan.values():
        for row in rows.values():
            merged: list[tuple[int, int]] = []
            for a, b in sorted(set(row.spans)):
                if merged and a <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
                else:
                    merged.append((a, b))
            row.spans = merged
            out.append(row)
    return out


class HitList(OptionList):
    """The results list: ``End`` goes to the very last hit in one press (hits are
    added in batches as the cursor nears them)."""

    def action_last(self) -> None:
        self.screen.load_all_rows()
        super().action_last()


def bar_chart(result: SearchResult, corpus: Corpus, width: int = 40) -> Text:
    """Hits per plan as bars within ``width`` cells (cell widths via rich, so CJK
    names line up)."""
    t = Text()
    if not result.counts:
        return t
    top = max(result.counts.values())
    ranked = sorted(result.counts.items(), key=lambda kv: -kv[1])
    shown, rest = ranked[:CHART_PLANS], ranked[CHART_PLANS:]
    names = {pid: place(corpus, pid) for pid, _ in shown}  # short: bars need room
    name_w = max(Text(n).cell_len for n in names.values())
    width_bar = max(4, min(20, width - name_w - 6))
    for pid, n in shown:
        name = Text(names[pid])
        t.append(name)
        t.append(" " * (name_w - name.cell_len + 1))
        t.append(bar(n / top, width_bar) or "▏", style="bold")
        t.append(f" {n}\n")
        t.append(" " * (name_w + 1))
        t.append_text(term_strip(corpus.plans[pid], result.hits, cells=max(4, width - name_w - 2)))
        t.append("\n")
    what = "units" if result.counting == "units" else "hits"
    if rest:
        t.append(f"… {len(rest)} more plans, {sum(n for _, n in rest)} {what}", style="dim")
    # the strips count what the listed hits hold: say so when that is not everything
    shown_n = len(result.hits) if result.counting == "units" else sum(len(h.spans) for h in result.hits)
    if shown_n < result.total:
        t.append(f"\nstrips: {shown_n:,} of {result.total:,} {what}", style="dim italic")
    return t


STRIP = " ▁▂▃▄▅▆▇█"


def chapters(plan) -> list[str]:
    """The plan's top-level divisions (its 篇 or 章), cover left out."""
    return [s.id for s in plan.sections if s.level != "封面"]


def top_division(plan, sid: str) -> str:
    """The top-level division holding a section (ids need not share a prefix:
    镇江京口's ch05 sits in its pt02)."""
    while sid:
        try:
            return plan.path(sid)[0].id
        except (KeyError, IndexError):
            sid = sid.rpartition(".")[0]
    return ""


def term_strip(plan, hits, cells: int = 0) -> Text:
    """Where a term sits in one plan: a cell per chapter, taller for more hits
    (a blank cell: none), so which parts of which plans talk about it shows at a glance.
    A plan with more chapters than ``cells`` gets neighbouring chapters shared out
    over the cells, so the strip stays on its line."""
    ids = chapters(plan)
    counts = dict.fromkeys(ids, 0)
    for h in hits:
        if h.plan == plan.id:
            top = top_division(plan, h.section)
            if top in counts:
                counts[top] += len(h.spans)  # a unit with three matches is three hits
    values = list(counts.values())
    if cells and len(values) > cells:
        values = [sum(values[k * len(values) // cells:(k + 1) * len(values) // cells]) for k in range(cells)]
    most = max(values, default=0) or 1
    t = Text()
    for n in values:
        t.append(STRIP[min(8, -(-8 * n // most))] if n else "·", style="bold" if n else "dim")
    return t


def hit_anchor(plan, section_id: str, block: int) -> str:
    """Where the reader opens a hit: at its 专栏 or table when it is in one (the reader
    then goes to the first highlight from there: a table row's hit opened at its
    section's top, and the first highlight there could be a paragraph above the
    table), else at its section."""
    sec = plan.find(section_id) if plan is not None else None
    if sec is not None and 0 <= block < len(sec.blocks):
        b = sec.blocks[block]
        if isinstance(b, (Box, Table)) and b.id.startswith(section_id + "."):
            return b.id
    return section_id


PLAN_CHOICES = 300  # above this many plans, the 规划 filter lists one province's plans


class SearchScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("ctrl+o", "cycle_mode", "Mode", id="search.mode"),
        Binding("ctrl+s", "export", "Export", id="search.export"),  # ctrl+e is the query box's end-of-line
        Binding("down", "to_results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, query: str = "", restore: Place | None = None) -> None:
        super().__init__()
        self.initial = query
        self.restore = restore  # back from the history: filters and cursor as they were
        self.index = None
        self.result: SearchResult | None = None
        self._hits = []
        self._pending = []
        self._current_plan = None
        self._paths: dict[tuple[str, str, bool], str] = {}  # (plan, section, cited) → breadcrumb
        self.partial = False  # the list shows exact hits while the fuzzy tiers run
        self.typed_ahead: list[tuple[str, str]] = []  # (key, character) typed before the box had focus
        self.ready = False  # the query box has had focus (typing reaches it)

    def compose(self) -> ComposeResult:
        listed = self.app.plan_listing()
        given = dict(self.restore.filters) if self.restore else {}

        def chosen(sel_id: str):
            return given.get(sel_id, Select.NULL)

        with Vertical(id="search-top"):
            yield Input(self.initial, placeholder="搜索全部规划 · 楼宇经济, louyujingji, lyjj, 樓宇經濟 …", id="q")
            with Horizontal(id="search-filters"):
                mode = self.restore.mode if self.restore and self.restore.mode in MODES else self.app.config.search_mode
                yield Select([(m, m) for m in MODES], value=mode, allow_blank=False,
                             id="mode", prompt="mode")
                province = given.get("province", "")
                yield Select(self._plan_options(listed, province, given.get("plan", "")), id="plan",
                             prompt=self._plan_prompt(listed, province), value=chosen("plan"))
                yield Select([(Text(p), p) for p in listed.provinces], id="province", prompt="省份",
                             value=chosen("province"))
                yield Select(LEVELS, id="level", prompt="层级", value=chosen("level"))
        with Horizontal(id="search-body"):
            yield HitList(id="hits")
            with Vertical(id="search-side"):
                yield Static(id="status")
                yield Static(id="chart")
        yield Footer(compact=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The query box has focus for the first time: what was typed while the screen
        was opening (``FypApp.on_event`` kept it) goes in, in order; later keys reach
        the box as usual."""
        if not self.ready and event.widget.id == "q" and isinstance(event.widget, Input):
            self.ready = True
            if self.typed_ahead:
                event.widget.insert_text_at_cursor("".join(ch for _, ch in self.typed_ahead))
                self.typed_ahead.clear()

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

    def _reading(self) -> str:
        """The id of the plan open beneath this screen, if any."""
        for screen in reversed(self.app.screen_stack):
            plan = getattr(screen, "plan", None)
            if screen is not self and plan is not None:
                return getattr(plan, "id", "")
        return ""

    def _plan_options(self, listed, province: str, keep: str = "") -> list[tuple[Text, str]]:
        """The plans the 规划 filter offers: every plan of a corpus of at most
        ``PLAN_CHOICES``; else the plans of the province chosen (or of the plan chosen,
        or of the plan being read), which a list can show and a reader can browse."""
        ids = list(listed.places)
        if len(ids) > PLAN_CHOICES:
            prov = province or listed.province_of.get(keep) or listed.province_of.get(self._reading(), "")
            ids = [pid for pid in ids if prov and listed.province_of.get(pid) == prov]
            if keep in listed.places and keep not in ids:
                ids.insert(0, keep)
        return [(Text(listed.places[pid]), pid) for pid in ids]

    @staticmethod
    def _plan_prompt(listed, province: str) -> str:
        return "规划" if province or len(listed.places) <= PLAN_CHOICES else "规划 (先选省份)"

    @on(Select.Changed)
    def filter_changed(self, event: Select.Changed) -> None:
        listed = self.app.plan_listing()
        if event.select.id == "province" and len(listed.places) > PLAN_CHOICES:
            province = "" if event.value is Select.NULL else str(event.value)
            plan = self.query_one("#plan", Select)
            keep = "" if plan.value is Select.NULL else str(plan.value)
            options = self._plan_options(listed, province, keep)
            plan.set_options(options)
            plan.prompt = self._plan_prompt(listed, province)
            if keep and any(pid == keep for _, pid in options):
                plan.value = keep
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
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        self._hits = []
        self._pending = group_rows(result.hits)
        self._current_plan = None
        self._more()  # the first batch now; the rest as the cursor gets near them
        status = Text()
        if result.message:
            status.append_text(safe_text(result.message + "\n", "italic"))
        if result.query.strip():
            more = "+" if partial else ""
            counted = plural(result.total, "paragraph") + " holding every word" if result.counting == "units" \
                else plural(result.total, "hit")
            status.append(f"{counted}{more} in {plural(len(result.counts), 'plan')}{more}\n", style="bold")
            if not result.total and self._filters():
                status.append("nothing within the filters set (规划 / 省份 / 层级): "
                              "clear them to search every plan\n", style="italic")
            if partial:
                status.append("the first hits; counting the rest…\n", style="italic dim")
            for tier, n in result.tiers.items():
                status.append(f"{TIER_LABEL.get(tier, tier)} {n}  ", style="dim")
        self.query_one("#status", Static).update(status)
        if not partial and self.restore is not None and self.restore.cursor >= 0:
            self._put_cursor(self.restore.cursor)
            self.restore = None
        self._draw_chart()

    def _draw_chart(self) -> None:
        chart = self.query_one("#chart", Static)
        if self.result is not None:
            chart.update(bar_chart(self.result, self.app.corpus, width=chart.size.width or 40))

    def on_resize(self, event: events.Resize) -> None:
        # the bars are drawn for the chart's width: a narrower terminal wrapped them
        self.call_after_refresh(self._draw_chart)

    def _more(self) -> None:
        """Add the next batch of hits to the list (a long list costs ~0.3 ms a hit)."""
        if not self._pending or self.result is None:
            return
        batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
        options: list[Option] = []
        for row in batch:
            h = row.first
            if h.plan != self._current_plan:
                self._current_plan = h.plan
                head = safe_text(plan_name(self.app.corpus, h.plan), "bold")  # bold: the name only
                what = "unit" if self.result.counting == "units" else "hit"  # several words: units holding all
                head.append(f"  {plural(self.result.counts.get(h.plan, 0), what)}", style="dim")
                options.append(Option(head, disabled=True))
                self._hits.append(None)
            options.append(Option(Wrapped(self._hit_text(row), wrap=True, hang=True)))
            self._hits.append(row)
        self.query_one("#hits", OptionList).add_options(options)

    def _put_cursor(self, k: int) -> None:
        while self._pending and len(self._hits) <= k:
            self._more()
        hits = self.query_one("#hits", OptionList)
        if 0 <= k < hits.option_count:
            hits.focus()
            hits.highlighted = k

    def place(self) -> Place:
        hits = self.query_one("#hits", OptionList)
        filters = tuple((sid, str(self.query_one(f"#{sid}", Select).value)) for sid in ("plan", "province", "level")
                        if self.query_one(f"#{sid}", Select).value is not Select.NULL)
        return Place("search", query=self.query_one("#q", Input).value,
                     mode=str(self.query_one("#mode", Select).value), filters=filters,
                     cursor=hits.highlighted if hits.highlighted is not None else -1)

    def action_export(self) -> None:
        if self.result is None or not self.result.query.strip():
            self.notify("search for something first")
            return
        from .export import ExportScreen

        result, corpus = self.result, self.app.corpus

        def hits():
            rows = [[r.first.plan, plan_name(corpus, r.first.plan), r.first.section,
                     self._path(r.first.plan, r.first.section, cited=True),
                     " ".join(dict.fromkeys(h.tier for h in r.hits)), str(len(r.spans)),
                     " / ".join(dict.fromkeys(h.text[a:b] for h in r.hits for a, b in h.spans)), r.first.text]
                    for r in group_rows(result.hits)]
            return ["plan", "name", "section", "path", "tiers", "matches", "matched", "text"], rows

        def frequencies():
            what = "units" if result.counting == "units" else "hits"
            return ["plan", "name", what], [[pid, plan_name(corpus, pid), str(n)] for pid, n in
                                             sorted(result.counts.items(), key=lambda kv: -kv[1])]

        stem = "fyp-search-" + "".join(c for c in result.query if c.isalnum())[:30]
        self.app.push_screen(ExportScreen(f"export the search for “{result.query}”",
                                          {"search results": hits, "term frequencies": frequencies}, stem))

    def load_all_rows(self) -> None:
        while self._pending:
            self._more()

    @on(OptionList.OptionHighlighted, "#hits")
    def near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self._hits) - 5:
            self._more()

    def _path(self, plan_id: str, sid: str, cited: bool = False) -> str:
        """A hit's section path. ``cited`` (the export): as ``fyp search`` prints it and
        its JSON gives it, a lead item (条) included, what an analyst cites. In the list
        the 条 is left out: its sentence opens the snippet right below (shown twice, the
        path took a second line)."""
        key = (plan_id, sid, cited)
        if key not in self._paths:
            plan = self.app.corpus.plans[plan_id]
            try:
                self._paths[key] = " › ".join(s.display_title for s in plan.path(sid) if cited or s.level != "条")
            except KeyError:
                self._paths[key] = sid
        return self._paths[key]

    def _hit_text(self, row: Row) -> Text:
        h = row.first
        t = Text("  ")
        t.append_text(safe_text(self._path(h.plan, h.section) or h.section, "dim", one_line=True))
        tiers = dict.fromkeys(TIER_LABEL.get(x.tier, x.tier) for x in row.hits)
        t.append(f"  [{' '.join(tiers)}]", style="dim italic")
        if len(row.spans) > 1:
            t.append(f" ×{len(row.spans)}", style="dim")
        t.append("\n    ")
        t.append_text(clean_text(snippet(h.text, row.spans)))
        return t

    @on(OptionList.OptionSelected, "#hits")
    def open_hit(self, event: OptionList.OptionSelected) -> None:
        row = self._hits[event.option_index] if event.option_index < len(self._hits) else None
        if row is None:
            return
        h = row.first
        self.app.last_hits = group_rows(self.result.hits) if self.result else []
        self.app.last_hit = next((k for k, r in enumerate(self.app.last_hits) if r.first is h), -1)
        self.app.open_location(h.plan, hit_anchor(self.app.corpus.plans.get(h.plan), h.section, h.block),
                               list(dict.fromkeys(x.text[a:b] for x in row.hits for a, b in x.spans)))

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
