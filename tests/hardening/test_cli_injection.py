"""No escape, control or bidi character from any file reaches the terminal through
the real `fyp` entry point, and markup in data is shown as written.

Sources: a plan's own text (`fyp parse`'s removed table), a sidecar .toml that
reaches the metadata of an ingested plan (then `list`, `show`, `outline`,
`search`, `targets`), a parsed JSON planted in a `--corpus` directory, file
names in error lines and in the ingest progress bar, and argparse's echo of
arguments.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fyp_tui.cli import main
from fyp_tui.ingest import parse_bytes
from fyp_tui.corpus import parsed_json
from tests.hardening.hostile import (ALM, ESCAPES, MARKUP, OSC52, TITLE, assert_terminal_safe, hostile_plan,
                                     toml_escaped)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert_terminal_safe(out, err)
    return code, out, err


def test_parse_prints_the_removed_escapes_harmlessly(capsys, user_dirs, tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text(hostile_plan(), encoding="utf-8")
    code, out, err = run(capsys, "parse", str(f))
    assert code == 0 and "removed" in out
    assert "ZWNobyBwd25lZA==" not in out  # the OSC payload goes with its sequence
    assert "[red]楼宇经济持续壮大" in out  # markup in a heading is shown as written


@pytest.fixture
def hostile_meta_plan(user_dirs, tmp_path, capsys):
    """A plan ingested with a sidecar whose title, city, district … carry escapes."""
    f = tmp_path / "plan.txt"
    f.write_text(hostile_plan(), encoding="utf-8")
    meta = tmp_path / "m.toml"
    meta.write_text("\n".join([
        f"title = {toml_escaped('鼓楼区规划' + OSC52 + MARKUP)}",
        f"province = {toml_escaped('江苏省' + ALM)}",
        f"city = {toml_escaped('[bold red]徐州市' + TITLE)}",
        f"district = {toml_escaped('鼓楼区' + ESCAPES[2])}",
        f"short_title = {toml_escaped('短' + ESCAPES[3])}",
        f"issuer = {toml_escaped('人民政府' + ESCAPES[5])}",
        "",
    ]), encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(f), "--meta", str(meta), "--id", "hostile")
    assert code == 0, err
    assert "[bold red]徐州市" in out  # the place, markup shown as written
    return "hostile"


@pytest.mark.parametrize("argv", [
    ["list"], ["list", "--json"], ["show", "hostile"], ["show", "hostile#ch01.s01"], ["show", "hostile", "--json"],
    ["outline", "hostile"], ["outline", "hostile", "--json"], ["search", "楼宇经济"], ["search", "楼宇经济", "--json"],
    ["targets", "hostile"], ["targets", "hostile", "--csv"], ["targets", "hostile", "--json"],
    ["terms", "楼宇经济"], ["terms", "楼宇经济", "--csv"],
])
def test_sidecar_escapes_never_reach_the_terminal(capsys, hostile_meta_plan, argv):
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    if "--json" not in argv and argv[0] not in ("terms",):
        assert "徐州市" in out or "鼓楼区" in out or "hostile" in out


def test_list_shows_sidecar_markup_as_written(capsys, hostile_meta_plan):
    code, out, err = run(capsys, "list")
    assert "[bold" in out and "red]" in out  # the table folds the place cell; the tag shows as written


def test_json_keeps_the_data_exact_but_escaped(capsys, hostile_meta_plan):
    code, out, err = run(capsys, "list", "--json")
    plan = next(p for p in json.loads(out)["plans"] if p["id"] == "hostile")
    assert plan["city"] == "[bold red]徐州市" + TITLE  # the data is unchanged; only its JSON spelling is escaped


@pytest.fixture
def planted_corpus(tmp_path):
    """A --corpus directory with a parsed JSON whose every text field carries escapes."""
    plan = parse_bytes(hostile_plan().encode(), "planted")
    plan.meta.title = "标题" + OSC52
    plan.meta.city = "徐州市" + TITLE + MARKUP
    plan.meta.province = "江苏省" + ALM
    plan.sections[-1].title = "目标" + ESCAPES[2]
    for sec in plan.walk():
        for b in sec.blocks:
            if hasattr(b, "text"):
                b.text += ESCAPES[3] + RLO_AND_C1
    parsed = tmp_path / "planted" / "parsed"
    parsed.mkdir(parents=True)
    (parsed / "planted.json").write_text(parsed_json(plan), encoding="utf-8")
    return tmp_path / "planted"


RLO_AND_C1 = "\u202e\x9b2J"


@pytest.mark.parametrize("argv", [
    ["list"], ["show", "planted"], ["outline", "planted"], ["search", "楼宇经济"], ["targets", "planted"],
    ["similar", "planted"], ["compare", "planted", "xuzhou-gulou"],
    ["compare", "planted", "xuzhou-gulou", "--format", "md"], ["compare", "planted", "xuzhou-gulou", "--format", "csv"],
    ["targets", "planted", "--csv"], ["terms", "楼宇经济", "--csv"],
])
def test_planted_parsed_json_never_reaches_the_terminal(capsys, user_dirs, planted_corpus, argv):
    code, out, err = run(capsys, "--corpus", str(planted_corpus), *argv)
    assert code == 0, err


def test_file_names_in_error_lines(capsys, user_dirs, tmp_path):
    bad = tmp_path / f"x{TITLE}{OSC52}[bold red].txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    missing = tmp_path / f"gone{ESCAPES[2]}.txt"
    code, out, err = run(capsys, "ingest", str(bad), str(missing))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("fyp: ✗ ") for line in lines)
    assert "[bold red].txt" in lines[0]
    code, out, err = run(capsys, "parse", str(missing))
    assert code == 2 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [
    ["list", f"stray{TITLE}"],  # argparse: unrecognized arguments: <raw>
    [f"nocommand{OSC52}"],  # argparse: invalid choice
    ["outline", "xuzhou", "--depth", f"2{ALM}"],  # argparse: invalid int value
    ["show", f"xuzhou#nope{OSC52}"],
    ["show", f"nope{TITLE}"],
    ["compare", "xuzhou", "xuzhou-gulou", "-o", f"/nonexistent{TITLE}/x.csv", "--format", "csv"],
])
def test_arguments_echoed_in_errors(capsys, user_dirs, argv):
    try:
        code = main(argv)
    except SystemExit as e:  # argparse exits by itself
        code = e.code
    out, err = capsys.readouterr()
    assert_terminal_safe(out, err)
    assert code == 2 and err.strip()


def test_progress_bar_shows_markup_in_file_names_literally(capsys, user_dirs, tmp_path, monkeypatch):
    """The progress bar (shown for 3+ files on a terminal) renders a file called
    `[bold red]x.txt` as written, not as bold red `x.txt`."""
    import fyp_tui.cli.corpus as cli_corpus
    from fyp_tui.cli.output import SafeConsole

    shown = []

    def terminal_console(stderr=False):
        con = SafeConsole(file=open(os.devnull, "w"), force_terminal=True, width=200, highlight=False, markup=False,
                          record=True)
        shown.append(con)
        return con

    monkeypatch.setattr(cli_corpus, "console", terminal_console)
    files = []
    for k in range(3):
        f = tmp_path / f"[bold red]x{k}.txt"
        f.write_text(hostile_plan(), encoding="utf-8")
        files.append(str(f))
    assert main(["ingest", *files]) == 0
    # The bar's last frame is recorded with the text as drawn.
    text = shown[0].export_text(styles=False)
    assert "[bold red]x" in text
    assert_terminal_safe(text)


def test_arabic_letter_mark_is_stripped(capsys, user_dirs, tmp_path):
    f = tmp_path / "p.txt"
    f.write_text(hostile_plan(), encoding="utf-8")
    code, out, err = run(capsys, "parse", str(f))
    assert ALM not in out and "发展目标" in out


@pytest.mark.parametrize("name,want", [("\x1b[31mred\x1b[0m", "red"), (f"plan{OSC52}", "plan"),
                                       ("\x9b1m徐州", "徐州"), ("\x1b]0;title\x07", "plan")])
def test_an_escape_sequence_in_a_file_name_is_no_part_of_its_id(name, want):
    # The id comes from what the name shows: an escape sequence goes whole, never its
    # printable tail ("31mred", "52;c;…").
    from fyp_tui.ingest import plan_id_for

    assert plan_id_for(Path(f"{name}.txt")) == want
