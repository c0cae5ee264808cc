"""Strings the scanned text cannot hold are left out of a listed scan's pattern
(``scan.alternation(strings, dead)``, ``tiers.scan_strings``): the same matches, in
the same order, as the pattern of every string."""

from __future__ import annotations

import random
import re

import pytest

from fyp_tui.search import SearchIndex
from fyp_tui.search import scan as S
from fyp_tui.search import tiers as T


def spans(rx: str, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(rx, text)]


def test_the_order_among_live_strings_is_the_whole_lists():
    """A dead string ranked first sorts its branch first (``abx`` before ``a``): ``ab``
    is preferred over ``a`` with it, and still once it is left out."""
    strings = ["abx", "a", "ab"]
    assert spans(S.alternation(strings), "aby") == [(0, 2, "ab")]
    assert spans(S.alternation(strings, {"abx"}), "aby") == [(0, 2, "ab")]
    assert S.alternation(["高质良发展", "高质量发展"], {"高质良发展"}) == "高质量发展"
    assert S.alternation(["x", "y"], {"x", "y"}) == "(?!)"


def test_dead_strings_change_no_match_of_random_lists():
    rng = random.Random(5)
    alphabet = "abcd"
    for _ in range(3000):
        strings = list(dict.fromkeys("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
                                     for _ in range(rng.randint(1, 6))))
        dead = set(rng.sample(strings, rng.randint(0, len(strings))))
        text = "".join(rng.choice(alphabet + "e") for _ in range(40))
        for d in dead:  # the text must not hold them
            text = text.replace(d, "e")
        if any(d in text for d in dead):
            continue
        assert spans(S.alternation(strings, dead), text) == spans(S.alternation(strings), text), (strings, dead)


@pytest.mark.parametrize("blockers,strings", [
    (["高质良发展"], ["高质量发展"]),
    (["高质量发展"], ["质量发展", "高质量", "量发展"]),  # a live blocker: kept, it consumes
    (["gaozhiliangfazhan", "发展"], ["高质量发展", "高质量", "经济"]),
    (["楼宇经纪"], ["楼宇经济", "楼宇", "量子纠缠通信枢纽"]),  # a string nothing holds
])
def test_a_listed_scan_finds_what_the_whole_pattern_finds(index, blockers, strings):
    cands = set()
    for s in strings:
        cands.update(index.candidates(s))
    for want in (0, 5):
        sc = S.Scanner(index, blockers=blockers)
        got = T.scan_strings(sc, strings, want)
        sc = S.Scanner(index, blockers=blockers)
        rx = re.compile(S.alternation(blockers + strings))
        ref = sc.scan(rx, sc.chunks(cands), want, risky=T._risky(sc))
        assert (dict(got.counts), dict(got.freq), got.units, got.firsts) == (
            dict(ref.counts), dict(ref.freq), ref.units, ref.firsts)
    assert got.counts or blockers[0] == "楼宇经纪" and got.units


def test_a_stored_index_prunes_alike(index, tmp_path):
    index.save(tmp_path / "ix")
    ix = SearchIndex.load(tmp_path / "ix")
    sc = S.Scanner(ix, blockers=["高质量发展"])
    got = T.scan_strings(sc, ["质量发展", "高质量"], 3)
    sc = S.Scanner(ix, blockers=["高质量发展"])
    cands = set(ix.candidates("质量发展")) | set(ix.candidates("高质量"))
    ref = sc.scan(re.compile("高质量发展|质量发展|高质量"), sc.chunks(cands), 3, risky=T._risky(sc))
    assert dict(got.counts) == dict(ref.counts) and got.firsts == ref.firsts


def test_a_rare_live_string_is_kept(index):
    """A string one unit holds (one candidate) still matches there."""
    rare = next(k[i : i + 4] for u in range(0, index.n_units, 7) for k in [index.unit_key(u)]
                for i in range(0, max(0, len(k) - 4), 3)
                if len(set(index.candidates(k[i : i + 4]))) == 1 and k[i : i + 4].isalpha())
    got = T.scan_strings(S.Scanner(index, whole=False), [rare, "量子纠缠通信枢纽"], 1)
    assert got.freq[rare] >= 1 and list(got.freq) == [rare]
