"""The app driven as a user drives it (Textual Pilot): browse, find, search, bookmarks."""

from __future__ import annotations

import json

from fyp_tui.bookmarks import BookmarkStore
from fyp_tui.config import load_config
from fyp_tui.corpus import Corpus
from fyp_tui.ingest import parse_bytes
from fyp_tui.ui.app import FypApp
from fyp_tui.ui.screens.browse import Breadcrumb, BrowseScreen
from fyp_tui.ui.screens.search import SearchScreen
from fyp_tui.ui.widgets.document import DocumentView
from fyp_tui.ui.widgets.plan_tree import PlanTree


def doc_text(app) -> str:
    doc = app.screen.query_one(DocumentView)
    return "\n".join(strip.text for strip in doc._layout.lines)


async def test_open_plan_move_in_tree_and_read(corpus, tmp_path, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.screen.query_one(PlanTree)
        assert tree.has_focus
        # 江苏省 / 徐州市 / 徐州市 建议 / 徐州鼓楼区 纲要: the fourth line is xuzhou-gulou
        # (the cursor starts above the first line).
        await pilot.press("down", "down", "down", "down")
        await settle(pilot)
        assert tree.cursor_node.data.plan == "xuzhou-gulou"
        doc = app.screen.query_one(DocumentView)
        assert doc.plan.id == "xuzhou-gulou"  # previewed without Enter
        await pilot.press("right")  # expand its outline
        await pilot.press("down", "down", "down")  # 封面, 序言, 第一章
        await settle(pilot)
        assert tree.cursor_node.data.section == "ch01"
        assert app.screen.section_id == "ch01"
        crumb = str(app.screen.query_one(Breadcrumb).render())
        assert "徐州鼓楼区" in crumb and "第一章" in crumb
        await pilot.press("n")  # next section: 第一节 发展成就
        await settle(pilot)
        assert app.screen.section_id == "ch01.s01"
        text = doc_text(app)
        assert "第一节 发展成就" in text and "鼓楼区“十四五”经济社会发展指标体系" in text
        assert "PM2.5平均浓度" in text  # the indicator table is drawn as a table
        # the tree's cursor follows n and p: an arrow then moves on from there (it went
        # back to the section the cursor was left on)
        await pilot.press("n", "n")
        await settle(pilot)
        assert app.screen.section_id == "ch01.s03"
        assert tree.cursor_node.data.section == "ch01.s03"
        await pilot.press("p")
        await settle(pilot)
        assert tree.cursor_node.data.section == app.screen.section_id == "ch01.s02"
        await pilot.press("down")
        await settle(pilot)
        assert app.screen.section_id == "ch01.s03"


async def test_find_in_plan_highlights_and_steps(corpus, tmp_path, make_app, settle):
    app = make_app(corpus, start="fuzhou-gulou#ch04.s04")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        assert app.screen.plan.id == "fuzhou-gulou"
        await pilot.press("f")
        await pilot.press(*"CBD")
        await settle(pilot, 0.2)
        doc = app.screen.query_one(DocumentView)
        assert len(doc.matches) >= 1
        assert "match 1 of" in str(app.screen.query_one("#find-status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert doc.matches == []


async def test_search_as_you_type_and_open_a_hit(corpus, tmp_path, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"louyujingji")  # pinyin for 楼宇经济
        await pilot.pause(0.3)
        await settle(pilot, 0.3)
        result = app.screen.result
        assert result is not None and result.hits and "楼宇经济" in result.hits[0].matched
        assert set(result.counts) == {"fuzhou-gulou", "xuzhou-gulou", "lianyungang-haizhou", "zhenjiang-jingkou"}
        await pilot.press("enter")  # to the results
        await pilot.press("enter")  # open the first hit
        await settle(pilot, 0.2)
        assert isinstance(app.screen, BrowseScreen)
        first = result.hits[0]
        assert app.screen.plan.id == first.plan
        doc = app.screen.query_one(DocumentView)
        assert doc.matches, "the hit is highlighted in the reader"
        assert doc.scroll_y > 0


async def test_slash_on_the_search_screen_goes_back_to_its_query(corpus, make_app, settle):
    """From the list of hits, ``/`` returns to the query box with the query kept (it
    opened a second, empty search; Esc then showed the first one again)."""
    from textual.widgets import Input

    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"楼宇经济")
        await settle(pilot, 0.4)
        screen = app.screen
        await pilot.press("enter")  # to the results
        assert not isinstance(app.focused, Input)
        await pilot.press("slash")
        await settle(pilot)
        assert app.screen is screen and isinstance(app.focused, Input)
        assert app.focused.value == "楼宇经济"
        await pilot.press(*"数字")  # typed over the selected query
        await settle(pilot, 0.4)
        assert app.screen is screen and screen.query_one("#q", Input).value == "数字"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)


async def test_bookmark_and_note_persist(corpus, tmp_path, make_app, settle):
    app = make_app(corpus, start="xuzhou#p03.i04")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("b")
        await pilot.press("m")
        await pilot.press(*"shuzi")
        await pilot.press("ctrl+s")
        await settle(pilot)
    data = json.loads((tmp_path / "bookmarks.json").read_text(encoding="utf-8"))
    assert [(b["plan"], b["section"], b["note"]) for b in data["bookmarks"]] == [("xuzhou", "p03.i04", "shuzi")]
    assert data["bookmarks"][0]["title"] == "4、 培育壮大数字经济"


async def test_document_text_is_never_markup(tmp_path, make_app, settle):
    raw = "第一章 总则\n第一节 标记\n[bold]不是粗体[/] 与 [link=http://x]链接[/link]，以及 \x1b[31m转义\x1b[0m。\n".encode()
    plan = parse_bytes(raw, "markup")
    corpus = Corpus(plans={"markup": plan})
    app = make_app(corpus, start="markup#ch01.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        text = doc_text(app)
        assert "[bold]不是粗体[/]" in text and "[link=http://x]链接[/link]" in text
        assert "\x1b" not in text and "转义" in text.replace("\n", "")


async def test_broken_config_still_starts(corpus, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text("theme = [broken\n", encoding="utf-8")
    app = FypApp(corpus, config=load_config(cfg), bookmarks=BookmarkStore(tmp_path / "b.json"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert any("config.toml: not valid TOML" in n.message for n in app._notifications)


async def test_keymap_from_config(corpus, tmp_path, settle):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[keymap]\n"browse.next_section" = "j"\n', encoding="utf-8")
    app = FypApp(corpus, config=load_config(cfg), bookmarks=BookmarkStore(tmp_path / "b.json"),
                 start="xuzhou-gulou#ch02")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.section_id == "ch02.s01"


async def test_theme_flag_and_light_theme(corpus, tmp_path, make_app):
    app = make_app(corpus, theme="fyp-paper")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "fyp-paper" and not app.current_theme.dark


async def test_select_text_in_the_reader_and_copy(corpus, tmp_path, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#ch06")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        doc = app.screen.query_one(DocumentView)
        await pilot.mouse_down(doc, offset=(4, 3))
        await pilot.hover(doc, offset=(30, 5))
        await pilot.mouse_up(doc, offset=(30, 5))
        await pilot.press("ctrl+c")
        copied = app.clipboard.replace("\n", "")
        # 第六章's opening paragraph, as printed in the plan.
        assert "牢固树立和践行绿水青山就是金山银山的理念" in copied


async def test_copy_section(corpus, tmp_path, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#ch02.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("y")
        assert app.clipboard.startswith("第一节 加快现代商贸业提档升级") or "加快现代商贸业提档升级" in app.clipboard[:40]
        assert "专栏1：高端商贸核心区打造计划" in app.clipboard


async def test_brackets_in_titles_never_break_notifications_or_the_palette(tmp_path, make_app, settle):
    raw = "第三章 [/]坏标记\n第一节 [bold]节\n正文。\n".encode()
    plan = parse_bytes(raw, "markup")
    corpus = Corpus(plans={"markup": plan})
    app = make_app(corpus, start="markup#ch03.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("b")  # notifies "bookmarked … [bold]节"
        await pilot.press("ctrl+p")
        await pilot.press(*"坏标")
        await pilot.pause(0.5)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        assert app.bookmarks.find("markup", "ch03.s01")


async def test_keys_while_the_corpus_loads(corpus, tmp_path, settle):
    import threading

    gate = threading.Event()

    def slow_loader(progress):
        progress(1, 2)
        gate.wait(5)
        progress(2, 2)
        return corpus

    app = FypApp(config=load_config(tmp_path / "none.toml"), bookmarks=BookmarkStore(tmp_path / "b.json"),
                 loader=slow_loader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("slash", "c", "T", "B")  # refused while loading
        await pilot.press("question_mark")  # help is fine
        gate.set()
        await settle(pilot, 0.3)
        assert isinstance(app.screen, BrowseScreen)
        assert len(app.screen_stack) == 2


async def test_palette_compares_two_plans_named_in_the_query(corpus, tmp_path, make_app, settle):
    from textual.command import CommandList

    from fyp_tui.ui.screens.compare import CompareScreen

    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("ctrl+p")
        await pilot.press(*"compare 徐州鼓楼 京口")
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        want = "compare 徐州鼓楼区 纲要 with 镇江京口区 纲要"
        assert want in prompts, prompts[:5]
        options.highlighted = prompts.index(want)
        await pilot.press("enter")
        await settle(pilot, 0.3)
        assert isinstance(app.screen, CompareScreen)
        assert (app.screen.a, app.screen.b) == ("xuzhou-gulou", "zhenjiang-jingkou")
