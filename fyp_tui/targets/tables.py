"""Targets from the corpus's indicator tables: one per ``TableRow``.

Ingest has already rebuilt each row (category, indicator, unit, baseline, target,
attribute, cumulative); this reads the value cells (``年均6.5以上``, ``>10``, ``【50】``,
``完成市定任务``) and the years from the header. A 十三五 results table
(完成情况) gives the 十三五 goal as ``target`` and the 2020 outcome as ``actual``.
"""

from __future__ import annotations

import re

from ..model import Plan, Table
from .canon import canonical
from .periods import period_end
from .qualifiers import parse_value
from .records import Source, Target


def _year(header_cell: str) -> str:
    m = re.search(r"(?:19|20)\d{2}", header_cell)
    return m.group(0) if m else ""


def table_period(table: Table, plan: Plan) -> str:
    m = re.search(r"“?(十[一二三四五六七八九]五)”?", table.caption)
    return m.group(1) if m else plan.meta.period


def row_text(cells: list[str]) -> str:
    return " | ".join(c for c in cells if c)


def table_targets(plan: Plan) -> list[Target]:
    out: list[Target] = []
    for sec in plan.walk():
        for b, block in enumerate(sec.blocks):
            if isinstance(block, Table):
                out += _rows(plan, sec.id, b, block)
    return out


def _rows(plan: Plan, sid: str, b: int, table: Table) -> list[Target]:
    period = table_period(table, plan)
    results = period != plan.meta.period or "完成情况" in table.caption
    target_year = _year(table.target_year) or str(period_end(period) or "")
    out = []
    for k, row in enumerate(table.rows):
        if not row.indicator and not row.target and not row.baseline:
            continue  # a row of a table that is no indicator table (a 专栏's, an annex's projects)
        text = row_text(row.cells)
        start = text.find(row.indicator) if row.indicator else -1
        span = (start, start + len(row.indicator)) if start >= 0 else (0, len(text))
        target = parse_value(row.target, row.unit, row.cumulative)
        other = parse_value(row.baseline, row.unit, row.cumulative)
        canon = canonical(row.indicator)
        out.append(Target(
            indicator=row.indicator, canonical=canon.key if canon else "", target=target,
            source=Source(plan.id, sid, "table", b, k, span, text, text),
            target_year=target_year,
            baseline=None if results else other,
            baseline_year="" if results else _year(table.baseline_year),
            actual=other if results else None,
            unit=row.unit, attribute=row.attribute, category=row.category, period=period, origin="table",
            extra={"table": table.id, "number": row.number},
        ))
    return out
