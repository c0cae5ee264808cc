"""Quality against the hand-made gold alignments.

TUNING PAIRS: the eight gold files here are the development set: MIN_SCORE, MERGE_SHARE,
SPLIT_ELSEWHERE, the heading weight, the word/lone-term weighting and the role rules were
chosen looking at their errors (notes/align.md), so these floors only stop regressions.
Since round 6 the real pair of test_align_gold_realworld.py is a ninth tuning pair (the
part and sentence rules, SPLIT_PIECE and SENTENCE_LINK were chosen on the nine). Round 10
tuned on all eleven gold files (the runner-up and left-alone framework rules of pairs.select):
every file here is a tuning pair now, the two in UNTOUCHED included.
Untouched pairs, read by hand later and never aligned while tuning, are scored apart:
list them in UNTOUCHED below with the figures they reach as floors (the goal is
0.95/0.95); `python tests/align/align_gold.py FILE` prints the figures and every error.
"""

from __future__ import annotations


import pytest
from align_gold import key, load, load_equivalent, score, score_equivalent

from fyp_tui.align import align_units, compare_pair

GOLD = "gold_xuzhou-gulou_zhenjiang-jingkou.toml"


@pytest.fixture(scope="module")
def gold_alignment(corpus, weights):
    g = load(GOLD)
    return g, align_units(corpus.get(g.a), corpus.get(g.b), weights)


def test_gold_covers_every_unit(corpus, gold_alignment):
    g, al = gold_alignment
    assert {key(u.title) for u in al.b_units} == g.b_titles
    a_titles = {key(u.title) for u in al.a_units}
    assert {a for a, _ in g.ok} <= a_titles and g.a_only <= a_titles


def test_precision_and_recall(gold_alignment):
    g, al = gold_alignment
    s = score(g, [(p.a.title, p.b.title) for p in al.pairs])
    # reached: 0.964 (round 2: 0.943; before it 0.962); round 10: 0.966. Round 11's runner-up
    # beside one best (topics) adds one false pair here (深入推动产城融合发展 ↔ 构建"一带三片多点"
    # 空间格局: 0.950) for 3 required over the 15 pairs: lowered on purpose (notes/align.md)
    assert s.precision >= 0.95, s.false_pairs
    assert s.recall >= 0.97, s.missed  # reached: 0.974 (round 2: 0.921; before it 0.921)


def test_units_without_counterpart_stay_unmatched(gold_alignment):
    g, al = gold_alignment
    paired_b = {key(p.b.title) for p in al.pairs}
    paired_a = {key(p.a.title) for p in al.pairs}
    assert not (g.none_b & paired_b)
    # reached: one (推动人工智能产业发展 ↔ 厚植产业发展新优势, 0.25, a one-sided best at 0.74
    # of the other's best; it counts as a false pair above too); none before this round
    assert len(g.a_only & paired_a) <= 1, g.a_only & paired_a


def test_taiwan_section_has_no_xuzhou_counterpart(corpus, weights):
    for other in ("xuzhou-gulou", "xuzhou"):
        al = align_units(corpus.get("fuzhou-gulou"), corpus.get(other), weights)
        taiwan = [u for u in al.only_a if "台胞台企" in u.title]
        assert taiwan, f"台胞台企 paired with {other}"


def test_district_plan_reuses_city_proposal_verbatim(corpus, weights):
    al = align_units(corpus.get("xuzhou"), corpus.get("xuzhou-gulou"), weights)
    by_a = {(p.a.title, p.b.title): p for p in al.pairs}
    guide = by_a[("指导思想", "指导思想")]
    inside = compare_pair(guide)
    assert inside.reuse > 0.5  # most of the 建议's guiding thought is in the district plan word for word
    assert any(len(t) >= 20 for t in inside.shared_text())
    # and the chapters line up: the 建议's ecology part faces the district's ecology chapter
    eco = [p for p in al.pairs if p.a.context and ("绿色" in p.a.context[0] or "生态" in p.a.context[0])]
    assert eco and all(p.b.chapter_id == "ch06" for p in eco)


def test_every_pair_of_seeds_aligns_sensibly(corpus, weights):
    ids = sorted(corpus.plans)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            al = align_units(corpus.get(a), corpus.get(b), weights)
            assert al.pairs, (a, b)
            # most units find a counterpart, yet never all are forced into one
            assert len(al.only_a) < len(al.a_units) / 2, (a, b)
            # the guiding-thought sections always find each other
            if any(u.title == "指导思想" for u in al.a_units) and any(u.title == "指导思想" for u in al.b_units):
                assert any(p.a.title == p.b.title == "指导思想" for p in al.pairs), (a, b)



# -- pairs read by hand per A unit (equivalent / acceptable) -------------------------
# All seven files below are TUNING pairs now (with GOLD above, the eight of the development set).
# 海州 vs 福州鼓楼 and 徐州市委建议 vs 京口 were untouched until issue 14's second round.
# 海州 vs 京口, 徐州鼓楼 vs 福州鼓楼 and 徐州市委建议 vs 徐州鼓楼 were the untouched pairs of
# that round (read by another session, aligned only after tuning: 0.951/0.857, 0.914/0.846,
# 0.907/0.854); they were scored then, so in the third round they moved here and became
# tuning pairs (their errors were studied: notes/align.md). Floors: the figures reached.
# 海州 vs 徐州鼓楼 and 京口 vs 福州鼓楼 were the untouched pairs of the third round (read by two
# other sessions from the documents alone, never aligned while tuning, scored once after it
# ended: 1.000/0.878 and 0.946/0.920; the code before the third round: 0.976/0.780 and
# 0.932/0.920). Scored, they moved here in the fourth round and are tuning pairs now: their
# errors were studied with the six others' (notes/align.md, round 4). Floors: those figures.
# Round 6 tuned on these eight and on the real pair of test_align_gold_realworld.py (a ninth
# tuning pair, with its own floors there); three floors rose to the figures it reached
# (0.902, 0.966/0.904, 0.963/0.938), the others are unchanged.
TUNING = [
    # round 13: 0.980/0.974 (a mutual best under the floor whose title the other says)
    ("gold_lianyungang-haizhou_fuzhou-gulou.toml", 0.97, 0.97),
    # round 7: 0.907/0.854 (same title); round 10: 0.909/0.875 (runner-up), then 0.895/0.875: the
    # framework rule's one false pair (基本要求 ↔ 指导思想, acceptable in 徐州建议/海州), floor lowered on purpose
    ("gold_xuzhou_zhenjiang-jingkou.toml", 0.89, 0.87),
    ("gold_lianyungang-haizhou_zhenjiang-jingkou.toml", 0.97, 1.00),  # round 10: 0.979/1.000
    ("gold_xuzhou-gulou_fuzhou-gulou.toml", 0.96, 0.90),
    # tuning figure, round 7: 0.964/0.958 (a whole role from half the floor)
    ("gold_xuzhou_xuzhou-gulou.toml", 0.96, 0.95),
    # untouched in round 3, tuning since round 4; round 12: 1.000/0.927
    ("gold_lianyungang-haizhou_xuzhou-gulou.toml", 1.00, 0.92),
    # untouched in round 3, tuning since round 4; round 10: 0.948/0.940
    ("gold_zhenjiang-jingkou_fuzhou-gulou.toml", 0.94, 0.94),
]
# Untouched pairs: read by hand by other sessions while the aligner was tuned on the eight above
# (round 4 changed no code, so the code scored is round 3's), never aligned while tuning, scored
# once after tuning ended. Floors: the figures reached then. Goal 0.95/0.95: precision met,
# recall not (a 建议's items against a district plan's sections: merges of the review items into
# one 发展基础 and 3-way splits missed). Round 2's code scored them 0.95/0.70 and 0.94/0.74.
# Round 6 (the part and sentence rules) scored them once at its end: 1.000/0.766 and 1.000/0.815
# (main before it: 1.000/0.745, 1.000/0.815); the floors stay. Round 7 (whole role from half
# the floor, same title within a role) scored them once at its end, after its last code
# change: 1.000/0.787 and 1.000/0.870 (main before it, 3f9f653: 1.000/0.766, 1.000/0.815).
# Floors raised to those figures (regression guards; the pairs stay untouched: no rule was
# chosen looking at them).
# Round 10 tuned on all eleven gold files, these two included (their misses were studied):
# they are tuning pairs now, listed here for their history; floors: the round-10 figures.
UNTOUCHED: list[tuple[str, float, float]] = [
    ("gold_xuzhou_lianyungang-haizhou.toml", 1.00, 0.85),  # round 10: 1.000/0.851
    ("gold_xuzhou_fuzhou-gulou.toml", 1.00, 0.88),  # round 10: 1.000/0.889
]


@pytest.mark.parametrize("name,min_p,min_r", TUNING + UNTOUCHED)
def test_pairs_read_per_a_unit(corpus, weights, name, min_p, min_r):
    g = load_equivalent(name)
    al = align_units(corpus.get(g.a), corpus.get(g.b), weights)
    # the file names every unit of A once, and only units that exist in B
    assert {key(u.title) for u in al.a_units} == g.a_titles
    assert g.b_named <= {key(u.title) for u in al.b_units}
    assert all(p.relation == "equivalent" for p in al.pairs)
    s = score_equivalent(g, [(p.a.title, p.b.title) for p in al.pairs])
    assert s.precision >= min_p, s.false_pairs
    assert s.recall >= min_r, s.missed


def test_scorer_counts_splits_and_acceptable_pairs():
    g = load_equivalent("gold_lianyungang-haizhou_fuzhou-gulou.toml")
    split = [("有效提高创新能力", t) for t in ("打造最有活力的创新城区", "打造最有温暖的创业热土")]
    s = score_equivalent(g, split + [("指导思想", "发展定位"), ("序言", "发展定位")])
    assert s.false_pairs == [(key("序言"), key("发展定位"))]  # 发展定位 is acceptable for 指导思想 only
    assert s.precision == 0.75 and len(s.missed) == len(g.required) - 2
