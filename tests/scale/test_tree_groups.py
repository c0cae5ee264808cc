"""A large corpus starts with its city groups closed: the first frame draws the
groups, not 10,000 plan lines; a group gets its plans when opened, and opening a
plan by reference (``fyp open``, a search hit, a bookmark) opens its group first."""

from __future__ import annotations

from fyp_tui.bookmarks import BookmarkStore
from fyp_tui.config import load_config
from fyp_tui.corpus import load_corpus
from fyp_tui.ui.app import FypApp
from fyp_tui.ui.state import UiState
from fyp_tui.ui.widgets import plan_tree
from fyp_tui.ui.widgets.plan_tree import PlanTree


def app_on(corpus, tmp_path) -> FypApp:
    return FypApp(corpus, config=load_config(tmp_path / "none.toml"), bookmarks=BookmarkStore(tmp_path / "b.json"),
                  state=UiState.load(tmp_path / "state.json"))


def cities(tree: PlanTree) -> dict[str, object]:
    return {str(c.label): c for p in tree.root.children for c in p.children if c.data.kind == "group"}


async def test_city_groups_start_closed_and_fill_when_opened(user_dirs, tmp_path, monkeypatch):
    monkeypatch.setattr(plan_tree, "LAZY_GROUPS", 2)  # the five bundled plans count as many
    corpus = load_corpus(include_user=False)
    app = app_on(corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        tree = app.screen.query_one(PlanTree)
        groups = cities(tree)
        assert set(groups) == {"徐州市", "连云港市", "镇江市", "福州市"}
        assert not tree._plan_nodes and all(not g.is_expanded and not g.children for g in groups.values())
        assert tree.last_line < 10  # provinces and cities only
        xuzhou = groups["徐州市"]
        tree.cursor_line = xuzhou.line
        await pilot.press("right")
        await pilot.pause(0.1)
        assert xuzhou.is_expanded and set(tree._plan_nodes) == {"xuzhou", "xuzhou-gulou"}
        assert {str(n.label).split()[0] for n in xuzhou.children} == {"徐州市", "鼓楼区"}
        tree.reveal("fuzhou-gulou", "")  # a plan in a closed group
        await pilot.pause(0.1)
        assert groups["福州市"].is_expanded and "fuzhou-gulou" in tree._plan_nodes
        assert tree._plan_nodes["fuzhou-gulou"].parent is groups["福州市"]
        assert tree.cursor_node is tree._plan_nodes["fuzhou-gulou"]  # and the cursor is on it


async def test_a_small_corpus_opens_every_group(user_dirs, tmp_path):
    corpus = load_corpus(include_user=False)
    app = app_on(corpus, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        tree = app.screen.query_one(PlanTree)
        assert set(tree._plan_nodes) == set(corpus.plans)
        assert all(g.is_expanded for g in cities(tree).values())
