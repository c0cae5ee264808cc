"""A short PDF's running header: the plan's short title atop each body page. With only
two or three body pages it recurs too seldom for the text rule (three times), and read
as a second document's title it took the rest of the plan into `appendix`. The lines
here are what the PDF reader gives for such a file (a page number on each line), typed
by hand."""

from __future__ import annotations

from fyp_tui.ingest.clean import R_HEADER, Line, clean
from fyp_tui.ingest.structure import build
from fyp_tui.model import APPENDIX

PAGES = [
    (1, "泰州市海陵区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"),
    (1, "2021年2月"),
    (2, "海陵区国民经济和社会发展第十四个五年规划纲要"),
    (2, "第一章 发展基础"),
    (2, "“十三五”时期，全区经济实力持续增强，地区生产总值年均增长7.1%。"),
    (2, "第二章 主要目标"),
    (2, "到2025年，全区综合实力显著增强，地区生产总值达到1000亿元左右。"),
    (3, "海陵区国民经济和社会发展第十四个五年规划纲要"),
    (3, "第三章 建设现代产业体系"),
    (3, "第一节 做强先进制造业"),
    (3, "聚焦高端装备、生物医药、新能源三大主导产业，打造先进制造业集群。"),
    (3, "第四章 保障措施"),
    (3, "加强党的全面领导，健全规划实施机制。"),
]


def test_a_short_pdfs_running_header_is_cut_and_the_plan_kept():
    lines = [Line(no, text, page=page) for no, (page, text) in enumerate(PAGES, 1)]
    kept, removed = clean("\n".join(t for _, t in PAGES), lines)
    assert [(r.line, r.reason) for r in removed] == [(3, R_HEADER), (8, R_HEADER)]
    front, top = build(kept)
    assert [s.label for s in top] == ["第一章", "第二章", "第三章", "第四章"]
    assert all(s.level != APPENDIX for s in top)
    assert [b.text for b in front.blocks][0] == PAGES[0][1]  # the cover's title stays


def test_a_line_atop_one_page_only_is_text():
    lines = [Line(no, text, page=page) for no, (page, text) in enumerate(PAGES, 1)]
    lines[7] = Line(8, "第三章 建设现代产业体系", page=3)  # page 3 opens with its chapter
    kept, removed = clean("\n".join(ln.raw for ln in lines), lines)
    assert removed == [] and kept[2].raw == PAGES[2][1]
