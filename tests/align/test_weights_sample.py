"""Corpus weights counted over a sample of the plans (``weights.corpus_weights``).

Small corpora of hand-made plans, the sample size lowered to four plans. Expected
sample members come from hashing the ids here (blake2b, 8 bytes, lowest first), and
expected idf values from counting by hand the units that hold a bigram (a substring
test on each unit's text), never from the weights themselves.
"""

from __future__ import annotations

import hashlib
import math

import pytest
from alignkit import ECOLOGY, EDUCATION, FARMING, HEALTH, TAIWAN, mini_plan

from fyp_tui.align import align_units, compare
from fyp_tui.align import weights as wmod
from fyp_tui.align.units import plan_units
from fyp_tui.corpus import Corpus

K = 4
TOPICS = [ECOLOGY, EDUCATION, FARMING, HEALTH, TAIWAN]
QUANTUM = ("建设量子科技高地", "推进量子纠缠通信枢纽建设，布局量子精密测量实验室，培育量子计算应用场景。")
ARTEMISIA = ("发展中医药产业", "建设青蒿素萃取工坊，扩大道地药材种植，推动中医药传承创新发展。")


def _lowest(ids, k=K) -> list[str]:
    return sorted(sorted(ids, key=lambda i: hashlib.blake2b(i.encode(), digest_size=8).digest())[:k])


class Plans(dict):
    """A corpus's plans that note which were decoded (``read``, as ``LazyPlans``)."""

    def __init__(self, *a):
        super().__init__(*a)
        self.decoded: list[str] = []

    def read(self, pid):
        self.decoded.append(pid)
        return self[pid]


def _plan(pid: str, extra=()):
    k = int(hashlib.sha256(pid.encode()).hexdigest(), 16)
    topics = [TOPICS[(k + j) % 5] for j in range(3)] + list(extra)
    return mini_plan(pid, topics)


def _corpus(ids, **extra) -> Corpus:
    return Corpus(plans=Plans({pid: _plan(pid, extra.get(pid, ())) for pid in ids}))


def _outside(ids, n=1) -> list[str]:
    """``n`` new ids that do not fall in the sample of ``ids`` + themselves."""
    got: list[str] = []
    for j in range(1000):
        pid = f"q{j:03d}"
        if pid not in ids and pid not in _lowest(list(ids) + got + [pid]):
            got.append(pid)
            if len(got) == n:
                return got
    raise AssertionError("no id outside the sample")


def _idf_by_hand(corpus: Corpus, gram: str, sample: list[str], pair=()) -> float:
    """log(units × scale + 1) − log(units holding ``gram`` × scale + 1) over the sample
    (scale = corpus plans / sampled plans); with ``pair``, the pair's units holding it
    unscaled (a term the sample lacks)."""
    units = {pid: plan_units(corpus.plans[pid]) for pid in corpus.plans}
    scale = len(corpus.plans) / len(sample)
    n = sum(len(units[pid]) for pid in sample)
    if pair:
        return math.log(n * scale + 1) - math.log(sum(gram in u.text for pid in pair for u in units[pid]) + 1)
    df = sum(gram in u.text for pid in sample for u in units[pid])
    return math.log(n * scale + 1) - math.log(df * scale + 1)


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(wmod, "SAMPLE_PLANS", K)
    monkeypatch.setattr(wmod, "_CORPUS", {})


def _no_counting(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the sample was counted again")

    monkeypatch.setattr(wmod, "tally", refuse)


def test_the_sample_is_the_ids_hashing_lowest_and_moves_only_for_a_plan_that_falls_in_it():
    ids = [f"p{j:02d}" for j in range(12)]
    base = wmod.sample_ids(ids, K)
    assert base == _lowest(ids) and wmod.sample_ids(ids[::-1], K) == base
    assert wmod.sample_ids(ids[:3], K) == sorted(ids[:3])  # fewer plans than the sample: all
    seen = set()
    for j in range(60):
        new = f"n{j:02d}"
        got = wmod.sample_ids(ids + [new], K)
        assert got == _lowest(ids + [new])
        if new in got:  # it takes the place of the one that ranked last, the rest stay
            assert len(set(base) - set(got)) == 1 and set(got) - set(base) == {new}
        else:
            assert got == base
        seen.add(new in got)
    assert seen == {True, False}


def test_only_the_sample_is_counted_and_a_plan_changed_outside_it_keeps_the_saved_counts(small, tmp_path,
                                                                                          monkeypatch):
    ids = [f"p{j:02d}" for j in range(8)]
    corpus = _corpus(ids)
    sample = _lowest(ids)
    built = wmod.corpus_weights(corpus, tmp_path)
    assert sorted(corpus.plans.decoded) == sample
    assert built.idf("教育") > 0
    assert built.idf("教育") == pytest.approx(_idf_by_hand(corpus, "教育", sample), abs=1e-12)
    (f,) = tmp_path.glob("weights-*.npz")

    # a plan outside the sample edited (its fingerprint changes): the saved counts hold
    out = next(pid for pid in ids if pid not in sample)
    edited = _corpus(ids, **{out: [FARMING]})
    assert edited.fingerprint() != corpus.fingerprint()
    with monkeypatch.context() as m:
        _no_counting(m)
        m.setattr(wmod, "_CORPUS", {})
        again = wmod.corpus_weights(edited, tmp_path)
    assert again._idf == built._idf and again._spread == built._spread and edited.plans.decoded == []

    # a plan added outside the sample: nothing counted, the corpus size scales the counts
    # (in this process too, where the weights of the corpus before are still memoised)
    (new,) = _outside(ids)
    grown = _corpus(ids + [new])
    with monkeypatch.context() as m:
        _no_counting(m)
        bigger = wmod.corpus_weights(grown, tmp_path)
    assert grown.get(new) in bigger
    assert bigger.idf("教育") == pytest.approx(_idf_by_hand(grown, "教育", sample), abs=1e-12)
    assert bigger.idf("教育") != built.idf("教育") and list(tmp_path.glob("weights-*.npz")) == [f]
    monkeypatch.setattr(wmod, "_CORPUS", {})
    assert wmod.corpus_weights(grown)._idf == bigger._idf  # counted afresh: the same

    # a plan inside the sample edited: counted again, saved under another key
    inside = sample[0]
    changed = _corpus(ids, **{inside: [QUANTUM]})
    monkeypatch.setattr(wmod, "_CORPUS", {})
    recounted = wmod.corpus_weights(changed, tmp_path)
    assert sorted(changed.plans.decoded) == sample and len(list(tmp_path.glob("weights-*.npz"))) == 2
    assert recounted.idf("教育") == pytest.approx(_idf_by_hand(changed, "教育", sample), abs=1e-12)
    assert wmod.corpus_weights_ready(changed, tmp_path) and not wmod.corpus_weights_ready(
        _corpus(ids, **{inside: [ARTEMISIA]}), tmp_path)


def test_a_term_two_plans_share_is_evidence_for_them_though_the_sample_lacks_it(small):
    ids = [f"p{j:02d}" for j in range(8)]
    a, b = _outside(ids, 2)
    corpus = _corpus(ids + [a, b], **{a: [QUANTUM, ARTEMISIA], b: [QUANTUM]})
    sample = _lowest(corpus.plans)
    assert a not in sample and b not in sample
    base = wmod.corpus_weights(corpus)
    assert base.idf("纠缠") == 0.0  # no sampled plan has it
    w = base.for_pair(corpus.get(a), corpus.get(b))
    assert w is base.for_pair(corpus.get(b), corpus.get(a))
    assert w.idf("纠缠") > 0
    assert w.idf("纠缠") == pytest.approx(_idf_by_hand(corpus, "纠缠", sample, (a, b)), abs=1e-12)
    assert w.idf("青蒿") == 0.0  # one plan's alone: never evidence
    assert w.idf("教育") == base.idf("教育")  # the sample's terms as they were

    al = compare(corpus, a, b)
    quantum = [p for p in al.pairs if p.a.title == QUANTUM[0]]
    assert [p.b.title for p in quantum] == [QUANTUM[0]]
    assert any("纠缠" in t or "量子" in t for t in quantum[0].shared)
    back = align_units(corpus.get(b), corpus.get(a), base)
    assert sorted((p.b.id, p.a.id, p.score) for p in back.pairs) == sorted((p.a.id, p.b.id, p.score)
                                                                           for p in al.pairs)


def test_a_corpus_no_larger_than_the_sample_is_counted_whole(small):
    ids = [f"p{j:02d}" for j in range(K)]
    corpus = _corpus(ids, **{ids[0]: [QUANTUM], ids[1]: [QUANTUM, ARTEMISIA]})
    w = wmod.corpus_weights(corpus)
    assert sorted(corpus.plans.decoded) == ids and w.for_pair(corpus.get(ids[0]), corpus.get(ids[1])) is w
    assert w.idf("纠缠") > 0
    assert w.idf("纠缠") == pytest.approx(_idf_by_hand(corpus, "纠缠", ids), abs=1e-12)
    assert w.idf("青蒿") == 0.0
