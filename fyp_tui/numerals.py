"""Chinese numerals as numbers: 十四 → 14, 二〇三五 → 2035, and dates written with them;
the brackets plans put around a five-year total (【23】, 〔13.5〕)."""

from __future__ import annotations

import re

_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
HAN_NUMERALS = "".join(_DIGITS) + "".join(_UNITS) + "万亿"  # every character a Chinese number is written with
NUMBER_CHARS = frozenset(HAN_NUMERALS + "0123456789０１２３４５６７８９")  # … and the digits, half and full width
# What a year written digit by digit in Chinese (二〇三五) may hold where 〇 was typed or
# read by OCR as a zero or a letter O: 二0三五, 二０三五, 二O三五.
_ZERO_LIKE = "OoＯｏ"
YEAR_DIGIT = "〇零○一二三四五六七八九0-9０-９" + _ZERO_LIKE  # a regex class's contents


def cn_to_int(s: str) -> int | None:
    """Read 一…九千九百九十九, digit-by-digit years (二〇二〇), or Arabic digits."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _DIGITS for c in s):
        # Digit by digit, as years are written: 二〇二〇 → 2020.
        return int("".join(str(_DIGITS[c]) for c in s))
    if (any(c in _DIGITS for c in s) and all(c in _DIGITS or c in _ZERO_LIKE or c.isdigit() for c in s)
            and s[0] not in _ZERO_LIKE + "0０〇零○"):  # a year's first digit is never 0 (Oo一o is no year)
        # A year of Chinese digits with its 〇 typed as 0 or O (二0三五 → 2035).
        return int("".join(str(_DIGITS[c]) if c in _DIGITS else "0" if c in _ZERO_LIKE else str(int(c))
                           for c in s))
    total, cur = 0, 0
    for c in s:
        if c in _DIGITS:
            cur = _DIGITS[c]
        elif c in _UNITS:
            total += (cur or 1) * _UNITS[c]
            cur = 0
        else:
            return None
    return total + cur


_DATE_RE = re.compile(
    rf"([{YEAR_DIGIT}]{{4}})\s*年\s*([一二三四五六七八九十\d]{{1,3}})\s*月"
    r"(?:\s*([一二三四五六七八九十\d]{1,3})\s*日)?"
)


def find_date(s: str) -> tuple[str, int, int] | None:
    """The first date in ``s`` as ISO (YYYY-MM-DD or YYYY-MM) with its span."""
    m = _DATE_RE.search(s)
    if not m:
        return None
    y, mo = cn_to_int(m.group(1)), cn_to_int(m.group(2))
    if y is None or mo is None or not (1 <= mo <= 12):
        return None
    if m.group(3):
        d = cn_to_int(m.group(3))
        if d is None or not (1 <= d <= 31):
            return None
        return f"{y:04d}-{mo:02d}-{d:02d}", m.start(), m.end()
    return f"{y:04d}-{mo:02d}", m.start(), m.end()


# A five-year total as plans write it: 【23】, 〔13.5〕 (the national plans), ［23］.
_TOTALS = (("【", "】"), ("〔", "〕"), ("［", "］"))
TOTAL_OPENERS = "".join(a for a, _ in _TOTALS)


def cumulative_value(v: str) -> str | None:
    """The value inside a five-year total's brackets (``〔13.5〕`` → 13.5), else None."""
    for a, b in _TOTALS:
        if len(v) > 2 and v.startswith(a) and v.endswith(b):
            return v[1:-1]
    return None
