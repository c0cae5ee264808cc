"""CSV cells cannot run as spreadsheet formulas, and `-o FILE` (every user-file
write) replaces only regular files: a device, FIFO, directory or symlink is
refused with one line and left as it was."""

from __future__ import annotations

import csv
import io
import os

import pytest

from fyp_tui.cli import main
from fyp_tui.csvsafe import csv_cell
from fyp_tui.fsutil import UnsafeTargetError, atomic_write_bytes, atomic_write_many, clean_stale_temps
from tests.hardening.hostile import assert_terminal_safe, hostile_plan, toml_escaped

TRIGGERS = ["=1+2", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("text", TRIGGERS)
def test_formula_cells_are_neutralised(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["楼宇经济", "a=b", "", "3-4", 12, -3.5, None, "'=already"])
def test_other_cells_are_unchanged(value):
    assert csv_cell(value) == value


def cells(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


def starts_like_formula(cell: str) -> bool:
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def formula_place(user_dirs, tmp_path, capsys):
    """A plan whose city (from its sidecar) begins with a formula."""
    f = tmp_path / "p.txt"
    f.write_text(hostile_plan(), encoding="utf-8")
    meta = tmp_path / "m.toml"
    meta.write_text(f"city = {toml_escaped('=HYPERLINK(1)徐州市')}\nprovince = \"+江苏省\"\n", encoding="utf-8")
    assert main(["ingest", str(f), "--meta", str(meta), "--id", "formula"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["terms", "=楼宇经济", "--csv"],  # the user's own term is written back
    ["terms", "楼宇经济", "--csv"],
    ["targets", "formula", "--csv"],
])
def test_cli_csv_has_no_formula_cells(capsys, formula_place, argv):
    assert main(argv) == 0
    out, err = capsys.readouterr()
    rows = cells(out)
    assert len(rows) > 1
    assert not [c for row in rows for c in row if starts_like_formula(c)]
    assert any(c.startswith("'=") for row in rows for c in row)  # the formula is kept, as text


def test_compare_csv_has_no_formula_cells(capsys, user_dirs, tmp_path):
    from fyp_tui.corpus import parsed_json
    from fyp_tui.ingest import parse_bytes

    text = hostile_plan().replace("一、[red]", "一、=HYPERLINK(1)")
    plan = parse_bytes(text.encode(), "formula")
    (tmp_path / "c" / "parsed").mkdir(parents=True)
    (tmp_path / "c" / "parsed" / "formula.json").write_text(parsed_json(plan), encoding="utf-8")
    code = main(["--corpus", str(tmp_path / "c"), "compare", "formula", "xuzhou-gulou", "--format", "csv",
                 "--min-score", "0"])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = cells(out)
    assert not [c for row in rows for c in row if starts_like_formula(c)]
    assert any(c.startswith("'=HYPERLINK") for row in rows for c in row)


# -- -o FILE and atomic writes --------------------------------------------------

def compare_to(capsys, target) -> tuple[int, str]:
    code = main(["compare", "xuzhou", "xuzhou-gulou", "--format", "md", "-o", str(target)])
    out, err = capsys.readouterr()
    assert_terminal_safe(out, err)
    return code, err


def test_output_to_a_new_file_and_over_a_regular_file(capsys, user_dirs, tmp_path):
    target = tmp_path / "report.md"
    assert compare_to(capsys, target)[0] == 0 and target.read_text(encoding="utf-8")
    target.write_text("old", encoding="utf-8")
    assert compare_to(capsys, target)[0] == 0 and target.read_text(encoding="utf-8") != "old"


def test_output_refuses_a_symlink_and_leaves_it(capsys, user_dirs, tmp_path):
    real = tmp_path / "real.md"
    real.write_text("kept", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    code, err = compare_to(capsys, link)
    assert code == 2 and "symbolic link" in err and len(err.strip().splitlines()) == 1
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "kept"


def test_output_refuses_a_fifo_without_blocking(capsys, user_dirs, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, err = compare_to(capsys, fifo)
    assert code == 2 and "FIFO" in err
    assert os.path.exists(fifo) and not os.path.isfile(fifo)


def test_output_refuses_a_directory(capsys, user_dirs, tmp_path):
    d = tmp_path / "dir"
    d.mkdir()
    code, err = compare_to(capsys, d)
    assert code == 2 and "directory" in err and d.is_dir()


def test_output_refuses_dev_null_and_leaves_it_untouched(capsys, user_dirs):
    import stat

    before = os.lstat("/dev/null")
    if not stat.S_ISCHR(before.st_mode):
        pytest.skip("/dev/null on this machine is not a character device (something replaced it)")
    code, err = compare_to(capsys, "/dev/null")
    after = os.lstat("/dev/null")
    assert code == 2 and "character device" in err
    assert (after.st_ino, after.st_rdev, after.st_mode) == (before.st_ino, before.st_rdev, before.st_mode)
    assert not [p for p in os.listdir("/dev") if p.startswith(".null.")]  # no temp file left


def test_write_many_is_all_or_nothing(tmp_path):
    a, b = tmp_path / "a", tmp_path / "sub" / "b"
    a.write_bytes(b"old a")
    b.parent.mkdir()
    b.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafeTargetError):
        atomic_write_many({a: b"new a", b: b"new b"})
    assert a.read_bytes() == b"old a" and not (tmp_path / "elsewhere").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "sub"]  # no temp files


def test_write_many_rolls_back_when_a_rename_fails(tmp_path, monkeypatch):
    a, b, new = tmp_path / "a", tmp_path / "b", tmp_path / "new"
    a.write_bytes(b"old a")
    real_replace = os.replace

    def failing(src, dst):
        if str(dst) == str(b):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        atomic_write_many({new: b"new", a: b"new a", b: b"new b"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert a.read_bytes() == b"old a" and not b.exists() and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_stale_temps_of_dead_writers_are_cleaned(tmp_path):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = tmp_path / f".x.json.{pid}.abc123.tmp"
    live = tmp_path / f".y.json.{os.getpid()}.abc123.tmp"
    other = tmp_path / "notes.tmp"
    for p in (stale, live, other):
        p.write_bytes(b"x")
    assert clean_stale_temps(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and other.exists()


def test_atomic_write_keeps_the_usual_mode(tmp_path):
    target = tmp_path / "f"
    atomic_write_bytes(target, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
