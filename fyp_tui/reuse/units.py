"""Reuse units: the alignment units, and the chapter introductions alignment leaves out.

Alignment pairs 节, 建议 items, 序言… (``align.units.plan_units``); the text a 章 or a
建议's part holds before its first subsection (its heading, opening paragraphs and the
items that open it) belongs to none of them, so reuse would never find a passage there
(a reviewer: 8 % of the 徐州市委建议's text). Reuse reads that text as a unit of its own,
under the chapter's id. Its text is a prefix of the chapter's ``full_text``, so offsets
into it are offsets into what ``fyp show --json`` gives for the chapter.
"""

from __future__ import annotations

from ..align.units import is_unit
from ..model import FRONT, ITEM, Plan, Section


def intro_text(sec: Section) -> str:
    """The heading, the body and the leading items of a section with subsections: the
    start of its ``full_text``, up to its first subsection."""
    parts = [sec.heading, sec.body_text()]
    for c in sec.children:
        if c.level != ITEM:
            break
        parts.append(c.full_text())
    return "\n".join(p for p in parts if p)


def unit_text(sec: Section) -> str:
    """A reuse unit's text: an alignment unit's whole text, else the introduction."""
    return sec.full_text() if is_unit(sec) else intro_text(sec)


def reuse_units(plan: Plan) -> list[tuple[str, str]]:
    """(section id, text) of every reuse unit of ``plan``, in reading order."""
    out: list[tuple[str, str]] = []

    def go(nodes: list[Section]) -> None:
        for s in nodes:
            if s.level == FRONT:
                continue
            if is_unit(s):
                out.append((s.id, s.full_text()))
                continue
            intro = intro_text(s)
            if intro:
                out.append((s.id, intro))
            go([c for c in s.children if c.level != ITEM])

    go(plan.sections)
    return out
