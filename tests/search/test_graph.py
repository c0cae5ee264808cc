"""The bigram graph stored beside the index (``search.graph``): the same neighbours as
a plain dict of sets over the posting keys, read from its file by the next process,
rebuilt when the file is missing, damaged or of another version, and renewed when
the store gains a plan."""

from __future__ import annotations

import pytest

from fyp_tui.model import Paragraph
from fyp_tui.search import cache, get_index, search
from fyp_tui.search import graph as G


def plain(index):
    """after[c] / before[c]: a dict of sets over the bigram keys, nothing clever."""
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for g in index.postings.keys:
        if len(g) == 2:
            after.setdefault(g[0], set()).add(g[1])
            before.setdefault(g[1], set()).add(g[0])
    return after, before


def same_as_plain(index, graphs) -> None:
    after, before = plain(index)
    chars = set(after) | set(before) | {"\x00", "a", "𠀀"}
    for got, want in zip(graphs, (after, before)):
        for c in chars:
            assert got.get(c, frozenset()) == want.get(c, set()), c
            assert got.degree(c) == len(want.get(c, ())), c


def test_the_graph_has_the_neighbours_of_every_character(index):
    same_as_plain(index, G.adjacency(index))


def fresh(plans, root):
    cache._memo.clear()
    return get_index(plans, cache_dir=root)


def tables(root):
    return sorted(root.glob("*/adjacency-*.tbl"))


def test_stored_then_read_by_the_next_process_and_rebuilt_when_bad(tmp_path, make_plan, monkeypatch):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    first = fresh(plans, tmp_path)
    same_as_plain(first, G.adjacency(first))
    (path,) = tables(tmp_path)
    assert path.name == f"adjacency-{first.fingerprint}.tbl"
    good = path.read_bytes()

    built = []
    real = G.pairs_of
    monkeypatch.setattr(G, "pairs_of", lambda ix: built.append(1) or real(ix))
    again = fresh(plans, tmp_path)
    same_as_plain(again, G.adjacency(again))
    assert built == []  # read from the file, not built

    damaged = [good[:-3],  # truncated
               good[:40] + bytes([good[40] ^ 1]) + good[41:],  # a flipped bit in the payload
               good.replace(G.MAGIC, b"XXXXXXXX", 1),  # not ours
               G._HEAD.pack(G.MAGIC, G.VERSION + 1, 0, 0)]  # another version
    for bad in damaged:
        path.write_bytes(bad)
        ix = fresh(plans, tmp_path)
        same_as_plain(ix, G.adjacency(ix))
        assert path.read_bytes() == good  # rewritten
    assert len(built) == len(damaged)
    path.unlink()
    ix = fresh(plans, tmp_path)
    same_as_plain(ix, G.adjacency(ix))
    assert path.read_bytes() == good


def test_a_store_that_gained_a_plan_gets_a_new_table(tmp_path, make_plan):
    plans = [make_plan("a")]
    first = fresh(plans, tmp_path)
    G.adjacency(first)
    assert "鑫" not in G.adjacency(first)[0].get("鑫") | G.adjacency(first)[1].get("鑫")
    extra = make_plan("c", "泉州市")
    extra.sections[0].blocks.append(Paragraph("鑫淼垚产业园，鑫𠀀园"))  # a neighbour beyond U+FFFF
    grown = fresh(plans + [extra], tmp_path)
    assert grown.fingerprint != first.fingerprint
    after, before = G.adjacency(grown)
    assert after.get("鑫") == {"淼", "𠀀"} and before.get("垚") == {"淼"} and before.get("𠀀") == {"鑫"}
    same_as_plain(grown, (after, before))
    (path,) = tables(tmp_path)  # the old table is removed
    assert path.name == f"adjacency-{grown.fingerprint}.tbl"


def test_typo_search_is_the_same_with_the_stored_graph(tmp_path, make_plan):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    stored = fresh(plans, tmp_path)
    built = fresh(plans, tmp_path / "other")
    built.__dict__.pop("_store", None)
    for q in ["楼宇经纪", "提高开放水品", "楼语经济", "lyjj"]:
        a, b = search(stored, q, mode="fuzzy"), search(built, q, mode="fuzzy")
        assert (a.total, a.counts, a.tiers) == (b.total, b.counts, b.tiers), q
        assert a.total, q


@pytest.mark.parametrize("n", [0, 1, 5])
def test_encode_decode_round_trip(n):
    fwd = G.array("Q", sorted((ord("楼") + i) << 32 | ord("宇") for i in range(n)))
    bwd = G.array("Q", sorted((x & 0xFFFFFFFF) << 32 | x >> 32 for x in fwd))
    assert G.decode(G.encode(fwd, bwd)) == (fwd, bwd)
