"""The corpus loads lazily: a manifest lists the plans, each is decoded on first use.

A fresh `fyp search` must not decode every plan: the second load of an unchanged
corpus decodes none, and a search decodes only the plans its hits are in. A file
changed since the manifest was written is decoded (and so validated) at load.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fyp_tui.cli import main
from fyp_tui.corpus import bundled_dir, load_corpus, plans_fingerprint
from fyp_tui.search import cache, get_index, search


def layer(tmp_path):
    d = tmp_path / "layer"
    (d / "parsed").mkdir(parents=True)
    for f in sorted((bundled_dir() / "parsed").glob("*.json")):
        shutil.copy(f, d / "parsed" / f"copy-{f.name}")
        data = json.loads((d / "parsed" / f"copy-{f.name}").read_text(encoding="utf-8"))
        data["id"] = f"copy-{f.stem}"
        (d / "parsed" / f"copy-{f.name}").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return d


def test_second_load_decodes_nothing_and_search_decodes_only_hit_plans(user_dirs, tmp_path):
    d = layer(tmp_path)
    first = load_corpus(extra=[d], include_user=False)
    assert len(first.plans) == 10 and not first.problems
    eager = {pid: first.plans[pid] for pid in first.plans}
    again = load_corpus(extra=[d], include_user=False)
    assert again.plans.decoded() == 0
    assert again.fingerprint() == plans_fingerprint(eager.values(), first.origin)
    cache._memo.clear()
    index = get_index(again)  # built: every plan decoded
    cache._memo.clear()
    fresh = load_corpus(extra=[d], include_user=False)
    index = get_index(fresh)  # loaded from the store: none decoded
    assert fresh.plans.decoded() == 0
    r = search(index, "楼宇经济", mode="exact", limit=3)
    assert fresh.plans.decoded() <= len({h.plan for h in r.hits}) < 10
    assert r.counts == search(get_index(eager, cache_dir=tmp_path / "c"), "楼宇经济", mode="exact").counts
    assert fresh.meta("copy-xuzhou-gulou").district == "鼓楼区"


def test_a_file_changed_since_the_manifest_is_checked_at_load(user_dirs, tmp_path):
    d = layer(tmp_path)
    load_corpus(extra=[d], include_user=False)
    bad = d / "parsed" / "copy-xuzhou.json"
    bad.write_text('{"id": "copy-xuzhou", "meta": 7}', encoding="utf-8")
    again = load_corpus(extra=[d], include_user=False)
    assert any("copy-xuzhou.json" in p for p in again.problems)
    assert "copy-xuzhou" not in again.plans and "xuzhou" in again.plans


def test_a_garbled_manifest_is_ignored(user_dirs, tmp_path, capsys):
    d = layer(tmp_path)
    load_corpus(extra=[d], include_user=False)
    (user_dirs / "cache" / "corpus" / "manifest.json").write_bytes(b"\x80garbled{")
    again = load_corpus(extra=[d], include_user=False)
    assert len(again.plans) == 10 and again.plans.decoded() == 10 and not again.problems
    assert main(["search", "楼宇经济", "--json", "--mode", "exact", "--corpus", str(d), "--no-user-corpus"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["copy-fuzhou-gulou"] == 8


def test_a_first_load_keeps_only_a_few_decoded_plans(user_dirs, tmp_path, monkeypatch):
    """A first load decodes every new file (to validate and list it) but keeps only
    ``KEEP_DECODED`` of them: at 10,000 plans, keeping them all held 2 GB."""
    from fyp_tui import corpus as corpus_mod

    monkeypatch.setattr(corpus_mod, "KEEP_DECODED", 3)
    d = layer(tmp_path)
    first = load_corpus(extra=[d], include_user=False)
    assert len(first.plans) == 10 and not first.problems
    assert first.plans.decoded() == 3
    again = load_corpus(extra=[d], include_user=False)  # every plan still there, the same
    assert all(first.plans[p] == again.plans.read(p) for p in first.plans)


def test_fingerprints_from_the_manifest_are_each_files_own(user_dirs, tmp_path):
    """The manifest keeps each plan's fingerprint (no digest per plan per process):
    it must be the fingerprint of that file as it is, and move when the file does."""
    from fyp_tui.corpus import plan_fingerprint

    d = layer(tmp_path)
    load_corpus(extra=[d], include_user=False)
    again = load_corpus(extra=[d], include_user=False)
    assert again.plans.decoded() == 0
    got = again.plan_fingerprints()
    assert got == {pid: plan_fingerprint(again.plans.read(pid), again.origin[pid]) for pid in again.plans}
    touched = d / "parsed" / "copy-xuzhou.json"
    touched.write_bytes(touched.read_bytes() + b"\n")
    moved = load_corpus(extra=[d], include_user=False).plan_fingerprints()
    assert moved["copy-xuzhou"] != got["copy-xuzhou"]
    del moved["copy-xuzhou"], got["copy-xuzhou"]
    assert moved == got


def test_unusable_metadata_in_the_manifest_is_read_from_the_plan(user_dirs, tmp_path):
    """Metadata is decoded from the manifest only when asked for; an entry whose
    metadata does not validate then falls back to the plan's own file."""
    d = layer(tmp_path)
    load_corpus(extra=[d], include_user=False)
    path = user_dirs / "cache" / "corpus" / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    (key,) = [k for k in m["entries"] if k.endswith("copy-xuzhou-gulou.json")]
    m["entries"][key][5] = {"district": 7}  # the metadata field: wrong type
    path.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    again = load_corpus(extra=[d], include_user=False)
    assert again.plans.decoded() == 0
    assert again.meta("copy-xuzhou-gulou").district == "鼓楼区"
    assert again.meta("copy-fuzhou-gulou").district == "鼓楼区" and again.plans.decoded() == 1


def test_a_manifest_without_fingerprints_still_gives_each_files_own(user_dirs, tmp_path):
    """A manifest written by the previous version (entries without ``fp``)."""
    from fyp_tui.corpus import plan_fingerprint

    d = layer(tmp_path)
    load_corpus(extra=[d], include_user=False)
    path = user_dirs / "cache" / "corpus" / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    m["entries"] = {k: e[:7] for k, e in m["entries"].items()}
    path.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    for _ in range(2):  # listed without, then rewritten with the fingerprints
        again = load_corpus(extra=[d], include_user=False)
        assert again.plans.decoded() == 0
        want = {pid: plan_fingerprint(again.plans.read(pid), again.origin[pid]) for pid in again.plans}
        assert again.plan_fingerprints() == want
    assert all(len(e) == 12 and e[7] for e in json.loads(path.read_text(encoding="utf-8"))["entries"].values())


def test_the_bundled_corpus_is_where_importlib_resources_says(monkeypatch):
    """``bundled_dir`` looks beside the package before asking ``importlib.resources``
    (15 ms a process): the answer must be the same directory (the store's slot and
    every bundled plan's fingerprint are made from it), found without asking."""
    from importlib import resources

    import fyp_tui

    try:
        said = Path(str(resources.files("fyp_tui.bundled")))
    except ModuleNotFoundError:
        # fyp_tui imported from a source tree while `pip install .` put the package (and
        # fyp_tui.bundled) elsewhere, as CI runs: the checkout's corpus/ is the answer
        said = Path(fyp_tui.__file__).resolve().parent.parent / "corpus"

    def ask(*a):
        raise AssertionError("importlib.resources asked")

    monkeypatch.setattr(resources, "files", ask)
    assert bundled_dir() == said and (said / "parsed").is_dir()


def _read_counts(path):
    """Sections, 专栏 boxes and tables of a parsed file, read off its JSON here."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    counts = [0, 0, 0]

    def walk(sections):
        for s in sections:
            counts[0] += 1
            for b in s.get("blocks", []):
                counts[1] += b.get("kind") == "box"
                counts[2] += b.get("kind") == "table"
            walk(s.get("children", []))

    walk(doc["sections"])
    return counts


def test_list_decodes_no_plan_once_the_manifest_is_written(user_dirs, tmp_path, capsys, monkeypatch):
    import fyp_tui.corpus as corpus_mod

    d = layer(tmp_path)
    argv = ["list", "--json", "--no-user-corpus", "--corpus", str(d)]
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)["plans"]
    decoded = []
    real = corpus_mod.load_plan_file
    monkeypatch.setattr(corpus_mod, "load_plan_file", lambda p: decoded.append(p) or real(p))
    assert main(argv) == 0
    rows = json.loads(capsys.readouterr().out)["plans"]
    assert decoded == [] and rows == first
    by_id = {r["id"]: r for r in rows}
    for f in sorted((d / "parsed").glob("*.json")):
        r = by_id[f.stem]
        assert [r["sections"], r["boxes"], r["tables"]] == _read_counts(f), f.stem
    assert by_id["copy-xuzhou-gulou"]["tables"] > 0 and by_id["copy-lianyungang-haizhou"]["boxes"] > 0


def test_a_repeated_query_decodes_no_plan_again(user_dirs, tmp_path, monkeypatch):
    """Hits over more plans than are kept decoded (``KEEP_PLANS``): the second time the
    same query runs, each hit's text and section names come from what was kept of them,
    and no plan file is read again (an app typing and erasing a query)."""
    import fyp_tui.corpus as corpus_mod
    from fyp_tui.search import engine

    d = layer(tmp_path)
    cache._memo.clear()
    index = get_index(load_corpus(extra=[d], include_user=False))
    cache._memo.clear()
    index = get_index(load_corpus(extra=[d], include_user=False))
    monkeypatch.setattr(engine, "KEEP_PLANS", 2)
    first = search(index, "楼宇经济", mode="exact", limit=200)
    assert len({h.plan for h in first.hits}) > 2
    reads = []
    real = corpus_mod.load_plan_file
    monkeypatch.setattr(corpus_mod, "load_plan_file", lambda p: reads.append(p) or real(p))
    again = search(index, "楼宇经济", mode="exact", limit=200)
    assert reads == []
    assert [(h.plan, h.section, h.text, h.label, h.title, h.path) for h in again.hits] == [
        (h.plan, h.section, h.text, h.label, h.title, h.path) for h in first.hits]


def test_a_plans_place_is_read_without_its_whole_metadata(user_dirs, tmp_path):
    """The tree groups plans by level, province and city: ``place`` decodes those three
    fields alone from the manifest (no ``PlanMeta``, no plan), and an entry whose place
    does not validate is read from the plan's own file."""
    d = layer(tmp_path)
    load_corpus(extra=[d], include_user=False)
    path = user_dirs / "cache" / "corpus" / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    (key,) = [k for k in m["entries"] if k.endswith("copy-fuzhou-gulou.json")]
    m["entries"][key][5]["city"] = 7  # wrong type
    path.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    again = load_corpus(extra=[d], include_user=False)
    xz = again.place("copy-xuzhou-gulou")  # 徐州市鼓楼区 (江苏省), as its title page says
    assert (xz.level, xz.province, xz.city) == ("district", "江苏省", "徐州市")
    assert again.plans._metas == {} and again.plans.decoded() == 0
    fz = again.place("copy-fuzhou-gulou")  # 福州市鼓楼区 (福建省)
    assert (fz.level, fz.province, fz.city) == ("district", "福建省", "福州市") and again.plans.decoded() == 1
