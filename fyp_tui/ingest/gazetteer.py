"""China's administrative divisions, from the ``cpca`` package's data.

``cpca`` ships the national division codes (GB/T 2260 adcodes: 省 ``XX0000``,
地级 ``XXYY00``, 县级 ``XXYYZZ``; 3,511 units) as ``cpca/resources/adcodes.csv``.
Only that file is read, located with ``importlib.util.find_spec`` so that cpca's
``__init__`` never runs: it imports ``pkg_resources`` (gone from setuptools ≥ 81,
absent from Python ≥ 3.12 venvs) and builds an Aho-Corasick matcher over every
short name. Measured on the shared 2-core dev machine (medians of 7 fresh
processes): ``import cpca`` 349 ms; reading the CSV into this index 24 ms, once
per process, on the first inference. Units the data predates (会理县 became a 市
in 2021) are handled by ``meta._renamed``.

A unit's level comes from its code and its name: 省/自治区/直辖市 → ``province``;
地级市/自治州/地区/盟 → ``city``; 县/自治县/旗/县级市/林区/特区 → ``county``;
市辖区 and 新区 → ``district``. The data's pseudo-units (a 直辖市's ``市辖区`` /
``县`` groups, ``省直辖县级行政区划``) are not cities: their children have no city.
"""

from __future__ import annotations

import csv
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

_PSEUDO = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_COUNTY_AREAS = ("林区", "特区")  # 神农架林区, 六枝特区: county-level, though named 区


class Unit(NamedTuple):
    name: str  # full name, e.g. 昆山市
    code: str  # six-digit adcode, e.g. 320583
    level: str  # province | city | county | district

    def within(self, other: Unit) -> bool:
        """Is ``other`` this unit's ancestor (or the unit itself)?"""
        width = {"province": 2, "city": 4}.get(other.level, 6)
        return self.code[:width] == other.code[:width]


def level_of(name: str, code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    if name.endswith("区") and not name.endswith(_COUNTY_AREAS):
        return "district"
    return "county"


class Gazetteer:
    """Units by full name (a name may be shared: four 鼓楼区) and by code."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for code, name in rows:
            if name in _PSEUDO:
                continue
            unit = Unit(name, code, level_of(name, code))
            self.by_code[code] = unit
            self.by_name.setdefault(name, []).append(unit)
        self.longest = max((len(n) for n in self.by_name), default=0)

    def named(self, name: str) -> list[Unit]:
        return self.by_name.get(name, [])

    def province_of(self, unit: Unit) -> Unit | None:
        return self.by_code.get(unit.code[:2] + "0000")

    def city_of(self, unit: Unit) -> Unit | None:
        if unit.level in ("county", "district"):
            return self.by_code.get(unit.code[:4] + "00")
        return None

    def children_named(self, name: str, parent: Unit | None) -> list[Unit]:
        return [u for u in self.named(name) if parent is None or u.within(parent)]


def _csv_path() -> Path | None:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "resources" / "adcodes.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer | None:
    """The gazetteer, or None when cpca is not installed (inference then names no region)."""
    path = _csv_path()
    if path is None:
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        if "adcode" not in header or "name" not in header:
            return None
        code, name = header.index("adcode"), header.index("name")
        rows = [(r[code][:6], r[name]) for r in reader if len(r) > max(code, name)]
    return Gazetteer(rows)


@lru_cache(maxsize=1 << 14)  # the tree asks once a plan; places repeat (10,000 plans, a few thousand places)
def division_key(*names: str) -> tuple[tuple[int, str], ...]:
    """A sort key putting places in the order of their division codes (GB/T 2260,
    the order of government lists: 北京, 天津, 河北 … 江苏, 浙江, 安徽 …), not of
    their characters' code points. ``names`` go from the province down (province,
    city, county or district); each is looked up within the one before it. A name
    the data does not hold sorts after the known ones, by its characters; an
    empty name (a plan of the level above) sorts first."""
    gaz = gazetteer()
    key: list[tuple[int, str]] = []
    parent: Unit | None = None
    for name in names:
        if not name:  # no city: the province's own plans, first
            key.append((0, ""))
            continue
        units = gaz.children_named(name, parent) if gaz and name and (parent or not key) else []
        unit = min(units, key=lambda u: u.code) if units else None
        key.append((int(unit.code), name) if unit else (1_000_000, name))
        parent = unit
    return tuple(key)
