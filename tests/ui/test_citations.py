"""``y`` copies a section with its citation (format from config.toml), ``Y`` just its id."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fyp_tui.ui.widgets.document import section_text


async def test_copy_with_default_citation(corpus, make_app, settle):
    app = make_app(corpus, start="xuzhou-gulou#ch02.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("y")
        got = app.clipboard
        assert got.replace(" ", "").startswith("第一节加快现代商贸业提档升级")
        tail = got.rsplit("\n", 1)[-1]
        assert tail.endswith("xuzhou-gulou#ch02.s01")
        # the plan's title and issuer, as its raw text prints them, and the path of headings
        assert "鼓楼区国民经济和社会发展第十四个五年规划和2035年远景目标纲要" in tail
        assert "徐州市鼓楼区人民政府" in tail and "2021" in tail
        assert "第二章" in tail and "第一节" in tail


async def test_citation_format_from_config_and_copy_id(corpus, make_app, settle):
    app = make_app(corpus, config_text='[cite]\nformat = "{ref} | {section}"\n', start="xuzhou-gulou#ch02.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("y")
        assert app.clipboard == "xuzhou-gulou#ch02.s01 | 第一节 加快现代商贸业提档升级"
        await pilot.press("Y")
        assert app.clipboard == "xuzhou-gulou#ch02.s01"


async def test_a_broken_format_falls_back(corpus, make_app, settle):
    app = make_app(corpus, config_text='[cite]\nformat = "{nosuch}"\n', start="xuzhou-gulou#ch02.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("y")
        assert app.clipboard.endswith("xuzhou-gulou#ch02.s01")
        assert any("[cite] format" in n.message for n in app._notifications)


async def test_a_copied_section_gives_its_headings_as_the_plan_prints_them(corpus, make_app, settle):
    """The clipboard holds 第一节 发展成就 as the raw text prints it (its search key runs
    them together); a 1、 heading stays as printed, run together with its number."""
    raw_dir = Path(__file__).resolve().parents[2] / "corpus" / "raw"
    lines = {ln.strip() for ln in (raw_dir / "xuzhou-gulou.txt").read_text(encoding="utf-8").splitlines()}
    assert "第一节 发展成就" in lines  # as printed
    app = make_app(corpus, start="xuzhou-gulou#ch01.s01")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("y")
        assert app.clipboard.splitlines()[0] == "第一节 发展成就"
    jianyi = (raw_dir / "xuzhou.txt").read_text(encoding="utf-8")
    item = next(s for s in corpus.get("xuzhou").walk() if s.title.startswith("过去五年,是徐州发展理念"))
    first = section_text(corpus.get("xuzhou"), item.id).splitlines()[0]
    # the copied text's punctuation is normalised (its body too): compared by NFKC, not the tool's normaliser
    assert first.startswith("1、过去五年")
    assert unicodedata.normalize("NFKC", first) in unicodedata.normalize("NFKC", jianyi)
