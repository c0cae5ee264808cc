"""How a number binds: 以上 / 不低于 → ≥, 以内 / 控制在 → ≤, 左右 / 接近 → ≈, 3—5 → range,
年均 (a yearly rate), 累计 / 五年 / 【】 (a five-year total), 翻一番 and 快于GDP增速
(relative), 完成市定任务 (a task set from above).

``parse_value`` reads one value as a table cell writes it (``年均6.5以上``, ``>10``,
``【23】``, ``4以内``); prose uses the same word lists around its numbers. Anything that
is not one number with known words around it stays text.
"""

from __future__ import annotations

import re

from ..numerals import TOTAL_OPENERS, cumulative_value
from .numbers import QUANTITY_RE, quantity_from_match
from .records import APPROX, EQ, GE, GT, LE, LT, RANGE, RELATIVE, TASK, TEXT, Value

# Words (or signs) before the number, longest first.
PREFIX = {
    "不低于": GE, "不少于": GE, "不小于": GE, "达到或超过": GE, "≥": GE, ">=": GE, "≧": GE,
    "不超过": LE, "不高于": LE, "不大于": LE, "≤": LE, "<=": LE, "≦": LE,
    "突破": GT, "超过": GT, "高于": GT, "大于": GT, "超": GT, ">": GT, "＞": GT,
    "低于": LT, "小于": LT, "少于": LT, "<": LT, "＜": LT,
    "接近": APPROX, "约": APPROX, "≈": APPROX, "控制在": LE,
}
# Words after the number (and its unit).
SUFFIX = {"以上": GE, "及以上": GE, "以内": LE, "以下": LE, "之内": LE, "左右": APPROX, "上下": APPROX}

PREFIX_RE = "|".join(re.escape(k) for k in sorted(PREFIX, key=len, reverse=True))
SUFFIX_RE = "|".join(re.escape(k) for k in sorted(SUFFIX, key=len, reverse=True))

ANNUAL_RE = re.compile("年均|每年")
CUMULATIVE_RE = re.compile(f"累计|五年(?:累计|新增|净增|合计)|[{TOTAL_OPENERS}]")
# 完成市定任务 / 市定任务 / 完成上级下达目标
TASK_RE = re.compile(r"^(?:完成)?(?:市定|省定|区定|上级|省市)(?:下达)?(?:的)?(?:任务|目标)$")
# 快于GDP增速 · 与经济增长同步 · 高于全市平均水平
RELATIVE_RE = re.compile(
    r"^(?P<how>快于|高于|略高于|不低于|低于|慢于|与|同)(?P<to>.*?(?:GDP|生产总值|经济)(?:增速|增长(?:率)?)|全[省市国区]平均(?:水平)?)(?:同步)?$"
)
DOUBLE_RE = re.compile(r"(?:实现)?翻(?P<n>一|两|二|三)番(?P<post>以上)?")


def qualifier_of(prefix: str, suffix: str, default: str = EQ) -> str:
    if suffix in SUFFIX:
        return SUFFIX[suffix]
    if prefix in PREFIX:
        return PREFIX[prefix]
    return default


_CELL_RE = re.compile(
    rf"(?P<ann>年均|每年)?(?P<pre>{PREFIX_RE})?(?P<q>{QUANTITY_RE.pattern})(?P<post>{SUFFIX_RE})?"
)


def parse_value(text: str, unit: str = "", cumulative: bool = False) -> Value | None:
    """One value as a table cell (or a prose tail) writes it; None for an empty cell."""
    raw = text.strip()
    if not raw:
        return None
    s = raw.replace(" ", "")
    if (inner := cumulative_value(s)) is not None:  # a five-year total
        s, cumulative = inner, True
    if TASK_RE.match(s):
        return Value(raw, TASK, relative_to=s.removeprefix("完成"), unit=unit)
    m = RELATIVE_RE.match(s)
    if m:
        return Value(raw, RELATIVE, relative_to=m.group("to"), unit=unit)
    m = DOUBLE_RE.fullmatch(s)
    if m:
        times = 2 ** {"一": 1, "两": 2, "二": 2, "三": 3}[m.group("n")]
        return Value(raw, RELATIVE, number=float(times), unit="倍")
    m = _CELL_RE.fullmatch(s)
    if m:
        q = quantity_from_match(m, unit)
        if q is not None:
            qual = RANGE if q.high is not None else qualifier_of(m.group("pre") or "", m.group("post") or "")
            return Value(raw, qual, q.number, q.high, q.unit, annual=bool(m.group("ann")), cumulative=cumulative)
    return Value(raw, TEXT, unit=unit, cumulative=cumulative)
