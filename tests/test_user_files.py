"""Bad user files (config, bookmarks, themes, corpus files, ingest ids) give one clear
message naming the file, never a traceback, and nothing is overwritten."""

from __future__ import annotations

import json

import pytest

from fyp_tui.bookmarks import BookmarkStore
from fyp_tui.cli import main
from fyp_tui.config import load_config
from tests.conftest import REPO, SEEDS


@pytest.mark.parametrize("text", ['search = "x"\n', 'corpus = "x"\n', "[keymap]\nx = 1\n",
                                  'theme = "a"\n[search]\nmode = "[/]"\n'])
def test_config_of_the_wrong_shape(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    cfg = load_config(path)
    assert cfg.search_mode == "auto"
    if "keymap" not in text:
        assert cfg.problem.startswith(str(path))


def test_bookmarks_file_of_the_wrong_shape_is_kept_aside(tmp_path):
    path = tmp_path / "bookmarks.json"
    path.write_text("[]", encoding="utf-8")
    store = BookmarkStore(path)
    assert store.items == [] and str(path) in store.problem
    kept = list(tmp_path.glob("bookmarks.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "[]"


def test_theme_with_a_bad_colour_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setenv("FYP_CONFIG_DIR", str(tmp_path))
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "bad.toml").write_text('name = "bad"\nprimary = "zzz"\n', encoding="utf-8")
    from fyp_tui.ui.themes import load_themes

    themes, problems = load_themes()
    assert "bad" not in {t.name for t in themes}
    assert any("bad.toml" in p and "not a colour" in p for p in problems)


@pytest.mark.parametrize("bad_id", ["../evil", "[/]x", "a/b", "Upper"])
def test_ingest_refuses_unusable_ids(capsys, user_dirs, bad_id):
    code = main(["ingest", str(REPO / "corpus" / "raw" / "xuzhou.txt"), "--id", bad_id])
    err = capsys.readouterr().err
    assert code == 1 and "is not usable" in err
    assert not (user_dirs / "data" / "corpus" / "evil.json").exists()


def test_ingest_under_a_bundled_id_says_so(capsys, user_dirs):
    code = main(["ingest", str(REPO / "corpus" / "raw" / "xuzhou.txt"), "--id", "xuzhou"])
    out = capsys.readouterr().out
    assert code == 0 and "stands in for the bundled plan" in out


@pytest.mark.parametrize("content", ["[1, 2]", '{"schema": 1, "id": "x", "meta": "str", "sections": []}'])
def test_parsed_file_of_the_wrong_shape_is_skipped(capsys, user_dirs, content):
    parsed = user_dirs / "data" / "corpus" / "parsed"
    parsed.mkdir(parents=True)
    (parsed / "x.json").write_text(content, encoding="utf-8")
    code = main(["list", "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and "x.json" in err and len(json.loads(out)["plans"]) == 5


def test_parsed_file_whose_id_differs_from_its_name(capsys, user_dirs):
    parsed = user_dirs / "data" / "corpus" / "parsed"
    parsed.mkdir(parents=True)
    data = (REPO / "corpus" / "parsed" / "xuzhou.json").read_text(encoding="utf-8")
    (parsed / "other.json").write_text(data, encoding="utf-8")
    code = main(["list", "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and "holds plan 'xuzhou', not 'other'" in err


# -- typed schemas: every user-editable file ------------------------------------

DEEP_TOML = "x = " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.mark.parametrize("text,field", [
    ('theme = 5\n[search]\nmode = "exact"\n', "theme"),
    ('[corpus]\ndirs = [1, "/x"]\n[search]\nmode = "exact"\n', "corpus.dirs[0]"),
    ('[search]\nmode = "exact"\n[corpus]\ndirs = {a = {b = {c = 1}}}\n', "corpus.dirs"),
    ('[search]\nmode = "exact"\n[ingest]\nmax_mb = -1\n', "ingest.max_mb"),
    ('[search]\nmode = "exact"\ncolour = "x"\n', "search"),
    ('[search]\nmode = "exact"\n[keymap]\n"app.quit" = 1\n', 'keymap'),
])
def test_config_field_of_the_wrong_type_is_named_and_the_rest_applies(tmp_path, text, field):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    cfg = load_config(path)
    assert cfg.problem.startswith(f"{path}: {field}") and "\n" not in cfg.problem
    assert cfg.search_mode == "exact"  # the good part of the file still applies
    assert cfg.theme == "" and cfg.corpus_dirs == []


@pytest.mark.parametrize("text", [DEEP_TOML, "a = {" * 3000 + "}" * 3000, b"theme = \"\xff\"\n"],
                         ids=["deep-arrays", "deep-tables", "not-utf8"])
def test_config_nested_too_deep_or_not_utf8_gives_one_line(tmp_path, text, capsys, user_dirs):
    path = user_dirs / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    assert load_config(path).problem.startswith(str(path))
    assert main(["list"]) == 0  # the command still runs, on defaults
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(path) in err


def test_good_config_is_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "fyp-paper"\n[search]\nmode = "pinyin"\n[corpus]\ndirs = ["~/plans"]\n'
                    '[ingest]\nmax_mb = 2\n[keymap]\n"app.quit" = "ctrl+q"\n', encoding="utf-8")
    cfg = load_config(path)
    assert not cfg.problem and cfg.theme == "fyp-paper" and cfg.search_mode == "pinyin"
    assert cfg.corpus_dirs[0].name == "plans" and "~" not in str(cfg.corpus_dirs[0])
    assert cfg.ingest_max_mb == 2 and cfg.keymap == {"app.quit": "ctrl+q"}


@pytest.mark.parametrize("extra,field", [
    ('luminosity_spread = "wide"\n', "luminosity_spread"),
    ('text_alpha = 7\n', "text_alpha"),
    ('variables = "x"\n', "variables"),
    ('secondary = "red; } Screen { display: none; } X {"\n', "secondary"),
    ('[variables]\nfooter-key-foreground = "red; } Screen { display: none"\n', "variables.footer-key-foreground"),
    ('[variables]\n"a} Screen {b" = "red"\n', "variables"),
    ('dark = "yes"\n', "dark"),
    ('font = "x"\n', "unknown key `font`"),
    (DEEP_TOML, "nested too deeply"),
], ids=lambda v: v if len(v) < 40 else "deep")
def test_theme_with_a_field_that_is_not_a_colour_is_skipped(tmp_path, monkeypatch, extra, field):
    monkeypatch.setenv("FYP_CONFIG_DIR", str(tmp_path))
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "bad.toml").write_text('name = "bad"\nprimary = "#123456"\n' + extra, encoding="utf-8")
    (tmp_path / "themes" / "good.toml").write_text('name = "good"\nprimary = "#123456"\n', encoding="utf-8")
    from fyp_tui.ui.themes import load_themes

    themes, problems = load_themes()
    names = {t.name for t in themes}
    assert "bad" not in names and {"good", "fyp-ink", "fyp-paper"} <= names
    assert len(problems) == 1 and "bad.toml" in problems[0] and field in problems[0]


def test_theme_file_that_is_a_fifo_is_skipped_without_blocking(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("FYP_CONFIG_DIR", str(tmp_path))
    (tmp_path / "themes").mkdir()
    os.mkfifo(tmp_path / "themes" / "pipe.toml")
    from fyp_tui.ui.themes import load_themes

    themes, problems = load_themes()
    assert len(problems) == 1 and "pipe.toml" in problems[0] and "FIFO" in problems[0]


@pytest.mark.parametrize("content,field", [
    ('{"bookmarks": [{"plan": 5, "section": "ch01"}]}', "bookmarks[0].plan"),
    ('{"bookmarks": [{"plan": "xuzhou", "section": "ch01", "created": "yesterday"}]}', "bookmarks[0].created"),
    ('{"bookmarks": {"plan": "xuzhou"}}', "bookmarks"),
    ('{"bookmarks": [{"plan": "xuzhou", "section": ' + "[" * 5000 + "]" * 5000 + "}]}", "bookmarks[0].section"),
    ("[" * 100000, "expected `object`"),
], ids=["plan-int", "created-str", "not-a-list", "deep", "deep-array"])
def test_bookmarks_of_the_wrong_type_are_kept_aside(tmp_path, content, field):
    path = tmp_path / "bookmarks.json"
    path.write_text(content, encoding="utf-8")
    store = BookmarkStore(path)
    assert store.items == [] and store.problem.startswith(str(path)) and field in store.problem
    kept = list(tmp_path.glob("bookmarks.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == content
    store.toggle("xuzhou", "ch01")  # B works again, on a fresh file
    assert BookmarkStore(path).items[0].plan == "xuzhou"


def test_a_second_bad_bookmarks_file_never_overwrites_the_first_kept_aside(tmp_path):
    path = tmp_path / "bookmarks.json"
    for k in range(3):
        path.write_text(f"broken {k}", encoding="utf-8")
        BookmarkStore(path)
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("bookmarks.json.corrupt-*"))
    assert kept == ["broken 0", "broken 1", "broken 2"]


def test_good_bookmarks_round_trip(tmp_path):
    path = tmp_path / "bookmarks.json"
    store = BookmarkStore(path)
    store.set_note("xuzhou", "ch01", "注意 [bold]", "总则")
    again = BookmarkStore(path)
    assert not again.problem and again.items[0].note == "注意 [bold]" and again.items[0].ref == "xuzhou#ch01"


@pytest.mark.parametrize("content,field", [
    (b"title = \"\xff\xfe\"\n", "not UTF-8"),
    (b"id = 5\n", "id: expected text"),
    (b"titel = \"x\"\n", "unknown key `titel`"),
    (b"[meta]\ncity = {a = 1}\n", "meta.city"),
    (b"[meta]\ncity = \"x\"\n[more]\na = 1\n", "unknown key `meta`"),
    (DEEP_TOML.encode(), "nested too deeply"),
    (b"title = [1, 2]\n", "title"),
], ids=["not-utf8", "id-int", "unknown", "nested-table", "meta-and-more", "deep", "list"])
def test_bad_sidecar_gives_one_line_naming_the_file_and_field(capsys, user_dirs, tmp_path, content, field):
    meta = tmp_path / "m.toml"
    meta.write_bytes(content)
    code = main(["ingest", str(REPO / "corpus" / "raw" / "xuzhou.txt"), "--meta", str(meta), "--id", "side"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert str(meta) in err and field in err
    assert not (user_dirs / "data" / "corpus").exists() or not list((user_dirs / "data" / "corpus").rglob("side*"))


def test_sidecar_years_may_be_numbers(capsys, user_dirs, tmp_path):
    meta = tmp_path / "m.toml"
    meta.write_text('[meta]\nvision_year = 2035\ncity = "徐州市"\n', encoding="utf-8")
    assert main(["parse", str(REPO / "corpus" / "raw" / "xuzhou.txt"), "--meta", str(meta), "--json"]) == 0
    meta_out = json.loads(capsys.readouterr().out)["meta"]
    assert meta_out["vision_year"] == "2035" and meta_out["meta_sources"]["vision_year"] == "sidecar"


def _bad_plan(kind: str) -> dict:
    plan = json.loads((REPO / "corpus" / "parsed" / "xuzhou.json").read_text(encoding="utf-8"))
    plan["id"] = "bad"
    if kind == "text":
        sec = next(s for s in plan["sections"] if any(b.get("kind") == "para" for b in s["blocks"]))
        next(b for b in sec["blocks"] if b.get("kind") == "para")["text"] = 12345
    elif kind == "title":
        plan["sections"][1]["title"] = 7
    elif kind == "chars":
        plan["chars"] = "many"
    else:  # nested deeper than any decoder's stack
        return None
    return plan


@pytest.fixture(scope="module", params=["text", "title", "chars", "deep"])
def bad_corpus(request, tmp_path_factory):
    d = tmp_path_factory.mktemp(f"bad-{request.param}")
    (d / "parsed").mkdir()
    plan = _bad_plan(request.param)
    text = json.dumps(plan, ensure_ascii=False) if plan else "[" * 100000 + "]" * 100000
    (d / "parsed" / "bad.json").write_text(text, encoding="utf-8")
    return d


@pytest.mark.parametrize("argv", [
    ["search", "楼宇经济", "--limit", "3"], ["show", "xuzhou#p01"], ["similar", "xuzhou"], ["targets", "xuzhou"],
    ["compare", "xuzhou", "xuzhou-gulou"], ["list", "--json"],
])
def test_one_bad_parsed_plan_is_reported_once_and_the_rest_works(capsys, bad_corpus, argv, monkeypatch, tmp_path):
    monkeypatch.setenv("FYP_CACHE_DIR", str(bad_corpus / "cache"))  # shared by the commands: built once
    code = main(["--corpus", str(bad_corpus), "--no-user-corpus", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "bad.json" in lines[0], err
    assert out.strip()
    if argv[0] == "list":
        assert {p["id"] for p in json.loads(out)["plans"]} == set(SEEDS)
