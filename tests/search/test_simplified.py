"""A query in Simplified characters is known to be one without loading OpenCC.

Expectations come from how the characters are written (經/经, 樓/楼 by a reader) and
from OpenCC itself (``convert`` on the bundled plans' own sentences), never from
the table under test.
"""

from __future__ import annotations

import re

import opencc
import pytest

from fyp_tui.search import simplified as S
from fyp_tui.search.cache import get_index
from fyp_tui.search.sidecar import sidecar_path
from fyp_tui.search.variants import t2s_changed, to_simplified
from tests.search.test_cache import _fresh_query_imports
from tests.search.test_memory import plain_pieces


@pytest.fixture(scope="module")
def changed() -> frozenset[str]:
    got = t2s_changed()
    assert got is not None
    return frozenset(got)


def test_the_table_holds_traditional_characters_and_not_simplified_ones(changed):
    assert {"經", "濟", "樓", "發", "區", "乾"} <= changed
    assert not {"经", "济", "楼", "发", "区", "干", "规", "划"} & changed


def test_sentences_without_those_characters_are_what_opencc_leaves_alone(corpus, changed):
    """The gate's premise, on real sentences: a string holding none of the characters
    t2s changes alone comes back from t2s unchanged (its phrases override how one of
    them converts in context, so each holds one)."""
    cc = opencc.OpenCC("t2s")
    pieces = [s for plan in corpus.plans.values() for text in plain_pieces(plan)
              for s in re.split(r"(?<=[。；！？])", text) if s.strip()]
    assert len(pieces) > 4000
    outside = [s for s in pieces if changed.isdisjoint(s)]
    assert len(outside) > 0.9 * len(pieces)
    assert [s for s in outside if cc.convert(s) != s] == []
    for s in ("經濟發展", "乾隆", "樓宇經濟"):  # each holds one: converted by OpenCC, not waved through
        assert to_simplified(s, changed) == cc.convert(s)
    assert to_simplified("经济发展", changed) == "经济发展"


def test_a_stored_index_keeps_the_table_and_rebuilds_a_damaged_one(corpus, tmp_path, changed):
    ix = get_index(corpus, cache_dir=tmp_path)
    path = sidecar_path(ix, "simplify")
    assert path is not None and path.exists()  # written with the store
    assert S.changed_of(ix) == changed
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x5A
    path.write_bytes(bytes(data))
    again = get_index(corpus, cache_dir=tmp_path)
    again.__dict__.pop("_t2s", None)
    assert S.changed_of(again) == changed
    assert path.read_bytes() != bytes(data)  # written again, whole
    assert S.simplified(again, "樓宇經濟") == "楼宇经济"


def test_a_fresh_simplified_query_does_not_load_opencc(tmp_path):
    assert not _fresh_query_imports(tmp_path, "opencc", "for q in ('楼宇经济', '楼语经济', '高质量发展'):\n"
                                                       "    assert search(ix, q).total > 0, q")


def test_a_fresh_traditional_query_loads_it_and_finds_the_simplified_text(tmp_path):
    same = "assert search(ix, '樓宇經濟').total == search(ix, '楼宇经济').total > 0"
    assert _fresh_query_imports(tmp_path, "opencc", same)
