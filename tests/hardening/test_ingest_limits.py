"""Ingest destinations and input limits: one line per failed file, the others go
on, nothing half-written, no temp debris left for ever, non-regular and oversized
files refused before reading, ids checked whole, binary judged by density."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fyp_tui.cli import main
from fyp_tui.ingest import IngestError, parse_bytes
from tests.conftest import REPO
from tests.hardening.hostile import assert_terminal_safe

RAW = REPO / "corpus" / "raw"
XUZHOU = RAW / "xuzhou.txt"
GULOU = RAW / "xuzhou-gulou.txt"


def ingest(capsys, *argv) -> tuple[int, list[str], str]:
    code = main(["ingest", *map(str, argv)])
    out, err = capsys.readouterr()
    assert_terminal_safe(out, err)
    return code, [ln for ln in err.splitlines() if ln.strip()], out


def stored(dest) -> list[str]:
    return sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())


@pytest.mark.parametrize("make_dest", ["file", "parsed-is-a-file", "raw-is-a-file", "proc"])
def test_bad_destination_gives_one_line_per_file_and_writes_nothing(capsys, user_dirs, tmp_path, make_dest):
    dest = tmp_path / "dest"
    if make_dest == "file":
        dest.write_text("x", encoding="utf-8")
    elif make_dest == "proc":
        dest = "/proc/self/fyp-dest"
    else:
        dest.mkdir()
        (dest / make_dest.split("-")[0]).write_text("x", encoding="utf-8")
    code, lines, out = ingest(capsys, XUZHOU, GULOU, "--dest", dest)
    assert code == 1 and len(lines) == 2
    assert all(line.startswith("fyp: ✗ ") and str(dest) in line for line in lines)
    if make_dest not in ("file", "proc"):
        assert stored(dest) == [make_dest.split("-")[0]]  # raw/ was not written when parsed/ could not be
        assert [p.name for p in dest.iterdir()] == [make_dest.split("-")[0]]  # nor an empty folder made


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_destination(capsys, user_dirs, tmp_path):
    dest = tmp_path / "ro"
    dest.mkdir()
    dest.chmod(0o555)
    try:
        code, lines, out = ingest(capsys, XUZHOU, "--dest", dest)
    finally:
        dest.chmod(0o755)
    assert code == 1 and len(lines) == 1 and stored(dest) == []


def test_a_failed_file_does_not_stop_the_others(capsys, user_dirs, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    dest = tmp_path / "dest"
    code, lines, out = ingest(capsys, XUZHOU, bad, GULOU, "--dest", dest)
    assert code == 1 and len(lines) == 1 and "bad.txt" in lines[0]
    assert stored(dest) == ["parsed/xuzhou-gulou.json", "parsed/xuzhou.json", "raw/xuzhou-gulou.txt", "raw/xuzhou.txt"]


def test_a_failed_write_of_parsed_leaves_no_raw(capsys, user_dirs, tmp_path, monkeypatch):
    """The disk fills up while writing parsed/: neither file is there afterwards."""
    import fyp_tui.fsutil as fsutil

    real = fsutil._temp_for

    def full(path, data):
        if path.parent.name == "parsed":
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(fsutil, "_temp_for", full)
    dest = tmp_path / "dest"
    code, lines, out = ingest(capsys, XUZHOU, "--dest", dest)
    assert code == 1 and "No space left" in lines[0]
    assert not dest.exists()  # not even the folders it made for them


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from fyp_tui import fsutil
fsutil._temp_for(Path(sys.argv[1]), b"half a plan")  # the temp file is written...
os.kill(os.getpid(), signal.SIGKILL)  # ...and the writer dies before the rename
"""


def test_temp_files_of_a_killed_ingest_are_cleaned_on_the_next(capsys, user_dirs, tmp_path):
    dest = tmp_path / "dest"
    (dest / "parsed").mkdir(parents=True)
    r = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(dest / "parsed" / "xuzhou.json")])
    assert r.returncode == -9
    debris = [p.name for p in (dest / "parsed").iterdir()]
    assert len(debris) == 1 and debris[0].endswith(".tmp")
    code, lines, out = ingest(capsys, GULOU, "--dest", dest)
    assert code == 0
    assert stored(dest) == ["parsed/xuzhou-gulou.json", "raw/xuzhou-gulou.txt"]


def run_cli(*argv, timeout=60, env=None):
    """The real `fyp` in a subprocess, so a regression that blocks fails instead of hanging the suite."""
    env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "fyp_tui", *map(str, argv)], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.parametrize("source", ["fifo", "/dev/zero", "/dev/urandom", "dir"])
def test_non_regular_inputs_are_refused_before_reading(user_dirs, tmp_path, source):
    if source == "fifo":
        source = tmp_path / "pipe.txt"
        os.mkfifo(source)
    elif source == "dir":
        source = tmp_path / "d"
        source.mkdir()
    r = run_cli("ingest", source, "--dest", tmp_path / "dest", "--id", "x")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert str(source) in r.stderr and "Traceback" not in r.stderr
    r = run_cli("parse", source)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_size_limit_from_the_environment_and_the_config(capsys, user_dirs, tmp_path, monkeypatch):
    size = XUZHOU.stat().st_size
    monkeypatch.setenv("FYP_MAX_INPUT_MB", str(size / 2 / 1024 / 1024))
    code, lines, out = ingest(capsys, XUZHOU, "--dest", tmp_path / "d1")
    assert code == 1 and "limit" in lines[0] and "max_mb" in lines[0]
    monkeypatch.delenv("FYP_MAX_INPUT_MB")
    cfg = user_dirs / "config" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f"[ingest]\nmax_mb = {size / 2 / 1024 / 1024}\n", encoding="utf-8")
    code, lines, out = ingest(capsys, XUZHOU, "--dest", tmp_path / "d2")
    assert code == 1 and "limit" in lines[0]
    cfg.write_text(f"[ingest]\nmax_mb = {size * 2 / 1024 / 1024}\n", encoding="utf-8")
    code, lines, out = ingest(capsys, XUZHOU, "--dest", tmp_path / "d3")
    assert code == 0


@pytest.mark.parametrize("bad_id", ["abc\n", "", "abc\nxyz", " abc", "a" * 65])
def test_ids_are_checked_whole(capsys, user_dirs, tmp_path, bad_id):
    code, lines, out = ingest(capsys, XUZHOU, "--id", bad_id, "--dest", tmp_path / "d")
    assert code == 1 and len(lines) == 1 and "is not usable" in lines[0]
    assert not (tmp_path / "d").exists()


def test_a_plan_with_one_stray_nul_is_read_and_the_nul_kept_in_removed():
    text = XUZHOU.read_bytes()
    at = text.index("。".encode()) + 3
    data = text[:at] + b"\x00" + text[at:]
    plan = parse_bytes(data, "nul")
    assert any("\x00" in r.text for r in plan.removed)
    assert sum(1 for _ in plan.walk()) == sum(1 for _ in parse_bytes(text, "x").walk())


def test_many_nuls_are_still_binary():
    text = XUZHOU.read_bytes()[:20000]
    data = b"".join(text[k:k + 50] + b"\x00" for k in range(0, len(text), 50))  # 2 % NUL
    with pytest.raises(IngestError, match="binary"):
        parse_bytes(data, "nul")


PDF_WITHOUT_NUL = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                   b"4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (\xb9\xe6\xbb\xae) Tj ET\n"
                   b"endstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
RTF = (b"{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}}\n"
       b"\\viewkind4\\uc1\\pard\\lang2052\\f0\\fs22 \\'b5\\'da\\'d2\\'bb\\'d5\\'c2 \\'d7\\'dc\\'d4\\'f2\\par\n}\n")


@pytest.mark.parametrize("data,problem", [
    (PDF_WITHOUT_NUL, "PDF"), (b"\xb9", "too short"), (b"a", "too short"), (RTF, "RTF"),
], ids=["pdf-no-nul", "1-byte-gb", "1-byte", "rtf"])
def test_not_plans_are_not_read_as_gb18030(capsys, user_dirs, tmp_path, data, problem):
    f = tmp_path / "plan.txt"
    f.write_bytes(data)
    code, lines, out = ingest(capsys, f, "--dest", tmp_path / "d")
    assert code == 1 and len(lines) == 1 and problem in lines[0]


def test_raw_copy_is_named_by_the_plan_format(capsys, user_dirs, tmp_path):
    f = tmp_path / "plan.text"
    f.write_bytes(XUZHOU.read_bytes())
    code, lines, out = ingest(capsys, f, "--dest", tmp_path / "d", "--id", "x")
    assert code == 0 and stored(tmp_path / "d") == ["parsed/x.json", "raw/x.txt"]
