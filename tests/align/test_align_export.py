"""Report writers: side by side, shared text marked, document text escaped."""

from __future__ import annotations

import csv
import io

from alignkit import ECOLOGY, mini_plan

from fyp_tui.align import align_units
from fyp_tui.export import CSV_HEADER, render

EVIL = "<script>alert(1)</script>|**粗体**"


def _alignment(weights):
    text = ECOLOGY[1] + EVIL
    a = mini_plan("a", [(ECOLOGY[0], text)], city="徐州市", district="鼓楼区")
    b = mini_plan("b", [(ECOLOGY[0], text)], city="福州市", district="鼓楼区")
    return align_units(a, b, weights)


def test_html_escapes_document_text_and_marks_shared_text(weights):
    out = render(_alignment(weights), "html")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>" in out
    assert "徐州鼓楼区" in out and "福州鼓楼区" in out  # places, never a bare 鼓楼区


def test_markdown_keeps_the_table_intact(weights):
    out = render(_alignment(weights), "md")
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows and all(line.count(" | ") == 1 for line in rows[2:])  # escaped pipes do not split cells
    assert "\\<script\\>" in out and "**" in out


def test_csv_round_trips(weights):
    out = render(_alignment(weights), "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == CSV_HEADER
    assert EVIL in rows[1][CSV_HEADER.index("a_text")]


def test_seed_report(corpus, weights):
    al = align_units(corpus.get("xuzhou"), corpus.get("xuzhou-gulou"), weights)
    out = render(al, "md")
    assert out.startswith("# 徐州市建议 ↔ 徐州鼓楼区纲要")
    assert "**" in out and "仅见于" in out


def test_every_export_carries_the_relation(corpus, weights):
    al = align_units(corpus.get("xuzhou-gulou"), corpus.get("zhenjiang-jingkou"), weights)
    assert al.pairs and al.related
    rows = list(csv.reader(io.StringIO(render(al, "csv"))))
    col = CSV_HEADER.index("relation")
    relations = [r[col] for r in rows[1:] if r[col]]
    # equivalent pairs first, then the related ones apart; one row per pair
    assert relations == ["equivalent"] * len(al.pairs) + ["related"] * len(al.related)
    md = render(al, "md")
    assert md.count("对应（equivalent）") == len(al.pairs) and md.count("相关（related）") == len(al.related)
    assert md.index("相关（related）") > md.rindex("对应（equivalent）")
    html = render(al, "html")
    assert html.count('class="meta relation-related"') == len(al.related)


def test_the_legend_says_what_a_marked_run_is(weights):
    """The reports' legend gives the run length the comparison uses (align.inside.MIN_SPAN)
    and that punctuation counts: a marked run 创新能力不强，产 is 8 characters, 7 of them Han,
    and "≥8字" read as eight Han characters."""
    import re

    from fyp_tui.align.inside import MIN_SPAN

    for fmt in ("md", "html"):
        out = render(_alignment(weights), fmt)
        m = re.search(r"连续至少(\d+)个字符，标点计入", out)
        assert m and int(m.group(1)) == MIN_SPAN, fmt


def test_a_heading_is_shown_as_printed_and_marks_keep_their_text(corpus, weights):
    """徐州鼓楼 prints 第一节 发展成就 and 京口 第一节 五年发展成就 (corpus/raw, each heading
    on its own line); the unit text the offsets index runs number and title together, the
    report sets them apart as the plans do. A shared run across the gap stays one run."""
    al = align_units(corpus.get("xuzhou-gulou"), corpus.get("zhenjiang-jingkou"), weights)
    md = render(al, "md")
    assert "| 第一节 发展成就 | 第一节 五年发展成就 |" in md
    assert "第一节发展成就" not in md.split("\n## ", 1)[1]  # past the title lines
    from fyp_tui.export import shared_pieces

    text = "第一节发展成就\n正文"
    assert shared_pieces(text, 0, 7, [(0, 7)], 3) == [("第一节 发展成就", True)]
    assert shared_pieces(text, 0, 7, [(3, 7)], 3) == [("第一节", False), (" ", False), ("发展成就", True)]
    assert shared_pieces(text, 0, 7, [(0, 3), (3, 7)], 3) == [("第一节", True), (" ", True), ("发展成就", True)]
    assert shared_pieces(text, 8, 10, [], 3) == [("正文", False)]  # another line: no gap
