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
        # Each row's path is the one `fyp search --json` gives the hit (a lead item, 条, in it:
        # 福州鼓楼's ch04.s04.t01 打造楼宇经济升级版 was cited as its 节 alone).
        from fyp_tui.search import get_index, search
        cli = {(h.plan, h.section): " › ".join(h.path) for h in search(get_index(corpus), "楼宇经济", limit=200).hits}
        assert all(r[3] == cli[(r[0], r[2])] for r in rows[1:] if (r[0], r[2]) in cli)
        lead = next(r for r in rows[1:] if r[:3] == ["fuzhou-gulou", r[1], "ch04.s04.t01"])
        assert lead[3].endswith("› 打造楼宇经济升级版"), lead[3]
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


async def test_several_words_count_units_and_export_the_words_matched(corpus, make_app, settle, tmp_path,
                                                                        monkeypatch):
    """楼宇 总部 counts units holding both words: each plan's head in the list says units (it
    said hits beside rows marked ×7); the export's ``matched`` holds the words as matched,
    not the stretch of text from the first to the last; the frequencies count units."""
    from textual.widgets import OptionList

    monkeypatch.chdir(tmp_path)
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"楼宇 总部")
        await settle(pilot, 0.5)
        hits = app.screen.query_one("#hits", OptionList)
        heads = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)
                 if hits.get_option_at_index(i).disabled]
        assert heads and all(h.rstrip().endswith(("unit", "units")) for h in heads), heads
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "hits.csv")
        await pilot.press("enter")
        await settle(pilot)
        rows = list(csv.DictReader((tmp_path / "hits.csv").open(encoding="utf-8")))
        assert rows and all(set(r["matched"].split(" / ")) == {"楼宇", "总部"} for r in rows), \
            [r["matched"] for r in rows]
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#export-what", Select).value = "term frequencies"
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "freq.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert next(csv.reader((tmp_path / "freq.csv").open(encoding="utf-8")))[-1] == "units"
