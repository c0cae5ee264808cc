"""Compare as a user meets it: pick two plans, step through pairs, see shared text, export."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.widgets import DataTable, Input

from fyp_tui.ui.screens.browse import BrowseScreen
from fyp_tui.ui.screens.compare import CompareScreen
from fyp_tui.ui.screens.export import ExportScreen
from fyp_tui.ui.widgets.side_row import SideRow


async def open_compare(app, pilot, settle, a: str, b: str) -> CompareScreen:
    """The compare screen of plans ``a`` and ``b``, once its alignment is shown."""
    await settle(pilot)
    app.push_screen(CompareScreen(a, b))
    await settle(pilot, 0.5)
    assert isinstance(app.screen, CompareScreen)
    return app.screen


async def test_pick_step_swap_export(corpus, tmp_path, monkeypatch, make_app, settle):
    monkeypatch.chdir(tmp_path)
    app = make_app(corpus, start="xuzhou#p01")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        # A is the plan being read (xuzhou); pick B: 徐州鼓楼区 is the next in the list.
        await pilot.press("enter")
        ids = list(corpus.plans)
        await pilot.press(*["down"] * ((ids.index("xuzhou-gulou") - ids.index("xuzhou") - 1) % len(ids)))
        await pilot.press("enter")
        await settle(pilot, 0.3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert (screen.a, screen.b) == ("xuzhou", "xuzhou-gulou")
        table = screen.query_one("#pairs", DataTable)
        assert table.row_count == len(screen.rows) > 10
        # The city's 建议 and the district plan share a lot of text verbatim: some pair
        # shows long shared runs on both sides.
        best = 0.0
        for _ in range(12):
            await pilot.press("n")
            await settle(pilot)
            head = screen.pair_head.plain
            if "of A found in B" in head:
                best = max(best, float(re.search(r"shared runs? · (\d+)%", head).group(1)))
        assert best >= 20
        await pilot.press("e")  # asks where: nothing is written before the path is confirmed
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        out = tmp_path / "fyp-compare-xuzhou-xuzhou-gulou.csv"
        assert not out.exists()
        assert app.screen.query_one("#export-path", Input).value == str(out)
        await pilot.press("enter")
        await settle(pilot)
        text = out.read_text(encoding="utf-8")
        assert text.startswith("relation,a,a_title,b,b_title,score,shared") and "equivalent,xuzhou#" in text
        assert app.screen is screen
        await pilot.press("s")
        await settle(pilot, 0.3)
        assert (screen.a, screen.b) == ("xuzhou-gulou", "xuzhou")
        await pilot.press("v")  # chapter view
        await settle(pilot)
        assert screen.chapters and table.row_count >= 10


async def test_o_opens_either_side_in_both_views(corpus, make_app, settle):
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot, settle, "xuzhou-gulou", "zhenjiang-jingkou")
        # a pair whose two sections have different ids, so the sides cannot be mistaken
        k, pair = next((k, p) for k, p in enumerate(screen.rows) if not isinstance(p, tuple) and p.a.id != p.b.id)
        screen.query_one("#pairs", DataTable).move_cursor(row=k)
        await settle(pilot)
        await pilot.press("O")  # B's side of the first pair
        await settle(pilot, 0.3)
        assert isinstance(app.screen, BrowseScreen)
        assert (app.screen.plan.id, app.screen.section_id) == ("zhenjiang-jingkou", pair.b.id)
        await pilot.press("alt+left")  # back to the comparison
        await settle(pilot, 0.5)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and (screen.a, screen.b) == ("xuzhou-gulou", "zhenjiang-jingkou")
        screen.query_one("#pairs", DataTable).move_cursor(row=k)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot, 0.3)
        assert (app.screen.plan.id, app.screen.section_id) == ("xuzhou-gulou", pair.a.id)
        await pilot.press("alt+left")
        await settle(pilot, 0.5)
        screen = app.screen
        await pilot.press("v")  # chapter view: o opens A's chapter
        await settle(pilot)
        row = next(r for r in screen.rows if r.a is not None)
        screen.query_one("#pairs", DataTable).move_cursor(row=screen.rows.index(row))
        await pilot.press("o")
        await settle(pilot, 0.3)
        assert (app.screen.plan.id, app.screen.section_id) == ("xuzhou-gulou", row.a.id)


async def test_side_by_side_text_follows_the_line_breaking_rules(corpus, make_app, settle):
    """The compare panes are set by the Chinese rules: at 80 columns no line of either
    side opens with closing punctuation and no number parts from its digits."""
    from fyp_tui.linebreak import CLOSING

    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(app, pilot, settle, "fuzhou-gulou", "xuzhou-gulou")
        checked = 0
        for _ in range(8):
            await pilot.press("n")
            await settle(pilot, 0.3)
            for row in screen.query(SideRow):
                if row.content_region.width <= 0:
                    continue
                for half in (t.plain for line in row.lines() for t in line):
                    if half.strip():
                        checked += 1
                        assert half.strip()[0] not in CLOSING, half
        assert checked > 20


async def test_side_by_side_divider_on_every_line(corpus, make_app, settle):
    """The divider between A and B runs down every line of a row, beside whichever
    half is longer (it was the left half's border: missing where B ran on)."""
    app = make_app(corpus)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_compare(app, pilot, settle, "xuzhou", "xuzhou-gulou")
        seen = {"a longer": 0, "b longer": 0}
        for _ in range(6):
            for row in screen.query(SideRow):
                width = row.content_region.width
                if width <= 0:
                    continue
                lines = row.lines()
                a_rows = sum(bool(a.plain.strip()) for a, _ in lines)
                b_rows = sum(bool(b.plain.strip()) for _, b in lines)
                if a_rows != b_rows:
                    seen["a longer" if a_rows > b_rows else "b longer"] += 1
                assert row.content_region.height == len(lines)  # as tall as the taller half
                drawn = row.render_lines(row.region.reset_offset)[: len(lines)]  # (then its rule below)
                assert all(strip.text.count("▕") == 1 for strip in drawn)  # on every line …
                cols = {cell_len(strip.text[: strip.text.index("▕")]) for strip in drawn}
                assert len(cols) == 1, cols  # … in one column …
                assert abs(cols.pop() - width // 2) <= 2  # … in the middle
            await pilot.press("n")
            await settle(pilot, 0.3)
        assert seen["a longer"] and seen["b longer"], seen


async def test_switching_views_keeps_the_place(corpus, make_app, settle):
    """v to chapters lands on the chapter of the pair under the cursor; v back lands on
    a pair of that chapter, not on the first row."""
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot, settle, "xuzhou-gulou", "zhenjiang-jingkou")
        table = screen.query_one("#pairs", DataTable)
        # a pair well down the list, in a chapter other than the first pair's
        first = screen.rows[0].a.chapter_id
        k = max(k for k, p in enumerate(screen.rows) if not isinstance(p, tuple) and p.relation == "equivalent"
                and p.a.chapter_id != first)
        chapter = screen.rows[k].a.chapter_id
        table.move_cursor(row=k)
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert screen.chapters
        assert screen.rows[table.cursor_row].a.id == chapter
        await pilot.press("v")
        await settle(pilot)
        assert not screen.chapters and table.cursor_row > 0
        assert screen.rows[table.cursor_row].a.chapter_id == chapter


async def test_v_keeps_the_pair_on_screen_when_its_chapter_has_several_rows(corpus, make_app, settle):
    """徐州鼓楼's 第一章 faces 福州鼓楼's 第二章 and, on a ↳ row, its 第一章. On the pair 第一节
    发展成就 ⇄ 第一节 发展基础 (B's 第一章), v landed on the 第一章 ⇄ 第二章 row and showed
    another pair (第三节 指导思想 ⇄ 第一节 指导方针); the ↳ row itself showed no pair. It lands
    on the ↳ row, which shows its link's pairs, this one still on screen; v back, on
    that pair's row."""
    from fyp_tui.align.chapters import ChapterRow

    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot, settle, "xuzhou-gulou", "fuzhou-gulou")
        table = screen.query_one("#pairs", DataTable)
        k = next(k for k, p in enumerate(screen.rows) if not isinstance(p, tuple)
                 and (p.a.id, p.b.id) == ("ch01.s01", "ch01.s01"))
        pair = screen.rows[k]
        table.move_cursor(row=k)
        await settle(pilot)
        head = screen.pair_head.plain
        assert "发展成就" in head and "发展基础" in head
        await pilot.press("v")
        await settle(pilot)
        row = screen.rows[table.cursor_row]
        assert isinstance(row, ChapterRow) and any(q is pair for q in screen.row_pairs[table.cursor_row])
        assert row.a is None and row.b.id == "ch01"  # the ↳ 第一章 ⇄ 第一章 row
        assert screen.pair_head.plain == head
        await pilot.press("v")
        await settle(pilot)
        assert screen.rows[table.cursor_row] is pair and screen.pair_head.plain == head


async def test_head_breaks_between_phrases_at_80_columns(corpus, make_app, settle):
    """At 80 columns the heads' names, counts and shares do not fit one line: lines
    break between phrases, so no count is parted from its noun (the head once read
    "only in A 10 · only / in B 6", the pair head "4% of / A found in B")."""
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_compare(app, pilot, settle, "xuzhou", "zhenjiang-jingkou")
        await settle(pilot, 0.3)

        def drawn(selector: str) -> list[str]:
            box = screen.query_one(selector)
            return [box.render_line(y).text.strip() for y in range(box.size.height)]

        lines = drawn("#compare-head")
        assert len(lines) == 2, lines
        whole = re.compile(r"\d+ equivalent|\d+ related|only in [AB] \d+"
                           r"|reused verbatim: [\d.]+% of A, [\d.]+% of B|.+ ⇄ .+")
        pieces = [p.strip() for line in lines for p in line.split(" · ")]
        assert all(whole.fullmatch(p) for p in pieces), pieces
        assert any(p.startswith("reused verbatim") for p in pieces)
        lines = drawn("#pair-head")
        assert any(re.search(r"(^| · )\d+% of A found in B, \d+% of B in A$", line) for line in lines), lines
        assert any(re.search(r"(^| · )score [\d.]+( · |$)", line) for line in lines), lines


async def test_picker_narrows_as_you_type(corpus, make_app, settle):
    """Typing in the picker narrows the list with the cursor: 鼓楼 leaves the two 鼓楼区
    plans (徐州's and 福州's), backspace widens it again; a plan's whole id puts the cursor
    on it (xuzhou, not xuzhou-gulou listed first); B narrows on its own."""
    from fyp_tui.ui.screens.compare import PickPlansScreen

    app = make_app(corpus)
    chosen: list = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(PickPlansScreen(), chosen.append)
        await settle(pilot)
        a = app.screen.query_one("#pick-a")
        assert str(app.screen.query_one("#pick-filter").render()).startswith("A: 5 plans")
        await pilot.press(*"鼓楼")
        await settle(pilot)
        assert sorted(a.get_option_at_index(i).id for i in range(a.option_count)) == ["fuzhou-gulou", "xuzhou-gulou"]
        await pilot.press("backspace", "backspace")
        await settle(pilot)
        assert a.option_count == len(corpus.plans)
        await pilot.press(*"xuzhou")  # xuzhou-gulou is listed first; the id typed whole is xuzhou's
        await settle(pilot)
        assert [a.get_option_at_index(i).id for i in range(a.option_count)][0] == "xuzhou-gulou"
        await pilot.press("enter")
        await settle(pilot)
        b = app.screen.query_one("#pick-b")
        assert b.has_focus and b.option_count == len(corpus.plans)
        await pilot.press(*"京口")
        await settle(pilot)
        assert [b.get_option_at_index(i).id for i in range(b.option_count)] == ["zhenjiang-jingkou"]
        await pilot.press("enter")
        await settle(pilot)
    assert chosen == [("xuzhou", "zhenjiang-jingkou")]


def test_plans_of_one_name_are_told_apart_in_the_tree():
    """Two plans of one place and kind (a national 十二五 and 十三五 ingested as text, undated):
    the tree gives each its period and id; a plan alone its period (an undated plan said
    nothing of its time: 全国 纲要), no id (80 columns)."""
    from fyp_tui.model import PlanMeta
    from fyp_tui.ui.widgets.plan_tree import plan_label

    a = PlanMeta(title="纲要", province="全国", period="十二五")
    b = PlanMeta(title="纲要", province="全国", period="十三五")
    assert plan_label("cn12", a, twin=True).plain.endswith("十二五 cn12")
    assert plan_label("cn12", a, twin=True).plain != plan_label("cn13", b, twin=True).plain
    assert plan_label("cn12", a).plain.endswith(" 十二五")  # alone, short
    assert plan_label("cn12", a).plain != plan_label("cn13", b).plain
    dated = PlanMeta(title="纲要", province="江苏省", period="十四五", adopted="2021-02-01")
    assert plan_label("js", dated, twin=True).plain.endswith("2021 js")


async def test_the_tree_marks_twins_only(make_app, settle):
    """Two undated national plans and one of a district: the two 全国 纲要 get their periods
    and ids in the tree; the district's label stays short (its period, no id)."""
    from fyp_tui.corpus import Corpus
    from fyp_tui.ingest import parse_bytes
    from fyp_tui.ui.widgets.plan_tree import PlanTree

    plans = {}
    for pid, province, district, period in (("cn12", "全国", "", "十二五"), ("cn13", "全国", "", "十三五"),
                                             ("gl", "江苏省", "鼓楼区", "十四五")):
        plan = parse_bytes("第一章 总则\n第一节 目标\n到2025年，净增50家。\n".encode(), pid)
        plan.meta.title, plan.meta.province, plan.meta.period = "纲要", province, period
        plan.meta.city, plan.meta.district = ("徐州市", district) if district else ("", "")
        plans[pid] = plan
    app = make_app(Corpus(plans=plans))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        tree = app.screen.query_one(PlanTree)
        labels = {n.data.plan: str(n.label) for n in tree._plan_nodes.values()}
    assert labels["cn12"].endswith("十二五 cn12") and labels["cn13"].endswith("十三五 cn13")
    assert "gl" not in labels["gl"] and labels["gl"].endswith(" 十四五")


async def test_the_pair_table_lists_equivalent_pairs_in_as_order_then_related(corpus, make_app, settle):
    """The issue: the app lists equivalent pairs first, in A's order. 连云港海州 vs 徐州建议
    listed 第一章·第二节 before ·第一节 (ordered by chapter rows)."""
    from fyp_tui.align.pairs import EQUIVALENT, UnitPair

    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(CompareScreen("lianyungang-haizhou", "xuzhou"))
        await settle(pilot, 0.5)
        pairs = [r for r in app.screen.rows if isinstance(r, UnitPair)]
        kinds = [p.relation == EQUIVALENT for p in pairs]
        assert kinds[0] and kinds == sorted(kinds, reverse=True)  # equivalents, then related
        eq = [(p.a.index, p.b.index) for p in pairs if p.relation == EQUIVALENT]
        assert len(eq) > 5 and eq == sorted(eq)


async def test_the_panes_open_a_section_with_its_heading_as_printed(corpus, make_app, settle):
    """徐州鼓楼 prints 第一节 发展成就, 京口 第一节 五年发展成就 (corpus/raw): the panes show the
    headings so, not run together as the text the shared runs' offsets index; an only-in
    row too."""
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(app, pilot, settle, "xuzhou-gulou", "zhenjiang-jingkou")
        k = next(k for k, p in enumerate(screen.rows)
                 if not isinstance(p, tuple) and (p.a.title, p.b.title) == ("发展成就", "五年发展成就"))
        screen.query_one("#pairs", DataTable).move_cursor(row=k)
        await settle(pilot, 0.3)
        first = screen.query(SideRow).first()
        assert (first.a.plain, first.b.plain) == ("第一节 发展成就", "第一节 五年发展成就")
        k = next(k for k, p in enumerate(screen.rows) if isinstance(p, tuple) and p[1].level == "节")
        screen.query_one("#pairs", DataTable).move_cursor(row=k)
        await settle(pilot, 0.3)
        side, unit = screen.rows[k]
        shown = screen.query(SideRow).first()
        text = (shown.a if side == "a" else shown.b).plain
        assert text.startswith(f"{unit.label} ") and not text.startswith(unit.label + unit.title[:1])


async def test_titles_cut_by_their_column_say_so(corpus, make_app, settle):
    """At 80 columns a pair's titles are wider than their columns: each cut cell ends with
    an ellipsis and fits its column (`第一章·第一节 发展成` read as a whole, shorter title), and
    what it shows is the start of a section title of the plans."""
    app = make_app(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CompareScreen("xuzhou-gulou", "zhenjiang-jingkou"))
        for _ in range(300):
            if app.screen.query("#pairs") and app.screen.query_one("#pairs", DataTable).row_count:
                break
            await pilot.pause(0.02)
        table = app.screen.query_one("#pairs", DataTable)
        widths = [c.width for c in table.columns.values()]
        titles = [s.display_title for pid in ("xuzhou-gulou", "zhenjiang-jingkou") for s in corpus.plans[pid].walk()]
        cut = 0
        for r in range(table.row_count):
            for k, cell in enumerate(table.get_row_at(r)[:2]):
                plain = cell.plain
                assert cell_len(plain) <= widths[k], plain
                if plain.endswith("…"):
                    cut += 1
                    shown = plain.split("·")[-1].rstrip("… ")
                    assert any(t.startswith(shown) for t in titles), plain
        assert cut > 5


async def test_an_only_in_row_says_what_it_is_related_to(corpus, make_app, settle):
    """'only in A: … — no counterpart' said nothing of the related pairs such a section
    has (徐州鼓楼's 第五章·第二节: 15, up to 0.32). The head counts them and their best score,
    counted here from the alignment's related pairs."""
    app = make_app(corpus)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_compare(app, pilot, settle, "xuzhou-gulou", "fuzhou-gulou")
        table = screen.query_one("#pairs", DataTable)
        k, (side, unit) = next((k, r) for k, r in enumerate(screen.rows) if isinstance(r, tuple)
                               and any(getattr(p, r[0]).id == r[1].id for p in screen.al.related))
        want = [p.score for p in screen.al.related if getattr(p, side).id == unit.id]
        table.move_cursor(row=k)
        await settle(pilot)
        from textual.widgets import Static

        head = screen.query_one("#pair-head", Static).content.text.plain  # the Wrapped text it shows
        assert "no counterpart" in head and f"{len(want)} pair" in head and f"up to {max(want):.2f}" in head
