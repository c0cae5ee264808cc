"""What a plan prints after itself: 附件, 附表, 名词解释, each its own node, an indicator
table in a 附表 read as a table (the whole tail was one 附件 of one-line paragraphs,
its table's cells among them, and fyp targets missed it). Expected values typed from
the input here."""

from __future__ import annotations

from fyp_tui.ingest import account, parse_bytes

PLAN = ("第一章 发展基础\n第一节 发展成就\n“十三五”时期，经济社会发展取得显著成就。\n"
        "第二章 保障措施\n第一节 加强组织领导\n坚持党总揽全局、协调各方。\n")
TAIL = ("附件\n丰宁县“十四五”时期重大项目表\n1.新材料产业园项目，建设硅基新材料生产线4条。\n"
        "附表\n丰宁县“十四五”时期经济社会发展主要指标\n类别\n指标\n单位\n2020年\n2025年\n属性\n"
        "经济发展\n地区生产总值\n亿元\n132.4\n180\n预期性\n一般公共预算收入\n亿元\n9.8\n13.7\n预期性\n"
        "名词解释\n首都“两区”：首都水源涵养功能区和生态环境支撑区。\n")


def test_each_appendix_is_a_node_and_a_tables_cells_a_table():
    text = PLAN + TAIL
    plan = parse_bytes(text.encode("utf-8"), "t")
    tail = [s for s in plan.sections if s.level == "附录"]
    assert [(s.id, s.title) for s in tail] == [("appendix", "附件"), ("appendix2", "附表"), ("appendix3", "名词解释")]
    tables = tail[1].tables
    assert len(tables) == 1 and tables[0].caption == "丰宁县“十四五”时期经济社会发展主要指标"
    assert [(r.indicator, r.baseline, r.target, r.attribute) for r in tables[0].rows] == [
        ("地区生产总值", "132.4", "180", "预期性"), ("一般公共预算收入", "9.8", "13.7", "预期性")]
    assert [b.text for b in tail[2].paragraphs] == ["首都“两区”：首都水源涵养功能区和生态环境支撑区。"]
    assert account(plan, text) == ({}, {})


def test_a_preamble_broken_across_lines_before_the_first_heading_is_one_paragraph():
    """An HTML page's <br> (or a PDF's line) inside the preamble before the first heading
    left it in pieces in the cover, where the same break in the body is joined. The
    cover's own lines (its title, its approval line: no clause mark) stay apart."""
    html = ("<html><body><h1>丰宁县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要</h1>"
            "<p>（2021年2月26日丰宁县第十七届人民代表大会第五次会议批准）</p>"
            "<p>“十四五”时期是我县在全面建成小康社会基础上，乘势而上开启全面建<br>设社会主义现代化新征程的第一个五年。"
            "本纲要根据《中共丰宁县委关于<br>制定丰宁县国民经济和社会发展第十四个五年规划的建议》编制。</p>"
            "<p>一、发展基础和发展环境</p><p>（一）发展成就</p><p>全县经济社会发展取得显著成就。</p></body></html>")
    plan = parse_bytes(html.encode("utf-8"), "t")
    front = [b.text for b in plan.sections[0].paragraphs]
    assert front == ["丰宁县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
                     "（2021年2月26日丰宁县第十七届人民代表大会第五次会议批准）",
                     "“十四五”时期是我县在全面建成小康社会基础上，乘势而上开启全面建设社会主义现代化新征程的第一个五年。"
                     "本纲要根据《中共丰宁县委关于制定丰宁县国民经济和社会发展第十四个五年规划的建议》编制。"]
