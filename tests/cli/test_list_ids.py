"""`fyp list` at 80 columns shows every plan id whole: it is what the user types next."""

from __future__ import annotations

import re

from fyp_tui.cli import main


def test_ids_are_never_cut_at_80_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["--no-user-corpus", "list"]) == 0
    out = capsys.readouterr().out
    ids = {"xuzhou", "xuzhou-gulou", "lianyungang-haizhou", "zhenjiang-jingkou", "fuzhou-gulou"}
    first_words = {m.group(1) for m in re.finditer(r"^\s*([a-z][a-z-]+)\s", out, re.M)}
    assert ids <= first_words
    assert "…" not in out
