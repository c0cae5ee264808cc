"""The tree is drawn from the corpus manifest: starting the app decodes no plan it
does not show (app start to the tree must not grow with the corpus)."""

from __future__ import annotations

from fyp_tui.corpus import LazyPlans, load_corpus
from fyp_tui.ui.widgets.plan_tree import PlanTree


async def test_tree_draws_every_plan_from_metadata_only(make_app, settle):
    load_corpus(include_user=False)  # first load writes the manifest
    corpus = load_corpus(include_user=False)
    assert isinstance(corpus.plans, LazyPlans) and corpus.plans.decoded() == 0
    app = make_app(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        tree = app.screen.query_one(PlanTree)
        assert set(tree._plan_nodes) == set(corpus.plans)
        # the two 鼓楼区 stand under their own cities
        gulou = [(str(n.label), str(n.parent.label)) for n in tree._plan_nodes.values() if "鼓楼区" in str(n.label)]
        assert sorted(city for _, city in gulou) == ["徐州市", "福州市"]
        assert all(label == "鼓楼区 纲要 2021" for label, _ in gulou)
        # the reader opens one plan; the other four stay undecoded
        assert corpus.plans.decoded() <= 1


async def test_screens_listing_every_plan_decode_none(make_app, settle):
    """The search screen's filters, the compare picker and the palette's plan list
    name every plan: from the manifest, never by decoding each plan (at 10,000 plans
    that froze the app for 30 s and took 4.5 GB before the search screen opened)."""
    from fyp_tui.ui.commands import PlanCommands
    from fyp_tui.ui.screens.compare import PickPlansScreen
    from fyp_tui.ui.screens.search import SearchScreen

    load_corpus(include_user=False)
    corpus = load_corpus(include_user=False)
    app = make_app(corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        app.push_screen(SearchScreen())
        await settle(pilot, 0.3)
        assert corpus.plans.decoded() == 0
        app.pop_screen()
        app.push_screen(PickPlansScreen())
        await settle(pilot, 0.3)
        assert app.screen.query_one("#pick-a").option_count == len(corpus.plans)
        assert corpus.plans.decoded() == 0
        app.pop_screen()
        provider = PlanCommands(app.screen)
        named = [hit async for hit in provider.discover()]
        assert len(named) == len(corpus.plans)
        assert [hit async for hit in provider.search("鼓楼")]
        assert corpus.plans.decoded() == 0


async def test_a_long_heading_in_a_narrow_tree_takes_no_scroll_bar_row(corpus, make_app, settle):
    """At 80 columns the tree is ~24 cells wide and a plan's headings run past it: they
    are cut at the edge (the reader's header gives them whole), and no row of the tree
    goes to a horizontal scroll bar (keys cannot scroll it sideways anyway)."""
    app = make_app(corpus, start="xuzhou-gulou#ch01.s01")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        tree = app.screen.query_one(PlanTree)
        assert tree.virtual_size.width > tree.size.width  # a heading runs past the edge
        assert not tree.show_horizontal_scrollbar
        assert tree.scrollable_content_region.height == tree.size.height  # every row shows the tree
