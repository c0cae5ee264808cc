"""Document text and plan fields reach the terminal as text, never as rich markup.

A plan may be called ``a[bold]b`` or have headings like ``[bold]楼宇[/]经济``: every
human view of `fyp search`, `terms`, `compare`, `similar` and `targets` prints them
literally (no MarkupError, nothing swallowed), and a plan with no inferred place is
named by its id, never by an empty string.
"""

from __future__ import annotations

import pytest

from fyp_tui.cli import build_parser
from fyp_tui.corpus import Corpus
from fyp_tui.ingest import parse_bytes

TEXT = """[bold]某区[/]国民经济和社会发展第十四个五年规划纲要
第一章 [bold]楼宇[/]经济
一、[/]发展[red]楼宇经济
大力发展楼宇经济[/bold]，到2025年地区生产总值年均增长6.5%左右，[link=x]楼宇经济[/link]税收占比提高。
第二章 开放[/]合作
扩大[bold]对外开放[/]，推动楼宇经济和总部经济协同发展，进出口总额达到100亿元。
"""

NO_PLACE = "a[bold]b"  # nothing in its text names a place: shown by this id
ODD_PLACE = "c[/]d"


@pytest.fixture
def corpus(monkeypatch):
    monkeypatch.setenv("COLUMNS", "240")  # wide enough that no name is wrapped or cut
    a = parse_bytes(TEXT.encode(), NO_PLACE)
    b = parse_bytes(TEXT.replace("某区", "某市").encode(), ODD_PLACE,
                    meta={"city": "[/]徐州市", "district": "[bold]鼓楼区"})
    assert a.meta.place == "" and b.meta.place == "[/]徐州[bold]鼓楼区"
    return Corpus(plans={a.id: a, b.id: b})


def run(corpus, capsys, *argv) -> str:
    args = build_parser().parse_args(list(argv))
    assert args.func(args, corpus) == 0
    return capsys.readouterr().out


def test_search_hits_print_literally(corpus, capsys):
    out = run(corpus, capsys, "search", "楼宇经济", "--mode", "exact")
    assert NO_PLACE in out and "[/]徐州[bold]鼓楼区" in out
    assert "[bold]楼宇[/]经济" in out and "[/]发展[red]楼宇经济" in out
    assert "大力发展楼宇经济[/bold]" in out and "[link=x]楼宇经济[/link]" in out


def test_search_query_with_markup(corpus, capsys):
    out = run(corpus, capsys, "search", "[bold]楼宇[/]")
    assert out.splitlines()[0].startswith("[bold]楼宇[/]")


def test_title_search_prints_literally(corpus, capsys):
    out = run(corpus, capsys, "search", "楼宇经济", "--titles")
    assert "[/]发展[red]楼宇经济" in out and NO_PLACE in out


def test_terms_table_prints_literally(corpus, capsys):
    out = run(corpus, capsys, "terms", "[bold]楼宇", "楼宇经济")
    assert NO_PLACE in out and "[/]徐州[bold]鼓楼区" in out and "[bold]楼宇" in out


def test_compare_prints_literally(corpus, capsys):
    out = run(corpus, capsys, "compare", NO_PLACE, ODD_PLACE)
    first = out.splitlines()[0]
    assert first.startswith(f"{NO_PLACE} ↔ [/]徐州[bold]鼓楼区纲要")
    assert "[bold]楼宇[/]经济" in out and "开放[/]合作" in out


def test_similar_prints_literally(corpus, capsys):
    out = run(corpus, capsys, "similar", ODD_PLACE)
    assert out.splitlines()[0] == "closest to [/]徐州[bold]鼓楼区纲要"
    assert NO_PLACE in out
    out = run(corpus, capsys, "similar", f"{NO_PLACE}#ch02")
    assert out.splitlines()[0] == f"closest to {NO_PLACE} 第二章 开放[/]合作"
    assert "[/]徐州[bold]鼓楼区纲要" in out


def test_targets_print_literally(corpus, capsys):
    out = run(corpus, capsys, "targets")
    assert f"{NO_PLACE} 纲要 · " in out and "[/]徐州[bold]鼓楼区 纲要 · " in out
    assert "ch01.p01 (prose)" in out  # the section column; the plan is named in the title above
    out = run(corpus, capsys, "targets", "--indicator", "gdp_growth")
    chart = out[out.index("地区生产总值增长率 · 2025"):]
    assert NO_PLACE in chart and "[/]徐州[bold]鼓楼区" in chart
