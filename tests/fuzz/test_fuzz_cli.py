"""The real `fyp` entry point on generated argument lists: mostly valid commands
with real plan ids, sections and queries, mixed with wrong types, unknown
options and hostile text. Every run ends with an exit status (0, 1 or 2), never
a traceback, and nothing it prints can act on a terminal."""

from __future__ import annotations

import tempfile

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fyp_tui.cli import LOADS_IN_APP, main, parse
from tests.conftest import REPO, SEEDS
from tests.fuzz.conftest import examples
from tests.hardening.hostile import assert_terminal_safe

HOSTILE = st.sampled_from(
    ["\x1b]52;c;eA==\x07", "[bold red]x", "\u202e", "\u061c", "-", "--", "", "#", "x#", "ch99", "=1+2", "\x00"]
)
PLAN = st.one_of(st.sampled_from(SEEDS), st.sampled_from(SEEDS), HOSTILE)
SECTION = st.sampled_from(["", "#ch01", "#p01", "#ch06.s02", "#front", "#zz"])
REF = st.builds(lambda p, s: p + s, PLAN, SECTION)
QUERY = st.one_of(
    st.sampled_from(["楼宇经济", "高质量发展", "louyu", "樓宇經濟", "发展", "gao zhi liang"]),
    HOSTILE,
    st.text(max_size=6),
)
NUMBER = st.one_of(st.integers(-2, 40).map(str), HOSTILE)
RAW = [str(REPO / "corpus" / "raw" / f"{p}.txt") for p in SEEDS]
DEST = tempfile.mkdtemp(prefix="fyp-fuzz-dest-")


def opt(name: str, value=None):
    """An optional option: absent, or present (with a value)."""
    present = st.just([name]) if value is None else value.map(lambda v: [name, v])
    return st.one_of(st.just([]), present)


def command(name: str, *parts):
    return st.tuples(*parts).map(lambda ps: [name] + [a for p in ps for a in p])


COMMANDS = st.one_of(
    command("list", opt("--json")),
    command("outline", PLAN.map(lambda p: [p]), opt("--depth", NUMBER), opt("--json")),
    command("show", REF.map(lambda r: [r]), opt("--json")),
    command(
        "search",
        st.lists(QUERY, min_size=1, max_size=2),
        opt("--mode", st.sampled_from(["auto", "exact", "fuzzy", "pinyin", "x"])),
        opt("--plan", PLAN),
        opt("--limit", NUMBER),
        opt("--json"),
        opt("--titles"),
    ),
    command("terms", st.lists(QUERY, min_size=1, max_size=2), opt("--csv"), opt("--json")),
    command("targets", st.lists(PLAN, max_size=2), opt("--indicator", QUERY), opt("--csv"), opt("--json")),
    command("similar", REF.map(lambda r: [r]), opt("--limit", NUMBER), opt("--json")),
    command(
        "compare",
        st.lists(PLAN, min_size=2, max_size=2),
        opt("--json"),
        opt("--format", st.sampled_from(["md", "html", "csv", "pdf"])),
        opt("--min-score", NUMBER),
    ),
    command(
        "parse", st.sampled_from(RAW + ["/dev/null", "/nonexistent\x1b]0;x\x07"]).map(lambda f: [f]), opt("--json")
    ),
    command(
        "ingest",
        st.sampled_from(RAW + ["/dev/zero"]).map(lambda f: [f]),
        opt("--id", st.one_of(PLAN, QUERY)),
        st.just(["--dest", DEST]),
    ),
    st.lists(st.one_of(HOSTILE, st.sampled_from(["list", "--corpus", "--theme", "--version", "show"])), max_size=3),
)


def starts_the_app(argv: list[str]) -> bool:
    """`fyp` with no command (or `app` / `open`) opens the full-screen app: not for a test."""
    try:
        return parse(argv).command in LOADS_IN_APP | {"open"}
    except SystemExit:
        return False


# One command in three gets a stray argument (argparse echoes it in its error).
STRAY = st.one_of(st.just([]), st.just([]), HOSTILE.map(lambda h: [h]))
ARGV = st.tuples(COMMANDS, STRAY).map(lambda t: t[0] + t[1])


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARGV)
def test_cli_arguments(capsys, argv):
    argv = ["--no-user-corpus"] + argv
    assume(not starts_the_app(argv))
    try:
        code = main(argv)
    except SystemExit as e:  # argparse: usage errors (2), --help / --version (0)
        code = e.code
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err
    assert_terminal_safe(out, err)
    if code == 2:
        assert err.strip(), argv  # an error always says what went wrong
