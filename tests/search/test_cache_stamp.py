"""A store part read back whole is trusted, unread, only while its file is unchanged.

``store.Store.verify`` checks every part whole once and writes ``verified.json``;
later processes then skip the block and unit checks for those parts. These tests
check that anything that could have changed a file since (a write, a file in its
place, a stamp written too soon after the file) is not trusted: the damage is
reported once and the index rebuilt, with the right counts.
"""

from __future__ import annotations

import json
import logging
import os

import pytest

from fyp_tui.search import SearchIndex, cache, get_index, packed, search, store
from fyp_tui.search import index as index_mod

LATER = 10 * 10**9  # "now" as seen by the stamp: files look settled


def fresh(plans, root):
    cache._memo.clear()
    cache._reported.clear()
    return get_index(plans, cache_dir=root)


def settled(monkeypatch):
    real = store._now
    monkeypatch.setattr(store, "_now", lambda: real() + LATER)


def next_tick(path):
    """Wait until a write would give ``path`` a later change time (file times are a
    clock tick coarse): a damage in the same tick as the stamped write is the case
    ``SETTLED_NS`` exists for, tested apart."""
    probe = path.parent / ".probe"
    before = os.stat(path).st_ctime_ns
    while True:
        probe.write_bytes(b"x")
        if os.stat(probe).st_ctime_ns > before:
            probe.unlink()
            return


def garble(path):
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 4] = bytes(b ^ 0x5A for b in data[mid : mid + 4])
    path.write_bytes(bytes(data))  # same size


@pytest.fixture
def plans(make_plan, monkeypatch):
    monkeypatch.setattr(index_mod, "FREQUENT", 1)  # every part holds data
    monkeypatch.setattr(packed, "U8_MAX", 6)  # posting lists in each of the three layouts
    monkeypatch.setattr(packed, "U16_MAX", 10)
    return [make_plan("a"), make_plan("b", "福州市")]


def opened(slot):
    return store.Store.open(slot)


def stamped(plans, root, monkeypatch):
    """A store built, then (its files looking settled) read back whole and stamped."""
    fresh(plans, root)
    (slot,) = root.iterdir()
    settled(monkeypatch)
    fresh(plans, root)
    return slot


def test_a_store_read_back_whole_is_stamped_and_then_trusted(tmp_path, plans, monkeypatch):
    fresh(plans, tmp_path)
    (slot,) = tmp_path.iterdir()
    assert not (slot / store.STAMP).exists()  # just written: not settled, not stamped
    settled(monkeypatch)
    got = fresh(plans, tmp_path)  # reads every part back whole, stamps them
    st = opened(slot)
    assert st.trusted == set(st.manifest.files)
    again = fresh(plans, tmp_path)
    assert again.text_check.trusted and "_unit_crcs" not in again.__dict__  # no per-unit checks
    assert search(again, "楼宇经济").counts == search(got, "楼宇经济").counts == {"a": 2, "b": 2}


PARTS = ["text", "gaps", "gaps8", "post", "starts", "unit_crcs", "sections", "meta", "pos", "freq_counts"]


@pytest.mark.parametrize("part", PARTS)
def test_a_part_changed_after_its_stamp_is_not_trusted(tmp_path, plans, monkeypatch, caplog, part):
    slot = stamped(plans, tmp_path, monkeypatch)
    path = slot / opened(slot).manifest.files[part].file
    next_tick(path)
    garble(path)
    with caplog.at_level(logging.WARNING, logger="fyp"):
        got = fresh(plans, tmp_path)
        counts = search(got, "楼宇经济", mode="exact").counts
        lists = cache.healing(lambda ix: {g: list(ix.postings.get(g)) for g in ix.postings.keys})(got)
    assert counts == {"a": 2, "b": 2}
    whole = SearchIndex.build(plans).postings
    assert lists == {g: list(whole.get(g)) for g in whole.keys}
    warned = [r.getMessage() for r in caplog.records if r.name == "fyp"]
    assert len(warned) == 1 and "damaged" in warned[0], warned


def test_a_part_damaged_before_it_was_read_back_is_never_stamped(tmp_path, plans, monkeypatch, caplog):
    fresh(plans, tmp_path)
    (slot,) = tmp_path.iterdir()
    garble(slot / opened(slot).manifest.files["text"].file)
    settled(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="fyp"):
        got = fresh(plans, tmp_path)
    assert search(got, "楼宇经济", mode="exact").counts == {"a": 2, "b": 2}
    assert [r for r in caplog.records if r.name == "fyp"]  # found by the read-back, reported


def test_a_stamp_written_within_a_tick_of_the_file_is_not_trusted(tmp_path, plans, monkeypatch):
    slot = stamped(plans, tmp_path, monkeypatch)
    stamp = json.loads((slot / store.STAMP).read_text())
    st = opened(slot)
    newest = max(s.st_ctime_ns for s in st.stats.values())
    stamp["at"] = newest + store.SETTLED_NS - 1  # a file changed less than SETTLED_NS before the stamp
    (slot / store.STAMP).write_text(json.dumps(stamp))
    assert opened(slot).trusted != set(st.manifest.files)
    stamp["at"] = newest + store.SETTLED_NS
    (slot / store.STAMP).write_text(json.dumps(stamp))
    assert opened(slot).trusted == set(st.manifest.files)


def test_a_file_put_in_a_parts_place_is_not_trusted(tmp_path, plans, monkeypatch):
    """Same bytes, same times (``os.utime``), another file: the inode and change time differ."""
    slot = stamped(plans, tmp_path, monkeypatch)
    st = opened(slot)
    path = slot / st.manifest.files["gaps"].file
    old = os.stat(path)
    next_tick(path)
    copy = path.with_suffix(".copy")
    copy.write_bytes(path.read_bytes())
    os.utime(copy, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(copy, path)
    assert opened(slot).trusted == set(st.manifest.files) - {"gaps"}


def test_a_manifest_with_other_checksums_is_not_trusted(tmp_path, plans, monkeypatch):
    slot = stamped(plans, tmp_path, monkeypatch)
    m = json.loads((slot / store.MANIFEST).read_text())
    m["files"]["text"]["crc"][0] ^= 1
    (slot / store.MANIFEST).write_text(json.dumps(m))
    assert "text" not in opened(slot).trusted
