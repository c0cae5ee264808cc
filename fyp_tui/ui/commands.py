"""Command-palette providers: open a plan, jump to any section title, search for,
compare with, bookmarks. (Theme switching is Textual's own system command.)

Section titles are matched by the search engine's title search (CJK-aware), not
by Textual's word matcher, which treats a run of Chinese as one word.

Off the loop: the palette runs each provider's ``search`` on the UI's event loop, and
matching every plan's name takes ~0.2 s a keystroke at 10,000 plans (PlanCommands and
CompareCommands each): that matching runs in a thread, and only the hits' highlights
are made on the loop, so the palette takes keystrokes meanwhile.
"""

from __future__ import annotations

import asyncio
import heapq
from functools import partial
from itertools import islice

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from .names import plan_name
from .text import clean_text, safe, safe_text


def _highlight(matcher, text: str) -> Content:
    """The matcher's highlight without markup parsing (titles may hold "[…]")."""
    text = safe(text, one_line=True)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets if score else ():
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


DISCOVER_MOST = 200  # plans the palette offers before anything is typed
PLAN_HITS = 50  # plans it offers to open for a query, the best matches


def _help(text: str | None) -> str | None:
    return escape(safe(text, one_line=True)) if text else None


def _place(app, pid: str) -> str:
    return app.plan_listing().names.get(pid) or plan_name(app.corpus, pid)


class PlanCommands(Provider):
    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        corpus, names = self.app.corpus, self.app.plan_listing().names

        def matching() -> list[tuple[float, str, str, str]]:
            out = []
            for pid, place in names.items():
                name = f"open {place} ({pid})"
                title = corpus.meta(pid).title
                score = max(matcher.match(name), matcher.match(title))
                if score > 0:
                    out.append((score, name, pid, title))
            # the best few: a word every plan's name holds (纲要) matched 5,076 plans at 10,005,
            # and the palette laid them all out
            return heapq.nlargest(PLAN_HITS, out, key=lambda hit: hit[0])

        for score, name, pid, title in await asyncio.to_thread(matching):  # off the loop (see the module docstring)
            yield Hit(score, _highlight(matcher, name), partial(self.app.open_location, pid, ""), help=_help(title))

    async def discover(self) -> Hits:
        corpus = self.app.corpus
        for pid in self._offered():
            yield DiscoveryHit(Content(safe(f"open {_place(self.app, pid)} ({pid})", one_line=True)),
                               partial(self.app.open_location, pid, ""), help=_help(corpus.meta(pid).title))

    def _offered(self) -> list[str]:
        """The plans the empty palette offers: every plan of a small corpus; of a larger
        one, the plans of the city of the plan being read, else the first ``DISCOVER_MOST``
        (typing still searches every plan). Offering all 10,005 held the UI 2.2 s."""
        plans = self.app.corpus.plans
        if len(plans) <= DISCOVER_MOST:
            return list(plans)
        current = getattr(getattr(self.screen, "plan", None), "id", "")
        for _, cities in self.app.places or ():  # the tree's groups: no metadata read here
            for _, ids in cities:
                if current in ids:
                    return ids[:DISCOVER_MOST]
        return list(islice(plans, DISCOVER_MOST))


class SectionCommands(Provider):
    """Jump to any section heading in any plan (fuzzy, CJK-aware)."""

    async def search(self, query: str) -> Hits:
        import asyncio

        from ..search import get_index, search_titles

        if not query.strip():
            return
        # Built or loaded once, then kept on the app (not re-checked per keystroke).
        index = self.app.search_index or await asyncio.to_thread(get_index, self.app.corpus)
        self.app.search_index = index
        hits = await asyncio.to_thread(search_titles, index, query, 20)
        for h in hits:
            label = Text(f"{_place(self.app, h.plan)} › ")
            title = Text(h.title)  # sanitised below: spans index the raw title
            for a, b in h.spans:
                title.stylize("bold underline", a, b)
            label.append_text(clean_text(title))
            how = "" if h.tier == "exact" else f"[{h.tier} match] "  # a heading not holding the query says so
            # A 专栏's title or a table's caption opens its section with that title marked.
            terms = [h.title] if h.kind != "section" else None
            what = {"box": "专栏 in ", "table": "table in "}.get(h.kind, "")
            yield Hit(h.score / 100, label, partial(self.app.open_location, h.plan, h.section, terms),
                      help=_help(how + what + " › ".join(h.path)))


class SearchCommands(Provider):
    async def search(self, query: str) -> Hits:
        if query.strip():
            text = f"search all plans for “{query.strip()}”"
            yield Hit(0.5, safe_text(text, one_line=True), partial(self.app.action_search, query.strip()))
        matcher = self.matcher(query)
        reload_ = matcher.match("reload plans (after fyp ingest)")
        if reload_ > 0:
            yield Hit(reload_, _highlight(matcher, "reload plans (after fyp ingest)"), self.app.action_reload)
        score = max(matcher.match("targets indicators 指标 目标"), 0)
        if score > 0:
            yield Hit(score, Text("targets: quantitative goals across plans"), self.app.action_targets)

    async def discover(self) -> Hits:
        yield DiscoveryHit("search all plans…", self.app.action_search)
        yield DiscoveryHit("reload plans (after fyp ingest)", self.app.action_reload)
        yield DiscoveryHit("targets: quantitative goals across plans", self.app.action_targets)


class CompareCommands(Provider):
    PAIRED = 6  # plans that best match the query's words, paired with each other
    PICK = "compare two plans…"

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        score = matcher.match(self.PICK)
        if score > 0:  # "compare" alone: the picker stays on offer
            yield Hit(score, _highlight(matcher, self.PICK), self.app.action_compare)
        # Every ordered pair of 1,000 plans would be a million names to match on each
        # keystroke: the plans are matched one by one first, and only the best few paired.
        words = [w for w in query.replace("compare", " ").replace("with", " ").split() if w]
        if not words:
            return
        plans, names = self.app.corpus.plans, self.app.plan_listing().names
        matchers = [self.matcher(w) for w in words]

        def matching() -> dict[str, float]:
            best: dict[str, float] = {}
            for m in matchers:
                for pid, place in names.items():
                    s = m.match(f"{place} {pid}")
                    if s > best.get(pid, 0):
                        best[pid] = s
            return best

        best = await asyncio.to_thread(matching)  # off the loop (see the module docstring)
        named = sorted(best, key=lambda pid: -best[pid])[: self.PAIRED]
        if not named:
            return
        # One plan named ("compare with 福州"): pair it with the plan being read first,
        # then with the others.
        current = getattr(getattr(self.screen, "plan", None), "id", "")  # the screen under the palette
        partners = named if len(named) > 1 else \
            ([current] if current in plans else []) + [p for p in plans if p not in (current, *named)][: self.PAIRED]
        lone = len(named) == 1
        for a in (partners if lone else named):
            for b in named:
                if a == b:
                    continue
                name = f"compare {_place(self.app, a)} with {_place(self.app, b)}"
                score = matcher.match(name)
                if lone:  # the plan being read ranks first
                    score = max(score, best[b] / 2) * (1.0 if a == current else 0.8)
                if score > 0:
                    yield Hit(score, _highlight(matcher, name), partial(self.app.action_compare, a, b))

    async def discover(self) -> Hits:
        yield DiscoveryHit(self.PICK, self.app.action_compare)


class BookmarkCommands(Provider):
    LIST = "bookmarks: list all, with notes"

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        score = matcher.match(self.LIST)
        if score > 0:
            yield Hit(score, _highlight(matcher, self.LIST), self.app.action_bookmarks)
        for b in self.app.bookmarks.items:
            if b.plan not in self.app.corpus.plans:
                continue
            name = f"bookmark {_place(self.app, b.plan)} › {b.title}"
            score = max(matcher.match(name), matcher.match(b.note) if b.note else 0)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), partial(self.app.open_location, b.plan, b.section),
                          help=_help(b.note))

    async def discover(self) -> Hits:
        yield DiscoveryHit(self.LIST, self.app.action_bookmarks)
