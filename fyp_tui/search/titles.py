"""Title search over every section heading of every plan, for jump-to.

Headings holding the query come first (shorter headings higher), then fuzzy matches
(rapidfuzz ``partial_ratio`` on the heading keys); a Latin query is also matched
against each heading's pinyin, full and initials. Traditional input is converted.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from .engine import UnitFilter, prepare, searchable, section_of
from .index import SearchIndex
from .pinyin import looks_like_pinyin
from .results import Filters, TitleHit
from .units import HEADING, display_span
from .variants import readings, to_simplified


class _Headings:
    """The heading units of an index, their keys and (lazily) their pinyin."""

    def __init__(self, index: SearchIndex):
        self.uids = [u for u in range(index.n_units) if index.unit_block[u] == HEADING]
        self.keys = [index.unit_key(u) for u in self.uids]
        self._pinyin: tuple[list[str], list[list[int]], list[str]] | None = None

    def pinyin(self) -> tuple[list[str], list[list[int]], list[str]]:
        """Full pinyin of each key, the key offset of each of its letters, and initials."""
        if self._pinyin is None:
            full, where, initials = [], [], []
            for k in self.keys:
                parts, offs, ini = [], [], []
                for i, c in enumerate(k):
                    r = readings(c)
                    syl = r[0] if r else c
                    parts.append(syl)
                    offs += [i] * len(syl)
                    ini.append(syl[0])
                full.append("".join(parts))
                where.append(offs)
                initials.append("".join(ini))
            self._pinyin = (full, where, initials)
        return self._pinyin


def _headings(index: SearchIndex) -> _Headings:
    h = index.__dict__.get("_headings")
    if h is None:
        h = index.__dict__["_headings"] = _Headings(index)
    return h


def search_titles(index: SearchIndex, query: str, limit: int = 20,
                  filters: Filters | None = None) -> list[TitleHit]:
    q = to_simplified(prepare(query))
    if not q or not searchable(q):
        return []
    heads = _headings(index)
    flt = UnitFilter(index, filters) if filters else None
    allowed = [i for i, u in enumerate(heads.uids) if flt is None or flt(u)]
    found: dict[int, tuple[float, tuple[int, int]]] = {}  # heading number → score, key span

    def offer(i: int, score: float, span: tuple[int, int]) -> None:
        if i not in found or found[i][0] < score:
            found[i] = (score, span)

    for i in allowed:
        p = heads.keys[i].find(q)
        if p >= 0:
            offer(i, 90.0 + 10.0 * len(q) / len(heads.keys[i]), (p, p + len(q)))
    if len(found) < limit:
        choices = {i: heads.keys[i] for i in allowed}
        for _, score, i in process.extract(q, choices, scorer=fuzz.partial_ratio,
                                           limit=limit * 2, score_cutoff=60):
            al = fuzz.partial_ratio_alignment(q, heads.keys[i])
            offer(i, min(score, 89.0), (al.dest_start, al.dest_end))
    if looks_like_pinyin(q) and len(found) < limit:
        full, where, initials = heads.pinyin()
        for i in allowed:
            for text, offs in ((full[i], where[i]), (initials[i], None)):
                p = text.find(q)
                if p >= 0:
                    a = offs[p] if offs else p
                    b = offs[p + len(q) - 1] + 1 if offs else p + len(q)
                    offer(i, 80.0 * len(q) / max(len(q), len(text)) + 10, (a, b))
                    break
    ranked = sorted(found.items(), key=lambda kv: (-kv[1][0], heads.uids[kv[0]]))[:limit]
    return [_title_hit(index, heads.uids[i], score, span) for i, (score, span) in ranked]


def _title_hit(index: SearchIndex, uid: int, score: float, span: tuple[int, int]) -> TitleHit:
    pid = index.plans[index.plan_at(uid)].id
    sid = index.sec_ids[index.unit_sec[uid]]
    sec = section_of(index, pid, sid)
    shown = sec.heading or sec.display_title
    spans = [display_span(shown, *span)] if span[1] > span[0] else []
    path = [s.display_title for s in index.corpus[pid].path(sid)]
    return TitleHit(plan=pid, section=sid, title=shown, score=round(score, 1), spans=spans, path=path)
