"""A usage error is one line on stderr, like every other error: what was wrong and
where the options are listed, exit code 2, no usage block and no traceback."""

from __future__ import annotations

import pytest

from fyp_tui.cli import main


@pytest.mark.parametrize("argv, said", [
    (["search"], "fyp search: the following arguments are required: QUERY"),
    (["search", "楼宇经济", "--mode", "nope"], "fyp search: argument --mode: invalid choice: 'nope'"),
    (["nocommand"], "fyp: argument COMMAND: invalid choice: 'nocommand'"),
    # said by the command's own parser, whose --help lists what it takes
    (["list", "stray"], "fyp list: unrecognized arguments: stray (`fyp list --help` lists"),
    (["ingest", "--force", "x.txt"], "fyp ingest: unrecognized arguments: --force (`fyp ingest --help` lists"),
    (["--bogus"], "fyp: unrecognized arguments: --bogus (`fyp --help` lists"),
])
def test_a_usage_error_is_one_line(capsys, argv, said):
    with pytest.raises(SystemExit) as e:
        main(argv)
    out, err = capsys.readouterr()
    assert e.value.code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(said), err
    assert "--help` lists the options" in err and "usage:" not in err


def test_help_still_shows_the_usage(capsys):
    with pytest.raises(SystemExit) as e:
        main(["search", "--help"])
    assert e.value.code == 0 and capsys.readouterr().out.startswith("usage: fyp search")
