"""`(1)` and `()` used to raise TypeError in textnorm (is_cjk on an empty neighbour)."""

from __future__ import annotations

from fyp_tui.cli import main
from fyp_tui.ingest import parse_bytes
from fyp_tui.textnorm import normalize


def test_normalize_bare_parentheses():
    assert normalize("()") == "()"
    assert normalize("(1)") == "(1)"
    assert normalize("(1)加快发展") == "（1）加快发展"


def test_line_opening_with_half_width_number_parses():
    plan = parse_bytes("第一章 总则\n(1)加快发展楼宇经济。\n".encode(), "p")
    assert "加快发展楼宇经济" in plan.sections[-1].full_text()


def test_search_for_parenthesised_number(capsys):
    assert main(["--no-user-corpus", "search", "(1)", "--json"]) == 0
    assert capsys.readouterr().out.lstrip().startswith("{")
