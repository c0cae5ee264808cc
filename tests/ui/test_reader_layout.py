"""The reader sets plan text by Chinese line-breaking rules at 80 and 200 columns,
and the breadcrumb never pushes the ``PLAN#SECTION`` id off screen."""

from __future__ import annotations

import pytest

from fyp_tui.ui.screens.browse import Breadcrumb
from fyp_tui.ui.widgets.document import DocumentView
from tests.conftest import REPO

CLOSING = "，。、；：？！）】》」』…"
OPENING = "（【《「『“"
UNIT_START = "0123456789.%】亿万元家年个岁"


def reader_lines(app) -> list[str]:
    doc = app.screen.query_one(DocumentView)
    # Box borders and table gutters are drawing, not text: look inside them.
    return [s.text.strip(" │╭╮╰╯─\u3000") for s in doc._layout.lines]


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_no_split_numbers_and_no_line_opening_with_a_comma(corpus, make_app, settle, size):
    app = make_app(corpus, start="xuzhou-gulou#ch01.s01")
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 0.2)
        lines = reader_lines(app)
        assert len(lines) > 200
        text = "".join(lines)
        for word in ("净增50家", "【300】", "2025年"):
            assert word in text
        for prev, line in zip(lines, lines[1:]):
            if not line or not prev:
                continue
            assert line[0] not in CLOSING, (prev, line)
            assert prev[-1] not in OPENING, (prev, line)
            assert not (prev[-1].isdigit() and line[0] in UNIT_START), (prev, line)


async def test_a_readable_measure_on_wide_terminals(corpus, make_app, settle, tmp_path):
    app = make_app(corpus, config_text="[reader]\nmeasure = 30\n", start="xuzhou-gulou#ch01.s01")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, 0.2)
        doc = app.screen.query_one(DocumentView)
        widths = [s.cell_length for s in doc._layout.lines]
        assert max(widths) <= 2 * 30  # 30 CJK characters, the first line's indent included
        assert max(widths) >= 2 * 30 - 1  # the measure is used, not something narrower


async def test_the_id_stays_visible_under_a_long_breadcrumb(corpus, make_app, settle):
    # 第一章's title is long: at 80 columns the path must give way, not the id.
    app = make_app(corpus, start="xuzhou-gulou#ch01.s05")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        crumb = app.screen.query_one(Breadcrumb)
        assert crumb.size.height == 2
        lines = crumb.render().plain.split("\n")
        assert len(lines) == 2
        assert lines[1].startswith("xuzhou-gulou#ch01.s05")
        assert "第五节" in lines[0]
        svg = app.export_screenshot()
        assert "xuzhou-gulou#ch01.s05" in svg


@pytest.mark.parametrize("width", [50, 76, 196])  # the reader at 80 columns is ~50 wide
def test_every_bundled_plan_laid_out_by_the_rules(corpus, width):
    from rich.style import Style

    from fyp_tui.ui.widgets.document import layout_plan

    names = ["title", "part", "chapter", "section", "item", "para", "lead", "box", "match", "binding"]
    styles = {n: Style() for n in names}
    for plan in corpus.plans.values():
        lines = [s.text.strip(" │╭╮╰╯─\u3000") for s in layout_plan(plan, width, styles, []).lines]
        for prev, line in zip(lines, lines[1:]):
            if prev and line:
                assert line[0] not in CLOSING, (plan.id, prev, line)
                assert not (prev[-1].isdigit() and line[0] in UNIT_START), (plan.id, prev, line)


def test_table_cells_are_highlighted_as_text_is(corpus):
    """A search hit in a table row or header opens the reader with the term highlighted
    in the table (cells were never marked: the reader stayed at the section's top).
    Expected: the words' occurrences in the source file, counted with str.count."""
    from rich.style import Style

    from fyp_tui.ui.widgets.document import layout_plan

    raw = (REPO / "corpus" / "raw" / "xuzhou-gulou.txt").read_text(encoding="utf-8")
    names = ["title", "part", "chapter", "section", "item", "para", "lead", "box", "match", "binding"]
    styles = {n: Style() for n in names}
    plan = corpus.get("xuzhou-gulou")
    for word in ("预期性", "约束性"):
        assert len(layout_plan(plan, 100, styles, [word]).matches) == raw.count(word), word


def test_a_hit_in_a_table_opens_at_the_table(corpus):
    from fyp_tui.model import Paragraph, Table
    from fyp_tui.ui.screens.search import hit_anchor

    plan = corpus.get("xuzhou-gulou")
    sec = plan.find("ch01.s05")
    kinds = {type(b): k for k, b in enumerate(sec.blocks)}
    assert hit_anchor(plan, "ch01.s05", kinds[Table]) == sec.blocks[kinds[Table]].id == "ch01.s05.tab02"
    assert hit_anchor(plan, "ch01.s05", kinds[Paragraph]) == "ch01.s05"
    assert hit_anchor(plan, "ch01.s05", -1) == "ch01.s05"  # the heading
