"""A changed or removed plan updates the stored index instead of rebuilding it.

Differential: after an update the store answers a fixed list of queries (exact,
common bigrams, typo, pinyin, initials, titles, two words, zero hits; filtered by
plan) exactly as a store freshly built from the same plans does. Independent: the
count search reports for the changed plan equals ``str.count`` over that plan's
own texts, and the removed plan never appears. The update is an update: the build
is never called and only the new and changed plans are keyed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from fyp_tui.model import Paragraph
from fyp_tui.search import Filters, SearchIndex, builder, cache, get_index, packed, search, search_titles, store
from fyp_tui.search import index as index_mod
from fyp_tui.search import updater
from tests.search.test_memory import plain_pieces  # the plans' texts as a reader sees them

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import gen_corpus  # noqa: E402

NEW_WORD = "量子通信港"  # only in the changed plan's new text
OLD_WORD = "磁悬浮走廊"  # only in the changed plan's old text
GONE_WORD = "氢能小镇群"  # only in the removed plan
QUERIES = ["楼宇经济", "发展", "高质量发展", "建设", "数字经济", NEW_WORD, OLD_WORD, GONE_WORD,
           "楼宇经纪", "高质良发展", "louyujingji", "lyjj", "数字 经济", "量子纠缠通信枢纽"]
TITLES = ["发展", "产业", "第一章", "创新"]


def mark(plan, word: str, times: int, sha: str):
    plan.sections[0].blocks.append(Paragraph(f"推进{word}建设，" * times))
    plan.source_sha256 = sha  # a re-ingested plan: its fingerprint moves
    return plan


def shrink(monkeypatch) -> None:
    """Stores small enough to exercise every table: the common-bigram and phrase tables in use,
    posting lists in all three layouts, many chunks, the text copied in pieces."""
    monkeypatch.setattr(index_mod, "FREQUENT", 20)
    monkeypatch.setattr(index_mod, "PHRASE_MIN", 30)  # and the common-phrase table
    monkeypatch.setattr(packed, "U8_MAX", 6)
    monkeypatch.setattr(packed, "U16_MAX", 300)
    monkeypatch.setattr(updater, "CHUNK", 500)
    monkeypatch.setattr(builder, "COPY_CHUNK", 4096)


@pytest.fixture
def small(monkeypatch):
    shrink(monkeypatch)


def generated(n: int, seed: int = 11) -> list:
    out = list(gen_corpus.iter_plans(n, seed=seed))
    for p in out[2:]:
        del p.sections[3:]  # smaller plans: a quicker test
    return out


def corpus(n: int = 6) -> list:
    out = generated(n)
    mark(out[2], OLD_WORD, 2, "old")
    mark(out[4], GONE_WORD, 3, "gone")
    return out


def changed(plan, seed: int = 5):
    """Another text under the same id: a plan re-ingested after a correction."""
    other = list(gen_corpus.iter_plans(2, seed=seed))[1]
    del other.sections[4:]
    other.id, other.meta = plan.id, plan.meta
    return mark(other, NEW_WORD, 4, "new")


def fresh(plans, root):
    cache._memo.clear()
    cache._reported.clear()
    return get_index(plans, cache_dir=root)


def answers(index: SearchIndex, plans) -> dict:
    cache.attach(index, {p.id: p for p in plans})
    out: dict = {}
    ids = [p.id for p in plans]
    for q in QUERIES:
        for f in (None, Filters(plans=(ids[1],)), Filters(plans=(ids[-1], ids[0]))):
            r = search(index, q, limit=40, filters=f)
            out[q, f] = (r.total, r.counts, r.counting, r.tiers,
                         [(h.plan, h.section, h.block, h.item, h.tier, h.spans, h.text) for h in r.hits])
    for q in TITLES:
        out["title", q] = [(h.plan, h.section, h.title, h.score, h.spans, h.path) for h in search_titles(index, q, 30)]
    return out


class Spy:
    """Which plans were keyed; fails if the store was rebuilt."""

    def __init__(self, monkeypatch):
        self.keyed: list[str] = []
        real = index_mod.plan_units
        monkeypatch.setattr(index_mod, "plan_units", lambda plan: self.keyed.append(plan.id) or real(plan))

        def no_build(*a, **k):
            raise AssertionError("rebuilt, not updated")

        monkeypatch.setattr(builder, "build_store", no_build)


def updated(plans, new_plans, tmp_path, monkeypatch):
    """The store of ``plans`` (queried once, so its side tables exist), then updated to ``new_plans``."""
    answers(fresh(plans, tmp_path / "cache"), plans)
    spy = Spy(monkeypatch)
    return fresh(new_plans, tmp_path / "cache"), spy


def check(got, new_plans, tmp_path, monkeypatch):
    """``got`` answers as a fresh build of ``new_plans`` does, and is what was saved."""
    monkeypatch.undo()  # the fresh build: no spies, the real code
    shrink(monkeypatch)
    want = answers(fresh(new_plans, tmp_path / "fresh"), new_plans)
    assert answers(got, new_plans) == want
    assert got.fingerprint == cache.fingerprint(new_plans)
    (slot,) = (tmp_path / "cache").iterdir()
    files = store.read_manifest(slot).files
    side = sorted(f.name for f in slot.glob("*.tbl"))  # the side tables the queries built
    assert side and all(name.endswith(f"-{got.fingerprint}.tbl") for name in side), side  # none of the old store
    reopened = fresh(new_plans, tmp_path / "cache")  # the update was saved: used as it is
    assert store.read_manifest(slot).files == files
    assert answers(reopened, new_plans) == want
    assert [p.id for p in reopened.plans] == [p.id for p in new_plans]  # plans in corpus order


def test_a_changed_plan_updates_the_store(tmp_path, small, monkeypatch):
    plans = corpus()
    new_plans = [*plans[:2], changed(plans[2]), *plans[3:]]
    got, spy = updated(plans, new_plans, tmp_path, monkeypatch)
    assert spy.keyed == [plans[2].id]  # only the changed plan was read and keyed
    pid = plans[2].id
    texts = plain_pieces(new_plans[2])
    for q in ["楼宇经济", "发展", "建设", "经济", NEW_WORD, OLD_WORD]:  # 建设, 经济: the common-bigram table
        r = search(got, q, mode="exact", filters=Filters(plans=(pid,)))
        assert r.counts.get(pid, 0) == sum(t.count(q) for t in texts), q
    assert search(got, NEW_WORD, mode="exact").counts == {pid: 4}
    assert search(got, OLD_WORD, mode="exact").counts == {}
    check(got, new_plans, tmp_path, monkeypatch)


def test_a_removed_plan_updates_the_store(tmp_path, small, monkeypatch):
    plans = corpus()
    gone = plans[4].id
    new_plans = [p for p in plans if p.id != gone]
    got, spy = updated(plans, new_plans, tmp_path, monkeypatch)
    assert spy.keyed == []
    assert gone not in [p.id for p in got.plans]
    for q in QUERIES:
        r = search(got, q, limit=1000)
        assert gone not in r.counts and all(h.plan != gone for h in r.hits), q
    assert all(h.plan != gone for q in TITLES for h in search_titles(got, q, 1000))
    assert search(got, GONE_WORD, mode="exact").total == 0
    last = plans[5]  # a plan after the removed one: its units moved down
    assert search(got, "发展", mode="exact", filters=Filters(plans=(last.id,))).counts == {
        last.id: sum(t.count("发展") for t in plain_pieces(last))}
    check(got, new_plans, tmp_path, monkeypatch)


def test_changed_added_and_removed_together(tmp_path, small, monkeypatch):
    plans = corpus(7)
    between, last = generated(4, seed=2)[2:]
    between.id, last.id = "added-between", "added-last"
    # removed: the first and the fifth; changed: the fourth; added: one in between, one at the end
    new_plans = [plans[1], plans[2], changed(plans[3], seed=8), between, *plans[5:], last]
    got, spy = updated(plans, new_plans, tmp_path, monkeypatch)
    assert sorted(spy.keyed) == sorted([plans[3].id, "added-between", "added-last"])
    assert not {plans[4].id, plans[0].id} & set(search(got, "发展", mode="exact").counts)
    check(got, new_plans, tmp_path, monkeypatch)


def test_reordered_plans_and_every_plan_removed(tmp_path, small, monkeypatch):
    """Kept plans that the corpus now lists in another order keep their units but
    move (lists re-sorted); a corpus left empty gives an empty index."""
    plans = corpus(5)
    new_plans = [plans[3], plans[0], plans[4], plans[1]]
    got, spy = updated(plans, new_plans, tmp_path, monkeypatch)
    assert spy.keyed == []
    check(got, new_plans, tmp_path, monkeypatch)
    (slot,) = (tmp_path / "cache").iterdir()
    updater.update_store(slot, SearchIndex.load(slot), [], [], {}.__getitem__, "none")
    none = SearchIndex.load(slot)
    assert none.plans == [] and search(none, "发展").total == 0 and none.n_units == 0


def test_the_stored_tables_equal_a_build_of_the_same_plans(tmp_path, small):
    """Below search: every table of the updated store is the in-memory build's."""
    plans = corpus(6)
    builder.build_into(tmp_path / "s", plans, fps=[str(i) for i in range(6)])
    old = SearchIndex.load(tmp_path / "s")
    new_plans = [plans[0], changed(plans[2]), plans[3], plans[5]]
    fps = ["0", "new", "3", "5"]
    updater.update_store(tmp_path / "s", old, [p.id for p in new_plans], fps,
                         {p.id: p for p in new_plans}.__getitem__, "fp")
    got = SearchIndex.load(tmp_path / "s")
    want = SearchIndex.build(new_plans, grams=list(old.freq))  # the stored common bigrams are kept
    assert bytes(got.raw) == bytes(want.raw)
    for name in ("starts", "bstarts", "unit_sec", "unit_block", "unit_item"):
        assert list(getattr(got, name)) == list(getattr(want, name)), name
    assert list(got.__dict__["_stored_crcs"]) == list(want._crcs())
    assert list(got.sec_ids) == list(want.sec_ids)
    assert [vars(p) for p in got.plans] == [vars(p) for p in want.plans]
    assert set(got.postings.keys) == set(want.postings.keys)
    assert all(list(got.postings.get(g)) == list(want.postings.get(g)) for g in want.postings.keys)
    assert got.readings == want.readings  # a character only the removed plans had is gone
    # the rare readings' phrases (pypinyin's, whatever the plans) are stored by both writers
    assert old.bound == got.bound == want.bound and "倔强" in got.bound["强"]["jiang"]
    assert list(got.freq) == list(old.freq)
    assert all(list(got.frequent_counts(g)) == list(want.frequent_counts(g)) for g in got.freq)
    assert got.plan_fps == fps and got.fingerprint == "fp"
    codes = {got.postings.pos[2 * i] >> packed.SHIFT for i in range(len(got.postings.keys))}
    assert codes == {packed.IDS, packed.STEPS16, packed.STEPS8}


@pytest.mark.parametrize("why", ["most plans changed", "more text than a build segment", "neither"])
def test_a_large_change_is_rebuilt(tmp_path, small, monkeypatch, why):
    """More than half the plans to read, or more text to key than a build segment
    holds (the update keys them in one piece): a rebuild, in bounded memory."""
    plans = corpus(5)
    fresh(plans, tmp_path / "cache")
    new_plans = [changed(plans[0]), changed(plans[1], 8), *plans[2:]]
    if why == "most plans changed":
        new_plans[2] = changed(plans[2], 9)
    elif why == "more text than a build segment":
        # two plans at the stored mean size: 2/5 of the stored text, more than this segment
        total = sum(p.chars for p in SearchIndex.load(next((tmp_path / "cache").iterdir())).plans)
        monkeypatch.setattr(builder, "SEGMENT_CHARS", total // 4)
    built = []
    real = builder.build_store
    monkeypatch.setattr(builder, "build_store", lambda *a, **k: built.append(1) or real(*a, **k))
    got = fresh(new_plans, tmp_path / "cache")
    assert built == ([] if why == "neither" else [1])
    assert search(got, NEW_WORD, mode="exact").total == 4 * (3 if why == "most plans changed" else 2)


@pytest.mark.parametrize("part", ["text", "gaps", "gaps8", "post", "freq_counts", "unit_crcs"])
def test_a_store_found_damaged_while_updating_is_reported_and_rebuilt(tmp_path, small, monkeypatch, caplog, part):
    plans = corpus(5)
    fresh(plans, tmp_path / "cache")
    (slot,) = (tmp_path / "cache").iterdir()
    path = slot / store.read_manifest(slot).files[part].file
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 4] = bytes(b ^ 0x5A for b in data[mid : mid + 4])
    path.write_bytes(bytes(data))  # same size: found only when read
    new_plans = [*plans[:2], changed(plans[2]), plans[4]]
    with caplog.at_level(logging.WARNING, logger="fyp"):
        got = fresh(new_plans, tmp_path / "cache")
        counts = search(got, NEW_WORD, mode="exact").counts
    warned = [r.getMessage() for r in caplog.records if r.name == "fyp"]
    assert len(warned) == 1 and "damaged" in warned[0], warned
    assert counts == {plans[2].id: 4}
    assert answers(got, new_plans) == answers(SearchIndex.build(new_plans), new_plans)


@pytest.mark.parametrize("how", ["add", "change"])
def test_a_stamped_store_is_updated(tmp_path, small, monkeypatch, how):
    """A store read back whole and stamped keeps no per-unit checksums in memory
    (``_unit_crcs``): the update copies the stored ones all the same (adding a plan
    to such a store raised KeyError)."""
    plans = corpus(5)
    fresh(plans, tmp_path / "cache")
    real = store._now
    monkeypatch.setattr(store, "_now", lambda: real() + 10 * 10**9)  # the files look settled
    fresh(plans, tmp_path / "cache")  # reads every part back whole, stamps them
    assert fresh(plans, tmp_path / "cache").text_check.trusted
    extra = generated(3, seed=4)[2]
    extra.id = "zz-added"
    new_plans = [*plans, mark(extra, NEW_WORD, 1, "z")] if how == "add" else [changed(plans[0]), *plans[1:]]
    spy = Spy(monkeypatch)
    got = fresh(new_plans, tmp_path / "cache")
    assert spy.keyed == [new_plans[-1].id if how == "add" else plans[0].id]
    assert search(got, NEW_WORD, mode="exact").total == (1 if how == "add" else 4)
