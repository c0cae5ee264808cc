"""Pairs with a real plan: the TUNING pair 云南 十五 计划纲要 vs the national 十二五 规划纲要,
and pairs of a bundled plan against one of them (at the end of this file): eight tuning
pairs (four untouched in round 10, four in round 11) and the untouched pairs of round 12.

Both files come from ../shared/realworld (see its README) and are ingested into a temp
corpus beside the bundled plans, then aligned as ``fyp --corpus DIR compare A B`` does
(corpus-wide weights, the default minimum score). The gold
(gold_realworld-yunnan10_realworld-cn12.toml) was read by hand from the documents
before the aligner was ever run on them, and scored untouched once (P 0.884 R 0.696).
Round 6 then tuned on it (its errors were studied: the part and sentence rules of
``align.pairs``, notes/align.md), so it is a tuning pair now like the eight bundled ones:
its floors below only stop regressions (the figures reached: P 0.860 R 0.784). The
precision, recall and every error are printed in every run; the gold must speak of the
aligner's units (a gold typo fails). The bundled-plan pairs print their figures only
(``align_gold.py --untouched`` prints their errors too).
"""

from __future__ import annotations

import pytest
from align_gold import REALWORLD_FILES as FILES
from align_gold import key, load_equivalent, score_equivalent

from fyp_tui.align import compare
from fyp_tui.corpus import ingest_into, load_corpus
from tests.conftest import REALWORLD

GOLD = "gold_realworld-yunnan10_realworld-cn12.toml"

pytestmark = pytest.mark.skipif(REALWORLD is None, reason="../shared/realworld is not beside this checkout")


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory):
    """The bundled plans with both real plans ingested beside them."""
    assert REALWORLD is not None
    dest = tmp_path_factory.mktemp("realworld-corpus")
    for plan_id, name in FILES.items():
        ingest_into(REALWORLD / name, dest, plan_id)
    return load_corpus(extra=[dest], include_user=False, strict=True)


@pytest.fixture(scope="module")
def gold_and_alignment(real_corpus):
    g = load_equivalent(GOLD)
    assert {g.a, g.b} == set(FILES)
    return g, compare(real_corpus, g.a, g.b)


def test_gold_names_the_aligners_units(gold_and_alignment):
    g, al = gold_and_alignment
    a_units = {key(u.title) for u in al.a_units}
    b_units = {key(u.title) for u in al.b_units}
    assert len(a_units) == len(al.a_units)  # titles identify A's units
    assert g.a_titles - a_units == set(), "gold A titles that are no unit of A"
    assert a_units - g.a_titles == set(), "units of A the gold does not judge"
    assert g.b_named - b_units == set(), "gold B titles that are no unit of B"


def test_report_precision_and_recall(gold_and_alignment, capsys):
    g, al = gold_and_alignment
    assert all(p.relation == "equivalent" for p in al.pairs)
    s = score_equivalent(g, [(p.a.title, p.b.title) for p in al.pairs])
    lines = [f"{GOLD}: P {s.precision:.3f} R {s.recall:.3f} "
             f"({len(al.pairs)} equivalent pairs predicted, {len(g.required)} in the gold)"]
    lines += [f"  false  {a} ↔ {b}" for a, b in s.false_pairs]
    lines += [f"  missed {m}" for m in s.missed]
    with capsys.disabled():  # the report, shown in every run
        print("\n" + "\n".join(lines))
    # round 6 reached 0.860/0.784 (untouched: 0.884/0.696). Round 10's runner-up rule (pairs.select)
    # adds one required and one false pair here (0.855/0.792) and 5 required, 1 false over the 11
    # gold pairs: the precision floor went down 0.005 on purpose, said in notes/align.md. Round 11's
    # closing-role words (roles.py: 强化实施, 保障计划) add one required and one false pair here
    # (0.854/0.808) and 6 required, 2 false over the 15: down 0.005 again, on purpose. Round 11
    # ended at 0.855/0.816 (the held-elsewhere rule: 指导思想 and 序言 → 发展环境)
    assert s.precision >= 0.85 and s.recall >= 0.81, lines[0]


def test_a_chapter_row_scores_what_its_one_unit_pair_scores(gold_and_alignment):
    """Chapters that are one unit each on both sides (云南's 第一章 指导思想 and the
    national 第二章 指导思想, neither with 节): the chapter row's score is the pair's,
    so the list and the pair under it never disagree."""
    from fyp_tui.align.chapters import chapter_view

    _, al = gold_and_alignment
    pair_score = {(p.a.id, p.b.id): p.score for p in al.pairs}
    checked = 0
    for row in chapter_view(al):
        if row.a and row.b and row.a.unit_ids == (row.a.id,) and row.b.unit_ids == (row.b.id,):
            assert abs(row.score - pair_score[row.a.id, row.b.id]) < 1e-9, row.a.title
            checked += 1
    assert checked >= 2


def test_heading_labels_are_not_shared_terms(gold_and_alignment):
    """Both units of many pairs open with a label (第一节, 第三章): a label says nothing
    the two sections share (it was offered as a shared term on this pair)."""
    import re

    _, al = gold_and_alignment
    label = re.compile(r"第[〇零一二三四五六七八九十百千两\d]+[篇编章节条]")
    assert [p for p in al.pairs if p.a.label and p.a.label == p.b.label]  # there is something to look at
    assert not [t for p in al.pairs for t in p.shared if label.fullmatch(t)]


# Pairs with a real plan, tuning since round 11 (the first four) or 12 (the next four; their
# untouched figures are in notes/align.md). The first four (round 10): a bundled district plan
# or the 徐州 建议 against one of the real plans, ten or twenty years and one to three levels of
# government apart. Read by hand by other sessions from the documents while the aligner was
# tuned on the eleven other gold files; scored once untouched with round 10's final code
# (0.838/0.724, 0.952/0.581, 0.924/0.740, 0.957/0.487; 3ec559b before its two rules:
# 0.833/0.713, 0.951/0.565, 0.924/0.740, 0.957/0.487). TUNING pairs since round 11 (their errors
# were studied: the held-elsewhere rule and the closing roles, notes/align.md): floors are the
# figures reached, regression guards. The goal is 0.95/0.95; recall is far from it on such
# pairs: the national plan gives a 节 to what a district says in a paragraph (splits over 3–7
# units, pieces under the floor) and the 2001 provincial plan has no section for half of a 2020
# 建议's subjects.
REAL_TUNING = [
    # round 11: 0.843/0.759 (round 10: 0.838/0.724)
    ("gold_zhenjiang-jingkou_realworld-cn12.toml", 0.84, 0.75),
    # round 11: 0.957/0.645 (round 10: 0.952/0.581); round 12: 0.958/0.677
    ("gold_lianyungang-haizhou_realworld-yunnan10.toml", 0.955, 0.675),
    # round 11: 0.926/0.769 (round 10: 0.924/0.740)
    ("gold_fuzhou-gulou_realworld-cn12.toml", 0.925, 0.765),
    # round 11: 0.948/0.618 (round 10: 0.957/0.487; the closing roles add one false pair, the
    # whole-role rule's 加强干部队伍建设和基层组织建设 ↔ 保障计划全面落实, for two required)
    # round 12: 0.950/0.645
    ("gold_xuzhou_realworld-yunnan10.toml", 0.945, 0.644),
    # Round 11's untouched four (徐州鼓楼, 海州 and the 徐州 建议 against the national 十二五, 京口
    # against 云南 十五), read by four other sessions while round 11 tuned on the fifteen above and
    # scored once with round 11's final code (2686e58; before round 11's rules, b58da6b: 0.837/0.653,
    # 0.910/0.786, 0.844/0.533, 0.920/0.619). TUNING pairs since round 12: floors = figures reached.
    # round 11 untouched: 0.838/0.653. Round 25: 0.830 — the parser no longer makes a lone
    # lead sentence a 节's only 条, and 第五节 提高社会保障水平 (one paragraph) now pairs with
    # cn12's 改善房地产市场调控, a false pair (no alignment code changed).
    ("gold_xuzhou-gulou_realworld-cn12.toml", 0.830, 0.653),
    # round 11 untouched: 0.912/0.806
    ("gold_lianyungang-haizhou_realworld-cn12.toml", 0.911, 0.806),
    # round 11 untouched: 0.865/0.617; round 12: 0.868/0.633; round 13: 0.870/0.650
    ("gold_zhenjiang-jingkou_realworld-yunnan10.toml", 0.87, 0.65),
    # round 11 untouched: 0.926/0.676; round 12: 0.926/0.686; round 13: 0.927/0.695
    ("gold_xuzhou_realworld-cn12.toml", 0.925, 0.695),
]

# Pairs read by hand and never tuned on, with their floors: the figures of their one scoring.
# Round 12's two: 福州鼓楼 and 徐州鼓楼 against 云南 十五, read by two other sessions from the
# documents while round 12 tuned on the nineteen files above (never shown to it); scored once
# with round 12's final code (dd8a761): P/R 0.896/0.500 and 0.860/0.542 (round 11's code,
# 2003607: 0.913/0.487 and 0.860/0.542; the code before round 10, 3ec559b: 0.897/0.408 and
# 0.870/0.444). A 2020 district plan against a 2001 provincial one: half its subjects have no
# section there, and a counterpart is often one paragraph of a broad unit. Round 13 tuned on
# the nineteen again without them; scored once with its final code (4e3fc73): 0.898/0.513
# (+1 required: 实施城市有机更新 → 完善市政基础设施) and 0.862/0.542 (+1 acceptable pair).
UNTOUCHED: list[tuple[str, float, float]] = [
    ("gold_fuzhou-gulou_realworld-yunnan10.toml", 0.897, 0.512),
    ("gold_xuzhou-gulou_realworld-yunnan10.toml", 0.861, 0.541),
]


def test_untouched_list_is_the_scripts():
    from align_gold import UNTOUCHED as SKIPPED_WHILE_TUNING

    assert {name for name, _, _ in UNTOUCHED} == SKIPPED_WHILE_TUNING


@pytest.mark.parametrize("name,min_p,min_r", REAL_TUNING + UNTOUCHED)
def test_pairs_of_a_bundled_plan_and_a_real_one(real_corpus, name, min_p, min_r, capsys):
    g = load_equivalent(name)
    al = compare(real_corpus, g.a, g.b)
    # the file names every unit of A once, and only units that exist in B
    assert {key(u.title) for u in al.a_units} == g.a_titles
    assert g.b_named <= {key(u.title) for u in al.b_units}
    assert all(p.relation == "equivalent" for p in al.pairs)
    s = score_equivalent(g, [(p.a.title, p.b.title) for p in al.pairs])
    with capsys.disabled():  # reported in every run
        print(f"\n{name}: P {s.precision:.3f} R {s.recall:.3f} "
              f"({len(al.pairs)} predicted, {len(g.required)} in the gold)")
    assert s.precision >= min_p, s.false_pairs
    assert s.recall >= min_r, s.missed
