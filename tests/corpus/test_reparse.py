"""Plans made by an older parser are told apart and read again from their stored files.

A user's corpus outlives the parser that made it: a plan ingested before a fix (here the
full-width number signs, ``７．５％`` read as 7.5 %) keeps the old reading until it is parsed
again. The test plays that: a plan is ingested, then its parsed file is put back the way an
older fyp wrote it (no parser version, the percentage as the old parser left it).
"""

from __future__ import annotations

import json

from fyp_tui.cli import main
from fyp_tui.model import PARSER_VERSION

PLAN = """某某区国民经济和社会发展第十四个五年规划纲要
第一章 发展基础
第一节 主要成就
地区生产总值年均增长７．５％，城镇居民人均可支配收入年均增长８％。
第二章 主要目标
第一节 发展目标
到2025年，地区生产总值年均增长６．５％左右。
"""


def _ingested(tmp_path, capsys, name="old-plan"):
    src = tmp_path / f"{name}.txt"
    src.write_text(PLAN, encoding="utf-8")
    dest = tmp_path / "corpus"
    assert main(["ingest", str(src), "--dest", str(dest)]) == 0
    capsys.readouterr()
    return dest, dest / "parsed" / f"{name}.json"


def _as_an_older_fyp_wrote_it(parsed):
    doc = json.loads(parsed.read_text(encoding="utf-8"))
    del doc["parser"]
    text = json.dumps(doc, ensure_ascii=False).replace("7.5%", "7．5％")  # the reading before the fix
    assert "7．5％" in text
    parsed.write_text(text, encoding="utf-8")


def _list(capsys, dest, *more):
    code = main(["list", "--no-user-corpus", "--corpus", str(dest), *more])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_an_old_plan_is_listed_as_outdated_and_reparsed(user_dirs, tmp_path, capsys):
    dest, parsed = _ingested(tmp_path, capsys)
    rows = {r["id"]: r for r in json.loads(_list(capsys, dest, "--json"))["plans"]}
    assert rows["old-plan"]["parser"] == PARSER_VERSION and not rows["old-plan"]["outdated"]
    assert "older fyp" not in _list(capsys, dest)

    _as_an_older_fyp_wrote_it(parsed)
    rows = {r["id"]: r for r in json.loads(_list(capsys, dest, "--json"))["plans"]}
    assert rows["old-plan"]["outdated"] and rows["old-plan"]["parser"] == 0
    assert not any(r["outdated"] for pid, r in rows.items() if pid != "old-plan")  # the bundled plans
    note = " ".join(_list(capsys, dest).split())
    assert "1 of your plans was parsed by an older fyp" in note
    assert f"fyp ingest --reparse --dest {dest}" in note

    assert main(["ingest", "--reparse", "--dest", str(dest)]) == 0
    out = capsys.readouterr().out
    assert "re-parsed" in out and "1 of 1" in out
    doc = json.loads(parsed.read_text(encoding="utf-8"))
    assert doc["parser"] == PARSER_VERSION
    text = json.dumps(doc, ensure_ascii=False)
    assert "7.5%" in text and "７．５％" not in text and "7．5％" not in text
    assert "older fyp" not in _list(capsys, dest)
    # nothing left to do
    assert main(["ingest", "--reparse", "--dest", str(dest)]) == 0
    assert "nothing to re-parse" in capsys.readouterr().out


def test_a_plan_without_its_stored_file_stays_as_it_was(user_dirs, tmp_path, capsys):
    dest, parsed = _ingested(tmp_path, capsys)
    _as_an_older_fyp_wrote_it(parsed)
    before = parsed.read_bytes()
    (dest / "raw" / "old-plan.txt").unlink()
    assert main(["ingest", "--reparse", "--dest", str(dest)]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "old-plan" in lines[0] and "Traceback" not in err
    assert parsed.read_bytes() == before


def test_reparse_takes_no_files(user_dirs, tmp_path, capsys):
    assert main(["ingest", "--reparse", str(tmp_path / "x.txt")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["ingest"]) == 2
    assert "no file given" in capsys.readouterr().err


def test_the_users_own_corpus_is_reparsed_by_default(user_dirs, tmp_path, capsys):
    from fyp_tui.config import user_corpus_dir

    src = tmp_path / "mine.txt"
    src.write_text(PLAN, encoding="utf-8")
    assert main(["ingest", str(src)]) == 0
    parsed = user_corpus_dir() / "parsed" / "mine.json"
    _as_an_older_fyp_wrote_it(parsed)
    capsys.readouterr()
    assert main(["list"]) == 0
    note = " ".join(capsys.readouterr().out.split())
    assert "`fyp ingest --reparse` reads it again" in note and "--dest" not in note
    assert main(["ingest", "--reparse"]) == 0
    assert json.loads(parsed.read_text(encoding="utf-8"))["parser"] == PARSER_VERSION
