"""The cut dictionary (``search.lexicon``) segments the store's text exactly as rjieba's
full dictionary does, is stored beside the index, read by the next process, rebuilt
when bad, and a fuzzy search gives the same results with it as with the full one.

The reference is ``import rjieba`` itself (its whole dictionary), never the cut one.
"""

from __future__ import annotations

import random

import pytest
import rjieba

from fyp_tui.search import cache, get_index, search
from fyp_tui.search import lexicon as L
from fyp_tui.search import words as W

MISSPELLED = ["楼宇经纪", "楼语经济", "高质良发展", "营尚环境", "数字经齐", "乡村振心", "提高开放水品", "科技创薪",
              "楼经济", "楼宇经", "总部经齐"]


@pytest.fixture(scope="module")
def cut_segmenter(index):
    path = L.dictionary_path()
    assert path is not None, "jieba's dict.txt is needed for the cut dictionary"
    total, words, freqs = L.cut(index, path)
    return L.segmenter(L.rjieba_class(), total, words, freqs), words


def test_the_cut_dictionary_segments_every_unit_and_window_as_the_full_one(index, cut_segmenter):
    jb, words = cut_segmenter
    assert len(words) < 100_000  # a cut, not the whole dictionary (349,046 words)
    keys = [index.unit_key(u) for u in range(index.n_units)]
    for k in keys:
        assert jb.tokenize(k) == rjieba.tokenize(k), k
    rng = random.Random(7)
    for _ in range(20_000):  # windows as the word-edge check cuts them
        k = keys[rng.randrange(len(keys))]
        a = rng.randrange(len(k) + 1)
        w = k[a : a + rng.randrange(1, 20)]
        assert jb.tokenize(w) == rjieba.tokenize(w), w
        assert W._edges(jb, w) == W._edges(rjieba, w), w


def test_the_cut_dictionary_knows_every_word_of_the_text(index, cut_segmenter):
    jb, _ = cut_segmenter
    for u in range(0, index.n_units, 7):
        k = index.unit_key(u)
        for n in (1, 2, 3, 4):
            for s in {k[i : i + n] for i in range(len(k) - n + 1)}:
                assert jb.has_word(s) == rjieba.has_word(s), s


def test_is_word_asks_the_full_dictionary_about_strings_the_text_cannot_hold(tmp_path, corpus):
    cache._memo.clear()
    stored = get_index(corpus, cache_dir=tmp_path)
    absent = [w for w in ("蝙蝠", "犀牛", "鸵鸟", "企鹅") if w not in stored.postings]
    assert absent and all(rjieba.has_word(w) for w in absent)
    for w in absent + ["楼宇", "经济", "总部", "楼区"]:
        assert W.is_word(w, stored) == rjieba.has_word(w), w


def tables(root):
    return sorted(root.glob("*/lexicon-*.tbl"))


def fresh(plans, root):
    cache._memo.clear()
    return get_index(plans, cache_dir=root)


def test_stored_read_by_the_next_process_and_rebuilt_when_bad(tmp_path, make_plan, monkeypatch):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    first = fresh(plans, tmp_path)
    assert W.segmenter(first) is not rjieba  # the cut one
    (path,) = tables(tmp_path)
    good = path.read_bytes()
    usable, total, words, freqs = L.decode(good)
    assert usable and total > sum(freqs) and len(words) == len(freqs) == len(set(words))
    assert {"楼宇", "经济", "总部", "发展"} <= set(words)
    assert "蝙蝠" not in words

    built = []
    real_cut = L.cut
    monkeypatch.setattr(L, "cut", lambda *a: built.append(1) or real_cut(*a))
    W.segmenter(fresh(plans, tmp_path))
    assert built == []  # read, not rebuilt
    for bad in (good[:-3], good[:40] + bytes([good[40] ^ 1]) + good[41:], b"garbage"):
        path.write_bytes(bad)
        W.segmenter(fresh(plans, tmp_path))
        assert path.read_bytes() == good
    assert len(built) == 3

    # A table whose check against the full dictionary failed: the full one is used.
    path.write_bytes(L.encode(False, total, words, freqs))
    assert W.segmenter(fresh(plans, tmp_path)) is rjieba


def test_fuzzy_search_gives_the_same_with_the_cut_and_the_full_dictionary(tmp_path, corpus, monkeypatch):
    cache._memo.clear()
    stored = get_index(corpus, cache_dir=tmp_path)
    assert W.segmenter(stored) is not rjieba
    got = {}
    for which in ("cut", "full"):
        if which == "full":
            monkeypatch.setitem(stored.__dict__, "_segmenter", rjieba)
        W._cache.clear()  # each run segments its windows itself
        got[which] = [search(stored, q, mode=m, limit=30) for q in MISSPELLED for m in ("auto", "fuzzy")]
    W._cache.clear()
    for a, b in zip(got["cut"], got["full"]):
        assert (a.total, a.counts, a.tiers) == (b.total, b.counts, b.tiers), a.query
        assert [(h.plan, h.section, h.spans, h.tier) for h in a.hits] == [
            (h.plan, h.section, h.spans, h.tier) for h in b.hits], a.query
    assert sum(r.total for r in got["cut"]) > 0
