"""Similarity across plans: overall ranking, per-topic ranking, disk cache."""

from __future__ import annotations

from fyp_tui.align import SimilarityMatrix


def test_closest_plans(corpus, tmp_path):
    m = SimilarityMatrix(corpus.plans.values(), key=corpus.fingerprint(), cache_dir=tmp_path)
    steps = []
    m.compute(progress=lambda done, total: steps.append((done, total)))
    assert steps[-1][0] == steps[-1][1]
    # the city's 建议 is closest to its own district's plan, which reuses its text
    assert m.closest("xuzhou")[0][0] == "xuzhou-gulou"
    assert all(0.0 <= s <= 1.0 for s in m.rows()[0])
    assert m.score("xuzhou", "xuzhou") == 1.0
    # a second matrix on the same corpus reads the cache instead of computing
    again = SimilarityMatrix(corpus.plans.values(), key=corpus.fingerprint(), cache_dir=tmp_path)
    again.compute(progress=lambda *_: (_ for _ in ()).throw(AssertionError("recomputed")))
    assert again.closest("xuzhou") == m.closest("xuzhou")


def test_topic_ranking(corpus):
    m = SimilarityMatrix(corpus.plans.values())
    hits = m.topic("xuzhou-gulou", "ch08.s03")  # 建设教育现代化强区
    assert len(hits) == len(corpus.plans) - 1
    assert all("教育" in h.unit.title for h in hits[:3])


def _planted(saved: dict, **changes) -> bytes:
    import io

    import numpy as np

    buf = io.BytesIO()
    np.savez(buf, **{**saved, **changes})
    return buf.getvalue()


def _cached(corpus, tmp_path):
    """A computed matrix, its cache file, the file's bytes and its arrays."""
    import numpy as np

    m = SimilarityMatrix(corpus.plans.values(), key=corpus.fingerprint(), cache_dir=tmp_path).compute()
    (f,) = tmp_path.glob("similarity-*.npz")
    with np.load(f) as z:
        saved = {k: z[k] for k in z.files}
    return m, f, f.read_bytes(), saved


def test_cache_of_the_wrong_shape_is_reported_and_rebuilt(corpus, tmp_path):
    # issue 11: `[]`, string scores, a missing row gave a traceback every time
    import json

    import numpy as np

    m, f, good, saved = _cached(corpus, tmp_path)
    bad = {
        "[]": _planted(saved, header=np.array(json.dumps([]))),
        "string scores": _planted(saved, nb_score=saved["nb_score"].astype(str)),
        "missing row": _planted(saved, nb_idx=saved["nb_idx"][:-1], nb_score=saved["nb_score"][:-1]),
        "score above 1": _planted(saved, nb_score=saved["nb_score"] + 2),
        "not npz": b"[]",
    }
    for what, data in bad.items():
        f.write_bytes(data)
        again = SimilarityMatrix(corpus.plans.values(), key=corpus.fingerprint(), cache_dir=tmp_path).compute()
        assert again.problem and again.problem.endswith("rebuilding it") and "\n" not in again.problem, what
        assert again.closest("xuzhou") == m.closest("xuzhou"), what
        assert f.read_bytes() == good, what


def test_scores_are_cosines_of_the_vectors(corpus):
    # checked against a plain re-computation from the stored vectors, not against a constant
    import math

    m = SimilarityMatrix(corpus.plans.values()).compute()
    x = m._vectors
    for a in m.ids:
        for b in m.ids:
            if a != b:
                ra, rb = x[m.ids.index(a)].toarray()[0], x[m.ids.index(b)].toarray()[0]
                assert abs(m.score(a, b) - math.sqrt(max(0.0, float(ra @ rb)))) < 1e-6
                assert abs(m.score(a, b) - m.score(b, a)) < 1e-12
    assert all(abs(s - m.score("xuzhou", pid)) < 1e-6 for pid, s in m.closest("xuzhou"))


def test_corpus_weights_are_cached_with_the_corpus_fingerprint(corpus, tmp_path, monkeypatch):
    import numpy as np

    from fyp_tui.align import align_units
    from fyp_tui.align import weights as wmod

    monkeypatch.setattr(wmod, "_CORPUS", {})
    built = wmod.corpus_weights(corpus, tmp_path)
    (f,) = tmp_path.glob("weights-*.npz")
    monkeypatch.setattr(wmod, "_CORPUS", {})

    def no_counting(*a, **k):
        raise AssertionError("corpus weights recomputed")

    monkeypatch.setattr(wmod, "tally", no_counting)
    cached = wmod.corpus_weights(corpus, tmp_path)
    assert cached._idf == built._idf and cached._spread == built._spread
    a, b = corpus.get("xuzhou-gulou"), corpus.get("zhenjiang-jingkou")
    from_cache = [p.to_dict() for p in align_units(a, b, cached).pairs]
    assert from_cache == [p.to_dict() for p in align_units(a, b, built).pairs]
    monkeypatch.undo()
    monkeypatch.setattr(wmod, "_CORPUS", {})
    with np.load(f) as z:
        saved = {k: z[k] for k in z.files}
    f.write_bytes(_planted(saved, df=saved["df"].astype(str)))  # string counts: recounted, never used
    assert wmod.corpus_weights(corpus, tmp_path)._idf == built._idf


def _column(gram: str) -> int:
    """A gram's column, by a plain reader: code points side by side (21 bits each), then
    splitmix64's finaliser in Python integers, top log2(FEATURES) bits."""
    from fyp_tui.align.matrix import FEATURES

    m = 2**64 - 1
    z = 0
    for ch in gram:
        z = (z << 21) | ord(ch)
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & m
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & m
    z ^= z >> 31
    return z >> (64 - FEATURES.bit_length() + 1)


def test_hashed_rows_are_what_plan_counts_counts(corpus):
    from collections import Counter

    from fyp_tui.align.matrix import hashed_row, plan_counts

    for pid in ("xuzhou", "fuzhou-gulou"):
        p = corpus.get(pid)
        want: Counter = Counter()
        for gram, n in plan_counts(p).items():
            want[_column(gram)] += n
        cols, counts = hashed_row(p)
        assert list(cols) == sorted(want) and [int(n) for n in counts] == [want[c] for c in sorted(want)]
        assert len(want) > 0.99 * len(plan_counts(p))  # few collisions


def test_streaming_beyond_the_kept_rows_gives_the_same_vectors(corpus, monkeypatch):
    import fyp_tui.align.matrix as mmod

    whole = SimilarityMatrix(corpus.plans.values()).compute()
    monkeypatch.setattr(mmod, "KEEP_NNZ", 50_000)  # keeps one plan's rows, counts the others twice
    streamed = SimilarityMatrix(corpus.plans.values()).compute()
    assert (whole._vectors != streamed._vectors).nnz == 0
    assert whole.closest("xuzhou") == streamed.closest("xuzhou")


def test_neighbours_come_from_the_cache_without_the_vectors_which_are_checked_when_needed(corpus, tmp_path):
    m, f, good, saved = _cached(corpus, tmp_path)
    f.write_bytes(_planted(saved, indices=saved["indices"] + 2**23))  # columns out of range
    again = SimilarityMatrix(corpus.plans.values(), key=corpus.fingerprint(), cache_dir=tmp_path).compute()
    assert again.closest("xuzhou") == m.closest("xuzhou") and not again.problem  # neighbours: fine
    assert again.score("xuzhou", "xuzhou-gulou") == m.score("xuzhou", "xuzhou-gulou")  # vectors: rebuilt
    assert again.problem.endswith("rebuilding it") and "out of range" in again.problem
    assert f.read_bytes() == good


def test_corpus_weights_keep_no_plan_and_a_cached_one_decodes_none(tmp_path, monkeypatch):
    """Corpus weights count each plan's terms and drop the plan (holding every plan's
    units took 6.2 GB at 1,005 plans); saved weights are loaded by the plans' ids
    alone, so a compare decodes only the two plans it aligns."""
    from fyp_tui.align import compare
    from fyp_tui.align import weights as wmod
    from fyp_tui.corpus import load_corpus

    monkeypatch.setattr(wmod, "_CORPUS", {})
    load_corpus(include_user=False)  # writes the manifest
    corpus = load_corpus(include_user=False)
    built = wmod.corpus_weights(corpus, tmp_path)
    assert built.plans == [] and set(built.plan_ids) == set(corpus.plans)
    monkeypatch.setattr(wmod, "_CORPUS", {})
    corpus = load_corpus(include_user=False)
    assert wmod.corpus_weights_ready(corpus, tmp_path)
    cached = wmod.corpus_weights(corpus, tmp_path)
    assert corpus.plans.decoded() == 0 and cached._idf == built._idf
    al = compare(corpus, "xuzhou-gulou", "zhenjiang-jingkou", cache_dir=tmp_path)
    assert al.pairs and corpus.plans.decoded() <= 2
