"""`fyp show` on a terminal sets text by the Chinese line-breaking rules; piped, it
does not hard-wrap at all."""

from __future__ import annotations

import re

import pytest

from fyp_tui.cli import main, output
from fyp_tui.linebreak import CLOSING, OPENING

BORDERS = "│┃║╭╮╰╯─━ "


def _show(monkeypatch, capsys, ref: str, terminal: bool) -> list[str]:
    real = output.console

    def fake(stderr: bool = False):
        con = real(stderr)
        if terminal:
            con = output.SafeConsole(file=con.file, force_terminal=True, width=80, highlight=False, markup=False,
                                     emoji=False, color_system=None)
        return con

    monkeypatch.setattr(output, "console", fake)
    monkeypatch.setattr("fyp_tui.cli.corpus.console", fake)
    assert main(["--no-user-corpus", "show", ref]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("ref", ["xuzhou-gulou", "fuzhou-gulou", "zhenjiang-jingkou"])
def test_terminal_lines_follow_the_rules(monkeypatch, capsys, ref):
    lines = [ln.strip(BORDERS) for ln in _show(monkeypatch, capsys, ref, terminal=True)]
    lines = [ln for ln in lines if ln]
    assert len(lines) > 200
    for prev, line in zip(lines, lines[1:]):
        assert line[0] not in CLOSING, (prev, line)
        assert prev[-1] not in OPENING, (prev, line)
        # a number never splits from its digits or its unit: 净增5 / 0家, 【30 / 0】, 2025 / 年
        assert not (re.search(r"[0-9.]$", prev) and re.match(r"[0-9%％年亿万元家个】]", line)), (prev, line)


def test_piped_output_is_not_hard_wrapped(monkeypatch, capsys):
    lines = _show(monkeypatch, capsys, "xuzhou-gulou#ch01.s01", terminal=False)
    assert max(len(ln) for ln in lines) > 100  # whole paragraphs on one line each
