"""Inside a pair: which sentences of A and B correspond, and what text they share verbatim.

* **Shared spans**: runs of at least ``MIN_SPAN`` characters found in both texts,
  compared after normalisation (white space dropped, ``fold`` applied, so
  ``,``/``，`` and PDF spaces do not break a run; line ends do). Each span gives its offsets in
  both original texts, ready for highlighting. Found by seeding with
  ``MIN_SPAN``-grams of B and extending forward, left to right over A, so order
  does not matter and a reused sentence is found wherever it moved.
* **Reuse**: the share of A's (non-space) characters that lie in a shared span;
  ``reuse_b`` the same for B.
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

from ..textnorm import compact, fold
from .pairs import UnitPair

MIN_SPAN = 8
SENTENCE_CUTOFF = 55.0  # rapidfuzz ratio (0-100) for two sentences to pair
MAX_SEEDS = 64  # candidate positions tried per seed n-gram (repetitive text)

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
    if len(ca) < min_span or len(cb) < min_span:
        return [], 0.0, 0.0
    seeds: dict[str, list[int]] = {}
    for j in range(len(cb) - min_span + 1):
        post = seeds.setdefault(cb[j : j + min_span], [])
        if len(post) < MAX_SEEDS:
            post.append(j)
    spans: list[Span] = []
    covered_b: list[tuple[int, int]] = []
    na, nb = len(ca), len(cb)
    i = 0
    while i <= na - min_span:
        cands = seeds.get(ca[i : i + min_span])
        if not cands:
            i += 1
            continue
        best_j, best_len = cands[0], 0
        for j in cands:
            n = min_span
            while i + n < na and j + n < nb and ca[i + n] == cb[j + n]:
                n += 1
            if n > best_len:
                best_j, best_len = j, n
        spans.append(Span(amap[i], amap[i + best_len - 1] + 1, bmap[best_j], bmap[best_j + best_len - 1] + 1, best_len))
        covered_b.append((best_j, best_j + best_len))
        i += best_len
    reuse_a = sum(s.length for s in spans) / max(1, na - ca.count("\x00"))
    reuse_b = sum(e - s for s, e in _merge(covered_b)) / max(1, nb - cb.count("\x01"))
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


def compare_pair(pair: UnitPair, min_span: int = MIN_SPAN) -> Inside:
    """The inside view of a unit pair (texts are the units' full texts)."""
    return compare_texts(pair.a.text, pair.b.text, min_span)
