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


def test_a_rows_sections_from_another_chapter_carry_that_chapters_label(capsys):
    """A chapter row lists the pairs of the chapters linked to it too: 福州鼓楼's 第一节
    发展基础 (in its 第一章) stood under the row 第一章 ↔ 第二章, read as 第二章's. Such a
    section is named with its chapter's label (第一章·第一节), as the app does; one in
    the row's chapter by its title alone. Checked against each plan's own tree."""
    from fyp_tui.align import chapter_view, compare
    from fyp_tui.cli.compare import _under
    from fyp_tui.corpus import load_corpus

    corpus = load_corpus(include_user=False)
    al = compare(corpus, "xuzhou-gulou", "fuzhou-gulou")
    a, b = al.a, al.b
    seen = {True: 0, False: 0}
    for row in chapter_view(al):
        for side, plan, chapter in (("a", a, row.a or row.linked), ("b", b, row.b)):
            for p in (q for link in [row, *row.others] for q in link.pairs):
                unit = getattr(p, side)
                inside = chapter is not None and chapter.id in [s.id for s in plan.path(unit.id)]
                shown = _under(plan, unit, chapter)
                assert (shown == unit.display_title) == inside or shown == unit.display_title == chapter.display_title
                seen[inside] += 1
    assert seen[True] > 20 and seen[False] >= 2
    assert main(["compare", "xuzhou-gulou", "fuzhou-gulou", "--no-user-corpus"]) == 0
    assert "· 第一章·第一节 发展基础" in capsys.readouterr().out.replace("│", " ")
