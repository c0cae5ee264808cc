"""The on-disk index: built once, loaded after, extended when plans are added,
rebuilt when one changes; a damaged or planted file is reported once and rebuilt."""

from __future__ import annotations

import ast
import logging
import os
import re
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from fyp_tui.model import Paragraph
from fyp_tui.search import SearchIndex, cache, fingerprint, get_index, search
from fyp_tui.search import index as index_mod
from fyp_tui.search import packed, store

PACKAGE = Path(__file__).resolve().parents[2] / "fyp_tui"


def fresh(plans, root):
    cache._memo.clear()
    cache._reported.clear()
    return get_index(plans, cache_dir=root)


def test_built_once_then_loaded_then_rebuilt_on_change(tmp_path, make_plan):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    first = fresh(plans, tmp_path)
    (slot,) = tmp_path.iterdir()
    names = sorted(p.name for p in slot.iterdir())
    assert "index.json" in names and all(n in ("index.json", "layers.json") or n.endswith(".bin")
                                         or re.fullmatch(r"[a-z]+-[0-9a-f]{20}\.tbl", n) for n in names)
    assert any(n.startswith("phrases-") for n in names)  # written with the store: a query never builds it
    loaded = fresh(plans, tmp_path)
    assert loaded is not first and loaded.text == first.text
    assert search(loaded, "楼宇经济").counts == search(first, "楼宇经济").counts
    assert get_index(plans, cache_dir=tmp_path) is loaded  # memoised in the process

    plans[0].sections[0].blocks.append(Paragraph("新增楼宇经济段落"))  # an edited plan
    assert fingerprint(plans) != first.fingerprint
    changed = get_index(plans, cache_dir=tmp_path)
    assert search(changed, "楼宇经济", mode="exact").counts == {"a": 3, "b": 2}


def test_a_saved_index_is_used_not_rebuilt(tmp_path, make_plan, monkeypatch):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    built = fresh(plans, tmp_path)

    def no_build(*a, **k):
        raise AssertionError("rebuilt although a good index was saved")

    monkeypatch.setattr(SearchIndex, "build", no_build)
    loaded = fresh(plans, tmp_path)
    assert loaded is not built
    assert search(loaded, "楼宇经济").counts == {"a": 2, "b": 2}


def test_adding_a_plan_updates_the_index(tmp_path, make_plan, monkeypatch):
    monkeypatch.setattr(index_mod, "FREQUENT", 1)  # the common-bigram table in use too
    plans = [make_plan("a"), make_plan("b", "福州市")]
    fresh(plans, tmp_path)
    built = []
    real = SearchIndex.build.__func__

    def spy(cls, ps, *a, **k):
        ps = list(ps)
        built.append([p.id for p in ps])
        return real(cls, ps, *a, **k)

    monkeypatch.setattr(SearchIndex, "build", classmethod(spy))
    c = make_plan("c", "南京市", "玄武区")
    c.sections[0].blocks.append(Paragraph("楼宇经济，楼宇。"))
    grown = fresh([*plans, c], tmp_path)
    assert built == [["c"]]  # only the new plan was read
    whole = real(SearchIndex, [*plans, c])  # built from scratch, for the expected values
    for q in ["楼宇经济", "楼宇", "经济", "开放", "哈哈"]:
        assert search(grown, q, mode="exact").counts == search(whole, q, mode="exact").counts, q
    reloaded = fresh([*plans, c], tmp_path)  # and the update was saved
    assert built == [["c"]]
    assert search(reloaded, "楼宇经济").counts == {"a": 2, "b": 2, "c": 3}


class Planted:
    """A pickle that would run a command when loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def damage(path: Path, how: str, marker: Path) -> None:
    data = path.read_bytes()
    if how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbled":
        mid = len(data) // 2
        path.write_bytes(data[:mid] + bytes(b ^ 0x5A for b in data[mid : mid + 8]) + data[mid + 8 :])
    else:
        path.write_bytes(pickle.dumps(Planted(marker)))


PARTS = ["manifest", "meta", "text", "starts", "bstarts", "unit_crcs", "unit_sec", "unit_block", "unit_item",
         "pos", "firsts", "sections", "section_offs", "post", "gaps", "gaps8", "freq_counts", "gram_codes",
         "gram_numbers"]


@pytest.mark.parametrize("how", ["empty", "truncated", "garbled", "planted"])
@pytest.mark.parametrize("part", PARTS)
def test_a_damaged_file_is_reported_once_and_rebuilt(tmp_path, make_plan, monkeypatch, caplog, part, how):
    monkeypatch.setattr(index_mod, "FREQUENT", 1)  # every part holds data
    monkeypatch.setattr(packed, "U8_MAX", 6)  # posting lists in each of the three layouts
    monkeypatch.setattr(packed, "U16_MAX", 10)
    plans = [make_plan("a"), make_plan("b", "福州市")]
    root, marker = tmp_path / "cache", tmp_path / "ran"
    fresh(plans, root)
    (slot,) = root.iterdir()
    m = store.read_manifest(slot)
    path = slot / ("index.json" if part == "manifest" else m.files[part].file)
    damage(path, how, marker)
    with caplog.at_level(logging.WARNING, logger="fyp"):
        got = fresh(plans, root)
        r = search(got, "楼宇经济", mode="exact")
        r2 = search(got, "提高开放水平", mode="exact")
        # every column of the common-bigram table (checked as it is read)
        tabled = {g: search(got, g, mode="exact").counts for g in list(got.freq)}
        # and every posting list, whichever layout it is stored in
        lists = cache.healing(lambda ix: {g: list(ix.postings.get(g)) for g in ix.postings.keys})(got)
    assert r.counts == {"a": 2, "b": 2} and r2.counts == {"a": 2, "b": 2}
    built = SearchIndex.build(plans)  # the same plans indexed in memory: what the store must give
    assert tabled == {g: search(built, g, mode="exact").counts for g in tabled}
    whole = built.postings
    assert lists == {g: list(whole.get(g)) for g in whole.keys}
    assert not marker.exists()
    warned = [rec.getMessage() for rec in caplog.records if rec.name == "fyp"]
    assert len(warned) == 1 and "\n" not in warned[0] and "damaged" in warned[0], warned
    # and the rebuilt store is whole again
    caplog.clear()
    assert search(fresh(plans, root), "楼宇经济").counts == {"a": 2, "b": 2}
    assert not [rec for rec in caplog.records if rec.name == "fyp"]


def test_a_pickle_where_the_old_index_lived_is_never_loaded(tmp_path, make_plan):
    marker = tmp_path / "ran"
    root = tmp_path / "cache"
    root.mkdir()
    plans = [make_plan()]
    fp = fingerprint(plans)
    for name in (f"index-{fp}.idx", f"index-{fp}.post"):
        (root / name).write_bytes(pickle.dumps(Planted(marker)))
    assert search(fresh(plans, root), "楼宇经济").total > 0
    assert not marker.exists()


def test_no_module_imports_pickle():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("pickle", "marshal", "shelve", "dill") for n in names), path


def test_search_never_imports_textual():
    code = ("import sys, fyp_tui.search, fyp_tui.cli.search\n"
            "sys.exit(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def _fresh_query_imports(tmp_path, module: str, checks: str) -> bool:
    """Build the bundled corpus's index in one process; in a second, open it and run
    ``checks`` (asserts on ``search(ix, …)``): whether that second process imported ``module``."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from fyp_tui.corpus import load_corpus\n"
        "from fyp_tui.search import get_index, search\n"
        "c = load_corpus(include_user=False)\n"
        f"ix = get_index(c, cache_dir=Path({str(tmp_path)!r}))\n"
        "if sys.argv[1] == 'query':\n"
        f"    assert {module!r} not in sys.modules\n"
        + "".join(f"    {line}\n" for line in checks.splitlines()) +
        f"    sys.exit(10 + ({module!r} in sys.modules))\n"
    )
    assert subprocess.run([sys.executable, "-c", code, "build"]).returncode == 0
    got = subprocess.run([sys.executable, "-c", code, "query"]).returncode
    assert got in (10, 11)
    return got == 11


def test_a_query_on_a_saved_index_never_imports_pypinyin(tmp_path):
    """Readings are stored with the index: homophone and pinyin queries read them there."""
    assert not _fresh_query_imports(tmp_path, "pypinyin", "for q in ('楼宇经济', '楼语经济', 'louyujingji', 'lyjj'):\n"
                                                         "    assert search(ix, q).total > 0, q")


def test_a_fresh_process_with_a_misspelling_does_not_import_numpy(tmp_path):
    """楼宇经纪's right spelling is in a few units (``scan.FEW``): read one by one, not by the
    chunked numpy scan (~45 ms to import in a fresh ``fyp search``)."""
    assert not _fresh_query_imports(tmp_path, "numpy", "assert search(ix, '楼宇经纪').total == 24")
