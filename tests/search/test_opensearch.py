"""`fyp export-opensearch`: the corpus in bulk format, and the mapping proved.

The engine is emulated as its mapping says: ``text`` is cut into character 1- and
2-grams, so a ``match_phrase`` of a term is a document holding the term; ``pinyin``
is cut at spaces. The expected counts are read from the raw files (as in
test_quotable), so the export reproduces what the exact and homophone tiers find.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

from fyp_tui.cli import main
from fyp_tui.search.variants import readings

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"
# the key as the README defines it: ASCII lower-cased, quotation marks of every form as " or '
ASCII_LOWER = str.maketrans({**str.maketrans(string.ascii_uppercase, string.ascii_lowercase),
                             **{ord(c): '"' for c in "“”「」"}, **{ord(c): "'" for c in "‘’『』"}})


def raw_count(term: str) -> dict[str, int]:
    out = {p.stem: re.sub(r"\s", "", p.read_text(encoding="utf-8")).count(term) for p in RAW.glob("*.txt")}
    return {k: v for k, v in out.items() if v}


def export(tmp_path, capsys):
    assert main(["export-opensearch", str(tmp_path / "os"), "--no-user-corpus"]) == 0
    capsys.readouterr()
    mapping = json.loads((tmp_path / "os" / "mapping.json").read_text(encoding="utf-8"))
    lines = (tmp_path / "os" / "bulk.ndjson").read_text(encoding="utf-8").splitlines()
    pairs = [(json.loads(a), json.loads(b)) for a, b in zip(lines[0::2], lines[1::2])]
    return mapping, pairs


def ngrams(s: str, lo: int, hi: int) -> list[tuple[int, str]]:
    return [(i, s[i : i + n]) for n in range(lo, hi + 1) for i in range(len(s) - n + 1)]


def match_phrase(text: str, term: str, lo: int, hi: int) -> int:
    """Occurrences of ``term`` as the n-gram tokenizer sees it: its bigrams at consecutive offsets."""
    grams = {g: set() for _, g in ngrams(term, 2, 2)}
    for i, g in ngrams(text, lo, hi):
        if g in grams:
            grams[g].add(i)
    first = [i for i in range(len(text)) if all((i + k) in grams[term[k : k + 2]] for k in range(len(term) - 1))]
    n, last = 0, -len(term)  # non-overlapping, as str.count
    for i in first:
        if i >= last + len(term):
            n, last = n + 1, i
    return n


def test_bulk_documents_and_mapping(tmp_path, capsys):
    mapping, pairs = export(tmp_path, capsys)
    tok = mapping["settings"]["analysis"]["tokenizer"]["fyp_cjk_ngram"]
    assert (tok["type"], tok["min_gram"], tok["max_gram"]) == ("ngram", 1, 2)
    assert mapping["mappings"]["properties"]["text"]["analyzer"] == "fyp_cjk"
    ids = [a["index"]["_id"] for a, _ in pairs]
    assert len(ids) == len(set(ids)) and {a["index"]["_index"] for a, _ in pairs} == {"fyp-plans"}
    for (a, d) in pairs:
        assert a["index"]["_id"] == f"{d['plan']}#{d['section']}#{d['block']}#{d['item']}"
        assert re.sub(r"\s", "", d["display"]).translate(ASCII_LOWER) == d["text"]
        assert len(d["pinyin"].split()) == len(d["text"]) == len(d["initials"].split())


def test_the_engine_would_find_the_documents_counts(tmp_path, capsys):
    mapping, pairs = export(tmp_path, capsys)
    tok = mapping["settings"]["analysis"]["tokenizer"]["fyp_cjk_ngram"]
    got: dict[str, int] = {}
    for _, d in pairs:
        n = match_phrase(d["text"], "楼宇经济", tok["min_gram"], tok["max_gram"])
        if n:
            got[d["plan"]] = got.get(d["plan"], 0) + n
    assert got == raw_count("楼宇经济")
    # the homophone tier: the readings of 楼宇经纪 as a phrase on the pinyin field
    want = " ".join(readings(c)[0] for c in "楼宇经纪")
    homophones = {d["plan"] for _, d in pairs if f" {want} " in f" {d['pinyin']} "}
    assert set(raw_count("楼宇经济")) <= homophones
