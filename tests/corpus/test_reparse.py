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


SIDECAR = 'title = "某某区十四五规划纲要（修订稿）"\nissued = "2021-03-01"\n'


def test_a_sidecar_found_beside_the_file_is_stored_and_kept_by_a_reparse(user_dirs, tmp_path, capsys):
    (tmp_path / "old-plan.toml").write_text(SIDECAR, encoding="utf-8")
    dest, parsed = _ingested(tmp_path, capsys)
    assert (dest / "plans" / "old-plan.toml").read_text(encoding="utf-8") == SIDECAR
    _as_an_older_fyp_wrote_it(parsed)
    assert main(["ingest", "--reparse", "--dest", str(dest)]) == 0
    meta = json.loads(parsed.read_text(encoding="utf-8"))["meta"]
    assert meta["title"] == "某某区十四五规划纲要（修订稿）" and meta["issued"] == "2021-03-01"


def test_a_plan_whose_sidecar_was_not_stored_is_not_reparsed(user_dirs, tmp_path, capsys):
    # An older fyp stored only a --meta file, not one found beside the plan: parsed again,
    # the plan would lose that metadata without a word.
    (tmp_path / "old-plan.toml").write_text(SIDECAR, encoding="utf-8")
    dest, parsed = _ingested(tmp_path, capsys)
    (dest / "plans" / "old-plan.toml").unlink()
    _as_an_older_fyp_wrote_it(parsed)
    before = parsed.read_bytes()
    assert main(["ingest", "--reparse", "--dest", str(dest)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "metadata file was not stored" in err[0] and "--meta" in err[0]
    assert parsed.read_bytes() == before


def test_ingesting_again_without_metadata_drops_the_stored_sidecar(user_dirs, tmp_path, capsys):
    (tmp_path / "old-plan.toml").write_text(SIDECAR, encoding="utf-8")
    dest, _ = _ingested(tmp_path, capsys)
    (tmp_path / "old-plan.toml").unlink()
    _ingested(tmp_path, capsys)
    assert not (dest / "plans" / "old-plan.toml").exists()  # else a re-parse would bring it back


def test_a_parsed_file_this_fyp_cannot_read_is_parsed_again_from_its_stored_file(user_dirs, tmp_path, capsys):
    dest, parsed = _ingested(tmp_path, capsys)
    doc = json.loads(parsed.read_text(encoding="utf-8"))
    doc["schema"] = 1
    parsed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    other = dest / "parsed" / "no-source.json"
    other.write_text('{"id": "no-source"}', encoding="utf-8")  # unreadable, and nothing stored to parse
    assert main(["ingest", "--reparse", "--dest", str(dest)]) == 1
    out, err = capsys.readouterr()
    assert "re-parsed old-plan" in out and "1 of 1 plans re-parsed" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "no-source.json" in lines[0]
    assert json.loads(parsed.read_text(encoding="utf-8"))["schema"] != 1


def test_a_parsed_file_that_cannot_be_replaced_gives_one_line(user_dirs, tmp_path, capsys):
    dest, parsed = _ingested(tmp_path, capsys)
    _as_an_older_fyp_wrote_it(parsed)
    elsewhere = tmp_path / "elsewhere.json"
    parsed.rename(elsewhere)
    parsed.symlink_to(elsewhere)  # writes never follow a link (fsutil): this one cannot be replaced
    before = elsewhere.read_bytes()
    assert main(["ingest", "--reparse", "--dest", str(dest)]) == 1
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "cannot be written" in err and "Traceback" not in err
    assert elsewhere.read_bytes() == before and parsed.is_symlink()


def test_a_corpus_directory_that_cannot_be_read_is_said_and_the_rest_load(user_dirs, tmp_path, capsys,
                                                                           monkeypatch):
    import fyp_tui.corpus as corpus_mod

    dest, _ = _ingested(tmp_path, capsys)
    real = corpus_mod._parsed_files

    def unreadable(folder):
        if folder == dest / "parsed":
            raise PermissionError(13, "Permission denied")
        return real(folder)

    monkeypatch.setattr(corpus_mod, "_parsed_files", unreadable)
    loaded = corpus_mod.load_corpus(extra=[dest], include_user=False)
    assert "xuzhou" in loaded.plans and "old-plan" not in loaded.plans
    assert loaded.problems == [f"{dest / 'parsed'}: cannot be read (Permission denied); its plans are left out"]


def test_the_note_quotes_a_directory_with_a_space(user_dirs, tmp_path, capsys):
    spaced = tmp_path / "my plans"
    spaced.mkdir()
    dest, parsed = _ingested(spaced, capsys)
    _as_an_older_fyp_wrote_it(parsed)
    note = " ".join(_list(capsys, dest).split())
    assert f"--dest '{dest}'`" in note
