"""A saved reuse index brought up to date when plans are added, changed or removed
(``reuse.update``) answers as a fresh build of the same corpus does.

Expected values: a fresh build in another directory (the build is itself checked against
plain readings in test_reuse_reference and test_reuse_cache_and_cli), and, for the
boilerplate counts, a plain count written here: every 8-character window of each unit's
NFKC letters and digits (``plain``), hashed as the product says it hashes
(``index_hash``), and the plans holding it counted."""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from test_reuse_lookup import index_hash
from test_reuse_reference import plain

from fyp_tui.align.units import plan_units
from fyp_tui.reuse.units import reuse_units
from fyp_tui.cli import main
from fyp_tui.corpus import Corpus
from fyp_tui.model import decode_plan, encode_plan
from fyp_tui.reuse import ReuseIndex, plans_reuse, section_reuse
from fyp_tui.reuse import index as index_module
from fyp_tui.reuse.update import covers

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import gen_corpus  # noqa: E402


@pytest.fixture(scope="module")
def syn():
    """Eight synthetic plans (seeds recombined), syn-0001 … syn-0008, kept short."""
    out = list(gen_corpus.iter_plans(8, seed=3))
    for p in out:
        del p.sections[3:]
    return out


@pytest.fixture(scope="module")
def seeds(corpus):
    return {pid: decode_plan(encode_plan(corpus.plans[pid])) for pid in sorted(corpus.plans)}


def corpus_of(*groups) -> Corpus:
    plans = {}
    for g in groups:
        plans.update({p.id: p for p in (g.values() if isinstance(g, dict) else g)})
    return Corpus(plans=plans)


def refuse_builds(monkeypatch) -> None:
    """From now on a full build fails the test (what follows must be an update)."""

    def refuse(*a, **k):
        raise AssertionError("built instead of updated")

    monkeypatch.setattr(ReuseIndex, "build", classmethod(refuse))


def counting_builds(monkeypatch) -> list[int]:
    """From now on each full build is recorded (its plan count), then run."""
    calls: list[int] = []
    build = ReuseIndex.__dict__["build"]

    def counted(cls, plans, *a, **k):
        calls.append(len(plans))
        return build.__func__(cls, plans, *a, **k)

    monkeypatch.setattr(ReuseIndex, "build", classmethod(counted))
    return calls


_windows: dict[int, set[int]] = {}


def plain_windows(plan) -> set[int]:
    """Hashes of every 8-character window of the plan's units, read plainly."""
    got = _windows.get(id(plan))
    if got is None:
        got = set()
        for _, text in reuse_units(plan):
            t = plain(text)[0]
            got.update(index_hash(t[i : i + 8]) for i in range(len(t) - 7))
        _windows[id(plan)] = got
    return got


def plain_counts(plans) -> Counter:
    counts: Counter = Counter()
    for p in plans:
        counts.update(plain_windows(p))
    return counts


def same_as_fresh(index: ReuseIndex, corpus: Corpus, tmp_path: Path, queries=(), pairs=()) -> ReuseIndex:
    """``index`` (updated) against a fresh build of ``corpus``: plans, units, fingerprint arrays,
    the counts of the candidates both have, the boilerplate, and the JSON of lookups."""
    fresh = ReuseIndex.for_corpus(corpus, tmp_path / "fresh")
    assert not fresh._base
    assert index.plan_ids == fresh.plan_ids == sorted(corpus.plans)
    assert index.unit_ids == fresh.unit_ids
    assert np.array_equal(index.fp_hash, fresh.fp_hash) and np.array_equal(index.fp_unit, fresh.fp_unit)
    _, i, j = np.intersect1d(index.u_hash, fresh.u_hash, return_indices=True)
    assert np.array_equal(index.u_plans[i], fresh.u_plans[j])
    assert index.boilerplate_min == fresh.boilerplate_min == max(3, math.ceil(len(corpus.plans) / 2))
    bp = set(index.u_hash[index.u_plans >= index.boilerplate_min].tolist())
    assert bp == set(fresh.u_hash[fresh.u_plans >= fresh.boilerplate_min].tolist())
    for pid, sid in queries:
        assert json.dumps(section_reuse(index, pid, sid)) == json.dumps(section_reuse(fresh, pid, sid)), (pid, sid)
    for a, b in pairs:
        assert json.dumps(plans_reuse(index, a, b)) == json.dumps(plans_reuse(fresh, a, b)), (a, b)
    return fresh


def some_sections(index: ReuseIndex, pids, each: int = 4) -> list[tuple[str, str]]:
    out = []
    for pid in pids:
        units = index.units_of(pid)
        step = max(1, len(units) // each)
        out += [(pid, index.unit(g)[1].id) for g in list(units)[::step][:each]]
    return out


def saved_keys(folder: Path) -> list[str]:
    return sorted(json.loads(h.read_text())["key"] for h in folder.glob("reuse-*.json"))


def test_adding_a_plan_updates_the_saved_index_as_a_fresh_build(seeds, syn, tmp_path, monkeypatch):
    middle = syn[3]  # syn-0004: its units are numbered between others', which move up
    first = ReuseIndex.for_corpus(corpus_of(seeds, syn[:3], syn[4:]), tmp_path)
    after = corpus_of(seeds, syn)
    refuse_builds(monkeypatch)
    index = ReuseIndex.for_corpus(after, tmp_path)
    assert index._base == first.key and not index.problem
    assert index.since == [middle.id]
    assert saved_keys(tmp_path) == [index.key]  # the base is gone, the update saved
    # loaded again: the saved update, nothing rebuilt
    again = ReuseIndex.for_corpus(after, tmp_path)
    assert again.key == index.key and np.array_equal(again.fp_unit, index.fp_unit) and not again._base
    assert again.u_plans.tolist() == index.u_plans.tolist()
    monkeypatch.undo()
    queries = some_sections(index, [middle.id, "xuzhou", "syn-0005", "fuzhou-gulou"])
    same_as_fresh(index, after, tmp_path, queries, [(middle.id, "xuzhou"), ("syn-0005", middle.id)])
    # every candidate's count is the plain count of the plans holding it, and every
    # shingle in half the plans is a candidate
    plain = plain_counts(after.plans.values())
    assert index.u_plans.tolist() == [plain[h] for h in index.u_hash.tolist()]
    bmin = max(3, math.ceil(len(after.plans) / 2))
    assert {h for h, c in plain.items() if c >= bmin} <= set(index.u_hash.tolist())
    # and removed again: an update of an update (its membership rows are the base's now)
    refuse_builds(monkeypatch)
    back = ReuseIndex.for_corpus(corpus_of(seeds, syn[:3], syn[4:]), tmp_path)
    assert back._base == index.key and back.since == []
    assert np.array_equal(back.fp_hash, first.fp_hash) and np.array_equal(back.fp_unit, first.fp_unit)
    assert back.unit_ids == first.unit_ids and back.u_plans.tolist() == first.u_plans.tolist()
    assert np.array_equal(back.member, first.member)


def test_boilerplate_flags_move_when_the_threshold_moves(seeds, syn, tmp_path, monkeypatch):
    # five plans: boilerplate is a shingle in 3 of them; seven: in 4
    five = ReuseIndex.for_corpus(corpus_of(seeds), tmp_path)
    assert five.boilerplate_min == 3
    refuse_builds(monkeypatch)
    six = ReuseIndex.for_corpus(corpus_of(seeds, syn[:1]), tmp_path)
    seven_corpus = corpus_of(seeds, syn[:2])
    seven = ReuseIndex.for_corpus(seven_corpus, tmp_path)  # an update of an update
    assert six._base == five.key and seven._base == six.key and seven.boilerplate_min == 4
    assert seven.since == ["syn-0001", "syn-0002"] and seven.drawn == five.drawn == (5, 5, 2)
    before, after = plain_counts(seeds.values()), plain_counts(seven_corpus.plans.values())
    h = np.array(sorted(set(five.u_hash.tolist()) | {x for x, c in after.items() if c >= 4}), dtype=np.uint64)
    flags_before, flags_after = five.boilerplate_mask(h)[1], seven.boilerplate_mask(h)[1]
    assert flags_before.tolist() == [before[x] >= 3 for x in h.tolist()]
    assert flags_after.tolist() == [after[x] >= 4 for x in h.tolist()]
    assert (flags_before & ~flags_after).sum() > 100  # in 3 of 7 plans: no longer boilerplate
    assert (~flags_before & flags_after).sum() >= 10  # in 2 of the 5, 4 of the 7: boilerplate now
    # the candidates are every shingle in 2 of the 5 seeds: with 3 plans added, one in 4 of the
    # 8 plans may be in only 1 of them, so the index is built again
    monkeypatch.undo()
    calls = counting_builds(monkeypatch)
    eight = ReuseIndex.for_corpus(corpus_of(seeds, syn[:3]), tmp_path)
    assert calls and not eight._base and eight.drawn == (8, 8, 2)


def test_removed_and_changed_plans_never_answer_with_stale_text(seeds, syn, tmp_path, monkeypatch):
    ReuseIndex.for_corpus(corpus_of(seeds, syn[:4]), tmp_path)
    gone, changed = "syn-0002", decode_plan(encode_plan(syn[2]))  # syn-0003, its text rewritten
    old_text = {s.id: s.full_text() for s in changed.walk()}
    # one section now says what xuzhou's first unit says, the others lose their first paragraph
    donor = next(u for u in plan_units(seeds["xuzhou"]) if len(plain(u.text)[0]) > 200)
    target = next(s for s in changed.walk() if s.paragraphs)
    for s in changed.walk():
        if s.paragraphs:
            s.paragraphs[0].text = "本段已删去。"
    target.paragraphs[0].text = donor.text
    now = corpus_of(seeds, [p for p in syn[:4] if p.id not in (gone, changed.id)], [changed])
    refuse_builds(monkeypatch)
    index = ReuseIndex.for_corpus(now, tmp_path)
    assert index._base and sorted(index.since) == [changed.id]
    assert gone not in index.plan_ids
    queries = some_sections(index, ["xuzhou", "syn-0001", changed.id], each=6) + [(changed.id, target.id)]
    monkeypatch.undo()
    same_as_fresh(index, now, tmp_path, queries, [(changed.id, "xuzhou"), ("syn-0001", changed.id)])
    # no answer names the removed plan, and every passage found in the changed plan is in its
    # text as it is now (its offsets there hold the same characters as the query's)
    found_in_changed = 0
    for pid, sid in some_sections(index, ["xuzhou", "syn-0001", "syn-0004"], each=8):
        q = section_reuse(index, pid, sid)
        qtext = index.plans[pid].find(sid).full_text()
        for m in q["matches"]:
            assert m["plan"] != gone
            if m["plan"] != changed.id:
                continue
            btext = changed.find(m["section"]["id"]).full_text()
            for span in m["spans"]:
                found_in_changed += 1
                a, b = qtext[slice(*span["a"])], btext[slice(*span["b"])]
                assert plain(a)[0] == plain(b)[0], (pid, sid, m["section"]["id"])
    assert found_in_changed
    doc = section_reuse(index, changed.id, target.id)
    assert any(m["plan"] == "xuzhou" and m["chars"] >= 100 for m in doc["matches"])
    assert old_text[target.id] != target.full_text()


def test_when_an_update_is_trusted_and_when_the_index_is_built_again():
    # exact build of 5 plans (candidates: every shingle in 2 of them); 7 plans (boilerplate:
    # 4), 2 of them new: a boilerplate shingle is in 2 of the drawn 5, a candidate
    assert covers(7, 2, (5, 5, 2)) and not covers(8, 3, (5, 5, 2))
    assert covers(5, 1, (5, 5, 2)) and not covers(4, 2, (5, 5, 2))  # one changed / one gone, one changed
    # sampled build of 10,000 plans: up to 1,000 added, or 1,000 removed
    assert covers(11_000, 1_000, (10_000, 200, 50)) and covers(11_001, 1_001, (10_000, 200, 50))
    assert not covers(11_002, 1_002, (10_000, 200, 50))
    assert covers(9_000, 0, (10_000, 200, 50)) and not covers(8_998, 0, (10_000, 200, 50))
    assert not covers(10_000, 501, (10_000, 200, 50)) and covers(10_000, 500, (10_000, 200, 50))


def test_a_sampled_index_is_updated_then_built_again_past_its_guarantee(seeds, syn, tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "SAMPLE", 4)  # 10 plans: a sample of 4 proposes the candidates
    base = corpus_of(seeds, syn[:5])
    first = ReuseIndex.for_corpus(base, tmp_path)
    assert first.drawn == (10, 4, 1)
    calls = counting_builds(monkeypatch)
    # bmin(11) - 1 = 5 ≥ 0.45 · 10: updated
    one_more = corpus_of(seeds, syn[:6])
    index = ReuseIndex.for_corpus(one_more, tmp_path)
    assert not calls and index._base == first.key and index.drawn == (10, 4, 1)
    same_as_fresh(index, one_more, tmp_path / "a", some_sections(index, ["syn-0006", "xuzhou"]))
    calls.clear()  # (the fresh build it was compared with)
    # bmin(12) - 2 = 4 < 4.5: built again, the candidates drawn from the 12 plans
    index = ReuseIndex.for_corpus(corpus_of(seeds, syn[:7]), tmp_path)
    assert calls == [12] and not index._base and index.drawn == (12, 4, 1)


def test_a_damaged_base_is_reported_once_removed_and_the_index_built(seeds, syn, tmp_path):
    import io

    before, after = corpus_of(seeds, syn[:3]), corpus_of(seeds, syn[:4])
    first = ReuseIndex.for_corpus(before, tmp_path)
    files = ReuseIndex._files(tmp_path, first.key)
    good = {name: f.read_bytes() for name, f in files.items()}
    with np.load(io.BytesIO(good["counts"])) as z:
        saved = {k: z[k] for k in z.files}

    def counts(**changes) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, **{k: v for k, v in {**saved, **changes}.items() if v is not None})
        return buf.getvalue()

    flipped = saved["u_member"].copy()
    flipped[1, 0] ^= 0x80
    bad = {
        "no membership": ("counts", counts(u_member=None)),
        "membership off by one bit": ("counts", counts(u_member=flipped)),
        "membership of another shape": ("counts", counts(u_member=saved["u_member"][:-1])),
        "truncated units": ("fp_unit", good["fp_unit"][:-40]),
        "garbage hashes": ("fp_hash", b"not an npy"),
    }
    fresh = ReuseIndex.for_corpus(after, tmp_path / "fresh")
    for what, (name, data) in bad.items():
        for n, f in files.items():  # the base as saved, one file planted
            f.write_bytes(data if n == name else good[n])
        for h in tmp_path.glob("reuse-*"):
            if not h.name.startswith(files["head"].stem + "."):
                h.unlink()  # the previous round's index: the base is the only one
        index = ReuseIndex.for_corpus(after, tmp_path)
        assert index.problem and "rebuilding" in index.problem and "\n" not in index.problem, what
        assert not index._base, what
        assert np.array_equal(index.fp_hash, fresh.fp_hash) and np.array_equal(index.fp_unit, fresh.fp_unit), what
        assert not any(f.exists() for f in files.values()), what  # the damaged base is gone
        assert saved_keys(tmp_path) == [index.key], what


def test_a_partial_update_is_reported_and_built(seeds, syn, tmp_path):
    ReuseIndex.for_corpus(corpus_of(seeds, syn[:3]), tmp_path)
    after = corpus_of(seeds, syn[:4])
    index = ReuseIndex.for_corpus(after, tmp_path)
    assert index._base
    ReuseIndex._files(tmp_path, index.key)["head"].unlink()  # killed before the header was written
    again = ReuseIndex.for_corpus(after, tmp_path)
    assert again.problem.count("\n") == 0 and "rebuilding" in again.problem
    assert np.array_equal(again.fp_unit, index.fp_unit) and saved_keys(tmp_path) == [again.key]


def test_fyp_reuse_json_after_a_plan_is_added_is_a_fresh_builds(syn, user_dirs, capsys, monkeypatch):
    folder = user_dirs / "plans"
    gen_corpus.write(syn[:3] + syn[4:6], folder)
    refs = [["reuse", "syn-0002#" + plan_units(syn[1])[1].id], ["reuse", "xuzhou", "syn-0004"],
            ["reuse", "syn-0004#" + plan_units(syn[3])[0].id], ["reuse", "syn-0001", "syn-0005"]]

    def run(argv) -> dict:
        assert main([*argv, "--json", "--no-user-corpus", "--corpus", str(folder)]) == 0
        out, err = capsys.readouterr()
        assert not err
        return json.loads(out)

    run(refs[0])  # builds the index of the five plans and the seeds
    gen_corpus.write([syn[3]], folder)  # syn-0004 added
    refuse_builds(monkeypatch)
    updated = [run(argv) for argv in refs]
    monkeypatch.undo()
    monkeypatch.setenv("FYP_CACHE_DIR", str(user_dirs / "fresh-cache"))
    fresh = [run(argv) for argv in refs]
    assert updated == fresh
    assert set(updated[0]) == {"query", "matches"} and set(updated[1]) == {"a", "b", "share_a", "share_b", "passages"}
    assert updated[2]["query"]["plan"] == "syn-0004" and updated[2]["matches"] and updated[1]["passages"]


@pytest.mark.parametrize("seed", range(4))
def test_the_merge_is_a_plain_sort_of_the_pairs_kept_and_added(tmp_path, monkeypatch, seed):
    from fyp_tui.reuse import update
    from fyp_tui.reuse.index import _Buckets

    monkeypatch.setattr(update, "MERGE_CHUNK", 7)  # pieces cut often, beside runs of one hash
    rng = np.random.default_rng(seed)
    # hashes in 5 of the 64 buckets (top 6 bits), few values each so that many are shared;
    # buckets 9 and 63 have new pairs only, bucket 2 old pairs only
    def hashes(buckets, n):
        top = rng.choice(buckets, n).astype(np.uint64) << np.uint64(58)
        return top | rng.integers(0, 12, n).astype(np.uint64)

    old = sorted(set(zip(hashes([0, 2, 5, 40], 300).tolist(), rng.integers(0, 60, 300).tolist())))
    old_h = np.array([h for h, _ in old], dtype=np.uint64)
    old_u = np.array([u for _, u in old], dtype=np.int32)
    # old units 0-59 kept in order with some dropped; new units fill the gaps left
    dropped = set(rng.choice(60, 8, replace=False).tolist())
    remap = np.full(60, -1, dtype=np.int32)
    kept = [u for u in range(60) if u not in dropped]
    places = sorted(rng.choice(80, len(kept), replace=False).tolist())
    remap[kept] = places
    new_units = sorted(set(range(80)) - set(places))
    new = sorted(set(zip(hashes([0, 5, 9, 40, 63], 200).tolist(), rng.choice(new_units, 200).tolist())),
                 key=lambda p: p[1])  # added plan by plan, in unit order, as the update adds them
    buckets = _Buckets(tmp_path, "k" * 16)
    try:
        buckets.add(np.array([h for h, _ in new], dtype=np.uint64), np.array([u for _, u in new], dtype=np.int32))
        got_h, got_u = update._merge(old_h, old_u, remap, True, buckets, ReuseIndex._files(tmp_path, "k" * 16))
    finally:
        buckets.close()
    want = sorted({(h, int(remap[u])) for h, u in old if remap[u] >= 0} | set(new))
    assert list(zip(got_h.tolist(), got_u.tolist())) == want
    assert {h >> 58 for h, _ in want} >= {2, 9, 63}
