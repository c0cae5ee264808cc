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


@pytest.mark.parametrize("written, shown", [
    ("历史违建处置率 100% .", "历史违建处置率100%。"),  # 福州鼓楼's PDF text: a paragraph's last stop
    ("力争数字经济规模占GDP比重达70% .", "力争数字经济规模占GDP比重达70%。"),
    ("新建和提升沿河绿道约 33 公里 .", "新建和提升沿河绿道约33公里。"),
    ("打造地标性文化创意CBD .", "打造地标性文化创意CBD。"),
    ("治理水土流失面积1 .", "治理水土流失面积1 ."),  # 云南日报: 1 . / 2万平方公里, a decimal wrapped
    ("1. 重大产业项目", "1.重大产业项目"),  # a list label keeps its point
    ("详见 www.gov.cn.", "详见www.gov.cn."),  # a Latin word's point stays
    ("Table 2.", "Table 2."),  # no Chinese in the line: nothing to convert
    ("GDP grew 5 .", "GDP grew 5 ."),
])
def test_a_chinese_lines_last_ascii_stop_after_a_percentage_is_a_full_stop(written, shown):
    assert normalize(written) == shown
