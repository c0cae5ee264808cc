"""The similarity cache is written atomically under a unique temporary name.

`fyp similar` in a shell and the app may save the same matrix at once: a
half-written file left at the old fixed name (``similarity-….tmp``) by another
writer stays untouched, and the cache this run leaves behind is whole.
"""

from __future__ import annotations

from fyp_tui.cli import main

THEIRS = b"half written by another fyp process"


def test_similarity_cache_leaves_other_writers_alone(user_dirs, capsys):
    assert main(["similar", "xuzhou", "--json", "--no-user-corpus"]) == 0
    first = capsys.readouterr().out
    root = user_dirs / "cache"
    (saved,) = root.glob("similarity-*.npz")
    good = saved.read_bytes()
    saved.unlink()
    planted = saved.with_suffix(".tmp")
    planted.write_bytes(THEIRS)

    assert main(["similar", "xuzhou", "--json", "--no-user-corpus"]) == 0
    assert capsys.readouterr().out == first
    assert saved.read_bytes() == good and planted.read_bytes() == THEIRS
    assert sorted(p for p in root.iterdir() if p.is_file()) == sorted([saved, planted])
