"""A PDF table whose first column merges a category over several rows: the drawn lines
leave no rule inside the merged cell, and its text is set once (at the top, the middle
or the foot of the span). Every row it spans gets it, as Word's and HTML's merged cells
do. ASCII text, so the PDF needs no CJK font: the reader's geometry is what is tested."""

from __future__ import annotations

import io

import pytest

from fyp_tui.ingest import extract

pytest.importorskip("reportlab")

ROWS = [["Category", "Indicator", "2020", "2025"],
        ["Economy", "GDP", "720", "1000"],
        ["", "Revenue", "45.6", "58"],
        ["", "Services share", "48.5", "52"],
        ["Innovation", "R&D share", "2.6", "3.2"],
        ["Welfare", "Unemployment", "-", "<5"],
        ["", "Life expectancy", "79.8", "80.5"]]


def table_pdf(valign: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    buf = io.BytesIO()
    t = Table(ROWS)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (0, 1), (0, 3)),
                           ("SPAN", (0, 5), (0, 6)), ("VALIGN", (0, 0), (-1, -1), valign)]))
    SimpleDocTemplate(buf, pagesize=A4).build([t])
    return buf.getvalue()


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_a_merged_category_reaches_every_row_it_spans(valign):
    rows = [list(ln.cells) for ln in extract(table_pdf(valign)).lines if ln.cells]
    assert [r[0] for r in rows] == ["Category", "Economy", "Economy", "Economy", "Innovation", "Welfare", "Welfare"]
    assert [r[1:] for r in rows] == [r[1:] for r in ROWS]
