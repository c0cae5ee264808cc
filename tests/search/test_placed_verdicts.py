"""Word-edge verdicts kept by place (``words.Placed``, ``Scanner._placed``): a later
scan reads them back instead of cutting and segmenting each window again, and finds
exactly what a scan that computes every verdict finds."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import SearchIndex
from fyp_tui.search import scan as S
from fyp_tui.search import words as W


def _truth(place: int, length: int) -> bool:
    return (place * 7 + length * 3) % 5 < 2


def test_verdicts_are_computed_once_per_place_and_length_and_read_back():
    rng = random.Random(5)
    table = W.Placed()
    asked: list[int] = []
    for _ in range(40):
        n = rng.randint(0, 300)
        places = np.array([rng.randrange(5000) for _ in range(n)], dtype=np.int64)
        lengths = np.array([rng.choice((2, 3, 6)) for _ in range(n)], dtype=np.int64)

        def compute(i, places=places, lengths=lengths):
            asked.extend(zip(places[i].tolist(), lengths[i].tolist()))
            return [_truth(p, m) for p, m in zip(places[i].tolist(), lengths[i].tolist())]

        got = table.verdicts(places, lengths, compute)
        assert got == [_truth(p, m) for p, m in zip(places.tolist(), lengths.tolist())]
    # A place and length asked twice in one call is computed there; never in a later call.
    assert len(set(asked)) == len(set(table.keys.tolist()))
    assert len(asked) - len(set(asked)) < 40
    assert table.vals.tolist() == [_truth(k // W.PLACED_WIDTH, k % W.PLACED_WIDTH) for k in table.keys.tolist()]


def test_a_full_table_starts_afresh_and_stays_right():
    table = W.Placed(limit=50)
    calls = []
    for start in range(0, 400, 30):
        places = np.arange(start, start + 60, dtype=np.int64)
        lengths = np.full(60, 4, dtype=np.int64)
        got = table.verdicts(places, lengths, lambda i, p=places: calls.append(len(i)) or
                             [_truth(x, 4) for x in p[i].tolist()])
        assert got == [_truth(x, 4) for x in places.tolist()]
        assert len(table.keys) <= 60
    assert sum(calls) > 60  # what was dropped is computed again


def test_a_length_the_key_cannot_hold_is_always_computed():
    table = W.Placed()
    places, lengths = np.array([10, 20]), np.array([W.PLACED_WIDTH, 3])
    for _ in range(2):
        assert table.verdicts(places, lengths, lambda i: [True] * len(i)) == [True, True]
    assert not len(table.keys)


def found(f):
    return dict(f.counts), dict(f.freq), f.units, f.firsts


# Units where 质量 stands at the same place, a whole word (抓质量安全) or not (高质量 is
# one word): a verdict kept by its place in the unit alone would be taken for another
# unit's.
UNITS = ["抓质量安全工作。", "高质量发展的要求。", "重质量和效益。", "高质量推进改革。"]


@pytest.fixture(scope="module")
def both(corpus, tmp_path_factory):
    """The bundled corpus with a plan of ``UNITS`` (many times), built in memory and stored."""
    paras = [Paragraph(UNITS[i % len(UNITS)]) for i in range(400)]
    sec = Section(id="ch01", level="章", label="第一章", title="质量", heading="第一章 质量", blocks=paras)
    plan = Plan(id="units", meta=PlanMeta(title="质量规划"), sections=[sec], source_sha256="units")
    built = SearchIndex.build([*corpus.plans.values(), plan])
    path = tmp_path_factory.mktemp("placed") / "ix"
    built.save(path)
    return built, SearchIndex.load(path)


def test_the_units_hold_the_literal_at_one_place_with_both_verdicts():
    got = {u: W.whole_words(u + "\x00", u.find("质量"), u.find("质量") + 2) for u in UNITS}
    assert got == {UNITS[0]: True, UNITS[1]: False, UNITS[2]: True, UNITS[3]: False}


# 质量 is a whole word in some places and part of 高质量 / 质量发展 in others; 质量发
# and 量发展 start or end at its places, with other lengths.
LITERALS = ["质量", "质量发", "量发展", "发展", "质量"]


@pytest.mark.parametrize("raw", [False, True])
def test_scans_reading_verdicts_back_find_what_computing_them_finds(both, monkeypatch, raw):
    monkeypatch.setattr(S, "DENSE", 1.0)
    monkeypatch.setattr(S, "CHUNK", 3000)  # several chunks: places from many units' bases
    ix = both[raw]
    computing = W.Placed.verdicts

    def scan(lit):
        sc = S.Scanner(ix)
        chunks = list(sc.chunks(set(ix.candidates(lit)), packed=True, raw=raw))
        assert all((ch.raw is not None) == raw for ch in chunks)
        return found(sc.scan(re.compile(re.escape(lit)), chunks, 50, literal=lit))

    monkeypatch.setattr(W.Placed, "verdicts", lambda self, places, lengths, compute:
                        compute(np.arange(len(places))))
    want = [scan(lit) for lit in LITERALS]
    monkeypatch.setattr(W.Placed, "verdicts", computing)
    kept = "_placed_bytes" if raw else "_placed_chars"
    ix.__dict__.pop(kept, None)
    got = [scan(lit) for lit in LITERALS]
    assert got == want
    # Each literal's matches checked once: a second scan of 质量 computed nothing.
    checked = []
    real = S.whole_words_raw if raw else S.whole_words_bounded
    monkeypatch.setattr(S, "whole_words_raw" if raw else "whole_words_bounded",
                        lambda text, starts, *a: checked.append(len(starts)) or real(text, starts, *a))
    assert scan("质量") == want[0] and checked == []
    held = ix.derived(kept, W.Placed)
    assert len(held.keys) > 100 and held.vals.any() and not held.vals.all()
    assert sum(c for _, c in want[0][0].items()) < sum(want[3][0].values())
