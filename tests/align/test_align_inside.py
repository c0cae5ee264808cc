"""Inside a pair: verbatim spans found wherever they moved, offsets right, reuse figure."""

from __future__ import annotations


from fyp_tui.align import compare_texts
from fyp_tui.align.inside import segments

REUSED = "坚持把发展经济着力点放在实体经济上"  # 17 characters


def test_spans_are_found_out_of_order_and_map_back_to_the_texts():
    a = f"第一句不同的话。{REUSED}。另外一句完全不同。"
    b = f"开头另有文字，{REUSED}，后面也不一样。"
    ins = compare_texts(a, b)
    assert [a[s.a_start:s.a_end] for s in ins.spans] == [REUSED]
    assert [b[s.b_start:s.b_end] for s in ins.spans] == [REUSED]
    assert abs(ins.reuse - len(REUSED) / len(a)) < 1e-9  # share of A's characters found in B
    assert abs(ins.reuse_b - len(REUSED) / len(b)) < 1e-9


def test_normalisation_differences_do_not_break_a_run():
    a = "推进 大气 污染 防治, 持续改善空气质量."
    b = "推进大气污染防治，持续改善空气质量。"
    ins = compare_texts(a, b)
    assert ins.reuse > 0.95
    assert ins.a_marks() == [(0, len(a))]


def test_short_runs_and_line_breaks_do_not_count():
    assert compare_texts("完全相同七个字", "完全相同七个字").spans == []  # 7 < 8
    ins = compare_texts("甲乙丙丁\n戊己庚辛", "甲乙丙丁戊己庚辛")
    assert ins.spans == []  # the run would cross a paragraph break


def test_sentence_pairs():
    a = f"第一句话讲生态环境保护。{REUSED}。"
    b = f"{REUSED}，还有别的。第一句话讲生态环境的保护。"
    ins = compare_texts(a, b)
    got = {(ins.a_text[ins.a_segments[p.a].start:ins.a_segments[p.a].end],
            ins.b_text[ins.b_segments[p.b].start:ins.b_segments[p.b].end]) for p in ins.pairs}
    assert ("第一句话讲生态环境保护。", "第一句话讲生态环境的保护。") in got
    assert len(segments("一。二！\n三")) == 3



def test_paraphrased_sentences_pair_and_unrelated_ones_do_not():
    # read by a person: the second sentence of A says what B's first says, in other words
    # (no verbatim run of 8 characters); B's second sentence has no counterpart in A
    a = "这一句讲的是别的事情。加强基层医疗卫生服务能力建设。"
    b = "提升基层医疗卫生机构服务能力。推进学前教育普惠发展。"
    ins = compare_texts(a, b)
    assert ins.spans == []
    got = {(a[ins.a_segments[p.a].start:ins.a_segments[p.a].end], b[ins.b_segments[p.b].start:ins.b_segments[p.b].end])
           for p in ins.pairs}
    assert got == {("加强基层医疗卫生服务能力建设。", "提升基层医疗卫生机构服务能力。")}
