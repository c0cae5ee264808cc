"""What two paired units share, as words and phrases: the terms column of a compare.

Terms are runs of whole words (rjieba's segmentation) found in both units, weighed by
how rare they are in the corpus. The segmenter splits compounds it does not know into a
word and a lone character (区块|链, 适|老化, 师德师|风, 低|效用|地): a run cut next to such
a character reads as a fragment (推动区块, 老化改造). So a term is made whole first: where
every occurrence in both units has the same character glued beside it (a lone bound
character, or one making a dictionary word with the term's edge), the term takes it; where
each occurrence in one unit is certainly glued (the edge cuts a word of that unit, or a
number goes on) to something it cannot take, the term is no term (二〇三五年 against
二三五年 gives 三五年远景目标).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..numerals import NUMBER_CHARS
from ..textnorm import is_cjk
from .units import Unit
from .weights import Weights

SHARED_TERMS = 8
# Longest shared phrase, in words: a clause of a plan's sentence rarely holds more, and a longer
# shared run is shared text (the panes mark it), not a term. At four, set phrases came in pieces
# (中心的发展思想 out of 以人民为中心的发展思想).
PHRASE_WORDS = 10
GLUE_MAX = 3  # characters a term may take on each side
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇]+")
# jieba's tags of words that stand apart: conjunctions, prepositions, particles (u, uj, ul, uv, …),
# pronouns, adverbs, localisers, numerals and measure words (多, 年, 个: a number that goes on is
# told by its digits), modal particles, interjections, onomatopoeia, time
_APART = ("c", "p", "u", "r", "d", "f", "m", "q", "y", "e", "o", "t")
# verbs of one character that are words of their own (到2025年, 是…, 让…): not a split compound
_LIGHT_VERBS = frozenset("到达有是做要让使可来去在把被将给用占")
# adjectives, distinguishers, prefixes and verbs open the word after them (新基建, 适老化), never
# close the one before (达到新, 发展走): only a noun or a suffix does (区块链, 集聚区, 现代化)
_OPENERS = ("a", "b", "h", "v")

# A heading's label (第一节, 第十二章): both units open with one, it says nothing they share.
_LABEL = re.compile(r"第[〇零一二三四五六七八九十百千两\d]+[篇编章节条部分]+")
_LABEL_START = re.compile(r"^(?:" + _LABEL.pattern + ")+")


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech tag) of ``text``, cached: paired units are read again and again."""
    import rjieba

    return tuple(rjieba.tag(text))


@lru_cache(maxsize=4096)
def _bound(text: str) -> tuple[frozenset[int], dict[int, bool], frozenset[int]]:
    """Where words of ``text`` start; where lone bound characters sit (one-character words that
    are neither function words nor light verbs: 链, 适, 风, 低), each with whether it may close a
    term (a modifier such as 新, 大, 非 only opens one: 新基建, but not 达到新); where function
    words of one character sit, which build no word with a neighbour whatever the dictionary
    holds (目标|的 is not 标的, 各|方面 not 各方)."""
    starts: set[int] = set()
    lone: dict[int, bool] = {}
    grammar: set[int] = set()
    pos = 0
    for word, tag in _words(text):
        starts.add(pos)
        if len(word) == 1 and is_cjk(word):
            # 地 read as a particle is often 用地 or 土地, and an adverb such as 不 builds words (不平衡)
            if tag.startswith(_APART) and tag not in ("uv", "d"):
                grammar.add(pos)
            elif not tag.startswith(_APART) and word not in _LIGHT_VERBS:
                lone[pos] = not tag.startswith(_OPENERS)
        pos += len(word)
    starts.add(pos)
    return frozenset(starts), lone, frozenset(grammar)


@lru_cache(maxsize=4096)
def _phrases(text: str, longest: int = PHRASE_WORDS) -> frozenset[str]:
    """Every run of 1..``longest`` consecutive all-Han words that starts and ends with a word of
    two characters or more (not 的/以/为): terms are always cut at word boundaries."""
    toks = [w for w, _ in _words(text)]
    out: set[str] = set()
    for i in range(len(toks)):
        for n in range(1, longest + 1):
            run = toks[i : i + n]
            if len(run) < n or not all(_HAN.fullmatch(t) for t in run):
                break
            if (len(run[0]) > 1 or _opens_frame(run)) and len(run[-1]) > 1:
                out.add("".join(run))
    return frozenset(out)


# Prepositions that open a frame closed inside the phrase: 以…为… (以人民为中心, 以深化…改革为主线)
# reads as a fragment without its 以.
_FRAMES = {"以": "为"}


def _opens_frame(run: list[str]) -> bool:
    close = _FRAMES.get(run[0])
    return close is not None and any(t.startswith(close) for t in run[2:])


Glue = tuple[str, bool] | None


@lru_cache(maxsize=4096)
def _memo(text: str) -> tuple[dict[int, Glue], dict[int, Glue]]:
    """``_glue``'s answers for ``text`` so far: terms starting, and ending, at an offset."""
    return {}, {}


def _glue(text: str, at: int, left: bool) -> Glue:
    """What a term starting (``left``) or ending at offset ``at`` of ``text`` is glued to on
    that side: the character and whether the glue is certain (the edge cuts one of this
    text's words, or a number goes on); an uncertain glue is a lone bound character, or one
    making a dictionary word with the term's edge character (用|地 in 低效用地, 并|举); None
    where a term there stands apart."""
    import rjieba

    starts, lone, grammar = _bound(text)
    near, own = (at - 1, at) if left else (at, at - 1)
    if not (0 <= near < len(text) and 0 <= own < len(text)):
        return None
    if text[near].isdigit() and text[own] in NUMBER_CHARS:  # 万亩 out of 5万亩, 亿元以上 out of 10亿元以上
        return (text[near], True)
    if is_cjk(text[near]):
        certain = at not in starts or (text[near] in NUMBER_CHARS and text[own] in NUMBER_CHARS)
        if (certain or near in lone and (left or lone[near])
                or near not in grammar and rjieba.has_word(text[min(near, own)] + text[max(near, own)])):
            return (text[near], certain)
    return None


_UNSEEN = ("", False)


def _beside(text: str, term: str, left: bool) -> list[Glue]:
    """``_glue`` of each occurrence of ``term`` in ``text``, on that side (each offset's
    answer kept with the text: frequent words are asked about again and again)."""
    memo = _memo(text)[0 if left else 1]
    shift = 0 if left else len(term)
    out = []
    at = text.find(term)
    while at >= 0:
        got = memo.get(at + shift, _UNSEEN)
        if got is _UNSEEN:
            got = memo[at + shift] = _glue(text, at + shift, left)
        out.append(got)
        at = text.find(term, at + 1)
    return out


def whole(term: str, a: str, b: str) -> str | None:
    """``term`` with the bound characters (up to ``GLUE_MAX`` a side) that every occurrence in
    ``a`` and ``b`` has beside it; None when each occurrence in one text is certainly glued to
    something it cannot take (different characters, or more than ``GLUE_MAX``): a piece of a
    word or a number (三五年远景目标 from 二〇三五年 and 二三五年)."""
    for left in (True, False):
        for step in range(GLUE_MAX + 1):
            ga, gb = _beside(a, term, left), _beside(b, term, left)
            chars = {g[0] if g else None for g in ga + gb}
            if chars == {None}:
                break
            if None not in chars and len(chars) == 1 and step < GLUE_MAX:
                char = chars.pop()
                assert char is not None
                term = char + term if left else term + char
                continue
            if all(g and g[1] for g in ga) or all(g and g[1] for g in gb):
                return None
            break  # glued in some places only, or to a character it may go without
    return term


def _overlap(x: str, y: str) -> bool:
    """Two terms that say the same thing: they share half the bigrams of the shorter."""
    bx = {x[i : i + 2] for i in range(len(x) - 1)}
    by = {y[i : i + 2] for i in range(len(y) - 1)}
    return 2 * len(bx & by) >= min(len(bx), len(by))


def shared_terms(a: Unit, b: Unit, weights: Weights, places: re.Pattern | None = None,
                 k: int = SHARED_TERMS) -> tuple[str, ...]:
    """The words and phrases the two units share, weightiest first.

    A term's weight is the summed idf of its character bigrams and trigrams over the
    corpus, each down-weighted by the share of plans using it (``Weights.term_weight``),
    so boilerplate every plan says weighs nothing and a longer specific
    phrase outweighs its parts; a term sharing half its bigrams with a weightier chosen one
    is skipped. Computed from the intersection of the two texts' phrases, made whole
    (``whole``) over both texts, so it is the same for (b, a)."""
    weigh = weights.phrase_weight
    # boilerplate (weighing nothing) is left out before it is made whole: the most frequent
    # words, the costliest to look at, and what they grow into is as common
    found = [t for t in _phrases(a.text) & _phrases(b.text) if weigh(t) > 0]
    made = (whole(t, a.text, b.text) for t in found)
    # a label glued to its title (第一节指导思想) shares the title only
    terms = {t for t in (_LABEL_START.sub("", w) for w in made if w) if len(t) >= 2}
    scored = []
    for term in terms:
        if places is not None and places.search(term):
            continue
        w = weigh(term)
        if w > 0:
            scored.append((-w, -len(term), term))
    chosen: list[str] = []
    for _, _, term in sorted(scored):
        if any(_overlap(term, t) for t in chosen):
            continue
        chosen.append(term)
        if len(chosen) >= k:
            break
    return tuple(chosen)
