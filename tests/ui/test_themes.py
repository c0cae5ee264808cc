"""Themes: the choice is kept for the next start, reader highlights follow a switch,
and tree guides stay readable on the light theme."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor

from fyp_tui.ui.widgets.document import DocumentView
from fyp_tui.ui.widgets.plan_tree import PlanTree


def luminance(rgb) -> float:
    def ch(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", ["fyp-paper", "fyp-ink"])
async def test_tree_guides_contrast(corpus, make_app, settle, theme):
    app = make_app(corpus, theme=theme)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(PlanTree)
        for focused in (True, False):
            if not focused:
                app.screen.set_focus(None)
                await pilot.pause()
            fg = tree.get_component_rich_style("tree--guides").color
            bg = tree.rich_style.bgcolor
            assert fg is not None and bg is not None
            ratio = contrast(fg.get_truecolor(), bg.get_truecolor())
            assert ratio >= 3.0, f"{theme} guides {ratio:.2f}:1 (focused={focused})"


async def test_theme_choice_is_saved(corpus, make_app, settle, tmp_path):
    app = make_app(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "fyp-paper"
        await settle(pilot)
    again = make_app(corpus)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "fyp-paper"
    flagged = make_app(corpus, theme="fyp-ink")  # --theme still wins
    async with flagged.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert flagged.theme == "fyp-ink"


async def test_highlights_follow_a_theme_switch(corpus, make_app, settle):
    app = make_app(corpus, theme="fyp-ink", start="xuzhou-gulou#preface")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("f", *"楼宇经济")
        await settle(pilot, 0.2)
        doc = app.screen.query_one(DocumentView)

        def match_bg() -> RichColor | None:
            line = doc._layout.lines[doc.matches[0]]
            return next(s.style.bgcolor for s in line if s.style and s.style.meta.get("fyp_match"))

        before = match_bg()
        want_before = doc._styles()["match"].bgcolor
        assert before == want_before
        app.theme = "fyp-paper"
        await settle(pilot, 0.3)
        after = match_bg()
        assert after != before
        assert after == doc._styles()["match"].bgcolor
