"""Five-year-plan periods and their years: 十四五 runs 2021–2025 from a 2020 base."""

from __future__ import annotations

from ..numerals import cn_to_int


def period_end(period: str) -> int | None:
    """十四五 → 2025, 十三五 → 2020, 十五 → 2005 (from 三五 on the n-th plan ends in 1955 + 5n)."""
    p = period.strip("“”\"")
    if len(p) < 2 or not p.endswith("五"):  # 十五 and 九五 are two characters
        return None
    n = cn_to_int(p[:-1])
    if n in _FIRST_TWO:
        return _FIRST_TWO[n]
    return 1955 + 5 * n if n else None


_FIRST_TWO = {1: 1957, 2: 1962}  # 一五 1953–1957, 二五 1958–1962; then three years of adjustment


def base_year(period: str) -> int | None:
    """The year a period's targets are measured from: 十四五 → 2020."""
    end = period_end(period)
    return end - 5 if end else None
