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


def test_places_fit_whole_at_80_columns(monkeypatch, capsys):
    """The place tells the two 鼓楼区 apart: at 80 columns each plan's row holds its
    whole place name (folded, 连云港/海州区 was half on the next line)."""
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["--no-user-corpus", "list"]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.strip()}
    places = {"xuzhou": "徐州市", "xuzhou-gulou": "徐州鼓楼区", "lianyungang-haizhou": "连云港海州区",
              "zhenjiang-jingkou": "镇江京口区", "fuzhou-gulou": "福州鼓楼区"}
    for pid, place in places.items():
        assert place in rows[pid].split(), (pid, rows[pid])


def test_a_narrow_terminal_drops_columns_rather_than_cutting_numbers(monkeypatch, capsys):
    """At 60 columns the table cannot hold every column: whole columns go (period,
    sections, date …), the id, the place and the character counts stay whole."""
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["--no-user-corpus", "list"]) == 0
    out = capsys.readouterr().out
    assert "…" not in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["lianyungang-haizhou"][1] == "连云港海州区"
    assert "41,236" in rows["lianyungang-haizhou"] and "23,494" in rows["xuzhou"]
    assert "十四五" not in out  # the period went first
