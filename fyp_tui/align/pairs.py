"""Unit alignment between two plans: which sections of A and B treat the same topic.

Order plays no part. Every unit pair gets a similarity from its body text
(words and character n-grams) and its headings (title, the titles above it, its
lead items; character n-grams), as weighted vectors (see ``weights``): dot
products of vectors of length at most 1, so the score of (a, b) is the score of
(b, a), in [0, 1].

Pairs that clear ``min_score`` get one of two relations:

* ``equivalent``: the counterpart. A pair is equivalent when it is the best pair
  of both its units (mutual best), or of one of them while scoring at least
  ``MERGE_SHARE`` of the other unit's best: a real merge or split (B's one
  section is the best match of two A sections, each covering a real share of
  it), not a stray unit whose best is a section already well matched elsewhere
  (a 建议's 基本要求 whose best is the 纲要's 指导思想, itself 0.7 with the
  建议's 指导思想). A piece of a split must also sit in the chapter of the other
  unit's best match (a real split divides a unit among sibling sections), unless
  it scores ``SPLIT_ELSEWHERE`` of that best. For topic sections that chapter is the
  part (篇) when the plan has parts: a national 纲要 spreads one provincial topic over
  sibling chapters of one 篇 (云南's 社会保障 and 社会福利 over the 十二五's 社会保险,
  医疗保障 and 残疾人 sections, three chapters of its 改善民生 篇). A topic pair
  that is the best of one of its units is also a piece of a split or merge, whatever its
  share and chapter, when it scores at least ``SPLIT_PIECE`` and one unit holds a
  sentence about the other (``SENTENCE_LINK``: that sentence alone has this cosine with
  the other unit): a coarse unit gives a sentence to a subject the finer plan gives a
  section of its own. Two units of one role titled alike are counterparts whatever their
  ranks. Two units that are each the other's runner-up (second best), at ``SPLIT_ELSEWHERE``
  of both their bests and in the chapters of those bests, are counterparts too: the two
  plans divide one subject between two sections each (平安 and 社会治理 against 综合治理 and
  平安; 应急 and 安全发展), and the crossing pair holds as much of it as the bests. A
  framework unit that no rule pairs takes a unit of its role that ranks it among its best
  two, as it ranks that unit (its role is the evidence it has a counterpart: a 建议's
  发展导向 and a 纲要's 指导思想). Two topic sections each other's best just under the floor
  are counterparts when the words of one's title are in the other's text (福州鼓楼's
  "一区两带三组团" layout and 海州's 产业布局, which lays out its 两带). So a unit usually
  has one counterpart. Only units of the same
  role pair (``roles``): a 序言/前言 with a preface, a review of the last five years
  with a review, a topic section with a topic section: framework sections share
  stock phrases with everything.
* ``related``: every other pair above the floor (a secondary link).

A unit with no equivalent pair is only-in-A / only-in-B: never forced. The
floor, ``MERGE_SHARE``, ``SPLIT_ELSEWHERE`` and the heading weight were chosen on
six hand-read pairs (tests/align/gold_*.toml, the tuning set; see notes/align.md),
``SPLIT_PIECE`` and ``SENTENCE_LINK`` on nine (round 6); pairs read later are scored
untouched.

Each pair carries its score and the shared terms that drove it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .defaults import MIN_SCORE
from ..model import Plan
from .roles import BODY_ROLE, END_ROLE, FRONT_ROLE, role
from .terms import shared_terms
from .units import Unit
from .weights import (WORD, Vector, Weights, dot, halves, heading_words, place_re, place_re_of, unit_counts,
                      weights_for)

HEADING_WEIGHT = 0.5  # weight of the heading similarity against the body's
HEADING_GATE = 0.15  # body cosine below which the heading's weight shrinks in proportion
MERGE_SHARE = 0.5  # a one-sided best pair is equivalent only at this share of the other unit's best
SPLIT_ELSEWHERE = 0.8  # … and outside the chapter of the other unit's best match, at this share
SPLIT_PIECE = 0.24  # a topic pair best of one of its units is equivalent from this score, whatever its share …
SENTENCE_LINK = 0.14  # … when a sentence of one unit has this cosine with the other unit
WHOLE_ROLE_FLOOR = 0.5  # share of the floor a unit holding a whole framework role needs
PARAGRAPH_MARGIN = 2.0  # a paragraph answers the unit it scores twice as high as its runner-up
PARAGRAPH_FLOOR = 0.8  # … from this share of the floor (a unit about its own plan's subject stays out)
PARAGRAPH_CHARS = 40  # lines shorter than this (a lead item) are read with the next one
# a mutual best under the floor (from PARAGRAPH_FLOOR of it) is a pair when this share of one title's
# weight is words of the other unit's text (round 13: the counterparts hold 0.35-1.0, the mutual
# bests that are no pair 0.0; from 0.1 to 0.35 the same three pairs, under it one acceptable more)
TITLE_SHARE = 0.25
_SENTENCE_END = re.compile(r"[。！？；]+|\n")

_NOT_FRAMEWORK = (BODY_ROLE, FRONT_ROLE, END_ROLE)

EQUIVALENT = "equivalent"
RELATED = "related"


@dataclass(frozen=True)
class UnitPair:
    a: Unit
    b: Unit
    score: float  # in [0, 1]
    body: float  # cosine of the body vectors
    heading: float  # cosine of the heading vectors
    shared: tuple[str, ...] = ()  # evidence: shared terms, strongest first
    relation: str = EQUIVALENT  # EQUIVALENT or RELATED

    def to_dict(self) -> dict:
        return {"a": self.a.ref(), "b": self.b.ref(), "score": round(self.score, 4), "relation": self.relation,
                "shared": list(self.shared)}


@dataclass
class Alignment:
    a: Plan
    b: Plan
    a_units: list[Unit]
    b_units: list[Unit]
    pairs: list[UnitPair]  # equivalent pairs, in A's reading order, then B's
    only_a: list[Unit]  # units of A with no equivalent pair
    only_b: list[Unit]
    min_score: float
    matrix: list[list[float]] = field(repr=False, default_factory=list)  # [i_a][j_b] scores
    related: list[UnitPair] = field(default_factory=list)  # secondary links, in A's order
    weights: Weights | None = field(default=None, repr=False)  # what the scores were computed with

    def for_a(self, unit_id: str) -> list[UnitPair]:
        return [p for p in self.pairs if p.a.id == unit_id]

    def for_b(self, unit_id: str) -> list[UnitPair]:
        return [p for p in self.pairs if p.b.id == unit_id]

    def candidates(self, unit: Unit, k: int = 5) -> list[tuple[Unit, float]]:
        """The ``k`` closest units on the other side, matched or not (for "why unmatched?")."""
        if unit.plan_id == self.a.id and unit.index < len(self.a_units) and self.a_units[unit.index] is unit:
            row = self.matrix[unit.index]
            ranked = sorted(range(len(row)), key=lambda j: -row[j])[:k]
            return [(self.b_units[j], row[j]) for j in ranked]
        col = [r[unit.index] for r in self.matrix]
        ranked = sorted(range(len(col)), key=lambda i: -col[i])[:k]
        return [(self.a_units[i], col[i]) for i in ranked]

    def to_dict(self) -> dict:
        """The ``fyp compare --json`` document."""
        return {
            "a": self.a.id,
            "b": self.b.id,
            "pairs": [p.to_dict() for p in self.pairs + self.related],
            "only_a": [u.ref() for u in self.only_a],
            "only_b": [u.ref() for u in self.only_b],
        }


def _cosines(va: list[Vector], vb: list[Vector]) -> list[list[float]]:
    """All dot products between two lists of normalised vectors, via an inverted index."""
    index: dict[str, list[tuple[int, float]]] = {}
    for i, v in enumerate(va):
        for g, w in v.items():
            index.setdefault(g, []).append((i, w))
    out = [[0.0] * len(vb) for _ in va]
    for j, v in enumerate(vb):
        acc: dict[int, float] = {}
        for g, w in v.items():
            post = index.get(g)
            if post:
                for i, wa in post:
                    acc[i] = acc.get(i, 0.0) + wa * w
        for i, s in acc.items():
            out[i][j] = s
    return out


def combine(body: float, heading: float) -> float:
    """The pair score: weighted mean of the body and heading cosines, square-rooted to
    spread it on [0, 1]. Headings only count in full when the bodies share some
    text: two sections titled alike but written about different things stay apart."""
    gate = min(1.0, body / HEADING_GATE)
    raw = (body + HEADING_WEIGHT * gate * heading) / (1.0 + HEADING_WEIGHT)
    return math.sqrt(max(0.0, min(1.0, raw)))


def select(matrix: list[list[float]], min_score: float, roles_a: list[str] | None = None,
           roles_b: list[str] | None = None, chapters_a: list[str] | None = None,
           chapters_b: list[str] | None = None, linked: Callable[[int, int], float] | None = None,
           titles_a: list[str] | None = None, titles_b: list[str] | None = None, strict: bool = False,
           answered: Callable[[int, int, int], float] | None = None,
           titled: Callable[[int, int], float] | None = None,
           ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(equivalent, related) index pairs: every pair scoring at least ``min_score``;
    equivalent when, among units of the same role (``roles.role``), it is the best (ties included) of
    both its units, or of one of them (a merge or split) while scoring at least
    ``MERGE_SHARE`` of the other unit's best (so it covers a real share of that unit) and
    sitting in the chapter of one of that unit's best matches (``chapters_a``/``chapters_b``:
    a real split divides a unit among sibling sections), unless it scores at least
    ``SPLIT_ELSEWHERE`` of that best. A framework unit that is the only one of its role in
    its plan (海州's one 实施保障 chapter) is also the counterpart of every unit of that
    role on the other side whose best it is: the whole role merged into one unit, however
    small each share of it, and from ``WHOLE_ROLE_FLOOR`` of ``min_score`` (such a pair
    under the floor is equivalent or nothing, never related). With ``linked`` (i, j → the
    cosine of the sentence of either unit closest to the other unit, symmetric), a topic pair
    that is the best of one of its units and scores ``SPLIT_PIECE`` is also equivalent when
    ``linked`` gives ``SENTENCE_LINK``: one unit holds a sentence about the other, whatever
    its share of the best or its chapter. Two units of one role titled alike
    (``titles_a``/``titles_b``: both plans' authors named the section the same, 发展导向 and
    发展导向) are counterparts whatever their ranks. Two units that are each the other's
    runner-up (second best, ties included), scoring at least ``SPLIT_ELSEWHERE`` of both their
    bests and each sitting in the chapter of the other's best match (for topic sections: one of
    them in the chapter of the other's), are counterparts: one subject divided between two
    sections on each side, differently. A review (situation) unit
    of a plan whose other plan has no review (situation) unit takes its best among the units
    that hold one in a plan without it (a review: preface or situation; a situation: preface,
    review or guidance), from ``WHOLE_ROLE_FLOOR`` of the floor: a 2001 plan reviews the last
    period in its 序言 (which is so its review), the 十二五 in its 发展环境 chapter. Last, a framework unit
    left without counterpart by all of these takes each unit of its role above the floor that
    it ranks among its best two and that ranks it among its best two (ties included).
    With ``answered`` ((i, j, 0) → how clearly a paragraph of A's unit i has B's unit j as its best:
    the paragraph's score with j over its runner-up's; (i, j, 1): a paragraph of j and A's i), a topic
    pair whose short side's best is the long side, and a paragraph of the long side answering the
    short one by ``PARAGRAPH_MARGIN``, is a piece of a split from ``PARAGRAPH_FLOOR`` of the floor:
    the national plan gives a section to what a district says in one paragraph. With ``titled``
    ((i, j) → the larger share of one unit's title weight found in the other's text), two topic
    units each other's best from ``PARAGRAPH_FLOOR`` of the floor are counterparts when one's title
    is ``TITLE_SHARE`` words of the other's text: the subject one plan names, the other speaks of.
    ``strict`` (a floor the user set): no pair under ``min_score``, not even a whole role's."""
    na = len(matrix)
    nb = len(matrix[0]) if na else 0
    ra = roles_a or [BODY_ROLE] * na
    rb = roles_b or [BODY_ROLE] * nb
    ca = chapters_a or [""] * na
    cb = chapters_b or [""] * nb
    ta = titles_a or [""] * na
    tb = titles_b or [""] * nb
    alone_a = {r for r in ra if r not in _NOT_FRAMEWORK and ra.count(r) == 1}
    alone_b = {r for r in rb if r not in _NOT_FRAMEWORK and rb.count(r) == 1}
    row_best = [max((matrix[i][j] for j in range(nb) if ra[i] == rb[j]), default=0.0) for i in range(na)]
    col_best = [max((matrix[i][j] for i in range(na) if ra[i] == rb[j]), default=0.0) for j in range(nb)]
    # each unit's second-best score (its best again when two tie for first)
    row_second = [_second((matrix[i][j] for j in range(nb) if ra[i] == rb[j])) for i in range(na)]
    col_second = [_second((matrix[i][j] for i in range(na) if ra[i] == rb[j])) for j in range(nb)]
    # chapters of each unit's best matches (ties included)
    row_home = [{cb[j] for j in range(nb) if ra[i] == rb[j] and matrix[i][j] >= row_best[i]} for i in range(na)]
    col_home = [{ca[i] for i in range(na) if ra[i] == rb[j] and matrix[i][j] >= col_best[j]} for j in range(nb)]
    equivalent: set[tuple[int, int]] = set()
    related: set[tuple[int, int]] = set()
    for i in range(na):
        row = matrix[i]
        for j in range(nb):
            s = row[j]
            best_a, best_b = s >= row_best[i], s >= col_best[j]
            # the role is the evidence: one side's only review meets every review item of the
            # other, even one about figures and places it does not repeat
            whole_role = s > 0 and (best_b and ra[i] in alone_a or best_a and rb[j] in alone_b)
            # a paragraph of one unit about the other, which has that unit as its best: a piece of a
            # split whatever the score (the section of its own is one paragraph of the coarser unit);
            # asked last, only of pairs no other rule takes (paragraphs are vectorised on demand)
            topic_piece = ra[i] == rb[j] == BODY_ROLE and s >= (min_score if strict else PARAGRAPH_FLOOR * min_score)
            paragraph = answered is not None and topic_piece and (best_a or best_b)
            # each other's best, one titled with what the other says (asked last: computed on demand)
            named = topic_piece and best_a and best_b
            if s < min_score:
                if not strict and ra[i] == rb[j] and whole_role and s >= WHOLE_ROLE_FLOOR * min_score or (
                        paragraph and _answers(answered, i, j, best_a, best_b)) or (
                        named and titled is not None and titled(i, j) >= TITLE_SHARE):
                    equivalent.add((i, j))
                continue
            # a piece of A's unit i (split among B units), or of B's unit j (merge)
            piece_of_a = best_b and s >= MERGE_SHARE * row_best[i] and (
                cb[j] in row_home[i] or s >= SPLIT_ELSEWHERE * row_best[i])
            piece_of_b = best_a and s >= MERGE_SHARE * col_best[j] and (
                ca[i] in col_home[j] or s >= SPLIT_ELSEWHERE * col_best[j])
            same_title = bool(ta[i]) and ta[i] == tb[j]
            # each the other's runner-up, close behind both bests and beside them: the two plans
            # divide one subject between two sections each, so the crossing pair is a counterpart too;
            # for topics beside one of the bests is enough (the finer plan splits it inside one part)
            runner_up = (s >= row_second[i] and s >= col_second[j] and s >= SPLIT_ELSEWHERE * row_best[i]
                         and s >= SPLIT_ELSEWHERE * col_best[j]
                         and (cb[j] in row_home[i] and ca[i] in col_home[j]
                              or ra[i] == BODY_ROLE and (cb[j] in row_home[i] or ca[i] in col_home[j])))
            if ra[i] == rb[j] and (best_a and best_b or piece_of_a or piece_of_b or whole_role or same_title
                                   or runner_up
                                   # a section of its own for what the other unit says in a sentence
                                   or linked is not None and ra[i] == BODY_ROLE and s >= SPLIT_PIECE
                                   and (best_a or best_b) and linked(i, j) >= SENTENCE_LINK
                                   or paragraph and _answers(answered, i, j, best_a, best_b)):
                equivalent.add((i, j))
            else:
                related.add((i, j))
    # a review or situation the other plan has no unit for: that plan says it in another unit of
    # its opening (a 序言 reviewing the last period, a 发展环境 or 指导思想 chapter opening on it)
    # (from WHOLE_ROLE_FLOOR of the floor, as a whole role: the role is the evidence)
    floor = min_score if strict else WHOLE_ROLE_FLOOR * min_score
    for i, j in _held_elsewhere(matrix, ra, rb, floor) + [(i, j) for j, i in _held_elsewhere(
            [list(col) for col in zip(*matrix)], rb, ra, floor)]:
        related.discard((i, j))
        equivalent.add((i, j))
    # a framework unit left without counterpart: its role says it has one on the other side, so
    # it takes a unit of its role that ranks it among its best two, as it ranks that unit
    got_a = {i for i, _ in equivalent}
    got_b = {j for _, j in equivalent}
    for i, j in sorted(related):
        s = matrix[i][j]
        if (ra[i] == rb[j] and ra[i] not in _NOT_FRAMEWORK and (i not in got_a or j not in got_b)
                and s >= row_second[i] and s >= col_second[j]):
            related.discard((i, j))
            equivalent.add((i, j))
    return equivalent, related


# where a plan without a review or situation unit says it: a review in its preface or its
# situation chapter (发展环境 opens on the last period), the situation in its preface, review or guidance
_HELD = {"review": (FRONT_ROLE, "situation"), "situation": (FRONT_ROLE, "review", "direction")}


def _held_elsewhere(matrix: list[list[float]], ra: list[str], rb: list[str], floor: float) -> list[tuple[int, int]]:
    """(i, j): A's unit i of a role B has no unit of (a review, a situation) with its best
    unit j (ties included) among the units of B that hold that role when B has none
    (``_HELD``), from ``floor``. A's preface counts as its review when A has no review unit
    (云南 十五's 序言 reviews 九五)."""
    out = []
    have_b = set(rb)
    no_review = "review" not in ra
    for i, r in enumerate(ra):
        if r == FRONT_ROLE and no_review:
            r = "review"
        if r not in _HELD or r in have_b:
            continue
        opening = [j for j, rj in enumerate(rb) if rj in _HELD[r]]
        if not opening:
            continue
        best = max(matrix[i][j] for j in opening)
        if best >= floor and best > 0:
            out += [(i, j) for j in opening if matrix[i][j] >= best]
    return out


def _answers(answered, i: int, j: int, best_a: bool, best_b: bool) -> bool:
    """A paragraph of A's unit i answers B's unit j, whose best i is, or the other way round."""
    return best_b and answered(i, j, 0) >= PARAGRAPH_MARGIN or best_a and answered(i, j, 1) >= PARAGRAPH_MARGIN


def _second(scores) -> float:
    """The second-highest of ``scores`` (the highest when it occurs twice; 0 with fewer than two)."""
    top = sorted(scores, reverse=True)[:2]
    return top[1] if len(top) == 2 else 0.0


def homes(units: list[Unit], roles: list[str]) -> list[str]:
    """Where each unit's pieces may sit (``select``'s chapters): a topic section's part (its 篇,
    whose chapters are siblings), a framework unit's chapter (a plan's whole framework is
    often one 篇, so its part would tell nothing)."""
    return [u.part if r == BODY_ROLE else u.chapter_id for u, r in zip(units, roles)]


def sentence_vectors(weights: Weights, plan: Plan, unit: Unit, places: re.Pattern | None) -> list[Vector]:
    """The body vector (as ``Weights.vectors`` builds a unit's) of each sentence of ``unit``."""
    return text_vectors(weights, plan, _SENTENCE_END.split(unit.text), places)


def text_vectors(weights: Weights, plan: Plan, texts: Iterable[str], places: re.Pattern | None) -> list[Vector]:
    """The body vector of each of ``texts`` (pieces of a unit of ``plan``), the empty ones left out."""
    own = weights.own_df(plan)
    out = []
    for text in texts:
        grams, words = unit_counts(text, places)
        v = halves(weights.weigh(grams, own_df=own), weights.weigh(words, own_df=own))
        if v:
            out.append(v)
    return out


def paragraphs(text: str) -> list[str]:
    """A unit's paragraphs, its heading line left out; a line shorter than ``PARAGRAPH_CHARS`` (a
    lead item) is read with the lines after it, a short tail with the paragraph before."""
    lines = [t.strip() for t in text.split("\n")[1:]] if "\n" in text else [text]
    out: list[str] = []
    buf = ""
    for line in lines:
        buf += line
        if len(buf) >= PARAGRAPH_CHARS:
            out.append(buf)
            buf = ""
    if buf:
        if out:
            out[-1] += buf
        else:
            out.append(buf)
    return out


def paragraph_answers(weights: Weights, a: Plan, b: Plan, ua: list[Unit], ub: list[Unit],
                      roles_a: list[str], roles_b: list[str]) -> Callable[[int, int, int], float]:
    """(i, j, 0) → how clearly a paragraph of A's unit i has B's unit j as its best among B's units
    of its role: its score with j over its runner-up's, the highest over i's paragraphs (0 when no
    paragraph has j as its best); (i, j, 1): the same for B's unit j and A's unit i. Vectorised on
    first use, per unit (one sparse product with the other plan's bodies), and kept with ``weights``."""
    # kept with the weights: a warm comparison of the same plans reads them back (either order)
    cache = (weights.memo(("paragraphs", a.id, b.id)), weights.memo(("paragraphs", b.id, a.id)))
    places = (place_re(a), place_re(b))

    def margins(side: int, k: int) -> dict[int, float]:
        if k not in cache[side]:
            plan, other, unit, r = (a, b, ua[k], roles_a[k]) if side == 0 else (b, a, ub[k], roles_b[k])
            roles = roles_b if side == 0 else roles_a
            vectors = text_vectors(weights, plan, paragraphs(unit.text), places[side])
            out: dict[int, float] = {}
            for row in weights.body_dots(vectors, other) if vectors else []:
                scored = sorted(((x, m) for m, x in enumerate(row) if roles[m] == r and x > 0), reverse=True)
                if scored:
                    top, m = scored[0]
                    runner = scored[1][0] if len(scored) > 1 else 0.0
                    out[m] = max(out.get(m, 0.0), top / runner if runner > 0 else math.inf)
            cache[side][k] = out
        return cache[side][k]

    def answered(i: int, j: int, side: int) -> float:
        return margins(0, i).get(j, 0.0) if side == 0 else margins(1, j).get(i, 0.0)

    return answered


def title_share(weights: Weights, title: str, text: str, places: re.Pattern | None) -> float:
    """The share of ``title``'s weight (its ``heading_words``, each by ``Weights.term_weight``: a
    word every plan uses weighs nothing) that is words found in ``text``; 0 for a title of no weight."""
    found = total = 0.0
    for word in heading_words(title, places):
        w = weights.term_weight(WORD + word)
        total += w
        found += w if word in text else 0.0
    return found / total if total > 0 else 0.0


def title_links(weights: Weights, a: Plan, b: Plan, ua: list[Unit], ub: list[Unit]) -> Callable[[int, int], float]:
    """(i, j) → how much of one unit's title the other unit's text says: the larger of ``title_share``
    of A's unit i's title in B's unit j's text and the other way round. Symmetric; computed on demand."""
    places = (place_re(a), place_re(b))

    def titled(i: int, j: int) -> float:
        return max(title_share(weights, ua[i].title, ub[j].text, places[0]),
                   title_share(weights, ub[j].title, ua[i].text, places[1]))

    return titled


def sentence_links(weights: Weights, a: Plan, b: Plan, ua: list[Unit], ub: list[Unit], body_a: list[Vector],
                   body_b: list[Vector]) -> Callable[[int, int], float]:
    """(i, j) → the highest cosine between a sentence of either unit and the other unit's body:
    high when one unit says in a sentence what the other is about. Symmetric; sentences are
    vectorised on first use (only the few pairs a rule asks about)."""
    cache: dict[tuple[int, int], list[Vector]] = {}
    places = (place_re(a), place_re(b))

    def sentences(side: int, k: int) -> list[Vector]:
        if (side, k) not in cache:
            plan, unit = (a, ua[k]) if side == 0 else (b, ub[k])
            cache[side, k] = sentence_vectors(weights, plan, unit, places[side])
        return cache[side, k]

    def linked(i: int, j: int) -> float:
        return max([dot(v, body_b[j]) for v in sentences(0, i)] + [dot(v, body_a[i]) for v in sentences(1, j)],
                   default=0.0)

    return linked


def align_units(
    a: Plan,
    b: Plan,
    weights: Weights | None = None,
    min_score: float = MIN_SCORE,
    strict: bool = False,
) -> Alignment:
    """Align the units of ``a`` and ``b``: pairs from ``min_score`` (``strict``: every one;
    else a framework role held by one unit pairs from ``WHOLE_ROLE_FLOOR`` of it, and a topic
    unit a paragraph of the other answers from ``PARAGRAPH_FLOOR`` of it, see ``select``).

    ``weights`` should be built over the whole corpus (``weights_for(corpus.plans.values())``)
    so that boilerplate is recognised; by default it is built from the two plans.
    """
    if weights is None or a not in weights or b not in weights:
        scope = list(weights.plans) if weights is not None else []
        scope += [p for p in (a, b) if not any(q is p for q in scope)]
        weights = weights_for(scope)
    weights = weights.for_pair(a, b)  # a sample's weights: with the terms only the pair shows to be evidence
    ua, ba, ha = weights.vectors(a)
    ub, bb, hb = weights.vectors(b)
    body = weights.body_cosines(a, b)
    head = _cosines(ha, hb)
    matrix = [[combine(body[i][j], head[i][j]) for j in range(len(ub))] for i in range(len(ua))]
    roles_a, roles_b = [role(u) for u in ua], [role(u) for u in ub]
    homes_a, homes_b = homes(ua, roles_a), homes(ub, roles_b)
    equivalent, related = select(matrix, min_score, roles_a, roles_b, homes_a, homes_b,
                                 sentence_links(weights, a, b, ua, ub, ba, bb),
                                 [u.title for u in ua], [u.title for u in ub], strict,
                                 paragraph_answers(weights, a, b, ua, ub, roles_a, roles_b),
                                 title_links(weights, a, b, ua, ub))

    places = place_re_of([a, b])

    def pair(i: int, j: int, relation: str) -> UnitPair:
        return UnitPair(ua[i], ub[j], matrix[i][j], body[i][j], head[i][j],
                        shared_terms(ua[i], ub[j], weights, places), relation)

    got_a = {i for i, _ in equivalent}
    got_b = {j for _, j in equivalent}
    return Alignment(
        a=a,
        b=b,
        a_units=ua,
        b_units=ub,
        pairs=[pair(i, j, EQUIVALENT) for i, j in sorted(equivalent)],
        only_a=[u for i, u in enumerate(ua) if i not in got_a],
        only_b=[u for j, u in enumerate(ub) if j not in got_b],
        min_score=min_score,
        matrix=matrix,
        related=[pair(i, j, RELATED) for i, j in sorted(related)],
        weights=weights,
    )
