"""Metadata inferred from whole documents parsed WITHOUT their sidecar TOML.

Expected values are read off the documents and their READMEs (shared/seeds/README.md,
shared/realworld/README.md), never from the tool's output.
"""

from __future__ import annotations

import re

import pytest

from fyp_tui.ingest import parse_bytes
from tests.conftest import REPO

RAW = REPO / "corpus" / "raw"
# ../shared beside the main checkout (a worktree under wt/ looks one level further up).
REALWORLD = next((d for d in (REPO.parent / "shared" / "realworld", REPO.parent.parent / "shared" / "realworld")
                  if d.is_dir()), REPO.parent / "shared" / "realworld")
FIELDS = ("province", "city", "county", "district", "level", "kind", "field", "period", "vision_year",
          "revised", "issuer", "adopted", "issued")
INFERRED = FIELDS + ("title",)

# From shared/seeds/README.md and the documents' own title blocks.
SEEDS = {
    "xuzhou-gulou": {"province": "江苏省", "city": "徐州市", "district": "鼓楼区", "level": "district", "kind": "outline",
                         "period": "十四五", "vision_year": "2035", "issued": "2021-05-12"},
    "lianyungang-haizhou": {"province": "江苏省", "city": "连云港市", "district": "海州区", "level": "district",
                                "kind": "outline", "period": "十四五", "vision_year": "2035", "issuer": "海州区人民政府"},
    "xuzhou": {"province": "江苏省", "city": "徐州市", "level": "city", "kind": "proposal", "period": "十四五",
                   "vision_year": "2035", "issuer": "中共徐州市委", "adopted": "2020-12-28"},
    "zhenjiang-jingkou": {"province": "江苏省", "city": "镇江市", "district": "京口区", "level": "district",
                              "kind": "outline", "period": "十四五", "vision_year": "2035"},
    "fuzhou-gulou": {"province": "福建省", "city": "福州市", "district": "鼓楼区", "level": "district", "kind": "outline",
                         "period": "十四五", "vision_year": "2035", "adopted": "2021-01-14"},
}

# From shared/realworld/README.md and the documents.
REAL = {
    "cn12-pdftext.txt": {"level": "national", "kind": "outline", "period": "十二五"},
    "yunnan10-newspaper.txt": {"province": "云南省", "level": "province", "kind": "outline", "period": "十五",
                                   "adopted": "2001-02-16"},
}


def check(meta, want: dict) -> None:
    got = {f: getattr(meta, f) for f in FIELDS}
    expected = {f: want.get(f, "") for f in FIELDS}
    assert got == expected


def check_sources(meta, text: str) -> None:
    """Every inferred field cites a line, and the cited text is on that line."""
    lines = text.split("\n")
    for f in INFERRED:
        if getattr(meta, f):
            assert f in meta.meta_sources, f
    for f, where in meta.meta_sources.items():
        assert getattr(meta, f), f"{f} cited but empty"
        m = re.fullmatch(r"L(\d+)(?:-(\d+))?: (.+)", where, re.DOTALL)
        assert m, where
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        pieces = m.group(3).split(" / ") if m.group(2) else [m.group(3)]
        span = [ln for ln in lines[first - 1: last] if ln.strip()]
        assert len(span) == len(pieces), where
        for line, piece in zip(span, pieces):
            for part in piece.strip("…").split("…"):
                assert part in line, (f, where)


@pytest.mark.parametrize("pid", sorted(SEEDS))
def test_bundled_plan_without_sidecar(pid):
    data = (RAW / f"{pid}.txt").read_bytes()
    meta = parse_bytes(data, pid).meta  # no sidecar: everything below is inferred
    check(meta, SEEDS[pid])
    check_sources(meta, data.decode("utf-8"))


def test_a_district_name_alone_is_not_a_place():
    # Two seeds are 鼓楼区 plans of different cities: inference tells them apart.
    a = parse_bytes((RAW / "xuzhou-gulou.txt").read_bytes(), "a").meta
    b = parse_bytes((RAW / "fuzhou-gulou.txt").read_bytes(), "b").meta
    assert a.district == b.district == "鼓楼区"
    assert a.region != b.region


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_world_plan(name):
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} (../shared/realworld beside the checkout) is absent")
    data = (REALWORLD / name).read_bytes()
    meta = parse_bytes(data, "real").meta
    check(meta, REAL[name])
    check_sources(meta, data.decode("utf-8-sig").replace("\r\n", "\n"))


def test_sidecar_fields_are_marked(tmp_path):
    from fyp_tui.ingest import parse_file

    src = tmp_path / "p.txt"
    src.write_bytes((RAW / "xuzhou-gulou.txt").read_bytes())
    (tmp_path / "p.toml").write_text('city = "某市"\n', encoding="utf-8")
    meta = parse_file(src).meta
    assert meta.city == "某市" and meta.meta_sources["city"] == "sidecar"
    assert meta.meta_sources["period"].startswith("L")
