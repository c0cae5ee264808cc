"""Word and character n-gram weighting for Chinese plan text.

Chinese has no spaces, and plans share a lot of fixed phrasing, so a unit's body
is described twice: by the character bigrams and trigrams of its Han-character
runs (punctuation, digits and Latin split runs), which catch a shared word however
it is cut, and by its words (rjieba; Han words of two characters or more), which
do not match across word boundaries (新空间 ≠ 发展新 … 空间格局). Both are
weighted TF-IDF style and the body vector is the two halves side by side, so a
body cosine is the mean of the n-gram and the word cosines:

* tf is sublinear (1 + log count), so a term repeated ten times does not drown
  the rest;
* idf is computed over the *units* of every plan in scope (the corpus's when one is
  given), so boilerplate every plan repeats in every chapter — 十四五,
  高质量发展, 习近平新时代 — weighs next to nothing while topic words (污染防治,
  养老服务) keep their weight. A corpus is counted whole up to ``SAMPLE_PLANS``
  plans; a larger one over that many, those whose ids hash lowest, its counts
  scaled to the corpus size, and a term the two plans aligned share that the sample
  lacks is evidence with the idf of their own units (``corpus_weights``,
  ``Weights.for_pair``), so the first compare costs the same at any corpus size and
  a plan added outside the sample recounts nothing;
* a plan's own place names (徐州, 鼓楼, 京口 …) are cut out of its text before
  counting, and words holding one are dropped: two 鼓楼区 must not look alike
  because they share a name.

Words are kept in the same idf table as n-grams, prefixed with ``WORD`` (n-grams
are Han only, so the two never collide). Heading vectors use n-grams only.

Vectors are dicts of length at most 1 holding only terms that can be evidence (a
unit's lone terms, its plan's alone, count in its length but are no entry: see
``Weights``), so every dot product is in [0, 1]. A plan's body vectors are also kept as
sparse rows, and the body cosines of two plans are one sparse product.
"""

from __future__ import annotations

import copy
import hashlib
import heapq
import io
import json
import math
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..fsutil import atomic_write_bytes

from ..model import Plan
from .units import Unit, plan_units

# Words every heading uses to say "do more of": they tell nothing about the topic.
_HEADING_VERBS = re.compile(
    "进一步|全面|加快|大力|积极|深入|着力|持续|不断|切实|努力|扎实|加强|强化|推进|推动|提升|提高|"
    "建设|打造|构建|实施|促进|优化|实现|坚持|深化|培育|健全|完善|做优做强|做大做强|激发|彰显|"
    "增强|形成|建立|有序|高标准|高水平|高质量|发展"
)
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇]+")
_SUFFIX = re.compile(r"(省|市|区|县|自治州|自治区|自治县)$")

BOILERPLATE_SHARE = 0.5  # a term in more than this share of all units is boilerplate
TITLE_CONTEXT = 0.5  # weight of ancestor titles in a unit's heading vector
TITLE_LEADS = 0.3  # weight of lead-item titles (条) in a unit's heading vector

WORD = "w"  # prefix of word terms in the idf table and in body vectors

Vector = dict[str, float]
_TF = [0.0] + [1.0 + math.log(n) for n in range(1, 64)]  # sublinear tf, precomputed
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇]{2,}")


def cut(text: str) -> list[str]:
    """Words of ``text`` (rjieba: 31 ms for a 53k-character plan where jieba takes 587 ms
    plus 3 s to load its dictionary)."""
    import rjieba

    return rjieba.cut(text)


def place_names(plans: Iterable[Plan]) -> list[str]:
    """Place names (with and without 省/市/区) of the plans, longest first."""
    names: set[str] = set()
    for p in plans:
        for full in (p.meta.province, p.meta.city, p.meta.county, p.meta.district):
            full = (full or "").strip()
            if not full:
                continue
            names.add(full)
            short = _SUFFIX.sub("", full)
            if len(short) >= 2:
                names.add(short)
    return sorted(names, key=len, reverse=True)


def _place_re(names: list[str]) -> re.Pattern | None:
    return re.compile("|".join(map(re.escape, names))) if names else None


def place_re(plan: Plan) -> re.Pattern | None:
    """The pattern of ``plan``'s own place names."""
    return _place_re(place_names([plan]))


def place_re_of(plans: Iterable[Plan]) -> re.Pattern | None:
    """The pattern of the place names of all of ``plans``."""
    return _place_re(place_names(plans))


def grams(text: str, places: re.Pattern | None = None) -> Counter:
    """Counts of character bigrams and trigrams of the Han runs of ``text``."""
    if places is not None:
        text = places.sub(" ", text)
    c: Counter = Counter()
    for run in _RUN.findall(text):
        if len(run) >= 2:
            c.update(map(str.__add__, run, run[1:]))
        if len(run) >= 3:
            c.update(map("".join, zip(run, run[1:], run[2:])))
    return c


def words(text: str, places: re.Pattern | None = None) -> Counter:
    """Counts of the Han words (two characters or more) of ``text``, keys prefixed with
    ``WORD``; words holding one of ``places`` are left out."""
    return Counter(WORD + t for t in cut(text)
                   if _WORD.fullmatch(t) and (places is None or not places.search(t)))


def heading_words(title: str, places: re.Pattern | None = None) -> list[str]:
    """The Han words (two characters or more) of a heading that name its subject: the "do
    more" verbs (``_HEADING_VERBS``) and ``places`` cut out first."""
    text = _HEADING_VERBS.sub(" ", title)
    if places is not None:
        text = places.sub(" ", text)
    return [t for t in cut(text) if _WORD.fullmatch(t)]


def unit_counts(text: str, places: re.Pattern | None) -> tuple[Counter, Counter]:
    """(n-gram counts, word counts) of one unit's text."""
    return grams(text, places), words(text, places)


def normalise(vec: dict[str, float], top: int | None = None) -> Vector:
    if top is not None and len(vec) > top:
        vec = dict(sorted(vec.items(), key=lambda kv: kv[1], reverse=True)[:top])
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {g: w / norm for g, w in vec.items()} if norm else {}


def halves(grams_vec: Vector, words_vec: Vector) -> Vector:
    """Two vectors of length at most 1 side by side, each scaled by √½: the dot product of
    two such is the mean of the two halves' dot products (a half that is empty is left
    out, the other one kept whole)."""
    if not grams_vec or not words_vec:
        return grams_vec or words_vec
    k = math.sqrt(0.5)
    out = {g: w * k for g, w in grams_vec.items()}
    out.update((g, w * k) for g, w in words_vec.items())
    return out


def dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(w * get(g, 0.0) for g, w in a.items())


def _csr_arrays(vectors: Iterable[Vector], columns: dict[str, int], grow: bool
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``vectors`` as CSR arrays (values, columns, row starts) over ``columns``: a term
    without a column gets the next one when ``grow``, else counts nothing."""
    data: list[float] = []
    cols: list[int] = []
    starts = [0]
    for v in vectors:
        for g, x in v.items():
            c = columns.get(g)
            if c is None:
                if not grow:
                    continue
                c = columns[g] = len(columns)
            cols.append(c)
            data.append(x)
        starts.append(len(cols))
    return np.array(data, dtype=np.float64), np.array(cols, dtype=np.int64), np.array(starts, dtype=np.int64)


class Tally:
    """What weights keep of counting the units of a set of plans: for every term that can
    be evidence (in at least two of the plans, in at most ``BOILERPLATE_SHARE`` of the
    units) its units and plans, the boilerplate terms, and the units and plans counted."""

    __slots__ = ("df", "pf", "boilerplate", "n_docs", "n_plans")

    def __init__(self, df: dict[str, int], pf: dict[str, int], boilerplate: set[str], n_docs: int, n_plans: int):
        self.df, self.pf, self.boilerplate, self.n_docs, self.n_plans = df, pf, boilerplate, n_docs, n_plans

    @classmethod
    def of(cls, df: Counter, pf: Counter, n_docs: int, n_plans: int) -> "Tally":
        """From the counts of every term: units (``df``) and plans (``pf``) using it."""
        min_pf = 2 if n_plans > 1 else 1
        max_df = max(2, BOILERPLATE_SHARE * n_docs)
        keep = {g: d for g, d in df.items() if d <= max_df and pf[g] >= min_pf}
        return cls(keep, {g: pf[g] for g in keep}, {g for g, d in df.items() if d > max_df}, n_docs, n_plans)


def plan_terms(plan: Plan) -> tuple[list[Unit], list[tuple[Counter, Counter]]]:
    """``plan``'s units and their (n-gram, word) counts, its own place names cut out."""
    units = plan_units(plan)
    places = place_re(plan)
    return units, [unit_counts(u.text, places) for u in units]


class TermCount:
    """Units (``df``) and plans (``pf``) per term, counted one plan at a time."""

    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.pf: Counter = Counter()
        self.n_docs = self.n_plans = 0

    def add(self, counts: list[tuple[Counter, Counter]]) -> None:
        """One plan's unit counts (``plan_terms``)."""
        seen: set[str] = set()
        for pair in counts:
            for c in pair:
                self.df.update(c.keys())
                seen.update(c.keys())
        self.pf.update(seen)
        self.n_docs += len(counts)
        self.n_plans += 1

    def tally(self) -> Tally:
        return Tally.of(self.df, self.pf, self.n_docs, self.n_plans)


def tally(plans: Iterable[Plan], keep=None) -> Tally:
    """Count the terms of ``plans`` one plan at a time; ``keep(plan, units, counts)`` is
    called for each (none is kept otherwise)."""
    count = TermCount()
    for p in plans:
        units, counts = plan_terms(p)
        if keep is not None:
            keep(p, units, counts)
        count.add(counts)
    return count.tally()


class _Overlay:
    """A pair's table: the corpus's, and the terms only the pair shows to be evidence
    (never in the corpus's: see ``Weights.for_pair``)."""

    __slots__ = ("base", "extra")

    def __init__(self, base, extra: dict[str, float]):
        self.base, self.extra = base, extra

    def get(self, g: str, default=None):
        v = self.extra.get(g)
        return self.base.get(g, default) if v is None else v


class Weights:
    """IDF over the units of a set of plans, and the unit vectors built with it.

    Only terms found in at least two plans of the scope are evidence (a term one plan
    alone uses can never be evidence of a shared topic), and terms found in more than
    ``BOILERPLATE_SHARE`` of all units are dropped as boilerplate. A body's *lone*
    terms (its plan's alone) are no entry of its vector but still count in its length:
    a unit mostly about what no other plan has (福州鼓楼's 台胞台企) keeps a short
    vector and so a low score with everything, instead of matching on the few stock
    words (交流, 合作) left once its own topic is set aside.

    A corpus's weights (``corpus_ids`` given) may be counted over a sample of its plans
    (``tally``, over ``sample`` of the ``corpus_size`` plans): units and units per term
    are then scaled by corpus size / sample size, the share of plans using a term is the
    sample's, and ``for_pair`` adds what only the two plans aligned can show.
    """

    def __init__(self, plans: Iterable[Plan] = (), counted: Tally | None = None,
                 corpus_ids: Iterable[str] = (), sample: Iterable[str] | None = None, corpus_size: int = 0):
        # A corpus's weights (``corpus_ids`` given) keep no plan: a plan is in scope by
        # its id, and ``plans`` may be a generator decoding one plan at a time.
        self.corpus_ids = frozenset(corpus_ids)
        self.plans = [] if self.corpus_ids else list(plans)
        self.plan_ids = tuple(sorted(self.corpus_ids)) if self.corpus_ids else tuple(p.id for p in self.plans)
        self._units: dict[str, list[Unit]] = {}
        self._counts: dict[str, list[tuple[Counter, Counter]]] = {}  # (n-grams, words) per unit
        self._own_df: dict[str, Counter] = {}  # per plan: in how many of its units each term is
        self._fresh()
        if counted is None:
            counted = tally(plans if self.corpus_ids else self.plans, None if self.corpus_ids else self._keep)
        self.sample = frozenset(sample) if sample is not None else frozenset(self.plan_ids)
        self.corpus_size = max(corpus_size, counted.n_plans)
        # a sample stands for the whole corpus: its units and units per term, scaled
        scale = self.corpus_size / counted.n_plans if self.corpus_size > counted.n_plans else 1.0
        self.n_docs, self._boilerplate = counted.n_docs, counted.boilerplate
        self._log_n = log_n = math.log(counted.n_docs * scale + 1)
        # Every term that can be evidence, with its idf; any other term weighs 0.
        self._idf: dict[str, float] | _Overlay = {g: log_n - math.log(d * scale + 1) for g, d in counted.df.items()}
        # Share of the plans that do NOT use each term: 0 for what every plan says.
        n_plans = max(1, counted.n_plans)
        self._spread: dict[str, float] | _Overlay = {g: 1.0 - counted.pf[g] / n_plans for g in counted.df}
        self._pairs: dict[tuple[str, str], Weights] = {}

    def _fresh(self) -> None:
        """Empty caches of what the idf decides (the units and their counts do not depend on it)."""
        self._vectors: dict[str, tuple[list[Vector], list[Vector]]] = {}
        self._groups: dict[tuple[str, tuple[str, ...]], Vector] = {}
        self._phrase_weights: dict[str, float] = {}
        self._columns: dict[str, int] = {}  # term → column of the sparse body rows
        self._rows: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._columns_of: dict[tuple[str, int], Any] = {}  # body_dots' transposed rows
        self._memo: dict[tuple, Any] = {}  # what a caller derives from these weights (``memo``)

    def _keep(self, plan: Plan, units: list[Unit], counts: list[tuple[Counter, Counter]]) -> None:
        # a few plans: their units are aligned next, keep them
        self._units[plan.id] = units
        self._counts[plan.id] = counts

    def for_pair(self, a: Plan, b: Plan) -> "Weights":
        """The weights to align ``a`` with ``b``: these, when every plan was counted or both
        are in the sample; else these plus the terms ``a`` and ``b`` share that the sample
        lacks (a term two plans use is evidence), each with the idf of the units of the
        two that use it. The same for (a, b) and (b, a)."""
        if self.sample >= {a.id, b.id} or a.id == b.id:
            return self
        key = (min(a.id, b.id), max(a.id, b.id))
        hit = self._pairs.get(key)
        if hit is None:
            own_a, own_b = self.own_df(a), self.own_df(b)
            extra: dict[str, float] = {}
            for g in own_a.keys() & own_b.keys():
                if g not in self._boilerplate and self._idf.get(g) is None:
                    w = self._log_n - math.log(own_a[g] + own_b[g] + 1)
                    if w > 0:
                        extra[g] = w
            hit = copy.copy(self)  # shares the units and counts of every plan
            hit._fresh()
            hit._pairs = {}
            hit._idf = _Overlay(self._idf, extra)
            spread = 1.0 - 2 / self.corpus_size
            hit._spread = _Overlay(self._spread, dict.fromkeys(extra, spread))
            if len(self._pairs) > 4:
                self._pairs.clear()
            self._pairs[key] = hit
        return hit

    def __contains__(self, plan: Plan) -> bool:
        return plan.id in self.corpus_ids or any(p is plan for p in self.plans)

    # -- idf -------------------------------------------------------------------
    def idf(self, g: str) -> float:
        """0 for terms that cannot be evidence (one plan only, or boilerplate)."""
        return self._idf.get(g, 0.0)

    def phrase_weight(self, term: str) -> float:
        """Summed ``term_weight`` of a phrase's character bigrams and trigrams (cached)."""
        w = self._phrase_weights.get(term)
        if w is None:
            tw = self.term_weight
            w = sum(tw(term[i : i + 2]) for i in range(len(term) - 1))
            w += sum(tw(term[i : i + 3]) for i in range(len(term) - 2))
            self._phrase_weights[term] = w
        return w

    def term_weight(self, g: str) -> float:
        """idf, down-weighted by the share of plans that use the term (0 when every plan does)."""
        return self._idf.get(g, 0.0) * self._spread.get(g, 1.0)

    def weigh(self, counts: Counter, top: int | None = None, own_df: Counter | None = None) -> Vector:
        """tf-idf of the evidence terms of ``counts``, L2-normalised; with ``own_df`` (the
        plan's units per term) the length also counts the lone terms, idf from ``own_df``."""
        get = self._idf.get
        tf = _TF
        raw = {g: (tf[n] if n < len(tf) else 1.0 + math.log(n)) * w for g, n in counts.items() if (w := get(g))}
        if own_df is None:
            return normalise(raw, top)
        lone = 0.0
        for g, n in counts.items():
            if g not in raw and g not in self._boilerplate:
                lone += ((tf[n] if n < len(tf) else 1.0 + math.log(n)) * (self._log_n - math.log(own_df[g] + 1))) ** 2
        norm = math.sqrt(sum(w * w for w in raw.values()) + lone)
        return {g: w / norm for g, w in raw.items()} if norm else {}

    def heading_vector(self, unit: Unit, places: re.Pattern | None) -> Vector:
        """Title, ancestors' titles (weaker) and lead-item titles (weaker still)."""
        idf = self.idf
        vec: dict[str, float] = {}
        parts = [(unit.title, 1.0)] + [(t, TITLE_CONTEXT) for t in unit.context]
        parts += [(t, TITLE_LEADS) for t in unit.leads]
        for text, weight in parts:
            for g in grams(_HEADING_VERBS.sub(" ", text), places):
                w = idf(g)
                if w > 0:
                    vec[g] = vec.get(g, 0.0) + weight * w
        return normalise(vec)

    # -- per plan --------------------------------------------------------------
    def units(self, plan: Plan) -> list[Unit]:
        if plan.id not in self._units or plan.id not in self._counts:
            self._units[plan.id], self._counts[plan.id] = plan_terms(plan)
        return self._units[plan.id]

    def own_df(self, plan: Plan) -> Counter:
        """In how many of ``plan``'s units each of its terms is (cached)."""
        self.units(plan)
        if plan.id not in self._own_df:
            df: Counter = Counter()
            for g, w in self._counts[plan.id]:
                df.update(g.keys())
                df.update(w.keys())
            self._own_df[plan.id] = df
        return self._own_df[plan.id]

    def vectors(self, plan: Plan) -> tuple[list[Unit], list[Vector], list[Vector]]:
        """The plan's units, their body vectors and their heading vectors (cached)."""
        units = self.units(plan)
        if plan.id not in self._vectors:
            own = self.own_df(plan)
            bodies = [halves(self.weigh(g, own_df=own), self.weigh(w, own_df=own)) for g, w in self._counts[plan.id]]
            places = place_re(plan)
            heads = [self.heading_vector(u, places) for u in units]
            self._vectors[plan.id] = (bodies, heads)
        bodies, heads = self._vectors[plan.id]
        return units, bodies, heads

    def body_rows(self, plan: Plan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The plan's body vectors as CSR arrays (values, columns, row starts), columns
        numbered per ``Weights`` on first sight of a term (cached)."""
        if plan.id not in self._rows:
            _, bodies, _ = self.vectors(plan)
            self._rows[plan.id] = _csr_arrays(bodies, self._columns, grow=True)
        return self._rows[plan.id]

    def body_cosines(self, a: Plan, b: Plan) -> list[list[float]]:
        """Every body dot product of ``a``'s units with ``b``'s, one sparse product. Always
        computed with the plans in id order and transposed as needed, so that the matrix of
        (b, a) is exactly the transpose of that of (a, b), to the last bit."""
        import scipy.sparse as sp

        first, second = (a, b) if a.id <= b.id else (b, a)
        r1, r2 = self.body_rows(first), self.body_rows(second)
        n = len(self._columns)
        m1 = sp.csr_matrix(r1, shape=(len(r1[2]) - 1, n))
        m2 = sp.csr_matrix(r2, shape=(len(r2[2]) - 1, n))
        out = (m1 @ m2.T).toarray()
        return (out if first is a else out.T).tolist()

    def memo(self, key: tuple) -> dict:
        """A dict kept with these weights under ``key`` (emptied with the other caches when the
        idf changes): for what the aligner derives from them, such as a unit's paragraphs."""
        return self._memo.setdefault(key, {})

    def body_dots(self, vectors: list[Vector], plan: Plan) -> list[list[float]]:
        """Dot products of ``vectors`` (a unit's paragraphs, say) with each of ``plan``'s unit
        bodies, one sparse product over the cached rows (a term no body has counts nothing)."""
        import scipy.sparse as sp

        data, cols, starts = self.body_rows(plan)
        n = len(self._columns)
        mv = sp.csr_matrix(_csr_arrays(vectors, self._columns, grow=False), shape=(len(vectors), n))
        key = (plan.id, n)
        if key not in self._columns_of:  # the plan's bodies, one column per unit (cached per column count)
            self._columns_of[key] = sp.csr_matrix((data, cols, starts), shape=(len(starts) - 1, n)).T.tocsr()
        return (mv @ self._columns_of[key]).toarray().tolist()

    def group_vector(self, plan: Plan, unit_ids: Iterable[str]) -> Vector:
        """The body vector of several units of ``plan`` taken as one text (a chapter; cached)."""
        key = (plan.id, tuple(unit_ids))
        if key not in self._groups:
            self._groups[key] = self._group_vector(plan, set(key[1]))
        return self._groups[key]

    def _group_vector(self, plan: Plan, wanted: set[str]) -> Vector:
        units = self.units(plan)
        total_g: Counter = Counter()
        total_w: Counter = Counter()
        for u, (g, w) in zip(units, self._counts[plan.id]):
            if u.id in wanted:
                total_g.update(g)
                total_w.update(w)
        own = self.own_df(plan)
        return halves(self.weigh(total_g, own_df=own), self.weigh(total_w, own_df=own))


_CACHE: dict[tuple, tuple[list[Plan], Weights]] = {}


def weights_for(plans: Iterable[Plan]) -> Weights:
    """A (memoised) ``Weights`` over ``plans``; pass the corpus's plans for corpus IDF."""
    plans = sorted(plans, key=lambda p: p.id)
    key = tuple((p.id, id(p)) for p in plans)
    hit = _CACHE.get(key)
    if hit is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        hit = _CACHE[key] = (plans, Weights(plans))  # plans kept alive: ids stay unique
    return hit[1]


# -- disk cache of the corpus weights ---------------------------------------------
# 5: a table's header row in a unit's text;
# 4: counts of a sample of the plans (idf derived on load, scaled to the corpus);
# 3: a table's caption once in a unit's text; 2: words (WORD-prefixed) beside the n-grams,
# boilerplate terms and n_docs
CACHE_VERSION = 5
SAMPLE_PLANS = 300  # corpus weights count at most this many plans (see notes/align.md)


def _rank(pid: str) -> tuple[bytes, str]:
    return hashlib.blake2b(pid.encode(), digest_size=8).digest(), pid


def sample_ids(ids: Iterable[str], k: int | None = None) -> list[str]:
    """The ``k`` (``SAMPLE_PLANS``) ids that hash lowest, sorted: every id when there are no
    more. A plan joining or leaving the corpus changes the sample only when it is (or
    would be) in it: the plans outside never move in."""
    k = SAMPLE_PLANS if k is None else k
    return sorted(heapq.nsmallest(k, ids, key=_rank))


def _sample_key(sample: list[tuple[str, str]]) -> str:
    h = hashlib.sha256(f"weights {CACHE_VERSION}".encode())
    for pid, fp in sample:
        h.update(f"\n{pid}\t{fp}".encode())
    return h.hexdigest()[:32]


def _cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"weights-{key[:16]}.npz"


_CORPUS: dict[tuple[str, tuple[str, ...]], Weights] = {}  # (sample key, corpus ids) → weights, in this process


def _sample_of(corpus) -> tuple[list[str], list[str], str]:
    """(every id, the sample's ids, the key of the sample's state)."""
    fps = corpus.plan_fingerprints()
    ids = sorted(fps)
    sample = sample_ids(ids)
    return ids, sample, _sample_key([(pid, fps[pid]) for pid in sample])


def corpus_weights_ready(corpus, cache_dir: Path | None = None) -> bool:
    """Are ``corpus``'s weights in this process or saved in ``cache_dir`` (so that a
    compare need not count the terms of its sample first)?"""
    ids, _, key = _sample_of(corpus)
    return (key, tuple(ids)) in _CORPUS or (cache_dir is not None and _cache_file(cache_dir, key).exists())


def corpus_weights(corpus, cache_dir: Path | None = None) -> Weights:
    """Weights over ``corpus``, counted over its sample (``sample_ids``: every plan up to
    ``SAMPLE_PLANS``), the counts read from ``cache_dir`` when saved there under the key
    of the sample's plans and their fingerprints, else counted and saved. The corpus size
    is applied on load, so a plan added, changed or removed outside the sample leaves the
    saved counts valid.

    No plan is kept: saved counts need only the plans' ids (the corpus manifest), and
    counting decodes the plans one at a time, counting their terms and dropping them
    (holding every plan's units and counts took 6.2 GB at 1,005 plans).
    """
    ids, sample, key = _sample_of(corpus)
    memo = (key, tuple(ids))
    if memo in _CORPUS:
        return _CORPUS[memo]
    counted = _load_tally(_cache_file(cache_dir, key), key, sample) if cache_dir is not None else None
    if counted is None:
        read = getattr(corpus.plans, "read", corpus.plans.__getitem__)  # a lazy corpus: decode, keep none
        counted = tally(map(read, sample))
        if cache_dir is not None:
            _save_tally(_cache_file(cache_dir, key), key, sample, counted)
    w = Weights(counted=counted, corpus_ids=ids, sample=sample, corpus_size=len(ids))
    if len(_CORPUS) > 8:
        _CORPUS.clear()
    _CORPUS[memo] = w
    return w


def _load_tally(f: Path, key: str, sample: list[str]) -> Tally | None:
    """The counts saved in ``f``; None when unusable."""
    if not f.exists():
        return None
    try:
        with np.load(f, allow_pickle=False) as z:
            head, terms, df, pf = json.loads(str(z["header"])), z["terms"], z["df"], z["pf"]
            boilerplate = z["boilerplate"]
    except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile):
        return None  # unusable: recounted (and overwritten) by the caller
    ok = (isinstance(head, dict) and head.get("version") == CACHE_VERSION and head.get("key") == key
          and head.get("sample") == sample
          and all(type(head.get(n)) is int and head[n] >= 0 for n in ("n_docs", "n_plans"))
          and head["n_plans"] == len(sample)
          and boilerplate.dtype.kind == "U" and boilerplate.ndim == 1 and terms.dtype.kind == "U"
          and df.dtype.kind == pf.dtype.kind == "i" and terms.ndim == df.ndim == pf.ndim == 1
          and len(terms) == len(df) == len(pf)
          and bool(np.all((df >= 1) & (df <= max(2, head["n_docs"]))))
          and bool(np.all((pf >= 1) & (pf <= head["n_plans"]))))
    if not ok:
        return None
    keys = terms.tolist()
    return Tally(dict(zip(keys, df.tolist())), dict(zip(keys, pf.tolist())), set(boilerplate.tolist()),
                 head["n_docs"], head["n_plans"])


def _save_tally(f: Path, key: str, sample: list[str], counted: Tally) -> None:
    head = {"version": CACHE_VERSION, "key": key, "sample": sample, "n_docs": counted.n_docs,
            "n_plans": counted.n_plans}
    buf = io.BytesIO()
    np.savez(buf, header=np.array(json.dumps(head, ensure_ascii=False)),
             boilerplate=np.array(sorted(counted.boilerplate), dtype=str),
             terms=np.array(list(counted.df), dtype=str),
             df=np.array(list(counted.df.values()), dtype=np.int64),
             pf=np.array([counted.pf[g] for g in counted.df], dtype=np.int64))
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(f, buf.getvalue())
    except OSError:
        pass  # a cache that cannot be written is only a slower next start
