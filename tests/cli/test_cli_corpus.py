"""The corpus commands as a user meets them: output, JSON contracts, exit codes, errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from fyp_tui.cli import main
from tests.conftest import REPO

RAW = REPO / "corpus" / "raw"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_module_entry_point_runs():
    r = subprocess.run([sys.executable, "-m", "fyp_tui", "list", "--json", "--no-user-corpus"],
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["plans"]) == 5


def test_list_json(capsys, user_dirs):
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    plans = {p["id"]: p for p in json.loads(out)["plans"]}
    assert set(plans) == {"xuzhou-gulou", "lianyungang-haizhou", "xuzhou", "zhenjiang-jingkou", "fuzhou-gulou"}
    assert plans["xuzhou"]["kind"] == "proposal" and plans["xuzhou"]["date"] == "2020-12-28"
    assert plans["xuzhou-gulou"]["city"] == "徐州市" and plans["fuzhou-gulou"]["city"] == "福州市"
    assert plans["fuzhou-gulou"]["place"] == "福州鼓楼区"


def test_list_human_shows_both_gulou_with_their_city(capsys, user_dirs, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "徐州鼓楼区" in out and "福州鼓楼区" in out


def test_outline_json_contract(capsys, user_dirs):
    code, out, _ = run(capsys, "outline", "zhenjiang-jingkou", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"id", "meta", "outline"}
    assert data["id"] == "zhenjiang-jingkou"
    parts = [n for n in data["outline"] if n["level"] == "篇"]
    assert len(parts) == 6
    node = parts[1]["children"][0]
    assert set(node) >= {"id", "level", "label", "title", "children"}
    assert (node["level"], node["label"], node["title"]) == ("章", "第四章", "深度融入新发展格局")
    # 第三节 提 高开放水平: the title is normalised.
    titles = [c["title"] for c in node["children"] if c["level"] == "节"]
    assert titles == ["积极扩大内需", "促进有效投资", "提高开放水平"]
    assert [c["id"] for c in node["children"] if c["level"] == "节"] == ["ch04.s01", "ch04.s02", "ch04.s03"]


def test_outline_depth(capsys, user_dirs):
    code, out, _ = run(capsys, "outline", "xuzhou-gulou", "--json", "--depth", "1")
    data = json.loads(out)
    assert all(n["children"] == [] for n in data["outline"])
    chapters = [n for n in data["outline"] if n["level"] == "章"]
    assert len(chapters) == 10


def test_outline_lists_boxes_and_tables(capsys, user_dirs):
    _, out, _ = run(capsys, "outline", "xuzhou-gulou", "--json")
    data = json.loads(out)

    def walk(nodes):
        for n in nodes:
            yield n
            yield from walk(n["children"])

    nodes = list(walk(data["outline"]))
    boxes = [n for n in nodes if n["level"] == "专栏"]
    assert len(boxes) == 18 and boxes[0]["label"] == "专栏1"
    tables = [n for n in nodes if n["level"] == "表"]
    assert [t["rows"] for t in tables] == [22, 31]


def test_show_section(capsys, user_dirs):
    code, out, _ = run(capsys, "show", "xuzhou-gulou#ch06.s01")
    assert code == 0
    assert "坚持生态优先" in out and "加强突出环境问题整治" in out
    code, out, _ = run(capsys, "show", "xuzhou-gulou#ch06.s01", "--json")
    data = json.loads(out)
    assert data["sections"][0]["title"] == "加强突出环境问题整治"
    assert data["sections"][0]["path"][0].startswith("第六章")


def test_unknown_plan_and_section_are_clear_errors(capsys, user_dirs):
    code, _, err = run(capsys, "show", "nowhere#ch01")
    assert code == 2 and "no plan 'nowhere'" in err and "Traceback" not in err
    code, _, err = run(capsys, "show", "xuzhou#ch99")
    assert code == 2 and "no section 'ch99'" in err


def test_a_corpus_directory_that_is_not_there_is_an_error(capsys, user_dirs, tmp_path):
    """A mistyped --corpus path said nothing: the search ran without that corpus's plans."""
    missing = tmp_path / "no-such-corpus"
    for argv in (["--corpus", str(missing), "list"], ["search", "楼宇经济", "--corpus", str(missing), "--json"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and not out and "Traceback" not in err
        assert err.count("\n") == 1 and str(missing) in err and "no such directory" in err
    code, out, _ = run(capsys, "--corpus", str(tmp_path), "list", "--json")  # there, if empty: fine
    assert code == 0 and len(json.loads(out)["plans"]) == 5


def test_parse_shows_outline_and_removed(capsys, user_dirs):
    code, out, _ = run(capsys, "parse", str(RAW / "fuzhou-gulou.txt"))
    assert code == 0
    assert "第十三章" in out and "download-site boilerplate" in out
    code, out, _ = run(capsys, "parse", str(RAW / "xuzhou.txt"), "--json")
    plan = json.loads(out)
    assert plan["meta"]["kind"] == "proposal"


def test_ingest_adds_to_user_corpus(capsys, user_dirs, tmp_path):
    src = tmp_path / "my plan.txt"
    src.write_bytes((RAW / "zhenjiang-jingkou.txt").read_text(encoding="utf-8").encode("gb18030"))
    code, out, _ = run(capsys, "ingest", str(src), "--id", "jingkou-gbk")
    assert code == 0
    assert "jingkou-gbk" in out and "6 篇, 14 章, 44 节" in out
    code, out, _ = run(capsys, "list", "--json")
    ids = [p["id"] for p in json.loads(out)["plans"]]
    assert "jingkou-gbk" in ids and len(ids) == 6
    code, out, _ = run(capsys, "list", "--json", "--no-user-corpus")
    assert len(json.loads(out)["plans"]) == 5


def test_ingest_many_reports_each_and_fails_on_bad(capsys, user_dirs, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    good = tmp_path / "xuzhou.txt"
    good.write_bytes((RAW / "xuzhou.txt").read_bytes())
    code, out, err = run(capsys, "ingest", str(good), str(bad), str(RAW / "fuzhou-gulou.txt"))
    assert code == 1
    assert "scan.pdf: is a damaged PDF" in err
    assert "✓ xuzhou" in out and "✓ fuzhou-gulou" in out


def test_ingesting_a_file_that_is_hardly_a_plan_says_so(capsys, user_dirs, tmp_path):
    """A five-character web page and a one-line note are stored (nothing is lost), each
    with a note that it has no headings and how little text; a plan gets none."""
    page, note, essay = tmp_path / "page.html", tmp_path / "note.txt", tmp_path / "essay.txt"
    page.write_text("<html><body>hello</body></html>", encoding="utf-8")
    note.write_text("这是一行文字。\n", encoding="utf-8")
    # a plan's text with no heading at all, but much of it (海州's long paragraphs): no note
    prose = [ln for ln in (RAW / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
             if len(ln) > 100 and not re.match(r"\s*(第|（|\(|[一二三四五六七八九十\d])", ln)]
    essay.write_text("\n".join(prose[:12]), encoding="utf-8")
    code, out, _ = run(capsys, "ingest", str(page), str(note), str(essay), str(RAW / "xuzhou.txt"))
    assert code == 0
    assert "note: page has no headings and 5 characters of text" in out
    assert "note: note has no headings and 7 characters of text" in out
    assert "✓ essay" in out and "essay has no headings" not in out
    assert "xuzhou has no headings" not in out and out.count("no headings and") == 2


def test_ingesting_a_file_already_in_the_corpus_says_so(capsys, user_dirs, tmp_path):
    """The bundled 徐州市委建议's own file under another id: a note names the plan it
    duplicates (both would show in the tree); a second copy in the same run names the
    first; the same text in other bytes (GBK, CRLF) is named as such; a new text gets no
    note."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes((RAW / "xuzhou.txt").read_bytes())
    b.write_bytes((RAW / "xuzhou.txt").read_bytes())
    code, out, _ = run(capsys, "ingest", str(a), "--id", "xz-copy")
    assert code == 0 and "note: the same file as xuzhou, already in the corpus" in out
    code, out, _ = run(capsys, "ingest", str(b), str(tmp_path / "a.txt"))  # ids b and a, in one run
    assert "note: the same file as xuzhou, xz-copy, b, already" in out.split("✓ a ")[1]
    # the same document saved again: GBK, and with Windows line ends: other bytes, the same text
    src = tmp_path / "jingkou.txt"
    text = (RAW / "zhenjiang-jingkou.txt").read_text(encoding="utf-8")
    src.write_bytes(text.encode("gb18030"))
    crlf = tmp_path / "jingkou-crlf.txt"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    code, out, _ = run(capsys, "ingest", str(src), str(crlf))
    assert code == 0 and "the same file" not in out
    assert "note: the same text as zhenjiang-jingkou, already in the corpus" in out.split("✓ jingkou ")[1]
    assert "note: the same text as zhenjiang-jingkou, jingkou, already" in out.split("✓ jingkou-crlf ")[1]
    half = tmp_path / "jingkou-half.txt"  # another text: no note
    half.write_text(text[: len(text) // 2], encoding="utf-8")
    code, out, _ = run(capsys, "ingest", str(half))
    assert code == 0 and "note:" not in out


def test_ingest_with_broken_metadata(capsys, user_dirs, tmp_path):
    meta = tmp_path / "m.toml"
    meta.write_text('title = "unterminated\n', encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(RAW / "xuzhou.txt"), "--meta", str(meta))
    assert code == 1 and "m.toml: is not valid TOML" in err and "Traceback" not in err


def test_corrupt_user_corpus_file_is_skipped_with_a_message(capsys, user_dirs):
    parsed = user_dirs / "data" / "corpus" / "parsed"
    parsed.mkdir(parents=True)
    (parsed / "broken.json").write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "list", "--json")
    assert code == 0
    assert "broken.json: corrupt corpus file" in err
    assert len(json.loads(out)["plans"]) == 5


@pytest.mark.parametrize("argv", [["outline", "xuzhou", "--depth", "0"]])
def test_bad_arguments(capsys, user_dirs, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.startswith("fyp: ")


def test_parse_summary_counts_cuts_without_characters(capsys, tmp_path):
    """Form feeds are cut but hold no character: the summary says how many cuts, not
    only "0 chars removed" above a table of them."""
    src = tmp_path / "p.txt"
    text = "某区规划纲要\n第一章 总体要求\n坚持稳中求进。\n\x0c\n第二章 发展目标\n到2025年，实现新突破。\n\x0c\n"
    src.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "parse", str(src))
    assert code == 0 and "0 chars removed in 2 cuts" in out


def test_a_load_of_some_layers_keeps_the_manifest_entries_of_the_others(user_dirs, tmp_path, monkeypatch):
    """The manifest lists every layer's plans; a load of fewer layers that finds a new
    file (as `fyp ingest` does to check for duplicates) writes the manifest without
    dropping the others' entries: their plans are not decoded again next time."""
    import shutil

    from fyp_tui import corpus as corpus_mod

    extra = tmp_path / "extra" / "parsed"
    extra.mkdir(parents=True)
    for pid in ("xuzhou", "fuzhou-gulou"):
        shutil.copy(REPO / "corpus" / "parsed" / f"{pid}.json", extra / f"renamed-{pid}.json")
        text = (extra / f"renamed-{pid}.json").read_text(encoding="utf-8")
        (extra / f"renamed-{pid}.json").write_text(text.replace(f'"id": "{pid}"', f'"id": "renamed-{pid}"', 1),
                                                 encoding="utf-8")
    corpus_mod.load_corpus(extra=[extra.parent], include_user=False)
    listed = set(corpus_mod._read_manifest())
    assert {str(p) for p in extra.iterdir()} <= listed
    src = tmp_path / "new.txt"
    src.write_bytes((RAW / "zhenjiang-jingkou.txt").read_bytes())
    written = corpus_mod._write_manifest
    writes = []
    monkeypatch.setattr(corpus_mod, "_write_manifest", lambda *a: writes.append(1) or written(*a))
    for pid in ("brand-new", "brand-new-2"):  # the second load finds the first's file, new to the manifest
        assert main(["ingest", str(src), "--id", pid, "--dest", str(tmp_path / "dest")]) == 0
    after = set(corpus_mod._read_manifest())
    assert writes and listed <= after  # written, and the extra layer's entries kept
    decoded = []
    real = corpus_mod.load_plan_file
    monkeypatch.setattr(corpus_mod, "load_plan_file", lambda p: decoded.append(p) or real(p))
    corpus_mod.load_corpus(extra=[extra.parent], include_user=False)
    assert decoded == []  # listed from the manifest, not decoded again


def test_remove_sets_a_plan_aside(capsys, user_dirs, tmp_path):
    """A plan of your corpus leaves it: not listed, not searched; its files, moved whole
    into the corpus's removed/ folder, bring it back when moved back. A bundled plan and
    an unknown id are one-line errors, and nothing moves."""
    src = tmp_path / "jk.txt"
    src.write_bytes((RAW / "zhenjiang-jingkou.txt").read_bytes())
    meta = tmp_path / "jk.toml"
    meta.write_text('title = "镇江市京口区纲要"\n', encoding="utf-8")
    assert run(capsys, "ingest", str(src), "--meta", str(meta))[0] == 0
    corpus_dir = tmp_path / "data" / "corpus"
    before = {p.relative_to(corpus_dir): p.read_bytes() for p in corpus_dir.rglob("*") if p.is_file()}
    assert run(capsys, "search", "楼宇经济", "--json", "--plan", "jk")[0] == 0
    code, out, _ = run(capsys, "remove", "jk")
    assert code == 0 and "✓ removed jk" in out
    listed = json.loads(run(capsys, "list", "--json")[1])
    assert "jk" not in {p["id"] for p in listed["plans"]}
    code, _, err = run(capsys, "search", "楼宇经济", "--plan", "jk")
    assert code == 2 and "jk" in err
    (aside,) = (corpus_dir / "removed").iterdir()
    kept = {p.relative_to(aside): p.read_bytes() for p in aside.rglob("*") if p.is_file()}
    assert kept == before  # every file, byte for byte
    for name in ("xuzhou", "nope"):
        code, out, err = run(capsys, "remove", name)
        assert code == 1 and len(err.strip().splitlines()) == 1 and name in err and "Traceback" not in err
    assert {p.relative_to(aside) for p in aside.rglob("*") if p.is_file()} == set(before)
    for p, data in kept.items():  # moved back: the plan is there again
        (corpus_dir / p).write_bytes(data)
    assert "jk" in {p["id"] for p in json.loads(run(capsys, "list", "--json")[1])["plans"]}


def test_filters_no_plan_passes_are_an_error_not_a_zero(capsys, user_dirs):
    """`--kind bogus` or a province no plan is in said that 发展 "is not in the text": a count
    of 0 to quote where nothing was searched."""
    for cmd in (["search", "发展"], ["terms", "发展", "--json"]):
        code, out, err = run(capsys, *cmd, "--kind", "bogus")
        assert code == 2 and not out and "--kind bogus" in err and "outline (纲要)" in err
        code, out, err = run(capsys, *cmd, "--province", "火星")
        assert code == 2 and not out and "no plan matches --province 火星" in err
        code, out, err = run(capsys, *cmd, "--plan", "xuzhou", "--kind", "outline")  # xuzhou is a 建议
        assert code == 2 and "no plan matches --plan xuzhou --kind outline" in err
        for ok in (["--kind", "建议"], ["--kind", "proposal"], ["--province", "江苏"]):
            code, out, err = run(capsys, *cmd, *ok)
            assert code == 0 and out, ok


def test_terms_reads_a_term_as_search_reads_a_word(capsys, user_dirs):
    """A quoted phrase counted 0 in `fyp terms` (the quotes were part of the term) and 8 in
    `fyp search`; several words were counted as one phrase there and as units here."""
    code, out, _ = run(capsys, "search", '"楼宇 经济"', "--plan", "fuzhou-gulou", "--json")
    searched = json.loads(out)["total"]
    code, out, _ = run(capsys, "terms", '"楼宇 经济"', "--plan", "fuzhou-gulou", "--json")
    assert code == 0 and json.loads(out)[0]["count"] == searched > 0
    code, out, _ = run(capsys, "terms", "楼宇经济", "--plan", "fuzhou-gulou", "--json")
    assert json.loads(out)[0]["count"] == searched
    code, out, err = run(capsys, "terms", "楼宇 总部")
    assert code == 2 and not out and "several words" in err and err.count("\n") == 1


def test_a_plan_of_the_same_id_from_another_file_is_never_replaced_unasked(capsys, user_dirs, tmp_path):
    """Sites name many plans 规划纲要.txt: two documents of one file name get one id, and
    the second must not silently take the first one's place. The same file again is
    stored again (a new parser, new metadata); ``--replace`` sets the old one aside."""
    first, second = tmp_path / "a" / "规划纲要.txt", tmp_path / "b" / "规划纲要.txt"
    for path, src in ((first, "xuzhou.txt"), (second, "zhenjiang-jingkou.txt")):
        path.parent.mkdir()
        path.write_bytes((RAW / src).read_bytes())
    dest = tmp_path / "corpus"
    raw = dest / "raw" / "规划纲要.txt"
    code, out, err = run(capsys, "ingest", str(first), str(second), "--dest", str(dest))
    assert code == 1 and out.count("✓ ") == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(second) in lines[0] and "already in" in lines[0] and "--replace" in lines[0]
    assert raw.read_bytes() == first.read_bytes() and not (dest / "removed").exists()
    code, out, err = run(capsys, "ingest", str(first), "--dest", str(dest))  # the same bytes: stored again
    assert code == 0 and err == "" and "replaced" not in out
    other = tmp_path / "other.txt"  # --id naming a plan of another file: refused too
    other.write_bytes(second.read_bytes())
    code, _, err = run(capsys, "ingest", str(other), "--id", "规划纲要", "--dest", str(dest))
    assert code == 1 and "--replace" in err and raw.read_bytes() == first.read_bytes()
    code, out, err = run(capsys, "ingest", str(second), "--dest", str(dest), "--replace")
    assert code == 0 and err == ""
    assert raw.read_bytes() == second.read_bytes()
    aside = list((dest / "removed").glob("规划纲要-*/raw/规划纲要.txt"))
    assert len(aside) == 1 and aside[0].read_bytes() == first.read_bytes()
    assert "note: replaced 规划纲要" in out and str(aside[0].parent.parent) in out
    shown = json.loads(run(capsys, "list", "--json", "--corpus", str(dest), "--no-user-corpus")[1])["plans"]
    assert [p["place"] for p in shown if p["id"] == "规划纲要"] == ["镇江京口区"]


def test_show_text_holds_what_the_plan_prints_and_no_name_the_parser_gave(capsys):
    """A section's ``text`` is what search counts in it: 徐州市委建议's closing section is
    named 结语 by the parser (the file never prints the word), and a front page's title
    is printed in its body, not added before it a second time."""
    raw = (RAW / "xuzhou.txt").read_text(encoding="utf-8")
    assert raw.count("结语") == 0
    code, out, _ = run(capsys, "show", "xuzhou#closing", "--json", "--no-user-corpus")
    (sec,) = json.loads(out)["sections"]
    assert code == 0 and sec["title"] == "结语" and sec["text"].count("结语") == 0
    assert sec["text"].startswith("全面完成徐州市国民经济和社会发展第十四个五年规划")
    code, out, _ = run(capsys, "show", "xuzhou-gulou#front", "--json", "--no-user-corpus")
    text = json.loads(out)["sections"][0]["text"]
    title = "鼓楼区国民经济和社会发展第十四个五年规划和2035年远景目标纲要"
    # Printed twice on the front page (the notice's name 关于印发《…》的通知, then the title
    # line); the site's 信息名称 line above them is page furniture, set aside.
    assert code == 0 and text.replace(" ", "").replace("\n", "").count(title) == 2
