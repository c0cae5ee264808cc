"""`fyp compare` and `fyp similar` through the real entry point; the engine stays headless."""

from __future__ import annotations

import json
import subprocess
import sys

from fyp_tui.cli import main


def test_compare_json_contract(capsys):
    assert main(["compare", "xuzhou-gulou", "zhenjiang-jingkou", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == {"a", "b", "pairs", "only_a", "only_b"}
    assert d["pairs"] and set(d["pairs"][0]) == {"a", "b", "score", "relation", "shared"}
    relations = [p["relation"] for p in d["pairs"]]
    assert set(relations) == {"equivalent", "related"}
    assert relations == sorted(relations)  # equivalent pairs first, related apart
    strict = main(["compare", "xuzhou-gulou", "zhenjiang-jingkou", "--json", "--min-score", "0.5",
                   "--no-user-corpus"])
    assert strict == 0
    d2 = json.loads(capsys.readouterr().out)
    # a floor the user sets applies to both relations, strictly
    for rel in ("equivalent", "related"):
        before = [p for p in d["pairs"] if p["relation"] == rel]
        after = [p for p in d2["pairs"] if p["relation"] == rel]
        assert len(after) < len(before) and all(p["score"] >= 0.5 for p in after)


def test_only_a_whole_role_pairs_under_the_default_floor(capsys):
    # 徐州鼓楼's 纲要 reviews the last five years in one section (第一章 第一节 发展成就);
    # the 建议's review items each meet it, even 3、 (城乡面貌: places and figures the 纲要
    # does not repeat), under the default floor. A floor the user sets has no exception.
    from fyp_tui.align import MIN_SCORE

    assert main(["compare", "xuzhou", "xuzhou-gulou", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    under = [p for p in d["pairs"] if p["score"] < MIN_SCORE]
    assert under and all(p["relation"] == "equivalent" and p["b"]["title"] == "发展成就" for p in under)
    assert any(p["a"]["title"].startswith("过去五年,是徐州城乡面貌") for p in under)  # as the 建议 writes it
    assert main(["compare", "xuzhou", "xuzhou-gulou", "--json", "--no-user-corpus",
                 "--min-score", str(MIN_SCORE)]) == 0
    d2 = json.loads(capsys.readouterr().out)
    assert all(p["score"] >= MIN_SCORE for p in d2["pairs"])
    assert len(d2["pairs"]) == len(d["pairs"]) - len(under)


def test_compare_human_and_report(capsys, tmp_path):
    assert main(["compare", "fuzhou-gulou", "xuzhou-gulou", "--no-user-corpus"]) == 0
    out = capsys.readouterr().out
    assert "福州鼓楼区" in out and "徐州鼓楼区" in out and "台胞台企" in out
    f = tmp_path / "r.html"
    assert main(["compare", "xuzhou", "xuzhou-gulou", "--format", "html", "-o", str(f), "--no-user-corpus"]) == 0
    assert f.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_similar(capsys):
    assert main(["similar", "xuzhou", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["plan"] == "xuzhou" and d["similar"][0]["id"] == "xuzhou-gulou"
    assert main(["similar", "fuzhou-gulou#ch07.s04", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["section"]["id"] == "ch07.s04" and len(d["similar"]) == 4


def test_unknown_plan_is_a_clean_error(capsys):
    assert main(["compare", "nope", "xuzhou", "--no-user-corpus"]) == 2
    assert "nope" in capsys.readouterr().err


def test_engine_never_imports_textual():
    code = ("import sys, fyp_tui.align, fyp_tui.export, fyp_tui.cli.compare; "
            "sys.exit(1 if any(m.startswith('textual') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_printed_lists_name_each_unit_with_its_chapter(capsys):
    """A plan has a 第一节 in every chapter, a 建议 a 1、 in every part: the printed related
    table and only-in lists give the chapter's (and part's) label (徐州鼓楼's 第五节
    推动文化旅游业品牌化发展 stands under 第二章 in corpus/raw, line 52 after line 42's
    第二章), as the app's pair table does."""
    import re

    assert main(["compare", "xuzhou", "xuzhou-gulou", "--no-user-corpus"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    only_b = out[out.index("only in 徐州鼓楼区纲要:"):]
    assert "第二章·第五节 推动文化旅游业品牌化发展" in only_b
    # a 建议 numbers its items afresh in every part: 2、做强枢纽支点 stands in 二、's (三) (raw text)
    only_a = out[out.index("only in 徐州市建议:"):out.index("only in 徐州鼓楼区纲要:")]
    assert "二·(三)·2、 做强枢纽支点" in only_a
    # every 第X节 in the lists has its chapter before it
    assert not re.search(r"(?<!·)第[一二三四五六七八九十]+节", only_b)


def test_a_chapter_that_is_one_unit_shows_its_shared_terms(capsys):
    """A row that is itself the unit (序言 ↔ 序言) prints no pair rows under it: its shared
    terms go in its own row (the column was empty, though --json lists them)."""
    assert main(["compare", "xuzhou-gulou", "zhenjiang-jingkou", "--json", "--no-user-corpus"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    preface = next(p for p in pairs if p["a"]["title"] == "序言" and p["b"]["title"] == "序言")
    assert preface["shared"]
    assert main(["compare", "xuzhou-gulou", "zhenjiang-jingkou", "--no-user-corpus"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.count("序言") == 2)
    assert preface["shared"][0][:4] in row


def test_a_plan_against_itself_is_a_clean_error(capsys):
    assert main(["compare", "xuzhou", "xuzhou", "--no-user-corpus"]) == 2
    err = capsys.readouterr().err
    assert "two different plans" in err and len(err.strip().splitlines()) == 1


def test_compare_gives_titles_as_outline_and_show_give_them(capsys):
    """A unit's title in `fyp compare --json` is the section's title as `fyp outline --json`
    gives it (as written: the 建议's items keep their half-width commas), so the two join."""
    assert main(["outline", "xuzhou", "--json", "--no-user-corpus"]) == 0
    written: dict[str, str] = {}

    def walk(node):
        written[node["id"]] = node["title"]
        for c in node.get("children", []):
            walk(c)

    for node in json.loads(capsys.readouterr().out)["outline"]:
        walk(node)
    assert main(["compare", "xuzhou", "xuzhou-gulou", "--json", "--no-user-corpus"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    assert pairs and all(p["a"]["title"] == written[p["a"]["id"]] for p in pairs)
    assert any("," in p["a"]["title"] for p in pairs)  # the case that differed: 过去五年,是徐州…
