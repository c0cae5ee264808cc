"""Chapter view of a comparison, derived from its unit pairs.

The top level of the compare screen reads like the two tables of contents side
by side: one row per chapter of A, facing the chapter of B its units' equivalent
pairs lead to that is most like it, with the other B chapters they lead to listed as
secondary links. A link's score is the similarity of the two chapters taken whole
(their units' text as one and their headings, scored as a unit pair is): symmetric,
in [0, 1], and not a sum of section scores. B chapters no A row faces get a row of
their own, placed after the row of the B chapter that precedes them, so B's order is
kept as far as A's order allows: with the A chapter that links to them (``linked``),
or only in B when none does (which chapters are linked, and which are only in one
plan, then read the same both ways).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Plan
from ..textnorm import normalize
from .pairs import Alignment, UnitPair
from .units import Unit, chapters


@dataclass(frozen=True)
class Chapter:
    plan_id: str
    id: str
    label: str
    title: str
    unit_ids: tuple[str, ...]

    @property
    def display_title(self) -> str:
        return f"{self.label} {self.title}".strip()

    def ref(self) -> dict:
        return {"id": self.id, "label": self.label, "title": self.title}


@dataclass
class ChapterLink:
    chapter: Chapter
    score: float  # similarity of the two chapters taken whole, in [0, 1]
    pairs: list[UnitPair]


@dataclass
class ChapterRow:
    a: Chapter | None  # None: a B chapter nothing in A faces
    b: Chapter | None  # None: an A chapter with no pair at all
    score: float
    pairs: list[UnitPair] = field(default_factory=list)  # unit pairs between a and b
    others: list[ChapterLink] = field(default_factory=list)  # A's further links, strongest first
    linked: Chapter | None = None  # a B row's (a None): the A chapter linking to it, if any (not only in B)

    def to_dict(self) -> dict:
        return {
            "a": self.a.ref() if self.a else None,
            "b": self.b.ref() if self.b else None,
            "score": round(self.score, 4),
            "pairs": len(self.pairs),
            "others": [{"b": o.chapter.ref(), "score": round(o.score, 4)} for o in self.others],
            "linked": self.linked.ref() if self.linked else None,
        }


def plan_chapters(plan: Plan, units: list[Unit]) -> list[Chapter]:
    """The plan's chapters that hold at least one unit, in reading order."""
    by_chapter: dict[str, list[str]] = {}
    for u in units:
        by_chapter.setdefault(u.chapter_id, []).append(u.id)
    return [
        Chapter(plan.id, s.id, s.label, s.title, tuple(by_chapter[s.id]))
        for s in chapters(plan)
        if s.id in by_chapter
    ]


def chapter_score(al: Alignment, a: Chapter, b: Chapter) -> float:
    """Symmetric similarity of two chapters taken whole, scored as a unit pair is
    (``pairs.combine`` of the bodies' and the headings' cosines): two chapters that
    are one unit each score what their pair scores, so the chapter row and the pair
    under it never disagree (they did: 0.49 against 0.60, a heading-less measure)."""
    from .pairs import combine
    from .weights import dot, weights_for

    w = al.weights if al.weights is not None else weights_for([al.a, al.b])
    body = dot(w.group_vector(al.a, a.unit_ids), w.group_vector(al.b, b.unit_ids))
    return combine(body, dot(_heading(w, al.a, al.a_units, a), _heading(w, al.b, al.b_units, b)))


def _heading(w, plan: Plan, units: list[Unit], c: Chapter):
    """The chapter's heading vector: its unit's when the chapter is one unit (a 章
    without 节), else its title with its ancestors' titles as context, as a unit's."""
    from types import SimpleNamespace

    from .weights import place_re

    all_units, _, heads = w.vectors(plan)
    at = {u.id: k for k, u in enumerate(all_units)}
    if c.unit_ids == (c.id,) and c.id in at:
        return heads[at[c.id]]
    title = normalize(c.title)  # as the units' titles and context are
    first = next((u for u in units if u.id in c.unit_ids), None)
    context = first.context[: first.context.index(title)] if first and title in first.context else ()
    return w.heading_vector(SimpleNamespace(title=title, context=context, leads=()), place_re(plan))


def chapter_view(al: Alignment) -> list[ChapterRow]:
    ca = plan_chapters(al.a, al.a_units)
    cb = plan_chapters(al.b, al.b_units)
    b_of = {u.id: u.chapter_id for u in al.b_units}
    b_pos = {c.id: k for k, c in enumerate(cb)}
    links: dict[tuple[str, str], list[UnitPair]] = {}
    for p in al.pairs:
        links.setdefault((p.a.chapter_id, b_of[p.b.id]), []).append(p)

    rows: list[ChapterRow] = []
    faced: set[str] = set()
    for c in ca:
        mine = []
        for d in cb:
            ps = links.get((c.id, d.id))
            if ps:
                mine.append(ChapterLink(d, chapter_score(al, c, d), ps))
        mine.sort(key=lambda link: (-link.score, b_pos[link.chapter.id]))
        if mine:
            top = mine[0]
            faced.add(top.chapter.id)
            rows.append(ChapterRow(c, top.chapter, top.score, top.pairs, mine[1:]))
        else:
            rows.append(ChapterRow(c, None, 0.0))

    # B chapters no A row faces, each with the A chapter that links to it most strongly
    # (a second link of that row), if any: such a chapter is linked, not only in B
    via: dict[str, tuple[float, Chapter]] = {}
    for r in rows:
        for o in r.others:
            if r.a is not None and (o.chapter.id not in via or o.score > via[o.chapter.id][0]):
                via[o.chapter.id] = (o.score, r.a)
    for d in cb:
        if d.id in faced:
            continue
        # after the last row facing a B chapter that comes before d in B's order
        at = 0
        for k, r in enumerate(rows):
            if r.b is not None and b_pos[r.b.id] < b_pos[d.id]:
                at = k + 1
        score, linked = via.get(d.id, (0.0, None))
        rows.insert(at, ChapterRow(None, d, score, linked=linked))
    return rows
