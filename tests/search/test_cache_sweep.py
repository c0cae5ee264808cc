"""Stores of other layer sets are removed once they no longer match, and only ever
the cache's own files.

Each set of corpus layers has its store (``cache._slot``); a corpus whose layers
changed leaves its old store behind (2.5 GB at 10,000 plans). ``cache.sweep``
removes those whose layer directories are gone and keeps only the most recently
used other one; it never follows a symlink, never removes a directory holding
anything but store files, and leaves a store that is being written alone.
"""

from __future__ import annotations

import os
from pathlib import Path

from fyp_tui.corpus import Corpus
from fyp_tui.search import cache, get_index, search, store


def corpus_in(layer: Path, plans) -> Corpus:
    (layer / "parsed").mkdir(parents=True, exist_ok=True)
    return Corpus(plans={p.id: p for p in plans}, origin={p.id: str(layer / "parsed" / f"{p.id}.json") for p in plans})


def index_for(corpus, root):
    cache._memo.clear()
    return get_index(corpus, cache_dir=root)


def stores(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.name.startswith("index-")}


def test_old_stores_go_the_last_used_other_stays(tmp_path, make_plan):
    root, plans = tmp_path / "cache", [make_plan("a"), make_plan("b", "福州市")]
    corpora = {name: corpus_in(tmp_path / name, plans) for name in ("one", "two", "three", "four")}
    slot = {name: cache._slot(root, c.origin).name for name, c in corpora.items()}
    index_for(corpora["one"], root)
    index_for(corpora["two"], root)
    assert stores(root) == {slot["one"], slot["two"]}
    now = os.stat(root / slot["two"] / cache.LAYERS).st_mtime_ns
    os.utime(root / slot["one"] / cache.LAYERS, ns=(now - 10**12, now - 10**12))  # used long ago …
    os.utime(root / slot["two"] / cache.LAYERS, ns=(now - 10**11, now - 10**11))
    assert search(index_for(corpora["one"], root), "楼宇经济").counts == {"a": 2, "b": 2}  # … and now again
    index_for(corpora["three"], root)
    assert stores(root) == {slot["one"], slot["three"]}  # "two" was the least recently used other store
    (tmp_path / "three" / "parsed").rmdir()
    (tmp_path / "three").rmdir()
    index_for(corpora["four"], root)
    # "three" is the last used other store, but its layer is gone: it can never match again
    assert stores(root) == {slot["one"], slot["four"]}
    assert not [p for p in root.iterdir() if p.name.startswith(".trash")]


def test_sweep_removes_only_what_the_cache_made(tmp_path, make_plan):
    root, plans = tmp_path / "cache", [make_plan("a")]
    index_for(corpus_in(tmp_path / "old", plans), root)
    (old,) = stores(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.json").write_text("mine")
    (outside / "text-0123456789ab.bin").write_text("mine too")
    os.symlink(outside, root / "index-aaaaaaaaaaaa")  # named like a store, a symlink
    foreign = root / "index-bbbbbbbbbbbb"
    foreign.mkdir()
    (foreign / "index.json").write_text("{}")
    (foreign / "notes.txt").write_text("a user's file")  # not a store file
    busy = root / "index-cccccccccccc"
    busy.mkdir()
    (busy / f".text-0123456789ab.bin.{os.getpid()}.part").write_bytes(b"")  # a build writing it
    os.utime(root / old / "layers.json", ns=(0, 0))  # the oldest of all
    os.utime(foreign / "index.json", ns=(1, 1))
    cache.KEEP_OTHER, keep = 0, cache.KEEP_OTHER
    try:
        index_for(corpus_in(tmp_path / "new", plans), root)
    finally:
        cache.KEEP_OTHER = keep
    assert old not in stores(root)
    assert sorted(p.name for p in outside.iterdir()) == ["index.json", "text-0123456789ab.bin"]
    assert (root / "index-aaaaaaaaaaaa").is_symlink()
    assert (foreign / "notes.txt").read_text() == "a user's file" and (foreign / "index.json").exists()
    assert busy.is_dir()


def test_discard_is_refused_for_a_symlink_and_a_file(tmp_path):
    target = tmp_path / "target"
    target.mkdir()
    (target / "index.json").write_text("{}")
    link = tmp_path / "index-dddddddddddd"
    os.symlink(target, link)
    assert not store.discard(link) and (target / "index.json").exists()
    f = tmp_path / "index-eeeeeeeeeeee"
    f.write_text("x")
    assert not store.discard(f) and f.exists()


def test_a_half_removed_store_is_finished_and_only_if_it_is_all_ours(tmp_path, make_plan):
    root, plans = tmp_path / "cache", [make_plan("a")]
    index_for(corpus_in(tmp_path / "one", plans), root)
    left = root / ".trash-index-0123456789ab-cafe"  # a process killed while emptying it
    left.mkdir()
    (left / "text-0123456789ab.bin").write_bytes(b"x")
    (left / "index.json").write_bytes(b"{}")
    kept = root / ".trash-index-ba9876543210-beef"
    kept.mkdir()
    (kept / "index.json").write_bytes(b"{}")
    (kept / "mine.txt").write_text("a user's file")
    index_for(corpus_in(tmp_path / "one", plans), root)
    assert not left.exists()
    assert (kept / "mine.txt").read_text() == "a user's file"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".trash")) == [kept.name]


def test_a_build_cut_short_leaves_nothing_behind_once_the_store_is_opened_again(tmp_path, make_plan):
    """A build whose process ended in the middle (killed, or the app left while it ran)
    leaves its ``.part`` files and ``.build-*`` directory in the store: the next process
    that opens the store removes them, and leaves a build still running alone."""
    import subprocess
    import sys

    root, plans = tmp_path / "cache", [make_plan("a")]
    corpus = corpus_in(tmp_path / "layer", plans)
    index_for(corpus, root)
    (slot,) = [root / name for name in stores(root)]
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()  # a process that has ended
    cut_short = [f".text-aaaaaaaaaaaa.bin.{gone}.part", f".post-aaaaaaaaaaaa.bin.{gone}.part"]
    running = [f".text-bbbbbbbbbbbb.bin.{os.getpid()}.part"]
    for name in cut_short + running:
        (slot / name).write_bytes(b"x" * 100)
    for token in ("aaaaaaaaaaaa", "bbbbbbbbbbbb"):
        (slot / f".build-{token}").mkdir()
        (slot / f".build-{token}" / "seg-0.bin").write_bytes(b"y")
    index = index_for(corpus, root)
    assert search(index, "楼宇经济").counts == {"a": 2}
    left = {p.name for p in slot.iterdir() if p.name.startswith(".")}
    assert left == {running[0], ".build-bbbbbbbbbbbb"}
