"""Tables set out in columns in plain text, as ``pdftotext -layout`` leaves a PDF's
indicator table: a header line of column names, then rows whose cells stand under
them, parted by runs of spaces (or by tabs: a table copied from a word processor).

They become table rows (``clean.Line.cells``), as a PDF reader's real tables do, so
the structure reads them with ``tables.table_from_rows``. The columns are where every
line of the table has white space, two cells wide at least (a CJK character is two);
a cell wrapped onto the next line (an indicator's long name, 与经济增 / 长同步) joins
its row: in an indicator table a row ends at its 预期性/约束性 cell (its other cells may
stand on its last line), and a line after a whole row with neither a 序号 nor an
attribute is the rest of that row's cells (their first line held the values); in
another table each line is a row.
A header of two lines (年均增长 / 〔累计〕) is one header row.
"""

from __future__ import annotations

import re

from ..textnorm import normalize
from .clean import _BARE_NUMBER_RE, _PAGE_RE, Line, _columns
from .tables import _INT_RE, _QUALIFIER_RE, ATTRIBUTES, is_header_cell

_STOP_RE = re.compile(r"[。！？；]")

_GAP_RE = re.compile(r"(?:[ \t]{2,}|\u3000+|\t)")  # what parts two cells of a line
MIN_HEADS = 2  # header cells a line names at least to open a table
MAX_LINES = 400  # lines a table may take (a page's worth many times over)


def column_tables(lines: list[Line]) -> None:
    """Find the tables set out in columns in ``lines`` and turn each into rows in place:
    a row's first line gets its cells (and the table's number), the others of the row
    are emptied (their text is in the cells)."""
    number = max((ln.table for ln in lines), default=0)
    k = 0
    while k < len(lines):
        found = _table_end(lines, k)
        if found is None:
            k += 1
            continue
        end, skip = found
        number += 1
        _set_rows([ln for j, ln in enumerate(lines[k:end], k) if j not in skip], number)
        k = end


def _pieces(raw: str) -> list[str]:
    return [p for p in _GAP_RE.split(raw.strip()) if p]


def _table_end(lines: list[Line], k: int) -> tuple[int, set[int]] | None:
    """Where a table opened by a header at line ``k`` ends (exclusive), and the lines
    inside it that are a page's furniture (its number, a form feed, the next page's
    running header or the header printed again): left out of the table, for the page
    passes to cut. None when line ``k`` opens no table."""
    head = lines[k]
    if head.cells or not head.raw.strip():
        return None
    names = _pieces(head.raw)
    if len(names) < 3 or sum(is_header_cell(normalize(n)) for n in names) < MIN_HEADS:
        return None
    left = _indent(head.raw)
    skip: set[int] = set()
    end = k + 1
    while end < len(lines) and end - k < MAX_LINES:
        ln = lines[end]
        if ln.cells or not ln.raw.strip():
            break
        if _furniture(lines, end, head):
            skip.add(end)
            end += 1
            continue
        # a row has cells parted by gaps; a line without is the rest of a wrapped cell
        # standing in a column right of the first: a few words, no sentence (a note or a
        # paragraph under the table, indented or not, ends it)
        if len(_pieces(ln.raw)) < 2 and (_indent(ln.raw) <= left + 2 or not _wrapped_rest(ln.raw)):
            break
        end += 1
    while end - 1 in skip:  # furniture after the last row is the page's, not the table's
        skip.discard(end - 1)
        end -= 1
    return (end, skip) if end - k - len(skip) >= 2 else None


def _wrapped_rest(raw: str) -> bool:
    s = raw.strip()
    return len(s) <= 20 and not _STOP_RE.search(s) and not s.startswith(("注", "备注", "说明", "资料来源"))


def _furniture(lines: list[Line], k: int, head: Line) -> bool:
    raw = lines[k].raw
    if "\x0c" in raw or _PAGE_RE.match(raw) or _BARE_NUMBER_RE.match(raw) or raw.strip() == head.raw.strip():
        return True
    before = lines[k - 1].raw if k else ""
    return "\x0c" in before and len(_pieces(raw)) < 2  # the running header atop the next page


def _indent(raw: str) -> int:
    """Display columns of white space before ``raw``'s first character."""
    return _columns(raw[: len(raw) - len(raw.lstrip())])


def _cells_at(raw: str) -> list[tuple[int, int, str]]:
    """(first column, last column + 1, character) of each character of ``raw``."""
    out, at = [], 0
    for c in raw:
        w = 4 - at % 4 if c == "\t" else _columns(c)
        out.append((at, at + w, c))
        at += w
    return out


def _spans(rows: list[list[tuple[int, int, str]]]) -> list[tuple[int, int]]:
    """The columns' (start, end) in display columns: the stretches between runs of at
    least two display columns that are white space in every line."""
    width = max((r[-1][1] for r in rows if r), default=0)
    inked = [False] * width
    for r in rows:
        for a, b, c in r:
            if not c.isspace():
                for x in range(a, b):
                    inked[x] = True
    spans: list[tuple[int, int]] = []
    start = last = -1
    for x, ink in enumerate(inked):
        if not ink:
            continue
        if start < 0:
            start = x
        elif x - last > 2:  # two blank columns or more since the last ink: a new column
            spans.append((start, last + 1))
            start = x
        last = x
    if start >= 0:
        spans.append((start, last + 1))
    return spans


def _split(r: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[str]:
    cells = [""] * len(spans)
    j = 0
    for a, _, c in r:
        while j + 1 < len(spans) and a >= spans[j + 1][0]:
            j += 1
        cells[j] += c
    return [c.strip() for c in cells]


def _joined(a: str, b: str) -> str:
    """A cell and its rest from the next line: no space between CJK, one between words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def _set_rows(block: list[Line], number: int) -> None:
    if all("\t" in ln.raw.strip() for ln in block):
        # cells parted by tabs (a table copied from a word processor or a spreadsheet):
        # each tab ends a cell, wherever the cells stand
        # (a tab first: an empty first cell, a category merged down)
        cells = [[c.strip() for c in ln.raw.strip(" \r\u3000").split("\t")] for ln in block]
        width = max(map(len, cells))
        cells = [c + [""] * (width - len(c)) for c in cells]
    else:
        grid = [_cells_at(ln.raw) for ln in block]
        spans = _spans(grid)
        if len(spans) < 3:
            return
        cells = [_split(r, spans) for r in grid]
    indicator = any(c in ATTRIBUTES for row in cells for c in row)
    # the header: its first line, and the lines after it naming only more of it
    head = 1
    while head < len(cells) and all(not c or is_header_cell(normalize(c)) or _QUALIFIER_RE.match(normalize(c))
                                    for c in cells[head]) and not any(c in ATTRIBUTES for c in cells[head]):
        head += 1
    rows: list[tuple[list[Line], list[str]]] = [(block[:head], _merged(cells[:head]))]
    pending: list[int] = []  # lines of a row whose 预期性/约束性 has not come yet

    def close() -> None:
        if pending:
            rows.append(([block[p] for p in pending], _merged([cells[p] for p in pending])))
            pending.clear()

    for i in range(head, len(block)):
        ends = any(c in ATTRIBUTES for c in cells[i])
        numbered = any(_INT_RE.match(c) for c in cells[i][:2])  # a 序号 by the row's left edge
        if indicator and not ends and not pending and len(rows) > 1 and not numbered:
            # no number, no attribute, after a whole row: the rest of a cell of that row
            # (its name wrapped under it: 全员劳动生产率增长率(% / ))
            lns, merged = rows[-1]
            rows[-1] = ([*lns, block[i]], _merged([merged, cells[i]]))
            continue
        if numbered and pending and any(_INT_RE.match(c) for c in cells[pending[0]][:2]):
            close()  # a new 序号 while a row waits for its attribute (one 预期性 merged over a group)
        pending.append(i)
        if not indicator or ends:
            close()
    close()
    for k, (lns, merged) in enumerate(rows):
        first = lns[0]
        first.cells, first.table, first.header = tuple(merged), number, k == 0
        first.raw = "\t".join(merged)
        for other in lns[1:]:
            other.raw = ""


def _merged(parts: list[list[str]]) -> list[str]:
    out = list(parts[0])
    for cells in parts[1:]:
        out = [_joined(a, b) for a, b in zip(out, cells)]
    return out
