"""A TUNING pair since round 6: 云南 十五 计划纲要 against the national 十二五 规划纲要.

Both files come from ../shared/realworld (see its README) and are ingested into a temp
corpus beside the bundled plans, then aligned as ``fyp --corpus DIR compare A B`` does
(corpus-wide weights, the default minimum score). The gold
(gold_realworld-yunnan10_realworld-cn12.toml) was read by hand from the documents
before the aligner was ever run on them, and scored untouched once (P 0.884 R 0.696).
Round 6 then tuned on it (its errors were studied: the part and sentence rules of
``align.pairs``, notes/align.md), so it is a tuning pair now like the eight bundled ones:
its floors below only stop regressions (the figures reached: P 0.860 R 0.784). The
precision, recall and every error are printed in every run; the gold must speak of the
aligner's units (a gold typo fails).
"""

from __future__ import annotations

import pytest
from align_gold import key, load_equivalent, score_equivalent

from fyp_tui.align import compare
from fyp_tui.corpus import ingest_into, load_corpus
from tests.conftest import REALWORLD

GOLD = "gold_realworld-yunnan10_realworld-cn12.toml"
FILES = {"realworld-yunnan10": "yunnan10-newspaper.txt", "realworld-cn12": "cn12-pdftext.txt"}

pytestmark = pytest.mark.skipif(REALWORLD is None, reason="../shared/realworld is not beside this checkout")


@pytest.fixture(scope="module")
def gold_and_alignment(tmp_path_factory):
    assert REALWORLD is not None
    g = load_equivalent(GOLD)
    assert {g.a, g.b} == set(FILES)
    dest = tmp_path_factory.mktemp("realworld-corpus")
    for plan_id, name in FILES.items():
        ingest_into(REALWORLD / name, dest, plan_id)
    corpus = load_corpus(extra=[dest], include_user=False, strict=True)
    return g, compare(corpus, g.a, g.b)


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
    # gold pairs: the precision floor went down 0.005 on purpose, said in notes/align.md
    assert s.precision >= 0.855 and s.recall >= 0.79, lines[0]


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
