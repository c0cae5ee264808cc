"""SideRow: one row of the compare screen's side-by-side pane, A's text beside B's.

Both halves are set by the Chinese line-breaking rules (``wrapped.wrap_lines``) in
half the width, and the divider between them is drawn on every line of the row,
as tall as the taller half. (Two widgets side by side, each as tall as its own
text, left the divider out beside the longer half's continuation lines: it was
one half's border.)
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ...wrapped import wrap_lines

DIVIDER = "▕"  # as the panes' other rules (Textual's ``vkey`` border)
PAD = 1  # blank cells at each edge of a half, as the reader's own padding


def half_widths(width: int) -> tuple[int, int]:
    """The text widths of A's and B's halves in a row ``width`` cells wide: each half
    is padded by ``PAD`` on both sides and the divider takes one cell; A gets the odd
    cell out, as a 1fr/1fr split would."""
    room = max(2, width - 4 * PAD - len(DIVIDER))
    return (room + 1) // 2, room // 2


def side_lines(a: Text, b: Text, width: int) -> list[tuple[Text, Text]]:
    """Each line of the row as (A's part, B's part); the shorter half is padded with
    empty lines, so every line has its divider."""
    wa, wb = half_widths(width)
    left, right = wrap_lines(a, wa), wrap_lines(b, wb)
    n = max(len(left), len(right), 1)
    left += [Text()] * (n - len(left))
    right += [Text()] * (n - len(right))
    return list(zip(left, right))


class _Sides:
    """The rich renderable behind ``SideRow``: it lays the halves out in whatever
    width it is given (the pane's, after every resize)."""

    def __init__(self, a: Text, b: Text, divider: Style) -> None:
        self.a, self.b, self.divider = a, b, divider

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        wa, wb = half_widths(width)
        pad = Segment(" " * PAD)
        for left, right in side_lines(self.a, self.b, width):
            yield pad
            yield from left.render(console, "")
            yield Segment(" " * (wa - left.cell_len + PAD))
            yield Segment(DIVIDER, self.divider)
            yield pad
            yield from right.render(console, "")
            yield Segment(" " * max(0, width - 3 * PAD - wa - len(DIVIDER) - right.cell_len))
            yield Segment.line()


class SideRow(Widget):
    """A's text and B's text of one aligned piece, side by side (see the module)."""

    COMPONENT_CLASSES = {"side-row--divider"}
    DEFAULT_CSS = """
    SideRow { height: auto; }
    SideRow > .side-row--divider { color: $panel; }
    """

    def __init__(self, a: Text, b: Text, **kwargs) -> None:
        super().__init__(**kwargs)
        self.a, self.b = a, b

    def render(self) -> _Sides:
        return _Sides(self.a, self.b, self.get_component_rich_style("side-row--divider", partial=True))

    def lines(self) -> list[tuple[Text, Text]]:
        """The row's lines at its present width (what tests read)."""
        return side_lines(self.a, self.b, self.content_region.width)
