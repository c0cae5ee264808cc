"""Word auto-numbering restored as the labels a reader of the document sees."""

from __future__ import annotations

import io

import pytest

from fyp_tui.ingest import extract
from fyp_tui.ingest.readers.docx import format_number

docx = pytest.importorskip("docx")


@pytest.mark.parametrize("n,fmt,want", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (35, "chineseCountingThousand", "三十五"), (105, "chineseCounting", "一百零五"),
    (110, "chineseCounting", "一百一十"), (3, "ideographTraditional", "丙"), (2, "chineseLegalSimplified", "贰"),
    (12, "decimal", "12"), (3, "decimalEnclosedCircle", "③"), (4, "upperRoman", "IV"), (2, "lowerLetter", "b"),
    (7, "decimalFullWidth", "７"),
])
def test_number_formats(n, fmt, want):
    assert format_number(n, fmt) == want


def _doc_with_lists(levels: list[tuple], paragraphs: list[tuple[str, int, str]],
                    restart: dict[int, tuple[int, int]] | None = None) -> bytes:
    """A DOCX whose paragraphs are numbered by one multilevel list (each level: format,
    text, suffix and, when given, its w:lvlRestart); ``restart`` maps a paragraph index
    to (level, start): a new w:num with startOverride."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{lv[0]}"/><w:suff w:val="{lv[2]}"/>'
        f'<w:lvlText w:val="{lv[1]}"/>' + (f'<w:lvlRestart w:val="{lv[3]}"/>' if len(lv) > 3 else "") + '</w:lvl>'
        for i, lv in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="70"><w:abstractNumId w:val="77"/></w:num>'))
    for k, (text, ilvl, style) in enumerate(paragraphs):
        nid = 70
        if restart and k in restart:
            lvl, start = restart[k]
            nid = 71 + k
            numbering.append(parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="77"/>'
                f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))
        p = d.add_paragraph(text, style=style or None)
        if ilvl >= 0:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{nid}"/></w:numPr>'))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_chapter_section_and_item_labels():
    data = _doc_with_lists(
        [("chineseCounting", "第%1章", "space"), ("chineseCounting", "第%2节", "space"),
         ("chineseCounting", "%3、", "nothing"), ("chineseCounting", "（%4）", "nothing")],
        [("总体要求", 0, "Heading 1"), ("指导思想", 1, "Heading 2"), ("坚持党的领导", 2, ""),
         ("坚持以人民为中心", 2, ""), ("加强组织", 3, ""), ("主要目标", 1, "Heading 2"), ("经济发展", 2, ""),
         ("不编号的段落。", -1, ""), ("产业体系", 0, "Heading 1"), ("制造业", 1, "Heading 2")])
    ex = extract(data)
    assert [ln.raw for ln in ex.lines] == [
        "第一章 总体要求", "第一节 指导思想", "一、坚持党的领导", "二、坚持以人民为中心", "（一）加强组织",
        "第二节 主要目标", "一、经济发展", "不编号的段落。", "第二章 产业体系", "第一节 制造业"]
    assert ex.lines[0].style == "Heading 1" and ex.format == "docx"


def test_chapters_numbered_through_their_parts():
    """A national or provincial 纲要 numbers its 章 through the whole plan, not per 篇:
    the chapter level says so with w:lvlRestart 0 (never restart, ECMA-376 17.9.10); a
    level whose lvlRestart names the level above restarts under it as usual."""
    data = _doc_with_lists(
        [("chineseCounting", "第%1篇", "space"), ("chineseCounting", "第%2章", "space", 0),
         ("chineseCounting", "第%3节", "space", 2)],
        [("开启新征程", 0, "Heading 1"), ("发展环境", 1, "Heading 2"), ("发展成就", 2, "Heading 3"),
         ("面临形势", 2, "Heading 3"), ("指导方针", 1, "Heading 2"), ("总体要求", 2, "Heading 3"),
         ("创新驱动", 0, "Heading 1"), ("强化科技力量", 1, "Heading 2"), ("建设创新平台", 2, "Heading 3")])
    assert [ln.raw for ln in extract(data).lines] == [
        "第一篇 开启新征程", "第一章 发展环境", "第一节 发展成就", "第二节 面临形势", "第二章 指导方针",
        "第一节 总体要求", "第二篇 创新驱动", "第三章 强化科技力量", "第一节 建设创新平台"]


def test_a_list_restarted_at_a_number_and_mixed_levels_in_lvltext():
    data = _doc_with_lists(
        [("decimal", "%1.", "tab"), ("decimal", "%1.%2", "space")],
        [("甲", 0, ""), ("乙", 1, ""), ("丙", 1, ""), ("丁", 0, ""), ("戊", 0, "")],
        restart={4: (0, 9)})
    assert [ln.raw for ln in extract(data).lines] == ["1. 甲", "1.1 乙", "1.2 丙", "2. 丁", "9. 戊"]


def test_numbering_from_the_paragraph_style():
    """Heading styles often carry the numbering themselves (numPr in the style)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="555"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1篇"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="555"><w:abstractNumId w:val="555"/></w:num>'))
    style = d.styles["Heading 1"]
    style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:numId w:val="555"/></w:numPr>'))
    d.add_paragraph("开启新征程", style="Heading 1")
    d.add_paragraph("正文。")
    d.add_paragraph("建设现代化", style="Heading 1")
    buf = io.BytesIO()
    d.save(buf)
    assert [ln.raw for ln in extract(buf.getvalue()).lines] == ["第一篇开启新征程", "正文。", "第二篇建设现代化"]


def test_a_one_column_table_and_a_text_box_are_text_not_tables():
    """A 专栏 drawn as a one-cell table, and text in a text box, read as lines."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.add_paragraph("第一章 总则")
    box = d.add_table(rows=1, cols=1)
    box.cell(0, 0).text = "专栏1 重大工程"
    box.cell(0, 0).add_paragraph("1. 交通工程。")
    grid = d.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "指标", "2025年"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "常住人口", "120"
    grid.cell(1, 1).add_paragraph("（万人）")
    p = d.add_paragraph("正文。")
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        '<w:p><w:r><w:t>专栏2 民生实事</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>专栏2 民生实事</w:t></w:r></w:p></w:txbxContent>'
        '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    buf = io.BytesIO()
    d.save(buf)
    lines = extract(buf.getvalue()).lines
    assert [(ln.raw, ln.cells) for ln in lines] == [
        ("第一章 总则", ()), ("专栏1 重大工程", ()), ("1. 交通工程。", ()),
        ("指标\t2025年", ("指标", "2025年")), ("常住人口\t120 （万人）", ("常住人口", "120 （万人）")),
        ("正文。", ()), ("专栏2 民生实事", ())]


def test_runs_nested_in_insertions_smart_tags_and_fields_are_read():
    """Word nests runs in more than hyperlinks: a tracked insertion (w:ins), a smart tag
    (Chinese Word tags dates: chsdate), a simple field's result, a content control in
    the paragraph. Their text is the document's (python-docx's Paragraph.text dropped
    it: 到2025年 read 到，). Deleted text, a ruby's reading and a text box's VML copy
    are not; a table cell reads the same way."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ns = f'{nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'

    def runs(xml: str):
        return parse_xml(f'<w:p {ns}>{xml}</w:p>').iterchildren()

    def r(text: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'

    d = docx.Document()
    d.add_paragraph("第一章 总体要求")
    for xml in (
        r("坚持") + f'<w:ins w:id="1" w:author="a">{r("新发展理念")}</w:ins>' + r("，推动高质量发展。"),
        r("到") + f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
        f'<w:smartTagPr/>{r("2025年")}</w:smartTag>' + r("，地区生产总值达到500亿元。"),
        r("详见") + f'<w:fldSimple w:instr=" REF box1 \\h ">{r("专栏1")}</w:fldSimple>' + r("。"),
        r("建成") + f'<w:sdt><w:sdtContent>{r("区域中心")}</w:sdtContent></w:sdt>' + r("城市。"),
        r("保留") + '<w:del w:id="2" w:author="a"><w:r><w:delText>删去的话</w:delText></w:r></w:del>' + r("的话。"),
        '<w:ruby><w:rubyPr/><w:rt>' + r("gu") + '</w:rt><w:rubyBase>' + r("鼓") + '</w:rubyBase></w:ruby>' + r("楼区。"),
    ):
        p = d.add_paragraph()
        p._p.extend(runs(xml))
    grid = d.add_table(rows=1, cols=2)
    grid.cell(0, 0).text = "目标年"
    cell = grid.cell(0, 1).paragraphs[0]._p
    cell.extend(runs(r("到") + f'<w:smartTag w:uri="x" w:element="chsdate">{r("2025年")}</w:smartTag>'))
    buf = io.BytesIO()
    d.save(buf)
    lines = extract(buf.getvalue()).lines
    assert [ln.raw for ln in lines] == [
        "第一章 总体要求", "坚持新发展理念，推动高质量发展。", "到2025年，地区生产总值达到500亿元。",
        "详见专栏1。", "建成区域中心城市。", "保留的话。", "鼓楼区。", "目标年\t到2025年"]
    assert lines[-1].cells == ("目标年", "到2025年")
