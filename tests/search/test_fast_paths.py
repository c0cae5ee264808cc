"""The fast paths give what a slow, plain reference gives (issue 13's speed work).

Each fast path is compared with something simple on a varied query list: the exact
tier's per-plan join-and-count with ``str.count`` over every unit's key, the word-edge
check done all at once with the one-match-at-a-time check, and the pinyin/homophone
class tier narrowed by letter bitmaps (``initials``) with the class tier as it was
(every unit the bigram postings allow, or the whole text, blockers always in the
pattern).
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section
from fyp_tui.search import Filters, SearchIndex, search
from fyp_tui.search import tiers as T
from fyp_tui.search.engine import UnitFilter, readings_of
from fyp_tui.search.exact import exact_tier
from fyp_tui.search.variants import char_class
from fyp_tui.search.words import whole_words, whole_words_all, whole_words_within

EXACT = ["楼宇经济", "高质量发展", "发展", "经济", "建设", "数字经济", "营商环境", "总部", "cbd", "gdp", "5g",
         "一", "的", "发展发展", "量子纠缠通信枢纽", "十四五", "2025年", "，", "。加快", "鼓楼区"]


def plain_counts(index: SearchIndex, q: str) -> list[int]:
    """Occurrences per plan: ``str.count`` over every unit's key, one unit at a time."""
    return [sum(index.unit_key(u).count(q) for u in range(p.first, p.end)) for p in index.plans]


def plain_first(index: SearchIndex, q: str, want: int, keep=lambda u: True) -> list[int]:
    return [u for u in range(index.n_units) if keep(u) and q in index.unit_key(u)][:want]


@pytest.mark.parametrize("q", EXACT)
def test_exact_tier_counts_as_str_count_unit_by_unit(index, q):
    counts, found = exact_tier(index, q, None, 7)
    assert counts == plain_counts(index, q)
    assert [u for u, _, _ in found] == plain_first(index, q, 7)
    for u, _, spans in found:
        key = index.unit_key(u)
        assert [key[a:b] for a, b in spans] == [q] * key.count(q)


def test_exact_tier_in_a_stored_index_and_with_a_plan_filter(index, tmp_path):
    index.save(tmp_path / "ix")
    stored = SearchIndex.load(tmp_path / "ix")
    pid = index.plans[1].id
    flt = UnitFilter(stored, Filters(plans=(pid,)))
    for q in EXACT[:8]:
        assert exact_tier(stored, q, None, 0)[0] == plain_counts(index, q)
        for _ in range(2):  # the second time, every unit is already checked
            counts, found = exact_tier(stored, q, flt, 3)
            assert counts == [c if p.id == pid else 0 for c, p in zip(plain_counts(index, q), index.plans)]
            first, end = index.plans[1].first, index.plans[1].end
            assert [u for u, _, _ in found] == plain_first(index, q, 3, range(first, end).__contains__)


def test_word_edges_all_at_once_as_one_by_one(index):
    text = index.text
    starts, ends = [], []
    for m in re.finditer("发展|经济|楼宇|总部经济|高质量|建设现代化", text[:400_000]):
        for a, b in ((m.start(), m.end()), (m.start() + 1, m.end()), (m.start(), m.end() + 2)):
            starts.append(a)
            ends.append(b)
    starts += [0, 1, len(text) - 3]  # at the very edges of the text
    ends += [2, 4, len(text) - 1]
    got = whole_words_all(text, starts, ends)
    assert got == [whole_words(text, a, b) for a, b in zip(starts, ends)]
    assert any(got) and not all(got)


def test_word_edges_at_once_when_the_cache_fills_on_the_way(index, monkeypatch):
    """More new windows than the edge cache holds: it is emptied mid-check, and the
    check still answers from what it computed (one by one as the reference)."""
    from fyp_tui.search import words as W

    text = index.text[:200_000]
    spans = [(m.start(), m.end()) for m in re.finditer("发展|经济|建设", text)][:600]
    monkeypatch.setattr(W, "CACHE_MAX", 50)
    W._cache.clear()
    got = whole_words_all(text, [a for a, _ in spans], [b for _, b in spans])
    W._cache.clear()
    assert got == [whole_words(text, a, b) for a, b in spans]
    assert any(got) and not all(got)
    W._cache.clear()


def test_word_edges_within_known_units_as_one_by_one(index):
    """The scan's check, given each match's unit start in a chunk of whole units (each
    ending with its separator): the same answers as the plain check, at unit starts
    and ends, within REACH of them, and in the middle of long units."""
    import bisect

    from fyp_tui.search.index import SEP

    keys = [index.unit_key(u) + SEP for u in range(0, index.n_units, 3)]
    text = "".join(keys)
    bases = [0]
    for k in keys[:-1]:
        bases.append(bases[-1] + len(k))
    starts, ends = [], []
    for m in re.finditer("发展|经济|楼宇|总部经济|高质量|建设现代化|推动", text):
        a0, b0 = m.span()
        for a, b in ((a0, b0), (a0 + 1, b0), (a0, b0 + 2), (a0 - 1, b0)):
            if 0 <= a < b < len(text) and SEP not in text[a:b]:
                starts.append(a)
                ends.append(b)
    for base in bases[1:200]:  # matches touching a unit's first characters
        starts += [base, base + 1]
        ends += [base + 2, base + 3]
    rng = random.Random(13)  # and anywhere: spans whose edges depend on how far the window reaches
    for _ in range(6000):
        a = rng.randrange(len(text) - 8)
        starts.append(a)
        ends.append(a + rng.randint(2, 5))
    keep = [SEP not in text[a:b] for a, b in zip(starts, ends)]
    starts, ends = list(itertools.compress(starts, keep)), list(itertools.compress(ends, keep))
    firsts = [bases[bisect.bisect_right(bases, a) - 1] for a in starts]
    got = whole_words_within(text, starts, ends, firsts)
    assert got == [whole_words(text, a, b) for a, b in zip(starts, ends)]
    assert any(got) and not all(got)
    assert whole_words_within(text[:-1], starts[:50], ends[:50], firsts[:50]) == [
        whole_words(text[:-1], a, b) for a, b in zip(starts[:50], ends[:50])]


def old_class_tier(sc, classes, want, rd, own="", context=None):
    """The class tier before the letter bitmaps: blockers always in the pattern, the
    units the bigram postings allow (or the whole text)."""
    rx = re.compile(T._blocking(sc) + "".join(char_class(c) for c in classes))
    uids = T._class_candidates(sc.index, classes, own)
    return sc.scan(rx, sc.chunks(uids), want, risky=T._risky(sc), context=context)


def rows(r):
    return (r.total, r.counts, r.tiers, r.used, [(h.plan, h.section, h.block, h.item, h.tier, h.spans) for h in r.hits])


PINYIN = ["lyjj", "szjj", "gzlfz", "yshj", "xczx", "zbjj", "xyzzy", "qwrtp", "louyjj", "zhjj", "gzlf", "shzh",
          "jjfz", "kjcx", "lou yu jing ji", "jingji", "fz"]


def test_class_tier_narrowed_by_letters_finds_what_it_found_before(index, monkeypatch):
    queries = [(q, m) for q in PINYIN for m in ("auto", "pinyin")]
    queries += [(q, "fuzzy") for q in ["楼语经济", "高质良发展", "营尚环境", "数字经齐", "城市更心"]]
    fast = [rows(search(index, q, mode=m, limit=30)) for q, m in queries]
    monkeypatch.setattr(T, "class_tier", old_class_tier)
    slow = [rows(search(index, q, mode=m, limit=30)) for q, m in queries]
    for (q, m), a, b in zip(queries, fast, slow):
        assert a == b, (q, m)
    assert sum(r[0] for r in fast) > 1000  # the list finds things


def polyphone_plan() -> Plan:
    sec = Section(id="ch01", level="章", label="第一章", title="产业", heading="第一章 产业", blocks=[
        Paragraph("推动行业发展。"), Paragraph("做大做强重点产业。"), Paragraph("促进经济长期向好。")])
    return Plan(id="poly", meta=PlanMeta(title="测试"), sections=[sec], source_sha256="poly")


@pytest.mark.parametrize("q,found,read", [
    ("hyfz", "行业发展", True),  # 行 read hang, as 行业 is
    ("xyfz", "行业发展", False),  # 行 read xing: not in 行业
    ("zdcy", "重点产业", True),  # 重 read zhong, as 重点 is
    ("cdcy", "重点产业", False),  # 重 read chong: not in 重点
    ("cqxh", "长期向好", True),  # 长 read chang, as 长期 is
    ("zqxh", "长期向好", False),  # 长 read zhang: not in 长期
])
def test_initials_of_any_reading_of_a_polyphonic_character(q, found, read):
    """The letter tables narrow by every reading of a character (the units hold the run
    either way); a hit is what the phrase's own reading spells (``phrases``)."""
    from fyp_tui.search.initials import candidate_units
    from fyp_tui.search.pinyin import parse, token_chars

    ix = SearchIndex.build([polyphone_plan()])
    r = search(ix, q, mode="pinyin")
    assert [h.matched for h in r.hits] == ([found] if read else []), q
    rd = readings_of(ix)
    units = candidate_units(ix, rd, [token_chars(t, rd) for t in parse(q, rd)])
    assert units is not None and any(found in ix.unit_key(u) for u in units), q


def test_letters_cover_every_character_of_a_class(index):
    from fyp_tui.search.initials import letters

    rd = readings_of(index)
    lt = letters(index, rd)
    for cls in (rd.with_prefix("l"), rd.with_prefix("sh"), rd.with_prefix("s"), rd.with_syllable("xing"),
                rd.homophones("行"), rd.homophones("长")):
        keys = lt.letters_of(cls)
        assert keys is not None
        for ch in cls:
            rs = rd.of(ch)
            assert any(r.startswith(k) for r in rs for k in keys), (ch, rs, keys)
    assert lt.letters_of(frozenset("楼a")) is None  # a character without a reading


def test_a_scan_of_the_narrowed_units_sees_every_start(index):
    """Every offset where the class pattern matches is among the bitmap's starts."""
    from fyp_tui.search.initials import letters
    from fyp_tui.search.pinyin import parse, token_chars

    rd = readings_of(index)
    lt = letters(index, rd)
    for q in ["lyjj", "gzlfz", "yshj", "shhzhuyi", "zhshhui", "louyjj"]:
        classes = [token_chars(t, rd) for t in parse(q, rd)]
        rx = re.compile("(?=(" + "".join(char_class(c) for c in classes) + "))")
        want = {m.start() for m in rx.finditer(index.text)}
        assert want and want <= set(lt.starts(classes).tolist()), q


def test_the_exact_tier_still_checks_each_unit_it_reads_first(index, tmp_path):
    """Units are checksummed once per index: a unit read for the first time is
    checked even after other queries have checked theirs."""
    from fyp_tui.search import store

    index.save(tmp_path / "ix")
    stored = SearchIndex.load(tmp_path / "ix")
    assert exact_tier(stored, "发展", None, 0)[0] == plain_counts(index, "发展")  # checks many units
    u = next(u for u in range(index.n_units) if "楼宇经济" in index.unit_key(u) and "发展" not in index.unit_key(u))
    text = next((tmp_path / "ix").glob("text-*.bin"))
    data = bytearray(text.read_bytes())
    at = data.index("楼宇经济".encode(), index.bstarts[u])
    data[at : at + 12] = "楼宇经纪".encode()  # same length: only the checksum can tell
    text.write_bytes(bytes(data))
    damaged = SearchIndex.load(tmp_path / "ix")
    exact_tier(damaged, "发展", None, 0)
    with pytest.raises(store.Damaged):
        exact_tier(damaged, "楼宇经济", None, 0)


FUZZY = ["楼宇经纪", "高质良发展", "楼宇型经济", "louyujingji", "gaozhiliangfazhan", "数字经挤", "营商环竟",
         "量子纠缠通信枢纽", "楼宇 总部", "xyzzy", "lyjj", "szjj"]


@pytest.mark.parametrize("mode", ["auto", "fuzzy"])
def test_fuzzy_tiers_on_a_stored_index_read_units_not_the_whole_text(corpus, index, tmp_path, mode):
    """A stored index scans its candidate units decoded from the stored bytes (and the
    whole text chunk by chunk when it must): the same results as over the decoded
    text, without ever decoding the whole corpus into one string."""
    from fyp_tui.search.cache import attach

    index.save(tmp_path / "ix")
    stored = SearchIndex.load(tmp_path / "ix")
    attach(stored, corpus.plans)
    got = [rows(search(stored, q, mode=mode)) for q in FUZZY]
    assert "_text" not in stored.__dict__  # nothing decoded the whole text
    whole = SearchIndex.load(tmp_path / "ix")
    attach(whole, corpus.plans)
    assert whole.text  # decoded once, as before
    assert got == [rows(search(whole, q, mode=mode)) for q in FUZZY]
    assert any(r[0] for r in got)


def test_a_whole_scan_from_the_bytes_covers_every_unit_once(index, tmp_path):
    from fyp_tui.search.scan import Scanner

    index.save(tmp_path / "ix")
    stored = SearchIndex.load(tmp_path / "ix")
    chunks = list(Scanner(stored, None)._whole_from_bytes())
    seen = [u for ch in chunks for u in ch.ids]
    assert seen == list(range(stored.n_units))
    for ch in chunks[:3]:
        for base, u in zip(ch.bases, ch.ids):
            assert ch.text[base:].startswith(index.unit_key(u))


def test_letter_codes_from_the_stored_bytes_are_those_of_the_decoded_text(index, tmp_path):
    """The pinyin-initial tables of a stored index are built run by run from the stored
    bytes: character for character the same codes as over the whole decoded text."""
    import numpy as np

    from fyp_tui.search.initials import Letters

    index.save(tmp_path / "ix")
    stored, whole = SearchIndex.load(tmp_path / "ix"), SearchIndex.load(tmp_path / "ix")
    rd = readings_of(stored)
    from_bytes = Letters(stored, rd).codes
    assert "_text" not in stored.__dict__
    assert len(from_bytes) == len(whole.text)
    assert np.array_equal(from_bytes, Letters(whole, rd).codes)


def plain_scan(index: SearchIndex, rx: re.Pattern, uids, want: int):
    """What a scan keeps, one unit at a time: per-plan and per-string counts, the units,
    and each string's matches in its first ``want`` units, in corpus order (unit, start, end)."""
    counts, freq, units, firsts = {}, {}, set(), {}
    for u in sorted(uids):
        for m in rx.finditer(index.unit_key(u)):
            s, p = m.group(), index.plan_at(u)
            counts[p] = counts.get(p, 0) + 1
            freq[s] = freq.get(s, 0) + 1
            units.add(u)
            lst = firsts.setdefault(s, [])
            if len({x[0] for x in lst} | {u}) <= want:
                lst.append((u, m.start(), m.end()))
    return counts, freq, units, firsts


@pytest.mark.parametrize("stored", [False, True])
@pytest.mark.parametrize("whole", [False, True])
def test_a_scan_keeps_each_strings_first_matches_across_chunks(index, tmp_path, monkeypatch, stored, whole):
    """Chunks of candidate units (joined from the stored bytes, or sliced from the
    decoded text) or of the whole text: the counts and every string's first matches
    as a unit-by-unit scan."""
    from fyp_tui.search import scan

    ix = index
    if stored:
        index.save(tmp_path / "ix")
        ix = SearchIndex.load(tmp_path / "ix")
    monkeypatch.setattr(scan, "CHUNK", 3000)  # many chunks: a string's firsts span several
    monkeypatch.setattr(scan, "DENSE", 1.0)  # the candidates are read as such, never the whole text
    rx = re.compile("高质量发展|发展|经济|楼宇|总部")
    uids = None if whole else set(ix.candidates("发展")) | set(ix.candidates("楼宇"))
    for want in (0, 1, 7, 40):
        sc = scan.Scanner(ix, whole=False)
        found = sc.scan(rx, sc.chunks(uids), want)
        counts, freq, units, firsts = plain_scan(index, rx, range(index.n_units) if whole else uids, want)
        assert dict(found.counts) == counts and dict(found.freq) == freq and found.units == units
        got = {s: [(u, a, e) for u, a, e, _ in lst] for s, lst in found.firsts.items()}
        assert got == (firsts if want else {}), want
        assert all(sp == ((a, e),) for lst in found.firsts.values() for _, a, e, sp in lst)
    assert not stored or "_text" not in ix.__dict__


def test_a_whole_text_read_checks_the_whole_stored_text_first(index, tmp_path):
    """The pinyin-initial tables and whole-text scans read every unit: the text is
    checked block by block before (a changed unit raises ``Damaged``), and afterwards
    every unit counts as checked."""
    from fyp_tui.search import store
    from fyp_tui.search.initials import Letters
    from fyp_tui.search.scan import unit_runs

    index.save(tmp_path / "ix")
    good = SearchIndex.load(tmp_path / "ix")
    assert "".join(run for _, run in unit_runs(good)) == index.text[1:]
    assert set(good.__dict__["_units_checked"]) == {1}
    text = next((tmp_path / "ix").glob("text-*.bin"))
    data = bytearray(text.read_bytes())
    at = data.rindex("经济".encode())
    data[at : at + 6] = "经纪".encode()  # same length: only a checksum can tell
    text.write_bytes(bytes(data))
    for read in (lambda ix: list(unit_runs(ix)), lambda ix: Letters(ix, readings_of(ix))):
        damaged = SearchIndex.load(tmp_path / "ix")
        with pytest.raises(store.Damaged):
            read(damaged)
        assert set(damaged.__dict__["_units_checked"]) == {0}
