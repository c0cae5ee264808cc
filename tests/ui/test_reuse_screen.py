"""`r` on a section lists its reuse matches; enter opens the source with the passage highlighted;
the compare screen shows the share reused."""

from __future__ import annotations

from textual.widgets import DataTable

from fyp_tui.ui.screens.browse import BrowseScreen
from fyp_tui.ui.screens.compare import CompareScreen
from fyp_tui.ui.screens.reuse import ReuseScreen


async def reuse_screen(app, pilot, settle) -> ReuseScreen:
    """Press ``r`` on the section the app opened at; the reuse screen once it has its list."""
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot, 0.3)
    assert isinstance(app.screen, ReuseScreen)
    return app.screen


async def test_r_lists_matches_and_enter_opens_the_source(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou#p02.sp02.i01")  # the 建议's 指导思想
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen) and browse.section_id == "p02.sp02.i01"
        await pilot.press("r")
        await settle(pilot, 0.3)
        screen = app.screen
        assert isinstance(screen, ReuseScreen)
        table = screen.query_one("#reuse-matches", DataTable)
        assert table.row_count == len(screen.matches) >= 1
        k = next(i for i, m in enumerate(screen.matches) if m["plan"] == "xuzhou-gulou")
        plan, section, terms = screen.passage_in_source(k)
        assert terms and terms[0] in corpus.get(plan).find(section).full_text()
        table.move_cursor(row=k)
        await pilot.press("enter")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.plan.id == "xuzhou-gulou" and app.screen.section_id == section
        assert app.screen.query_one("#doc").terms == terms


async def test_compare_head_shows_the_share_reused(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CompareScreen("xuzhou", "xuzhou-gulou"))
        await settle(pilot, 0.3)
        head = str(app.screen.query_one("#compare-head").render())
        assert "reused verbatim" in head and "% of A" in head


async def test_passages_are_shown_in_their_sentence(corpus, make_app, settle):
    """Each passage is set in the words around it in the query section (dim), so one
    that begins mid-phrase still reads; the passage itself is the bold part."""
    app = make_app(corpus, start="xuzhou-gulou#ch03.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reuse_screen(app, pilot, settle)
        assert screen.matches
        text = corpus.get("xuzhou-gulou").find("ch03.s01").full_text()
        shown = screen.query_one("#reuse-passages").render()
        assert "spans" not in screen.matches[0]  # the list is made without the passages
        for span in screen.spans(0):
            a, b = span["a"]
            bold = [shown.plain[s.start:s.end] for s in shown.spans if "bold" in str(s.style)]
            assert span["text"] in bold
            line = next(ln for ln in shown.plain.split("\n") if span["text"] in ln)
            # the characters just before and after the passage in the section are there too
            assert text[max(0, a - 3):a] + span["text"] + text[b:b + 3] in line


async def test_head_counts_one_match_in_the_singular(corpus, make_app, settle):
    # the 建议's first review item is found in one section of one other plan (read in the
    # app at 80x24: "found in 1 sections" was shown before)
    app = make_app(corpus, start="xuzhou#p01.i01")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reuse_screen(app, pilot, settle)
        assert len(screen.matches) == 1
        head = str(screen.query_one("#reuse-head").render())
        assert "found in 1 section of other plans" in head, head


async def test_enter_highlights_the_passage_in_a_plan_the_tree_shows_above(corpus, make_app, settle):
    """From 徐州鼓楼's ch07.s01 to the 徐州建议 above it in the tree: opening the 建议 moved
    the tree's lines, and the highlight of the line left behind reopened 徐州鼓楼 and then
    the 建议 without the passage (a reviewer saw nothing marked). The reader must show
    the source section with the passage marked."""
    app = make_app(corpus, start="xuzhou-gulou#ch07.s01")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, 0.5)
        screen = app.screen
        assert isinstance(screen, ReuseScreen)
        k = next(i for i, m in enumerate(screen.matches) if m["plan"] == "xuzhou")
        plan, section, terms = screen.passage_in_source(k)
        screen.query_one("#reuse-matches", DataTable).move_cursor(row=k)
        await pilot.press("enter")
        await settle(pilot, 0.5)
        doc = app.screen.query_one("#doc")
        assert (app.screen.plan.id, app.screen.section_id) == (plan, section) == ("xuzhou", section)
        assert doc.terms == terms and len(doc.matches) >= 1
