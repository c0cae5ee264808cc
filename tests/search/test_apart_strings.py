"""Listed strings that cannot share a character of text (``tiers.apart``) are scanned
one by one as literals (``tiers.scan_strings``): the same finds as the pattern of
them all, which takes the leftmost of overlapping matches."""

from __future__ import annotations

import random
import re

import pytest

from fyp_tui.search import SearchIndex
from fyp_tui.search import scan as S
from fyp_tui.search import tiers as T


def test_strings_that_overlap_or_hold_one_another_are_not_apart():
    assert T.apart(["科技创新", "科技创信", "科级创信"])
    assert T.apart(["ab", "cd", "ce"])
    assert not T.apart(["发展经济", "经济发展"])  # 发展经济发展: the first hides the second
    assert not T.apart(["经济发展", "发展经济"])
    assert not T.apart(["高质量发展", "质量"])  # one inside the other
    assert not T.apart(["ab", "ba"])
    assert not T.apart(["aba", "c", "ab"])


def spans(rx: str, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(rx, text)]


def test_apart_strings_are_found_alone_as_the_whole_pattern_finds_them():
    rng = random.Random(8)
    tried = 0
    for _ in range(4000):
        strings = list(dict.fromkeys("".join(rng.choice("abcd") for _ in range(rng.randint(2, 4)))
                                     for _ in range(rng.randint(2, 4))))
        if len(strings) < 2 or not T.apart(strings):
            continue
        tried += 1
        text = "".join(rng.choice(strings + list("abcde")) for _ in range(30))
        alone = sorted(x for s in strings for x in spans(re.escape(s), text))
        assert alone == spans(S.alternation(strings), text), (strings, text)
    assert tried > 300


@pytest.fixture(scope="module")
def stored(index, tmp_path_factory):
    path = tmp_path_factory.mktemp("apart") / "ix"
    index.save(path)
    return SearchIndex.load(path)


@pytest.mark.parametrize("blockers,strings,split", [
    (["科技创薪"], ["科技创新", "数字经济", "营商环境"], True),
    (["高质良发展"], ["高质量发展", "城市更新", "楼宇经济"], True),
    (["发展"], ["经济", "建设"], True),
    (["楼宇经纪"], ["发展经济", "经济发展", "楼宇经济"], False),  # 发展经济发展
    (["高质量发展"], ["质量发展", "高质量"], False),  # a live blocker they overlap
    (["新区开发"], ["科技创新", "营商环境"], True),  # a dead blocker 科技创新 could run into
])
@pytest.mark.parametrize("which", ["decoded", "stored"])
def test_a_split_scan_finds_what_the_whole_pattern_finds(index, stored, monkeypatch, blockers, strings, split,
                                                         which):
    ix = index if which == "decoded" else stored
    added = []
    real = S.Found.add
    monkeypatch.setattr(S.Found, "add", lambda self, other: added.append(1) or real(self, other))
    cands = set()
    for s in strings + blockers:
        cands.update(ix.candidates(s))
    for want in (0, 5):
        sc = S.Scanner(ix, blockers=blockers)
        got = T.scan_strings(sc, strings, want)
        sc = S.Scanner(ix, blockers=blockers)
        ref = sc.scan(re.compile(S.alternation(blockers + strings)), sc.chunks(cands), want, risky=T._risky(sc))
        assert (dict(got.counts), dict(got.freq), got.units, got.firsts) == (
            dict(ref.counts), dict(ref.freq), ref.units, ref.firsts)
        assert sum(ref.counts.values()) > 0
    assert bool(added) == split


def test_strings_that_share_their_candidates_are_scanned_together(monkeypatch):
    """提高开放水品's one-edit strings all lie in the same few units: one scan reads them
    once, a scan per string would read them once per string."""
    from fyp_tui.model import Paragraph, Plan, PlanMeta, Section

    paras = [Paragraph(f"第{i}条：提高开放水平，提高开放水准，提高开放水位。") for i in range(40)]
    sec = Section(id="ch01", level="章", label="第一章", title="开放", heading="第一章 开放", blocks=paras)
    ix = SearchIndex.build([Plan(id="p", meta=PlanMeta(title="开放规划"), sections=[sec], source_sha256="p")])
    strings = ["提高开放水平", "提高开放水准", "提高开放水位"]
    assert T.apart(strings)
    monkeypatch.setattr(T, "_numpy", lambda: True)  # the chunked scan, where strings may be split
    added = []
    real = S.Found.add
    monkeypatch.setattr(S.Found, "add", lambda self, other: added.append(1) or real(self, other))
    sc = S.Scanner(ix, blockers=["提高开放水品"], whole=False)
    got = T.scan_strings(sc, strings, 3)
    assert added == [] and dict(got.freq) == {s: 40 for s in strings}


def test_a_fresh_process_reads_the_few_units_of_all_the_strings_at_once(index, monkeypatch):
    """Without numpy yet (a fresh ``fyp search``), the units of every listed string are
    read in one pass (``in_units``), not a pass a string."""
    monkeypatch.setattr(T, "_numpy", lambda: False)
    monkeypatch.setattr(T, "FEW", 10**9)
    passes = []
    real = S.Scanner.in_units
    monkeypatch.setattr(S.Scanner, "in_units", lambda self, *a, **k: passes.append(1) or real(self, *a, **k))
    strings = ["科技创新", "数字经济", "营商环境"]
    got = T.scan_strings(S.Scanner(index, blockers=["科技创薪"]), strings, 5)
    assert passes == [1] and all(got.freq[s] for s in strings)
