"""The search list: one header per plan, one row per paragraph with all its matches,
counts in good English, an empty filtered result explained, End in one press,
filter labels in Chinese."""

from __future__ import annotations

from textual.widgets import OptionList, Select

from fyp_tui.search.results import Hit
from fyp_tui.ui.screens.search import SearchScreen, group_rows, plural, snippet


def hit(plan, section, block, spans, tier="exact", text="甲乙丙丁楼宇经济戊己楼宇经济庚辛"):
    return Hit(plan, section, block, -1, tier, 1.0, text[spans[0][0]:spans[-1][1]], list(spans), text)


def test_rows_group_by_plan_then_paragraph():
    hits = [hit("a", "ch01", 0, [(4, 8)]), hit("b", "ch02", 1, [(4, 8)]),
            hit("a", "ch01", 0, [(10, 14)], tier="pinyin"), hit("a", "ch03", 2, [(4, 8)])]
    rows = group_rows(hits)
    assert [(r.first.plan, r.first.section) for r in rows] == [("a", "ch01"), ("a", "ch03"), ("b", "ch02")]
    assert rows[0].spans == [(4, 8), (10, 14)]
    t = snippet(rows[0].first.text, rows[0].spans)
    marked = [t.plain[s.start:s.end] for s in t.spans]
    assert marked == ["楼宇经济", "楼宇经济"]


def test_plural():
    assert plural(1, "hit") == "1 hit" and plural(2, "plan") == "2 plans" and plural(0, "hit") == "0 hits"


def list_rows(screen) -> list[str]:
    ol = screen.query_one("#hits", OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


async def test_one_header_per_plan_and_one_row_per_paragraph(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"lyjj")  # pinyin initials and exact hits in the same paragraphs
        await pilot.pause(0.3)
        await settle(pilot, 0.3)
        screen = app.screen
        screen.load_all_rows()
        rows = list_rows(screen)
        headers = [r for r, h in zip(rows, screen._hits) if h is None]
        names = [h.split("  ")[0] for h in headers]
        assert len(names) == len(set(names)) == len(screen.result.counts)
        units = [(h.first.plan, h.first.section, h.first.block, h.first.item) for h in screen._hits if h is not None]
        assert len(units) == len(set(units)), "one row per paragraph"


async def test_counts_empty_filter_end_and_labels(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await settle(pilot, 0.2)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        level = screen.query_one("#level", Select)
        assert {str(label) for label, _ in level._options if label} >= {"区级", "市级", "省级"}
        assert str(level.prompt) == "层级"
        await pilot.press(*"楼宇经济")
        await pilot.pause(0.3)
        await settle(pilot, 0.3)
        status = str(screen.query_one("#status").render())
        assert " hits in " in status and not status.startswith(("1 hits", "1 plans"))
        # End goes to the last hit in one press
        await pilot.press("enter")
        await pilot.press("end")
        ol = screen.query_one("#hits", OptionList)
        assert not screen._pending and ol.highlighted == ol.option_count - 1
        # a filter that leaves nothing says why
        screen.query_one("#level", Select).value = "province"
        await pilot.pause(0.3)
        await settle(pilot, 0.3)
        status = str(screen.query_one("#status").render())
        assert "0 hits" in status and "filters" in status


async def test_the_bars_are_drawn_again_for_the_width_a_resize_leaves(corpus, make_app, settle):
    """Searched at 160 columns, then 80: the per-plan bars kept their wide size and wrapped
    (a bar on one line, its count on the next, a lone · below). They are drawn again
    for the chart's new width, and again when it widens."""
    from rich.cells import cell_len
    from textual.widgets import Static

    app = make_app(corpus)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("slash", *"CBD")
        await settle(pilot, 0.5)
        chart = app.screen.query_one("#chart", Static)
        wide = str(chart.render())
        for size in ((80, 24), (160, 45)):
            await pilot.resize_terminal(*size)
            await settle(pilot, 0.3)
            lines = str(chart.render()).splitlines()
            assert lines and all(cell_len(ln) <= chart.content_size.width for ln in lines), (size, lines)
            assert [ln.split()[-1] for ln in lines if ln.startswith(("福州", "徐州"))] == ["2", "1"]  # bar and count
        assert str(chart.render()) == wide
