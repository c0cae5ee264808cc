"""Parsed plans against what was read off the documents (tests/expected/*.json).

The expected files were made by a separate simple reader (tests/expected/read_outline.py,
which does not import fyp_tui) and corrected by reading the raw text; titles are
as written. This comparator folds white space only (`fold` below) and never calls
the product's normaliser: a title the parser rewrote (ASCII `,` made `，`, ○ made 〇)
is a difference, reported as one.

Bundled plans are parsed from corpus/raw/<id>.txt with corpus/plans/<id>.toml; the
two real-world plans from ../shared/realworld/ beside the clone (or FYP_SHARED_DIR),
with no sidecar. Known parser faults are strict xfails whose reason says what the
document has and what the parser does; remove a mark when the parser is fixed.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS

EXPECTED = REPO / "tests" / "expected"
SHARED = Path(os.environ.get("FYP_SHARED_DIR") or REPO.parent / "shared") / "realworld"  # as in read_outline.py
REALWORLD = {"realworld-cn12": "cn12-pdftext.txt", "realworld-yunnan10": "yunnan10-newspaper.txt"}
HEADING_LEVELS = ("篇", "编", "章", "节", "部分", "一", "（一）", "1", "序言")
ALL = SEEDS + list(REALWORLD)

_WS = re.compile(r"\s+")


def fold(s: str) -> str:
    """Remove all white space (ASCII, ideographic U+3000, no-break, form feed).

    Nothing else: no document here mixes full-width and ASCII forms (the bundled
    five write ASCII `,` `(` `:` throughout, cn12 full-width throughout, yunnan10
    ASCII throughout), so no width folding is needed to compare like with like.
    """
    return _WS.sub("", s)


def gold(pid: str) -> dict:
    return json.loads((EXPECTED / f"{pid}.json").read_text(encoding="utf-8"))


@cache
def parsed(pid: str):
    from fyp_tui.ingest import parse_file

    if pid in REALWORLD:
        path = SHARED / REALWORLD[pid]
        if not path.exists():
            pytest.skip(f"real-world samples not found: {SHARED} (expected ../shared/realworld beside the clone)")
        return parse_file(path, pid)
    return parse_file(REPO / "corpus" / "raw" / f"{pid}.txt", pid, REPO / "corpus" / "plans" / f"{pid}.toml")


def got_headings(plan) -> list[tuple[str, str, str]]:
    return [(s.level, fold(s.label), fold(s.title)) for s in plan.walk() if s.level in HEADING_LEVELS]


def want_headings(g: dict) -> list[tuple[str, str, str]]:
    return [(e["level"], fold(e["label"]), fold(e["title"])) for e in g["outline"]]


def diff(got: list, want: list) -> str:
    """A unified diff, expected (document) first, one heading per line."""
    fmt = [" ".join(x for x in t if x) for t in want], [" ".join(x for x in t if x) for t in got]
    lines = difflib.unified_diff(fmt[0], fmt[1], "document", "parser", n=1, lineterm="")
    return "\n".join(list(lines)[:80])


def assert_same(got: list, want: list, what: str) -> None:
    assert got == want, f"{what} differ (- document, + parser):\n{diff(got, want)}"


# (test, plan) -> why the parser is wrong there today. Strict: an unexpected pass fails.
KNOWN: dict[tuple[str, str], str] = {}


def cases(test: str, pids=ALL):
    return [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN[(test, p)])) if (test, p) in KNOWN else p
        for p in pids
    ]


@pytest.mark.parametrize("pid", cases("counts"))
def test_counts(pid):
    plan, g = parsed(pid), gold(pid)
    got = {lvl: plan.count(lvl) for lvl in g["counts"] if lvl in HEADING_LEVELS}
    got["专栏"] = len(plan.boxes())
    got["表"] = len(plan.tables())
    assert got == g["counts"]


@pytest.mark.parametrize("pid", cases("structure"))
def test_levels_and_labels(pid):
    """The ordered (level, label) list: the outline's shape, titles aside."""
    got = [(lv, lb, "") for lv, lb, _ in got_headings(parsed(pid))]
    want = [(lv, lb, "") for lv, lb, _ in want_headings(gold(pid))]
    assert_same(got, want, "levels/labels")


@pytest.mark.parametrize("pid", cases("titles"))
def test_titles(pid):
    """The ordered (level, label, title) list, titles as written (white space folded)."""
    assert_same(got_headings(parsed(pid)), want_headings(gold(pid)), "headings")


@pytest.mark.parametrize("pid", cases("boxes"))
def test_boxes(pid):
    plan, g = parsed(pid), gold(pid)
    got = []
    for s in plan.walk():
        path = "/".join(p.label for p in plan.path(s.id) if p.level in ("章", "节"))
        got += [("", fold(b.label), fold(b.title), path) for b in s.boxes]
    want = [("", fold(b["label"]), fold(b["title"]), b["section"]) for b in g["boxes"]]
    assert_same(got, want, "专栏 (label, title, section)")


@pytest.mark.parametrize("pid", cases("tables"))
def test_table_captions(pid):
    got = [("", fold(t.caption)) for t in parsed(pid).tables()]
    want = [("", fold(t["caption"])) for t in gold(pid)["tables"]]
    assert_same(got, want, "table captions")


@pytest.mark.parametrize("pid", cases("table_rows"))
def test_table_row_counts(pid):
    got = [len(t.rows) for t in parsed(pid).tables()]
    assert got == [t["rows"] for t in gold(pid)["tables"]]


@pytest.mark.parametrize("pid", cases("chrome", [p for p in SEEDS if "chrome" in gold(p)]))
def test_chrome_removed(pid):
    """Every line read as site chrome is in `removed`, and none reaches the plan's text."""
    plan = parsed(pid)
    removed = {r.line: fold(r.text) for r in plan.removed}
    text = fold("\n".join([s.heading for s in plan.walk()] + [s.full_text() for s in plan.sections]))
    for c in gold(pid)["chrome"]["lines"]:
        assert fold(c["text"]) in removed.get(c["line"], "") or fold(c["text"]) in removed.values(), c
        if len(fold(c["text"])) > 4:  # 前言 / 收藏 tabs are also ordinary words
            assert fold(c["text"]) not in text, c


@pytest.mark.parametrize("pid", cases("meta"))
def test_metadata(pid):
    meta, want = parsed(pid).meta, gold(pid)["meta"]
    got = {k: fold(getattr(meta, k)) for k in want if k != "note"}
    assert got == {k: fold(v) for k, v in want.items() if k != "note"}


def test_fold_is_whitespace_only():
    assert fold("第一篇\u3000转变方式\xa0开创 \f新局面") == "第一篇转变方式开创新局面"
    assert fold("(一),") == "(一),"  # no width folding: （一）， stays different


def _reader():
    import importlib.util

    spec = importlib.util.spec_from_file_location("read_outline", EXPECTED / "read_outline.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_reader_is_independent_of_the_product():
    src = (EXPECTED / "read_outline.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+fyp_tui", src, re.MULTILINE)


@pytest.mark.parametrize("pid", ALL)
def test_expected_files_are_what_the_reader_and_corrections_give(pid):
    """No hand edits to the JSON: change the reader or its CORRECTIONS (with a reason) instead.
    Also catches a raw text that changed under its expected file (source_sha256)."""
    reader = _reader()
    if not reader.DOCS[pid].exists():
        pytest.skip(f"real-world samples not found: {reader.DOCS[pid].parent}")
    assert reader.build(pid) == gold(pid)


def test_expected_tables_are_what_the_reader_gives():
    assert _reader().read_xuzhou_gulou_tables() == json.loads(
        (EXPECTED / "xuzhou-gulou-tables.json").read_text(encoding="utf-8"))
