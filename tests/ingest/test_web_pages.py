"""Plans as government sites serve them: the page around the plan is set aside, the plan
is kept whole, and the page's own dates are read.

The pages here are written by hand in the shape such sites have (a menu, a breadcrumb,
a 信息公开 box laid out as a table, the article, a 相关文章 list, share buttons, a
footer with the licence numbers), and a copy of such a page as text, as a browser's
select-all gives it. The expected plan text is the article's, typed here.
"""

from __future__ import annotations

from fyp_tui.ingest.pipeline import parse_bytes
from fyp_tui.model import Paragraph

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某某区国民经济和社会发展第十四个五年规划纲要_某某区人民政府</title></head>
<body>
<div class="nav"><ul><li>首页</li><li>政务公开</li><li>互动交流</li></ul></div>
<div class="position">您当前的位置：<a>首页</a> &gt;&gt; <a>信息公开</a></div>
<table class="xxgk"><tr><td>索引号：</td><td>014213254/2021-00012</td><td>分类：</td><td>发展规划</td></tr>
<tr><td>发布机构：</td><td>区发改委</td><td>发文日期：</td><td>2021-03-30</td></tr>
<tr><td>文号：</td><td>某政发〔2021〕12号</td><td>时效：</td><td>有效</td></tr></table>
<div class="article">
<h1>某某区国民经济和社会发展第十四个五年规划纲要</h1>
<p><strong>第一章　发展基础</strong></p>
<p>　　“十三五”时期，全区地区生产总值年均增长7.8%。</p>
<p><strong>第二章　主要目标</strong></p>
<p style="text-align:center">表1　某某区“十四五”时期经济社会发展主要指标</p>
<table border="1">
<tr><td>类别</td><td>指标</td><td>2020年</td><td>2025年</td><td>属性</td></tr>
<tr><td rowspan="2">经济发展</td><td>地区生产总值（亿元）</td><td>386</td><td>550</td><td>预期性</td></tr>
<tr><td>一般公共预算收入（亿元）</td><td>23.5</td><td>30</td><td>预期性</td></tr>
<tr><td>民生福祉</td><td>城镇登记失业率（%）</td><td>1.8</td><td>3</td><td rowspan="2">约束性</td></tr>
<tr><td>绿色生态</td><td>森林覆盖率（%）</td><td>23</td><td>25</td></tr>
</table>
<p><strong>第三章　保障措施</strong></p>
<p>　　加强组织领导，健全规划实施机制。</p>
</div>
<div class="related"><h3>相关文章</h3><ul>
<li><a>某某区“十四五”现代服务业发展规划</a></li>
<li><a>关于某某区2020年国民经济和社会发展计划执行情况的报告</a></li></ul></div>
<div class="share">【<a>打印本页</a>】【<a>关闭窗口</a>】</div>
<div class="foot">主办：某某区人民政府办公室 苏ICP备05000000号 网站标识码：3213020001</div>
</body></html>"""

COPIED = """首页 | 政务公开 | 政务服务 | 互动交流
当前位置：首页 > 政务公开 > 规划计划
某某县国民经济和社会发展第十四个五年规划纲要
发布时间：2021-03-25 10:21   来源：县发展和改革委员会   浏览次数：3521
【字体：大 中 小】  【打印本页】  【关闭窗口】
第一章 发展基础
“十三五”时期，全县地区生产总值年均增长7.2%。
第二章 保障措施
加强组织领导，强化规划实施。
上一篇：某某县2021年政府工作报告
下一篇：关于印发某某县“十四五”数字经济发展规划的通知
相关链接：国家发展改革委 | 江苏省人民政府
主办单位：某某县人民政府办公室  承办单位：某某县大数据管理局
版权所有：某某县人民政府  苏ICP备12345678号-1
联系电话：0516-12345678
"""


def texts(plan) -> list[str]:
    """Every paragraph of the plan, front matter first, in reading order."""
    return [b.text for s in plan.walk() for b in s.blocks if isinstance(b, Paragraph)]


def test_a_government_page_keeps_the_plan_and_sets_the_page_aside():
    plan = parse_bytes(PAGE.encode("utf-8"), "page", source="page.html")
    assert [s.title for s in plan.sections] == ["某某区国民经济和社会发展第十四个五年规划纲要", "发展基础", "主要目标",
                                                "保障措施"]
    assert texts(plan) == ["某某区国民经济和社会发展第十四个五年规划纲要",
                           "“十三五”时期，全区地区生产总值年均增长7.8%。", "加强组织领导，健全规划实施机制。"]
    body = "".join(texts(plan))
    for chrome in ("相关文章", "现代服务业发展规划", "执行情况的报告", "ICP备", "索引号", "打印本页"):
        assert chrome not in body
    assert plan.meta.issued == "2021-03-30"  # the 信息公开 box's 发文日期
    removed = {r.text.split()[0]: r.reason for r in plan.removed}
    assert "info" in removed["索引号："] and "related" in removed["相关文章"]


def test_a_rowspan_cell_reaches_the_rows_below_it():
    plan = parse_bytes(PAGE.encode("utf-8"), "page", source="page.html")
    (table,) = plan.tables()  # the 信息公开 box is no table of the plan
    got = [(r.category, r.indicator, r.baseline, r.target, r.attribute) for r in table.rows]
    assert got == [
        ("经济发展", "地区生产总值（亿元）", "386", "550", "预期性"),
        ("经济发展", "一般公共预算收入（亿元）", "23.5", "30", "预期性"),
        ("民生福祉", "城镇登记失业率（%）", "1.8", "3", "约束性"),
        ("绿色生态", "森林覆盖率（%）", "23", "25", "约束性"),
    ]


def test_a_page_copied_as_text_keeps_the_plan_and_its_date():
    plan = parse_bytes(COPIED.encode("utf-8"), "copied")
    assert texts(plan) == ["某某县国民经济和社会发展第十四个五年规划纲要",
                           "“十三五”时期，全县地区生产总值年均增长7.2%。", "加强组织领导，强化规划实施。"]
    assert plan.meta.issued == "2021-03-25"
    kept = "".join(texts(plan)) + "".join(s.label + s.title for s in plan.walk())
    removed = "\n".join(r.text for r in plan.removed)
    for line in COPIED.splitlines():  # every line is kept or set aside, none lost
        assert line.split()[0] in kept or line.split()[0] in removed, line


BOX_TABLE = """<html><head><meta charset="utf-8"></head><body>
<h1>某市“十四五”文化旅游发展规划</h1>
<p>一、重点任务</p>
<p>（一）完善公共文化服务</p>
<p>　　推进公共文化设施建设，提升服务效能。</p>
<table border="1">
<tr><td colspan="2">专栏2 公共文化设施工程</td></tr>
<tr><td>市图书馆新馆</td><td>建筑面积2万平方米</td></tr>
<tr><td>城市书房</td><td>新建城市书房20个</td></tr>
</table>
<p>二、保障措施</p>
<p>　　加强组织领导。</p>
</body></html>"""


def test_a_box_laid_out_as_a_table_is_captioned_by_its_title_row():
    """A 专栏 set as a table whose first row, merged across it, is its title: that row is
    the table's caption (listed and found by title), the rest its rows."""
    plan = parse_bytes(BOX_TABLE.encode("utf-8"), "box-table", source="box.html")
    (table,) = plan.tables()
    assert "".join(table.caption.split()) == "专栏2公共文化设施工程"  # white space folded
    assert [r.cells for r in table.rows] == [["市图书馆新馆", "建筑面积2万平方米"], ["城市书房", "新建城市书房20个"]]
