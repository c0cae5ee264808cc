"""Similarity across all plans of a corpus: which plans are closest, overall and per topic.

*Overall*: each plan becomes one TF-IDF vector of its character n-grams (its own
place names cut out; idf over plans, so what every plan says weighs nothing),
pruned to its ``PLAN_TERMS`` heaviest terms; the score of two plans is the
square root of their cosine, like unit-pair scores. The matrix is computed on
first use (``compute``, which reports progress), kept in memory, and written to
``cache_dir`` under the corpus fingerprint when one is given.

*Per topic*: for one unit of a plan, the most similar unit of every other plan,
with the same score as unit alignment (``pairs.combine``); unit vectors are built
on first use and cached.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..fsutil import atomic_write_text
from ..model import Plan
from .pairs import combine
from .units import Unit
from .weights import Weights, dot, grams, normalise, place_re

PLAN_TERMS = 1000
CACHE_VERSION = 1

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class TopicHit:
    plan_id: str
    unit: Unit
    score: float


def plan_counts(plan: Plan) -> Counter:
    places = place_re(plan)
    c: Counter = Counter()
    for s in plan.sections:
        c.update(grams(s.full_text(), places))
    return c


class SimilarityMatrix:
    def __init__(self, plans: Iterable[Plan], key: str = "", cache_dir: Path | None = None):
        self.plans = {p.id: p for p in plans}
        self.ids = sorted(self.plans)
        self.key = key  # e.g. Corpus.fingerprint(); the disk cache is used only with one
        self.cache_dir = cache_dir
        self._scores: dict[str, dict[str, float]] | None = None
        self._weights: Weights | None = None

    # -- overall ---------------------------------------------------------------
    @property
    def computed(self) -> bool:
        return self._scores is not None

    def compute(self, progress: Progress | None = None) -> "SimilarityMatrix":
        if self._scores is not None:
            return self
        if self._load():
            return self
        n = len(self.ids)
        total = 2 * n
        counts = []
        df: Counter = Counter()
        for k, pid in enumerate(self.ids):
            c = plan_counts(self.plans[pid])
            counts.append(c)
            df.update(c.keys())
            if progress:
                progress(k + 1, total)
        log_n = math.log(n + 1)
        index: dict[str, list[tuple[int, float]]] = {}
        vectors = []
        for k, c in enumerate(counts):
            raw = {}
            for g, m in c.items():
                d = df[g]
                if d < 2 or d >= n:  # one plan only, or every plan: no evidence either way
                    continue
                raw[g] = (1.0 + math.log(m)) * (log_n - math.log(d + 1))
            v = normalise(raw, PLAN_TERMS)
            vectors.append(v)
            for g, w in v.items():
                index.setdefault(g, []).append((k, w))
        scores: dict[str, dict[str, float]] = {pid: {} for pid in self.ids}
        for k, v in enumerate(vectors):
            acc: dict[int, float] = {}
            for g, w in v.items():
                for other, wo in index[g]:
                    if other > k:
                        acc[other] = acc.get(other, 0.0) + w * wo
            for other in range(k + 1, n):
                s = math.sqrt(max(0.0, min(1.0, acc.get(other, 0.0))))
                scores[self.ids[k]][self.ids[other]] = s
                scores[self.ids[other]][self.ids[k]] = s
            if progress:
                progress(n + k + 1, total)
        self._scores = scores
        self._save()
        return self

    def score(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        return self.compute()._scores[a][b]  # type: ignore[index]

    def closest(self, plan_id: str, k: int | None = None) -> list[tuple[str, float]]:
        """Other plans by decreasing similarity to ``plan_id``."""
        row = self.compute()._scores[plan_id]  # type: ignore[index]
        ranked = sorted(row.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:k] if k is not None else ranked

    def rows(self) -> list[list[float]]:
        """The full matrix, in the order of ``self.ids``."""
        return [[self.score(a, b) for b in self.ids] for a in self.ids]

    # -- per topic -------------------------------------------------------------
    def weights(self) -> Weights:
        if self._weights is None:
            self._weights = Weights(self.plans.values())
        return self._weights

    def topic(self, plan_id: str, unit_id: str, k: int | None = None) -> list[TopicHit]:
        """For one unit, the closest unit of every other plan, best plans first."""
        w = self.weights()
        units, bodies, heads = w.vectors(self.plans[plan_id])
        i = next(n for n, u in enumerate(units) if u.id == unit_id)
        hits = []
        for pid in self.ids:
            if pid == plan_id:
                continue
            ou, ob, oh = w.vectors(self.plans[pid])
            best = max(
                ((combine(dot(bodies[i], ob[j]), dot(heads[i], oh[j])), j) for j in range(len(ou))),
                default=None,
            )
            if best is not None:
                hits.append(TopicHit(pid, ou[best[1]], best[0]))
        hits.sort(key=lambda h: (-h.score, h.plan_id))
        return hits[:k] if k is not None else hits

    # -- disk cache ------------------------------------------------------------
    def _cache_file(self) -> Path | None:
        if not self.key or self.cache_dir is None:
            return None
        return self.cache_dir / f"similarity-{self.key[:16]}.json"

    def _load(self) -> bool:
        f = self._cache_file()
        if f is None or not f.exists():
            return False
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if d.get("version") != CACHE_VERSION or d.get("key") != self.key or d.get("ids") != self.ids:
            return False
        self._scores = d["scores"]
        return True

    def _save(self) -> None:
        f = self._cache_file()
        if f is None:
            return
        doc = {"version": CACHE_VERSION, "key": self.key, "ids": self.ids, "scores": self._scores}
        try:
            atomic_write_text(f, json.dumps(doc, ensure_ascii=False))
        except OSError:
            pass  # a cache that cannot be written is only a slower next start
