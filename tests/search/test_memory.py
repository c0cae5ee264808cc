"""Memory of a long-lived search process (issue 13): bounded tables, same hits.

Derived tables are kept under a byte budget and dropped least recently used first
(``budget.Tables``); snippets keep a few plans, never the whole corpus decoded
(``engine.plan_of``); store pages are dropped from the process after a query when
they grow past their share (``budget.Mapped``); the exact tier reads a few units with
``pread`` (``store.FileBytes.runs``). Expected counts come from a plain reader over
the plans' texts (white space removed, ``str.count``), never from the index.
"""

from __future__ import annotations

import mmap
import sys
import random
import re

import numpy as np
import pytest

from fyp_tui.corpus import load_corpus
from fyp_tui.model import Box, Paragraph, Table
from fyp_tui.search import SearchIndex, search, search_titles
from fyp_tui.search import budget, engine, exact, store
from fyp_tui.search.cache import attach

QUERIES = ["发展", "高质量发展", "经济", "建设", "创新", "楼宇经济", "量子纠缠"]
FUZZY = ["高质良发展", "楼宇经纪", "lyjj", "gaozhiliangfazhan"]
_WS = re.compile(r"\s+")


def plain_pieces(plan) -> list[str]:
    """Every heading, paragraph, box entry, table caption, row and note of a plan, as
    written, white space removed (rows: cells one after another)."""
    return [x for sec in plan.walk() for x in plain_pieces_of(sec)]


def plain_counts(corpus, q: str) -> dict[str, int]:
    got = {pid: sum(p.count(q) for p in plain_pieces(corpus.plans[pid])) for pid in corpus.plans}
    return {pid: n for pid, n in got.items() if n}


@pytest.fixture(scope="session")
def stored_dir(index, tmp_path_factory):
    root = tmp_path_factory.mktemp("memory") / "ix"
    index.save(root)
    return root


def opened(stored_dir, corpus=None) -> SearchIndex:
    ix = SearchIndex.load(stored_dir)
    attach(ix, (corpus or load_corpus(include_user=False)).plans)
    return ix


def results(ix: SearchIndex) -> list:
    rows = []
    for q in QUERIES + FUZZY:
        for _ in range(2):  # the second time a process asks, pinyin initials build their tables
            r = search(ix, q, limit=30)
        rows.append((q, r.total, r.counts, r.tiers, [(h.plan, h.section, h.tier, h.spans, h.text) for h in r.hits]))
    rows.append([(t.plan, t.section, t.title, t.path) for q in ("发展", "kf") for t in search_titles(ix, q)])
    return rows


# ---- the budget of derived tables ----------------------------------------------------
def test_tables_drop_the_least_recently_used_first_and_stay_within_budget(monkeypatch):
    monkeypatch.setattr(budget, "SMALL", 1000)
    store_: dict = {}
    tables = budget.Tables(store_, budget=2_500_000)
    built = []

    def make(name):
        def build():
            built.append(name)
            return np.zeros(1_000_000, dtype=np.uint8)  # 1 MB each
        return build

    tables.get("a", make("a"))
    tables.get("b", make("b"))
    tables.get("a", make("a"))  # a used again: b is now the least recently used
    tables.get("c", make("c"))
    assert "b" not in store_ and {"a", "c"} <= set(store_)
    assert tables.held <= tables.budget and tables.dropped == 1
    tables.get("b", make("b"))  # built again when asked for
    assert built == ["a", "b", "c", "b"] and "a" not in store_
    assert tables.held <= tables.budget


def test_a_table_is_built_with_room_for_its_temporaries(monkeypatch):
    """A build holds temporaries beside the tables kept: before it runs, the least
    recently used tables go until the rest leave ``BUILD_ROOM`` of the budget free, so
    the process's peak is not the whole budget plus the build's own."""
    monkeypatch.setattr(budget, "SMALL", 1000)
    store_: dict = {}
    tables = budget.Tables(store_, budget=6_000_000)  # room: 1 MB
    for name in "abcd":  # 5.6 MB: within the budget, not within it less the room
        tables.get(name, lambda: np.zeros(1_400_000, dtype=np.uint8))
    tables.get("a", lambda: np.zeros(1_400_000, dtype=np.uint8))  # a used again: b is the oldest
    at_build = []

    def build():
        at_build.append(tables.held)
        return np.zeros(1_400_000, dtype=np.uint8)

    tables.get("e", build)
    assert at_build[0] <= 5_000_000, at_build
    assert "b" not in store_ and {"a", "c", "d", "e"} <= set(store_)
    assert tables.held <= tables.budget


def test_a_table_that_grew_after_it_was_built_is_measured_again_before_others_are_dropped(monkeypatch):
    """A table that keeps what it looked up (the bigram graph) grows after it was
    measured: when a new table would take the kept ones past the budget, the grown
    size is what decides, so the grown table goes (not nothing)."""
    monkeypatch.setattr(budget, "SMALL", 1000)
    monkeypatch.setattr(budget, "REMEASURE", 30_000)
    store_: dict = {}
    tables = budget.Tables(store_, budget=60_000)
    grows = tables.get("grows", lambda: ["x" * 100 + str(i) for i in range(100)])  # ~15 KB
    grows.extend("y" * 100 + str(i) for i in range(300))  # now ~60 KB
    tables.get("new", lambda: bytearray(20_000))
    assert "grows" not in store_ and "new" in store_
    assert tables.held <= tables.budget
    far = budget.Tables({}, budget=10_000_000)  # far from the budget: sizes as measured when built
    grows = far.get("grows", lambda: ["x" * 100 + str(i) for i in range(100)])
    measured = far.held
    grows.extend("y" * 100 + str(i) for i in range(300))
    far.get("new", lambda: bytearray(20_000))
    assert far.held - measured < 25_000


def test_tables_built_far_under_the_budget_are_measured_only_when_a_decision_needs_them(monkeypatch):
    """While the process's private memory is far under the budget no table can need
    dropping, so tables are kept unmeasured (a fresh search measures nothing); once
    the process nears the budget they are measured, and the least recently used go."""
    monkeypatch.setattr(budget, "SMALL", 1000)
    private = [1_000_000]
    monkeypatch.setattr(budget, "_private_bytes", lambda: private[0])
    measured = []
    real = budget.footprint
    monkeypatch.setattr(budget, "footprint", lambda o, exclude=(): measured.append(1) or real(o, exclude))
    store_: dict = {}
    tables = budget.Tables(store_, budget=40_000_000)
    for name in "abc":
        tables.get(name, lambda: np.zeros(12_000_000, dtype=np.uint8))
    assert not measured and set(store_) == {"a", "b", "c"}
    private[0] = 50_000_000  # past the budget: what is kept now decides
    at_build = []

    def build():
        at_build.append(set(store_))
        return np.zeros(12_000_000, dtype=np.uint8)

    tables.get("d", build)
    assert len(measured) >= 4
    assert at_build == [{"b", "c"}]  # the oldest went before the build, leaving room for it
    assert set(store_) == {"b", "c", "d"} and tables.held == 36_000_000 <= tables.budget
    far = budget.Tables({}, budget=40_000_000)
    private[0] = 1_000_000
    far.get("x", lambda: np.zeros(3_000_000, dtype=np.uint8))
    assert far.held == 3_000_000  # measured when asked


def test_a_table_larger_than_the_budget_is_kept_alone_while_used(monkeypatch):
    monkeypatch.setattr(budget, "SMALL", 1000)
    store_: dict = {}
    tables = budget.Tables(store_, budget=100)
    tables.get("tiny", lambda: [0])  # under SMALL: never dropped
    tables.get("other", lambda: bytearray(5_000))
    big = tables.get("big", lambda: bytearray(10_000))
    assert len(big) == 10_000 and set(store_) == {"big", "tiny"}


def test_footprint_counts_own_data_not_views_or_maps(tmp_path):
    a = np.zeros(100_000, dtype=np.uint8)
    assert budget.footprint(a) >= 100_000
    assert budget.footprint(a[10:]) == 0  # a view of another array's data
    f = tmp_path / "f.bin"
    f.write_bytes(b"x" * 65536)
    with open(f, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        with memoryview(mm) as mv:
            assert budget.footprint({"map": mv}) < 1000
    keys = ["楼宇经济" * 10 for _ in range(1000)]
    assert budget.footprint(keys) >= 1000 * 80
    shared = ["x" * 10_000]
    assert budget.footprint({"t": shared}, exclude=[id(shared)]) < 1000


def test_a_query_after_its_tables_were_dropped_finds_the_same(stored_dir, corpus, monkeypatch):
    """With a budget that fits no table, every table is dropped as soon as another is
    built: the same counts, tiers, hits and titles as with every table kept, and the
    exact counts are the plain reader's."""
    kept = opened(stored_dir, corpus)
    want = results(kept)
    assert kept.tables.dropped == 0
    monkeypatch.setattr(budget, "DERIVED_FLOOR", 1)
    monkeypatch.setattr(budget, "DERIVED_SHARE", 0.0)
    monkeypatch.setattr(budget, "SMALL", 512)  # a corpus of five plans: its tables are small
    tight = opened(stored_dir, corpus)
    got = results(tight)
    assert tight.tables.dropped > 5
    big = [v for v in tight.tables.sizes.values() if v >= budget.SMALL]
    assert sum(big) <= max(big, default=0)  # one large table at most
    # … and the pinyin-initial letter bitmaps are tables of their own (not grown unseen
    # inside the letter table): the last one built is what is kept
    from fyp_tui.search import initials
    from fyp_tui.search.engine import readings_of
    from fyp_tui.search.pinyin import parse, token_chars

    rd = readings_of(tight)
    classes = [token_chars(t, rd) for t in parse("gzlfz", rd)]
    streamed = initials.candidate_units(tight, rd, classes)  # a process's first ask streams the text
    tabled = initials.candidate_units(tight, rd, classes)  # the second builds the tables
    assert streamed == tabled and tabled
    assert list(tight.tables.sizes)[-1].startswith("_bits_")
    assert "_letters" not in tight.__dict__  # dropped for the bitmap, which was built after it
    assert got == want
    for q, _, counts, _, _ in got[: len(QUERIES)]:
        assert counts == plain_counts(corpus, q), q


# ---- snippets keep a few plans ------------------------------------------------------------
def test_hits_keep_a_few_plans_and_the_corpus_keeps_none(stored_dir, monkeypatch):
    monkeypatch.setattr(engine, "KEEP_PLANS", 2)
    monkeypatch.setattr(engine, "KEEP_SNIPPETS", 7)
    corpus = load_corpus(include_user=False)
    ix = opened(stored_dir, corpus)
    for q in QUERIES:
        r = search(ix, q, limit=50)
        assert len(ix.__dict__["_plans"]) <= 2 and len(ix.__dict__["_shown"]) <= 7
        for h in r.hits:  # what a hit shows is its unit's own text
            assert q in _WS.sub("", h.text)
    assert len({h.plan for h in search(ix, "发展", limit=20_000).hits}) == len(corpus.plans)
    assert not corpus.plans._plans  # read for the snippets, not kept by the corpus
    search_titles(ix, "发展")
    assert not corpus.plans._plans and len(ix.__dict__["_headings_shown"]) <= 7


def test_recent_never_holds_more_than_its_limit():
    r = budget.Recent(3)
    for i in range(10):
        r.put(i, str(i))
        assert len(r) <= 3
        if i >= 1:
            assert r.get(i - 1) == str(i - 1)  # used: kept over older ones
    assert 9 in r and 8 in r and r.get(0) is None


# ---- reading without mapping -----------------------------------------------------------
@pytest.mark.parametrize("gap", [0, 7, 4096, 1 << 30])
def test_reading_runs_with_pread_gives_each_piece(tmp_path, gap):
    data = bytes(random.Random(gap).randrange(256) for _ in range(50_000))
    f = tmp_path / "t.bin"
    f.write_bytes(data)
    fb = store.FileBytes(str(f), len(data))
    rng = random.Random(1)
    cuts = sorted(rng.sample(range(len(data)), 400))
    pieces = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if rng.random() < 0.6]
    buf, a, b = store.read_runs(fb.fd, fb.name, [x for x, _ in pieces], [y for _, y in pieces], gap)
    assert [bytes(buf[x:y]) for x, y in zip(a, b)] == [data[x:y] for x, y in pieces]
    assert fb[100:200] == data[100:200] and fb[5] == data[5] and bytes(fb) == data
    assert fb.find(data[30_000:30_008], 29_000, 31_000) == data.find(data[30_000:30_008], 29_000, 31_000)


@pytest.mark.parametrize("apart, runs", [(0, 1), (8191, 1), (8192, 1), (8193, 2)])
def test_pieces_at_most_the_gap_apart_are_read_in_one_run(tmp_path, apart, runs):
    """``FileBytes.GAP`` is the most bytes a run reads through between two pieces: a gap
    of exactly that many is read (one call), one byte more is a second call."""
    data = bytes(range(256)) * 100
    f = tmp_path / "t.bin"
    f.write_bytes(data)
    fb = store.FileBytes(str(f), len(data))
    assert fb.GAP == 8192
    starts, ends = [100, 200 + apart], [200, 300 + apart]
    calls = []
    real = store.os.preadv
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store.os, "preadv", lambda *a: calls.append(a) or real(*a))
        buf, a, b = fb.runs(starts, ends)
    assert len(calls) == runs
    assert [bytes(buf[x:y]) for x, y in zip(a, b)] == [data[100:200], data[200 + apart : 300 + apart]]
    assert fb.run_bytes(starts, ends) == (200 + apart if runs == 1 else 200)


def test_a_truncated_text_file_is_reported_not_misread(tmp_path):
    f = tmp_path / "t.bin"
    f.write_bytes(b"abcdef")
    fb = store.FileBytes(str(f), 6)
    f.write_bytes(b"abc")
    with pytest.raises(store.Damaged):
        store.read_runs(fb.fd, fb.name, [0], [6], 0)


@pytest.mark.parametrize("read", ["pread", "map"])
@pytest.mark.parametrize("share", [0.0, 0.4, 2.0])
def test_the_exact_tier_read_in_batches_counts_and_finds_the_same(stored_dir, corpus, monkeypatch, share, read):
    """Batches of one plan, of a few, or of all (a share of the text): the counts are the
    plain counts and the first hits those of a single read, by pread or the map."""
    ix = opened(stored_dir, corpus)
    monkeypatch.setattr(exact, "SPARSE_READ", 0)  # however few the candidates: batches
    monkeypatch.setattr(type(ix), "asked_before", lambda _ix, _what: read == "map")  # the map once the process asked
    whole = [exact.exact_tier(ix, q, None, 9) for q in QUERIES]  # one batch (16 MB: every plan)
    monkeypatch.setattr(exact, "BATCH_BYTES", max(1, int(share * len(ix.raw))))
    batches = list(exact._batches(ix))
    assert [p for b in batches for p in range(*b)] == list(range(len(ix.plans)))
    n = len(ix.plans)
    assert len(batches) == n if share == 0 else 1 < len(batches) < n if share < 1 else len(batches) == 1, batches
    batched = [exact.exact_tier(ix, q, None, 9) for q in QUERIES]
    assert batched == whole
    for q, (counts, found) in zip(QUERIES, batched):
        assert {p.id: n for p, n in zip(ix.plans, counts) if n} == plain_counts(corpus, q)
        assert bool(found) == bool(sum(counts)), q


def test_a_process_first_exact_query_reads_with_pread_and_later_ones_through_the_map(stored_dir, corpus, monkeypatch):
    """``fyp search`` asks once: its query must not fault the text into the process."""
    ix = opened(stored_dir, corpus)
    monkeypatch.setattr(exact, "SPARSE_READ", 0)  # however few the candidates
    exact.verified_all(ix)  # checksums checked (as a stamped store's are): only the tier's reads are seen
    modes = []
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: modes.append(pread) or real(uids, pread))
    exact.exact_tier(ix, "高质量发展", None, 3)
    first = list(modes)
    exact.exact_tier(ix, "高质量发展", None, 3)
    assert first and all(first)
    assert len(modes) > len(first) and not any(modes[len(first):])


def test_a_later_query_with_few_candidates_reads_them_with_pread_in_one_read(stored_dir, corpus, monkeypatch):
    """Scattered candidates each fault a block of the map in, and a query reading a few
    thousand of them passes the map's share and drops it again: up to ``SPARSE_READ``
    they are read with pread in every query, in one read; past it, through the map."""
    ix = opened(stored_dir, corpus)
    exact.verified_all(ix)
    q = "数字经济"
    assert ix.frequent_counts(q) is None  # counted from its candidates, not a table
    cands = list(ix.candidates(q))
    n = len(cands)
    # A batch holds no more than the candidates' bytes: by batches, the five plans are
    # read apart; in one read, they are one.
    monkeypatch.setattr(exact, "BATCH_BYTES", exact._read_bytes(ix, cands))
    # What a pread of them takes: their bytes and the gaps it reads through.
    assert exact._read_bytes(ix, cands) == len(ix.read_units(cands, pread=True)[0]) > exact._bytes_of(ix, cands)
    modes: list[bool] = []
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: modes.append(pread) or real(uids, pread))
    exact.exact_tier(ix, q, None, 3)  # a process's first query: pread whatever the number
    for limit, by_pread in ((n, True), (n - 1, False)):
        monkeypatch.setattr(exact, "SPARSE_READ", limit)
        modes.clear()
        counts, found = exact.exact_tier(ix, q, None, 3)
        assert modes and all(m is by_pread for m in modes), limit
        assert len(modes) == 1 or not by_pread
        assert {p.id: c for p, c in zip(ix.plans, counts) if c} == plain_counts(corpus, q)
        assert len(found) == 3


def test_many_candidates_scattered_thin_are_read_with_pread_too(stored_dir, corpus, monkeypatch):
    """Past ``SPARSE_READ``, candidates fewer than ``scan.MAP_UNITS`` to a MiB of the bytes
    they span are read with pread (each would fault in a block of the map holding no
    other); denser ones through the map."""
    from fyp_tui.search import scan as S

    ix = opened(stored_dir, corpus)
    exact.verified_all(ix)
    q = "数字经济"
    cands = sorted(ix.candidates(q))
    st = ix.bstarts
    per_mib = len(cands) / ((st[cands[-1] + 1] - st[cands[0]]) / (1 << 20))
    monkeypatch.setattr(exact, "SPARSE_READ", len(cands) - 1)
    modes: list[bool] = []
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: modes.append(pread) or real(uids, pread))
    for floor, by_pread in ((per_mib * 1.01, True), (per_mib * 0.99, False)):
        monkeypatch.setattr(S, "MAP_UNITS", floor)
        modes.clear()
        counts, found = exact.exact_tier(ix, q, None, 3, warm=True)
        assert modes and all(m is by_pread for m in modes), floor
        assert {p.id: c for p, c in zip(ix.plans, counts) if c} == plain_counts(corpus, q)
        assert len(found) == 3


@pytest.mark.parametrize("asked", [True, False], ids=["through the map", "pread"])
def test_a_query_through_the_map_drops_its_pages_a_span_of_text_at_a_time(stored_dir, corpus, monkeypatch, asked):
    """Through the map (a process asking again), candidates are read a span of the text
    at a time and the pages dropped between spans, even when their bytes would fit one
    read: one read of CBD's candidates at 10,005 plans held 680 MB of the text. With
    pread (a first query) they are one read: nothing is mapped."""
    ix = opened(stored_dir, corpus)
    monkeypatch.setattr(exact, "SPARSE_READ", 0)
    monkeypatch.setattr(exact, "BATCH_BYTES", max(1, len(ix.raw) // 3))
    monkeypatch.setattr(type(ix), "asked_before", lambda _ix, _what: asked)
    exact.verified_all(ix)
    calls, drops = [], []
    real, real_bound = ix.read_units, ix.bound_pages
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: calls.append(pread) or real(uids, pread))
    monkeypatch.setattr(ix, "bound_pages", lambda: drops.append(len(calls)) or real_bound())
    assert exact._bytes_of(ix, list(ix.candidates("高质量发展"))) <= exact.BATCH_BYTES  # would fit one read
    exact.exact_tier(ix, "高质量发展", None, 3)
    if asked:
        assert len(calls) > 1 and not any(calls)
        assert drops[: len(calls)] == list(range(1, len(calls) + 1))  # dropped after each span
    else:
        assert calls == [True]


@pytest.mark.parametrize("dense", [0.0, 2.0])
def test_a_first_query_reads_ahead_the_spans_of_dense_batches(stored_dir, corpus, monkeypatch, dense):
    """Read-ahead advice covers every byte the tier then reads (dense batches), or is
    not given at all (sparse ones: their spans would be read for nothing)."""
    ix = opened(stored_dir, corpus)
    monkeypatch.setattr(exact, "SPARSE_READ", 0)
    monkeypatch.setattr(exact, "DENSE_SPAN", dense)
    # Batches of a third of the text, and fewer bytes than the candidates hold (else one read)
    held = exact._bytes_of(ix, list(ix.candidates("高质量发展")))
    monkeypatch.setattr(exact, "BATCH_BYTES", max(1, min(len(ix.raw) // 3, held - 1)))
    monkeypatch.setattr(type(ix), "asked_before", lambda _ix, _what: False)
    spans, read = [], []
    monkeypatch.setattr(ix.raw, "prefetch", lambda a, b: spans.append((a, b)))
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: read.extend(uids) or real(uids, pread))
    exact.exact_tier(ix, "高质量发展", None, 3)
    assert read
    if dense:
        assert spans == []
    else:
        assert len(spans) > 1
        for u in read:
            assert any(a <= ix.bstarts[u] and ix.bends[u] <= b for a, b in spans), u


def _file_kb() -> int:
    with open("/proc/self/status") as f:
        return next(int(x.split()[1]) for x in f if x.startswith("RssFile:"))


@pytest.mark.skipif(not hasattr(mmap, "MADV_DONTNEED"), reason="needs madvise")
def test_store_pages_are_dropped_after_a_query_past_their_share(stored_dir, corpus):
    ix = opened(stored_dir, corpus)
    mapped = ix.__dict__["_mapped"]
    mapped.limit = 1 << 40  # never
    before = results(ix)[:3]
    assert mapped.dropped == 0
    view = ix.text_check.view
    size = len(view)
    mapped.release()
    a = _file_kb()
    assert sum(view[i] for i in range(0, size, mmap.PAGESIZE)) >= 0  # touch every page
    assert _file_kb() - a >= size // 1024 // 2
    ix.settle()
    assert mapped.dropped == 1  # under the limit: kept
    mapped.limit = 0
    ix.settle()
    assert mapped.dropped == 2
    assert _file_kb() - a < size // 1024 // 2  # the text's pages left the process
    assert results(ix)[:3] == before  # and a query after reads them again


def test_the_exact_tier_by_pread_within_a_section_counts_that_section_only(stored_dir, corpus, monkeypatch):
    """A pread run holds the units between two candidates too: with a section filter,
    only the section's occurrences are counted."""
    from fyp_tui.search import Filters
    from fyp_tui.search.engine import UnitFilter

    ix = opened(stored_dir, corpus)
    monkeypatch.setattr(store.FileBytes, "GAP", 1 << 30)  # one run a plan: everything between is read
    plan = corpus.plans[ix.plans[0].id]
    sec = next(s for s in plan.walk() if s.children and any("发展" in p for p in plain_pieces_of(s)))
    flt = UnitFilter(ix, Filters(plans=(plan.id,), section=sec.id))
    counts, _ = exact.exact_tier(ix, "发展", flt, 0)
    want = sum(p.count("发展") for s in plan.walk() if s.id == sec.id or s.id.startswith(sec.id + ".")
               for p in plain_pieces_of(s))
    assert counts[0] == want and sum(counts[1:]) == 0
    assert want < sum(p.count("发展") for p in plain_pieces(plan))


def plain_pieces_of(sec, sep: str = "") -> list[str]:
    """``plain_pieces`` of one section alone (its children not included); ``sep``
    between a table row's cells."""
    out = [sec.heading]  # as printed: a title the plan does not print is no text of it
    for b in sec.blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Box):
            out += [b.heading] + [e.text for e in b.entries]
        elif isinstance(b, Table):
            out += [b.caption, sep.join(c for c in b.header if c)]
            out += [sep.join(c for c in r.cells if c) for r in b.rows] + [n.text for n in b.notes]
    return [_WS.sub("", x) for x in out if x]


async def test_the_search_screen_lists_its_filters_without_decoding_plans(tmp_path):
    """The screen's plan and province choices come from the corpus manifest: opening it
    decodes (and the corpus keeps) no plan (it decoded all of them: ~170 MB at 1,000
    plans, ~2.5 GB at 10,000, for the app's life)."""
    from fyp_tui.bookmarks import BookmarkStore
    from fyp_tui.config import load_config
    from fyp_tui.ui.app import FypApp
    from fyp_tui.ui.screens.search import SearchScreen

    corpus = load_corpus(include_user=False)
    app = FypApp(corpus, config=load_config(tmp_path / "none.toml"), bookmarks=BookmarkStore(tmp_path / "b.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kept = len(corpus.plans._plans)
        app.push_screen(SearchScreen())
        await pilot.pause(0.2)
        assert isinstance(app.screen, SearchScreen)
        assert len(corpus.plans._plans) == kept


def test_an_index_with_tables_is_freed_without_the_cyclic_collector(corpus):
    """A store is built segment by segment with the cyclic collector paused: an index
    must be freed by reference counting once dropped, tables and all. When its tables
    held its ``__dict__`` (a cycle), every segment and its plans stayed: a build at
    1,005 plans peaked at 885 MB instead of 273 MB."""
    import gc
    import weakref

    plans = [corpus.get(pid) for pid in sorted(corpus.plans)[:2]]
    was = gc.isenabled()
    gc.disable()
    try:
        ix = SearchIndex.build(plans, first_unit=0, grams=[])
        assert ix.bends is ix.derived("_bends", lambda: None) and ix.tables.held >= 0
        gone, tables_gone = weakref.ref(ix), weakref.ref(ix.tables)  # the tables live in its __dict__
        del ix
        assert gone() is None and tables_gone() is None
    finally:
        if was:
            gc.enable()


# ---- freed heap handed back -------------------------------------------------------------
@pytest.mark.skipif(budget._malloc_trim() is None, reason="needs glibc's malloc_trim (Linux with glibc)")
def test_freed_heap_is_handed_back_after_a_query_that_grew_it():
    """Blocks of 16 KiB (below glibc's mmap threshold: they come from the heap) with a
    kept block between each two: freed, they are holes the allocator keeps, and the
    process's private memory stays up until ``Heap.settle`` trims it."""
    budget._malloc_trim()(0)  # what earlier tests freed: not counted as this test's
    heap = budget.Heap()
    start = budget._private_bytes()
    big, small = [], []
    for _ in range(2000):
        big.append(bytearray(16 << 10))
        small.append(bytearray(600))  # over pymalloc's 512 bytes: from malloc too, between the holes
    grown = budget._private_bytes()
    del big
    held = budget._private_bytes()
    assert grown - start >= 24 << 20
    assert held - start >= 16 << 20  # freed but still the process's: what the trim is for
    assert heap.settle() and heap.trimmed == 1
    assert held - budget._private_bytes() >= 12 << 20
    assert not heap.settle()  # nothing grew since: no second trim
    del small


def test_a_query_trims_the_heap_only_after_it_grew_by_the_slack(stored_dir, corpus, monkeypatch):
    calls = []
    heap = budget.Heap()
    heap.trim = calls.append
    private = [100 << 20]
    monkeypatch.setattr(budget, "_private_bytes", lambda: private[0])
    monkeypatch.setattr(budget, "_heap", heap)
    heap.mark = private[0]
    ix = opened(stored_dir, corpus)
    private[0] += budget.HEAP_SLACK - 1
    search(ix, "发展")
    assert calls == []
    private[0] -= 2 * budget.HEAP_SLACK  # tables dropped: growth counts from this low point
    search(ix, "发展")
    private[0] += budget.HEAP_SLACK
    search(ix, "发展")
    assert calls == [0] and heap.trimmed == 1


def test_footprint_of_containers_of_atoms_counts_each_inner_object_once():
    """A dict of tuples of shared strings (the readings table's shape), a dict of sets
    (the bigram graph's) and a list of tuples: the containers, their keys, and each
    distinct inner object once; an excluded inner container is not counted."""
    syllables = [f"syl{i}" * 3 for i in range(50)]
    readings = {chr(0x4E00 + i): tuple(syllables[i % 50 : i % 50 + 3]) for i in range(2000)}
    inner = {id(x): x for t in readings.values() for x in t}
    want = (sys.getsizeof(readings) + sum(map(sys.getsizeof, readings))
            + sum(map(sys.getsizeof, readings.values())) + sum(map(sys.getsizeof, inner.values())))
    assert budget.footprint(readings) == want
    graph = {c: {c + "a", c + "b"} for c in "一二三四五"}
    assert budget.footprint(graph) == (sys.getsizeof(graph) + 5 * sys.getsizeof("一")
                                      + sum(map(sys.getsizeof, graph.values()))
                                      + sum(sys.getsizeof(x) for s in graph.values() for x in s))
    rows = [("楼宇经济" * 5, 1), ("总部经济" * 5, 2)]
    assert budget.footprint(rows) == (sys.getsizeof(rows) + sum(map(sys.getsizeof, rows))
                                      + sum(sys.getsizeof(x) for r in rows for x in r))
    big = tuple("x" * 10_000 for _ in range(3))
    assert budget.footprint({"a": big, "b": ("y",)}, exclude=[id(big)]) < 1000


def deep_size(obj) -> int:
    """Every distinct object reached through plain containers, once (a plain walk)."""
    seen, todo, total = set(), [obj], 0
    while todo:
        o = todo.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        if isinstance(o, dict):
            todo += [*o.keys(), *o.values()]
        elif isinstance(o, (list, tuple, set, frozenset)):
            todo += list(o)
    return total


def test_footprint_of_nested_containers_counts_every_level_once():
    """The phrase table's shapes: a dict of tuples of frozensets of readings, and a dict
    of lists of (offset, length, frozenset) tuples sharing those frozensets; every level
    is counted, each object once within a table (two tables sharing an object may count
    it twice: an overestimate); a list holding itself ends."""
    zhong, chong = frozenset({"zhong"}), frozenset({"zhong", "chong"})
    phrases = {f"重{chr(0x4E00 + i)}": (zhong if i % 2 else chong, frozenset({f"r{i}"})) for i in range(3000)}
    slots = {chr(0x4E00 + i): [(0, 2, zhong), (1, 2, frozenset({f"s{i}", "x"}))] for i in range(3000)}
    for table in (phrases, slots):
        assert budget.footprint(table) == deep_size(table)
    both = budget.footprint({"p": phrases, "s": slots}) - deep_size({"p": phrases, "s": slots})
    assert 0 <= both <= sys.getsizeof(zhong) + sys.getsizeof("zhong")  # the one set both share, and its string
    loop: list = [1]
    loop.append(loop)
    assert budget.footprint([loop, [loop]]) == deep_size([loop, [loop]])


def test_footprint_counts_a_shared_container_once_and_no_heap_trim_off_linux(monkeypatch):
    t = tuple("楼宇经济" * 3 + str(i) for i in range(50))
    table = {i: t for i in range(1000)}  # one tuple, a thousand references
    want = (sys.getsizeof(table) + sum(map(sys.getsizeof, table)) + sys.getsizeof(t)
            + sum(map(sys.getsizeof, t)))
    assert budget.footprint(table) == want
    monkeypatch.setattr(sys, "platform", "win32")  # ctypes.CDLL(None) raises TypeError there
    assert budget._malloc_trim() is None and not budget.Heap().settle()


@pytest.mark.skipif(not hasattr(mmap, "MADV_DONTNEED"), reason="needs madvise")
def test_a_query_read_through_the_map_drops_its_pages_batch_by_batch(stored_dir, corpus, monkeypatch):
    """A common term's candidates span the whole text: read through the map, their pages
    are dropped batch by batch once past their share, not only when the query ends (at
    1,000 plans 高质量发展 held the whole 129 MB text until then). The bundled text is
    too small to see it in the process's memory (a page-cache folio can map most of it
    at one fault), so the drops are counted: one after each batch read, none after the
    query has ended (``settle`` is not called here)."""
    ix = opened(stored_dir, corpus)
    exact.verified_all(ix)  # checksums checked first (as a stamped store's are): only the tier's reads are seen
    mapped = ix.__dict__["_mapped"]
    mapped.limit = 0  # every page of the store is past its share
    monkeypatch.setattr(exact, "SPARSE_READ", 0)
    monkeypatch.setattr(type(ix), "asked_before", lambda _ix, _what: True)  # the map, as the app's later queries
    monkeypatch.setattr(exact, "BATCH_BYTES", 1)  # a plan a batch
    drops: list[int] = []
    real = ix.read_units

    def read(uids, pread=False):
        drops.append(mapped.dropped)  # drops so far, as a batch starts
        return real(uids, pread)

    monkeypatch.setattr(ix, "read_units", read)
    mapped.release()
    start = mapped.dropped
    counts, _ = exact.exact_tier(ix, "的", None, 3)
    assert {p.id: n for p, n in zip(ix.plans, counts) if n} == plain_counts(corpus, "的")
    assert len(drops) == len(ix.plans) >= 3
    assert drops == list(range(start, start + len(drops))), drops  # each batch began with the last one's pages dropped
    assert mapped.dropped == start + len(drops)


def test_a_first_scan_reads_scattered_units_through_the_map_and_checks_them_as_read(stored_dir, corpus,
                                                                                     monkeypatch):
    """A process's first scan reads even scattered units through the map (a fault maps
    several units' blocks where pread costs a call per run of them: lyjj's 41,000
    chained units at 10,005 plans, 79–91 ms against 168–213), a step of the pages'
    share of the text at a time; a warm process reads units spread thinly over their
    span with pread, others ``MAP_STEP`` at a time. Each unit not checked before is
    checked against its checksum once, from the bytes read. Either way a chunk holds
    each unit's stored bytes back to back."""
    from fyp_tui.search import scan as S

    ix = opened(stored_dir, corpus)
    preads: list[bool] = []
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: preads.append(pread) or real(uids, pread))
    checked: list[int] = []
    real_check = ix.check_pieces
    monkeypatch.setattr(ix, "check_pieces", lambda uids, pieces: checked.extend(uids) or real_check(uids, pieces))
    raw = bytes(ix.raw[0 : len(ix.raw)])
    scattered, nearby = list(range(0, ix.n_units, 40)), list(range(100, 160))
    span = ix.bstarts[scattered[-1] + 1] - ix.bstarts[scattered[0]]
    dense = len(scattered) * (1 << 20) / span  # their units to a MiB
    drops: list[int] = []
    monkeypatch.setattr(ix, "bound_pages", lambda: drops.append(1))
    monkeypatch.setattr(S, "MAP_STEP", span // 4 + 1)
    mapped = ix.__dict__["_mapped"]
    half = set(scattered[::2])
    # (units, warm, MAP_UNITS, the pages' share, checked before, read with pread, steps read)
    for part, warm, units_a_mib, share, before, by_pread, steps in (
            (scattered, False, dense * 2, 2 * span, set(), False, 1),
            (nearby, False, dense * 2, 2 * span, set(), False, 1),
            (scattered, False, dense * 2, span // 3 + 1, half, False, 3),  # steps of the share, not MAP_STEP
            (scattered, True, dense / 2, 2 * span, set(scattered), False, 4),  # MAP_STEP, not the share
            (scattered, True, dense / 2, 2 * span, half, False, 4),
            (scattered, True, dense * 2, 2 * span, set(scattered), True, 1)):
        monkeypatch.setattr(S, "MAP_UNITS", units_a_mib)
        monkeypatch.setattr(mapped, "limit", share)
        flags = exact.checked(ix)
        flags[:] = bytes(ix.n_units)
        for u in before:
            flags[u] = 1
        drops.clear()
        preads.clear()
        checked.clear()
        case = (part[:3], warm, share, len(before))
        buf, bases = S._joined_bytes(ix, part, np.asarray(part, dtype=np.int64), warm)
        assert buf == b"".join(raw[ix.bstarts[u] : ix.bstarts[u + 1]] for u in part)
        assert bases.tolist() == [sum(ix.bstarts[v + 1] - ix.bstarts[v] for v in part[:i]) for i in range(len(part))]
        assert (True in preads) == by_pread, case
        assert sorted(checked) == sorted(set(part) - before), case  # each checked once, as read
        assert all(flags[u] for u in part)
        assert len(drops) == (steps if steps > 1 else 0), case  # pages bounded between steps


def test_a_warm_scan_reads_many_scattered_units_through_the_map_a_step_at_a_time(stored_dir, corpus, monkeypatch):
    """Through the map, a packed chunk of scattered units is read ``MAP_STEP`` bytes of
    its span at a time, the pages dropped between steps (read whole, the long-lived
    benchmark peaked at 1.76× the text); with fewer than ``MAP_UNITS`` units to a MiB,
    a warm process reads them with pread too."""
    from fyp_tui.search import scan as S

    ix = opened(stored_dir, corpus)
    exact.verified_all(ix)  # checksums checked (as a stamped store's are): only the scan's reads are seen
    part = list(range(0, ix.n_units, 40))
    pn = np.asarray(part, dtype=np.int64)
    raw = bytes(ix.raw[0 : len(ix.raw)])
    want = b"".join(raw[ix.bstarts[u] : ix.bstarts[u + 1]] for u in part)
    preads: list[bool] = []
    drops: list[int] = []
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: preads.append(pread) or real(uids, pread))
    monkeypatch.setattr(ix, "bound_pages", lambda: drops.append(1))
    span = ix.bstarts[part[-1] + 1] - ix.bstarts[part[0]]
    monkeypatch.setattr(S, "MAP_STEP", span // 4 + 1)
    monkeypatch.setattr(S, "MAP_UNITS", len(part) * (1 << 20) / span * 0.99)  # enough of them
    assert S._joined_bytes(ix, part, pn, True)[0] == want
    assert True not in preads and 3 <= len(drops) <= 4
    monkeypatch.setattr(S, "MAP_UNITS", len(part) * (1 << 20) / span * 1.01)  # one too few
    preads.clear()
    drops.clear()
    assert S._joined_bytes(ix, part, pn, True)[0] == want
    assert True in preads and not drops


def test_a_process_first_scan_is_cold_and_later_ones_warm(stored_dir, corpus, monkeypatch):
    """A fresh ``fyp search`` scans once: its scattered units are read with pread. Each
    scanner asks once, when it first reads chunks, so the later ones read through the map."""
    from fyp_tui.search import scan as S

    ix = opened(stored_dir, corpus)
    seen: list[bool] = []
    real = S._joined_bytes
    monkeypatch.setattr(S, "_joined_bytes",
                        lambda ix, part, pn, warm=False: seen.append(warm) or real(ix, part, pn, warm))
    units = list(range(0, ix.n_units, 40))
    for _ in range(2):
        sc = S.Scanner(ix)
        for _ in sc.chunks(units, raw=True):
            pass
    assert seen and seen[0] is False and seen[-1] is True
    assert seen == sorted(seen)  # the first scanner's chunks all cold, the second's all warm


@pytest.mark.skipif(not hasattr(mmap, "MADV_DONTNEED"), reason="needs madvise")
def test_a_scan_read_through_the_map_drops_its_pages_chunk_by_chunk(stored_dir, corpus, monkeypatch):
    """As the exact tier's batches: a scan's chunks read through the map leave the
    process one by one once past their share."""
    from fyp_tui.search import scan

    ix = opened(stored_dir, corpus)
    exact.verified_all(ix)
    mapped = ix.__dict__["_mapped"]
    mapped.limit = 0
    monkeypatch.setattr(scan, "CHUNK", 2000)
    uids = list(range(ix.n_units // 5))  # nearby units (read through the map), under DENSE (not a whole scan)
    mapped.release()
    start, drops = mapped.dropped, []
    for ch in scan.Scanner(ix).chunks(uids, packed=True):
        drops.append(mapped.dropped - start)
        assert ch.text
    assert len(drops) >= 3
    assert drops == list(range(len(drops)))


def test_a_search_asks_once_whether_the_process_searched_before(stored_dir, corpus, monkeypatch):
    """Every word and tier of one search reads as its process does: a fresh ``fyp
    search`` of two misspelled words reads the second word with pread too, not through
    the map because the first word asked already."""
    from fyp_tui.search import engine

    ix = opened(stored_dir, corpus)
    seen: list[tuple[str, object]] = []
    real_exact, real_scanner = engine.exact_tier, engine.Scanner

    def exact_spy(index, s, flt, want, warm=None):
        seen.append(("exact", warm))
        return real_exact(index, s, flt, want, warm)

    class ScannerSpy(real_scanner):  # type: ignore[misc,valid-type]
        def __init__(self, *a, **k):
            seen.append(("scan", k.get("warm")))
            super().__init__(*a, **k)

    monkeypatch.setattr(engine, "exact_tier", exact_spy)
    monkeypatch.setattr(engine, "Scanner", ScannerSpy)
    search(ix, "楼宇经纪 总部经齐")
    first = list(seen)
    seen.clear()
    search(ix, "楼宇经纪 总部经齐")
    assert {k for k, _ in first} == {"exact", "scan"} and len(first) >= 4  # two words, each both
    assert all(w is False for _, w in first)
    assert seen and all(w is True for _, w in seen)


def test_fyp_terms_asks_once_for_all_its_terms(stored_dir, corpus, monkeypatch):
    """``fyp terms A B C`` is one question: each term is read as a fresh process's
    first query (pread), not the later ones through the map."""
    from fyp_tui.search import terms as terms_mod

    ix = opened(stored_dir, corpus)
    seen: list[object] = []
    real = terms_mod.exact_tier
    monkeypatch.setattr(terms_mod, "exact_tier",
                        lambda index, q, flt, want, warm=None: seen.append(warm) or real(index, q, flt, want, warm))
    rows = terms_mod.term_counts(ix, ["楼宇经济", "数字经济", "总部经济"])
    assert seen == [False, False, False]
    assert {r.plan: r.count for r in rows if r.term == "楼宇经济"} == plain_counts(corpus, "楼宇经济") | {
        p: 0 for p in corpus.plans if p not in plain_counts(corpus, "楼宇经济")}
    seen.clear()
    terms_mod.term_counts(ix, ["楼宇经济"])
    assert seen == [True]


def test_a_fresh_search_of_several_words_finds_their_units_with_pread(stored_dir, corpus, index, monkeypatch):
    """A unit holds every word of ``楼宇 产业发展`` when each word's bytes are in it: in a
    process's first search, the units holding 产业发展 (49 of its 89 candidates) are
    found in pieces read with pread, not by searching the memory map. The result is the
    in-memory index's."""
    ix = opened(stored_dir, corpus)
    attach(ix, corpus.plans)
    reads: list[bool] = []
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: reads.append(pread) or real(uids, pread))
    monkeypatch.setattr(ix, "finder", lambda: pytest.fail("a fresh search searched the map"))
    got = search(ix, "楼宇 产业发展")
    assert reads and all(reads)
    want = search(index, "楼宇 产业发展")
    assert got.total == want.total > 0 and got.counts == want.counts
    assert [(h.plan, h.section, h.spans) for h in got.hits] == [(h.plan, h.section, h.spans) for h in want.hits]
