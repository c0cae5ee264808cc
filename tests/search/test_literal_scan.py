"""A scan for one literal string finds its occurrences with ``str.split``
(``scan._occurrences``, ``Scanner.scan(literal=…)``): the same matches, counts,
first hits and cap as the regular expression's ``finditer``."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from fyp_tui.search import scan as S
from fyp_tui.search import tiers as T


def test_occurrences_are_finditers_matches():
    """Overlapping candidates (aa in aaaaa), a stretch of the text, a cap."""
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice("aab\x00") for _ in range(rng.randint(0, 30)))
        lit = "".join(rng.choice("ab") for _ in range(rng.randint(1, 3)))
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        most = rng.choice([0, 1, 2, 5, 10**6])
        ch = S.Chunk(text, pos, end, [0], None)
        starts, ends = S._occurrences(np, ch, lit, most)
        want = [m.span() for m in re.compile(re.escape(lit)).finditer(text, pos, end)][:most]
        assert list(zip(starts.tolist(), ends.tolist())) == want, (text, lit, pos, end, most)


def found(f):
    return dict(f.counts), dict(f.freq), f.units, f.firsts


@pytest.mark.parametrize("lit,blockers", [
    ("高质量发展", ["高质良发展"]),  # a dead blocker
    ("发展", ["高质量发展"]),  # a live one: it consumes, and risky strings are checked
    ("经济", []),
    ("楼宇经济", ["经济"]),  # the literal holds a blocker
])
def test_a_literal_scan_is_the_regex_scan(ix, monkeypatch, lit, blockers):
    monkeypatch.setattr(S, "DENSE", 1.0)
    cands = set(ix.candidates(lit))
    for chunk in (3000, S.CHUNK):
        monkeypatch.setattr(S, "CHUNK", chunk)
        for uids in (cands, None):  # candidates, or the whole text (chunks not starting at 0)
            for want in (0, 4):
                a, b = S.Scanner(ix, blockers=blockers), S.Scanner(ix, blockers=blockers)
                rx = re.compile(S.alternation([lit]))
                got = a.scan(rx, a.chunks(uids), want, risky=T._risky(a), literal=lit)
                ref = b.scan(rx, b.chunks(uids), want, risky=T._risky(b))
                assert found(got) == found(ref), (chunk, uids is None, want)
    assert sum(ref.counts.values()) or lit == "楼宇经济"


def test_a_literal_scan_stops_at_the_cap_alike(index, monkeypatch):
    monkeypatch.setattr(S, "CAP", 150)
    monkeypatch.setattr(S, "CHUNK", 3000)
    a, b = S.Scanner(index), S.Scanner(index)
    rx = re.compile("发展")
    got = a.scan(rx, a.chunks(set(index.candidates("发展"))), 5, literal="发展")
    ref = b.scan(rx, b.chunks(set(index.candidates("发展"))), 5)
    assert found(got) == found(ref) and a.capped and b.capped


def test_a_listed_scan_takes_the_literal_only_for_one_live_string(index, monkeypatch):
    seen = []
    real = S.Scanner.scan

    def spy(self, rx, chunks, want, groups=None, risky=None, literal=None, context=None):
        seen.append(literal)
        return real(self, rx, chunks, want, groups, risky, literal, context)

    monkeypatch.setattr(S.Scanner, "scan", spy)
    T.scan_strings(S.Scanner(index, blockers=["高质良发展"]), ["高质量发展"], 3)
    T.scan_strings(S.Scanner(index, blockers=["高质量发展"]), ["质量发展"], 3)
    T.scan_strings(S.Scanner(index, blockers=["高质良发展"]), ["高质量发展", "发展"], 3)
    assert seen == ["高质量发展", None, None]


def test_a_literal_scan_splits_rather_than_matching(index, monkeypatch):
    calls = []
    real = S._occurrences
    monkeypatch.setattr(S, "_occurrences", lambda *a: calls.append(a[2]) or real(*a))
    sc = S.Scanner(index)
    sc.scan(re.compile("经济"), sc.chunks(set(index.candidates("经济"))), 3, literal="经济")
    assert calls and set(calls) == {"经济"}
