"""Inside a pair: which sentences of A and B correspond, and what text they share verbatim.

* **Shared spans**: every maximal run of at least ``MIN_SPAN`` characters found in
  both texts (see ``runs``), compared after normalisation (white space dropped,
  ``fold`` applied, so ``,``/``，`` and PDF spaces do not break a run; line ends do).
  Each span gives its offsets in both original texts, ready for highlighting. A
  reused sentence is found wherever it moved, and swapping the texts mirrors the
  answer: the same spans with their sides exchanged.
* **Reuse**: the share of A's (non-space) characters that lie in a shared span;
  ``reuse_b`` the same for B (so a swap exchanges the two figures).
* **Sentence pairs**: each sentence (split at 。！？； and line ends) is paired with
  its most similar sentence on the other side (rapidfuzz ratio), when similar
  enough, and with any sentence it shares a verbatim span with; paragraphs are
  the lines of the unit text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..model import SPACED_LEVELS
from ..textnorm import compact, fold
from .pairs import UnitPair
from .runs import common_runs, covered
from .units import Unit

MIN_SPAN = 8
SENTENCE_CUTOFF = 55.0  # rapidfuzz ratio (0-100) for two sentences to pair

_SENTENCE_END = re.compile(r"[。！？；]+|\n")


@dataclass(frozen=True)
class Span:
    """Verbatim shared text: ``a_text[a_start:a_end]`` and ``b_text[b_start:b_end]``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    length: int  # characters compared (white space excluded)


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    paragraph: int  # line index in the unit text


@dataclass(frozen=True)
class SegmentPair:
    a: int  # index into a_segments
    b: int  # index into b_segments
    score: float  # similarity in [0, 1]


@dataclass
class Inside:
    a_text: str
    b_text: str
    spans: list[Span] = field(default_factory=list)
    a_segments: list[Segment] = field(default_factory=list)
    b_segments: list[Segment] = field(default_factory=list)
    pairs: list[SegmentPair] = field(default_factory=list)
    reuse: float = 0.0  # share of A's characters found verbatim in B
    reuse_b: float = 0.0  # share of B's characters found verbatim in A
    # where each text's heading takes the space a printed plan sets after its number (``heading_gap``):
    # shown there, never part of the text the offsets index
    gaps: tuple[int | None, int | None] = (None, None)

    def a_marks(self) -> list[tuple[int, int]]:
        """Merged (start, end) ranges of ``a_text`` that are shared."""
        return _merge((s.a_start, s.a_end) for s in self.spans)

    def b_marks(self) -> list[tuple[int, int]]:
        return _merge((s.b_start, s.b_end) for s in self.spans)

    def shared_text(self) -> list[str]:
        return [self.a_text[s.a_start : s.a_end] for s in self.spans]


def _merge(ranges) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def shared_spans(a_text: str, b_text: str, min_span: int = MIN_SPAN) -> tuple[list[Span], float, float]:
    """Verbatim runs of at least ``min_span`` compared characters, and both reuse shares."""
    # Line ends become characters the other side never has, so no run crosses them.
    ca, amap = compact(fold(a_text).replace("\n", "\x00"))
    cb, bmap = compact(fold(b_text).replace("\n", "\x01"))
    runs = common_runs(ca, cb, min_span)
    spans = [Span(amap[i], amap[i + n - 1] + 1, bmap[j], bmap[j + n - 1] + 1, n) for i, j, n in runs]
    reuse_a = covered((i, i + n) for i, _, n in runs) / max(1, len(ca) - ca.count("\x00"))
    reuse_b = covered((j, j + n) for _, j, n in runs) / max(1, len(cb) - cb.count("\x01"))
    return spans, reuse_a, reuse_b


def segments(text: str) -> list[Segment]:
    """Sentences of ``text`` with their offsets and paragraph (line) index."""
    out: list[Segment] = []
    start = 0
    para = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        if text[start:end].strip():
            out.append(Segment(start, end, para))
        if m.group() == "\n":
            para += 1
        start = m.end()
    if text[start:].strip():
        out.append(Segment(start, len(text), para))
    return out


def _best(queries: list[str], choices: list[str]) -> list[tuple[int, int, float]]:
    out = []
    for qi, q in enumerate(queries):
        hit = process.extractOne(q, choices, scorer=fuzz.ratio, score_cutoff=SENTENCE_CUTOFF)
        if hit is not None:
            out.append((qi, hit[2], hit[1] / 100.0))
    return out


def compare_texts(a_text: str, b_text: str, min_span: int = MIN_SPAN) -> Inside:
    spans, reuse_a, reuse_b = shared_spans(a_text, b_text, min_span)
    sa, sb = segments(a_text), segments(b_text)
    qa = [compact(fold(a_text[s.start : s.end]))[0] for s in sa]
    qb = [compact(fold(b_text[s.start : s.end]))[0] for s in sb]
    found: dict[tuple[int, int], float] = {}
    for i, j, score in _best(qa, qb):
        found[(i, j)] = score
    for j, i, score in _best(qb, qa):
        found[(i, j)] = score
    # Sentences that share a verbatim span pair up too, however much else differs.
    a_starts = [x.start for x in sa]
    b_starts = [x.start for x in sb]
    for sp in spans:
        i = bisect_right(a_starts, sp.a_start) - 1
        j = bisect_right(b_starts, sp.b_start) - 1
        if i < 0 or j < 0:
            continue
        shorter = max(1, min(len(qa[i]), len(qb[j])))
        found[(i, j)] = max(found.get((i, j), 0.0), min(1.0, sp.length / shorter))
    pairs = [SegmentPair(i, j, s) for (i, j), s in sorted(found.items())]
    return Inside(a_text, b_text, spans, sa, sb, pairs, reuse_a, reuse_b)


def heading_gap(unit: Unit) -> int | None:
    """The offset in ``unit.text`` after a 篇/章/节 heading's number run together with its title
    (第一节发展成就: 3), where a printed plan, and ``Section.reading_text``, set a space; else None."""
    n = len(unit.label)
    if unit.level in SPACED_LEVELS and n and unit.text.startswith(unit.label) and unit.text[n : n + 1].strip():
        return n
    return None


def compare_pair(pair: UnitPair, min_span: int = MIN_SPAN) -> Inside:
    """The inside view of a unit pair (texts are the units' full texts)."""
    ins = compare_texts(pair.a.text, pair.b.text, min_span)
    ins.gaps = (heading_gap(pair.a), heading_gap(pair.b))
    return ins
