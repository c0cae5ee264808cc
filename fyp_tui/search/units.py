"""The searchable units of a plan and how their text is keyed for search.

A unit is one piece of a section's own text: its heading, a paragraph, a 专栏 box's
heading or one of its entries, a table's caption, one of its rows or notes. A unit
is addressed by ``(section id, block, item)``: ``block`` is the index in
``section.blocks`` (-1 for the section heading); ``item`` is -1 for a paragraph,
-2 for a box's heading or a table's caption, -3 for a table's header row, or the
index of a box entry, table row or (after the rows) table note.

Search runs on the *key* of a unit: its display text with white space removed, ASCII
letters lower-cased and quotation marks folded to one form, which keeps one key
character per display character, so
``display_span`` maps a key span back to the displayed text exactly.
"""

from __future__ import annotations

import re
import string
from typing import Iterator

from ..model import Box, Paragraph, Plan, Section, Table, TableRow
from ..textnorm import compact, normalize

_WS = re.compile(r"\s+")
# ASCII lower-cased, and quotation marks of every form read as one: plans print “十四五”,
# a newspaper's text "十四五", Traditional style 「十四五」 (inner quotes ‘’, ', 『』 likewise),
# so a query in any of them finds all. One character for one: key spans stay display spans.
_LOWER: dict[int, str] = {ord(a): b for a, b in zip(string.ascii_uppercase, string.ascii_lowercase)}
_LOWER.update({ord(c): '"' for c in "“”「」"} | {ord(c): "'" for c in "‘’『』"})

HEADING = -1  # block index of a section's heading; item index of a block's own text
TITLE = -2  # item index of a 专栏's title or a table's caption (title search lists them with headings)
HEADER = -3  # item index of a table's header row (指标 | 单位 | 2025年): text of the plan like its rows


def key(text: str) -> str:
    """What search compares: no white space, ASCII lower-cased, quotation marks folded
    (same length as compact)."""
    return _WS.sub("", text).translate(_LOWER)


def cells_text(cells: list[str]) -> str:
    # Cells are stored as written (`增长率(%)`); search reads them normalised, like the text.
    return " | ".join(normalize(c) for c in cells if c)


def row_text(row: TableRow) -> str:
    return cells_text(row.cells)


def heading_text(section: Section) -> str:
    """The heading as the plan prints it; "" for a section whose title the plan does not
    print (a front page titled with the plan's name, a 结语 named by the parser): such a
    title is not text of the plan, so it is no unit to count (a newspaper's front page
    printing the name once counted it twice; a plan whose name comes from its metadata
    counted a name it never prints)."""
    return section.heading


def header_text(table: Table) -> str:
    """A table's header cells as a row reads them."""
    return cells_text(table.header)


def caption_text(table: Table) -> str:
    """A caption (like a cell) is stored as written (``表 1 : …``); search reads it
    normalised, as it reads headings (``Section.heading``) and the text, so ``表1：`` finds it."""
    return normalize(table.caption)


def section_units(section: Section) -> Iterator[tuple[int, int, str]]:
    """``(block, item, display text)`` for the section's own text, children excluded."""
    head = heading_text(section)
    if head:
        yield HEADING, HEADING, head
    for bi, b in enumerate(section.blocks):
        if isinstance(b, Paragraph):
            yield bi, HEADING, b.text
        elif isinstance(b, Box):
            yield bi, TITLE, b.heading
            for ei, e in enumerate(b.entries):
                yield bi, ei, e.text
        elif isinstance(b, Table):
            yield bi, TITLE, caption_text(b)
            if b.header:
                yield bi, HEADER, header_text(b)
            for ri, r in enumerate(b.rows):
                yield bi, ri, row_text(r)
            for ni, n in enumerate(b.notes):
                yield bi, len(b.rows) + ni, n.text


def plan_units(plan: Plan) -> Iterator[tuple[str, int, int, str]]:
    """``(section id, block, item, display text)`` for every unit of the plan, in reading order."""
    for sec in plan.walk():
        for bi, ii, text in section_units(sec):
            yield sec.id, bi, ii, text


def unit_text(section: Section, block: int, item: int) -> str:
    """The display text of one unit (the inverse of ``section_units``)."""
    if block == HEADING:
        return heading_text(section)
    b = section.blocks[block]
    if isinstance(b, Paragraph):
        return b.text
    if isinstance(b, Box):
        return b.heading if item < 0 else b.entries[item].text
    if item == HEADER:
        return header_text(b)
    if item < 0:
        return caption_text(b)
    if item < len(b.rows):
        return row_text(b.rows[item])
    return b.notes[item - len(b.rows)].text


def display_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Map ``[start, end)`` in ``key(text)`` to the same characters in ``text``."""
    _, keep = compact(text)
    if end <= start:
        pos = keep[start] if start < len(keep) else len(text)
        return pos, pos
    return keep[start], keep[end - 1] + 1
