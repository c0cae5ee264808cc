"""The app's text boundary: every string from a document, metadata, a file name or
a user file reaches a widget through here.

``safe_text`` builds a ``rich.text.Text`` from ``sanitize.for_terminal(s)``: no
escape sequence or control character survives, and the string is never parsed as
Rich or Textual markup (``[bold]`` is shown as written). ``clean_text`` does the
same for a Text that already carries styles (highlights keep their place), and
``clean_segments`` for the reader's laid-out lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text

from ..sanitize import for_terminal, is_clean, unsafe_spans


def plural(n: int, word: str) -> str:
    """``1 section``, ``2 sections``: a count with its English noun."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def phrase_lines(phrases: list[Text], width: int, sep: str = " · ") -> Text:
    """``phrases`` joined by ``sep`` into lines of at most ``width`` cells, a line
    broken only between phrases (a count never parts from its noun: "only in A 10"
    is one phrase). A phrase wider than the line stands alone on its own line."""
    out = Text()
    used = 0
    for k, phrase in enumerate(phrases):
        w = phrase.cell_len
        if k and used + cell_len(sep) + w > width:
            out.append("\n")
            used = 0
        elif k:
            out.append(sep, style="dim")
            used += cell_len(sep)
        out.append_text(phrase)
        used += w
    return out


def safe(s: object, one_line: bool = False) -> str:
    """A plain string fit for a terminal (for widgets that take ``Content`` or plain str
    with markup off)."""
    return for_terminal(s if isinstance(s, str) else str(s), keep_newlines=not one_line)


def safe_text(s: object, style: str = "", one_line: bool = False) -> Text:
    """``s`` as a ``Text``: sanitised, never markup. ``style`` covers ``s`` only (a
    span, not the base style), so text appended later keeps its own."""
    t = Text(safe(s, one_line))
    if style:
        t.stylize(style)
    return t


def clean_text(t: Text) -> Text:
    """``t`` without escapes or controls, its styles and spans kept where they were."""
    plain = t.plain
    if is_clean(plain):
        return t
    out = Text(style=t.style, justify=t.justify, overflow=t.overflow, no_wrap=t.no_wrap, end=t.end)
    pos = 0
    for a, b in unsafe_spans(plain):
        if a > pos:
            out.append_text(t[pos:a])
        pos = b
    if pos < len(plain):
        out.append_text(t[pos:])
    return out


def clean_segments(segments: Iterable[Segment]) -> list[Segment]:
    """Laid-out segments with any escape removed from their text."""
    return [s if s.control or is_clean(s.text) else Segment(for_terminal(s.text), s.style) for s in segments]


SNIPPET = 24  # characters of context either side of the matches


def snippet(text: str, spans: list[tuple[int, int]], context: int = SNIPPET, longest: int = 160,
            style: str = "bold reverse") -> Text:
    """The text around its matches (all in ``style``), cut to ``longest`` characters,
    line breaks as spaces; not yet sanitised (``clean_text`` it)."""
    first, last = spans[0][0], spans[-1][1]
    a = max(0, first - context)
    b = min(len(text), max(last + context, a + 2 * context))
    b = min(b, a + longest)
    pre, post = ("…" if a > 0 else ""), ("…" if b < len(text) else "")
    t = Text(pre + text[a:b].replace("\n", " ") + post)
    shift = len(pre) - a
    for s, e in spans:
        if s >= a and e <= b:
            t.stylize(style, s + shift, e + shift)
    return t
