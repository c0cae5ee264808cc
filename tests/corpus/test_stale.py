"""The committed corpus/parsed/*.json is exactly what the parser makes of raw + metadata."""

from __future__ import annotations

import json

import pytest

from fyp_tui.corpus import parse_raw
from tests.conftest import REPO, SEEDS

CORPUS = REPO / "corpus"


def test_every_raw_file_has_metadata_and_parsed_json():
    raws = sorted(p.stem for p in (CORPUS / "raw").glob("*.txt"))
    assert raws == sorted(SEEDS)
    assert sorted(p.stem for p in (CORPUS / "plans").glob("*.toml")) == raws
    assert sorted(p.stem for p in (CORPUS / "parsed").glob("*.json")) == raws


@pytest.mark.parametrize("pid", SEEDS)
def test_parsed_corpus_is_fresh(pid):
    committed = json.loads((CORPUS / "parsed" / f"{pid}.json").read_text(encoding="utf-8"))
    fresh = parse_raw(CORPUS, pid).to_dict()
    assert committed == fresh, (
        f"corpus/parsed/{pid}.json is stale: run `python -m fyp_tui.corpus corpus` and commit the result"
    )


@pytest.mark.parametrize("pid", SEEDS)
def test_raw_seeds_are_byte_for_byte(pid):
    seed = REPO.parent / "shared" / "seeds" / f"{pid}.txt"
    if not seed.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    assert (CORPUS / "raw" / f"{pid}.txt").read_bytes() == seed.read_bytes()
