"""Help lists the screen's own keys first, text-box editing keys last."""

from __future__ import annotations

import io

from rich.console import Console

from fyp_tui.ui.screens.help import HelpScreen


def help_lines(app) -> list[str]:
    buf = io.StringIO()
    console = Console(file=buf, width=140, color_system=None)
    for table in app.screen._tables():
        console.print(table)
    return buf.getvalue().splitlines()


async def test_help_on_search_lists_its_keys_before_editing_keys(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")  # the query box has focus: ~30 editing keys apply
        await settle(pilot, 0.2)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = help_lines(app)
        where = {name: next(i for i, ln in enumerate(lines) if name in ln)
                 for name in ("on this screen", "everywhere", "in the focused box")}
        assert where["on this screen"] < where["everywhere"] < where["in the focused box"]
        mode = next(i for i, ln in enumerate(lines) if "search.mode" in ln)
        assert where["on this screen"] < mode < where["everywhere"]


async def test_help_descriptions_are_not_squeezed_at_80_columns(corpus, make_app, settle):
    """At 80 columns the group names do not widen the key column into the text."""
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        screen = app.screen.query_one("#help-dialog").region.width
        buf = io.StringIO()
        console = Console(file=buf, width=screen - 4, color_system=None)
        for table in app.screen._tables():
            console.print(table)
        rows = [ln for ln in buf.getvalue().splitlines() if "Focus Previous" in ln]
        assert rows, buf.getvalue()  # the description stays on one line
