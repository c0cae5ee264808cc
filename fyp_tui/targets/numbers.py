"""Numbers and units as plans write them: 16万元, 1.5万, 两千亿, 6.5%, 3—5个, 1,000.

Builds on ``fyp_tui.numerals.cn_to_int`` (一…九千九百九十九, 二〇三五) and adds the
large magnitudes 万 / 亿 / 万亿, decimals, thousands separators and units. A
``Quantity`` keeps the number as written (16 for 16万元) and its scale (1e4), so
``value`` is 160000 in the base unit (元); values from different plans compare on
``value`` and ``base_unit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import cn_to_int

CN_DIGITS = "〇零一二两三四五六七八九十百千"
_MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "万": 1e4}

# Base units, longest first so 个百分点 wins over 个, 平方公里 over 公里.
BASE_UNITS = sorted(
    """个百分点 百分点 % ‰ 元/平方米 元/m2 公顷/亿元 微克/立方米 微克/m3 吨标准煤 平方公里 平方米 m2
    立方米 m3 千瓦时 千瓦 兆瓦 公里 千米 美元 元 人次 人 家 个 件 项 所 座 条 张 床 岁 年 天 次
    米 亩 公顷 吨 头 羽 辆 台 户 套 间 处 名 位 倍 幢 栋 标箱 艘 场 册 部 万""".split(),
    key=len, reverse=True,
)
_UNIT_RE = "(?:万亿|亿|万)?(?:" + "|".join(re.escape(u) for u in BASE_UNITS if u != "万") + ")|万亿|亿|万"

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = rf"[{CN_DIGITS}]+(?:[万亿][{CN_DIGITS}]+)*"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
UNIT = rf"(?:{_UNIT_RE})"
RANGE_DASH = r"[—–\-~～至到]"

# A year as a date, never a value: 2025年, 二〇三五年.


def cn_number(s: str) -> float | None:
    """Chinese numerals with 万 / 亿: 两千亿 → 2e11, 一万二千 → 12000, 十四 → 14."""
    s = s.strip()
    if not s:
        return None
    for mark, mult in (("亿", 1e8), ("万", 1e4)):
        if mark in s:
            left, _, right = s.partition(mark)
            hi = cn_number(left) if left else 1.0
            lo = cn_number(right) if right else 0.0
            if hi is None or lo is None:
                return None
            return hi * mult + lo
    n = cn_to_int(s)
    return None if n is None else float(n)


def parse_number(s: str) -> float | None:
    """Arabic or Chinese, with separators and a magnitude: 1,000 · 1.5万 · 两千亿."""
    s = s.strip().replace(",", "")
    if not s:
        return None
    mult = 1.0
    for mark, m in _MAGNITUDES.items():
        if s.endswith(mark) and len(s) > len(mark):
            s, mult = s[: -len(mark)], m
            break
    try:
        return float(s) * mult
    except ValueError:
        n = cn_number(s)
        return None if n is None else n * mult


def split_unit(unit: str) -> tuple[float, str]:
    """万元 → (1e4, 元); 亿美元 → (1e8, 美元); % → (1, %); 万 → (1e4, '')."""
    unit = unit.strip().replace("个百分点", "百分点")
    for mark, mult in _MAGNITUDES.items():
        if unit.startswith(mark) and not unit.startswith("万元/"):  # 万元GDP-style ratios stay whole
            rest = unit[len(mark):]
            if rest in BASE_UNITS or rest == "":
                return mult, rest
    return 1.0, unit


class Scaled:
    """``number`` in ``unit`` (16, 万元) read in the base unit: ``value`` 160000, ``base_unit`` 元."""

    number: float | None
    unit: str

    @property
    def scale(self) -> float:
        return split_unit(self.unit)[0]

    @property
    def base_unit(self) -> str:
        return split_unit(self.unit)[1]

    @property
    def value(self) -> float | None:
        return None if self.number is None else self.number * self.scale


@dataclass(frozen=True)
class Quantity(Scaled):
    number: float  # as written, before the unit's magnitude: 16 for 16万元
    unit: str = ""  # as written: 万元, %, 亿美元
    high: float | None = None  # upper end of a range (3—5个)


QUANTITY_RE = re.compile(
    rf"(?P<num>{NUMBER})(?:\s*{RANGE_DASH}\s*(?P<num2>{NUMBER}))?\s*(?P<unit>{UNIT})?"
)


def parse_quantity(s: str, default_unit: str = "") -> Quantity | None:
    """The whole of ``s`` as one quantity (``3—5个``, ``1.5万``, ``16万元``), else None."""
    m = QUANTITY_RE.fullmatch(s.strip())
    if not m:
        return None
    return quantity_from_match(m, default_unit)


def quantity_from_match(m: re.Match, default_unit: str = "") -> Quantity | None:
    num, num2, unit = m.group("num"), m.group("num2"), m.group("unit") or ""
    if not re.match(ARABIC, num) and not unit and not re.search("[万亿]$", num):
        return None  # a bare Chinese numeral is a word (一批, 十四五), not a value
    a = parse_number(num)
    b = parse_number(num2) if num2 else None
    if a is None or (num2 and b is None):
        return None
    return Quantity(a, unit or default_unit, b)


def fmt_number(x: float) -> str:
    """6.5 → '6.5', 16.0 → '16', 1e11 → '100000000000'."""
    return f"{x:.6f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))
