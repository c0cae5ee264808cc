"""`fyp compare -o FILE`: written whole or not at all; a path it cannot write is one line, exit 2."""

from __future__ import annotations

import pytest

from fyp_tui.cli import main

PAIR = ["compare", "xuzhou", "xuzhou-gulou", "--no-user-corpus"]


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--format", "md"], ["--format", "html"], ["--format", "csv"]])
def test_missing_directory_is_one_line(capsys, tmp_path, fmt):
    target = tmp_path / "nonexistent" / "x.html"
    assert main([*PAIR, *fmt, "-o", str(target)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == f"fyp: {target}: cannot write (no such directory)\n"
    assert not target.parent.exists()  # not created behind the user's back


def test_directory_as_output_is_one_line(capsys, tmp_path):
    assert main([*PAIR, "--format", "md", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fyp: {tmp_path}: cannot write (") and err.count("\n") == 1
    assert "Traceback" not in err


def test_failed_write_keeps_the_old_file_and_leaves_no_debris(capsys, tmp_path, monkeypatch):
    target = tmp_path / "r.md"
    target.write_text("the report from last week\n", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", disk_full)
    assert main([*PAIR, "--format", "md", "-o", str(target)]) == 2
    assert capsys.readouterr().err == f"fyp: {target}: cannot write (No space left on device)\n"
    assert target.read_text(encoding="utf-8") == "the report from last week\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--format", "md"]])
def test_written_file_matches_stdout(capsys, tmp_path, fmt):
    assert main([*PAIR, *fmt]) == 0
    shown = capsys.readouterr().out
    target = tmp_path / "report"
    assert main([*PAIR, *fmt, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    written = target.read_text(encoding="utf-8")
    assert ("xuzhou-gulou" if fmt == ["--json"] else "徐州鼓楼区") in written
    if fmt:  # the human table is laid out for a wider page in a file
        assert written.rstrip("\n") == shown.rstrip("\n")
    assert [p.name for p in tmp_path.iterdir()] == ["report"]
