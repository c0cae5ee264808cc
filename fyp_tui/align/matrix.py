"""Similarity across all plans of a corpus: which plans are closest, overall and per topic.

*Overall*: each plan becomes one TF-IDF vector of its character n-grams (its own
place names cut out; idf over plans, so what every plan says weighs nothing),
pruned to its ``PLAN_TERMS`` heaviest terms; the score of two plans is the
square root of their cosine, like unit-pair scores. The vectors are a scipy
sparse matrix (n-grams hashed into ``FEATURES`` columns — the hashing trick of
scikit-learn's ``HashingVectorizer``, done here on code points with numpy because
the vectoriser's per-n-gram Python analyzer and string hashing took 60 ms a plan
against 5 ms (``hashed_row``); two passes: document frequencies, then weighted and pruned
rows; the first pass's rows are kept for the second up to ``KEEP_NNZ`` counts, so a
big corpus streams in bounded memory), and the scores come from sparse products one block of rows at a time,
keeping each plan's ``NEIGHBOURS`` best: nothing plan × plan is ever held whole.
Vectors and neighbours are written to ``cache_dir`` under the corpus fingerprint
(``similarity-<key>.npz``, plain arrays, loaded with ``allow_pickle=False`` and
checked: a cache of the wrong shape is reported once in ``problem`` and rebuilt).

*Per topic*: for one unit of a plan, the most similar unit of every other plan,
with the same score as unit alignment (``pairs.combine``); unit vectors are built
on first use and cached.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

import numpy as np

from ..fsutil import atomic_write_bytes
from ..model import Plan
from .pairs import combine
from .units import Unit
from .weights import Weights, dot, grams, place_re

PLAN_TERMS = 1000
NEIGHBOURS = 50  # best neighbours kept per plan
FEATURES = 2**22  # hashed n-gram columns (few collisions: a corpus has a few million distinct n-grams)
BLOCK = 256  # rows per sparse product
KEEP_NNZ = 30_000_000  # hashed counts kept between the two passes (~240 MB); beyond, plans are counted twice
# 5: a table's header row in a section's text; 4: a table's caption once in a section's text;
# 3: columns from hashed_row (2: murmurhash)
CACHE_VERSION = 5

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


_SHIFT = np.uint64(64 - FEATURES.bit_length() + 1)  # the top log2(FEATURES) bits of the mixed key
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def gram_columns(keys: np.ndarray) -> np.ndarray:
    """Columns of n-gram keys (see ``hashed_row``): splitmix64's finaliser, top bits."""
    with np.errstate(over="ignore"):
        z = keys ^ (keys >> np.uint64(30))
        z = z * _MIX[0]
        z = z ^ (z >> np.uint64(27))
        z = z * _MIX[1]
        z = z ^ (z >> np.uint64(31))
    return (z >> _SHIFT).astype(np.int32)


def hashed_row(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(columns, counts) of ``plan``'s n-grams, what ``plan_counts`` counts, hashed into
    ``FEATURES`` columns with numpy: an n-gram's key is its code points side by side
    (21 bits each, so bigram and trigram keys never meet), mixed into a column."""
    places = place_re(plan)
    texts = (s.full_text() for s in plan.sections)
    text = "\n".join(places.sub(" ", t) for t in texts) if places is not None else "\n".join(texts)
    c = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han = (((c >= 0x3400) & (c <= 0x4DBF)) | ((c >= 0x4E00) & (c <= 0x9FFF)) | ((c >= 0xF900) & (c <= 0xFAFF))
           | (c == 0x3007))
    c = c.astype(np.uint64)
    two = han[:-1] & han[1:]
    three = two[:-1] & han[2:]
    bi = (c[:-1] << np.uint64(21)) | c[1:]
    tri = (bi[:-1] << np.uint64(21)) | c[2:]
    cols, counts = np.unique(gram_columns(np.concatenate([bi[two], tri[three]])), return_counts=True)
    return cols.astype(np.int32), counts.astype(np.float32)


def _hashed(read: Callable[[str], Plan], ids: list[str]):
    """Rows of hashed n-gram counts, one plan at a time (a generator: memory stays flat)."""
    for pid in ids:
        yield hashed_row(read(pid))


class SimilarityMatrix:
    def __init__(self, plans: Iterable[Plan] | Mapping[str, Plan], key: str = "", cache_dir: Path | None = None):
        # a mapping (e.g. the corpus's lazy plans) is kept as it is: plans are read one at a
        # time, through its ``read`` (decode without keeping) when it has one
        self.plans: Mapping[str, Plan] = plans if isinstance(plans, Mapping) else {p.id: p for p in plans}
        self.ids = sorted(self.plans)
        self._pos = {pid: k for k, pid in enumerate(self.ids)}
        self.key = key  # e.g. Corpus.fingerprint(); the disk cache is used only with one
        self.cache_dir = cache_dir
        self.problem = ""  # why the disk cache was not used, when it was unusable
        self._vectors = None  # scipy CSR, one L2-normalised row per plan
        self._nb_idx: np.ndarray | None = None  # (n, k) neighbour positions, best first
        self._nb_score: np.ndarray | None = None
        self._weights: Weights | None = None

    # -- overall ---------------------------------------------------------------
    @property
    def computed(self) -> bool:
        return self._nb_idx is not None

    def compute(self, progress: Progress | None = None) -> SimilarityMatrix:
        """The neighbours (from the cache when valid, else built); the vectors come with a
        build, or from the cache when first needed (``vectors``)."""
        if self._nb_idx is not None:
            return self
        if self._load():
            return self
        return self._build(progress)

    def vectors(self):
        """The plan vectors (scipy CSR, one L2-normalised row per plan)."""
        self.compute()
        if self._vectors is None and not self._load_vectors():
            self._nb_idx = None
            self._build()
        return self._vectors

    def _build(self, progress: Progress | None = None) -> SimilarityMatrix:
        import scipy.sparse as sp

        n = len(self.ids)
        total = 2 * n + 1
        read = getattr(self.plans, "read", self.plans.__getitem__)
        df = np.zeros(FEATURES, dtype=np.int32)
        kept: list = []  # pass-1 rows kept for pass 2 while they fit in KEEP_NNZ
        nnz = 0
        for k, row in enumerate(_hashed(read, self.ids)):
            df[row[0]] += 1
            nnz += len(row[0])
            if nnz <= KEEP_NNZ:
                kept.append(row)
            if progress:
                progress(k + 1, total)
        idf = np.log(n + 1) - np.log(df + 1.0)
        idf[(df < 2) | (df >= n)] = 0.0  # one plan only, or every plan: no evidence either way
        data, indices, indptr = [], [], [0]
        rest = _hashed(read, self.ids[len(kept):])  # counted again only beyond what was kept
        for k in range(n):
            cols, counts = kept[k] if k < len(kept) else next(rest)
            w = (1.0 + np.log(counts)) * idf[cols]
            keep = np.flatnonzero(w > 0)
            if len(keep) > PLAN_TERMS:  # heaviest first, ties by column: the same terms every run
                keep = keep[np.lexsort((cols[keep], -w[keep]))[:PLAN_TERMS]]
            norm = math.sqrt(float(np.dot(w[keep], w[keep]))) or 1.0
            data.append((w[keep] / norm).astype(np.float32))
            indices.append(cols[keep])
            indptr.append(indptr[-1] + len(keep))
            if progress:
                progress(n + k + 1, total)
        self._vectors = sp.csr_matrix(
            (np.concatenate(data) if data else np.zeros(0, np.float32),
             np.concatenate(indices) if indices else np.zeros(0, np.int32), np.asarray(indptr, dtype=np.int64)),
            shape=(n, FEATURES))
        self._neighbours()
        if progress:
            progress(total, total)
        self._save()
        return self

    def _neighbours(self) -> None:
        x = self._vectors
        n = x.shape[0]
        k = min(NEIGHBOURS, max(0, n - 1))
        nb_idx = np.zeros((n, k), dtype=np.int32)
        nb_score = np.zeros((n, k), dtype=np.float32)
        xt = x.T.tocsc()
        for start in range(0, n, BLOCK):
            block = (x[start : start + BLOCK] @ xt).toarray()
            for r in range(block.shape[0]):
                block[r, start + r] = -1.0  # never its own neighbour
            if k:
                top = np.argpartition(-block, k - 1, axis=1)[:, :k]
                vals = np.take_along_axis(block, top, axis=1)
                order = np.lexsort((top, -vals), axis=1)
                nb_idx[start : start + BLOCK] = np.take_along_axis(top, order, axis=1)
                nb_score[start : start + BLOCK] = np.sqrt(np.clip(np.take_along_axis(vals, order, axis=1), 0, 1))
        self._nb_idx, self._nb_score = nb_idx, nb_score

    def score(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        if b < a:  # one order of summation either way round: exactly symmetric, not to float32 rounding
            a, b = b, a
        x = self.vectors()
        ra, rb = x[self._pos[a]], x[self._pos[b]]
        return math.sqrt(max(0.0, min(1.0, float(ra.multiply(rb).sum()))))

    def closest(self, plan_id: str, k: int | None = None) -> list[tuple[str, float]]:
        """Other plans by decreasing similarity to ``plan_id`` (its best ``NEIGHBOURS`` at most)."""
        self.compute()
        p = self._pos[plan_id]
        ranked = [(self.ids[j], round(float(s), 6)) for j, s in zip(self._nb_idx[p], self._nb_score[p])]
        ranked.sort(key=lambda kv: (-kv[1], kv[0]))
        return ranked[:k] if k is not None else ranked

    def rows(self) -> list[list[float]]:
        """The full matrix, in the order of ``self.ids`` (small corpora only: it is n × n)."""
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
        return self.cache_dir / f"similarity-{self.key[:16]}.npz"

    def _load(self) -> bool:
        """The neighbours from the cache (header and neighbour arrays only: a plan's
        neighbours at 10,000 plans need 4 MB of the file, not the 80 MB of vectors)."""
        f = self._cache_file()
        if f is None or not f.exists():
            return False
        a = self._read(f, ("header", "nb_idx", "nb_score"))
        if a is None:
            return False
        try:
            head = json.loads(str(a["header"]))
        except (ValueError, TypeError) as e:
            self.problem = f"{f}: unreadable similarity cache ({type(e).__name__}); rebuilding it"
            return False
        why = _check(head, a, self.key, self.ids)
        if why:
            self.problem = f"{f}: {why}; rebuilding it"
            return False
        self._nb_idx, self._nb_score = a["nb_idx"], a["nb_score"]
        return True

    def _load_vectors(self) -> bool:
        f = self._cache_file()
        a = self._read(f, ("data", "indices", "indptr")) if f is not None else None
        if a is None:
            return False
        why = _check_vectors(a, len(self.ids))
        if why:
            self.problem = f"{f}: {why}; rebuilding it"
            return False
        import scipy.sparse as sp

        self._vectors = sp.csr_matrix((a["data"], a["indices"], a["indptr"]), shape=(len(self.ids), FEATURES))
        return True

    def _read(self, f: Path, names: tuple[str, ...]) -> dict | None:
        try:
            with np.load(f, allow_pickle=False) as z:
                return {name: z[name] for name in names}
        except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile) as e:
            self.problem = f"{f}: unreadable similarity cache ({type(e).__name__}); rebuilding it"
            return None

    def _save(self) -> None:
        f = self._cache_file()
        if f is None:
            return
        x = self._vectors
        head = {"version": CACHE_VERSION, "key": self.key, "ids": self.ids, "features": FEATURES}
        buf = io.BytesIO()
        np.savez(buf, header=np.array(json.dumps(head, ensure_ascii=False)), data=x.data, indices=x.indices,
                 indptr=x.indptr.astype(np.int64), nb_idx=self._nb_idx, nb_score=self._nb_score)
        try:
            atomic_write_bytes(f, buf.getvalue())
        except OSError:
            pass  # a cache that cannot be written is only a slower next start


def _check(head, a: dict, key: str, ids: list[str]) -> str:
    """Why a loaded similarity cache's header and neighbours cannot be used ("" when they can)."""
    if not isinstance(head, dict) or head.get("version") != CACHE_VERSION or head.get("key") != key:
        return "similarity cache of another version or corpus"
    if head.get("ids") != ids or head.get("features") != FEATURES:
        return "similarity cache does not match the corpus"
    n = len(ids)
    for name, dtype in {"nb_idx": np.int32, "nb_score": np.float32}.items():
        if a[name].dtype != dtype:
            return f"similarity cache array {name} has the wrong type"
    k = min(NEIGHBOURS, max(0, n - 1))
    nb_idx, nb_score = a["nb_idx"], a["nb_score"]
    if nb_idx.shape != (n, k) or nb_score.shape != (n, k):
        return "similarity cache is missing rows of neighbours"
    if nb_idx.size and (nb_idx.min() < 0 or nb_idx.max() >= n):
        return "similarity cache refers to plans that do not exist"
    if not np.all(np.isfinite(nb_score)) or nb_score.size and (nb_score.min() < 0 or nb_score.max() > 1):
        return "similarity cache scores are out of range"
    return ""


def _check_vectors(a: dict, n: int) -> str:
    """Why a loaded similarity cache's vectors cannot be used ("" when they can)."""
    for name, dtype in {"data": np.float32, "indices": np.int32, "indptr": np.int64}.items():
        if a[name].dtype != dtype:
            return f"similarity cache array {name} has the wrong type"
    data, indices, indptr = a["data"], a["indices"], a["indptr"]
    if data.ndim != 1 or indices.shape != data.shape or indptr.shape != (n + 1,):
        return "similarity cache vectors have the wrong shape"
    if indptr[0] != 0 or indptr[-1] != len(data) or np.any(indptr[1:] < indptr[:-1]):
        return "similarity cache rows are out of order"
    if len(indices) and (indices.min() < 0 or indices.max() >= FEATURES) or not np.all(np.isfinite(data)):
        return "similarity cache vectors are out of range"
    return ""
