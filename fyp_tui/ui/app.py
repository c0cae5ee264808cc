"""FypApp: the Textual application. It holds the corpus and calls the engines; it
never parses, searches or aligns by itself.

Every binding has an id so users can remap keys in config.toml (``[keymap]``);
themes come from themes/*.toml and the user's config dir; the command palette
(ctrl+p) opens plans, jumps to any section title, searches, compares, lists
bookmarks and switches theme.
"""

from __future__ import annotations

import os

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerFailed, WorkerState

from ..bookmarks import BookmarkStore
from ..config import Config, load_config
from ..corpus import Corpus
from .commands import BookmarkCommands, CompareCommands, PlanCommands, SearchCommands, SectionCommands
from .screens.browse import BrowseScreen
from .themes import DEFAULT_THEME, load_themes


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
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, corpus: Corpus | None = None, config: Config | None = None, start: str = "",
                 theme: str = "", bookmarks: BookmarkStore | None = None, loader=None) -> None:
        """Give ``corpus``, or a ``loader(progress) -> Corpus`` that runs in a worker
        behind a progress bar (large corpora never freeze the first paint)."""
        super().__init__()
        self.corpus = corpus if corpus is not None else Corpus()
        self.loader = loader if corpus is None else None
        self.config = config or load_config()
        self.start = start
        self.requested_theme = theme or self.config.theme
        self.bookmarks = bookmarks or BookmarkStore()
        self.loading = None  # the LoadingScreen while the corpus loads
        self.search_index = None  # the corpus's search index, once a screen has loaded it

    def on_mount(self) -> None:
        themes, problems = load_themes()
        for t in themes:
            self.register_theme(t)
        wanted = self.requested_theme or DEFAULT_THEME
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            problems.append(f"unknown theme {wanted!r}; themes: {', '.join(sorted(self.available_themes))}")
            self.theme = DEFAULT_THEME
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        for msg in problems + ([self.config.problem] if self.config.problem else []) + \
                ([self.bookmarks.problem] if self.bookmarks.problem else []):
            self.notify(msg, severity="warning", timeout=10)
        if self.loader is not None:
            from .screens.loading import LoadingScreen

            self.loading = LoadingScreen()
            self.push_screen(self.loading)
            self._load()
        else:
            self._start_browsing()

    @work(thread=True, exclusive=True, group="corpus-load")
    def _load(self) -> None:
        def progress(done: int, total: int) -> None:
            self.call_from_thread(self.loading.set_progress, done, total)

        corpus = self.loader(progress)
        self.call_from_thread(self._loaded, corpus)

    def _loaded(self, corpus: Corpus) -> None:
        import gc

        gc.freeze()  # the corpus lives as long as the app: keep it out of GC passes
        self.corpus = corpus
        while self.screen is not self.loading and len(self.screen_stack) > 1:
            self.pop_screen()  # a help screen opened while loading
        self.pop_screen()
        self.loading = None
        self._start_browsing()

    def _handle_exception(self, error: Exception) -> None:
        """A failed worker is reported and the app carries on; any other unhandled
        error still ends the app, with exit status 1 (``fyp`` returns it)."""
        if isinstance(error, WorkerFailed):
            self.log.error(repr(error.error))
            self.notify(f"a background task failed: {error.error!r}", severity="error", timeout=15)
            return
        super()._handle_exception(error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
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
        self.push_screen(BrowseScreen())
        if os.environ.get("FYP_EXIT_AFTER_FIRST_FRAME"):  # benchmarks/bench_startup.py
            self.call_after_refresh(self.exit)
            return
        if self.start:
            plan_id, _, sid = self.start.partition("#")
            self.call_after_refresh(self.open_location, plan_id, sid)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Notifications carry file paths, titles and document text: never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- navigation used by every screen and palette command ------------------
    def browse(self) -> BrowseScreen:
        """Back to the browse screen (it sits right above Textual's default screen)."""
        while not isinstance(self.screen, BrowseScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        return self.screen  # type: ignore[return-value]

    def open_location(self, plan_id: str, section_id: str = "", terms: list[str] | None = None) -> None:
        screen = self.browse()
        screen.open(plan_id, section_id, terms)

    def action_search(self, query: str = "") -> None:
        from .screens.search import SearchScreen

        self.push_screen(SearchScreen(query))

    def action_compare(self, a: str = "", b: str = "") -> None:
        from .screens.compare import CompareScreen, pick_pair

        if not a or not b:
            screen = self.screen
            current = getattr(screen, "plan", None)
            pick_pair(self, current.id if current else "", lambda pa, pb: self.push_screen(CompareScreen(pa, pb)))
            return
        self.push_screen(CompareScreen(a, b))

    def action_bookmarks(self) -> None:
        from .screens.bookmarks import BookmarksScreen

        self.push_screen(BookmarksScreen())

    def action_targets(self) -> None:
        from .screens.targets import TargetsScreen

        self.push_screen(TargetsScreen())

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))
