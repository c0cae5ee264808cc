"""``Wrapped``: a rich renderable that sets a ``rich.text.Text`` by Chinese
line-breaking rules (``fyp_tui.linebreak``) instead of rich's word wrap.

Use it wherever plan text is drawn in a width: the app's reader, table cells, the
compare panes and the CLI. When the console is not a terminal (output piped to a
file) and ``wrap`` is left as None, lines are not hard-wrapped at all.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from .linebreak import break_points, min_width

_NO_WRAP = 1 << 30


def _fold(line: Text, width: int) -> list[Text]:
    """A line wider than ``width`` (one group that may not be split) cut by cells."""
    cuts, used = [], 0
    for k, ch in enumerate(line.plain):
        w = cell_len(ch)
        if used and used + w > width:
            cuts.append(k)
            used = 0
        used += w
    return list(line.divide(cuts)) if cuts else [line]


def wrap_lines(text: Text, width: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, broken by the Chinese rules;
    newlines dropped, white space hanging at line ends trimmed."""
    pts = break_points(text.plain, width)
    out: list[Text] = []
    for piece in text.divide(pts[1:]):
        if piece.plain.endswith("\n"):
            piece.right_crop(1)
        if piece.cell_len > width:
            piece.rstrip()  # white space hanging past the edge (rich's rstrip_end kept it when CJK filled the line)
        out.extend(_fold(piece, width) if piece.cell_len > width else [piece])
    return out


def hanging_lines(text: Text, width: int) -> list[Text]:
    """``wrap_lines``, each line of ``text`` a paragraph whose wrapped lines all start
    under its first character: its leading spaces are the indent of every line it
    wraps to (a list entry's second line under its text, not at the edge). An indent
    of half the width or more is not kept (the text would get too narrow)."""
    out: list[Text] = []
    for para in text.split("\n", allow_blank=True):
        plain = para.plain
        n = len(plain) - len(plain.lstrip(" "))
        if not n or 2 * n >= width or n == len(plain):
            out.extend(wrap_lines(para, width) or [para])
            continue
        for line in wrap_lines(para[n:], width - n):
            out.append(Text(" " * n) + line)
    return out


class Wrapped:
    """``text`` set in the width it is given. ``wrap``: True always wraps, False
    never, None wraps only on a terminal (piped output stays one line a paragraph).
    ``hang``: a line that wraps goes on under its first character (``hanging_lines``)."""

    def __init__(self, text: Text | str, wrap: bool | None = None, hang: bool = False) -> None:
        text = text if isinstance(text, Text) else Text(text)
        if "\t" in text.plain:  # a raw tab would move the terminal's cursor: spaces instead
            text = text.copy()
            text.expand_tabs(4)
        self.text = text
        self.wrap = wrap
        self.hang = hang

    def _wraps(self, console: Console, options: ConsoleOptions) -> bool:
        if options.no_wrap:
            return False
        return console.is_terminal if self.wrap is None else self.wrap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width if self._wraps(console, options) else _NO_WRAP
        for line in (hanging_lines if self.hang else wrap_lines)(self.text, max(1, width)):
            yield from line.render(console, "")
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest = max((cell_len(ln) for ln in plain.split("\n")), default=0)
        if not self._wraps(console, options):
            return Measurement(widest, widest)
        return Measurement(min(min_width(plain), widest), widest)

    def __add__(self, other: Wrapped | Text) -> Wrapped:
        o = other.text if isinstance(other, Wrapped) else other
        return type(self)(self.text + o, self.wrap, self.hang)


class Framed(Wrapped):
    """``Wrapped`` inside a frame (a 专栏 box's panel): the frame crops whatever runs
    past its edge, so the text wraps to it even where output is otherwise left
    unwrapped (``fyp show`` piped to a file: one line a paragraph, but a box's
    entries whole within its frame)."""

    def __init__(self, text: Text | str, wrap: bool | None = True, hang: bool = False) -> None:
        super().__init__(text, wrap=True, hang=hang)  # ``wrap`` is taken (``__add__`` passes it) and is always True

    def _wraps(self, console: Console, options: ConsoleOptions) -> bool:
        return True
