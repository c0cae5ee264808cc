"""`fyp search --limit` and `fyp terms` refuse what they cannot use, in one line."""

from __future__ import annotations

import pytest

from fyp_tui.cli import main


def run(capsys, *argv):
    code = main([*argv, "--no-user-corpus"])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("limit", ["0", "-1", "x"])
def test_search_limit_must_be_positive(capsys, limit):
    with pytest.raises(SystemExit) as e:
        main(["search", "楼宇经济", "--limit", limit, "--no-user-corpus"])
    err = capsys.readouterr().err
    assert e.value.code == 2
    assert "--limit" in err and "Traceback" not in err


def test_similar_limit_must_be_positive(capsys):
    with pytest.raises(SystemExit) as e:
        main(["similar", "xuzhou", "--limit", "-1", "--no-user-corpus"])
    assert e.value.code == 2 and "--limit" in capsys.readouterr().err


def test_search_limit_one(capsys):
    code, out, _ = run(capsys, "search", "楼宇经济", "--mode", "exact", "--limit", "1")
    # one row, a paragraph holding it twice: the other 22 of the 24 hits are not shown
    assert code == 0 and "22 more hits not shown (1 row shown: --limit)" in out


@pytest.mark.parametrize("argv", [[""], ["  "], ["楼宇经济", ""], ["", "--csv"], ["", "--json"]])
def test_terms_with_nothing_to_count(capsys, argv):
    code, out, err = run(capsys, "terms", *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "nothing to count" in err


def test_a_search_told_to_stop_ends_early_and_says_so(corpus):
    from fyp_tui.search import get_index, search

    index = get_index(corpus)
    asked = []

    def stop():
        asked.append(1)
        return True

    result = search(index, "楼宇经济", mode="fuzzy", stop=stop)
    assert result.stopped and asked
    assert not search(index, "楼宇经济", mode="auto").stopped
