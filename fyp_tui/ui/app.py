"""FypApp: the Textual application. It holds the corpus and calls the engines; it
never parses, searches or aligns by itself.

Every binding has an id so users can remap keys in config.toml (``[keymap]``);
themes come from themes/*.toml and the user's config dir; the command palette
(ctrl+p) opens plans, jumps to any section title, searches, compares, lists
bookmarks and switches theme.
"""

from __future__ import annotations

import os

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerFailed, WorkerState

from ..bookmarks import BookmarkStore
from ..config import Config, load_config
from ..corpus import Corpus, outdated_note
from ..places import ProvinceGroup, place_groups
from .commands import (
    BookmarkCommands,
    CompareCommands,
    PlanCommands,
    SearchCommands,
    SectionCommands,
)
from .history import History, Place
from .names import Listing, listing
from .screens.browse import BrowseScreen
from .state import UiState
from .text import plural, safe
from .themes import DEFAULT_THEME, load_themes


TYPE_AHEAD_S = 2.0  # keys typed after ``/`` are kept this long for the search screen it opens


class FypApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "fyp · 五年规划"
    COMMANDS = App.COMMANDS | {PlanCommands, SectionCommands, SearchCommands, CompareCommands, BookmarkCommands}
    BINDINGS = [
        Binding("slash", "search", "Search", id="app.search"),
        Binding("c", "compare", "Compare", id="app.compare"),
        Binding("B", "bookmarks", "Bookmarks", show=False, id="app.bookmarks"),
        Binding("T", "targets", "Targets", show=False, id="app.targets"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        # alt+←/→ as in a browser; H / L where a terminal does not pass alt+arrows.
        Binding("alt+left,H", "back", "Back", show=False, id="app.back"),
        Binding("alt+right,L", "forward", "Forward", show=False, id="app.forward"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+r", "reload", "Reload plans", show=False, id="app.reload"),
    ]

    def __init__(self, corpus: Corpus | None = None, config: Config | None = None, start: str = "",
                 theme: str = "", bookmarks: BookmarkStore | None = None, loader=None,
                 state: UiState | None = None, daemon_workers: bool = False) -> None:
        """Give ``corpus``, or a ``loader(progress) -> Corpus`` that runs in a worker
        behind a progress bar (large corpora never freeze the first paint).
        ``daemon_workers``: worker threads end with the app (``threads``; `fyp` sets it,
        tests that run app after app in one process wait for theirs)."""
        super().__init__()
        self._typed_ahead: list[tuple[str, str]] | None = None  # (key, character) since a ``/`` opening search
        self._typing_into = None  # the search screen they go to
        self.daemon_workers = daemon_workers
        self.corpus = corpus if corpus is not None else Corpus()
        self.loader = loader if corpus is None else None
        self.reloader = loader  # plans ingested while the app runs: ctrl+r reads the corpus again
        self.config = config or load_config()
        self.start = start
        self.state = state if state is not None else UiState.load()
        # --theme, then the theme last chosen in the app, then config.toml's.
        self.requested_theme = theme or self.state.theme or self.config.theme
        self.bookmarks = bookmarks or BookmarkStore()
        self.loading = None  # the LoadingScreen while the corpus loads
        self.search_index = None  # the corpus's search index, once a screen has loaded it
        self.places: list[ProvinceGroup] | None = None  # the tree's groups (``place_groups``), made by the loader
        self.listing: Listing | None = None  # every plan's place and name (``plan_listing``)
        self.history = History()
        self.last_hits: list = []  # the last search's rows, for next/previous hit from the reader
        self.last_hit = -1
        self._outdated_note: str | None = None  # plans made by an older parser (``outdated_note``)

    def on_mount(self) -> None:
        if self.daemon_workers:
            import asyncio

            from .threads import DaemonExecutor

            asyncio.get_running_loop().set_default_executor(DaemonExecutor())
        themes, problems = load_themes()
        for t in themes:
            self.register_theme(t)
        wanted = self.requested_theme or DEFAULT_THEME
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            problems.append(f"unknown theme {wanted!r}; themes: {', '.join(sorted(self.available_themes))}")
            self.theme = DEFAULT_THEME
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        # The keys that open search (``/``, or as remapped): ``on_event`` asks per key.
        self._search_keys = {k.strip() for k in (self.config.keymap or {}).get("app.search", "slash").split(",")}
        for msg in problems + ([self.config.problem] if self.config.problem else []) + \
                ([self.bookmarks.problem] if self.bookmarks.problem else []) + \
                ([self.state.problem] if self.state.problem else []):
            self.notify(msg, severity="warning", timeout=10)
        if self.loader is not None:
            from .screens.loading import LoadingScreen

            self.loading = LoadingScreen()
            self.push_screen(self.loading)
            self._load()
        else:
            self._start_browsing()

    def _handle_exception(self, error: Exception) -> None:
        """A failed background task (search, layout, alignment…) is reported and the app
        goes on; any other unhandled error still ends the app with exit code 1."""
        if isinstance(error, WorkerFailed) and self.is_running:
            cause = error.error
            self.log.error(repr(cause))
            self.notify(f"a background task failed: {cause.__class__.__name__}: {cause}. "
                        "The app goes on; try again or report it.", severity="error", timeout=15)
            return
        super()._handle_exception(error)

    def exit(self, *args, **kwargs) -> None:
        self.state.save()  # where each plan was left
        super().exit(*args, **kwargs)

    def action_reload(self) -> None:
        if self.reloader is None:
            self.notify("this app was given a fixed set of plans: nothing to reload")
            return
        self.notify("reloading plans…", timeout=2)
        self._reload()

    @work(thread=True, exclusive=True, group="corpus-load")
    def _reload(self) -> None:
        corpus = self.reloader(None)
        self.call_from_thread(self._reloaded, corpus, place_groups(corpus))

    def _reloaded(self, corpus: Corpus, places: list[ProvinceGroup]) -> None:
        before = set(self.corpus.plans)
        self.corpus = corpus
        self.places = places
        self.search_index = None  # built again, with the new plans, on the next search
        self._list_plans()
        from .widgets.plan_tree import PlanTree

        for screen in self.screen_stack:
            for tree in screen.query(PlanTree):
                tree.corpus = corpus
                tree.rebuild(places)
        new = len(set(corpus.plans) - before)
        self.notify(plural(len(corpus.plans), "plan") + (f", {new} new" if new else ", none new"))

    def plan_listing(self) -> Listing:
        """Every plan's place and name, and the provinces (``names.listing``): made by a
        worker after the first frame; a screen opened before that is done makes it here."""
        got = self.listing
        if got is None or got.corpus is not self.corpus:
            got = self.listing = listing(self.corpus)
        return got

    @work(thread=True, exclusive=True, group="plan-listing")
    def _list_plans(self) -> None:
        made = listing(self.corpus)
        self.call_from_thread(self._listed, made)

    def _listed(self, made: Listing) -> None:
        if made.corpus is self.corpus:  # not a corpus reloaded since
            self.listing = made

    def _theme_chosen(self, theme) -> None:
        if theme.name != self.state.theme:
            self.state.theme = theme.name
            self.state.save()

    @work(thread=True, exclusive=True, group="corpus-load")
    def _load(self) -> None:
        def progress(done: int, total: int) -> None:
            self.call_from_thread(self.loading.set_progress, done, total)

        corpus = self.loader(progress)
        # From the manifest, nothing decoded; here, not on the UI thread (~0.1 s at 10,000 plans).
        self.call_from_thread(self._loaded, corpus, outdated_note(corpus), place_groups(corpus))

    def _loaded(self, corpus: Corpus, note: str | None = None, places: list[ProvinceGroup] | None = None) -> None:
        import gc

        gc.freeze()  # the corpus lives as long as the app: keep it out of GC passes
        self.corpus = corpus
        self.places = places
        self._outdated_note = note
        while self.screen is not self.loading and len(self.screen_stack) > 1:
            self.pop_screen()  # a help screen opened while loading
        self.pop_screen()
        self.loading = None
        self._start_browsing()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A corpus load that failed leaves an empty app saying why, not a frozen progress bar."""
        if event.state is WorkerState.ERROR and event.worker.group == "corpus-load" and self.loading is not None:
            self._loaded(Corpus(problems=[f"the corpus could not be loaded ({event.worker.error!r})"]))

    def check_action(self, action: str, parameters) -> bool | None:
        """While the corpus loads, only help and quit make sense."""
        if self.loading is not None and action not in ("quit", "help", "command_palette"):
            return False
        return True

    def _start_browsing(self) -> None:
        for msg in self.corpus.problems:
            self.notify(msg, severity="warning", timeout=10)
        if self._outdated_note:
            self.notify(self._outdated_note, severity="warning", timeout=15)
        self.push_screen(BrowseScreen())
        if os.environ.get("FYP_EXIT_AFTER_FIRST_FRAME"):  # benchmarks/bench_startup.py
            self.call_after_refresh(self.exit)
            return
        self.call_after_refresh(self._list_plans)  # after the first frame: it does not wait for this
        if self.start:
            plan_id, _, sid = self.start.partition("#")
            self.call_after_refresh(self.open_location, plan_id, sid)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Notifications carry file paths, titles and document text: never markup, no escapes."""
        super().notify(safe(message), title=safe(title, one_line=True), severity=severity, timeout=timeout,
                       markup=False)

    # -- navigation used by every screen and palette command ------------------
    def browse(self) -> BrowseScreen:
        """Back to the browse screen (it sits right above Textual's default screen)."""
        while not isinstance(self.screen, BrowseScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        return self.screen  # type: ignore[return-value]

    def here(self) -> Place | None:
        """Where the user is now, for the history (screens say so with ``place()``)."""
        screen = self.screen
        place = getattr(screen, "place", None)
        if callable(place):
            return place()
        if type(screen).__name__ == "CompareScreen":
            return Place("compare", screen.a, other=screen.b)
        return None

    def open_location(self, plan_id: str, section_id: str = "", terms: list[str] | None = None) -> None:
        self.history.leave(self.here())
        screen = self.browse()
        screen.open(plan_id, section_id, terms)

    def action_back(self) -> None:
        self._go(self.history.go_back(self.here()), "back")

    def action_forward(self) -> None:
        self._go(self.history.go_forward(self.here()), "forward")

    def _go(self, place: Place | None, way: str) -> None:
        if place is None:
            self.notify(f"nothing further {way}")
            return
        screen = self.browse()
        if place.kind == "reader":
            screen.open(place.plan, place.section)
        elif place.kind == "search":
            from .screens.search import SearchScreen

            self.push_screen(SearchScreen(place.query, restore=place))
        elif place.kind == "compare":
            from .screens.compare import CompareScreen

            self.push_screen(CompareScreen(place.plan, place.other))
        elif callable(place.make):  # a screen that builds itself again (targets with its scope, reuse…)
            self.push_screen(place.make())
        elif place.kind == "targets":
            from .screens.targets import TargetsScreen

            self.push_screen(TargetsScreen())

    def step_search_hit(self, step: int) -> None:
        """The next (previous) hit of the last search, from the reader."""
        if not self.last_hits:
            self.notify("no search yet: press / to search")
            return
        self.last_hit = (self.last_hit + step) % len(self.last_hits)
        row = self.last_hits[self.last_hit]
        h = row.first
        from .screens.search import hit_anchor

        at = hit_anchor(self.corpus.plans.get(h.plan), h.section, h.block)
        self.browse().open(h.plan, at, list(dict.fromkeys(x.matched for x in row.hits)))
        self.notify(f"hit {self.last_hit + 1} of {len(self.last_hits)}", timeout=2)

    def action_search(self, query: str = "") -> None:
        from .screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen) and not query:
            # ``/`` on the search screen (from its list of hits): back to its query box,
            # the query kept, not a second, empty search over it
            box = self.screen.query_one("#q")
            box.focus()
            box.action_select_all()
            return
        self.history.leave(self.here())
        screen = SearchScreen(query)
        if self._typed_ahead is not None:  # keys typed since the ``/`` that opens it
            screen.typed_ahead = self._typed_ahead
            self._typing_into = screen
        self.push_screen(screen)

    async def on_event(self, event: events.Event) -> None:
        """Characters typed right after ``/`` start the query. A key goes to the focused
        widget's queue before the one ahead of it has run its binding, so those typed
        with ``/`` reached the screen beneath: ``/`` then ``lyjj`` at once searched for
        nothing, and a letter bound there (``c``) ran its action. From a ``/`` that
        opens search until its query box has focus, they are kept for the box; if no
        search screen opens within ``TYPE_AHEAD_S``, they are sent on as they were."""
        if isinstance(event, events.Key) and not event.is_forwarded:  # as typed, not bubbling back
            if self._typed_ahead is not None:
                screen = self._typing_into
                if screen is not None and screen.ready:
                    self._typed_ahead, self._typing_into = None, None
                elif event.is_printable and event.character:
                    self._typed_ahead.append((event.key, event.character))
                    return
            elif self._opens_search(event.key):
                self._typed_ahead, self._typing_into = [], None
                self.set_timer(TYPE_AHEAD_S, self._typed_ahead_unclaimed)
        await super().on_event(event)

    def _opens_search(self, key: str) -> bool:
        """Does ``key`` open search here: the search key (``/``, or as remapped), not typed
        into a text box, not on the search screen already."""
        if key not in self._search_keys:
            return False
        from textual.widgets import Input, TextArea

        from .screens.search import SearchScreen

        return not isinstance(self.screen, SearchScreen) and not isinstance(self.focused, (Input, TextArea))

    def _typed_ahead_unclaimed(self) -> None:
        """No search screen took the keys kept since ``/``: send them on."""
        if self._typed_ahead is not None and self._typing_into is None:
            kept, self._typed_ahead = self._typed_ahead, None
            for key, ch in kept:  # as they came (? is question_mark to a binding)
                self.post_message(events.Key(key, ch))

    def action_compare(self, a: str = "", b: str = "") -> None:
        from .screens.compare import CompareScreen, pick_pair

        here = self.here()

        def go(pa: str, pb: str) -> None:
            self.history.leave(here)
            self.push_screen(CompareScreen(pa, pb))

        if not a or not b:
            current = getattr(self.screen, "plan", None)
            pick_pair(self, current.id if current else "", go)
            return
        go(a, b)

    def action_bookmarks(self) -> None:
        from .screens.bookmarks import BookmarksScreen

        self.push_screen(BookmarksScreen())

    def action_targets(self) -> None:
        from .names import region_plans
        from .screens.targets import TargetsScreen

        self.history.leave(self.here())
        current = getattr(self.screen, "plan", None)
        ids, scope = region_plans(self.corpus, current.id if current else "", TargetsScreen.MAX_PLANS)
        self.push_screen(TargetsScreen(ids, scope=scope))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))
