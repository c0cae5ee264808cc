"""Export from the app asks for the path, writes atomically, never over a non-file."""

from __future__ import annotations

import csv
import json
import os

from textual.widgets import Input, Select

from fyp_tui.ui.screens.export import ExportScreen


async def test_search_results_and_frequencies(corpus, make_app, settle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"楼宇经济")
        await settle(pilot, 0.4)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert list(tmp_path.glob("fyp-*")) == []  # nothing written before the path is given
        box = app.screen.query_one("#export-path", Input)
        box.value = str(tmp_path / "hits.csv")
        await pilot.press("enter")
        await settle(pilot)
        rows = list(csv.reader((tmp_path / "hits.csv").open(encoding="utf-8")))
        assert rows[0][:3] == ["plan", "name", "section"] and len(rows) > 5
        assert "楼宇经济" in rows[1][-1] and sum("楼宇经济" in r[-1] for r in rows[1:]) >= 10
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#export-what", Select).value = "term frequencies"
        app.screen.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "freq.json")
        await pilot.press("enter")
        await settle(pilot)
        freq = json.loads((tmp_path / "freq.json").read_text(encoding="utf-8"))
        assert {r["plan"] for r in freq} >= {"fuzhou-gulou", "xuzhou-gulou"}


async def test_refuses_a_non_regular_file(corpus, make_app, settle, tmp_path):
    target = tmp_path / "fifo"
    os.mkfifo(target)
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("T")
        await settle(pilot, 0.3)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)  # still asking
        assert "not a regular file" in str(app.screen.query_one("#export-status").render())
        assert target.is_fifo()
        app.screen.query_one("#export-format", Select).value = "md"
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "grid.md")
        await pilot.press("enter")
        await settle(pilot)
        md = (tmp_path / "grid.md").read_text(encoding="utf-8")
        assert md.startswith("| indicator |") and "地区生产总值" in md
