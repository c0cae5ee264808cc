"""DocumentView: a whole plan as one scrollable page, drawn a visible line at a time.

Laying a plan out (wrapping ~50k characters of CJK text, boxes and tables at the
current width) runs in a thread worker; the widget then only slices the lines it
shows (Textual's Line API), so scrolling a whole plan stays smooth and opening a
plan never freezes the screen. Text enters as ``rich.text.Text`` built from plain
strings; highlights (find-in-plan, search hits) are styles added to that text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Callable

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from ...model import Paragraph, Plan, Section
from ...render import reading_pieces
from ...textnorm import compact
from ...wrapped import Wrapped
from ..text import clean_segments

INDENT = "\u3000\u3000"  # a Chinese paragraph opens with two ideographic spaces
_LEVEL_CLASS = {"篇": "part", "编": "part", "章": "chapter", "节": "section", "一": "chapter", "（一）": "section",
                "1": "item", "（1）": "item", "序言": "chapter", "结语": "chapter", "封面": "title"}


@dataclass
class Layout:
    width: int
    lines: list[Strip] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # section id → first line
    owners: list[str] = field(default_factory=list)  # section id of each line
    matches: list[int] = field(default_factory=list)  # the line each highlight starts on, one per occurrence


def _mark_text(text: Text, terms: list[str], style: Callable[[], Style]) -> int:
    """Highlight every occurrence of each term (white space in the text ignored), each
    with its own ``style()`` (the layout tells occurrences apart by it)."""
    if not terms:
        return 0
    plain = text.plain
    flat, where = compact(plain)
    n = 0
    for term in terms:
        t = "".join(term.split())
        if not t:
            continue
        for m in re.finditer(re.escape(t), flat, re.IGNORECASE):
            text.stylize(style(), where[m.start()], where[m.end() - 1] + 1)
            n += 1
    return n


def layout_plan(plan: Plan, width: int, styles: dict[str, Style], terms: list[str], cancelled=lambda: False) -> Layout:
    """Lay the whole plan out at ``width`` cells (pure rich: safe in a thread)."""
    console = Console(width=width, color_system="truecolor", force_terminal=True, legacy_windows=False,
                      highlight=False, emoji=False, markup=False)
    options = console.options.update(width=width, highlight=False)
    # The meta key (a number per occurrence) lets us find each highlight's first line after
    # rich has combined styles: an occurrence counts once, on the line it starts on, however
    # it wraps, and two on one line count twice (lines were counted: 5 for 8 occurrences).
    numbers = itertools.count(1)

    def match_style() -> Style:
        return styles["match"] + Style.from_meta({"fyp_match": next(numbers)})

    seen: set[int] = set()
    out = Layout(width)
    rich_styles = {
        "para": styles["para"], "lead": styles["lead"], "box": styles["box"], "binding": styles["binding"],
        **{lvl: styles[cls] for lvl, cls in _LEVEL_CLASS.items()},
    }

    def mark(text: Text, sid: str) -> Text:
        _mark_text(text, terms, match_style)
        return text

    def emit(renderable, sid: str, gap_before: int = 0) -> None:
        if isinstance(renderable, Text):  # plan text: Chinese line breaking, not word wrap
            renderable = Wrapped(renderable, wrap=True)
        for _ in range(gap_before):
            out.lines.append(Strip.blank(width))
            out.owners.append(sid)
        for segs in console.render_lines(renderable, options, pad=False):
            segs = clean_segments(segs)
            strip = Strip(segs, Segment.get_line_length(segs))
            starting = {s.style.meta["fyp_match"] for s in segs if s.style is not None and s.style.meta.get("fyp_match")}
            starting -= seen
            seen.update(starting)
            out.matches.extend([len(out.lines)] * len(starting))
            out.lines.append(strip)
            out.owners.append(sid)

    for top in plan.sections:
        for sec, item, r, lead in reading_pieces(top, rich_styles, mark):
            if cancelled():
                return out
            if lead is not None:  # a 条: its lead sentence, with the paragraph it opens
                out.anchors[lead.id] = len(out.lines)
                emit(Text(INDENT) + r, sec.id)
            elif item is None:
                out.anchors[sec.id] = len(out.lines)
                if sec.level == "封面":
                    continue  # the cover's own lines are its title; no heading above them
                gap = 2 if _LEVEL_CLASS.get(sec.level) in ("part", "chapter", "title") else 1
                emit(r, sec.id, gap if out.lines else 0)
            elif isinstance(item, Paragraph):
                emit(Text(INDENT) + r, sec.id)
            else:
                out.anchors[item.id] = len(out.lines)  # boxes and tables can be opened too
                emit(r, sec.id, 0)
    return out


class DocumentView(ScrollView, can_focus=True):
    """Shows one plan; ``show(plan, sid, terms)`` moves to a section and highlights terms."""

    COMPONENT_CLASSES = {
        "document--title", "document--part", "document--chapter", "document--section", "document--item",
        "document--para", "document--lead", "document--box", "document--match", "document--binding",
    }

    current_section: reactive[str] = reactive("")

    class SectionChanged(Message):
        def __init__(self, view: "DocumentView", plan_id: str, section_id: str) -> None:
            self.view = view
            self.plan_id = plan_id
            self.section_id = section_id
            super().__init__()

    class Ready(Message):
        """The plan is laid out (``matches`` counts the highlighted occurrences)."""

        def __init__(self, view: "DocumentView", matches: int) -> None:
            self.view = view
            self.matches = matches
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.plan: Plan | None = None
        self.terms: list[str] = []
        self._layout: Layout | None = None
        self._goto: str | None = None
        self._goto_match = False
        self._generation = 0
        self.match_index = -1
        self.measure = 0  # the longest line, in CJK characters (0: the full width)

    def on_mount(self) -> None:
        # Highlights and heading colours are baked into the layout: redo it in the new theme.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._relayout_kept))

    def _relayout_kept(self) -> None:
        self._goto = self._goto or self.anchor_at_top() or None
        self._relayout()

    # -- public API --------------------------------------------------------
    def show(self, plan: Plan, section_id: str | None = None, terms: list[str] | None = None,
             to_match: bool = False) -> None:
        same = self.plan is plan and (terms or []) == self.terms and self._layout is not None
        self._goto = section_id
        self._goto_match = to_match
        if same:
            self._apply_goto()
            return
        self.plan = plan
        self.terms = list(terms or [])
        self._relayout()

    def set_terms(self, terms: list[str]) -> None:
        if self.plan is not None and terms != self.terms:
            self.terms = list(terms)
            self._goto = None
            self._goto_match = bool(terms)
            self._relayout()

    @property
    def matches(self) -> list[int]:
        return self._layout.matches if self._layout else []

    def next_match(self, step: int = 1) -> int:
        """Scroll to the next (or previous) highlighted line; its 1-based number or 0.

        Steps from the current match while it is on screen; after the reader was
        scrolled elsewhere, from the first match below (or above) the top line."""
        m = self.matches
        if not m:
            return 0
        top, height = int(self.scroll_y), max(1, self.scrollable_content_region.height)
        k = self.match_index
        if 0 <= k < len(m) and top <= m[k] < top + height:
            nxt = (k + step) % len(m)
        elif step > 0:
            nxt = next((i for i, ln in enumerate(m) if ln >= top), 0)
        else:
            nxt = max((i for i, ln in enumerate(m) if ln < top + height), default=len(m) - 1)
        self.match_index = nxt
        self.scroll_to(y=max(0, m[nxt] - 2), animate=False, force=True)
        return nxt + 1

    def goto(self, section_id: str) -> None:
        self._goto = section_id
        self._goto_match = False
        self._apply_goto()

    def section_at_top(self) -> str:
        if not self._layout or not self._layout.owners:
            return ""
        y = min(int(self.scroll_y), len(self._layout.owners) - 1)
        return self._layout.owners[y]

    # -- layout --------------------------------------------------------------
    def _styles(self) -> dict[str, Style]:
        names = ["title", "part", "chapter", "section", "item", "para", "lead", "box", "match", "binding"]
        return {n: self.get_component_rich_style(f"document--{n}", partial=True) for n in names}

    def _width(self) -> int:
        """Cells a line may take: the view's width, capped at the reading measure on
        wide terminals (two cells a CJK character; a paragraph's first line counts its
        indent, as a printed page does, so no line is longer than the measure)."""
        width = self.scrollable_content_region.width or (self.size.width - 4)
        if self.measure > 0:
            width = min(width, 2 * self.measure)
        return width

    def _relayout(self) -> None:
        if self.plan is None:
            return
        width = self._width()
        if width <= 4:
            return  # not laid out on screen yet; on_resize comes back here
        self._generation += 1
        self._do_layout(self.plan, width, self._styles(), list(self.terms), self._generation)

    @work(thread=True, exclusive=True, group="document-layout")
    def _do_layout(self, plan: Plan, width: int, styles, terms, generation: int) -> None:
        worker = get_current_worker()
        result = layout_plan(plan, max(10, width - 1), styles, terms, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._install, result, generation)

    def _install(self, result: Layout, generation: int) -> None:
        if generation != self._generation:
            return
        self._layout = result
        self.virtual_size = Size(result.width, len(result.lines))
        self.refresh()
        self._apply_goto()
        self.post_message(self.Ready(self, len(result.matches)))

    def _apply_goto(self) -> None:
        if self._layout is None:
            return
        sid = self._goto
        line = self._layout.anchors.get(sid, 0) if sid else int(self.scroll_y)
        if self._goto_match and self._layout.matches:
            after = [m for m in self._layout.matches if m >= line]
            line = (after or self._layout.matches)[0]
            self.match_index = self._layout.matches.index(line)
            line = max(0, line - 2)
        self.scroll_to(y=line, animate=False, force=True)
        self._goto = None
        if sid:
            self.current_section = sid
            self.post_message(self.SectionChanged(self, self.plan.id if self.plan else "", sid))

    def anchor_at_top(self) -> str:
        """The section, box or table whose start is nearest above the top line."""
        if not self._layout:
            return ""
        top = int(self.scroll_y)
        best, best_line = "", -1
        for aid, line in self._layout.anchors.items():
            if best_line < line <= top:
                best, best_line = aid, line
        return best

    def on_resize(self) -> None:
        if self.plan is not None and (self._layout is None or self._layout.width != max(10, self._width() - 1)):
            self._goto = self._goto or self.anchor_at_top() or None
            self._relayout()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        sid = self.section_at_top()
        if sid and sid != self.current_section and self._goto is None:
            self.current_section = sid
            self.post_message(self.SectionChanged(self, self.plan.id if self.plan else "", sid))

    # -- text selection (mouse drag; ctrl+c copies) ---------------------------
    def get_selection(self, selection) -> tuple[str, str] | None:
        if self._layout is None:
            return None
        return selection.extract("\n".join(strip.text for strip in self._layout.lines)), "\n"

    def selection_updated(self, selection) -> None:
        self.refresh()

    def _with_selection(self, strip: Strip, idx: int) -> Strip:
        selection = self.text_selection
        span = selection.get_span(idx) if selection is not None else None
        if span is None:
            return strip
        text = strip.text
        start, end = span
        # Selections count characters; strips are cut in cells (CJK is two wide).
        a = cell_len(text[:start])
        b = cell_len(text) if end == -1 else cell_len(text[:end])
        if b <= a:
            return strip
        before, chosen, after = strip.divide([a, b, strip.cell_length])
        style = self.screen.get_component_rich_style("screen--selection")
        return Strip.join([before, chosen.apply_style(style), after])

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        idx = scroll_y + y
        if self._layout is None or idx >= len(self._layout.lines):
            if self._layout is None and y == 0 and self.plan is not None:
                return Strip([Segment("…", base)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        strip = self._with_selection(self._layout.lines[idx], idx)
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_style(base).apply_offsets(scroll_x, idx)


def section_text(plan: Plan, sid: str) -> str:
    """A section with its items, boxes and tables as plain text, headings as shown (for the clipboard)."""
    sec: Section = plan.section(sid)
    return sec.reading_text()
