"""The on-disk index: built once, loaded after, rebuilt when the corpus changes."""

from __future__ import annotations

import subprocess
import sys

from fyp_tui.model import Paragraph
from fyp_tui.search import SearchIndex, cache, fingerprint, get_index, search


def test_built_once_then_loaded_then_rebuilt_on_change(tmp_path, make_plan):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    cache._memo.clear()
    first = get_index(plans, cache_dir=tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [f"index-{first.fingerprint}.idx", f"index-{first.fingerprint}.post"]
    cache._memo.clear()
    loaded = get_index(plans, cache_dir=tmp_path)
    assert loaded is not first and loaded.text == first.text
    assert search(loaded, "楼宇经济").counts == search(first, "楼宇经济").counts
    assert get_index(plans, cache_dir=tmp_path) is loaded  # memoised in the process

    plans[0].sections[0].blocks.append(Paragraph("新增楼宇经济段落"))  # an edited plan
    assert fingerprint(plans) != first.fingerprint
    changed = get_index(plans, cache_dir=tmp_path)
    assert search(changed, "楼宇经济", mode="exact").counts == {"a": 3, "b": 2}


def test_a_saved_index_is_used_not_rebuilt(tmp_path, make_plan, monkeypatch):
    plans = [make_plan("a"), make_plan("b", "福州市")]
    cache._memo.clear()
    built = get_index(plans, cache_dir=tmp_path)
    cache._memo.clear()

    def no_build(*a, **k):
        raise AssertionError("rebuilt although a good index was saved")

    monkeypatch.setattr(SearchIndex, "build", no_build)
    loaded = get_index(plans, cache_dir=tmp_path)
    assert loaded is not built
    assert search(loaded, "楼宇经济").counts == {"a": 2, "b": 2}


def test_broken_cache_file_is_rebuilt(tmp_path, make_plan):
    plans = [make_plan()]
    cache._memo.clear()
    fp = get_index(plans, cache_dir=tmp_path).fingerprint
    (tmp_path / f"index-{fp}.idx").write_bytes(b"not a pickle")
    cache._memo.clear()
    assert search(get_index(plans, cache_dir=tmp_path), "楼宇经济").total > 0


def test_search_never_imports_textual():
    code = ("import sys, fyp_tui.search, fyp_tui.cli.search\n"
            "sys.exit(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
