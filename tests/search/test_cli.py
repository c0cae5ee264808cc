"""`fyp search` / `fyp terms`: the --json contract of issue 3, CSV, human output."""

from __future__ import annotations

import csv
import io
import json

import pytest

from fyp_tui.cli import main
from tests.search.test_memory import plain_pieces_of  # the plans' texts as a reader sees them


def run(capsys, *argv):
    code = main([*argv, "--no-user-corpus"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_search_json_contract(capsys):
    code, out, _ = run(capsys, "search", "楼宇经济", "--mode", "exact", "--json", "--limit", "3")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["query", "mode", "total", "counts", "counting", "tiers", "message", "hits"]
    assert data["query"] == "楼宇经济" and data["mode"] == "exact" and data["total"] == 24
    assert data["counting"] == "occurrences" and data["tiers"] == {"exact": 24} and data["message"] == ""
    assert data["counts"]["fuzhou-gulou"] == 8 and len(data["hits"]) == 3
    for h in data["hits"]:
        assert list(h) == ["plan", "section", "snippet", "spans", "score", "tier"]
        assert list(h["section"]) == ["id", "label", "title", "path"]
        # one row per unit, with every occurrence in it
        assert {h["snippet"][a:b] for a, b in h["spans"]} == {"楼宇经济"}


def test_search_json_says_which_tier_counted(capsys):
    """A script tells a misspelling's count from an exact one: 楼宇经纪 is in no plan, its 24 are
    the homophone tier's (楼宇经济 24 times in corpus/raw); a known word not in the text says why
    it counts 0 in the JSON too."""
    _, out, _ = run(capsys, "search", "楼宇经纪", "--json")
    data = json.loads(out)
    assert data["total"] == 24 and data["tiers"] == {"exact": 0, "homophone": 24}
    assert {h["tier"] for h in data["hits"]} == {"homophone"}
    _, out, err = run(capsys, "search", "市长", "--json")
    data = json.loads(out)
    assert data["total"] == 0 and data["tiers"] == {"exact": 0} and "--mode fuzzy" in data["message"]
    assert data["message"] in err


def test_search_filters_and_titles(capsys):
    _, out, _ = run(capsys, "search", "楼宇经济", "--json", "--mode", "exact", "--province", "福建")
    assert json.loads(out)["counts"] == {"fuzhou-gulou": 8}
    _, out, _ = run(capsys, "search", "提高开放水平", "--titles", "--json", "--limit", "2")
    got = json.loads(out)
    assert got["mode"] == "titles" and len(got["hits"]) == 2 and "total" not in got  # not a count of all
    first = got["hits"][0]
    assert first["plan"] == "zhenjiang-jingkou" and first["section"]["id"] == "ch04.s03"
    assert first["section"]["title"] == "提高开放水平" and first["tier"] == "exact"
    # printed: a heading found by a looser tier says which; one holding the query does not
    _, out, _ = run(capsys, "search", "楼语经济", "--titles", "--limit", "1")
    assert "打造楼宇经济升级版" in out and out.rstrip().endswith("[homophone]")
    _, out, _ = run(capsys, "search", "楼宇经济", "--titles", "--limit", "1")
    assert "[" not in out
    assert first["kind"] == "section" and "block" not in first


def test_titles_say_how_many_headings_hold_the_query(capsys):
    """Two headings of the bundled plans hold 楼宇 (corpus/raw: 京口's 大力发展楼宇经济,
    福州鼓楼's 打造楼宇经济升级版): the JSON's ``holding`` and the printed head count both,
    when ``--limit`` shows one; a slip is held by none, its close matches said apart."""
    _, out, _ = run(capsys, "search", "楼宇", "--titles", "--json", "--limit", "1")
    got = json.loads(out)
    assert got["holding"] == 2 and len(got["hits"]) == 1
    _, out, _ = run(capsys, "search", "楼宇", "--titles", "--limit", "1")
    assert out.splitlines()[0].split() == ["楼宇", "2", "headings", "hold", "it", "(1", "shown:", "--limit)"]
    _, out, _ = run(capsys, "search", "楼语经济", "--titles", "--limit", "2")
    assert out.splitlines()[0].split() == ["楼语经济", "no", "heading", "holds", "it;", "2", "close", "matches"]


def test_titles_list_a_box_under_its_section(capsys):
    """海州's 专栏:重要改革事项 (raw text) sits in 第四章 第二节 持续深化各项改革, after one
    paragraph: JSON gives the section, the box's title as ``heading`` and its block number
    (as ``fyp show --json`` numbers the section's blocks); printed, the section's path comes
    first and the title is marked [box]."""
    _, out, _ = run(capsys, "search", "重要改革事项", "--titles", "--json", "--limit", "1")
    hit = json.loads(out)["hits"][0]
    assert (hit["plan"], hit["section"]["id"], hit["section"]["title"]) == (
        "lianyungang-haizhou", "ch04.s02", "持续深化各项改革")
    assert (hit["kind"], hit["block"], hit["heading"]) == ("box", 1, "专栏：重要改革事项")
    assert hit["heading"][slice(*hit["spans"][0])] == "重要改革事项"
    _, shown, _ = run(capsys, "show", "lianyungang-haizhou#ch04.s02", "--json")
    block = json.loads(shown)["sections"][0]["blocks"][hit["block"]]
    assert block["kind"] == "box" and block["heading"] == hit["heading"]
    _, out, _ = run(capsys, "search", "重要改革事项", "--titles", "--limit", "1")
    assert "第二节 持续深化各项改革 › [box] 专栏：重要改革事项" in " ".join(out.split())


def test_unknown_plan_is_a_one_line_error(capsys):
    code, _, err = run(capsys, "search", "楼宇", "--plan", "nope")
    assert code == 2 and "nope" in err and "Traceback" not in err


def test_human_output_names_the_place(capsys):
    code, out, _ = run(capsys, "search", "楼宇经济", "--limit", "40")
    assert code == 0
    assert "徐州鼓楼区" in out and "福州鼓楼区" in out and "[exact]" in out


@pytest.mark.parametrize("query", ["", "。。", "😀"])
def test_nothing_to_search(capsys, query):
    code, out, _ = run(capsys, "search", query, "--json")
    assert code == 0 and json.loads(out)["total"] == 0


def test_terms_csv_and_table(capsys):
    code, out, _ = run(capsys, "terms", "楼宇经济", "总部经济", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["plan", "place", "term", "count", "chars", "per_10k"]
    got = {(r["plan"], r["term"]): int(r["count"]) for r in rows}
    assert got[("fuzhou-gulou", "楼宇经济")] == 8 and got[("xuzhou", "楼宇经济")] == 0
    assert {r["place"] for r in rows} >= {"徐州鼓楼区", "福州鼓楼区"}
    code, out, _ = run(capsys, "terms", "楼宇经济")
    assert code == 0 and "镇江京口区" in out and "█" in out


def _plain_chars(sec) -> int:
    """Characters a plain reader finds in a section and its subtree (a separator between
    a table row's cells, as the README says)."""
    return sum(len(x) for x in plain_pieces_of(sec, sep="|")) + sum(map(_plain_chars, sec.children))


def test_terms_in_a_section_are_rated_per_that_sections_characters(capsys, corpus):
    """--section counts in the section and divides by the section's size, not the plan's
    (a rate 4.5× too low for 徐州建议's p02); plans without that section get no row."""
    code, out, _ = run(capsys, "terms", "高质量发展", "--plan", "xuzhou", "--section", "p02", "--csv")
    row = next(csv.DictReader(io.StringIO(out)))
    plan = corpus.get("xuzhou")
    size = _plain_chars(plan.section("p02"))
    assert code == 0 and int(row["chars"]) == size
    assert int(row["count"]) == plan.section("p02").full_text().count("高质量发展")
    assert float(row["per_10k"]) == pytest.approx(int(row["count"]) * 10_000 / size, abs=1e-3)
    code, out, _ = run(capsys, "terms", "高质量发展", "--plan", "xuzhou", "--csv")
    assert int(next(csv.DictReader(io.StringIO(out)))["chars"]) == sum(map(_plain_chars, plan.sections))
    code, out, _ = run(capsys, "terms", "高质量发展", "--section", "ch01", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and "xuzhou" not in {r["plan"] for r in rows}  # 徐州建议 numbers p01, p02…
    for r in rows:
        assert int(r["chars"]) == _plain_chars(corpus.get(r["plan"]).section("ch01")), r["plan"]


@pytest.mark.parametrize("argv", [["--plan", "xuzhou", "--section", "ch01"], ["--section", "zz99"]])
@pytest.mark.parametrize("command", ["search", "terms"])
def test_an_unknown_section_is_an_error_not_a_zero(capsys, command, argv):
    code, out, err = run(capsys, command, "高质量发展", *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and argv[-1] in err and "fyp outline" in err


@pytest.mark.parametrize("how", [["--mode", "exact"], ["--titles"]])
def test_a_hit_names_its_section_as_show_does(capsys, how):
    """Each hit's section (label, title, path), a search's or a title search's, is the one
    ``fyp show PLAN#SECTION --json`` gives, for hits spread over every bundled plan (the
    hit carries it from the search: the plan is not decoded again to write it)."""
    _, out, _ = run(capsys, "search", "发展", "--json", *how, "--limit", "400")
    hits = json.loads(out)["hits"]
    assert len({h["plan"] for h in hits}) >= 2
    seen = {}
    for h in hits[::7]:
        ref = f"{h['plan']}#{h['section']['id']}"
        if ref not in seen:
            _, shown, _ = run(capsys, "show", ref, "--json")
            sec = json.loads(shown)["sections"][0]
            seen[ref] = {"id": sec["id"], "label": sec["label"], "title": sec["title"], "path": sec["path"]}
        assert h["section"] == seen[ref], ref


def test_piped_search_prints_whole_lines(capsys):
    """Piped to a file, `fyp search` cut each hit's path and snippet at 80 columns (a
    padding at the width a pipe is given), its tier tag and the title's end lost and
    the line filled with spaces: analysts paste these paths. Each is one whole line."""
    _, out, _ = run(capsys, "search", "楼宇经济", "--mode", "exact", "--limit", "30")
    lines = out.splitlines()
    paths = [ln for ln in lines if ln.startswith("  ") and not ln.startswith("    ")]
    assert len(paths) >= 10
    assert all(ln.endswith("[exact]") for ln in paths), [ln for ln in paths if not ln.endswith("[exact]")][:3]
    assert not [ln for ln in lines if ln != ln.rstrip()]
    # the title as 福州鼓楼's source has it (its 条 打造楼宇经济升级版 . 因楼制宜 …), whole
    assert any(ln.endswith("› 打造楼宇经济升级版  [exact]") for ln in paths)
    assert max(len(ln) for ln in lines) > 80  # nothing was cut to fit a terminal
