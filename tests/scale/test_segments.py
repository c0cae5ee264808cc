"""The index built in segments (bounded memory) and updated by a streaming merge is
the index built in one piece: same text, tables, posting lists, common-bigram counts
and search results. Expected values come from ``SearchIndex.build`` over all plans
at once (the in-memory build the rest of the search tests check against
``str.count``), and, for the plans a build decodes, from the corpus' own counter."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fyp_tui.corpus import load_corpus
from fyp_tui.model import encode_plan
from fyp_tui.search import SearchIndex, cache, get_index, search
from fyp_tui.search import builder, packed, postings
from fyp_tui.search import index as index_mod

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import gen_corpus  # noqa: E402

QUERIES = ["楼宇经济", "发展", "高质量发展", "建设", "数字经济", "lyjj", "楼宇经纪", "量子纠缠"]


@pytest.fixture(scope="session")
def plans():
    """Five synthetic plans (seeds recombined, places and terms varied), a few kept short."""
    out = list(gen_corpus.iter_plans(5, seed=3))
    for p in out[3:]:
        del p.sections[2:]
    return out


def same_index(got: SearchIndex, want: SearchIndex) -> None:
    assert bytes(got.raw) == bytes(want.raw)
    for name in ("starts", "bstarts", "unit_sec", "unit_block", "unit_item"):
        assert list(getattr(got, name)) == list(getattr(want, name)), name
    assert list(got.sec_ids) == list(want.sec_ids)
    assert [vars(p) for p in got.plans] == [vars(p) for p in want.plans]
    assert set(got.postings.keys) == set(want.postings.keys)
    wrong = [g for g in want.postings.keys if list(got.postings.get(g)) != list(want.postings.get(g))]
    assert not wrong, wrong[:5]
    assert set(got.freq) == set(want.freq)
    for g in want.freq:
        assert list(got.frequent_counts(g)) == list(want.frequent_counts(g)), g


def results(index: SearchIndex, plans) -> dict:
    cache.attach(index, plans)
    out = {}
    for q in QUERIES:
        r = search(index, q, limit=30)
        out[q] = (r.counts, [(h.plan, h.section, h.block, h.item, h.spans) for h in r.hits])
    return out


@pytest.mark.parametrize("gap_max", [postings.GAP_MAX, 40])  # segments' lists as 16-bit steps, or many as ids
def test_a_build_in_segments_is_the_build_in_one_piece(plans, tmp_path, monkeypatch, gap_max):
    monkeypatch.setattr(index_mod, "FREQUENT", 20)  # the common-bigram table in use
    monkeypatch.setattr(index_mod, "FREQ_MOST", 300)  # … and capped
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 30)  # common phrases too, chosen from a sample
    monkeypatch.setattr(index_mod, "PHRASE_SAMPLE", 2)
    monkeypatch.setattr(postings, "GAP_MAX", gap_max)
    monkeypatch.setattr(packed, "U16_MAX", 1000)  # the store's lists in all three layouts
    monkeypatch.setattr(builder, "SEGMENT_CHARS", 1)  # one plan a segment
    builder.build_into(tmp_path / "s", plans)
    got, want = SearchIndex.load(tmp_path / "s"), SearchIndex.build(plans)
    assert len(packed.PARTS) == 3 and all(b.nbytes for b in got.postings._bufs)  # every layout in use
    same_index(got, want)
    phrases = [g for g in got.freq if len(g) > 2]
    assert len(phrases) > 10
    for g in phrases[:: max(1, len(phrases) // 40)]:  # their counts are str.count's over each plan's units
        assert list(got.frequent_counts(g)) == [
            sum(got.unit_key(u).count(g) for u in range(p.first, p.end)) for p in got.plans], g
    assert results(got, plans) == results(want, plans)


def test_adding_plans_merges_into_the_stored_lists(plans, tmp_path, monkeypatch):
    monkeypatch.setattr(index_mod, "FREQUENT", 20)
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 30)
    monkeypatch.setattr(builder, "SEGMENT_CHARS", 50_000)  # two segments for the first three plans
    monkeypatch.setattr(builder, "COPY_CHUNK", 4096)  # the stored text copied in many pieces
    builder.build_into(tmp_path / "s", plans[:3], fps=["1", "2", "3"])
    stored = SearchIndex.load(tmp_path / "s")
    keyed: list[str] = []
    real = index_mod.plan_units
    monkeypatch.setattr(index_mod, "plan_units", lambda plan: keyed.append(plan.id) or real(plan))
    builder.extend_store(tmp_path / "s", stored, plans[3:], ["4", "5"], "all")
    assert keyed == [p.id for p in plans[3:]]  # only the added plans were keyed
    monkeypatch.undo()
    got = SearchIndex.load(tmp_path / "s")
    whole = SearchIndex.build(plans, grams=list(stored.freq))  # the build's common bigrams are kept
    same_index(got, whole)
    assert got.plan_fps == ["1", "2", "3", "4", "5"] and got.base == 3
    assert results(got, plans) == results(whole, plans)


def test_a_build_from_a_corpus_directory_keeps_no_plan_decoded(plans, tmp_path):
    """The build reads each plan once without keeping it: memory does not grow with
    the corpus as decoded plans."""
    (tmp_path / "c" / "parsed").mkdir(parents=True)
    for p in plans:
        (tmp_path / "c" / "parsed" / f"{p.id}.json").write_bytes(encode_plan(p))
    corpus = load_corpus(extra=[tmp_path / "c"], include_user=False)
    corpus = load_corpus(extra=[tmp_path / "c"], include_user=False)  # now from the manifest
    before = corpus.plans.decoded()
    cache._memo.clear()
    index = get_index(corpus, cache_dir=tmp_path / "cache")
    assert corpus.plans.decoded() == before
    assert search(index, "楼宇经济", mode="exact").counts == search(
        SearchIndex.build([corpus.plans[p] for p in corpus.plans]), "楼宇经济", mode="exact").counts
