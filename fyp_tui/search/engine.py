"""Search: split the query into words, run each word's tiers, build results.

Tiers rank exact > traditional > homophone > typo > split > pinyin; a lower tier
never reports text a higher one already matched, nor text that is another word
(see ``words``). ``auto`` mode tries the Chinese tiers for a query with Han
characters, exact and pinyin for Latin letters, exact otherwise, and stops at the
first tier that finds anything: a word with exact hits reports exact hits only,
which is what ``fyp terms`` counts. ``fuzzy`` runs every tier in full.

White space separates words, ``"…"`` marks a phrase. Several words match a unit
(paragraph, box entry, table row…) holding each of them; counts are then units.
Counts cover every match; only the best ``limit`` units become ``Hit`` objects.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from .. import gcpause
from ..textnorm import has_cjk, normalize, strip_controls
from . import tiers as T
from ..model import Plan, PlanMeta, Section
from . import budget
from .cache import healing
from .exact import by_pread, exact_tier, holding, positions
from .index import SearchIndex
from .scan import CAP, Match, Scanner, Stopped
from .pinyin import looks_like_pinyin, parse
from .results import MODES, TIERS, Filters, Hit, SearchResult
from .units import HEADING, display_span, key, unit_text
from .simplified import simplified
from .variants import Readings
from .words import is_word

LONG_QUERY = 40  # longer queries are matched exactly only
CHINESE_TIERS = ("exact", "traditional", "homophone", "typo", "split")


def prepare(query: str) -> str:
    """The query as a unit key: controls dropped, normalised, no white space, ASCII lower."""
    return key(normalize(strip_controls(query or "")))


def searchable(q: str) -> bool:
    return any(c.isalnum() for c in q)


def choose_tiers(q: str, mode: str) -> tuple[list[str], str]:
    """The tiers to run for prepared query ``q`` in ``mode``, and a note for humans."""
    latin = looks_like_pinyin(q)
    if mode == "exact":
        tiers = ["exact", "traditional"]
    elif mode == "pinyin":
        if not latin:
            return ["exact", "traditional"], "pinyin mode needs Latin letters: exact search instead"
        tiers = ["pinyin"]
    elif mode == "fuzzy" or has_cjk(q):
        tiers = list(CHINESE_TIERS) + (["pinyin"] if latin else [])
    elif latin:
        tiers = ["exact", "pinyin"]
    else:
        tiers = ["exact"]
    note = ""
    if len(q) == 1 and len(tiers) > 2:
        tiers, note = [t for t in tiers if t in ("exact", "traditional")], "one character: exact matches only"
    elif len(q) > LONG_QUERY and len(tiers) > 2:
        tiers, note = ["exact", "traditional"], f"query over {LONG_QUERY} characters: exact matches only"
    if not T.typo_budget(len(q)):
        tiers = [t for t in tiers if t != "typo"]
    if not T.SPLIT_MIN <= len(q) <= T.SPLIT_MAX:
        tiers = [t for t in tiers if t != "split"]
    return tiers, note


def readings_of(index: SearchIndex) -> Readings:
    return index.derived("_readings", lambda: Readings(index.readings, index.bound))


def warm_up(index: SearchIndex) -> None:
    """Build what the first queries would otherwise wait for: the segmenter's
    dictionary, pypinyin's readings of the index's characters and the bigram graph
    of the typo tier. Not the headings' tables of title search (the palette builds
    them on its first query): at 10,000 plans they take ~8 s of calls that hold the
    GIL, and the search typed meanwhile waited for them."""
    from .words import warm as warm_words

    with gcpause.paused():  # kept for the life of the process, like the index itself
        warm_words(index)  # the segmenter (its cut dictionary), for the word-edge check
        readings_of(index)
        T.adjacency(index)


def plan_mask(index: SearchIndex, f: Filters) -> list[bool] | None:
    """Which of ``index.plans`` pass the plan-level filters (None: all)."""
    if not (f.plans or f.province or f.city or f.level or f.kind):
        return None
    wanted = set(f.plans)
    mask = []
    meta_of = getattr(index.corpus, "meta", None)  # a lazy corpus answers from its manifest
    for span in index.plans:
        if meta_of is not None and span.id in index.corpus:
            meta = meta_of(span.id)
        else:
            plan = index.corpus.get(span.id)
            meta = plan.meta if plan is not None else PlanMeta()
        mask.append((not wanted or span.id in wanted)
                    and (not f.province or f.province in meta.province)
                    and (not f.city or f.city in meta.city)
                    and (not f.level or f.level == meta.level)
                    and (not f.kind or f.kind in (meta.kind, meta.kind_label)))
    return mask


class UnitFilter:
    """The filters as a predicate on unit ids."""

    def __init__(self, index: SearchIndex, f: Filters):
        self.mask = plan_mask(index, f)
        self.section = f.section
        self._prefix = f.section + "."
        self._index = index

    def units(self) -> list[int]:
        """Every unit id that passes, in order."""
        ix = self._index
        spans = ix.plans if self.mask is None else itertools.compress(ix.plans, self.mask)
        uids = itertools.chain.from_iterable(range(p.first, p.end) for p in spans)
        if not self.section:
            return list(uids)
        return [u for u in uids if self(u)]

    def __call__(self, uid: int) -> bool:
        ix = self._index
        if self.mask is not None and not self.mask[ix.plan_at(uid)]:
            return False
        if self.section:
            sid = ix.sec_ids[ix.unit_sec[uid]]
            return sid == self.section or sid.startswith(self._prefix)
        return True


# A phrase: quotes standing apart around it, or an opening quote standing apart before
# several words not yet closed (typed live: "楼宇 经); an unclosed quote before one word
# is glued to it, the word's own text (“数字 counts “数字, as 数字” counts 数字”).
_WORDS = re.compile(r'(?<!\S)["“”](?:([^"“”]*)["“”](?!\S)|([^"“”]*\S\s+\S[^"“”]*)$)|(\S+)')


def split_words(query: str) -> list[str]:
    """The words of a query: white space between words, ``"…"`` (or “…”) around a
    phrase, the quotes standing apart (a quote glued to text is the text's: plans
    write “十三五”时期). A query of Latin letters only stays one word (``lou yu jing ji`` is
    one pinyin phrase); so does a query of one word. A word of punctuation alone
    (the colon of ``表 1 : 某区``) is no word to look for and is dropped."""
    query = strip_controls(query or "")
    if looks_like_pinyin(query.strip().lower()):
        return [query]
    words = [next(g for g in m.groups() if g is not None) for m in _WORDS.finditer(query)]
    return [w for w in words if searchable(prepare(w))] or [query]


@dataclass
class _Word:
    """What the tiers found for one word: occurrences per plan, the first units."""

    q: str
    counts: list[int]
    tiers: dict[str, int]
    used: list[str]
    message: str
    ranked: list[tuple[str, Match]]  # (tier, match), tiers in rank order
    strings: dict[str, list[str]]  # tier → the strings it matched (exact: the query)
    units: dict[str, set[int]]  # lower tier → the units its matches are in
    ms: dict[str, float] = field(default_factory=dict)  # tier → milliseconds
    capped: bool = False
    cut_short: bool = False
    partial: bool = False
    stopped: bool = False


def _search_word(index: SearchIndex, q: str, raw: str, mode: str, flt, want: int,
                 stop, quick: bool, warm: bool | None = None) -> _Word:
    """Run the tiers for one prepared word ``q``. In ``auto`` mode they run in rank
    order and stop at the first that finds anything (exact and Traditional count as
    one): a query with exact hits reports exact hits only, so its counts are the
    ones ``fyp terms`` gives."""
    tiers, message = choose_tiers(q, mode)
    simple = simplified(index, q)
    if simple == q and "traditional" in tiers:
        tiers.remove("traditional")
    w = _Word(q, [0] * len(index.plans), {}, [], message, [], {}, {})
    exacts = [(t, s) for t, s in (("exact", q), ("traditional", simple)) if t in tiers]
    for tier, s in exacts:
        t0 = time.perf_counter()
        c, found = exact_tier(index, s, flt, want, warm)
        w.ms[tier] = (time.perf_counter() - t0) * 1000
        w.counts = [x + y for x, y in zip(w.counts, c)]
        w.tiers[tier] = sum(c)
        w.used.append(tier)
        w.ranked += [(tier, m) for m in found]
        w.strings[tier] = [s]
    lower = [t for t in tiers if t not in ("exact", "traditional")]
    if mode == "auto" and sum(w.tiers.values()):
        return w
    if mode == "auto" and lower and len(simple) >= 2 and has_cjk(simple) and is_word(simple, index):
        # A word the dictionary knows is not a slip: 市长 found nowhere is 0, not the
        # 186 市场 the homophone tier would report in its place.
        w.message = f"{q} is a word and is not in the text; fuzzy mode (--mode fuzzy) tries near spellings"
        return w
    # Text the exact tiers hold is consumed and dropped by every lower tier.
    sc = Scanner(index, flt, stop, blockers=[s for _, s in exacts], quick=quick, warm=warm)
    rd = readings_of(index) if {"homophone", "pinyin"} & set(lower) else None
    try:
        for tier in lower:
            sc.check()
            if quick and len(w.ranked) >= want and tier not in w.tiers:
                w.partial = True  # enough to show: the lower tiers are left for later
                break
            w.used.append(tier)
            t0 = time.perf_counter()
            if tier == "homophone":
                found = T.homophone(sc, simple, rd, want)
            elif tier == "typo":
                found = T.typo(sc, simple, want)
            elif tier == "split":
                found = T.split(sc, simple, want)
            else:
                tokens = parse(_as_typed(raw, q), rd)
                found = T.pinyin(sc, tokens, rd, want) if _pinyin_ok(tokens, raw, mode) else None
                if found is None and tokens and len(tokens) == 2 and not any(t.full for t in tokens):
                    w.message = (f"{raw.strip()}: two initials alone are not searched (they fit most of the "
                                 "text); type three or more, or the syllables in full")
            w.ms[tier] = (time.perf_counter() - t0) * 1000
            if found is None:
                w.tiers[tier] = 0
                continue
            w.tiers[tier] = found.total
            for i, n in found.counts.items():
                w.counts[i] += n
            w.ranked += [(tier, m) for m in found.top]
            w.strings[tier], w.units[tier] = found.strings, found.units
            sc.block(found.strings)
            if mode == "auto" and found.total:
                break
    except Stopped:
        w.stopped = True
    w.capped, w.cut_short = sc.capped, sc.cut_short
    return w


@healing
def search(index: SearchIndex, query: str, mode: str = "auto", filters: Filters | None = None,
           limit: int = 100, stop: Callable[[], bool] | None = None,
           quick: bool = False) -> SearchResult:
    """Search every plan of ``index`` (or those ``filters`` keep) for ``query``.

    One word (or a ``"…"`` phrase): ``total`` and ``counts`` are its occurrences,
    and ``hits`` one row per unit (paragraph, box entry, table row…) with every
    occurrence's span. Several words: a match is a unit holding every word (each
    found by the same tiers as alone), and the counts are such units.

    ``stop`` is asked between tiers and now and then inside them; when it answers
    True the search ends early and the result is marked ``stopped`` (the app passes
    its worker's cancellation, so a superseded query stops holding the CPU).

    ``quick`` asks for a first look: the search ends as soon as it holds ``limit``
    hits (a tier that has to scan stops there too). If it had to cut anything
    short, the result is marked ``partial`` and its counts are floors; the app
    paints it at once and then runs the full search."""
    t0 = time.perf_counter()
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: one of {', '.join(MODES)}")
    result = SearchResult(query=query, mode=mode, total=0, counts={}, hits=[])
    words = split_words(query)
    qs = [prepare(x) for x in words]
    if not any(qs):
        result.message = "empty query"
        return _done(result, t0)
    if not all(map(searchable, qs)):
        result.message = "nothing to search for: the query has no letters, digits or Chinese characters"
        return _done(result, t0)
    limit = max(0, limit)
    flt = UnitFilter(index, filters) if filters else None
    # Has this process searched before? Asked once per search, for every word and tier
    # of it: a fresh ``fyp search`` reads with pread, not through the memory map.
    warm = index.asked_before("search")
    if len(qs) == 1:
        w = _search_word(index, qs[0], words[0], mode, flt, limit, stop, quick, warm)
        rows = _by_unit(w.ranked)
        counts, found = w.counts, [w]
    else:
        found = [_search_word(index, q, x, mode, flt, 0, stop, False, warm) for q, x in zip(qs, words)]
        result.counting = "units"
        counts, rows, units_by_tier = _all_words(index, found, flt, limit, warm)
    if any(w.stopped for w in found):
        result.stopped = True
        result.message = "stopped: a newer query took over"
        return _done(result, t0)
    result.used = tuple(dict.fromkeys(t for w in found for t in w.used))
    result.message = "; ".join(dict.fromkeys(w.message for w in found if w.message))
    result.partial = any(w.partial or w.cut_short for w in found)
    if any(w.capped for w in found):
        note = f"fuzzy matches stopped at {CAP:,} per tier: their counts are a floor"
        result.message = "; ".join(x for x in (result.message, note) if x)
    result.counts = {p.id: n for p, n in zip(index.plans, counts) if n}
    result.total = sum(counts)
    for w in found:
        for t, ms in w.ms.items():
            result.tier_ms[t] = result.tier_ms.get(t, 0.0) + ms
    tier_counts: dict[str, int] = found[0].tiers if len(found) == 1 else units_by_tier
    result.tiers = {t: tier_counts[t] for t in TIERS if t in tier_counts}
    result.hits = [make_hit(index, tier, m) for tier, m in rows[:limit]]
    if not result.total and not result.message:  # a 0 says what was looked for
        searched = f"(searched: {', '.join(result.used) or 'nothing'})" + (
            "; auto mode also reads pinyin and near spellings" if mode == "exact" else "")
        if len(found) > 1:  # and how far each word is from it on its own
            alone = ", ".join(f"{x} {sum(w.counts):,}" for x, w in zip(words, found))
            result.message = f"no paragraph, box entry or table row holds every word; alone: {alone} {searched}"
        else:
            result.message = f"{query.strip()} is not in the text {searched}"
    return _done(result, t0)


def _by_unit(ranked: list[tuple[str, Match]]) -> list[tuple[str, Match]]:
    """One row per unit: its best tier and score, every span of every tier, rows in
    tier order and within a tier in the tier's own order."""
    order = {t: i for i, t in enumerate(TIERS)}
    ranked = sorted(ranked, key=lambda tm: order[tm[0]])  # stable
    rows: dict[int, tuple[str, float, set]] = {}
    for tier, (uid, score, spans) in ranked:
        row = rows.get(uid)
        if row is None:
            rows[uid] = (tier, score, set(spans))
        else:
            row[2].update(spans)
    return [(t, (u, sc, tuple(sorted(sp)))) for u, (t, sc, sp) in rows.items()]


def _holding(index: SearchIndex, s: str, warm: bool) -> set[int]:
    """The units whose key holds ``s`` (postings narrow, a byte search decides: read as
    the exact tier reads its candidates, ``exact.by_pread``)."""
    cands = index.candidates(s)
    if len(s) <= 2:  # a character's or a bigram's postings are exact
        return set(cands)
    cands = cands if isinstance(cands, list) else list(cands)
    return set(holding(index, s, cands, pread=by_pread(index, cands, warm)))  # sorted, as the exact tier reads them


def _all_words(index: SearchIndex, words: list[_Word], flt, limit: int, warm: bool = True):
    """Units holding every word, counted per plan; the first ``limit`` of them as
    rows (units where every word matched exactly first) with every word's spans;
    and the units per tier (exact: every word exact; else the lowest tier used)."""
    exact_units = []
    every = []
    for w in sorted(words, key=lambda w: sum(w.counts)):
        ex: set[int] = set()
        for tier in ("exact", "traditional"):
            for s in w.strings.get(tier, ()):
                ex |= _holding(index, s, warm)
        units = set(ex)
        for u in w.units.values():
            units |= u
        exact_units.append(ex)
        every.append(units)
        if not units:
            break
    hold = set.intersection(*every) if every else set()
    if flt is not None:
        hold = {u for u in hold if flt(u)}
    ordered = sorted(hold)
    counts = [0] * len(index.plans)
    for u in ordered:
        counts[index.plan_at(u)] += 1
    all_exact = set.intersection(*exact_units) & hold if len(exact_units) == len(words) else set()
    rows = []
    for u in sorted(ordered, key=lambda u: (u not in all_exact, u))[:limit]:
        key = index.unit_key(u)
        spans = set()
        for w in words:
            for strings in w.strings.values():
                for s in strings:
                    spans.update((p, p + len(s)) for p in positions(key, s, 0, len(key)))
        tier = "exact" if u in all_exact else next(
            (t for t in TIERS[2:] if any(u in w.units.get(t, ()) for w in words)), "exact")
        rows.append((tier, (u, 100.0 if tier == "exact" else 50.0, tuple(sorted(spans)))))
    lowest = next((t for t in reversed(TIERS) if any(t in w.units for w in words)), "exact")
    by_tier = {"exact": len(all_exact)}
    if len(hold) > len(all_exact):
        by_tier[lowest] = len(hold) - len(all_exact)
    return counts, rows, by_tier


def _as_typed(raw: str, q: str) -> str:
    """A Latin query as typed, its spaces kept (``y s h j``: a space cuts the pinyin; the
    prepared key ``q`` has none)."""
    typed = normalize(strip_controls(raw)).lower()
    return typed if looks_like_pinyin(typed) else q


def _pinyin_ok(tokens, query: str, mode: str) -> bool:
    """Two or more tokens; when all are bare initials, at least three, and in auto mode
    only if typed in lower case (``CBD`` is an acronym, ``lyjj`` initials)."""
    if not tokens or len(tokens) < 2:
        return False
    if any(t.full for t in tokens):
        return True
    return len(tokens) >= 3 and (mode == "pinyin" or not any(c.isupper() for c in query))


def _done(result: SearchResult, t0: float) -> SearchResult:
    result.elapsed_ms = (time.perf_counter() - t0) * 1000
    return result


KEEP_PLANS = 8  # decoded plans kept for snippets (hits come in corpus order: a plan's hits are together)
KEEP_SNIPPETS = 4096  # units' display texts and headings' paths kept (an app result list shows 200)


def _recent(index: SearchIndex, name: str, limit: int) -> budget.Recent:
    got = index.__dict__.get(name)
    if got is None:
        got = index.__dict__.setdefault(name, budget.Recent(limit))
    return got


def plan_of(index: SearchIndex, plan_id: str) -> Plan:
    """A plan of the index's corpus, for snippets. The last ``KEEP_PLANS`` are kept; a
    lazy corpus's plan is read without the corpus keeping it (a long-lived process
    showing hits from thousands of plans would otherwise hold every one decoded:
    ~250 KB a plan at 1,000 plans, as sections by id)."""
    return _plan_entry(index, plan_id)[0]


def section_of(index: SearchIndex, plan_id: str, sid: str) -> Section:
    return _plan_entry(index, plan_id)[1][sid]


def _plan_entry(index: SearchIndex, plan_id: str) -> tuple[Plan, dict[str, Section]]:
    cache = _recent(index, "_plans", KEEP_PLANS)
    got = cache.get(plan_id)
    if got is None:
        read = getattr(index.corpus, "read", None)
        try:
            plan = read(plan_id) if read is not None else index.corpus.get(plan_id)
        except KeyError:
            plan = None
        if plan is None:
            raise KeyError(f"plan {plan_id!r} is not attached to the index")
        got = (plan, {s.id: s for s in plan.walk()})
        cache.put(plan_id, got)
    return got


def shown_text(index: SearchIndex, uid: int, plan_id: str, sid: str) -> str:
    """The display text of unit ``uid`` (kept for the last ``KEEP_SNIPPETS`` units)."""
    cache = _recent(index, "_shown", KEEP_SNIPPETS)
    got = cache.get(uid)
    if got is None:
        sec, block = section_of(index, plan_id, sid), index.unit_block[uid]
        # a heading as the tree, the path and title search write it: 第一节 推进…
        got = _spaced(sec.heading, sec.label) if block == HEADING else unit_text(sec, block, index.unit_item[uid])
        cache.put(uid, got)
    return got


def _spaced(heading: str, label: str) -> str:
    """第一节 发展基础 for the heading 第一节发展基础 (as the outline and the tree write it);
    only a space is put in, so spans found on the heading map onto it (``display_span``)."""
    if label and heading.startswith(label) and len(heading) > len(label) and not heading[len(label)].isspace() \
            and not label.endswith(("、", "．", ".", "）", ")")):
        return f"{label} {heading[len(label):]}"
    return heading


def _shown_heading(sec: Section) -> str:
    """A section's heading as a hit shows it: ``_spaced``, or its label and title as
    written where the title keeps a space the heading (normalised) lost and, spaces
    aside, is as long as the heading (as written and normalised map character for
    character, so the spans found on the heading fall on the same characters):
    第三章 不断提高发展质效 着力打造实力海州, as the outline and the tree write it."""
    if not sec.heading:
        return sec.display_title
    spaced = _spaced(sec.heading, sec.label)
    shown = sec.display_title
    if " " in sec.title and len("".join(shown.split())) == len("".join(spaced.split())):
        return shown
    return spaced


def _section_record(index: SearchIndex, plan_id: str, sid: str) -> tuple[str, list[str], str, str]:
    """A section's heading as shown, the titles of its path, its label and its title,
    kept for the last ``KEEP_SNIPPETS`` sections, like the units' texts: a repeated
    query's hits are made without decoding their plans again (``KEEP_PLANS`` are kept)."""
    cache = _recent(index, "_headings_shown", KEEP_SNIPPETS)
    got = cache.get((plan_id, sid))
    if got is None:
        sec = section_of(index, plan_id, sid)
        got = (_shown_heading(sec),
               [s.display_title for s in plan_of(index, plan_id).path(sid)], sec.label, sec.title)
        cache.put((plan_id, sid), got)
    return got


def heading_path(index: SearchIndex, plan_id: str, sid: str) -> tuple[str, list[str]]:
    """A section's heading as shown and the titles of its path (title search's hits)."""
    shown, path, _, _ = _section_record(index, plan_id, sid)
    return shown, path


def section_names(index: SearchIndex, plan_id: str, sid: str) -> tuple[str, str, list[str]]:
    """A section's label, title and the titles of its path (what a hit names)."""
    _, path, label, title = _section_record(index, plan_id, sid)
    return label, title, path


def make_hit(index: SearchIndex, tier: str, m: Match) -> Hit:
    uid, score, spans = m
    pid = index.plans[index.plan_at(uid)].id
    sid = index.sec_ids[index.unit_sec[uid]]
    block, item = index.unit_block[uid], index.unit_item[uid]
    shown = shown_text(index, uid, pid, sid)
    label, title, path = section_names(index, pid, sid)
    if index.starts[uid + 1] - index.starts[uid] - 1 == len(shown):  # no white space: key = text
        dspans = [(s, e) for s, e in spans]
    else:
        dspans = [display_span(shown, s, e) for s, e in spans]
    return Hit(plan=pid, section=sid, block=block, item=item, tier=tier, score=round(score, 2),
               matched=shown[dspans[0][0] : dspans[-1][1]], spans=dspans, text=shown,
               label=label, title=title, path=list(path))
