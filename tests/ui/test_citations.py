"""``y`` copies a section with its citation (format from config.toml), ``Y`` just its id."""

from __future__ import annotations


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
