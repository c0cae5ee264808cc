"""The corpus grouped by place, province → city → plans, as the app's tree shows it.

Headless, so the app computes it in its loading worker: at 10,000 plans reading
every plan's metadata and ordering the groups takes ~0.1 s, too long for the UI
thread. The plans inside a city are left in corpus order; ``ordered`` sorts them
when their group is opened (a sort key a plan costs 0.1–0.2 s at 10,000 plans).
"""

from __future__ import annotations

from typing import NamedTuple

from .corpus import Corpus
from .ingest.gazetteer import division_key
from .model import PlanMeta

NATIONAL = "全国"
NO_PROVINCE = "（省份不详）"
NO_CITY = "（城市不详）"


class CityGroup(NamedTuple):
    city: str  # "" for a province's (or the nation's) own plans
    plans: list[str]  # plan ids, in corpus order


class ProvinceGroup(NamedTuple):
    province: str
    cities: list[CityGroup]  # in the order of their division codes


def place_groups(corpus: Corpus) -> list[ProvinceGroup]:
    """Every plan under its province and city, the places in the order of their
    division codes as government lists give them, the nation first. The places come
    from the corpus manifest: no plan is decoded. A national plan has no province."""
    groups: dict[str, dict[str, list[str]]] = {}
    for pid in corpus.plans:
        m = corpus.place(pid)
        prov = m.province or (NATIONAL if m.level == "national" else NO_PROVINCE)
        city = m.city or ("" if m.level in ("national", "province") else NO_CITY)
        groups.setdefault(prov, {}).setdefault(city, []).append(pid)
    return [ProvinceGroup(prov, [CityGroup(city, groups[prov][city])
                                 for city in sorted(groups[prov], key=lambda c: division_key(prov, c))])
            for prov in sorted(groups, key=lambda g: (g != NATIONAL, division_key(g)))]


def ordered(corpus: Corpus, pids: list[str]) -> list[tuple[str, PlanMeta]]:
    """One place's plans, each with its metadata, as the tree lists them: the city's
    own first, then its counties and districts in the order of their division codes,
    then by id."""
    plans = [(pid, corpus.meta(pid)) for pid in pids]
    return sorted(plans, key=lambda e: (e[1].level != "city", division_key(
        e[1].province, e[1].city, e[1].county or e[1].district), e[0]))
