"""PDF with a text layer → lines, using the page geometry.

Text comes from pypdfium2 (PDFium): per page, the text in content order with its
line breaks, and for each line the boxes of its first and last characters and its
font size (three calls per line, so the geometry costs little beyond the bare
extraction). Chosen over pdfplumber/pdfminer by measurement on the test renders:
both give every CJK character of the source back, pdfium 20-50× faster.

- Running headers and footers: lines at the top or bottom of a page whose text
  (digits ignored) recurs at the same height on many pages; page numbers
  (``— 3 —``, ``- 3 -``, ``第3页``, a bare 3) in those places. Both go to
  ``removed`` with their reason.
- Paragraphs: a line that reaches the right edge of the text column joins the next
  line when that one starts at the left edge (not indented, same font size, close
  below it, or at the top of the next page); headings in a larger size and short
  last lines stay separate.
- Tables: where ruling lines (thin path objects) form a grid, each row's cells are
  read from their boxes and become a table row; a table continued on the next page
  with its header row repeated is one table (the repeat goes to ``removed``).
- A PDF that needs a password, has no text layer (a scan), or whose text layer is
  glyph numbers rather than characters (fonts without a Unicode table), is refused
  with one line saying so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from ..clean import R_HEADER, R_PAGE
from ..decode import IngestError
from ..layout import Extracted, LineSink

R_TABLE_REPEAT = "table header repeated on a new page"
_PAGE_NO_RE = re.compile(
    r"^\s*(?:[-—–－~·]*\s*\d{1,4}\s*[-—–－~·]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
_LINE_RE = re.compile(r"[^\r\n]+")
_LEADER_END_RE = re.compile(r"(?:[.·…．。-]\s*){3,}\d{1,4}\s*$")
_OCR_HINT = "run OCR on it (for example ocrmypdf) and try again, or give the plan's text as UTF-8"


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    cells: list[str] | None = None  # a table row
    table: int = 0
    reason: str = ""  # removed, and why


@dataclass
class _Grid:
    box: tuple[float, float, float, float]  # left, bottom, right, top
    rows: list[list[tuple[float, float, float, float]]] = field(default_factory=list)  # cell boxes per row
    # Per row, per cell: no ruling line above it, so it is the cell above carried down
    # (a category merged over several rows)
    open_above: list[list[bool]] = field(default_factory=list)


def read_pdf(data: bytes, source: str = "<input>") -> Extracted:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise IngestError(source, "is an encrypted PDF that needs a password to open",
                              "open it with its password and save or print it as a PDF without one, "
                              "or save its text as UTF-8") from None
        raise IngestError(source, f"is a damaged PDF ({e})", "open it in a PDF viewer and save it again") from None
    try:
        pages = [_read_page(pdf, k) for k in range(len(pdf))]
    finally:
        pdf.close()
    lines = [ln for page in pages for ln in page]
    if sum(len(ln.text.strip()) for ln in lines) < 10:
        raise IngestError(source, "is a PDF without a text layer (scanned pages or images)", _OCR_HINT)
    if _unmapped(lines):
        raise IngestError(source, "is a PDF whose text layer does not map to characters (fonts without a "
                          "Unicode table)", _OCR_HINT)
    _mark_running(pages)
    _mark_repeated_headers(lines)
    return _assemble(lines)


def _unmapped(lines: list[_Line]) -> bool:
    """Mostly private-use, replacement or control characters: glyph ids, not text."""
    sample = "".join(ln.text for ln in lines[:400])
    chars = [c for c in sample if not c.isspace()]
    bad = sum(1 for c in chars if "\ue000" <= c <= "\uf8ff" or c == "\ufffd" or ord(c) < 32)
    return bool(chars) and bad > 0.3 * len(chars)


def _read_page(pdf, k: int) -> list[_Line]:
    from pypdfium2 import raw

    page = pdf[k]
    try:
        tp = page.get_textpage()
        count = tp.count_chars()
        text = tp.get_text_range() if count else ""
        grids = _grids(page, raw) if text else []
        out: list[_Line] = []
        in_grid: dict[int, list[_Line]] = {}
        for m in _LINE_RE.finditer(text):
            seg = m.group(0)
            stripped = seg.strip()
            if not stripped:
                continue
            # String index = character index, except after a character outside the BMP
            # (rare in plans): then the boxes are approximate, never out of range.
            a = min(m.start() + (len(seg) - len(seg.lstrip())), count - 1)
            b = min(m.start() + len(seg.rstrip()) - 1, count - 1)
            # Loose boxes: the font's box, the same for every glyph of a line.
            l0, b0, r0, t0 = tp.get_charbox(a, loose=True)
            _, b1, r1, t1 = tp.get_charbox(b, loose=True)
            size = raw.FPDFText_GetFontSize(tp.raw, a)
            g = next((n for n, gr in enumerate(grids) if _inside(gr.box, (l0 + r0) / 2, (b0 + t0) / 2)), None)
            if g is not None:
                if g not in in_grid:  # the table's rows stand where its first line stood
                    in_grid[g] = _grid_rows(tp, grids[g], k + 1)
                    out += in_grid[g]
                continue
            out.append(_Line(stripped, l0, max(r0, r1), max(t0, t1), min(b0, b1), size, k + 1))
        for g, grid in enumerate(grids):  # a grid with no text line found by pdfium
            if g not in in_grid:
                out += _grid_rows(tp, grid, k + 1)
        return out
    finally:
        page.close()


def _inside(box, x: float, y: float) -> bool:
    return box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


def _grids(page, raw) -> list[_Grid]:
    """Tables drawn with ruling lines: thin path objects that cross each other."""
    import ctypes

    hs, vs = [], []
    # The raw API: wrapping every page object in Python costs more than reading the text.
    handle = page.raw
    path_type = raw.FPDF_PAGEOBJ_PATH
    lb, bb, rb, tb = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(lb), ctypes.byref(bb), ctypes.byref(rb), ctypes.byref(tb))
    for n in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, n)
        if raw.FPDFPageObj_GetType(obj) != path_type or not raw.FPDFPageObj_GetBounds(obj, *refs):
            continue
        left, bottom, right, top = lb.value, bb.value, rb.value, tb.value
        w, h = right - left, top - bottom
        if h <= 2.5 and w >= 8:
            hs.append((left, right, (top + bottom) / 2))
        elif w <= 2.5 and h >= 8:
            vs.append((bottom, top, (left + right) / 2))
    if len(hs) < 2 or len(vs) < 2:
        return []
    # Connected groups of crossing lines: one group, one table.
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (x0, x1, y) in enumerate(hs):
        for j, (y0, y1, x) in enumerate(vs):
            if x0 - 2 <= x <= x1 + 2 and y0 - 2 <= y <= y1 + 2:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, hline in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(hline)
    for j, vline in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(vline)
    grids = []
    for gh, gv in groups.values():
        if len(gh) < 2 or len(gv) < 2:
            continue
        ys = _merge(sorted((y for _, _, y in gh), reverse=True))
        grid = _Grid((min(x0 for x0, _, _ in gh), min(ys), max(x1 for _, x1, _ in gh), max(ys)))
        for k, (top, bottom) in enumerate(pairwise(ys)):
            mid = (top + bottom) / 2
            xs = _merge(sorted(x for y0, y1, x in gv if y0 - 1 <= mid <= y1 + 1))
            grid.rows.append([(a, bottom, b, top) for a, b in pairwise(xs)])
            ruled = [(x0, x1) for x0, x1, y in gh if abs(y - top) <= 1.5]
            grid.open_above.append([k > 0 and not any(x0 - 2 <= a + 1 and x1 + 2 >= b - 1 for x0, x1 in ruled)
                                    for a, b in pairwise(xs)])
        if any(len(r) >= 2 for r in grid.rows):
            grids.append(grid)
    return grids


def _merge(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or abs(v - out[-1]) > tol:
            out.append(v)
    return out


def _merged_cells(grid: _Grid) -> dict[tuple[int, int], tuple[float, float, float, float]]:
    """(row, cell) → the box of the merged cell it is part of (a cell with no ruling line
    above it joins the cell of the same columns above), for cells that are merged."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # cell → the top cell of its merge
    box: dict[tuple[int, int], tuple[float, float, float, float]] = {}  # top cell → merged box
    for r, cells in enumerate(grid.rows):
        for j, (a, b, c, d) in enumerate(cells):
            above = None
            if r and grid.open_above[r][j]:
                above = next((i for i, (a2, _, c2, _) in enumerate(grid.rows[r - 1])
                              if abs(a2 - a) <= 1.5 and abs(c2 - c) <= 1.5), None)
            top = owner[(r - 1, above)] if above is not None else (r, j)
            owner[(r, j)] = top
            box[top] = (a, b, c, d) if top == (r, j) else (box[top][0], b, box[top][2], box[top][3])
    size = Counter(owner.values())
    return {cell: box[top] for cell, top in owner.items() if size[top] > 1}


def _grid_rows(tp, grid: _Grid, page: int) -> list[_Line]:
    out = []
    merged = _merged_cells(grid)
    for r, cells in enumerate(grid.rows):
        # A merged cell's text goes to every row it spans (the category beside its indicators).
        texts = [_join_lines(tp.get_text_bounded(a + 0.5, b + 0.5, c - 0.5, d - 0.5).splitlines())
                 for a, b, c, d in (merged.get((r, j), cell) for j, cell in enumerate(cells))]
        if any(texts):
            a, b, c, d = cells[0][0], cells[0][1], cells[-1][2], cells[0][3]
            out.append(_Line("\t".join(texts), a, c, d, b, 0.0, page, cells=texts))
    return out


_CJK_END_RE = re.compile(r"[\u2e80-\u9fff\uf900-\uffef\u3000-\u303f“”‘’—…·]$")
_CJK_START_RE = re.compile(r"^[\u2e80-\u9fff\uf900-\uffef\u3000-\u303f“”‘’—…·]")


def _join_lines(parts: list[str]) -> str:
    """Lines of one paragraph or cell as one: no space where either side is CJK."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and not (_CJK_END_RE.search(out) or _CJK_START_RE.match(p)):
            out += " "
        out += p
    return out


def _mark_running(pages: list[list[_Line]]) -> None:
    """Running headers, footers and page numbers: at a page's top or bottom, and
    (headers and footers) recurring there, digits aside, on many pages."""
    if not pages:
        return
    edge: list[tuple[_Line, str]] = []
    for page in pages:
        body = [ln for ln in page if ln.cells is None]
        if not body:
            continue
        by_y = sorted(body, key=lambda ln: -ln.top)
        ends = by_y[:2] + [ln for ln in by_y[-2:] if all(ln is not top for top in by_y[:2])]
        for ln in ends:
            edge.append((ln, re.sub(r"\d+", "#", ln.text.replace(" ", ""))))
    counts = Counter((key, round(ln.top / 4)) for ln, key in edge)
    need = max(3, len(pages) // 3)  # running: on three pages at least …
    seen: set[int] = set()
    for ln, key in edge:
        if id(ln) in seen:
            continue
        seen.add(id(ln))
        n = counts[(key, round(ln.top / 4))]
        # … or, in a short plan, on two at least and half the pages after the cover: a
        # four-page plan's header (its short title), missed, read as a second document's
        # title and took every section after it into the appendix
        recurs = n >= need or (n >= 2 and 2 * n >= len(pages) - 1)
        if _PAGE_NO_RE.match(ln.text) and (recurs or len(pages) <= 2 or _is_page_no(ln)):
            ln.reason = R_PAGE
        elif recurs and len(key) <= 80:
            ln.reason = R_HEADER


def _is_page_no(ln: _Line) -> bool:
    digits = re.sub(r"\D", "", ln.text)
    return bool(digits) and abs(int(digits) - ln.page) <= 30


def _mark_repeated_headers(lines: list[_Line]) -> None:
    """Give rows of one table the same number; a table continued on the next page
    (nothing but running text between) is the same table, its repeated header row removed."""
    table = 0
    prev_row: _Line | None = None
    first_row: dict[int, _Line] = {}
    for ln in lines:
        if ln.reason:
            continue
        if ln.cells is None:
            prev_row = None
            continue
        continued = prev_row is not None and (ln.page == prev_row.page and ln.top <= prev_row.bottom + 3
                                              or ln.page == prev_row.page + 1)
        if prev_row is None or not continued:
            table += 1
            first_row[table] = ln
        elif ln.page != prev_row.page and [c.strip() for c in ln.cells] == [c.strip() for c in first_row[table].cells or []]:
            ln.reason = R_TABLE_REPEAT
        ln.table = table
        prev_row = ln


@dataclass
class _Column:
    """The body text's measure: left and right edges, centre, font size and leading."""

    left: float = 0.0
    right: float = 0.0
    size: float = 0.0
    leading: float = 0.0

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def _column(body: list[_Line]) -> _Column:
    sizes: Counter = Counter()
    for ln in body:
        sizes[round(ln.size, 1)] += len(ln.text)
    if not sizes:
        return _Column()
    size = sizes.most_common(1)[0][0]
    at_size = [ln for ln in body if abs(ln.size - size) < 0.6]
    lefts = Counter(round(ln.x0) for ln in at_size)
    common = lefts.most_common(1)[0]
    # The leftmost edge many lines share (indented first lines start further in).
    left = min((x for x, n in lefts.items() if n >= max(2, common[1] // 4)), default=common[0])
    rights = sorted(ln.x1 for ln in at_size)
    steps = Counter(round(a.bottom - b.bottom) for a, b in pairwise(at_size)
                    if a.page == b.page and 0.5 * size < a.bottom - b.bottom < 2.5 * size)
    leading = steps.most_common(1)[0][0] if steps else 0.0
    return _Column(left, rights[int(0.95 * (len(rights) - 1))], size, leading)


def _assemble(lines: list[_Line]) -> Extracted:
    col = _column([ln for ln in lines if not ln.reason and ln.cells is None])
    sink = LineSink()
    para: list[_Line] = []

    def flush() -> None:
        if para:
            heading = para[0].size >= col.size + 1.5
            sink.keep(_join_lines([p.text for p in para]), page=para[0].page, style="heading" if heading else "")
            para.clear()

    for ln in lines:
        if ln.reason:
            # Removed lines keep their place in the text; a paragraph runs on across them.
            sink.drop(ln.text if ln.cells is None else "\t".join(ln.cells), ln.reason)
            continue
        if ln.cells is not None:
            flush()
            if ln.table != sink.tables:
                sink.tables = ln.table - 1
                sink.new_table()
            sink.row(ln.cells, page=ln.page)
            continue
        if para and _continues(para[-1], ln, col):
            para.append(ln)
            continue
        flush()
        para.append(ln)
    flush()
    return sink.extracted("pdf", "")


_WORD_RE = re.compile(r"[A-Za-z0-9%.,·\-+/]+|—+|…+|.")
_OPENER_RE = re.compile(r"^(?:——|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．]|"
                        r"第[一二三四五六七八九十百零〇\d]{1,4}[篇编章节条]|专栏)")
_NO_START = "，。、；：！？”’）》」』】,.;:!?)%"  # may not open a line: pulls the character before it along
_NO_END = "“‘（《「『【(["  # may not end a line: goes down with the word after it


def _fits(text: str, size: float) -> float:
    """About how wide the first unbreakable piece of ``text`` is (a Latin word or
    number, or one CJK character, with the punctuation that may not be parted from it)."""
    i = 0
    while i < len(text) and text[i] in _NO_END:
        i += 1
    m = _WORD_RE.match(text, i)
    end = m.end() if m else i
    while end < len(text) and text[end] in _NO_START:
        end += 1
    return sum(0.6 * size if ord(c) < 0x2e80 else size for c in text[:end])


def _continues(prev: _Line, ln: _Line, col: _Column) -> bool:
    """Does ``ln`` carry on the paragraph whose last line is ``prev``?"""
    size = max(prev.size, 1.0)
    if _LEADER_END_RE.search(prev.text):
        return False  # a contents entry: leaders and a page number end it
    if abs(prev.size - ln.size) > 0.6:
        return False
    if prev.text[-1] in "。：:；;！？!?" and _OPENER_RE.match(ln.text):
        return False  # a sentence ended and a list item or heading label opens the line
    broken = ln.text[0] in _NO_START or prev.text[-1] in _NO_END  # no paragraph starts or ends so
    if not broken and col.right - prev.x1 > _fits(ln.text, size) + 1.2 * size:
        return False  # the next line's first word would have fitted: this line ended a paragraph
    if ln.page == prev.page:
        step = prev.bottom - ln.bottom  # baseline to baseline, about the leading
        if not 0.5 * size < step < 2.2 * size:
            return False
        if col.leading and abs(ln.size - col.size) < 0.6 and step > 1.35 * col.leading and not broken:
            return False  # space between paragraphs
    elif ln.page != prev.page + 1:
        return False
    if ln.x0 <= col.left + 0.5 * size or broken:
        return True
    # A centred heading wrapped onto a second, shorter line (set in further than an indent).
    return (prev.x0 <= col.left + size and ln.x0 > col.left + 3 * size
            and abs((ln.x0 + ln.x1) / 2 - col.centre) < size)


__all__ = ["read_pdf"]
