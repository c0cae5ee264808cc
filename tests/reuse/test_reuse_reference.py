"""The fast section lookup (numpy runs, lazy passages) against a plain reading of the
same definition on the real seed plans: for every unit of two plans, each match's
``chars``, ``share`` and passages equal what a simple pure-Python reader finds.

The reader (written here, never calling the product's normaliser or run finder): a
text's compared characters are its NFKC letters and digits; a passage is a maximal
run of equal characters, at least 8 long, between the query unit and a unit of
another plan; a character is boilerplate when an 8-character window of the query
covering it is found in at least half the plans (and at least 3); a passage is
boilerplate when all of its characters are (the issue: a passage found in at least half
the plans); ``chars`` is the union of the query's
characters in passages that are not boilerplate, boilerplate characters left out.
The tool looks only at units sharing a winnowed fingerprint with the query, and never
at one through a boilerplate fingerprint, so a unit the reader matches and the tool
does not may only share passages with no stretch of ``MIN_CHARS + WINDOW - 1``
characters whose 8-character windows are all not boilerplate (such a stretch holds a
whole winnowing window, whose fingerprint is one of them)."""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict

import pytest

from fyp_tui.align.units import plan_units
from fyp_tui.reuse.units import reuse_units
from fyp_tui.reuse import ReuseIndex, section_matches, section_reuse

QUERIES = ("xuzhou", "zhenjiang-jingkou")


def plain(s: str) -> tuple[str, list[int]]:
    """Letters and digits of ``s`` with their offsets, each character NFKC'd alone (one
    that NFKC spells with several, such as Ⅲ, stays itself: it is one character)."""
    kept, where = [], []
    for k, ch in enumerate(s):
        n = unicodedata.normalize("NFKC", ch)
        n = n if len(n) == 1 else ch
        if n.isalnum():
            kept.append(n)
            where.append(k)
    return "".join(kept), where


class Reader:
    def __init__(self, plans):
        self.units = {(p.id, sid): plain(text)[0] for p in plans for sid, text in reuse_units(p)}
        # where each unit's heading ends: no passage runs from a heading into its body
        self.heads = {(p.id, sid): len(plain(p.find(sid).heading)[0]) for p in plans for sid, _ in reuse_units(p)}
        in_plans = defaultdict(set)
        self.windows = defaultdict(set)  # 8-window → units holding it
        for (pid, uid), t in self.units.items():
            for i in range(len(t) - 7):
                in_plans[t[i:i + 8]].add(pid)
                self.windows[t[i:i + 8]].add((pid, uid))
        least = max(3, math.ceil(len(plans) / 2))
        self.boiler = {w for w, ps in in_plans.items() if len(ps) >= least}

    def runs(self, q: str, b: str, hq: int = 0, hb: int = 0):
        """Maximal runs of equal characters, cut where either side's heading ends (``hq``,
        ``hb``), each piece kept when 8 long or more."""
        at = defaultdict(list)
        for j in range(len(b) - 7):
            at[b[j:j + 8]].append(j)
        for i in range(len(q) - 7):
            for j in at.get(q[i:i + 8], ()):
                if i and j and q[i - 1] == b[j - 1]:
                    continue  # not where the run starts
                n = 8
                while i + n < len(q) and j + n < len(b) and q[i + n] == b[j + n]:
                    n += 1
                cuts = sorted({t for t in (hq - i, hb - j) if 0 < t < n} | {0, n})
                for a, e in zip(cuts, cuts[1:]):
                    if e - a >= 8:
                        yield i + a, j + a, e - a

    def matches(self, pid: str, uid: str) -> dict:
        q = self.units[pid, uid]
        boiler = [False] * len(q)
        for i in range(len(q) - 7):
            if q[i:i + 8] in self.boiler:
                boiler[i:i + 8] = [True] * 8
        others = {u for i in range(len(q) - 7) for u in self.windows.get(q[i:i + 8], ()) if u[0] != pid}
        out = {}
        for other in others:
            covered = [False] * len(q)
            runs = sorted(self.runs(q, self.units[other], self.heads[pid, uid], self.heads[other]))
            longest = 0  # characters of the longest stretch of a passage whose 8-windows are all not boilerplate
            for i, _, n in runs:
                if not all(boiler[i:i + n]):
                    covered[i:i + n] = [True] * n
                    run = 0
                    for p in range(i, i + n - 7):
                        run = 0 if q[p:p + 8] in self.boiler else run + 1
                        longest = max(longest, run + 7 if run else 0)
            chars = sum(c and not b for c, b in zip(covered, boiler))
            if chars:
                out[other] = (chars, runs, len(q), longest)
        return out


@pytest.fixture(scope="module")
def both(corpus):
    plans = list(corpus.plans.values())
    return ReuseIndex.build(plans), Reader(plans)


@pytest.mark.parametrize("pid", QUERIES)
def test_fast_lookup_equals_a_plain_reading(both, corpus, pid):
    index, reader = both
    checked = 0
    for u in plan_units(corpus.plans[pid]):  # queries: the alignment units (a query reads its whole text)
        found = section_matches(index, pid, u.id)
        want = reader.matches(pid, u.id)
        rows = found.rows()
        got = {(r["plan"], r["section"]["id"]): r for r in rows}
        for key, row in got.items():
            assert key in want, (u.id, key)
            chars, runs, total, _ = want[key]
            assert row["chars"] == chars, (u.id, key)
            assert row["share"] == round(chars / total, 4)
        for key, (_, _, _, longest) in want.items():
            if key not in got:  # the tool looks only where a fingerprint is shared
                assert longest < 13, (u.id, key)
        # each match's passages, built on demand, are the reader's runs, mapped back to the texts
        qtext = u.text
        qplain, qwhere = plain(qtext)
        doc = section_reuse(index, pid, u.id)
        assert [(m["plan"], m["section"]["id"]) for m in doc["matches"]] == list(got)
        for k, m in enumerate(doc["matches"]):
            assert m["spans"] == found.spans(k)
            assert {key: v for key, v in m.items() if key != "spans"} == {
                key: v for key, v in rows[k].items() if key != "longest"}
            counted = [sp for sp in m["spans"] if not sp["boilerplate"]]
            assert rows[k]["longest"] == max(counted, key=lambda sp: sp["a"][1] - sp["a"][0])["text"]
            btext = corpus.plans[m["plan"]].find(m["section"]["id"]).full_text()
            bwhere = plain(btext)[1]
            runs = {(qwhere[i], qwhere[i + n - 1] + 1, bwhere[j], bwhere[j + n - 1] + 1)
                    for i, j, n in want[m["plan"], m["section"]["id"]][1]}
            assert {(*s["a"], *s["b"]) for s in m["spans"]} == runs
            checked += 1
    assert checked >= 20


def plain_runs(hq: list[int], hb: list[int], cap: int = 16) -> set[tuple[int, int, int]]:
    """Maximal runs of equal shingle hashes, n counted in characters (shingles + 7), read
    plainly; a hash repeated on the shorter side pairs with its first ``cap`` positions."""
    short, long_, swap = (hq, hb, False) if len(hq) < len(hb) else (hb, hq, True)
    firsts: dict[int, list[int]] = defaultdict(list)
    for p, h in enumerate(short):
        if len(firsts[h]) < cap:
            firsts[h].append(p)
    pairs = {(p, s) for p, h in enumerate(long_) for s in firsts.get(h, ())}
    out = set()
    for p, s in pairs:
        if (p - 1, s - 1) in pairs:
            continue
        n = 1
        while (p + n, s + n) in pairs:
            n += 1
        out.add((s, p, n + 7) if not swap else (p, s, n + 7))
    return out


@pytest.mark.parametrize("shared", ["top", "low"])
@pytest.mark.parametrize("seed", range(6))
def test_runs_of_hashes_sharing_their_top_bits(seed, shared):
    # hashes made to share the top or the low bits (the run finder cuts its slots from some
    # of them) and repeated on both sides: the slot table's crowded slots and the pairs of
    # repeated shingles (a position with several pairs next to one with fewer)
    import numpy as np

    from fyp_tui.reuse import match_runs

    rng = np.random.default_rng(seed)
    few = rng.integers(0, 4, size=40, dtype=np.uint64)
    many = rng.integers(0, 2**20, size=40, dtype=np.uint64)
    if shared == "top":
        alphabet = few << np.uint64(50) | many
    else:
        alphabet = many << np.uint64(30) | few
    hq = alphabet[rng.integers(0, 40, size=300)]
    hb = alphabet[rng.integers(0, 40, size=2000)]
    hb[500:560] = hq[100:160]  # a long shared run too
    hq[200:230] = hq[100:130]  # repeated in the query
    got = set(match_runs(hq, hb))
    assert got == plain_runs(hq.tolist(), hb.tolist())
    got = set(match_runs(hb[:250], hq))  # the other side shorter
    assert got == plain_runs(hb[:250].tolist(), hq.tolist())


@pytest.mark.parametrize("seed", range(4))
def test_runs_when_no_hash_repeats_on_the_shorter_side(seed):
    # the common case (one pair a position): passages of the query copied in pieces, some
    # next to each other in another order, some cut short, with noise between
    import numpy as np

    from fyp_tui.reuse import match_runs

    rng = np.random.default_rng(seed)
    hq = rng.choice(2**62, size=400, replace=False).astype(np.uint64)
    pieces = []
    for _ in range(60):
        lo = int(rng.integers(0, 390))
        pieces.append(hq[lo:lo + int(rng.integers(1, 30))])
        if rng.random() < 0.5:
            pieces.append(rng.integers(2**62, 2**63, size=int(rng.integers(1, 5)), dtype=np.uint64))
    hb = np.concatenate(pieces)
    assert len(hb) > len(hq)
    assert set(match_runs(hq, hb)) == plain_runs(hq.tolist(), hb.tolist())


@pytest.mark.parametrize("wide", [False, True])
def test_runs_are_put_in_group_then_query_then_other_order(wide):
    # the lookup sorts the runs by (match, i, j) with one combined key, or three keys when
    # the combined one could overflow
    import numpy as np

    from fyp_tui.reuse.lookup import _by_group

    rng = np.random.default_rng(3)
    group, i, j = (rng.integers(0, 30, size=500) for _ in range(3))
    j = j * 1000 + np.arange(500)  # distinct, as the runs' j are
    i_end, j_end = (2**40, 2**40) if wide else (30, int(j.max()) + 1)
    o = _by_group(group, i, j, i_end, j_end)
    assert list(zip(group[o].tolist(), i[o].tolist(), j[o].tolist())) == sorted(
        zip(group.tolist(), i.tolist(), j.tolist()))
