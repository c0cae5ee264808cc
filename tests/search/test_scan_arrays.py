"""A scan's numpy steps and its packed chunks give what a plain reference gives.

The scan finds each match's unit, checks its word edges and counts it per plan with
numpy over all matches of a chunk (``scan.Scanner.scan``, ``words.whole_words_bounded``);
listed and class tiers read their candidates in chunks cut by the candidates' own
text (``Scanner.chunks(packed=True)``). Compared here with one match at a time
(``words.whole_words``, ``index.plan_at``) and with the chunks cut by the corpus text.
"""

from __future__ import annotations

import bisect
import random
import re

import numpy as np

from fyp_tui.search import SearchIndex
from fyp_tui.search import scan as S
from fyp_tui.search.index import SEP
from fyp_tui.search.words import whole_words, whole_words_bounded

PATTERN = "高质量发展|发展|经济|楼宇|总部|建设"


def test_word_edges_bounded_by_units_as_one_by_one(index):
    """Matches anywhere in a chunk of whole units, at and near unit starts and ends:
    the check given each unit's first character and separator answers as the plain one."""
    keys = [index.unit_key(u) + SEP for u in range(0, index.n_units, 3)]
    text = "".join(keys)
    bases = [0]
    for k in keys:
        bases.append(bases[-1] + len(k))
    spans = []
    for m in re.finditer(PATTERN, text):
        a, b = m.span()
        spans += [(a, b), (a + 1, b), (a, b + 2), (a - 1, b)]
    for base in bases[1:200]:
        spans += [(base, base + 2), (base + 1, base + 3), (base - 3, base - 1), (base - 2, base - 1)]
    rng = random.Random(7)
    for _ in range(6000):
        a = rng.randrange(len(text) - 8)
        spans.append((a, a + rng.randint(1, 6)))
    spans = [(a, b) for a, b in spans if 0 <= a < b <= len(text) and SEP not in text[a:b]]
    at = [bisect.bisect_right(bases, a) - 1 for a, _ in spans]
    lo = np.array([bases[i] for i in at])
    hi = np.array([bases[i + 1] - 1 for i in at])
    starts, ends = np.array([a for a, _ in spans]), np.array([b for _, b in spans])
    got = whole_words_bounded(text, starts, ends, lo, hi)
    assert got == [whole_words(text, a, b) for a, b in spans]
    assert any(got) and not all(got)


def plain_scan(index: SearchIndex, rx: re.Pattern, uids, want: int):
    """One unit at a time: the matches on word edges, counted per plan and string,
    and each string's matches in its first ``want`` units (unit, start, end)."""
    counts, freq, units, firsts = {}, {}, set(), {}
    for u in sorted(uids):
        key = index.unit_key(u)
        for m in rx.finditer(key):
            if not whole_words(key + SEP, m.start(), m.end()):
                continue
            s, p = m.group(), index.plan_at(u)
            counts[p] = counts.get(p, 0) + 1
            freq[s] = freq.get(s, 0) + 1
            units.add(u)
            if want and len({x[0] for x in firsts.setdefault(s, [])} | {u}) <= want:
                firsts[s].append((u, m.start(), m.end()))
    return counts, freq, units, firsts


def found_as_plain(found):
    firsts = {s: [(u, a, e) for u, a, e, _ in lst] for s, lst in found.firsts.items()}
    return dict(found.counts), dict(found.freq), found.units, firsts


def test_a_scan_keeps_what_a_plain_scan_on_word_edges_keeps(ix, index, monkeypatch):
    """Every match's unit, word edges and plan by numpy: the counts per plan and string,
    the units and each string's first matches as one unit at a time; packed chunks or
    chunks cut by the corpus text, many chunks or one, candidates or the whole text."""
    monkeypatch.setattr(S, "DENSE", 1.0)
    rx = re.compile(PATTERN)
    sparse = set(ix.candidates("高质量发展")) | set(ix.candidates("总部"))
    for chunk in (3000, S.CHUNK):
        monkeypatch.setattr(S, "CHUNK", chunk)
        for uids in (sparse, None):
            for want in (0, 3, 40):
                plain = plain_scan(index, rx, range(index.n_units) if uids is None else uids, want)
                for packed in (False, True):
                    sc = S.Scanner(ix)
                    found = sc.scan(rx, sc.chunks(uids, packed=packed), want)
                    assert found_as_plain(found) == plain, (chunk, uids is None, want, packed)
    # The plan of a match in a plan's first unit (bisect_right, not left).
    firsts = {p.first for p in ix.plans}
    assert any(u in firsts for u in plain[2])


def test_packed_chunks_hold_each_candidate_once_within_the_size(ix, monkeypatch):
    monkeypatch.setattr(S, "CHUNK", 3000)
    uids = set(ix.candidates("高质量发展")) | set(ix.candidates("楼宇"))
    packed = list(S.Scanner(ix).chunks(uids, packed=True))
    by_corpus = list(S.Scanner(ix).chunks(uids))
    assert len(packed) < len(by_corpus)
    assert [u for ch in packed for u in ch.ids] == sorted(uids)
    for ch in packed:
        assert len(ch.ids) == 1 or len(ch.text) <= 3000
        assert len(ch.bases) == len(ch.ids) and list(ch.numpy()[0]) == list(ch.bases)
        for base, u in zip(ch.bases, ch.ids):
            assert ch.text[base:].startswith(ix.unit_key(u) + SEP)
        assert sum(len(ix.unit_key(u)) + 1 for u in ch.ids) == len(ch.text)
    # Together with the next unit each chunk would pass the size: as many units as fit.
    for ch, nxt in zip(packed, packed[1:]):
        assert len(ch.text) + len(ix.unit_key(nxt.ids[0])) + 1 > 3000


def test_a_quick_scan_keeps_the_chunks_cut_by_the_corpus_text(ix, monkeypatch):
    """A quick scan stops after the chunk that holds enough: its chunks are not packed,
    so its floors stay what they were."""
    monkeypatch.setattr(S, "CHUNK", 3000)
    uids = set(ix.candidates("高质量发展"))
    quick = [list(ch.ids) for ch in S.Scanner(ix, quick=True).chunks(uids, packed=True)]
    assert quick == [list(ch.ids) for ch in S.Scanner(ix).chunks(uids)]
