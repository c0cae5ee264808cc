"""`fyp targets --indicator` with no match says so and lists what to try, exit 1."""

from __future__ import annotations

import json

import pytest

from fyp_tui.cli import main
from fyp_tui.targets import CANON


def run(capsys, *argv):
    code = main(["targets", *argv, "--no-user-corpus"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_unknown_indicator_lists_the_known_ones(capsys):
    code, out, err = run(capsys, "--indicator", "不存在")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("fyp targets: no indicator matches '不存在'")
    assert lines[1:] == [f"  {c.key}  {c.name}" for c in CANON]
    assert "no targets found" not in out + err


def test_near_miss_lists_the_closest(capsys):
    code, out, err = run(capsys, "--indicator", "gdp_grow")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert "closest" in lines[0] and lines[1] == "  gdp_growth  地区生产总值增长率"
    assert len(lines) <= 9


@pytest.mark.parametrize("fmt", ["--json", "--csv"])
def test_scripts_still_get_a_document(capsys, fmt):
    code, out, err = run(capsys, "--indicator", "不存在", fmt)
    assert code == 1 and "不存在" in err
    if fmt == "--json":
        assert json.loads(out) == []
    else:
        assert out.splitlines()[0].startswith("plan,place,section")
        assert len(out.splitlines()) == 1


def test_known_indicator_no_plan_states(capsys):
    code, out, err = run(capsys, "xuzhou", "--indicator", "nursing_beds")
    assert code == 1 and out == ""
    assert err == "fyp targets: no plan here states a target for 护理型床位占比 (nursing_beds)\n"


def test_found_indicator_still_exit_0(capsys):
    code, out, _ = run(capsys, "--indicator", "GDP增速")
    assert code == 0 and "徐州鼓楼区" in out
