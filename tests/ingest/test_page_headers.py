"""A short PDF's running header: the plan's short title atop each body page. With only
two or three body pages it recurs too seldom for the rule of three, and read as a second
document's title it took the rest of the plan into `appendix`. The PDF is drawn with
reportlab in ASCII (no CJK font needed): the reader's judgement is what is tested."""

from __future__ import annotations

import io

import pytest

from fyp_tui.ingest import extract
from fyp_tui.ingest.readers.pdf import R_HEADER

pytest.importorskip("reportlab")

HEADER = "Hailing District Plan 2021-2025"
PAGES = [["Hailing District Outline of the Fourteenth Five-Year Plan", "February 2021"],
         [HEADER, "Chapter 1 Foundations", "The economy grew steadily over five years.",
          "Chapter 2 Targets", "By 2025 the district's output reaches one thousand."],
         [HEADER, "Chapter 3 Industry", "Build clusters of advanced manufacturing.",
          "Chapter 4 Safeguards", "Strengthen the leadership of the plan."]]


def short_pdf(pages) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for lines in pages:
        y = 800
        for text in lines:
            c.drawString(72, y, text)
            y -= 40
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_short_pdfs_running_header_is_cut_and_the_plan_kept():
    ex = extract(short_pdf(PAGES))
    assert [r.reason for r in ex.removed if r.text == HEADER] == [R_HEADER, R_HEADER]
    kept = [ln.raw for ln in ex.lines if ln.raw.strip()]
    assert HEADER not in kept
    assert kept[0] == PAGES[0][0]  # the cover's title stays
    joined = " ".join(kept)  # (the reader may join an ASCII line to the one before: no heading grammar)
    assert all(text in joined for page in PAGES[1:] for text in page[1:])  # the plan's text, all of it


def test_a_line_atop_one_page_only_is_text():
    pages = [PAGES[0], PAGES[1], ["Chapter 3 Industry", *PAGES[2][2:]]]  # page 3 opens with its chapter
    ex = extract(short_pdf(pages))
    assert not [r for r in ex.removed if r.reason == R_HEADER]
    assert HEADER in [ln.raw for ln in ex.lines]
