"""Reuse of a section across plans, and what two plans share: JSON shape, offsets, shares,
boilerplate, order by date. Expected figures are counted here with a simple reader
(NFKC, keep letters and digits), never with the product's normaliser."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest
from alignkit import sec

from fyp_tui.model import Plan, PlanMeta
from fyp_tui.reuse import ReuseIndex, plans_reuse, section_reuse

REUSED = "坚持把发展经济着力点放在实体经济上推进新型工业化"  # 24 characters
BOILER = "高举中国特色社会主义伟大旗帜全面贯彻党的十九大精神"  # in every plan
OWN = ["推进学前教育普惠发展提高普惠性幼儿园覆盖率", "完善医疗卫生服务体系推进紧密型医联体建设",
       "大力发展都市农业和休闲农业落实粮食安全责任制", "落细落实惠台利民政策措施推动台胞台企同等待遇"]


def count(s: str) -> int:
    """Compared characters, by a separate simple reader."""
    return sum(1 for c in unicodedata.normalize("NFKC", s) if c.isalnum())


def plan(pid: str, text: str, issued: str = "", adopted: str = "") -> Plan:
    meta = PlanMeta(title=f"{pid}规划", city=f"{pid}市", issued=issued, adopted=adopted)
    chapter = sec("ch01", "章", "第一章", "总体要求", children=[sec("ch01.s01", "节", "第一节", "指导思想", text)])
    return Plan(id=pid, meta=meta, sections=[chapter], source_sha256=pid)


@pytest.fixture(scope="module")
def index():
    query = f"第一句，{OWN[0]}。\n{REUSED[:10]}\n{REUSED[10:]}。{BOILER}。"  # the passage spans a line break
    plans = [
        plan("q", query, issued="2021-03-01"),
        # B and C copy the passage with PDF spaces and other punctuation; D does not
        plan("b", f"{BOILER}；{OWN[1]}。{REUSED[:5]} {REUSED[5:12]}, {REUSED[12:]}", issued="2021-01-20"),
        plan("c", f"{BOILER}！{OWN[2]}。{REUSED}", adopted="2020-12-30"),
        plan("d", f"{OWN[3]}。{BOILER}"),
        plan("e", f"{REUSED}。{OWN[3][::-1]}"),  # undated
    ]
    # four more plans that say the boilerplate: 8 of 9 plans say it, 4 of 9 the passage
    plans += [plan(f"f{k}", f"{OWN[k][::-1]}。{BOILER}") for k in range(4)]
    return ReuseIndex.build(plans)


def test_section_reuse_json_shape_offsets_and_share(index):
    doc = section_reuse(index, "q", "ch01.s01")
    assert set(doc) == {"query", "matches"}
    assert doc["query"] == {"plan": "q", "section": {"id": "ch01.s01", "label": "第一节", "title": "指导思想"}}
    qtext = index.plans["q"].find("ch01.s01").full_text()
    for m in doc["matches"]:
        assert set(m) == {"plan", "date", "section", "chars", "share", "spans"}
        assert set(m["section"]) == {"id", "label", "title"}
        btext = index.plans[m["plan"]].find(m["section"]["id"]).full_text()
        for s in m["spans"]:
            assert set(s) == {"a", "b", "text", "boilerplate"}
            a0, a1 = s["a"]
            b0, b1 = s["b"]
            assert qtext[a0:a1] == s["text"]
            assert count(qtext[a0:a1]) == count(btext[b0:b1]) >= 8
    # the passage is found across the line break, the spaces and the other punctuation;
    # D shares only the boilerplate: it is not a match
    assert [m["plan"] for m in doc["matches"]] == ["c", "b", "e"]  # adopted 2020-12 < issued 2021-01 < undated
    assert [m["date"] for m in doc["matches"]] == ["2020-12-30", "2021-01-20", None]
    total = count(qtext)
    for m in doc["matches"]:
        assert m["chars"] == len(REUSED)  # line break, comma and space never counted
        assert m["share"] == round(len(REUSED) / total, 4)
        assert 0.0 < m["share"] < 1.0


def test_boilerplate_is_marked_and_never_counted(index):
    doc = section_reuse(index, "q", "ch01.s01")
    b = next(m for m in doc["matches"] if m["plan"] == "b")
    flags = {s["text"]: s["boilerplate"] for s in b["spans"]}
    assert index.boilerplate_min == 5
    assert flags[BOILER] is True  # in 8 of 9 plans: at least half
    assert not any(v for k, v in flags.items() if REUSED[:10] in k or REUSED[12:] in k)


def test_two_plans_share(index):
    doc = plans_reuse(index, "q", "c")
    assert set(doc) == {"a", "b", "share_a", "share_b", "passages"}
    assert (doc["a"], doc["b"]) == ("q", "c")
    qtext = index.plans["q"].find("ch01.s01").full_text()
    ctext = index.plans["c"].find("ch01.s01").full_text()
    # a share is of the whole plan: the chapter, its heading (第一章 总体要求) included
    qwhole, cwhole = (index.plans[pid].find("ch01").full_text() for pid in ("q", "c"))
    for p in doc["passages"]:
        assert set(p) == {"a", "b", "text", "chars", "boilerplate"}
        assert set(p["a"]) == {"section", "span"} and p["a"]["section"] == "ch01.s01"
        a0, a1 = p["a"]["span"]
        b0, b1 = p["b"]["span"]
        assert qtext[a0:a1] == p["text"] and count(p["text"]) == count(ctext[b0:b1])
        assert p["chars"] == (0 if p["boilerplate"] else count(p["text"]))
    assert doc["share_a"] == round(len(REUSED) / count(qwhole), 4)
    assert doc["share_b"] == round(len(REUSED) / count(cwhole), 4)
    assert plans_reuse(index, "q", "d")["share_a"] == 0.0  # boilerplate only


def _plain_share(plans, a: str, b: str) -> float:
    """A separate simple reader of ``share_a``: per unit, NFKC letters and digits; a character
    of A counts when an 8-character window of B covers it and no window found in at
    least half the plans (boilerplate) does. The tool leaves out, in addition, the
    non-boilerplate characters of a passage that is mostly boilerplate, so it may
    only be a little lower."""
    import math
    from collections import Counter

    from fyp_tui.reuse.units import reuse_units

    def plain(s: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isalnum())

    texts = {p.id: [plain(text) for _, text in reuse_units(p)] for p in plans}
    windows = {pid: {t[i:i + 8] for t in ts for i in range(len(t) - 7)} for pid, ts in texts.items()}
    in_plans = Counter(w for ws in windows.values() for w in ws)
    least = max(3, math.ceil(len(texts) / 2))
    got = total = 0
    for t in texts[a]:
        shared, boiler = [False] * len(t), [False] * len(t)
        for i in range(len(t) - 7):
            w = t[i:i + 8]
            if w in windows[b]:
                shared[i:i + 8] = [True] * 8
            if in_plans[w] >= least:
                boiler[i:i + 8] = [True] * 8
        got += sum(x and not y for x, y in zip(shared, boiler))
        total += len(t)
    return got / total


def test_seed_city_proposal_in_district_plan(corpus):
    # issue 14: "about 8–9 %" of the 徐州市委建议's text reappears verbatim in 徐州鼓楼区's 纲要;
    # of five plans, three make "half": what three of them say (the Jiangsu and national
    # formulas) is boilerplate, and 6–7 % is left
    index = ReuseIndex.build(corpus.plans.values())
    doc = plans_reuse(index, "xuzhou", "xuzhou-gulou")
    plain_a = _plain_share(corpus.plans.values(), "xuzhou", "xuzhou-gulou")
    plain_b = _plain_share(corpus.plans.values(), "xuzhou-gulou", "xuzhou")
    assert 0.05 <= plain_a <= 0.10
    assert plain_a - 0.005 <= doc["share_a"] <= plain_a + 0.0005
    assert plain_b - 0.005 <= doc["share_b"] <= plain_b + 0.0005
    assert doc["share_b"] < doc["share_a"]  # the district plan is twice as long
    longest = max(doc["passages"], key=lambda p: p["chars"])
    assert longest["chars"] >= 25 and not longest["boilerplate"]


def test_boilerplate_is_counted_over_every_shingle_not_only_fingerprints():
    # an 8-character phrase in most plans, each time in other words around it: winnowing
    # keeps its shingle as a fingerprint in some plans only, yet it is boilerplate
    phrase = "全面建成小康社会"
    fillers = ["推进学前教育普惠发展", "完善医疗卫生服务体系", "大力发展都市农业", "落细落实惠台利民政策",
               "加快建设交通强市", "推动文化旅游融合", "提升城市治理水平", "深化国资国企改革"]
    plans = [plan(f"p{k}", f"{fillers[k]}{phrase}{fillers[(k + 3) % 8][::-1]}") for k in range(8)]
    index = ReuseIndex.build(plans)
    h = np.asarray([index_hash(phrase)], dtype=np.uint64)
    assert index.boilerplate_mask(h)[1].tolist() == [True]
    # a match made of boilerplate alone is left out
    assert section_reuse(index, "p0", "ch01.s01")["matches"] == []


def index_hash(s: str) -> int:
    """The product's 8-character shingle hash, recomputed plainly: base 1,000,003, 64 bits."""
    h = 0
    for ch in s:
        h = (h * 1_000_003 + ord(ch)) % 2**64
    return h


def test_a_passage_found_twice_in_one_section_counts_once():
    plans = [plan("q", f"{OWN[0]}。{REUSED}。"), plan("r", f"{REUSED}。{OWN[1]}。{REUSED[::-1]}。{REUSED}")]
    (m,) = section_reuse(ReuseIndex.build(plans), "q", "ch01.s01")["matches"]
    assert [s["text"] for s in m["spans"]] == [REUSED, REUSED]
    assert m["spans"][0]["b"] != m["spans"][1]["b"]
    assert m["chars"] == len(REUSED)  # the union of the query's reused characters


def test_two_plans_share_is_a_mirror_on_a_real_pair():
    """``fyp reuse A B`` and ``fyp reuse B A`` on the two real plans of ../shared/realworld
    (with the bundled plans, for boilerplate): the same shares exchanged, the same
    passages with their sides exchanged, each passage's text, chars and boilerplate
    mark the first plan's."""
    from fyp_tui.corpus import load_corpus
    from fyp_tui.ingest import parse_bytes
    from tests.conftest import REALWORLD as real

    if real is None:
        pytest.skip("../shared/realworld is not beside this checkout")
    plans = [parse_bytes((real / f).read_bytes(), f.split(".")[0])
             for f in ("cn12-pdftext.txt", "yunnan10-newspaper.txt")]
    bundled = load_corpus(include_user=False)
    index = ReuseIndex.build(plans + [bundled.plans[p] for p in sorted(bundled.plans)])
    ab = plans_reuse(index, "yunnan10-newspaper", "cn12-pdftext")
    ba = plans_reuse(index, "cn12-pdftext", "yunnan10-newspaper")
    assert ab["share_a"] > 0.01 and (ab["share_a"], ab["share_b"]) == (ba["share_b"], ba["share_a"])

    def sides(doc, first):
        out = set()
        for p in doc["passages"]:
            a, b = (p["a"], p["b"]) if first else (p["b"], p["a"])
            out.add((a["section"], tuple(a["span"]), b["section"], tuple(b["span"])))
        return out

    assert sides(ab, True) == sides(ba, False) and len(ab["passages"]) == len(ba["passages"])
    # Each plan judges a passage by its own text: the mirrored document's chars and
    # boilerplate marks are those of yunnan matched first (its share too).
    from fyp_tui.reuse.lookup import _plans_reuse

    direct = _plans_reuse(index, "yunnan10-newspaper", "cn12-pdftext")[0]
    own = {(p["a"]["section"], tuple(p["a"]["span"])): (p["chars"], p["boilerplate"]) for p in direct["passages"]}
    got = {(p["a"]["section"], tuple(p["a"]["span"])): (p["chars"], p["boilerplate"]) for p in ab["passages"]}
    common = own.keys() & got.keys()
    assert len(common) >= 0.9 * len(own) and all(own[k] == got[k] for k in common)
    assert ab["share_a"] == direct["share_a"]
    for doc, pid in ((ab, "yunnan10-newspaper"), (ba, "cn12-pdftext")):
        for p in doc["passages"]:
            a0, a1 = p["a"]["span"]
            assert p["text"] == index.plans[pid].section(p["a"]["section"]).full_text()[a0:a1]


def test_a_passage_two_plans_share_through_a_common_phrase_is_not_boilerplate():
    """The issue: boilerplate marks a passage found in at least half the plans. A passage
    only two plans share was marked (and counted 0) when most of it ran through a phrase
    every plan says (a reviewer: 全力推动经济社会全面发展全面进步，奋力开启基本实现现代化新征程,
    in 徐州建议 and 徐州鼓楼 only). Here BOILER is in all six plans; the passage is BOILER
    with 10 characters of its own around it, in two plans. Its chars: the passage's
    compared characters less the boilerplate ones, counted by hand below."""
    own = "坚持稳中求进工作总基调"  # 11 characters, in q and b only
    passage = f"{own}{BOILER}"
    plans = [plan("q", f"{OWN[0]}。{passage}。"), plan("b", f"{OWN[1]}。{passage}。")]
    plans += [plan(f"o{k}", f"{OWN[k]}。{BOILER}。") for k in range(2, 4)]
    plans += [plan(f"p{k}", f"{OWN[k][::-1]}。{BOILER}。") for k in range(2)]
    index = ReuseIndex.build(plans)
    assert index.boilerplate_min == 3
    b = next(m for m in section_reuse(index, "q", "ch01.s01")["matches"] if m["plan"] == "b")
    spans = [s for s in b["spans"] if own in s["text"]]
    assert len(spans) == 1 and spans[0]["text"] == passage and spans[0]["boilerplate"] is False
    # the passage's own characters count, with up to 7 of BOILER's first ones (a window
    # of 8 that starts in ``own`` is found in two plans only): at least own, at most own + 7
    assert count(own) <= b["chars"] <= count(own) + 7


def test_chapter_introductions_are_read_and_the_whole_plan_counts(corpus):
    """A reviewer: 坚持马克思主义在意识形态领域的指导地位 opens the introductions of 徐州鼓楼
    ch07 and 福州鼓楼 ch11 (the raw texts hold it in those two plans only), but the text
    before a chapter's first 节 belonged to no unit, so reuse never found it and a plan's
    share left out ~8 % of it. Now every character of a plan but its cover is in one
    unit, and a unit's text starts its section's full text (offsets are the same)."""
    from fyp_tui.model import FRONT
    from fyp_tui.reuse.units import reuse_units

    phrase = "坚持马克思主义在意识形态领域的指导地位"
    raw = Path(__file__).resolve().parents[2] / "corpus" / "raw"
    assert sorted(p.stem for p in raw.glob("*.txt") if phrase in p.read_text(encoding="utf-8")) == [
        "fuzhou-gulou", "xuzhou-gulou"]
    for pid in corpus.plans:
        plan = corpus.plans[pid]
        units = reuse_units(plan)
        assert sum(count(t) for _, t in units) == sum(count(s.full_text()) for s in plan.sections if s.level != FRONT)
        assert all(plan.section(sid).full_text().startswith(t) for sid, t in units)
    index = ReuseIndex.build(corpus.plans.values())
    doc = plans_reuse(index, "xuzhou-gulou", "fuzhou-gulou")
    got = [p for p in doc["passages"] if phrase in p["text"]]
    assert len(got) == 1 and not got[0]["boilerplate"] and got[0]["chars"] > 0  # its common words left out
    (a0, a1), (b0, b1) = got[0]["a"]["span"], got[0]["b"]["span"]
    assert phrase in corpus.plans["xuzhou-gulou"].section(got[0]["a"]["section"]).full_text()[a0:a1]
    assert phrase in corpus.plans["fuzhou-gulou"].section(got[0]["b"]["section"]).full_text()[b0:b1]


def test_no_passage_runs_from_a_heading_into_its_body():
    """序言 / 前言 followed by the same opening words made one passage of 言“十四五”时期是我
    (a heading's last character and a body's first ones), counted as reused. Here two
    sections titled 指导思想 under different numbers open with the same sentence: the
    passage found is that sentence, from the body's first character, not 节指导思想….
    Checked for a section's matches and for two plans' passages, both sides."""
    body = REUSED + "。" + OWN[0]
    plans = [plan("x", body, issued="2021-01-01"), plan("y", body + OWN[1], issued="2021-02-01")]
    plans[1].sections[0].children[0].label = "第二节"
    plans[1].sections[0].children[0].heading = "第二节指导思想"
    plans += [plan(f"f{k}", f"{OWN[k][::-1]}。{BOILER}") for k in range(4)]
    index = ReuseIndex.build(plans)
    doc = section_reuse(index, "x", "ch01.s01")
    heading = index.plans["x"].section("ch01.s01").heading
    spans = [s for m in doc["matches"] for s in m["spans"]]
    assert spans
    for s in spans:
        assert s["a"][0] >= len(heading) + 1, s  # in the body, after the heading's line
    assert max(count(s["text"]) for s in spans) == count(body)
    both = plans_reuse(index, "x", "y")
    for p in both["passages"]:
        for side in ("a", "b"):
            pid = "x" if side == "a" else "y"
            h = index.plans[pid].section(p[side]["section"]).heading
            a0, a1 = p[side]["span"]
            assert a1 <= len(h) or a0 > len(h), (side, p)


def test_an_undated_plan_of_an_earlier_period_comes_first():
    """Earliest plan first is how an analyst sees where wording came from: the 十二五
    national plan, undated, was listed after the 2020–21 plans. An undated plan stands
    at its period's first year (after that year's dated plans); the list shows its
    period where a date would be. Undated without a period: last, as before."""
    from fyp_tui.reuse import shown_date

    plans = [plan("q", REUSED + "。" + OWN[0], issued="2021-03-01"),
             plan("late", REUSED + "。" + OWN[1], issued="2021-01-20"),
             plan("old", REUSED + "。" + OWN[2]),
             plan("nowhen", REUSED + "。" + OWN[3]),
             plan("prop", REUSED + "。" + OWN[0][::-1])]
    plans[2].meta.period = "十二五"
    # an undated 十四五 建议: adopted late in 2020, before the 2021 纲要 that draw on it
    plans[4].meta.period, plans[4].meta.kind = "十四五", "proposal"
    # eight more plans without the passage: it is no boilerplate
    plans += [plan(f"f{k}{r}", f"{OWN[k][::-1]}。{BOILER}") for k in range(4) for r in "ab"]
    index = ReuseIndex.build(plans)
    doc = section_reuse(index, "q", "ch01.s01")
    assert [m["plan"] for m in doc["matches"]] == ["old", "prop", "late", "nowhen"]
    assert [shown_date(index.plans, m["plan"], m["date"]) for m in doc["matches"]] == [
        "十二五", "十四五", "2021-01-20", "—"]
