"""Cache files are written atomically under unique temporary names.

The app and the CLI may build the same index at the same moment. Neither may write into the other's temporary file: a half-written file
left at the old fixed name (``index-….idx.tmp``) by another writer stays untouched,
`fyp search` still answers, and the cache it leaves behind loads.
"""

from __future__ import annotations

import json
import os

from fyp_tui.cli import main
from fyp_tui.search import cache

THEIRS = b"half written by another fyp process"


def search_json(capsys) -> dict:
    cache._memo.clear()
    assert main(["search", "楼宇经济", "--mode", "exact", "--json", "--no-user-corpus"]) == 0
    return json.loads(capsys.readouterr().out)


def test_index_save_leaves_other_writers_alone(user_dirs, capsys):
    first = search_json(capsys)
    root = user_dirs / "cache" / "search"
    (idx,) = root.glob("index-*.idx")
    post = idx.with_suffix(".post")
    good = idx.read_bytes(), post.read_bytes()
    idx.unlink()
    post.unlink()
    planted = [idx.with_suffix(".idx.tmp"), post.with_suffix(".post.tmp")]
    for f in planted:
        f.write_bytes(THEIRS)

    assert search_json(capsys) == first  # built again, and saved
    assert (idx.read_bytes(), post.read_bytes()) == good
    assert all(f.read_bytes() == THEIRS for f in planted)
    assert sorted(root.iterdir()) == sorted([idx, post, *planted])  # no temporary file of ours left

    for f in planted:
        f.unlink()
    assert search_json(capsys) == first  # and the saved files load


def test_index_files_are_synced(user_dirs, capsys, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    search_json(capsys)
    assert len(synced) >= 2  # the .post and the .idx, before they are renamed into place
