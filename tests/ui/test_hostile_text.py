"""Text is data at the app's boundary: escapes from metadata, section text, file
names and user files never reach the screen, and ``[bold]`` shows as written."""

from __future__ import annotations

from fyp_tui.corpus import Corpus
from fyp_tui.ingest import parse_bytes

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # a clipboard write
TITLE = "\x1b]0;pwned\x07"  # a window-title change
ALT = "\x1b[?1049h"  # the alternate screen
BAD = (OSC52, TITLE, ALT)


def hostile_corpus() -> Corpus:
    raw = ("第一章 总则" + OSC52 + "\n第一节 标记[bold]粗[/bold]" + TITLE + "\n"
           "正文[red]红[/red]与" + ALT + "转义，净增50家。\n").encode()
    plan = parse_bytes(raw, "evil")
    # Ingest cuts escapes from what it reads; a parsed JSON in a --corpus directory
    # can still carry them, so put them back into the model directly.
    sec = plan.section("ch01.s01")
    sec.title = sec.title + TITLE
    sec.blocks[0].text = sec.blocks[0].text.replace("与", "与" + ALT)
    plan.forget_paths()
    m = plan.meta
    m.title = "规划[bold]标题[/bold]" + OSC52
    m.province = "江苏省" + TITLE
    m.city = "徐州市[i]" + ALT
    m.district = "鼓楼区" + OSC52
    return Corpus(plans={"evil": plan})


def screen_text(app) -> str:
    return app.export_screenshot()


def assert_clean(svg: str) -> None:
    for seq in ("\x1b", "\x07", "\x9b", "\x9d", "52;c;", "]0;pwned", "?1049h"):
        assert seq not in svg, f"{seq!r} reached the screen"


async def test_browse_reader_breadcrumb_and_tree(make_app, settle, tmp_path):
    app = make_app(hostile_corpus(), start="evil#ch01.s01")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, 0.2)
        svg = screen_text(app)
        assert_clean(svg)
        assert "[bold]粗[/bold]" in svg  # a section title, literally
        assert "正文[red]红[/red]与转义" in svg
        assert "徐州市[i]" in svg  # the tree's city node
        await pilot.press("b")  # bookmark, then the bookmarks list and the palette
        await pilot.press("B")
        await settle(pilot)
        svg = screen_text(app)
        assert_clean(svg)
        assert "[bold]粗[/bold]" in svg
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"evil")
        await settle(pilot, 0.3)
        svg = screen_text(app)
        assert_clean(svg)
        assert "规划[bold]标题[/bold]" in svg or "[i]" in svg


async def test_search_list_and_notifications(make_app, settle):
    app = make_app(hostile_corpus())
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot, 0.1)
        app.notify("file " + OSC52 + "[b]x.txt[/b] skipped")
        await pilot.pause(0.1)
        svg = screen_text(app)
        assert_clean(svg)
        assert "[b]x.txt[/b]" in svg
        await pilot.press("slash", *"正文")
        await settle(pilot, 0.3)
        svg = screen_text(app)
        assert_clean(svg)
        assert "[red]红[/red]" in svg
