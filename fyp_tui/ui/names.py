"""Plan names for the screens, read from the corpus manifest (``Corpus.meta``).

A name needs only a plan's metadata. Reading it as ``corpus.plans[pid].meta`` decodes
the whole plan, and doing that for every plan (a filter list, the palette, the compare
picker) decoded 10,000 plans — 30 s with the app frozen and 4.5 GB — before a screen
opened. These read the manifest and return terminal-safe strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus import Corpus
from .text import safe


def place(corpus: Corpus, pid: str) -> str:
    """福州鼓楼区, or the plan id when the place is unknown."""
    return safe(corpus.meta(pid).place or pid, one_line=True)


def plan_name(corpus: Corpus, pid: str, sep: str = " ") -> str:
    """福州鼓楼区 纲要: the place and the kind of plan."""
    m = corpus.meta(pid)
    return safe(f"{m.place or pid}{sep}{m.kind_label}", one_line=True)


def short_name(corpus: Corpus, pid: str) -> str:
    """福州鼓楼区纲要: ``plan_name`` run together, for heads and table cells."""
    return plan_name(corpus, pid, sep="")


@dataclass(frozen=True)
class Listing:
    """Every plan's place and name, and the provinces, for the screens that list every
    plan (the search filters, the compare picker, the palette): ~0.1 s at 10,000 plans,
    made once a corpus by a worker after the first frame (``FypApp.plan_listing``)."""

    corpus: Corpus
    places: dict[str, str]  # plan id → ``place``
    names: dict[str, str]  # plan id → ``plan_name``
    provinces: list[str]
    province_of: dict[str, str]  # plan id → its province ("" when unknown), as the manifest has it


def listing(corpus: Corpus) -> Listing:
    from ..ingest.gazetteer import division_key

    province_of = {pid: corpus.meta(pid).province for pid in corpus.plans}
    return Listing(corpus, {pid: place(corpus, pid) for pid in corpus.plans},
                   {pid: plan_name(corpus, pid) for pid in corpus.plans},
                   # every province named by a plan, in the order of their division codes
                   sorted(set(province_of.values()) - {""}, key=division_key), province_of)


def region_plans(corpus: Corpus, around: str, most: int) -> tuple[list[str] | None, str]:
    """The plans a corpus-wide view (targets: a column a plan) shows, and what they are.

    Every plan when there are at most ``most``; else the plans of ``around``'s city
    (its province when the city has one plan or it is a province's plan), in the
    order of their division codes, at most ``most``. With no plan at hand, the first
    ``most`` plans. None means every plan.
    """
    ids = list(corpus.plans)
    if len(ids) <= most:
        return None, ""
    from ..ingest.gazetteer import division_key

    def key(pid: str):
        m = corpus.meta(pid)
        # national plans first, plans of no known province last (as in the tree)
        return m.level != "national", division_key(m.province or "\uffff", m.city, m.county or m.district), pid

    region = ""
    if around in corpus.plans:
        m = corpus.meta(around)
        place = (m.city, m.province)
        same_city = [p for p in ids if m.city and (corpus.meta(p).city, corpus.meta(p).province) == place]
        if len(same_city) > 1:
            ids, region = same_city, safe(m.city, one_line=True)
        elif m.province:
            ids, region = [p for p in ids if corpus.meta(p).province == m.province], safe(m.province, one_line=True)
    ids.sort(key=key)
    if around in ids[most:]:  # the plan at hand always stands among those shown
        ids.remove(around)
        ids.insert(0, around)
    shown = ids[:most]
    total = len(corpus.plans)
    if region:
        some = f"{len(shown)} of the {len(ids):,}" if len(ids) > len(shown) else f"the {len(shown)}"
        return shown, f"{some} plans of {region}, of {total:,} in the corpus (open it from a plan for its region)"
    return shown, f"the first {len(shown)} of {total:,} plans (open it from a plan for that plan's region)"
