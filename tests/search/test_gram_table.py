"""A stored index finds each gram's posting list through two arrays (``packed.GramTable``)
exactly as the built index's dict does. The reference is the dict of an index built
in memory and Python's own string order; the table under test never supplies them."""

from __future__ import annotations

from fyp_tui.search import packed
from fyp_tui.search.cache import get_index


def test_every_gram_is_found_with_its_number_and_nothing_else_is(index):
    keys = index.postings.keys  # built in memory: a dict
    grams = list(keys)
    table = packed.GramTable(*packed.gram_tables(grams))
    assert len(table) == len(keys) > 1000
    assert all(table.get(g) == i for g, i in keys.items())
    assert list(table) == grams  # in number order
    for miss in ("", "龘", "龘龘", "楼宇经", "\x00", "a\x00"):
        assert miss not in keys and table.get(miss) is None and miss not in table
    assert table.get(grams[0] + "\U0010ffff") is None  # just past a gram's code


def test_codes_sort_as_the_strings_do(index):
    grams = list(index.postings.keys) + ["a", "ab", "b", "\U00020000", "\U00020000a"]
    assert sorted(grams, key=packed.gram_code) == sorted(grams)
    assert all(packed.gram_of(packed.gram_code(g)) == g for g in grams)


def test_a_stored_index_reads_the_same_lists(corpus, index, tmp_path):
    ix = get_index(corpus, cache_dir=tmp_path)
    assert isinstance(ix.postings.keys, packed.GramTable)
    for g in list(index.postings.keys)[::97] + ["楼宇", "楼", "龘龘"]:
        assert list(ix.postings.get(g)) == list(index.postings.get(g)), g
