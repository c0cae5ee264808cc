"""Where a term sits: a strip per plan, one cell per chapter, marked where it has hits."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Select

from fyp_tui.ui.screens.search import chapters, term_strip


async def exact_search(app, pilot, settle, term: str):
    """Open the search screen, switch to exact mode, type ``term``; the result shown."""
    await pilot.press("slash")
    await settle(pilot, 0.2)
    app.screen.query_one("#mode", Select).value = "exact"
    await pilot.press(*term)
    await settle(pilot, 0.4)
    return app.screen.result


def says(plan, cid: str, term: str) -> bool:
    """Read the chapter's own text, not the engine: does it say ``term``?"""
    return term in "".join(plan.section(cid).full_text().split())


async def test_strip_marks_the_chapters_that_hold_the_term(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(140, 40)) as pilot:
        result = await exact_search(app, pilot, settle, "楼宇经济")
        assert result.total == sum(len(h.spans) for h in result.hits)  # every match counted, one hit per unit
        for pid in result.counts:
            plan = corpus.plans[pid]
            strip = term_strip(plan, result.hits).plain
            ids = chapters(plan)
            assert len(strip) == len(ids)
            for cid, cell in zip(ids, strip):
                assert (cell != "·") == says(plan, cid, "楼宇经济"), (pid, cid, cell)
        chart = str(app.screen.query_one("#chart").render())
        assert "█" in chart and "·" in chart


async def test_strip_stays_on_its_line_at_80_columns(corpus, make_app, settle):
    """A plan with more chapters than the chart has room for shares them out over the
    cells: no strip wraps, and a cell is marked when any of its chapters holds the term."""
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        result = await exact_search(app, pilot, settle, "数字经济")
        plan = max((corpus.plans[p] for p in result.counts), key=lambda p: len(chapters(p)))
        ids = chapters(plan)
        cells = len(ids) // 2
        strip = term_strip(plan, result.hits, cells=cells).plain
        assert len(strip) == cells
        for k, cell in enumerate(strip):
            group = ids[k * len(ids) // cells:(k + 1) * len(ids) // cells]
            held = any(says(plan, c, "数字经济") for c in group)
            assert (cell != "·") == held, (k, group, cell)
        chart = app.screen.query_one("#chart")
        lines = chart.render().plain.split("\n")
        too_wide = [ln for ln in lines if Text(ln).cell_len > chart.size.width]
        assert not too_wide
        # no strip spilled onto a line of its own
        assert not any(set(ln.strip()) <= {"·"} and ln.strip() for ln in lines)
