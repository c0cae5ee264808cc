"""Rebuild indicator tables that web pages and PDF exports flattened to one cell per line.

A table starts at a caption (…主要指标 / …指标体系 / …完成情况表 / 表2：…), then its
header cells (分类/类别, 序号, 指标, 单位, 2020年, 2025年 目标, 属性), then the body
cells. Rows end at the attribute cell (预期性/约束性); where a 序号 column exists,
the next row number also starts a row and the cells before it are the category,
which carries on to the following rows. Each row is read as category, indicator,
unit, baseline, target, attribute; `【x】` is a five-year cumulative value. A row
with one value fills the target column and leaves the baseline empty: missing
cells stay empty, never shifted. A caption with no cells after it (the table was
lost in extraction) still becomes a Table, with no rows.

Every rule reads the normalised cell; a row keeps its cells, category and indicator
as written (``(%)``, ``(助理)``: what an analyst quotes), and its number, unit, values
and attribute as read (normalised: ``３０`` is 30). The caption is as written too.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..model import Paragraph, Table, TableRow
from ..numerals import TOTAL_OPENERS, cumulative_value

_CAPTION_RE = re.compile(
    r"^(?:表\s*\d{1,2}\s*[:：]?.{2,50}|.{2,50}(?:主要指标|指标体系|主要目标|完成情况表?|指标表|一览表|目标表))$"
)
# A measure beside the years: 年均增长[%] (十二五's table), 年均/累计 (十四五's), 年均增长［累计］.
_MEASURE = r"(?:(?:年均|五年)?(?:增长|增速|增幅|累计)(?:率|值|增长)?|年均)"
_MEASURE_RE = re.compile(rf"^{_MEASURE}(?:/{_MEASURE})?(?:[\[(（【［〔][^\]）)】］〕]{{1,6}}[\]）)】］〕])?$")
_HEADER_RE = re.compile(
    r"^(?:分类|类别|类型|领域|序号|编号|指标|指标名称|主要指标|单位|计量单位|属性|指标属性|目标|备注|"
    r"[“\"]?十[二三四五]五[”\"]?(?:目标|规划目标)?|\d{4}年?(?:目标|预期|预期值|实际|实际值|基数|现状)?|"
    r"基[期准](?:值|年)?|现状值?|目标值|规划目标)$"
)
ATTRIBUTES = ("预期性", "约束性")
_NOTE_RE = re.compile(r"^(?:备注|注|说明)\s*[:：]")
_UNIT_RE = re.compile(
    r"^(?:%|‰|百分点|[万亿千百]?(?:元|人|个|件|户|家|项|次|所|台|辆|吨|座|张|册|床|套|亩|公里|千米|米|平方米|立方米|千瓦|度)|"
    r"亿美元|万美元|年|岁|天|小时|公顷|平方公里|m2|m3|㎡|km|微克/m3|微克/立方米|μg/m3|吨标准煤|[^\d\s]{1,4}/[^\d\s]{1,4})$"
)
_UNIT_IN_NAME_RE = re.compile(r"[（(]([^（）()]{1,10})[）)]$")
_INT_RE = re.compile(r"^\d{1,3}$")


class Cell(NamedTuple):
    n: str  # normalised: what the rules read
    line: int
    w: str  # as written: what the row keeps


def is_header_cell(s: str) -> bool:
    return bool(_HEADER_RE.match(s) or _MEASURE_RE.match(s))


def is_caption(n: str, next_line: str) -> bool:
    """Is normalised line ``n`` a table caption (judged with the line after it)?"""
    if len(n) > 60 or "。" in n or "，" in n or not _CAPTION_RE.match(n):
        return False
    if n.startswith("表"):
        return True
    from .structure import heading_kind  # a caption followed by a heading: a lost table

    return is_header_cell(next_line) or heading_kind(next_line) is not None


_YEAR_COL_RE = re.compile(r"^((?:19|20)\d{2})年?(?:末|底)?$")


def _year_columns(cols: list[str]) -> list[tuple[int, int]]:
    """(year, column) of the columns named by a year (2010年, 2025, 2020年末)."""
    return [(int(m.group(1)), k) for k, c in enumerate(cols) if (m := _YEAR_COL_RE.match(c))]


def target_column(cols: list[str]) -> int:
    """Which value column holds the targets: one named 目标 (2025年目标), else the latest
    year (指标 | 2010年 | 2015年 | 年均增长[%] | 属性: the 2015 column, not the growth rate
    after it), else the last."""
    named = next((k for k, c in enumerate(cols) if "目标" in c), None)
    if named is not None:
        return named
    years = _year_columns(cols)
    return max(years)[1] if years else len(cols) - 1


def base_column(cols: list[str], target: int) -> int | None:
    """Which value column holds the baselines: the earliest year but the target's, else the
    first other column."""
    years = [(y, k) for y, k in _year_columns(cols) if k != target]
    if years:
        return min(years)[1]
    return next((k for k in range(len(cols)) if k != target), None)


_EMPTY = ("", "—", "-", "/", "——", "－", "–")  # a cell that gives no value


def _unbracketed(cells: list[str]) -> tuple[list[str], set[int]]:
    """Value cells with a five-year total's brackets taken off, and which had them."""
    values, totals = [], set()
    for k, v in enumerate(cells):
        if (inner := cumulative_value(v)) is not None:
            v = inner
            totals.add(k)
        values.append(v)
    return values, totals


def _target_of(values: list[str], totals: set[int], cols: list[str], target_idx: int) -> tuple[str, bool]:
    """The row's target and whether it is a five-year total: the target column's value;
    where that is empty (十四五's 单位GDP能源消耗降低: 2025年 —, 年均/累计 〔13.5〕) the
    measure column's, which then holds the five-year target."""
    k = target_idx if target_idx < len(values) else len(values) - 1
    if values[k] in _EMPTY:
        k = next((j for j, c in enumerate(cols) if j != k and j < len(values) and _MEASURE_RE.match(c)
                  and values[j] not in _EMPTY), k)
    return values[k], k in totals


def _is_value(s: str) -> bool:
    return bool(re.search(r"\d", s)) or s[:1] in "≥≤><" + TOTAL_OPENERS or s in _EMPTY


_QUALIFIER_RE = re.compile(r"^[〔（(\[［【][\u4e00-\u9fff%‰/]{1,6}[〕）)\]］】]$")  # 〔累计〕 under its column's name


class TableParser:
    """Feed the lines after a caption one by one; ``finish`` gives the Table."""

    def __init__(self, tid: str, caption: str, line: int):
        self.table = Table(tid, caption, line=line)
        self.header: list[str] = []
        self.cells: list[Cell] = []
        self.in_header = True
        self.done = False

    def feed(self, n: str, line: int, written: str | None = None) -> bool:
        """Take one line, normalised (``n``) and as written; False when it is not part of the table."""
        if self.done:
            return False
        if _NOTE_RE.match(n):
            if not self.cells and not self.header:
                return False
            self.table.notes.append(Paragraph(n, line))
            self.done = True
            return True
        if self.in_header and is_header_cell(n):
            self.header.append(n)
            return True
        if self.in_header and self.header and _QUALIFIER_RE.match(n):
            self.header[-1] += n  # 年均增长 / 〔累计〕: a header cell wrapped onto two lines
            return True
        if not self.header:
            return False  # a caption with no header after it: the table was lost
        self.in_header = False
        if len(n) > 40 and ("。" in n or "，" in n):
            return False  # prose again
        if (n.endswith(("。", "！", "？")) and self.cells and self.cells[-1].n in ATTRIBUTES
                and any(h in _ATTR_COLS for h in self.header)):
            return False  # a sentence after a row closed by its 属性: the text goes on
        self.cells.append(Cell(n, line, n if written is None else written))
        return True

    def finish(self) -> Table:
        t = self.table
        t.header = self.header
        written = self._value_columns()
        cols = written or ["基期", "目标"]
        target_idx = target_column(cols)
        if written:
            base_idx = base_column(cols, target_idx)
            t.target_year = cols[target_idx]
            t.baseline_year = cols[base_idx] if base_idx is not None else ""
        for cells, number, category, fresh in self._rows():
            t.rows.append(self._read_row(cells, number, category, fresh, cols, target_idx))
        if not t.rows and self.cells:
            # Cells we could not arrange: keep them as a row of loose cells.
            t.rows.append(TableRow(cells=[c.w for c in self.cells], line=self.cells[0].line))
        return t

    def _value_columns(self) -> list[str]:
        cols: list[str] = []
        for h in self.header:
            if h in ("分类", "类别", "类型", "领域", "序号", "编号", "指标", "指标名称", "主要指标", "单位", "计量单位",
                     "属性", "指标属性", "备注"):
                continue
            if h == "目标" and cols and re.match(r"^\d{4}年?$", cols[-1]):
                cols[-1] += "目标"  # "2025年" / "目标" on two lines: one column
                continue
            cols.append(h)
        return cols

    def _rows(self):
        """Yield (cells, number cell, category, category cells written before this row)."""
        numbered = "序号" in self.header or "编号" in self.header
        category = ""
        row: list[Cell] = []
        pre: list[Cell] = []
        fresh: list[str] = []
        number: Cell | None = None
        expect = 1
        open_row = False
        for cell in self.cells:
            if numbered and not open_row:
                if _INT_RE.match(cell.n) and int(cell.n) == expect:
                    if pre:
                        fresh = [c.w for c in pre]
                        category, pre = "".join(fresh), []
                    number, open_row, row = cell, True, []
                    expect += 1
                else:
                    pre.append(cell)
                continue
            row.append(cell)
            open_row = True
            if cell.n in ATTRIBUTES:
                yield row, number, category, fresh
                row, open_row, number, fresh = [], False, None, []
        if row or pre:
            yield row + [c._replace(line=0) for c in pre], number, category, fresh

    def _read_row(self, cells: list[Cell], number: Cell | None, category: str, fresh: list[str],
                  cols: list[str], target_idx: int) -> TableRow:
        r = TableRow(cells=fresh + ([number.w] if number else []) + [c.w for c in cells],
                     number=number.n if number else "", category=category if number else "",
                     line=cells[0].line if cells else 0)
        cells = list(cells)
        if cells and cells[-1].n in ATTRIBUTES:
            r.attribute = cells.pop().n
        # A row opens with its name, whatever it holds (PM2.5, 0-3岁); without a 序号
        # column a second wordy cell before the unit/values means category + name.
        lead = [cells.pop(0)] if cells else []
        while not number and cells and not _is_value(cells[0].n) and not _UNIT_RE.match(cells[0].n):
            lead.append(cells.pop(0))
        name = lead[1:] if len(lead) >= 2 else lead
        if len(lead) >= 2:
            r.category = lead[0].w
        # A name wrapped onto a second line (数字经济核心产业增加值占 / 地区生产总值比重): a
        # wordy cell the row has no room for among its unit and value columns is the name's.
        room = len(cols) + any(h in _UNIT_COLS for h in self.header)
        while number and len(cells) > room and not _is_value(cells[0].n) and not _UNIT_RE.match(cells[0].n):
            name.append(cells.pop(0))
        r.indicator = "".join(c.w for c in name)
        if cells and _UNIT_RE.match(cells[0].n):
            r.unit = cells.pop(0).n
        elif name:
            m = _UNIT_IN_NAME_RE.search("".join(c.n for c in name))
            if m and _UNIT_RE.match(m.group(1)):
                r.unit = m.group(1)
        texts = [c.n for c in cells]
        values, totals = _unbracketed(texts)
        if len(values) == 1:
            r.target, r.cumulative = values[0], bool(totals)
        elif values:
            slots = [""] * max(len(cols), len(values))
            for k, v in enumerate(values):
                slots[k] = v
            r.target, r.cumulative = _target_of(slots, totals, cols, target_idx)
            others = [v for k, v in enumerate(slots) if k != target_idx and v]
            r.baseline = others[0] if others else ""
        return r


# Header names of the columns a real table (PDF/HTML/DOCX) may have.
_CATEGORY_COLS = ("分类", "类别", "类型", "领域")
_NUMBER_COLS = ("序号", "编号")
_NAME_COLS = ("指标", "指标名称", "主要指标")
_UNIT_COLS = ("单位", "计量单位")
_ATTR_COLS = ("属性", "指标属性")


def table_from_rows(tid: str, rows, caption: str = "", line: int = 0) -> Table:
    """One ``Table`` from the rows of a real table (``clean.Line`` with ``cells``).

    Leading rows marked as header, or made only of header cells, are the header.
    When the table is an indicator table (a 预期性/约束性 cell), each row's fields
    are read by column name where the row has the header's width (a category cell
    left empty under a merged cell carries on), else as one-cell-per-line rows are."""
    from ..textnorm import as_written, normalize

    grid = [[normalize(c) for c in r.cells] for r in rows]
    as_read = [[as_written(c) for c in r.cells] for r in rows]
    k = 0
    while k < len(rows) and (rows[k].header or all(is_header_cell(c) for c in grid[k] if c)):
        k += 1
    header = [c for cells in grid[:k] for c in cells if c]
    t = Table(tid, caption, header=header, line=line or rows[0].no)
    indicator = any(c in ATTRIBUTES for cells in grid[k:] for c in cells)
    # Each column's name: its lowest header cell, so 2020年 under a 基期值 that spans the
    # two header rows names that column, and 类别, merged down (empty below), names its own.
    width = max((len(cells) for cells in grid[:k]), default=0)
    names = [next((grid[r][j] for r in range(k - 1, -1, -1) if j < len(grid[r]) and grid[r][j]), "")
             for j in range(width)]
    parser = TableParser(tid, caption, t.line)
    parser.header = [n for n in names if n] if k > 1 else header
    cols = parser._value_columns() or ["基期", "目标"]
    target_idx = target_column(cols)
    base_idx = base_column(cols, target_idx)
    if indicator and parser._value_columns():
        t.target_year = cols[target_idx]
        t.baseline_year = cols[base_idx] if base_idx is not None else ""
    category = ""
    # a column with no name whose cells are all whole numbers is the rows' 序号 (a text
    # table in columns that names 类别 over both: its numbers are no values)
    numbered = {j for j, n in enumerate(names) if not n
                and all(_INT_RE.match(g[j]) for g in grid[k:] if j < len(g) and g[j])
                and any(j < len(g) and g[j] for g in grid[k:])}
    for r, cells, written in zip(rows[k:], grid[k:], as_read[k:]):
        if not indicator:
            t.rows.append(TableRow(cells=written, line=r.no))
            continue
        if len(cells) == len(names):
            row = TableRow(cells=written, line=r.no)
            values = []
            for j, (name, cell, w) in enumerate(zip(names, cells, written)):
                if j in numbered:
                    row.number = cell
                elif name in _CATEGORY_COLS:
                    category = w or category
                elif name in _NUMBER_COLS:
                    row.number = cell
                elif name in _NAME_COLS:
                    row.indicator = w
                elif name in _UNIT_COLS:
                    row.unit = cell
                elif name in _ATTR_COLS:
                    row.attribute = cell
                else:
                    values.append(cell)
            values, totals = _unbracketed(values)
            row.category = category
            if not row.unit and (m := _UNIT_IN_NAME_RE.search(normalize(row.indicator))) and _UNIT_RE.match(m.group(1)):
                row.unit = m.group(1)
            if values:
                row.target, row.cumulative = _target_of(values, totals, cols, target_idx)
                row.baseline = (values[base_idx] if base_idx is not None and base_idx < len(values) and values[base_idx]
                                else next((v for n, v in enumerate(values) if n != target_idx and v), ""))
        else:
            filled = [Cell(c, r.no, w) for c, w in zip(cells, written) if c]
            row = parser._read_row(filled, None, "", [], cols, target_idx)
            row.cells = written
        t.rows.append(row)
    return t


def attach_table(b, segs, i: int, rows: dict) -> int:
    """The structure hook: segments ``segs[i:]`` that are rows of one reader table
    become one Table in the builder ``b``'s current container; a caption paragraph
    (or a caption-only table) just before it becomes its caption. Returns the next index."""
    from ..textnorm import as_written, normalize

    first = rows[segs[i][0]]
    j, taken = i, []  # the rows (clean.Line), each once though long rows may be split in segments
    while j < len(segs) and segs[j][0] in rows and rows[segs[j][0]].table == first.table:
        if not taken or taken[-1] is not rows[segs[j][0]]:
            taken.append(rows[segs[j][0]])
        j += 1
    here = b.current()  # the caption may sit in a lead item that the table does not
    parent = b.container()
    caption, line, tid = "", 0, ""
    last = here.blocks[-1] if here.blocks else None
    if isinstance(last, Paragraph) and _CAPTION_RE.match(normalize(last.text)) and "。" not in last.text:
        here.blocks.pop()
        caption, line = last.text, last.line
        # The paragraph is normalised; the caption is kept as written (its raw segment).
        raw = next((r for no, r in reversed(segs[max(0, i - 8) : i]) if no == line), None)
        if raw is not None and normalize(raw) == caption:
            caption = as_written(raw)
        last = parent.blocks[-1] if parent.blocks else None
    elif isinstance(last, Table) and not last.rows and not last.header and not last.notes:
        parent.blocks.pop()  # a caption read as a table that lost its cells
        caption, line, tid = last.caption, last.line, last.id
    if not tid:
        b.table_no += 1
        tid = f"{parent.id}.tab{b.table_no:02d}" if parent.id != "front" else f"tab{b.table_no:02d}"
    head = [c for c in taken[0].cells if c.strip()] if taken else []
    if not caption and len(taken) > 1 and len(head) == 1 and _TITLE_ROW_RE.match(normalize(head[0])):
        # A 专栏 or a table titled in its own first row, merged across it: that is its caption.
        caption, line = as_written(head[0]), taken[0].no
        taken = taken[1:]
    parent.blocks.append(table_from_rows(tid, taken, caption, line))
    return j


_TITLE_ROW_RE = re.compile(r"^(?:专栏\s*\d{0,3}|表\s*\d{1,2})\s*[:：]?\s*\S")
