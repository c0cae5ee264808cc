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


def test_the_dictionary_file_answers_as_rjieba_does(index):
    """``words.in_dictionary`` reads jieba's dict.txt instead of importing rjieba (whose
    import builds the whole dictionary): its answer must be ``rjieba.has_word``'s, for
    words, pieces and extensions of words, the file's first line, and text strings."""
    path = L.dictionary_path()
    assert path is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(11)
    words = [ln.split()[0] for ln in rng.sample(lines, 3000)] + [lines[0].split()[0], lines[-1].split()[0]]
    probes = set(words)
    probes |= {w[:-1] for w in words if len(w) > 1} | {w[1:] for w in words if len(w) > 1}
    probes |= {w + "的" for w in words[:300]} | {"蝙蝠", "犀牛", "振心", "楼区", "楼宇经", "AT&T", "AT&", "&T"}
    for u in range(0, index.n_units, 11):
        k = index.unit_key(u)
        probes |= {k[i : i + n] for n in (2, 3) for i in range(0, len(k) - n + 1, 3)}
    assert 0.1 < sum(map(rjieba.has_word, probes)) / len(probes) < 0.9  # both answers well represented
    # The file holds what rjieba holds, for every probe (read by a plain split of its lines) …
    listed = {ln.split()[0] for ln in lines if ln.strip()}
    assert [s for s in probes if (s in listed) != rjieba.has_word(s)] == []
    # … and ``listed_in`` finds it there: on the file's first and last lines, strings that are
    # pieces or extensions of its words, and a sample of the rest (each look-up scans the 5 MB
    # file: all 16,670 probes took 80 s of the suite).
    edges = {lines[0].split()[0], lines[-1].split()[0], "AT&T", "AT&", "&T", "蝙蝠", "犀牛", "振心", "楼区", "楼宇经"}
    for s in edges | set(random.Random(12).sample(sorted(probes), 1500)):
        assert W.listed_in(path, s) == rjieba.has_word(s), s


def test_a_typo_query_of_a_fresh_process_does_not_build_the_full_dictionary(tmp_path):
    """乡村振心 asks whether 振心 (not in the text) is a word: the file answers, so a
    fresh process never imports rjieba (~30 MB held for good, ~0.14 s)."""
    import subprocess
    import sys

    code = ("import sys; from fyp_tui.corpus import load_corpus; from fyp_tui.search import get_index, search;"
            "r = search(get_index(load_corpus(include_user=False)), '乡村振心', mode='fuzzy');"
            "print(r.total, 'rjieba' in sys.modules)")
    env = {"FYP_CACHE_DIR": str(tmp_path), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr  # builds the store (and checks its lexicon with rjieba)
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    total, loaded = again.stdout.split()
    assert int(total) > 0 and loaded == "False", again.stdout


def test_a_large_store_builds_its_table_in_a_child_process(tmp_path, make_plan, monkeypatch):
    """The full dictionary the check loads stays out of the process that asked: the
    child writes the table this process reads (the same bytes it would have built)."""
    plans = [make_plan("a"), make_plan("b", "福州市")]
    W.segmenter(fresh(plans, tmp_path / "here"))
    (mine,) = tables(tmp_path / "here")
    built = []
    real_cut = L.cut
    monkeypatch.setattr(L, "cut", lambda *a: built.append(1) or real_cut(*a))
    monkeypatch.setattr(L, "APART_BYTES", 0)
    # A module named fyp_tui in the directory the user runs from is not what the child imports.
    mine_dir = tmp_path / "cwd"
    (mine_dir / "fyp_tui").mkdir(parents=True)
    marker = tmp_path / "ran"
    (mine_dir / "fyp_tui" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(mine_dir)
    stored = fresh(plans, tmp_path / "apart")
    assert W.segmenter(stored) is not rjieba and built == []
    assert not marker.exists()
    (theirs,) = tables(tmp_path / "apart")
    assert theirs.read_bytes() == mine.read_bytes()

    # The child builds it itself (a child of its own would do the same, and so on).
    theirs.unlink()
    assert L.main([str(theirs.parent)]) == 0
    assert built == [1] and theirs.read_bytes() == mine.read_bytes()

    # A child that fails leaves the build to this process.
    monkeypatch.setattr(L.sys, "executable", "/bin/false")
    theirs.unlink()
    assert W.segmenter(fresh(plans, tmp_path / "apart")) is not rjieba
    assert built == [1, 1] and theirs.read_bytes() == mine.read_bytes()
