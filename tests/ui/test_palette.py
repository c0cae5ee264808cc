"""The command palette: compare stays on offer, one named plan is enough to compare
with, and the bookmarks list has an entry."""

from __future__ import annotations

from textual.command import CommandList


async def prompts(app, pilot, settle, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.press(*query)
    await pilot.pause(0.5)
    await settle(pilot)
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_typing_compare_keeps_the_picker(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "compare two plans…" in await prompts(app, pilot, settle, "compare")


async def test_compare_with_one_named_plan(corpus, make_app, settle):
    from fyp_tui.ui.screens.compare import CompareScreen

    app = make_app(corpus, start="xuzhou-gulou#ch01")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        got = await prompts(app, pilot, settle, "compare with 福州")
        want = "compare 徐州鼓楼区 纲要 with 福州鼓楼区 纲要"  # the plan being read, first
        assert got and got[0] == want, got[:5]
        await pilot.press("enter")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, CompareScreen)
        assert (app.screen.a, app.screen.b) == ("xuzhou-gulou", "fuzhou-gulou")


async def test_bookmarks_list_entry(corpus, make_app, settle):
    from fyp_tui.ui.screens.bookmarks import BookmarksScreen

    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        got = await prompts(app, pilot, settle, "bookmarks")
        assert "bookmarks: list all, with notes" in got
        options = app.screen.query_one(CommandList)
        options.highlighted = got.index("bookmarks: list all, with notes")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)


async def test_a_box_title_jumps_to_its_section(corpus, make_app, settle):
    """海州's 专栏:重要改革事项 is offered as it reads, and opens 第四章 第二节 (the section
    holding it, raw text)."""
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        got = await prompts(app, pilot, settle, "重要改革事项")
        at = next(i for i, p in enumerate(got) if "专栏：重要改革事项" in p)
        options = app.screen.query_one(CommandList)
        options.highlighted = at
        await pilot.press("enter")
        await settle(pilot, 0.3)
        place = app.here()
        assert (place.plan, place.section) == ("lianyungang-haizhou", "ch04.s02")


async def test_plan_names_are_matched_off_the_event_loop(corpus, make_app, settle, monkeypatch):
    """Matching every plan's name takes ~0.2 s a keystroke at 10,000 plans: the providers
    that do it (open a plan, compare) run that matching in a thread, so the palette
    takes keystrokes meanwhile; what they offer is the same."""
    import threading

    from textual.fuzzy import Matcher

    on_loop = []
    match = Matcher.match

    def recording(self, candidate: str) -> float:
        if "(fuzhou-gulou)" in candidate or candidate.endswith(" fuzhou-gulou"):  # a plan's name
            on_loop.append(threading.current_thread() is threading.main_thread())
        return match(self, candidate)

    monkeypatch.setattr(Matcher, "match", recording)
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        got = await prompts(app, pilot, settle, "福州")
        assert any(p.startswith("open 福州鼓楼区 纲要 (fuzhou-gulou)") for p in got)  # its title as help
        assert any(p.startswith("compare ") and "福州鼓楼区" in p for p in got)
    assert on_loop and not any(on_loop)


async def test_a_large_corpus_offers_the_plans_of_the_city_being_read(corpus, make_app, settle, monkeypatch):
    """Before anything is typed the palette offers plans to open: all of a small corpus,
    but of a large one (all 10,005 held the UI 2.2 s) the plans of the city of the plan
    being read; typing still finds every plan."""
    from fyp_tui.ui import commands

    monkeypatch.setattr(commands, "DISCOVER_MOST", 2)  # the five bundled plans count as many
    app = make_app(None, loader=lambda progress=None: corpus, start="xuzhou-gulou#ch01")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        offered = [p.split("\n")[0] for p in await prompts(app, pilot, settle, "") if p.startswith("open ")]
        # 徐州市's two plans: the city's 建议 and 鼓楼区's 纲要 (their title pages)
        assert sorted(offered) == ["open 徐州市 建议 (xuzhou)", "open 徐州鼓楼区 纲要 (xuzhou-gulou)"]
        await pilot.press(*"京口")
        await pilot.pause(0.5)
        await settle(pilot)
        options = app.screen.query_one(CommandList)
        found = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("open 镇江京口区 纲要 (zhenjiang-jingkou)") for p in found)


async def test_a_query_every_plan_matches_offers_the_best_few(corpus, make_app, settle, monkeypatch):
    """纲要 is in the name of every outline (5,076 plans at 10,005, all laid out by the
    palette): it offers the best ``PLAN_HITS`` of them to open."""
    from fyp_tui.ui import commands

    monkeypatch.setattr(commands, "PLAN_HITS", 2)
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        opened = [p.split("\n")[0] for p in await prompts(app, pilot, settle, "纲要") if p.startswith("open ")]
        # four of the five bundled plans are 纲要 (their title pages); 徐州市委's is a 建议
        assert len(opened) == 2 and all(" 纲要 (" in p for p in opened), opened
