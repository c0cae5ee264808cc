"""The reuse index is cached as data under the corpus fingerprint, checked on load, and
rebuilt (reported once) when wrong; `fyp reuse` in both forms through the real entry point."""

from __future__ import annotations

import io
import json
import pickle

import numpy as np
import pytest

from fyp_tui.cli import main
from fyp_tui.reuse import ReuseIndex


def _files(root):
    return sorted(root.glob("reuse-*.json")), sorted(root.glob("reuse-*.npz"))


def test_cache_is_reused_then_rebuilt_when_wrong(corpus, tmp_path, monkeypatch):
    first = ReuseIndex.for_corpus(corpus, tmp_path)
    (head,), (arrays,) = _files(tmp_path)
    assert not first.problem

    def no_build(*a, **k):
        raise AssertionError("rebuilt")

    monkeypatch.setattr(ReuseIndex, "build", classmethod(no_build))
    again = ReuseIndex.for_corpus(corpus, tmp_path)
    assert np.array_equal(again.fp_hash, first.fp_hash) and again.unit_ids == first.unit_ids
    monkeypatch.undo()

    good = arrays.read_bytes()
    with np.load(io.BytesIO(good)) as z:
        saved = {k: z[k] for k in z.files}

    def planted(**changes) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, **{**saved, **changes})
        return buf.getvalue()

    bad = {
        "empty": b"",
        "garbage": b"not an npz at all",
        "string scores": planted(u_plans=np.array(["many"] * len(saved["u_plans"]))),
        "truncated": planted(fp_unit=saved["fp_unit"][:-5]),
        "unit out of range": planted(fp_unit=saved["fp_unit"] + 10**6),
        "unsorted": planted(fp_hash=saved["fp_hash"][::-1].copy()),
        "pickle": pickle.dumps({"fp_hash": "boom"}),
        "object array": planted(fp_hash=np.array([object()] * 3, dtype=object)),
    }
    for what, data in bad.items():
        arrays.write_bytes(data)
        index = ReuseIndex.for_corpus(corpus, tmp_path)
        assert index.problem and "rebuilding" in index.problem and "\n" not in index.problem, what
        assert np.array_equal(index.fp_hash, first.fp_hash), what
        assert arrays.read_bytes() == good, what  # rebuilt and saved again
    head.write_text(json.dumps({"version": 1, "key": "other"}), encoding="utf-8")
    assert ReuseIndex.for_corpus(corpus, tmp_path).problem


def test_reuse_cli_section_and_pair(capsys, user_dirs):
    assert main(["reuse", "xuzhou#p02.sp02.i01", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == {"query", "matches"} and d["query"]["plan"] == "xuzhou"
    assert d["matches"] and {m["plan"] for m in d["matches"]} <= {"xuzhou-gulou", "zhenjiang-jingkou",
                                                                   "lianyungang-haizhou", "fuzhou-gulou"}
    assert any(m["plan"] == "xuzhou-gulou" and m["section"]["title"] == "指导思想" for m in d["matches"])
    assert main(["reuse", "xuzhou", "xuzhou-gulou", "--json", "--no-user-corpus"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert set(d) == {"a", "b", "share_a", "share_b", "passages"}
    assert main(["reuse", "xuzhou", "xuzhou-gulou", "--no-user-corpus"]) == 0
    out = capsys.readouterr().out
    assert "徐州市建议" in out and "reused" in out


@pytest.mark.parametrize("argv,msg", [
    (["reuse", "xuzhou"], "needs a section"),
    (["reuse", "xuzhou", "xuzhou"], "two different plans"),
    (["reuse", "nope#ch01"], "nope"),
    (["reuse", "xuzhou#ch01", "xuzhou-gulou"], "no #SECTION"),
])
def test_reuse_cli_errors_are_one_line(capsys, user_dirs, argv, msg):
    assert main([*argv, "--no-user-corpus"]) == 2
    err = capsys.readouterr().err
    assert msg in err and err.count("\n") == 1 and "Traceback" not in err
