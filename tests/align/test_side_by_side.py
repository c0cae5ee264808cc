"""Compare's side-by-side rows (app, Markdown and HTML exports): each side in its own
reading order, every sentence once, matched sentences facing each other where they
can without either side moving. B's sentences were laid out in A's order (福州's 前言
heading third, a paragraph split around another)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from fyp_tui.export import _rows


def _inside(n_a: int, n_b: int, pairs: list[tuple[int, int, float]]):
    return SimpleNamespace(a_segments=[None] * n_a, b_segments=[None] * n_b,
                           pairs=[SimpleNamespace(a=a, b=b, score=s) for a, b, s in pairs])


def _in_order(rows, n_a: int, n_b: int) -> None:
    a = [i for i, _ in rows if i is not None]
    b = [j for _, j in rows if j is not None]
    assert a == list(range(n_a)) and b == list(range(n_b)), rows


def test_a_crossing_match_gives_up_its_row_not_the_order():
    # A0~B0 and A1~B2 keep their rows; A2~B1 crosses them: B1 comes in B's order, alone
    rows = _rows(_inside(3, 3, [(0, 0, 0.9), (1, 2, 0.8), (2, 1, 0.5)]))
    _in_order(rows, 3, 3)
    assert (0, 0) in rows and (1, 2) in rows and (2, 1) not in rows


def test_the_chain_of_the_highest_score_is_kept():
    # one strong match against two weaker ones it crosses: the two together weigh more
    rows = _rows(_inside(3, 3, [(0, 2, 0.9), (1, 0, 0.5), (2, 1, 0.5)]))
    _in_order(rows, 3, 3)
    assert (1, 0) in rows and (2, 1) in rows and (0, 2) not in rows


def test_no_match_at_all_sets_the_two_sides_beside_each_other():
    assert _rows(_inside(2, 3, [])) == [(0, 0), (1, 1), (None, 2)]


@pytest.mark.parametrize("a,b", [("xuzhou-gulou", "fuzhou-gulou"), ("xuzhou", "xuzhou-gulou"),
                                 ("lianyungang-haizhou", "zhenjiang-jingkou")])
def test_every_pair_of_two_plans_reads_in_order_on_both_sides(a, b):
    from fyp_tui.align import compare, compare_pair
    from fyp_tui.corpus import load_corpus

    al = compare(load_corpus(include_user=False), a, b)
    faced = 0
    for p in al.pairs[:40]:
        ins = compare_pair(p)
        rows = _rows(ins)
        _in_order(rows, len(ins.a_segments), len(ins.b_segments))
        kept = {(sp.a, sp.b) for sp in ins.pairs}
        faced += sum(1 for r in rows if r in kept)
    assert faced > 40  # matched sentences do face each other


def test_the_chain_is_the_heaviest_by_brute_force():
    """The rows' chain against every subset of the matches (a separate, plain reading of
    'rising in both, the highest total'), on random small cases."""
    import itertools
    import random

    from fyp_tui.export import _heaviest_chain

    def brute(w: dict) -> float:
        keys, best = sorted(w), 0.0
        for r in range(len(keys) + 1):
            for comb in itertools.combinations(keys, r):
                if all(a[0] < b[0] and a[1] < b[1] for a, b in zip(comb, comb[1:])):
                    best = max(best, sum(w[c] for c in comb))
        return best

    rng = random.Random(26)
    for _ in range(300):
        w = {(rng.randint(0, 5), rng.randint(0, 5)): round(rng.random(), 3) for _ in range(rng.randint(0, 8))}
        chain = _heaviest_chain(w)
        assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(chain, chain[1:]))
        assert abs(sum(w[c] for c in chain) - brute(w)) < 1e-9, (w, chain)


def test_a_repetitive_pair_of_tens_of_thousands_of_matches_is_laid_out_at_once():
    """Repeated sentences make tens of thousands of matches: the quadratic chain took 25 s
    for 22,000 of them (the app's pair view waited on it). Counted, not timed: the
    Fenwick tree reads each match's best predecessor in log steps."""
    import random

    from fyp_tui.align.inside import compare_texts

    rng = random.Random(0)
    words = "推动高质量发展 加快建设现代化经济体系 深化供给侧结构性改革 坚持创新驱动 扩大内需 优化营商环境".split()
    a = "\n".join("".join(rng.sample(words, 4)) + "。" for _ in range(300))
    b = "\n".join("".join(rng.sample(words, 4)) + "。" for _ in range(300))
    ins = compare_texts(a, b)
    assert len(ins.pairs) > 5000
    rows = _rows(ins)
    _in_order(rows, len(ins.a_segments), len(ins.b_segments))
