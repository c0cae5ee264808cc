"""The streamed pinyin-initials pass (``initials.streamed_units``) finds what a plain
reference finds: a regular expression over the whole decoded text, its character
classes listed here from the readings (every character with a reading that starts
with one of the class's letters), each start's unit found by bisection.

The pass reads the text a step at a time and carries the last characters of a
step into the next; the steps here are made tiny so that runs cross their borders.
"""

from __future__ import annotations

import bisect
import re

import pytest

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import SearchIndex, search
from fyp_tui.search import initials as I
from fyp_tui.search import tiers as T
from fyp_tui.search.engine import readings_of
from fyp_tui.search.pinyin import parse, token_chars

QUERIES = ["lyjj", "szjj", "gzlfz", "yshj", "xczx", "zbjj", "shhzhuyi", "zhshhui", "louyjj", "jjfz", "kjcx", "zhjj",
           "fz"]


def classes_of(ix: SearchIndex, q: str) -> list[frozenset[str]]:
    rd = readings_of(ix)
    return [token_chars(t, rd) for t in parse(q, rd)]


def plain_starts(ix: SearchIndex, classes) -> list[int]:
    """Offsets where a run of the classes' letters starts: one regex over the text."""
    rd = readings_of(ix)
    parts = []
    for chars in classes:
        cover = I.letters_of(rd.table, chars)
        assert cover is not None
        members = sorted(c for c, rs in rd.table.items() if any(r.startswith(x) for r in rs for x in cover))
        parts.append("[" + "".join(map(re.escape, members)) + "]")
    rx = re.compile("(?=" + "".join(parts) + ")")
    return [m.start() for m in rx.finditer(ix.text)]


def plain_units(ix: SearchIndex, classes) -> set[int]:
    """The units holding those starts."""
    starts = list(ix.starts)
    return {bisect.bisect_right(starts, p) - 1 for p in plain_starts(ix, classes)}


def class_units(ix: SearchIndex, classes) -> set[int]:
    """The units holding a run of the classes' own characters: one regex over the text."""
    rx = re.compile("".join("[" + "".join(map(re.escape, sorted(chars))) + "]" for chars in classes))
    starts = list(ix.starts)
    return {bisect.bisect_right(starts, m.start()) - 1 for m in rx.finditer(ix.text)}


def streamed(ix: SearchIndex, classes, step: int = I.STEP) -> list[int]:
    runs = I.streamed_starts(ix, readings_of(ix), classes, step)
    assert runs is not None
    return [int(p) for pos in runs for p in pos]


@pytest.fixture(scope="module")
def stored(index, tmp_path_factory):
    path = tmp_path_factory.mktemp("initials") / "ix"
    index.save(path)
    return path


@pytest.mark.parametrize("q", QUERIES)
def test_streamed_units_are_the_plain_references(index, stored, q):
    ix = SearchIndex.load(stored)
    classes = classes_of(ix, q)
    if len(classes) < 2:
        pytest.skip("one class: not narrowed by letters")
    want = plain_units(index, classes)
    assert want, q  # the list finds things
    assert I.streamed_units(ix, readings_of(ix), classes) == want, q
    assert "_text" not in ix.__dict__ and "_letters" not in ix.__dict__  # nothing whole-text was built
    assert I.streamed_units(index, readings_of(index), classes) == want, q  # from the decoded text
    assert streamed(SearchIndex.load(stored), classes) == plain_starts(index, classes), q


def border_plan() -> Plan:
    sec = Section(id="ch01", level="章", label="第一章", title="产业", heading="第一章 产业", blocks=[
        Paragraph("大力发展楼宇经济和总部经济，" * 3), Paragraph("推进乡村振兴。"), Paragraph("楼宇经济")])
    return Plan(id="border", meta=PlanMeta(title="测试"), sections=[sec], source_sha256="border")


def test_a_run_across_a_step_border_is_found(tmp_path):
    """A step ending inside 楼宇经济 (after 楼, after 楼宇, after 楼宇经): the run is
    still found, from the stored bytes and from the decoded text."""
    built = SearchIndex.build([border_plan()])
    built.save(tmp_path / "ix")
    classes = classes_of(built, "lyjj")
    want = plain_units(built, classes)
    raw = bytes(built.raw)
    at = raw.index("楼宇经济".encode())
    for cut in (1, 2, 3):
        step = at + 3 * cut  # the first step ends after ``cut`` characters of the run
        ix = SearchIndex.load(tmp_path / "ix")
        got = I.streamed_units(ix, readings_of(ix), classes, step=step)
        assert got == want and built.unit_at(len(raw[:at].decode())) in got, cut
        assert I.streamed_units(built, readings_of(built), classes, step=step) == want, cut
        assert streamed(SearchIndex.load(tmp_path / "ix"), classes, step) == plain_starts(built, classes), cut


@pytest.mark.parametrize("step", [1, 2, 5, 7, 64, 1000])
def test_tiny_steps_give_the_same_units(index, stored, step):
    """Steps of a few bytes (a step is at least one character): every run crosses a border."""
    ix = SearchIndex.load(stored)
    small = SearchIndex.build([border_plan()])
    for q in ["lyjj", "zbjj", "xczx", "dlfz"]:
        for target, path_ix in ((small, small), (index, ix)):
            if step < 64 and target is index:
                continue  # the bundled text in steps of a few bytes is slow; the small plan covers it
            classes = classes_of(target, q)
            assert plain_units(target, classes), q
            assert I.streamed_units(path_ix, readings_of(path_ix), classes, step=step) == plain_units(target, classes)
            assert streamed(path_ix, classes, step) == plain_starts(target, classes), (q, step)


@pytest.mark.parametrize("q, narrow, streams", [
    ("lyjj", True, False), ("gzlfz", True, False), ("szjj", True, False),
    ("szjj", "costly", True),  # its chain would read more ids than CHAIN_MOST allows: it streams
    ("lyjj", False, True), ("gzlfz", False, True), ("szjj", False, True)])
def test_a_fresh_index_narrows_or_streams_then_keeps_the_tables(index, stored, corpus, q, narrow, streams,
                                                                monkeypatch):
    """The first initials query of a stored index reads only the units its chain of
    bigrams leaves (or, those being too costly to find, streams the text): no
    whole-text tables, no decoded text; the second builds the tables and keeps them.
    All three find the same hits as the tables alone."""
    from fyp_tui.search.cache import attach

    calls = []
    stream = I.streamed_starts
    monkeypatch.setattr(I, "streamed_starts", lambda *a, **k: calls.append(1) or stream(*a, **k))
    if not narrow:
        monkeypatch.setattr(T, "_narrowed", lambda ix, classes: None)
    if narrow == "costly":
        monkeypatch.setattr(T, "CHAIN_MOST", 0.05)
    ix = SearchIndex.load(stored)
    attach(ix, corpus.plans)
    first = search(ix, q, mode="pinyin", limit=30)
    assert "_letters" not in ix.__dict__ and "_text" not in ix.__dict__
    assert bool(calls) == streams, q  # narrowed: the text was not streamed
    second = search(ix, q, mode="pinyin", limit=30)
    assert "_letters" in ix.__dict__
    tables = search(index, q, mode="pinyin", limit=30)  # holds the text: tables from the start

    def rows(r):
        return r.total, r.counts, [(h.plan, h.section, h.block, h.item, h.spans) for h in r.hits]

    assert rows(first) == rows(second) == rows(tables)
    assert first.total > 0


@pytest.mark.parametrize("q", QUERIES)
def test_chained_units_hold_every_run_and_few_others(index, stored, q):
    """The units a first query narrows to (those holding every bigram of some string
    drawn from the classes, from the posting lists and the bigram graph) hold every
    unit a regex of the classes finds a run in, and for four letters or more few
    others: at most 5 % of all units (on the bundled plans 0.7–4.6 %, 1.0–2.5 times
    the units a run is in), where the units holding some bigram of each adjacent
    pair, the pairs taken apart, were 19–26 %. A stored index's packed lists give
    the same units."""
    classes = classes_of(index, q)
    if len(classes) < 2:
        pytest.skip("one class: nothing to chain")
    got = T.chained_units(index, classes)
    assert got is not None, q
    want = class_units(index, classes)
    assert want, q
    assert want <= set(got.tolist()), q
    ix = SearchIndex.load(stored)  # the stored lists, packed as steps of one, two or four bytes
    assert T.chained_units(ix, classes_of(ix, q)).tolist() == got.tolist(), q
    if len(classes) >= 4:
        assert len(got) <= 0.05 * index.n_units, (q, len(got), len(want), index.n_units)


def test_a_chain_keeps_a_unit_only_where_its_bigrams_follow_on():
    """A unit holding 楼宇 and 经济 but no bigram joining them (宇经) is not a candidate
    for lyjj, though every pair of its classes has a bigram there; one holding 楼宇,
    宇经 and 经济 apart (no run) is, as the chain cannot see where the bigrams lie; a
    chain over a pair too costly to read gives None."""
    texts = ["楼宇和经济。", "楼宇经营和经济。", "发展楼宇经济。", "宇宙。"]
    sec = Section(id="s1", level="章", label="第一章", title="产业", heading="第一章 产业",
                  blocks=[Paragraph(t) for t in texts])
    ix = SearchIndex.build([Plan(id="p", meta=PlanMeta(title="测试"), sections=[sec], source_sha256="p")])
    classes = classes_of(ix, "lyjj")
    got = {ix.unit_key(u) for u in T.chained_units(ix, classes).tolist()}
    assert got == {"楼宇经营和经济。", "发展楼宇经济。"}
    assert class_units(ix, classes) == {u for u in range(ix.n_units) if ix.unit_key(u) == "发展楼宇经济。"}


def test_a_chain_that_would_read_too_much_gives_none(index, monkeypatch):
    classes = classes_of(index, "lyjj")
    assert T.chained_units(index, classes) is not None
    monkeypatch.setattr(T, "CHAIN_MOST", 0.05)
    assert T.chained_units(index, classes) is None


def test_a_damaged_stored_text_is_caught_by_the_streamed_pass(index, tmp_path):
    """Each step's blocks are checked before it is decoded: a changed character (same
    length, only a checksum can tell) or bytes that are not UTF-8 raise ``Damaged``
    (not a decoding error), and no unit counts as checked."""
    from fyp_tui.search import store

    for bad in ("经纪".encode(), b"\xff" * 6):
        index.save(tmp_path / "ix")
        text = next((tmp_path / "ix").glob("text-*.bin"))
        data = bytearray(text.read_bytes())
        at = data.rindex("经济".encode())
        data[at : at + 6] = bad
        text.write_bytes(bytes(data))
        ix = SearchIndex.load(tmp_path / "ix")
        with pytest.raises(store.Damaged):
            I.streamed_units(ix, readings_of(ix), classes_of(ix, "lyjj"))
        assert set(ix.__dict__["_units_checked"]) == {0}
