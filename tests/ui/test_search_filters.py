"""The 规划 filter of the search screen at scale: a corpus of more plans than a list can
show offers one province's plans (the province chosen, else the one of the plan being
read), so the screen does not lay out every plan of the corpus. Played on the bundled
corpus with the threshold lowered to 2: 江苏省 has four plans, 福建省 one (福州鼓楼)."""

from __future__ import annotations

from textual.widgets import Select

import fyp_tui.ui.screens.search as search_screen

JIANGSU = {"xuzhou-gulou", "xuzhou", "lianyungang-haizhou", "zhenjiang-jingkou"}


def offered(screen) -> set[str]:
    return {str(v) for _, v in screen.query_one("#plan", Select)._options if v is not Select.NULL}


async def test_a_large_corpus_offers_one_provinces_plans(corpus, make_app, settle, monkeypatch):
    monkeypatch.setattr(search_screen, "PLAN_CHOICES", 2)
    app = make_app(corpus, start="xuzhou-gulou#ch02")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash", *"发展")
        await settle(pilot, 0.3)
        screen = app.screen
        assert offered(screen) == JIANGSU  # the province of the plan being read
        screen.query_one("#province", Select).value = "福建省"
        await settle(pilot, 0.3)
        assert offered(screen) == {"fuzhou-gulou"}
        screen.query_one("#plan", Select).value = "fuzhou-gulou"
        await settle(pilot, 0.5)
        assert screen.result is not None and set(screen.result.counts) == {"fuzhou-gulou"}
        screen.query_one("#province", Select).value = Select.NULL
        await settle(pilot, 0.3)
        assert offered(screen) == {"fuzhou-gulou"}  # the plan chosen stays offered, and chosen
        assert screen.query_one("#plan", Select).value == "fuzhou-gulou"


async def test_a_small_corpus_offers_every_plan(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#ch02")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("slash")
        await settle(pilot, 0.3)
        assert offered(app.screen) == JIANGSU | {"fuzhou-gulou"}
