"""Full-width signs of numbers (real plans as PDF text: 增长７．５％, ＜３５微克／立方米)
fold like full-width digits; a full-width point that is not between digits stays."""

from __future__ import annotations

import pytest

from fyp_tui.targets.periods import period_end
from fyp_tui.textnorm import fold, normalize


@pytest.mark.parametrize("written, shown", [
    ("年均增长７．５％左右", "年均增长7.5%左右"),
    ("控制在＜３５微克／立方米", "控制在<35微克/立方米"),
    ("；２．森林覆盖率提高", "；2．森林覆盖率提高"),  # an inline list label: not a decimal point
    ("增长７．５％．", "增长7.5%．"),  # a sentence's full stop stays
])
def test_signs_of_numbers(written, shown):
    assert normalize(written) == shown
    assert fold(written) == fold(shown)  # the ingest accounting compares folded characters


@pytest.mark.parametrize("period, end", [("一五", 1957), ("二五", 1962), ("三五", 1970), ("十五", 2005), ("九五", 2000),
                                         ("十二五", 2015), ("十四五", 2025), ("五", None), ("十五年", None)])
def test_period_end_years(period, end):
    assert period_end(period) == end
