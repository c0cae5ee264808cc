"""The reuse index is cached as data under the corpus fingerprint, checked on load, and
rebuilt (reported once) when wrong; `fyp reuse` in both forms through the real entry point."""

from __future__ import annotations

import gc
import io
import json
import pickle

import numpy as np
import pytest

from fyp_tui.cli import main
from fyp_tui.model import decode_plan, encode_plan
from fyp_tui.reuse import ReuseIndex, section_matches
from fyp_tui.reuse.text import compared, shingle_hashes, winnow
from fyp_tui.reuse.units import unit_text


def _files(root):
    return sorted(root.glob("reuse-*.json")), sorted(root.glob("reuse-*.npy")), sorted(root.glob("reuse-*.npz"))


def test_cache_is_reused_then_rebuilt_when_wrong(corpus, tmp_path, monkeypatch):
    import fyp_tui.reuse.index as index_module

    monkeypatch.setattr(index_module, "CHECK_CHUNK", 1000)  # written and checked in many pieces
    first = ReuseIndex.for_corpus(corpus, tmp_path)
    (head,), (fp_hash, fp_unit), (counts,) = _files(tmp_path)
    assert fp_hash.name.endswith(".fp_hash.npy") and fp_unit.name.endswith(".fp_unit.npy")
    assert not first.problem
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # the build's spill is gone
    # spilled in buckets and written to disk, or sorted in memory: the same arrays, sorted
    # by hash, each hash's units in order, every (hash, unit) of the plain winnowing
    mem = ReuseIndex.build(list(corpus.plans.values()))
    assert np.array_equal(first.fp_hash, mem.fp_hash) and np.array_equal(first.fp_unit, mem.fp_unit)
    pairs = list(zip(first.fp_hash.tolist(), first.fp_unit.tolist()))
    assert pairs == sorted(pairs) and len(set(pairs)) == len(pairs)
    want = set()
    for g in range(int(first.unit_first[-1])):
        # every shingle of the unit's text (``text_of`` leaves out those across its heading's
        # end, for matching; the fingerprints are the plain winnowing)
        h = shingle_hashes(compared(unit_text(first.unit(g)[1])).text)
        want |= {(x, g) for x in h[winnow(h)].tolist()} if len(h) else set()
    assert set(pairs) == want

    build = ReuseIndex.__dict__["build"]

    def no_build(*a, **k):
        raise AssertionError("rebuilt")

    monkeypatch.setattr(ReuseIndex, "build", classmethod(no_build))
    again = ReuseIndex.for_corpus(corpus, tmp_path)
    assert np.array_equal(again.fp_hash, first.fp_hash) and again.unit_ids == first.unit_ids
    assert isinstance(again.fp_hash, np.memmap)  # mapped from disk, not read
    monkeypatch.setattr(ReuseIndex, "build", build)

    good = {f: f.read_bytes() for f in (fp_hash, fp_unit, counts)}
    with np.load(io.BytesIO(good[counts])) as z:
        saved = {k: z[k] for k in z.files}
    h, u = np.load(fp_hash), np.load(fp_unit)

    def npy(a) -> bytes:
        buf = io.BytesIO()
        np.save(buf, a)
        return buf.getvalue()

    def planted(**changes) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, **{**saved, **changes})
        return buf.getvalue()

    bad = {
        "empty": (fp_hash, b""),
        "garbage": (fp_unit, b"not an npy at all"),
        "string scores": (counts, planted(u_plans=np.array(["many"] * len(saved["u_plans"])))),
        "counts out of range": (counts, planted(u_plans=saved["u_plans"] + 10**6)),
        "truncated": (fp_unit, npy(u[:-5])),
        "truncated file": (fp_hash, good[fp_hash][:-40]),
        "unit out of range": (fp_unit, npy(u + 10**6)),
        "unsorted": (fp_hash, npy(h[::-1].copy())),
        "pickle": (fp_hash, pickle.dumps({"fp_hash": "boom"})),
        "object array": (fp_hash, npy(np.array([object()] * 3, dtype=object))),
        "wrong dtype": (fp_unit, npy(u.astype(np.int64))),
    }
    for what, (target, data) in bad.items():
        # a new file renamed over the old, as every writer of fyp does: the indexes above
        # map the old one (a file cut short in place under a live mapping is a bus error)
        target.with_suffix(".planted").write_bytes(data)
        target.with_suffix(".planted").replace(target)
        index = ReuseIndex.for_corpus(corpus, tmp_path)
        assert index.problem and "rebuilding" in index.problem and "\n" not in index.problem, what
        assert np.array_equal(index.fp_hash, first.fp_hash), what
        assert all(f.read_bytes() == data for f, data in good.items()), what  # rebuilt and saved again
    head.write_text(json.dumps({"version": 1, "key": "other"}), encoding="utf-8")
    assert ReuseIndex.for_corpus(corpus, tmp_path).problem


def test_reuse_cli_section_and_pair(capsys, user_dirs):
    assert main(["reuse", "xuzhou#p02.sp02.i01", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == {"query", "matches"} and d["query"]["plan"] == "xuzhou"
    assert d["matches"] and {m["plan"] for m in d["matches"]} <= {"xuzhou-gulou", "zhenjiang-jingkou",
                                                                   "lianyungang-haizhou", "fuzhou-gulou"}
    assert any(m["plan"] == "xuzhou-gulou" and m["section"]["title"] == "指导思想" for m in d["matches"])
    assert main(["reuse", "xuzhou", "xuzhou-gulou", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == {"a", "b", "share_a", "share_b", "passages"}
    assert main(["reuse", "xuzhou", "xuzhou-gulou", "--no-user-corpus"]) == 0
    out = capsys.readouterr().out
    assert "徐州市建议" in out and "reused" in out


def test_reuse_pair_prints_alike_passages_as_one_row_saying_how_many(capsys, user_dirs, monkeypatch):
    """徐州市委建议's p01.i03 prints 淮海经济区中心城市 once, 徐州鼓楼's ch01.s02 twice (a
    plain count of each section's text): the pair's two passages print alike, so they are
    one row whose × column says 2, not two identical rows. Every passage of the JSON is
    in some row, and no two rows read the same."""
    monkeypatch.setenv("COLUMNS", "240")
    assert main(["reuse", "xuzhou", "xuzhou-gulou", "--json", "--no-user-corpus"]) == 0
    passages = json.loads(capsys.readouterr().out)["passages"]
    assert main(["reuse", "xuzhou", "xuzhou-gulou", "--no-user-corpus"]) == 0
    rows: list[list[str]] = []
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.split("│")[1:-1]]
            if rows and not any(cells[:4]):  # a long passage wrapped onto the next line
                rows[-1][4] += cells[4]
            else:
                rows.append(cells)
    keys = [(r[0], r[1], r[4]) for r in rows]
    assert all(a != b for a, b in zip(keys, keys[1:]))
    assert sum(int(r[3] or 1) for r in rows) == len(passages)

    def count(ref: str, phrase: str) -> int:
        assert main(["show", ref, "--json", "--no-user-corpus"]) == 0
        return json.loads(capsys.readouterr().out)["sections"][0]["text"].count(phrase)

    phrase = "淮海经济区中心城市"
    assert (count("xuzhou#p01.i03", phrase), count("xuzhou-gulou#ch01.s02", phrase)) == (1, 2)
    row = next(r for r in rows if (r[0], r[1], r[4]) == ("p01.i03", "ch01.s02", phrase))
    assert (row[2], row[3]) == (str(len(phrase)), "2")  # A's characters once, found twice in B


@pytest.mark.parametrize("argv,msg", [
    (["reuse", "xuzhou"], "needs a section"),
    (["reuse", "xuzhou", "xuzhou"], "two different plans"),
    (["reuse", "nope#ch01"], "nope"),
    (["reuse", "xuzhou#ch01", "xuzhou-gulou"], "no #SECTION"),
])
def test_reuse_cli_errors_are_one_line(capsys, user_dirs, argv, msg):
    assert main([*argv, "--no-user-corpus"]) == 2
    err = capsys.readouterr().err
    assert msg in err and err.count("\n") == 1 and "Traceback" not in err


class _Lazy(dict):
    """A corpus's lazy plans: ``read`` decodes a fresh plan each time and keeps none."""

    def __init__(self, plans):
        super().__init__({p.id: None for p in plans})
        self.encoded = {p.id: encode_plan(p) for p in plans}
        self.reads: list[str] = []
        self.collector_on: list[bool] = []

        self.kept: list[str] = []
        self.metas = {p.id: p.meta for p in plans}

    def meta(self, pid):  # from the manifest, without decoding
        return self.metas[pid]

    def read(self, pid):
        self.reads.append(pid)
        self.collector_on.append(gc.isenabled())
        return decode_plan(self.encoded[pid])

    def __getitem__(self, pid):  # a lazy corpus keeps what it is asked for this way
        self.kept.append(pid)
        return decode_plan(self.encoded[pid])


def test_the_build_reads_plans_without_keeping_them(corpus):
    # a decoded plan and its units leave cyclic garbage: read with the collector paused
    # (as loads are), every plan of a 10,000-plan build stayed in memory (4 GB)
    lazy = _Lazy(list(corpus.plans.values()))
    index = ReuseIndex.build(lazy)
    assert sorted(lazy.reads) == sorted(lazy) and all(lazy.collector_on)
    assert index.plans is lazy and index.unit_ids == ReuseIndex.build(list(corpus.plans.values())).unit_ids


def test_a_lookup_reads_the_other_plans_once_and_keeps_none(corpus):
    # at 10,000 plans a section's candidates lie in thousands of plans: kept, they took 5.8 GB
    lazy = _Lazy(list(corpus.plans.values()))
    index = ReuseIndex.build(lazy)
    lazy.reads.clear()
    found = section_matches(index, "xuzhou", "p02.sp02.i01")
    rows = found.rows()
    assert rows and found.spans(0)
    assert set(lazy.kept) <= {"xuzhou"}  # the query's own plan only
    assert lazy.reads and len(lazy.reads) <= 2 * len(set(lazy.reads))  # texts, then section names: once each
    assert {r["plan"] for r in rows} <= set(lazy.reads)


def test_a_build_removes_the_spill_left_by_a_killed_build_only(corpus, tmp_path):
    """A build killed mid-way leaves its spill directory behind; the next build removes it,
    and leaves alone a live build's, a symlink of that name and what it points to."""
    import os
    import subprocess
    import sys

    from fyp_tui.reuse.index import SPILL_PREFIX

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # its id now names no process
    dead = tmp_path / f"{SPILL_PREFIX}{child.pid}.abc"
    dead.mkdir()
    (dead / "0.h").write_bytes(b"x" * 64)
    live = tmp_path / f"{SPILL_PREFIX}{os.getppid()}.def"
    live.mkdir()
    (live / "0.h").write_bytes(b"y")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    (tmp_path / f"{SPILL_PREFIX}{child.pid}.lnk").symlink_to(elsewhere, target_is_directory=True)

    ReuseIndex.build(list(corpus.plans.values()), folder=tmp_path)

    assert not dead.exists()
    assert (live / "0.h").read_bytes() == b"y"
    assert (tmp_path / f"{SPILL_PREFIX}{child.pid}.lnk").is_symlink()
    assert (elsewhere / "keep.txt").read_text() == "keep"
    # and the build's own spill directory is gone once it has ended
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(SPILL_PREFIX) and p not in (live,)
                and not p.is_symlink()]


def test_a_symlink_named_as_a_spill_is_never_taken_for_one(tmp_path):
    import subprocess
    import sys

    from fyp_tui.reuse.index import SPILL_PREFIX, _remove_dead_spills

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    (tmp_path / "target").mkdir()
    (tmp_path / f"{SPILL_PREFIX}{child.pid}.lnk").symlink_to(tmp_path / "target", target_is_directory=True)
    assert _remove_dead_spills(tmp_path) == []


def test_reuse_offsets_index_the_text_fyp_show_json_gives(capsys, user_dirs):
    """The README's contract: a span's ``a`` cuts the query section's ``text`` from `fyp show
    --json` and ``b`` the matched section's; the words there are the passage's (Han,
    letters and digits: punctuation and spacing are not compared)."""
    import re

    def show(ref: str) -> str:
        assert main(["show", ref, "--json", "--no-user-corpus"]) == 0
        return json.loads(capsys.readouterr().out)["sections"][0]["text"]

    def words(s: str) -> str:
        return re.sub(r"[^\w]", "", s)

    ref = "xuzhou-gulou#ch02.s02"
    assert main(["reuse", ref, "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    mine = show(ref)
    checked = 0
    for m in d["matches"]:
        theirs = show(f"{m['plan']}#{m['section']['id']}")
        for sp in m["spans"]:
            (a0, a1), (b0, b1) = sp["a"], sp["b"]
            assert words(mine[a0:a1]) == words(sp["text"])
            assert words(theirs[b0:b1]) == words(sp["text"])
            checked += 1
    assert checked >= 3
