"""The finest structural units of a plan: what the compare engine aligns.

A unit is a section with no structural child: a 节, a 章 without 节, a numbered
item (1、) of a 建议, a part (一、) or sub-part (（一）) without items, the 序言 or
the 结语. Lead-sentence items (条) are not units: their text belongs to the
unit they sit in. The title block (封面) is skipped. Chapter introductions (the
paragraphs between a 章 heading and its first 节) belong to no unit.

Each unit also knows its *chapter*: the top-level section, or the 章 below a 篇,
which is what the chapter view of a comparison groups by; and its *part*: the
top-level section itself (the 篇 when there is one, else the chapter), where a
national plan's 篇 gathers the sibling chapters one topic is spread over.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import FRONT, ITEM, Plan, Section
from ..textnorm import normalize

# Levels that group others without being a chapter themselves (篇 holds 章).
_PART_LEVELS = ("篇",)


@dataclass(frozen=True)
class Unit:
    plan_id: str
    id: str  # section id, e.g. "ch06.s02"
    level: str
    label: str  # as written: 第二节, 1、, （一）; "" for 序言/结语
    title: str  # normalised title (for a 建议 item: its lead sentence); Section.title is as written
    chapter_id: str  # id of the chapter it belongs to (itself for a 章 without 节)
    context: tuple[str, ...]  # titles of its ancestors, top down
    text: str  # Section.full_text(): heading, body, boxes, tables, lead items
    index: int  # position among the plan's units, in reading order
    leads: tuple[str, ...] = ()  # titles of its lead items (条), in order
    part_id: str = ""  # id of its top-level section (its 篇, else its chapter); "" = its chapter
    written: str = ""  # Section.title as written: what is shown and exported, as `fyp show` gives it

    @property
    def part(self) -> str:
        return self.part_id or self.chapter_id

    @property
    def shown_title(self) -> str:
        return self.written or self.title

    @property
    def display_title(self) -> str:
        return f"{self.label} {self.shown_title}".strip()

    def ref(self) -> dict:
        """The JSON reference used by ``fyp compare --json``: the title as written, as
        ``fyp outline`` and ``fyp show`` give it."""
        return {"id": self.id, "label": self.label, "title": self.shown_title}


def is_unit(section: Section) -> bool:
    if section.level in (FRONT, ITEM):
        return False
    return not any(c.level != ITEM for c in section.children)


def _chapter(trail: list[Section]) -> Section:
    """The chapter of the last section in ``trail`` (a top-down chain)."""
    top = trail[0]
    if top.level in _PART_LEVELS and len(trail) > 1:
        return trail[1]
    return top


def plan_units(plan: Plan) -> list[Unit]:
    """All units of ``plan`` in reading order."""
    out: list[Unit] = []

    def go(nodes: list[Section], trail: list[Section]) -> None:
        for s in nodes:
            here = trail + [s]
            if s.level == FRONT:
                continue
            if is_unit(s):
                out.append(
                    Unit(
                        plan_id=plan.id,
                        id=s.id,
                        level=s.level,
                        label=s.label,
                        title=normalize(s.title),  # `(一)…,` and `（一）…，` compare alike
                        chapter_id=_chapter(here).id,
                        context=tuple(normalize(t.title) for t in trail),
                        text=s.full_text(),
                        index=len(out),
                        leads=tuple(normalize(x.title) for x in s.walk() if x.level == ITEM),
                        part_id=here[0].id,
                        written=s.title,
                    )
                )
            else:
                go([c for c in s.children if c.level != ITEM], here)

    go(plan.sections, [])
    return out


def chapters(plan: Plan) -> list[Section]:
    """The plan's chapters in reading order (top-level sections, or 章 under a 篇)."""
    out: list[Section] = []
    for s in plan.sections:
        if s.level == FRONT:
            continue
        if s.level in _PART_LEVELS and any(c.level != ITEM for c in s.children):
            out.extend(c for c in s.children if c.level != ITEM)
        else:
            out.append(s)
    return out


def chapter_label(plan: Plan, unit: Unit) -> str:
    """The labels of the chapter (and, in a 建议, the （一） part) holding ``unit``: 第三章,
    二·(一) (二、 without its 、); "" when it has none. A national plan has a 第一节 in
    every chapter, a 建议 a 1、 in every part: a list names them apart by it."""
    try:
        chain = plan.path(unit.id)
    except KeyError:
        return ""
    chapters = [s for s in chain[:-1] if s.level in ("章", "一")]
    parts = [s for s in chain[:-1] if s.level == "（一）"]
    labels = ([chapters[-1]] if chapters else []) + ([parts[-1]] if parts else [])
    return "·".join(s.label.rstrip("、") for s in labels)


def unit_ref(plan: Plan, unit: Unit) -> str:
    """``第三章·第一节 发展基础``: the unit's title after its chapter's label."""
    label = chapter_label(plan, unit)
    return f"{label}·{unit.display_title}" if label else unit.display_title
