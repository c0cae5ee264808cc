"""Shared terms are whole words and phrases, weightiest first, the same both ways."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import rjieba

from fyp_tui.align import align_units


def _boundaries(text: str) -> set[int]:
    out, pos = {0}, 0
    for tok in rjieba.cut(text):
        pos += len(tok)
        out.add(pos)
    return out


def test_terms_are_words_and_mirror(corpus, weights):
    xg, jk = corpus.get("xuzhou-gulou"), corpus.get("zhenjiang-jingkou")
    ab, ba = align_units(xg, jk, weights), align_units(jk, xg, weights)
    back = {(p.b.id, p.a.id): p.shared for p in ba.pairs}
    terms = [t for p in ab.pairs for t in p.shared]
    assert terms and all(back[(p.a.id, p.b.id)] == p.shared for p in ab.pairs)
    for p in ab.pairs:
        cuts = _boundaries(p.a.text)
        for t in p.shared:
            # found in both texts, and somewhere in A it starts and ends on word boundaries
            assert t in p.a.text and t in p.b.text
            starts = [i for i in range(len(p.a.text)) if p.a.text.startswith(t, i)]
            assert any(i in cuts and i + len(t) in cuts for i in starts), t
    # the n-gram fragments are gone; a lone 的 never opens or closes a term
    assert not {"个五年", "年远景", "力实"} & set(terms)
    assert not any(rjieba.cut(t)[0] == "的" or rjieba.cut(t)[-1] == "的" for t in terms)  # 目的 is a word
    assert all("鼓楼" not in t and "京口" not in t for t in terms)  # place names are not evidence


def test_boilerplate_weighs_nothing(corpus, weights):
    # 高质量发展 is in most units of every plan: never offered as what two sections share
    al = align_units(corpus.get("xuzhou"), corpus.get("xuzhou-gulou"), weights)
    assert all("高质量发展" != t for p in al.pairs for t in p.shared)
    assert weights.term_weight("高质") == weights.term_weight("质量") == 0.0  # in every plan


def test_a_label_never_opens_a_shared_term(corpus, weights):
    """海州 and 京口 both title a section 第一节 指导思想: what they share is 指导思想 (and the
    text), not the label glued to it (第一节指导思想 was offered at 160 columns)."""
    import re

    label = re.compile(r"第[〇零一二三四五六七八九十百千两\d]+[篇编章节条]")
    al = align_units(corpus.get("lianyungang-haizhou"), corpus.get("zhenjiang-jingkou"), weights)
    guide = [p for p in al.pairs if p.a.title == "指导思想" and p.b.title == "指导思想"]
    assert guide and guide[0].shared
    terms = [t for p in al.pairs for t in p.shared]
    assert not [t for t in terms if label.match(t)]


# Compounds the bundled plans print (read in corpus/raw) that rjieba cuts into a word and a lone
# character (区块|链, 低|效用|地, 师德师|风, 租|购并|举) or that a number holds (二〇三五年):
# where both units print one, a shared term holds all of it or none, never a piece glued to the rest.
COMPOUNDS = ("区块链", "低效用地", "师德师风", "租购并举", "二〇三五年", "腾笼换鸟", "云计算", "新基建",
             "非物质文化遗产", "全生命周期", "断头路")


def _piece_of(term: str, text: str, wholes: tuple[str, ...] = COMPOUNDS) -> set[str]:
    """The compounds (or other ``wholes``) that every occurrence of ``term`` in ``text`` cuts
    into (overlaps, not whole)."""
    out = set()
    for k in wholes:
        held = [(m.start(), m.end()) for m in re.finditer(k, text)]
        if all(any(s < ke and ks < s + len(term) and not (s <= ks and ke <= s + len(term)) for ks, ke in held)
               for s in (m.start() for m in re.finditer(re.escape(term), text))):
            out.add(k)
    return out


def _after_digits(term: str, text: str) -> bool:
    """Every occurrence of ``term`` in ``text`` opens with 万/亿/千/百 right after a digit."""
    at = [m.start() for m in re.finditer(re.escape(term), text)]
    return term[0] in "万亿千百" and all(i > 0 and text[i - 1].isdigit() for i in at)


def corpus_raw() -> Path:
    return Path(__file__).resolve().parents[2] / "corpus" / "raw"


def raw_text() -> str:
    """The bundled plans' raw text, white space dropped (where a reader finds what they print)."""
    return re.sub(r"\s", "", "".join(p.read_text(encoding="utf-8") for p in sorted(corpus_raw().glob("*.txt"))))


def every_term(corpus, weights):
    """(plan A, plan B, pair, term) for every shared term of every pair of the bundled plans."""
    plans = [corpus.get(i) for i in ("xuzhou", "xuzhou-gulou", "lianyungang-haizhou", "zhenjiang-jingkou",
                                     "fuzhou-gulou")]
    for a, b in itertools.combinations(plans, 2):
        al = align_units(a, b, weights)
        for p in al.pairs + al.related:
            for t in p.shared:
                yield a.id, b.id, p, t


def test_terms_hold_compounds_whole(corpus, weights):
    raw = raw_text()
    assert all(k in raw for k in COMPOUNDS)  # each one is printed in a bundled plan
    bad, whole = [], set()
    for a, b, p, t in every_term(corpus, weights):
        # a piece where both plans print the whole compound (one plan saying 计算 alone
        # shares 计算 with another's 云计算 rightly)
        bad += [(a, b, t, k) for k in _piece_of(t, p.a.text) & _piece_of(t, p.b.text)]
        # nor the tail of a number written in digits (万人 of 1.2万人, 亿元以上 of 10亿元以上)
        if _after_digits(t, p.a.text) and _after_digits(t, p.b.text):
            bad.append((a, b, t, "digits"))
        whole |= {k for k in COMPOUNDS if k in t}
    assert not bad
    # and they are offered whole: the segmenter's pieces were what the column showed before
    assert {"区块链", "低效用地", "师德师风", "二〇三五年"} <= whole


# Set phrases of the party's and the state's language, printed whole in two or more bundled plans
# (read in corpus/raw), each four of rjieba's words or more: where both units of a pair print
# one, a shared term holds all of it or none of it. With terms capped at four words, the column
# offered 中心的发展思想, 正经历百年未有, and 高举习近平新时代 beside 中国特色社会主义思想伟大旗帜.
SET_PHRASES = ("以人民为中心的发展思想", "满足人民日益增长的美好生活需要", "百年未有之大变局",
               "习近平新时代中国特色社会主义思想", "高举中国特色社会主义伟大旗帜", "以深化供给侧结构性改革为主线")


def test_terms_hold_set_phrases_whole(corpus, weights):
    raw = raw_text()
    assert all(raw.count(k) >= 2 for k in SET_PHRASES)
    assert all(len(rjieba.cut(k)) >= 4 for k in SET_PHRASES)
    bad, whole = [], set()
    for a, b, p, t in every_term(corpus, weights):
        bad += [(a, b, t, k) for k in _piece_of(t, p.a.text, SET_PHRASES) & _piece_of(t, p.b.text, SET_PHRASES)]
        whole |= {k for k in SET_PHRASES if k in t}
    assert not bad
    assert {"以人民为中心的发展思想", "满足人民日益增长的美好生活需要", "百年未有之大变局"} <= whole
