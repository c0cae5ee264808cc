"""Plans ingested while the app runs appear after a reload (ctrl+r or the palette)."""

from __future__ import annotations

from fyp_tui.corpus import Corpus
from fyp_tui.ingest import parse_bytes
from fyp_tui.ui.widgets.plan_tree import PlanTree


async def test_reload_shows_new_plans(corpus, make_app, settle):
    fewer = Corpus(plans={k: v for k, v in corpus.plans.items() if k != "fuzhou-gulou"})
    state = {"corpus": fewer}

    def loader(progress=None):
        return state["corpus"]

    app = make_app(None, loader=loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        assert "fuzhou-gulou" not in app.corpus.plans
        extra = parse_bytes("第一章 总则\n第一节 新规划\n正文。\n".encode(), "newplan")
        state["corpus"] = Corpus(plans={**corpus.plans, "newplan": extra})  # as if `fyp ingest` ran meanwhile
        await pilot.press("ctrl+r")
        await settle(pilot, 0.3)
        assert {"fuzhou-gulou", "newplan"} <= set(app.corpus.plans)
        tree = app.screen.query_one(PlanTree)
        assert "newplan" in tree._plan_nodes and tree.corpus is app.corpus
        assert any("2 new" in n.message for n in app._notifications)


async def test_the_app_says_when_plans_were_made_by_an_older_fyp(corpus, make_app, settle):
    old = parse_bytes("第一章 总则\n第一节 旧规划\n正文。\n".encode(), "oldplan")
    old.parser = 0  # as an older fyp wrote it

    def loader(progress=None):
        from fyp_tui.config import user_corpus_dir

        return Corpus(plans={**corpus.plans, "oldplan": old},
                      origin={"oldplan": str(user_corpus_dir() / "parsed" / "oldplan.json")})

    app = make_app(None, loader=loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        said = [n.message for n in app._notifications if "older fyp" in n.message]
        assert said and "1 of your plans was parsed by an older fyp" in said[0] and "--reparse" in said[0]


async def test_the_plans_are_grouped_by_the_loading_worker_not_the_ui_thread(corpus, make_app, settle, monkeypatch):
    """Reading every plan's metadata and ordering the places takes ~0.1 s at 10,000
    plans: the worker that loads (or reloads) the corpus does it, and the tree on the UI
    thread only adds the nodes it is given."""
    import threading

    from fyp_tui import places
    from fyp_tui.ui import app as app_module
    from fyp_tui.ui.widgets import plan_tree

    on_ui_thread = []

    def grouping(c):
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        return places.place_groups(c)

    monkeypatch.setattr(app_module, "place_groups", grouping)
    monkeypatch.setattr(plan_tree, "place_groups", grouping)
    app = make_app(None, loader=lambda progress=None: corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        tree = app.screen.query_one(PlanTree)
        assert set(tree._plan_nodes) == set(corpus.plans)
        assert on_ui_thread == [False]
        await pilot.press("ctrl+r")
        await settle(pilot, 0.3)
        assert set(tree._plan_nodes) == set(corpus.plans)
        assert on_ui_thread == [False, False]


async def test_every_plans_name_is_listed_by_a_worker_after_the_first_frame(corpus, make_app, settle, monkeypatch):
    """The search filters, the compare picker and the palette name every plan (~0.1 s
    at 10,000 plans): a worker lists them once the tree is drawn, and the screens take
    the list; after a reload it is listed again, for the new corpus."""
    import threading

    from fyp_tui.ui import app as app_module
    from fyp_tui.ui import names
    from fyp_tui.ui.screens.compare import PickPlansScreen
    from fyp_tui.ui.screens.search import SearchScreen

    on_ui_thread = []

    def listing(c):
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        return names.listing(c)

    monkeypatch.setattr(app_module, "listing", listing)
    app = make_app(None, loader=lambda progress=None: corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        assert on_ui_thread == [False] and app.listing.corpus is app.corpus
        assert app.listing.names["fuzhou-gulou"] == "福州鼓楼区 纲要"  # its title page: 福州市鼓楼区…纲要
        app.push_screen(SearchScreen())
        await settle(pilot, 0.3)
        app.pop_screen()
        app.push_screen(PickPlansScreen())
        await settle(pilot, 0.3)
        assert app.screen.query_one("#pick-a").option_count == len(corpus.plans)
        app.pop_screen()
        assert on_ui_thread == [False]  # the screens listed no plan themselves
        await pilot.press("ctrl+r")
        await settle(pilot, 0.3)
        assert on_ui_thread == [False, False]
