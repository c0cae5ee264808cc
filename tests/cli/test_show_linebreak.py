"""`fyp show` and `fyp search` on a terminal set text by the Chinese line-breaking
rules; piped, they do not hard-wrap at all."""

from __future__ import annotations

import re

import pytest

from fyp_tui.cli import main, output
from fyp_tui.linebreak import CLOSING, OPENING

BORDERS = "│┃║╭╮╰╯─━ "


def _run(monkeypatch, capsys, argv: list[str], terminal: bool) -> list[str]:
    real = output.console

    def fake(stderr: bool = False):
        con = real(stderr)
        if terminal:
            con = output.SafeConsole(file=con.file, force_terminal=True, width=80, highlight=False, markup=False,
                                     emoji=False, color_system=None)
        return con

    monkeypatch.setattr(output, "console", fake)
    monkeypatch.setattr("fyp_tui.cli.corpus.console", fake)
    monkeypatch.setattr("fyp_tui.cli.search.console", fake)
    assert main(["--no-user-corpus", *argv]) == 0
    return capsys.readouterr().out.splitlines()


def _show(monkeypatch, capsys, ref: str, terminal: bool) -> list[str]:
    return _run(monkeypatch, capsys, ["show", ref], terminal)


def _check(lines: list[str], opens: str = "") -> None:
    """``opens``: marks that may open a line because they open a block (a snippet's
    leading … says text was left out before it)."""
    for prev, line in zip(lines, lines[1:]):
        assert line[0] not in CLOSING or line[0] in opens, (prev, line)
        assert prev[-1] not in OPENING, (prev, line)
        # a number never splits from its digits or its unit: 净增5 / 0家, 【30 / 0】, 2025 / 年
        assert not (re.search(r"[0-9.]$", prev) and re.match(r"[0-9%％年亿万元家个】]", line)), (prev, line)


@pytest.mark.parametrize("ref", ["xuzhou-gulou", "fuzhou-gulou", "zhenjiang-jingkou"])
def test_terminal_lines_follow_the_rules(monkeypatch, capsys, ref):
    lines = [ln.strip(BORDERS) for ln in _show(monkeypatch, capsys, ref, terminal=True)]
    lines = [ln for ln in lines if ln]
    assert len(lines) > 200
    _check(lines)


@pytest.mark.parametrize("query", ["楼宇经济", "生产性服务业", "高质量发展"])
def test_search_snippets_follow_the_rules(monkeypatch, capsys, query):
    lines = [ln.strip() for ln in _run(monkeypatch, capsys, ["search", query, "--limit", "60"], terminal=True)]
    lines = [ln for ln in lines if ln]
    assert len(lines) > 20
    _check(lines, opens="…")


def test_piped_output_is_not_hard_wrapped(monkeypatch, capsys):
    lines = _show(monkeypatch, capsys, "xuzhou-gulou#ch01.s01", terminal=False)
    assert max(len(ln) for ln in lines) > 100  # whole paragraphs on one line each


def test_a_piped_outline_keeps_every_title_whole(monkeypatch, capsys, tmp_path):
    """A 节 title of 34 characters under a 篇 and a 章 is wider than 80 columns with its
    tree guides and id: piped, the line is printed whole (it was cut, its last
    character lost); on an 80-column terminal it wraps, and nothing is lost either."""
    from fyp_tui.corpus import parsed_json
    from fyp_tui.model import Paragraph, Plan, PlanMeta, Section

    def sec(sid, level, label, title, *paras, children=()):
        return Section(id=sid, level=level, label=label, title=title, heading=f"{label}{title}",
                       blocks=[Paragraph(p) for p in paras], children=list(children))

    title = "加大对革命老区、民族地区、边疆地区和贫困地区扶持力度并完善长效机制"
    part = sec("pt01", "篇", "第一篇", "统筹区域发展", children=[
        sec("pt01.ch01", "章", "第一章", "实施区域发展总体战略", children=[
            sec("pt01.ch01.s01", "节", "第一节", title, "正文。")])])
    plan = Plan(id="longtitles", meta=PlanMeta(title="某省规划", province="某省"), sections=[part], source_sha256="x")
    (tmp_path / "parsed").mkdir()
    (tmp_path / "parsed" / "longtitles.json").write_text(parsed_json(plan), encoding="utf-8")
    piped = _run(monkeypatch, capsys, ["--corpus", str(tmp_path), "outline", "longtitles"], terminal=False)
    assert any(line.rstrip().endswith("第一节 " + title) for line in piped)
    shown = _run(monkeypatch, capsys, ["--corpus", str(tmp_path), "outline", "longtitles"], terminal=True)
    assert title in "".join(re.sub(r"[│├└─ ]", "", line) for line in shown)


RAW = __import__("pathlib").Path(__file__).resolve().parents[2] / "corpus" / "raw"


def _han(s: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fff]", s))


@pytest.mark.parametrize("terminal", [False, True])
def test_a_box_is_shown_whole_after_the_paragraph_it_ends(monkeypatch, capsys, terminal):
    """连云港海州's first 专栏 is glued to the end of its section's last paragraph (source
    line 51, `…物流园区。专栏:服务业重点工程、重点项目`) and its four entries are longer
    than 80 columns. `fyp show`, piped or on a terminal, prints that paragraph, then the
    box, each entry whole inside its frame (piped, the frame cut them at its edge).
    Expected text read from the source file (its Han characters, a line each)."""
    src = (RAW / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(src) if ln.rstrip().endswith("专栏:服务业重点工程、重点项目"))
    para = _han(src[at].split("专栏")[0])[:30]
    entries = [_han(ln) for ln in src[at + 1 : at + 5]]
    assert all(re.match(r"\d\. ", ln) for ln in src[at + 1 : at + 5]) and len(entries) == 4
    shown = _han("".join(_show(monkeypatch, capsys, "lianyungang-haizhou#ch03.s02", terminal)))
    assert para in shown and all(e in shown for e in entries)
    assert shown.index(para) < shown.index("专栏服务业重点工程") < shown.index(entries[0])
