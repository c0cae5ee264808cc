"""Cache files are written atomically under unique temporary names.

The app and the CLI may build the same index at the same moment. Neither may write into the other's temporary file: a half-written file
left by another writer (``.index.json.….tmp``) stays untouched,
`fyp search` still answers, and the cache it leaves behind loads.
"""

from __future__ import annotations

import json
import os
import re

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
    (slot,) = root.iterdir()
    manifest = slot / "index.json"
    good = sorted(p.name for p in slot.iterdir())
    manifest.unlink()
    planted = [slot / ".index.json.abc123.tmp", slot / ".post-0a1b2c.bin.xyz.tmp"]
    for f in planted:
        f.write_bytes(THEIRS)

    assert search_json(capsys) == first  # built again, and saved
    assert all(f.read_bytes() == THEIRS for f in planted)
    ours = sorted(p.name for p in slot.iterdir() if p not in planted)
    assert len(ours) == len(good) and "index.json" in ours  # the old files pruned, no temporary left
    assert all(n in ("index.json", "layers.json") or n.endswith(".bin")
               or re.fullmatch(r"[a-z]+-[0-9a-f]{20}\.tbl", n) for n in ours)  # the store's, and tables beside it

    for f in planted:
        f.unlink()
    assert search_json(capsys) == first  # and the saved files load


def test_index_files_are_synced(user_dirs, capsys, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    search_json(capsys)
    assert len(synced) >= 3  # every data file and the manifest, before they are renamed into place
