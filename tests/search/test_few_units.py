"""A misspelling whose spelled-right form sits in a few units is read unit by unit, without numpy.

The reference is the chunked numpy scan the same query takes when the path is off
(``FEW = 0``): every count, tier and hit must be the same, on the index built in
memory and on the stored one.
"""

from __future__ import annotations

import re

import pytest

import fyp_tui.search.scan as S
import fyp_tui.search.tiers as T
from fyp_tui.search import Filters, search
from fyp_tui.search.cache import attach

QUERIES = ["楼宇经纪", "楼语经济", "高质良发展", "营尚环境", "数字经齐", "乡村振心", "总部经齐", "提高开放水品",
           "科技创薪", "城市更心", "一法治理", "楼宇 总部经齐", "市长"]


def _rows(r):
    return (r.total, dict(r.counts), r.tiers, r.used, r.partial,
            [(h.plan, h.section, h.block, h.item, h.tier, h.spans) for h in r.hits])


@pytest.mark.parametrize("mode", ["auto", "fuzzy"])
def test_unit_by_unit_finds_what_the_chunked_scan_finds(ix, corpus, mode, monkeypatch):
    attach(ix, corpus.plans)  # several words' hits show their units' text
    calls = []
    real = S.Scanner.in_units

    def spy(self, rx, uids, want, literal=None, risky=None):
        calls.append(rx.pattern)
        return real(self, rx, uids, want, literal, risky)

    monkeypatch.setattr(S.Scanner, "in_units", spy)
    monkeypatch.setattr(T, "_numpy", lambda: False)  # as in a fresh process
    monkeypatch.setattr(T, "FEW", 10**9)
    few = [_rows(search(ix, q, mode=mode, limit=30)) for q in QUERIES]
    # the path was taken, 楼宇经纪 itself among the strings (a blocker some unit may hold)
    assert any(re.fullmatch(p, "楼宇经济") and re.fullmatch(p, "楼宇经纪") for p in calls)
    assert any(re.fullmatch(p, "营商环境") for p in calls)
    monkeypatch.setattr(T, "FEW", 0)
    calls.clear()
    chunked = [_rows(search(ix, q, mode=mode, limit=30)) for q in QUERIES]
    assert not calls
    assert few == chunked
    assert few[0][0] == 24  # 楼宇经纪: 楼宇经济's 24 (corpus/raw)


def test_a_filtered_search_reads_only_the_units_kept(ix, corpus, monkeypatch):
    """楼宇经济 is in four plans (corpus/raw), 8 times in 福州鼓楼's: a plan or section filter
    keeps the same units either way."""
    attach(ix, corpus.plans)
    monkeypatch.setattr(T, "_numpy", lambda: False)

    def both(flt):
        monkeypatch.setattr(T, "FEW", 10**9)
        few = _rows(search(ix, "楼宇经纪", filters=flt, limit=30))
        monkeypatch.setattr(T, "FEW", 0)
        return few, _rows(search(ix, "楼宇经纪", filters=flt, limit=30))

    few, chunked = both(Filters(plans=("fuzhou-gulou",)))
    assert few == chunked and few[0] == 8
    few, chunked = both(Filters(plans=("fuzhou-gulou",), section="ch04"))
    assert few == chunked and 0 < few[0] < 8


def test_a_match_in_a_plans_first_unit_counts_for_that_plan(make_plan, monkeypatch):
    """The middle of three hand-made plans opens with a heading 楼宇经济 and a paragraph
    发展楼宇经济。; each plan also says 楼宇经济 in a box entry and a table note: 2, 4, 2."""
    from fyp_tui.model import Paragraph, Section
    from fyp_tui.search import SearchIndex

    plans = [make_plan(pid) for pid in ("p1", "p2", "p3")]
    plans[1].sections.insert(0, Section(id="ch00", level="章", label="", title="楼宇经济", heading="楼宇经济",
                                        blocks=[Paragraph("发展楼宇经济。")]))
    ix = SearchIndex.build(plans)
    assert ix.unit_key(ix.firsts[1]) == "楼宇经济"  # the match is plan 2's first unit
    monkeypatch.setattr(T, "_numpy", lambda: False)
    got = search(ix, "楼宇经纪")
    assert got.counts == {"p1": 2, "p2": 4, "p3": 2} and got.tiers == {"exact": 0, "homophone": 8}
    monkeypatch.setattr(T, "FEW", 0)
    assert search(ix, "楼宇经纪").counts == got.counts


def test_a_stored_index_reads_the_few_units_with_pread_not_the_map(index, corpus, tmp_path, monkeypatch):
    """A fresh ``fyp search`` must not fault the text in through the map for a few
    units: each fault maps a block of the file around it (楼宇经纪 at 1,005 plans held
    127 MB, the text's size, where pread held 43)."""
    from fyp_tui.search import SearchIndex

    index.save(tmp_path / "ix")
    ix = SearchIndex.load(tmp_path / "ix")
    attach(ix, corpus.plans)
    reads: list[bool] = []
    real = ix.read_units
    monkeypatch.setattr(ix, "read_units", lambda uids, pread=False: reads.append(pread) or real(uids, pread))
    monkeypatch.setattr(ix, "finder", lambda: pytest.fail("a few units were searched through the map"))
    monkeypatch.setattr(T, "_numpy", lambda: False)
    monkeypatch.setattr(T, "FEW", 10**9)
    for q in ("楼宇经纪", "楼语经济"):  # a listed pattern, and one string alone
        reads.clear()
        assert search(ix, q).total == 24, q  # 楼宇经济's 24 (corpus/raw)
        assert reads and all(reads), q
    # Their checksums were checked as read: a damaged unit is still found out.
    assert all(ix.__dict__["_units_checked"][u] for u in ix.candidates("楼宇经济"))


@pytest.mark.parametrize("few", [True, False], ids=["unit by unit", "chunks"])
def test_a_damaged_unit_read_with_pread_is_found_out(index, corpus, tmp_path, monkeypatch, caplog, few):
    """Units read with pread are checked against their checksums as they are read (not
    read again to be checked): a byte changed on disk inside one of 楼宇经济's units is
    reported, not searched."""
    from fyp_tui.search import SearchIndex, store

    index.save(tmp_path / "ix")
    probe = SearchIndex.load(tmp_path / "ix")
    # One of 楼宇经济's units that the exact tier of 楼宇经纪 does not read: the scan does.
    u = next(u for u in probe.candidates("楼宇经济")
             if u not in set(probe.candidates("楼宇经纪")) and "楼宇经济" in probe.unit_key(u))
    at = probe.bstarts[u]
    del probe
    text = next((tmp_path / "ix").glob("text-*.bin"))
    data = bytearray(text.read_bytes())
    data[at] ^= 0x01  # still a byte, no longer the unit's
    text.write_bytes(bytes(data))
    ix = SearchIndex.load(tmp_path / "ix")
    attach(ix, corpus.plans)
    monkeypatch.setattr(T, "_numpy", lambda: not few)
    monkeypatch.setattr(T, "FEW", 10**9 if few else 0)
    # Raised, or reported and the index rebuilt (``cache.healing``): never searched as is.
    try:
        got = search(ix, "楼宇经纪")  # a fresh process's first search
    except store.Damaged:
        return
    assert "damaged" in caplog.text and got.total == 24
