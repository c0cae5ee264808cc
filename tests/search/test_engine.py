"""The engine on tiny hand-made plans: units, spans, tiers, pinyin parsing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fyp_tui.search import SearchIndex, search
from fyp_tui.search.pinyin import parse
from fyp_tui.search.units import display_span, key, plan_units, unit_text
from fyp_tui.search.variants import Readings, readings, to_simplified
from fyp_tui.textnorm import compact

_text = st.text(alphabet=st.sampled_from(list("楼宇经济 发展\u3000\tAbC1，。 \n")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_text, st.data())
def test_key_spans_map_back_to_the_displayed_text(text, data):
    k = key(text)
    assert len(k) == len(compact(text)[0])
    if not k:
        return
    a = data.draw(st.integers(0, len(k) - 1))
    b = data.draw(st.integers(a + 1, len(k)))
    s, e = display_span(text, a, b)
    assert "".join(text[s:e].split()).lower() == k[a:b]


def test_every_unit_is_indexed_and_resolves(small_index, make_plan):
    plan = make_plan()
    units = list(plan_units(plan))
    assert small_index.n_units == len(units)
    for uid, (sid, block, item, shown) in enumerate(units):
        assert small_index.sec_ids[small_index.unit_sec[uid]] == sid
        assert unit_text(plan.section(sid), block, item) == shown
        assert small_index.unit_key(uid) == key(shown)


def test_hits_in_boxes_tables_and_notes(small_index):
    r = search(small_index, "楼宇经济", mode="exact")
    where = {(h.section, h.block, h.item) for h in r.hits}
    assert where == {("ch01", 1, 1), ("ch02", 0, 1)}  # box entry 2; the table's note after 1 row
    r = search(small_index, "cbd")  # ASCII is matched case-insensitively
    assert [h.matched for h in r.hits] == ["CBD"]


def test_split_terms_within_a_sentence(small_index):
    r = search(small_index, "楼宇经济", mode="fuzzy", limit=20)
    # One row for the paragraph: its best tier (the typo 楼宇型经济: one extra
    # character) and every span, the split's two halves included.
    (h,) = [h for h in r.hits if h.text.startswith("大力发展楼宇和总部经济")]
    assert h.tier == "typo"
    assert [h.text[a:b] for a, b in h.spans] == ["楼宇", "经济", "楼宇型经济"]
    assert r.tiers["split"] == 1 and r.tiers["typo"] == 1
    tiers = [h.tier for h in r.hits]
    assert tiers == sorted(tiers, key=["exact", "traditional", "homophone", "typo", "split", "pinyin"].index)


def test_lower_tiers_never_repeat_a_better_hit(small_index):
    r = search(small_index, "提高开放水平", limit=50)
    spans = [(h.section, h.block, h.item, a, b) for h in r.hits for a, b in h.spans]
    assert len(spans) == len(set(spans))
    assert [h.tier for h in r.hits][:2] == ["exact", "exact"]


def test_two_gulou_plans_stay_apart(make_plan):
    a = make_plan("xz", "徐州市", "鼓楼区")
    b = make_plan("fz", "福州市", "鼓楼区")
    idx = SearchIndex.build([a, b])
    r = search(idx, "楼宇经济", mode="exact")
    assert r.counts == {"xz": 2, "fz": 2}
    assert {a.meta.place, b.meta.place} == {"徐州鼓楼区", "福州鼓楼区"}


def test_variants():
    assert to_simplified("樓宇經濟") == "楼宇经济"
    assert set(readings("长")) == {"zhang", "chang"}  # every reading of a polyphonic character
    assert readings("A") == ()


def test_pinyin_cuts():
    rd = Readings.of_chars("楼宇经济旅游西安先")
    texts = lambda q: [(t.text, t.full) for t in parse(q, rd)]  # noqa: E731
    assert texts("louyujingji") == [("lou", True), ("yu", True), ("jing", True), ("ji", True)]
    assert texts("lyjj") == [("l", False), ("y", False), ("j", False), ("j", False)]
    assert texts("LouYJJ") == [("lou", True), ("y", False), ("j", False), ("j", False)]
    assert texts("xi'an") == [("xi", True), ("an", True)]
    assert texts("xian") == [("xian", True)]
    # letters with no vowel: one initial a character, sh and zh too (yshj: 营商环境)
    rd = Readings.of_chars("营商环境社会主义中水")
    assert texts("yshj") == [("y", False), ("s", False), ("h", False), ("j", False)]
    assert texts("zhsh") == [("z", False), ("h", False), ("s", False), ("h", False)]
    # with a syllable in full, sh and zh stay initials of their own
    assert texts("shhzhuyi") == [("sh", False), ("h", False), ("zhu", True), ("yi", True)]
    assert parse("楼宇", rd) is None and parse("q2", rd) is None


def test_modes(small_index):
    assert search(small_index, "louyujingji", mode="exact").total == 0
    r = search(small_index, "楼宇经济", mode="pinyin")
    assert "Latin" in r.message and r.counts == {"demo": 2}
    assert search(small_index, "lyjj", mode="pinyin").tiers["pinyin"] == 2
    assert search(small_index, "CBD").used == ("exact",)  # found exactly: auto stops there
    assert search(small_index, "CBD").total == 1  # upper case: an acronym, not initials
