"""Compare as a user meets it: pick two plans, step through pairs, see shared text, export."""

from __future__ import annotations

from textual.widgets import DataTable

from fyp_tui.ui.screens.compare import CompareScreen


async def test_pick_step_swap_export(corpus, tmp_path, monkeypatch, make_app, settle):
    monkeypatch.chdir(tmp_path)
    app = make_app(corpus, start="xuzhou#p01")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        # A is the plan being read (xuzhou); pick B: 徐州鼓楼区 is the next in the list.
        await pilot.press("enter")
        ids = list(corpus.plans)
        await pilot.press(*["down"] * ((ids.index("xuzhou-gulou") - ids.index("xuzhou") - 1) % len(ids)))
        await pilot.press("enter")
        await settle(pilot, 0.3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert (screen.a, screen.b) == ("xuzhou", "xuzhou-gulou")
        table = screen.query_one("#pairs", DataTable)
        assert table.row_count == len(screen.rows) > 10
        # The city's 建议 and the district plan share a lot of text verbatim: some pair
        # shows long shared runs on both sides.
        best = 0.0
        for _ in range(12):
            await pilot.press("n")
            await settle(pilot)
            head = str(screen.query_one("#pair-head").render())
            if "of A found in B" in head:
                best = max(best, float(head.split("shared runs · ")[1].split("%")[0]))
        assert best >= 20
        await pilot.press("e")
        await settle(pilot)
        out = tmp_path / "fyp-compare-xuzhou-xuzhou-gulou.md"
        assert out.exists() and "徐州" in out.read_text(encoding="utf-8")
        await pilot.press("s")
        await settle(pilot, 0.3)
        assert (screen.a, screen.b) == ("xuzhou-gulou", "xuzhou")
        await pilot.press("v")  # chapter view
        await settle(pilot)
        assert screen.chapters and table.row_count >= 10
