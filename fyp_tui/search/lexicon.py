"""The segmenter's dictionary cut to the words a store's text can hold, stored beside the index.

The word-edge check of the fuzzy tiers (``words``) segments a few characters
around each match with rjieba. ``import rjieba`` builds its whole dictionary
(349,046 words) at import: ~0.14 s, about half of a fresh typo query's process
(five times ripgrep's whole run at 1,000 plans). Segmenting a window only ever
consults the dictionary words that occur in it, and the window is the store's
own text, so a segmenter holding every dictionary word that occurs in the text
(with its frequency) and the same total frequency segments every window exactly
as the full dictionary does: same words in the DAG, same log probabilities, same
route; the HMM of unknown runs is rjieba's own (built in, not part of the
dictionary).

The cut dictionary is the words of jieba's ``dict.txt`` (the file rjieba embeds;
``tests/search/test_lexicon.py`` checks that they segment alike) all of whose
bigrams are bigrams of the store (or, for one character, a character of it): a
superset of the words that occur, from the posting keys alone (1,005 plans:
17,327 of 349,046 words). The total is padded with one word that no window can
hold (two separators: windows stop at a unit's separator). Built on first need,
checked by segmenting a stretch of the store's text both ways, and written as

    lexicon-<fingerprint>.tbl   magic, version, usable flag, CRC-32 of the payload,
                                then the full total (uint64), the word count n, n
                                frequencies (uint32) and the n words (UTF-8, one a line)

beside the store (atomically, older tables removed), like the bigram graph
(``graph``). A large store's table is built in a child process (``built_apart``):
the check imports rjieba, whose whole dictionary would stay in the process that
asked (the app) for good. When it cannot be had (no jieba package, an index not stored, the
check failed, rjieba without ``Jieba.empty``) the full dictionary is used.
"""

from __future__ import annotations

import importlib.util
import os
import struct
import sys
import zlib
from array import array
from collections import deque
from itertools import repeat
from pathlib import Path
from typing import Sequence

from .index import SEP, SearchIndex
from .sidecar import keep_sidecar, read_sidecar, sidecar_path

VERSION = 3
MAGIC = b"FYPLEX\x00\x00"
_HEAD = struct.Struct("<8sIII")  # magic, version, usable, crc of the payload
_SIZES = struct.Struct("<QI")  # the full total, the number of words
PAD = SEP + SEP  # the padding word: no window holds a separator
PROBE = 200_000  # characters of the store's text segmented both ways when the table is built


def rjieba_class():
    """rjieba's ``Jieba`` class without importing the package (its ``__init__``
    builds the full dictionary). The extension module is registered under its
    own name, so a later ``import rjieba`` uses it rather than loading it twice."""
    got = sys.modules.get("rjieba.rjieba")
    if got is None:
        spec = importlib.util.find_spec("rjieba")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = spec.submodule_search_locations[0]
        names = [f for f in os.listdir(folder) if f.startswith("rjieba.") and f.endswith((".so", ".pyd"))]
        if not names:
            return None
        ext = importlib.util.spec_from_file_location("rjieba.rjieba", os.path.join(folder, names[0]))
        if ext is None or ext.loader is None:
            return None
        got = importlib.util.module_from_spec(ext)
        sys.modules["rjieba.rjieba"] = got
        try:
            ext.loader.exec_module(got)
        except Exception:
            del sys.modules["rjieba.rjieba"]
            return None
    cls = getattr(got, "Jieba", None)
    return cls if cls is not None and hasattr(cls, "empty") else None


def dictionary_path() -> Path | None:
    """jieba's ``dict.txt`` (found without importing jieba)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "dict.txt"
    return path if path.is_file() else None


def cut(index: SearchIndex, dict_path: Path) -> tuple[int, list[str], list[int]]:
    """(the full dictionary's total frequency, the words the index's text may hold,
    their frequencies). A word listed twice keeps its last frequency, as rjieba's
    ``add_word`` does."""
    has = index.postings.__contains__
    total = 0
    kept: dict[str, int] = {}
    with open(dict_path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            w, freq = parts[0], int(parts[1])
            total += freq
            if has(w) if len(w) == 1 else all(map(has, map(str.__add__, w, w[1:]))):
                kept[w] = freq
    words = sorted(kept, key=lambda w: w.encode("utf-8"))  # in byte order rjieba's trie takes fastest
    return total, words, [kept[w] for w in words]


def segmenter(cls, total: int, words: list[str], freqs: Sequence[int]):
    """An rjieba segmenter holding ``words`` (distinct), its total padded to ``total``."""
    jb = cls.empty()
    deque(map(jb.add_word, words, freqs, repeat(None)), maxlen=0)
    have = sum(freqs)
    if total > have:
        jb.add_word(PAD, total - have, None)
    return jb


def encode(usable: bool, total: int, words: list[str], freqs: Sequence[int]) -> bytes:
    arr = array("I", freqs)
    if sys.byteorder != "little":
        arr.byteswap()
    payload = _SIZES.pack(total, len(words)) + arr.tobytes() + "\n".join(words).encode("utf-8")
    return _HEAD.pack(MAGIC, VERSION, int(usable), zlib.crc32(payload)) + payload


def decode(data: bytes) -> tuple[bool, int, list[str], array] | None:
    """(usable, total, words, frequencies) of a stored table (None: not a whole,
    intact table of this version)."""
    if len(data) < _HEAD.size + _SIZES.size:
        return None
    magic, version, usable, crc = _HEAD.unpack_from(data)
    payload = memoryview(data)[_HEAD.size :]
    if magic != MAGIC or version != VERSION or zlib.crc32(payload) != crc:
        return None
    total, n = _SIZES.unpack_from(payload)
    freqs = array("I")
    freqs.frombytes(payload[_SIZES.size : _SIZES.size + 4 * n])
    if sys.byteorder != "little":
        freqs.byteswap()
    try:
        words = str(payload[_SIZES.size + 4 * n :], "utf-8").split("\n") if n else []
    except UnicodeDecodeError:
        return None
    if len(words) != n or len(freqs) != n:
        return None
    return bool(usable), total, words, freqs


def _probe_text(index: SearchIndex) -> list[str]:
    """The first ``PROBE`` characters of the store's text, unit by unit."""
    raw = index.raw[: 3 * PROBE + 4]
    text = str(raw[: raw.rfind(SEP.encode()) + 1], "utf-8") if SEP.encode() in raw else ""
    return [u for u in text.split(SEP) if u]


def _agrees(jb, index: SearchIndex, words: list[str]) -> bool:
    """Does the cut segmenter agree with the full dictionary: every word of the cut
    is one of rjieba's, and a stretch of the store's text segments alike?"""
    import rjieba  # the full dictionary, once per store change

    return (all(map(rjieba.has_word, words))
            and all(jb.tokenize(u) == rjieba.tokenize(u) for u in _probe_text(index)))


def load_or_build(index: SearchIndex, apart: bool = True):
    """The cut segmenter of a stored index (its table written first if missing or
    bad), or None: use the full dictionary. ``apart``: a large store's table is built
    in a child process (``built_apart``), and in this one if that fails."""
    path = sidecar_path(index, "lexicon")
    cls = rjieba_class()
    if path is None or cls is None:
        return None
    data = read_sidecar(path)
    got = decode(data) if data is not None else None
    if got is None and apart and len(index.raw) >= APART_BYTES and built_apart(path.parent):
        data = read_sidecar(path)
        got = decode(data) if data is not None else None
    if got is not None:
        return segmenter(cls, *got[1:]) if got[0] else None
    dict_path = dictionary_path()
    if dict_path is None:
        return None
    total, words, freqs = cut(index, dict_path)
    jb = segmenter(cls, total, words, freqs)
    usable = _agrees(jb, index, words)
    keep_sidecar(path, encode(usable, total, words, freqs))
    return jb if usable else None


# A store's text from which its table is built in a child process: checking the cut
# against the full dictionary imports rjieba, which builds all of it (~33 MB, held
# for good by the process that imports it). At 1,005 plans (129 MB of text) the first
# long-lived process after a store was written peaked at 1.74× the text with it, 1.41×
# without. A smaller store builds it in process: the interpreter's own memory is
# larger than the text there, and a child costs ~0.5 s more.
APART_BYTES = 32 << 20
APART_TIMEOUT = 600  # seconds: the cut reads the 349,046-word dictionary against the postings


_apart_failed: set[str] = set()  # slots whose child wrote no table in this process (a read-only cache)


def built_apart(slot: Path) -> bool:
    """Build the table of the store at ``slot`` in a child process (``python -m
    fyp_tui.search.lexicon SLOT``); True if it says it wrote one. The child runs in
    the directory holding this ``fyp_tui`` (what ``-m`` puts first on its path), never
    the user's: a module of the same name there is not imported."""
    import subprocess

    where = str(Path(slot).resolve())
    if not sys.executable or where in _apart_failed:
        return False
    root = str(Path(__file__).resolve().parents[2])  # where fyp_tui is, installed or not
    try:
        done = subprocess.run([sys.executable, "-m", __name__, where], cwd=root, timeout=APART_TIMEOUT,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is None or done.returncode != 0:
        _apart_failed.add(where)
        return False
    return True


def main(argv: list[str]) -> int:
    """The child of ``built_apart``: open the store at ``argv[0]`` and write its table."""
    slot = Path(argv[0])
    index = SearchIndex.load(slot)
    index.__dict__["_store"] = slot
    load_or_build(index, apart=False)
    path = sidecar_path(index, "lexicon")
    return 0 if path is not None and path.is_file() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
