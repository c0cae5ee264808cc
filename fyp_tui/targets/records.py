"""What a target is: an indicator, its target and baseline values, and where it was read.

Plain dataclasses with ``to_dict`` for ``--json``. A ``Value`` keeps the text as
written next to what was read from it; a value that is not a number
(完成市定任务, 分别下降37.5和25) keeps ``number=None`` and its text, never a guess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .numbers import Scaled, fmt_number

# Qualifiers: how the number binds. cumulative / annual are separate flags.
EQ, GE, GT, LE, LT, APPROX, RANGE = "=", "≥", ">", "≤", "<", "≈", "range"
RELATIVE, TASK, TEXT = "relative", "task", "text"


@dataclass
class Value(Scaled):
    text: str  # as written
    qualifier: str = EQ
    number: float | None = None  # as written, before the unit's magnitude (16 for 16万元)
    high: float | None = None  # upper end of a range
    unit: str = ""  # as written: 万元, %, 亿美元
    annual: bool = False  # 年均: a yearly rate over the period
    cumulative: bool = False  # 累计, 五年, 【】: a five-year total
    relative_to: str = ""  # GDP增速, 经济增长, 市定任务, 2020年

    def display(self) -> str:
        """Short form for tables: ≥6.5%/年, ≈75%, 【50】个, 快于GDP增速."""
        if self.number is None or self.qualifier in (RELATIVE, TEXT):
            return self.text
        n = fmt_number(self.number)
        if self.qualifier == RANGE and self.high is not None:
            n = f"{n}–{fmt_number(self.high)}"
        if self.cumulative:
            n = f"【{n}】"
        q = self.qualifier if self.qualifier in (GE, GT, LE, LT, APPROX) else ""
        return f"{q}{n}{self.unit}{'/年' if self.annual else ''}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["value"] = self.value
        d["base_unit"] = self.base_unit
        return d


@dataclass
class Source:
    plan: str
    section: str
    kind: str  # "table" (an indicator-table row) | "para" | "box" (a 专栏 entry)
    block: int  # index in the section's blocks
    entry: int  # row of the table / entry of the box; -1 for a paragraph
    span: tuple[int, int]  # characters of ``text`` the target was read from
    text: str  # the paragraph, box entry or table row (cells joined by " | ")
    sentence: str  # the sentence holding the target (the row for a table)

    @property
    def matched(self) -> str:
        return self.text[self.span[0]:self.span[1]]

    def to_dict(self) -> dict:
        return {"plan": self.plan, "section": self.section, "kind": self.kind, "block": self.block,
                "entry": self.entry, "span": list(self.span), "matched": self.matched, "sentence": self.sentence}


@dataclass
class Target:
    indicator: str  # as written (without the unit in brackets)
    canonical: str  # key of the canonical indicator, "" when none fits
    target: Value | None
    source: Source
    target_year: str = ""
    baseline: Value | None = None
    baseline_year: str = ""
    actual: Value | None = None  # a results table's outcome (十三五 完成情况)
    unit: str = ""
    attribute: str = ""  # 预期性 / 约束性 where given
    category: str = ""
    period: str = ""  # 十四五, or 十三五 for a results table
    origin: str = "prose"  # "table" | "prose"
    extra: dict = field(default_factory=dict)

    @property
    def plan(self) -> str:
        return self.source.plan

    @property
    def section(self) -> str:
        return self.source.section

    def to_dict(self) -> dict:
        return {
            "plan": self.plan, "section": self.section, "origin": self.origin, "period": self.period,
            "indicator": self.indicator, "canonical": self.canonical, "category": self.category,
            "unit": self.unit, "attribute": self.attribute,
            "target_year": self.target_year, "target": self.target.to_dict() if self.target else None,
            "baseline_year": self.baseline_year, "baseline": self.baseline.to_dict() if self.baseline else None,
            "actual": self.actual.to_dict() if self.actual else None,
            "source": self.source.to_dict(),
        }
