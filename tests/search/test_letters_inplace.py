"""``initials.Letters.starts`` moves and ANDs the classes' bitmaps in place
(``_shift_into``): the same starts as ``_shifted`` and ``&`` on whole new arrays,
and as a regular expression over the decoded text."""

from __future__ import annotations

import re

import numpy as np
import pytest

from fyp_tui.search import SearchIndex
from fyp_tui.search import initials as I
from fyp_tui.search.engine import readings_of
from fyp_tui.search.pinyin import parse, token_chars

QUERIES = ["lyjj", "szjj", "gzlfz", "yshj", "xczx", "zbjj", "shhzhuyi", "zhshhui", "louyjj", "jjfz", "kjcx", "zhjj",
           "gaozhiliangfazhan", "lyjj|fzjj", "jjfz|lyjj", "gzlfz|shjjj"]


def classes_of(ix: SearchIndex, q: str) -> list[frozenset[str]]:
    """A query's classes; ``a|b``: the classes of two queries joined (several letters each)."""
    rd = readings_of(ix)
    if "|" in q:
        a, b = (classes_of(ix, x) for x in q.split("|"))
        return [x | y for x, y in zip(a, b)]
    return [token_chars(t, rd) for t in parse(q, rd)]


def whole_starts(letters: I.Letters, classes) -> list[int]:
    """The AND of every class's whole bitmap, class k shifted by k, as new arrays."""
    acc = None
    for k, chars in enumerate(classes):
        cover = letters.letters_of(chars)
        assert cover is not None
        bm = None
        for x in sorted(cover):
            bm = letters.bits(x) if bm is None else bm | letters.bits(x)
        bm = I._shifted(np, bm, k) if k else bm
        acc = bm if acc is None else acc & bm
    return np.flatnonzero(np.unpackbits(acc.view(np.uint8), bitorder="little")).tolist()


def regex_starts(ix: SearchIndex, classes) -> list[int]:
    rd = readings_of(ix)
    parts = []
    for chars in classes:
        cover = I.letters_of(rd.table, chars)
        members = sorted(c for c, rs in rd.table.items() if any(r.startswith(x) for r in rs for x in cover))
        parts.append("[" + "".join(map(re.escape, members)) + "]")
    return [m.start() for m in re.finditer("(?=" + "".join(parts) + ")", ix.text)]


@pytest.fixture(scope="module")
def letters(index):
    return I.Letters(index, readings_of(index))


@pytest.mark.parametrize("q", QUERIES)
def test_starts_in_place_are_those_of_whole_new_arrays(index, letters, q):
    classes = classes_of(index, q)
    before = {x: letters.bits(x).copy() for c in classes for x in letters.letters_of(c)}
    got = letters.starts(classes)
    assert got is not None
    want = whole_starts(letters, classes)
    assert got.tolist() == want, q
    assert want and want == regex_starts(index, classes), q
    assert all(np.array_equal(letters.bits(x), bm) for x, bm in before.items())  # the bitmaps are untouched
    assert letters.starts(classes).tolist() == want  # and a second time alike


@pytest.mark.parametrize("k", [0, 1, 5, 63, 64, 65, 127, 128, 130, 299 * 64 + 3, 300 * 64])
def test_a_shift_into_given_arrays_is_the_plain_shift(k):
    rng = np.random.default_rng(k)
    words = rng.integers(0, 2**64, size=300, dtype=np.uint64)
    out, spill = np.full_like(words, 7), np.full_like(words, 9)  # stale contents must not show
    I._shift_into(np, words, k, out, spill)
    assert out.tolist() == I._shifted(np, words, k).tolist()
