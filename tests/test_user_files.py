"""Bad user files (config, bookmarks, themes, corpus files, ingest ids) give one clear
message naming the file, never a traceback, and nothing is overwritten."""

from __future__ import annotations

import json

import pytest

from fyp_tui.bookmarks import BookmarkStore
from fyp_tui.cli import main
from fyp_tui.config import load_config
from tests.conftest import REPO


@pytest.mark.parametrize("text", ['search = "x"\n', 'corpus = "x"\n', "[keymap]\nx = 1\n", 'theme = "a"\n[search]\nmode = "[/]"\n'])
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
