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
