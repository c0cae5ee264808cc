"""Find in the plan moves: Enter/F3/↓ forward, N/F2/↑ back, and reopening it
restores the query with its highlights."""

from __future__ import annotations

from fyp_tui.ui.widgets.document import DocumentView


def status(app) -> str:
    return str(app.screen.query_one("#find-status").render())


async def test_find_steps_forward_and_back(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#preface")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("f", *"楼宇经济")
        await settle(pilot, 0.2)
        doc = app.screen.query_one(DocumentView)
        n = len(doc.matches)
        assert n >= 5  # 楼宇经济 is written in more than five places of the plan
        assert f"match 1 of {n}" in status(app)
        tops = [doc.scroll_y]
        for key, want in (("enter", 2), ("enter", 3), ("enter", 4), ("f3", 5), ("up", 4), ("down", 5)):
            await pilot.press(key)
            await settle(pilot)
            assert f"match {want} of {n}" in status(app), (key, status(app))
            tops.append(doc.scroll_y)
        assert len(set(tops)) > 1, "the view follows the match"  # (two may share a line)
        await pilot.press("escape")  # close find: focus in the reader, N steps back
        await settle(pilot)
        assert doc.matches == []


async def test_previous_match_key_that_terminals_deliver(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#preface")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("f", *"楼宇经济", "enter", "enter")
        await settle(pilot)
        n = len(app.screen.query_one(DocumentView).matches)
        assert f"match 3 of {n}" in status(app)
        app.screen.query_one(DocumentView).focus()
        await pilot.press("N")
        assert f"match 2 of {n}" in status(app)
        await pilot.press("f2")
        assert f"match 1 of {n}" in status(app)
        await pilot.press("N")  # wraps to the last
        assert f"match {n} of {n}" in status(app)


async def test_reopening_find_restores_query_and_highlights(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#preface")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("f", *"楼宇经济", "enter")
        await settle(pilot)
        doc = app.screen.query_one(DocumentView)
        n = len(doc.matches)
        await pilot.press("escape")
        await settle(pilot)
        assert doc.matches == []
        await pilot.press("f")
        await settle(pilot, 0.2)
        assert len(doc.matches) == n, "highlights are back with the query"
        assert "楼宇经济" in status(app) and f"of {n}" in status(app)
        await pilot.press(*"数字")  # the query was selected: typing replaces it
        await settle(pilot, 0.2)
        assert app.screen.query_one("#find").value == "数字"


async def test_f3_after_closing_find_brings_the_last_find_back(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#preface")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("f", *"楼宇经济", "enter")
        await settle(pilot)
        doc = app.screen.query_one(DocumentView)
        n = len(doc.matches)
        assert "⏎/F3 next · F2/↑ prev" in status(app)  # the hint names keys that work in the box
        await pilot.press("escape")
        await settle(pilot)
        assert doc.matches == []
        await pilot.press("f3")  # the help lists F3 for the reader: it must do something
        await settle(pilot, 0.2)
        assert len(doc.matches) == n and app.screen.query_one("#find").display


async def test_hiding_the_tree_gives_the_reader_the_keys(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#ch01.s05")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        app.screen.query_one("#tree").focus()
        await pilot.press("t")
        await settle(pilot)
        doc = app.screen.query_one(DocumentView)
        assert doc.has_focus
        top = doc.scroll_y
        await pilot.press("pagedown")
        await settle(pilot)
        assert doc.scroll_y > top


async def test_find_counts_occurrences_not_lines(corpus, make_app, settle):
    """福州鼓楼's text says 楼宇经济 8 times (str.count on corpus/raw; no contents page to
    remove) and 楼宇 31 times: find says so at any width. It counted highlighted lines: 5,
    two on one line counting once and one wrapped over two lines counting twice."""
    from pathlib import Path

    raw = (Path(__file__).resolve().parents[2] / "corpus" / "raw" / "fuzhou-gulou.txt").read_text(encoding="utf-8")
    for term in ("楼宇经济", "楼宇"):
        for size in ((80, 24), (160, 45)):
            app = make_app(corpus, start="fuzhou-gulou#preface")
            async with app.run_test(size=size) as pilot:
                await settle(pilot, 0.2)
                await pilot.press("f", *term)
                await settle(pilot, 0.3)
                n = raw.count(term)
                assert len(app.screen.query_one(DocumentView).matches) == n, (term, size)
                assert f"match 1 of {n} " in status(app), (term, size, status(app))
