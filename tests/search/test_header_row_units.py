"""A table's header row is text of the plan: search finds it, `fyp show` prints it.

QA searched 属性 and 指标名称, printed in indicator tables' header rows, and was told
they were not in the text; the header cells were neither a search unit nor in a
section's text."""

from __future__ import annotations

from pathlib import Path

from fyp_tui.model import Table, TableRow
from fyp_tui.search import SearchIndex, search
from fyp_tui.search.units import HEADER, unit_text

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"


def test_a_header_cell_is_found_as_a_unit_of_its_own(make_plan):
    plan = make_plan("h")
    table = Table(id="t9", caption="表2 发展指标", header=["指标名称", "单位", "2025年目标", "属性"],
                  rows=[TableRow(cells=["研发投入强度", "%", "3", "预期性"])])
    plan.sections[1].blocks.append(table)
    ix = SearchIndex.build([plan])
    for q in ("指标名称", "2025年目标", "属性"):
        r = search(ix, q, mode="exact", limit=10)
        assert r.total == 1, q
        (hit,) = r.hits
        assert (hit.section, hit.block, hit.item) == ("ch02", 1, HEADER)
        assert hit.text == "指标名称 | 单位 | 2025年目标 | 属性" == unit_text(plan.sections[1], 1, HEADER)
    lines = plan.sections[1].full_text().splitlines()  # caption, header, rows
    assert lines.index("表2 发展指标") + 1 == lines.index("指标名称 | 单位 | 2025年目标 | 属性")
    assert search(ix, "预期性", mode="exact").total == 1  # the rows are still units, after it


def test_a_header_word_counts_as_often_as_the_source_files_print_it(corpus):
    """属性 is printed in 徐州鼓楼's two indicator tables' headers and once in 海州's text:
    counted here in the raw files with str.count, not by the parser."""
    want = {f.stem: f.read_text(encoding="utf-8").count("属性") for f in sorted(RAW.glob("*.txt"))}
    want = {k: v for k, v in want.items() if v}
    assert want == {"lianyungang-haizhou": 1, "xuzhou-gulou": 2}
    ix = SearchIndex.build(corpus.plans.values())
    assert search(ix, "属性", mode="exact").counts == want
