"""The reuse screen: where a section's wording is found in other plans (``r`` on a section).

One row per matching section of another plan, earliest plan first (issued, else
adopted, else its period's first year; undated last) so the direction of borrowing
shows, with the share of the section reused and its passages; boilerplate (what at least half the plans say) is
dimmed and never counted. Below, the selected match's passages in full, built when
the match is highlighted (the largest answers hold thousands of matches and a hundred
thousand passages: the list is computed without them). Enter opens the matching
section in the reader with the passage highlighted. The corpus index is loaded or
built in a thread worker and kept for the session.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..history import Place
from ..names import short_name
from ..text import clean_text, plural, safe, safe_text, snippet

CONTEXT = 12  # characters of the section shown either side of a passage

_INDEX: dict[tuple[int, str], object] = {}  # (id(corpus), fingerprint) → ReuseIndex


def reuse_index(corpus):
    """The corpus's reuse index, once per session (from the disk cache when valid)."""
    from ...config import cache_dir
    from ...reuse import ReuseIndex

    key = (id(corpus), corpus.fingerprint())
    index = _INDEX.get(key)
    if index is None:
        _INDEX.clear()
        index = _INDEX[key] = ReuseIndex.for_corpus(corpus, cache_dir())
    return index



class ReuseScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="reuse.back"),
        Binding("enter", "open", "Open source", id="reuse.open"),
    ]

    def __init__(self, plan_id: str, section_id: str) -> None:
        super().__init__()
        self.plan_id, self.section_id = plan_id, section_id
        self.matches: list[dict] = []  # SectionMatches.rows(): no passages
        self.found = None  # the SectionMatches: a match's passages on demand
        self.text = ""  # the query section's text: passages are shown in it

    def place(self) -> Place:
        """Where back and forward return to: this section's reuse, built again."""
        plan, section = self.plan_id, self.section_id
        return Place("reuse", plan, section, make=lambda: ReuseScreen(plan, section))

    def compose(self) -> ComposeResult:
        yield Static(id="reuse-head")
        yield DataTable(id="reuse-matches", cursor_type="row", zebra_stripes=True)
        yield VerticalScroll(Static(id="reuse-passages"), id="reuse-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        sec = self.app.corpus.plans[self.plan_id].find(self.section_id)
        title = sec.display_title if sec else self.section_id
        self.text = sec.full_text() if sec else ""
        self.query_one("#reuse-head", Static).update(
            safe_text(f"finding where {short_name(self.app.corpus, self.plan_id)} {title} is reused …", style="dim"))
        self.lookup()

    @work(thread=True, exclusive=True, group="reuse-lookup")
    def lookup(self) -> None:
        from ...reuse import section_matches

        index = reuse_index(self.app.corpus)
        found = section_matches(index, self.plan_id, self.section_id)
        self.app.call_from_thread(self._show, found, found.rows(), getattr(index, "problem", ""))

    def spans(self, k: int) -> list[dict]:
        """Match ``k``'s passages (``{"a", "b", "text", "boilerplate"}``), built when first asked for."""
        return self.found.spans(k) if self.found is not None and 0 <= k < len(self.matches) else []

    def _show(self, found, rows: list[dict], problem: str) -> None:
        if problem:
            self.notify(problem, severity="warning")
        q = found.query()
        head = safe_text(short_name(self.app.corpus, q["plan"]), style="bold")
        head.append(safe(f" {q['section']['label']} {q['section']['title']}".rstrip(), one_line=True), style="bold")
        head.append(f"   found in {plural(len(rows), 'section')} of other plans · earliest plan first · "
                    "boilerplate dimmed, never counted", style="dim")
        self.query_one("#reuse-head", Static).update(head)
        self.found, self.matches = found, rows
        table = self.query_one("#reuse-matches", DataTable)
        table.clear(columns=True)
        width = self.size.width or 100
        # CJK takes two cells: a plan name such as 连云港海州区纲要 needs 16
        table.add_column(Text("plan"), width=16)
        table.add_column(Text("date"), width=10)
        table.add_column(Text("section"), width=max(12, width // 4))
        table.add_column(Text("share"), width=5)
        table.add_column(Text("longest passage"), width=max(10, width - width // 4 - 45))
        from ...reuse import shown_date

        for m in self.matches:
            table.add_row(safe_text(short_name(self.app.corpus, m["plan"]), one_line=True),
                          safe_text(shown_date(self.app.corpus.plans, m["plan"], m["date"]), style="dim",
                                    one_line=True),
                          safe_text(f"{m['section']['label']} {m['section']['title']}".strip(), one_line=True),
                          Text(f"{m['share']:.0%}"), safe_text(m["longest"], one_line=True))
        if self.matches:
            table.move_cursor(row=0)
            table.focus()
            self._detail(0)
        else:
            self.query_one("#reuse-passages", Static).update(
                Text("no passage of this section is found in another plan (boilerplate aside)", style="dim"))

    @on(DataTable.RowSelected, "#reuse-matches")
    def selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    @on(DataTable.RowHighlighted, "#reuse-matches")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, k: int) -> None:
        if not 0 <= k < len(self.matches):
            return
        m = self.matches[k]
        spans = self.spans(k)
        out = Text()
        n = len(spans)
        out.append(f"{m['chars']} characters reused ({m['share']:.1%} of the section), "
                   f"{n} passage{'' if n == 1 else 's'}\n", style="dim")
        for s in spans:
            out.append("• ", style="dim")
            # the passage in the words around it, so one that begins mid-phrase reads
            a, b = s["a"]
            style = "dim" if s["boilerplate"] else "bold reverse"
            if 0 <= a < b <= len(self.text):
                out.append_text(clean_text(snippet(self.text, [(a, b)], CONTEXT, b - a + 2 * CONTEXT, style)))
            else:
                out.append(safe(s["text"], one_line=True), style=style)
            if s["boilerplate"]:
                out.append("  (boilerplate)", style="dim italic")
            out.append("\n")
        self.query_one("#reuse-passages", Static).update(out)

    def passage_in_source(self, k: int) -> tuple[str, str, list[str]]:
        """(plan, section, [passage as the source writes it]) for match ``k``."""
        m = self.matches[k]
        sec = self.app.corpus.plans[m["plan"]].find(m["section"]["id"])
        text = sec.full_text() if sec else ""
        every = self.spans(k)
        spans = [s for s in every if not s["boilerplate"]] or every
        longest = max(spans, key=lambda s: s["b"][1] - s["b"][0])
        passage = text[longest["b"][0] : longest["b"][1]]
        # the reader marks text line by line: the longest line of the passage
        return m["plan"], m["section"]["id"], [max(passage.split("\n"), key=len)] if passage else []

    def action_open(self) -> None:
        k = self.query_one("#reuse-matches", DataTable).cursor_row
        if 0 <= k < len(self.matches):
            plan, section, terms = self.passage_in_source(k)
            self.app.open_location(plan, section, terms)

    def action_back(self) -> None:
        self.app.pop_screen()
