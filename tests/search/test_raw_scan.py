"""A literal's scan over the stored bytes, never decoded (``Scanner.chunks(raw=True)``,
``Scanner._raw_literal``, ``words.whole_words_raw``): the same matches, word edges,
counts, first hits (character offsets) and cap as the scan of the decoded text."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from fyp_tui.search import SearchIndex
from fyp_tui.search import scan as S
from fyp_tui.search import tiers as T
from fyp_tui.search import words as W
from fyp_tui.search.index import SEP

# Characters of every UTF-8 width: the window's bytes must hold REACH whole characters.
CHARS = "发展经济高质量楼宇提的和在市区a1,éñ𠀀𠀁"


def test_word_edges_from_the_bytes_are_those_of_the_text():
    rng = random.Random(11)
    lit = "质量"  # not a whole word after 高 or before 发展 (高质量, 质量发展 are words)
    units = []
    for _ in range(400):
        left = "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 9)))
        right = "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 9)))
        units.append(left + lit + right + (lit if rng.random() < 0.2 else ""))
    wide = "𠀀𠀁𠀂𠀃𠀄𠀅𠀆"  # four bytes each: the bytes' reach is just enough
    units += [wide + lit + wide, "a" + wide + lit + "é" + wide, "高" + lit + wide[:3], wide[:6] + lit]
    text = "".join(u + SEP for u in units)
    raw = text.encode("utf-8")
    spans, lo, hi = [], [], []
    first = 0
    for u in units:
        for m in re.finditer(lit, u):
            spans.append((first + m.start(), first + m.end()))
            lo.append(first)
            hi.append(first + len(u))
        first += len(u) + 1
    to_byte = {i: len(text[:i].encode("utf-8")) for p in spans + [(x, y) for x, y in zip(lo, hi)] for i in p}
    starts = np.array([to_byte[a] for a, _ in spans])
    ends = np.array([to_byte[b] for _, b in spans])
    # Each window, cut from the bytes, is the one cut from the text.
    for (a, b), u0, u1 in zip(spans, lo, hi):
        x, y = to_byte[a], to_byte[b]
        wa, wz = max(to_byte[u0], x - W.RAW_REACH), min(to_byte[u1], y + W.RAW_REACH)
        lo_c, hi_c = max(u0, a - W.REACH), min(u1, b + W.REACH)
        assert W.raw_window((x - wa, y - x, raw[wa:wz])) == (text[lo_c:hi_c], a - lo_c, b - lo_c)
    W._cache.clear()
    got = W.whole_words_raw(raw, starts, ends, np.array([to_byte[x] for x in lo]),
                            np.array([to_byte[x] for x in hi]))
    want = [W.whole_words(text, a, b) for a, b in spans]
    assert got == want
    assert any(want) and not all(want)
    assert W.whole_words_raw(raw, starts, ends, np.array([to_byte[x] for x in lo]),
                             np.array([to_byte[x] for x in hi])) == want  # from the cache


def found(f):
    return dict(f.counts), dict(f.freq), f.units, f.firsts


@pytest.fixture(scope="module")
def stored(index, tmp_path_factory):
    path = tmp_path_factory.mktemp("raw") / "ix"
    index.save(path)
    return SearchIndex.load(path)


@pytest.mark.parametrize("lit,blockers", [("高质量发展", ["高质良发展"]), ("发展", []), ("楼宇经济", ["楼宇经纪"]),
                                          ("经济", ["量子纠缠"])])
def test_a_raw_scan_is_the_decoded_scan(stored, monkeypatch, lit, blockers):
    """Literals whose blockers the text does not hold or they cannot touch (as
    ``tiers.scan_strings`` gives them)."""
    monkeypatch.setattr(S, "DENSE", 1.0)
    cands = set(stored.candidates(lit))
    rx = re.compile(re.escape(lit))
    for chunk in (3000, S.CHUNK):
        monkeypatch.setattr(S, "CHUNK", chunk)
        for want in (0, 4, 60):
            for quick in (False, True):
                a, b = (S.Scanner(stored, blockers=blockers, quick=quick) for _ in range(2))
                chunks = list(a.chunks(cands, packed=True, raw=True))
                assert all(ch.raw is not None and ch.text == "" for ch in chunks)
                got = a.scan(rx, chunks, want, risky=T._risky(a), literal=lit)
                ref = b.scan(rx, b.chunks(cands, packed=True), want, risky=T._risky(b), literal=lit)
                assert found(got) == found(ref), (chunk, want, quick)
                assert (a.cut_short, a.capped) == (b.cut_short, b.capped)
    assert ref.counts or lit == "楼宇经济"
    for u, a, e, _ in (x for lst in ref.firsts.values() for x in lst):  # character offsets of the keys
        assert stored.unit_key(u)[a:e] == lit


def test_a_raw_scan_stops_at_the_cap_alike(stored, monkeypatch):
    monkeypatch.setattr(S, "DENSE", 1.0)
    monkeypatch.setattr(S, "CAP", 120)
    monkeypatch.setattr(S, "CHUNK", 3000)
    cands = set(stored.candidates("发展"))
    a, b = S.Scanner(stored), S.Scanner(stored)
    got = a.scan(re.compile("发展"), a.chunks(cands, raw=True), 5, literal="发展")
    ref = b.scan(re.compile("发展"), b.chunks(cands), 5, literal="发展")
    assert found(got) == found(ref) and a.capped and b.capped


def test_raw_chunks_only_from_a_stored_index_and_not_for_a_risky_literal(index, stored, monkeypatch):
    monkeypatch.setattr(S, "DENSE", 1.0)
    assert all(ch.raw is None for ch in S.Scanner(index).chunks(set(index.candidates("发展")), raw=True))
    seen = []
    real = S.Scanner.chunks
    monkeypatch.setattr(S.Scanner, "chunks", lambda self, uids, packed=False, raw=False: seen.append(raw) or
                        real(self, uids, packed, raw))
    T.scan_strings(S.Scanner(stored, blockers=["高质良发展"]), ["高质量发展"], 3)
    T.scan_strings(S.Scanner(stored, blockers=["高质良发展"]), ["提高"], 3)  # 提高 may run into 高质良发展
    assert seen == [True, False]
