"""Render the five bundled plans' texts as PDF, HTML and DOCX, as they arrive in the wild.

The renders are committed under tests/ingest/renders/ so the tests need neither the
font nor reportlab. Re-run by hand after changing this script:

    pip install reportlab python-docx   # and Debian's fonts-wqy-zenhei
    python tests/ingest/make_renders.py

Each render lays out the raw text's own lines (corpus/raw/<id>.txt) as a typesetter
or a web editor would; nothing is taken from fyp's parser. A line is a heading when
it opens with 第X篇/章/节 or is 序言/前言; the one-cell-per-line indicator tables of
the text become real tables (rows end at 预期性/约束性, a 序号 column starts rows);
a very long line (a whole plan scraped onto one line) is cut into paragraphs where
a sentence ends before white space or before a numbered heading.

- PDF (reportlab, WenQuanYi Zen Hei embedded as TrueType): A4, a running header
  with the plan's title and a page number (— 3 —) on every page after the cover,
  first-line-indented paragraphs wrapping over lines and pages, centred chapter
  headings that wrap to two lines, a contents page with dotted leaders and page
  numbers where the text has one (xuzhou-gulou), tables with ruling lines.
  Also: an encrypted PDF and a PDF whose page is only drawn shapes (no text layer).
- HTML: a government-site page (nav, breadcrumbs, share buttons, a repost
  disclaimer, footer, a script) around the text, headings as <h2>/<h3>, tables as
  <table>; charsets: UTF-8 declared, GB2312 declared, GBK undeclared, and one
  fragment (<p>/<br> only, no <html>).
- DOCX (python-docx): heading styles, Word auto-numbering for 第X篇/第X章/第X节 and
  一、/（一） (numbering XML with chineseCounting and lvlText 第%1章 / %1、 / （%1）,
  the labels are not in the paragraph text), a table, a page header and footer.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = HERE / "renders"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
SEEDS = ["xuzhou-gulou", "lianyungang-haizhou", "xuzhou", "zhenjiang-jingkou", "fuzhou-gulou"]

NUM = "一二三四五六七八九十百零〇"
HEAD_RE = re.compile(rf"^(第([{NUM}\d]{{1,4}})([篇编章节]))\s*(.*)$")
PREFACE_RE = re.compile(r"^(序\s*言|前\s*言)$")
CN_ITEM_RE = re.compile(rf"^([{NUM}]{{1,3}})、(.*)$")
CN_PAREN_RE = re.compile(rf"^（([{NUM}]{{1,3}})）(.*)$")
HEADER_CELLS = {"分类", "类别", "序号", "指标", "单位", "属性", "2020年", "2025年", "目标", "“十三五”目标"}
ATTRS = ("预期性", "约束性")
LONG = 3000
SPLIT_RE = re.compile(r"(?<=[。！？”])[ \t\u3000]+(?=\S)|(?<=[。！？])(?=[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}、)")

# Chrome the tests look for: none of it may reach a plan.
SITE = "江苏省某市人民政府门户网站"
MARKERS = ["门户网站", "政务公开", "分享到微信", "网站标识码", "ICP备", "转载请注明", "不是正文", "规划纲要（印刷版）"]


def cn(n: int) -> str:
    d = "〇一二三四五六七八九"
    if n < 10:
        return d[n]
    if n < 20:
        return "十" + (d[n % 10] if n % 10 else "")
    return d[n // 10] + "十" + (d[n % 10] if n % 10 else "")


def cn_value(s: str) -> int:
    d = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (d.get(a, 1) if a else 1) * 10 + (d.get(b, 0) if b else 0)
    return d.get(s, 0)


def blocks(text: str) -> list[tuple]:
    """The raw text as blocks: ("h", kind, label, title, line) / ("p", line) / ("t", caption, rows, ncols)."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    out: list[tuple] = []
    k = 0
    while k < len(lines):
        ln = lines[k]
        if len(ln) > LONG:
            out += [("p", piece.strip()) for piece in SPLIT_RE.split(ln) if piece.strip()]
            k += 1
            continue
        if k + 1 < len(lines) and lines[k + 1] in HEADER_CELLS and len(ln) <= 60:
            k = table(lines, k, out)
            continue
        m = HEAD_RE.match(ln)
        if m and len(m.group(4)) <= 60 and "。" not in m.group(4):
            out.append(("h", m.group(3), m.group(1), m.group(4), ln))
        elif PREFACE_RE.match(ln):
            out.append(("h", "序", "", ln, ln))
        else:
            out.append(("p", ln))
        k += 1
    return out


def table(lines: list[str], k: int, out: list) -> int:
    caption = lines[k]
    k += 1
    header = []
    while k < len(lines) and lines[k] in HEADER_CELLS:
        header.append(lines[k])
        k += 1
    if "目标" in header and header[header.index("目标") - 1].endswith("年"):
        i = header.index("目标")
        header[i - 1 : i + 1] = [header[i - 1] + "目标"]  # one column, two lines in the source
    numbered = "序号" in header
    rows, row, category = [], [], ""
    while k < len(lines) and not (len(lines[k]) > 40 and ("。" in lines[k] or "，" in lines[k] or "," in lines[k])):
        if HEAD_RE.match(lines[k]):
            break
        cell = lines[k]
        k += 1
        if numbered and not row and not cell.isdigit():
            category = cell
            continue
        row.append(cell)
        if cell in ATTRS:
            rows.append(shape(row, header, category if numbered else None))
            row, category = [], ""
    if row:
        rows.append(shape(row, header, category if numbered else None))
    out.append(("t", caption, [header] + rows, max(len(r) for r in [header] + rows)))
    return k


def shape(row: list[str], header: list[str], category: str | None) -> list[str]:
    """Cells in the header's columns: category first, a missing value left empty."""
    cells = ([category] if category is not None else ([""] if header[0] in ("类别", "分类") else [])) + row
    name_at = 2 if category is not None else 1
    while len(cells) < len(header):
        cells.insert(name_at + 1, "")
    return cells


def title_of(pid: str) -> str:
    toml = (REPO / "corpus" / "plans" / f"{pid}.toml").read_text(encoding="utf-8")
    return re.search(r'^title = "(.*)"', toml, re.MULTILINE).group(1)


# ---------------------------------------------------------------- PDF
def make_pdf(pid: str, bl: list[tuple], path: Path, block: bool = False) -> None:
    """``block``: the other common layout: no first-line indent, space between
    paragraphs, justified lines, header on the left and 第 N 页 at the bottom right."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    body = ParagraphStyle("body", fontName="WQY", fontSize=11, leading=18, firstLineIndent=22, wordWrap="CJK")
    if block:
        body = ParagraphStyle("block", fontName="WQY", fontSize=11, leading=17, spaceBefore=9, alignment=TA_JUSTIFY,
                              wordWrap="CJK")
    styles = {
        "篇": ParagraphStyle("part", fontName="WQY", fontSize=18, leading=26, alignment=TA_CENTER, spaceBefore=12,
                            spaceAfter=12, wordWrap="CJK"),
        "章": ParagraphStyle("chapter", fontName="WQY", fontSize=16, leading=24, alignment=TA_CENTER, spaceBefore=10,
                            spaceAfter=8, wordWrap="CJK"),
        "节": ParagraphStyle("section", fontName="WQY", fontSize=13, leading=20, spaceBefore=6, spaceAfter=4,
                            wordWrap="CJK"),
        "序": ParagraphStyle("preface", fontName="WQY", fontSize=16, leading=24, alignment=TA_CENTER, wordWrap="CJK"),
    }
    styles["编"] = styles["篇"]
    toc_style = ParagraphStyle("toc", fontName="WQY", fontSize=11, leading=18, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName="WQY", fontSize=8.5, leading=11, wordWrap="CJK")
    caption_style = ParagraphStyle("caption", fontName="WQY", fontSize=12, leading=18, alignment=TA_CENTER)
    title = title_of(pid)
    width = A4[0] - 144

    def esc(s: str) -> str:
        return html.escape(s, quote=False)

    pages: dict[int, int] = {}

    class Heading(Paragraph):
        def __init__(self, text, style, key):
            super().__init__(text, style)
            self.key = key

    def story(toc_pages: dict[int, int]) -> list:
        out: list = []
        in_toc = False
        for k, b in enumerate(bl):
            if b[0] == "p" and re.fullmatch(r"目\s*录", b[1]):
                in_toc = True
                out.append(Paragraph(esc(b[1]), styles["章"]))
                continue
            if in_toc:
                # Entries until the body's first heading repeats one already listed.
                if b[0] == "h" and any(x[0] == "h" and x[4] == b[4] for x in bl[bl.index(next(
                        y for y in bl if y[0] == "p" and re.fullmatch(r"目\s*录", y[1]))):k]):
                    in_toc = False
                    out.append(PageBreak())
                else:
                    text = b[4] if b[0] == "h" else b[1]
                    target = next((j for j in range(k + 1, len(bl)) if bl[j][0] == "h" and bl[j][4] == text), None)
                    page = str(toc_pages.get(target, 0))
                    # Leaders to the right edge (on the entry's last line when it wraps).
                    text_w = pdfmetrics.stringWidth(text + " ", "WQY", 11) % width
                    room = width - text_w - pdfmetrics.stringWidth(" 999", "WQY", 11) - 8
                    dots = "·" * max(3, int(room / pdfmetrics.stringWidth("·", "WQY", 11)))
                    line = f"{text} {dots} {page}"
                    out.append(Paragraph(esc(line), toc_style))
                    continue
            if b[0] == "h":
                out.append(Heading(esc(b[4]), styles[b[1]], k))
            elif b[0] == "p":
                out.append(Paragraph(esc(b[1]), body))
            else:
                _, caption, rows, _ = b
                out.append(Paragraph(esc(caption), caption_style))
                data = [[Paragraph(esc(c), cell_style) for c in r] for r in rows]
                weights = [4 if h == "指标" else 1.3 if h in ("“十三五”目标", "2025年目标") else 1 for h in rows[0]]
                widths = [width * w / sum(weights) for w in weights]
                t = Table(data, colWidths=widths, repeatRows=1)
                t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
                out += [t, Spacer(1, 8)]
        return out

    def on_page(canvas, doc):
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont("WQY", 9)
        if block:
            canvas.drawString(72, A4[1] - 40, title)
            canvas.drawRightString(A4[0] - 72, 36, f"第 {doc.page} 页")
            canvas.restoreState()
            return
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, title)
        canvas.line(72, A4[1] - 46, A4[0] - 72, A4[1] - 46)
        canvas.drawCentredString(A4[0] / 2, 36, f"— {doc.page} —")
        canvas.restoreState()

    class Doc(SimpleDocTemplate):
        def afterFlowable(self, flowable):
            if isinstance(flowable, Heading):
                pages.setdefault(flowable.key, self.page)

    def build(toc_pages):
        doc = Doc(str(path), pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72, bottomMargin=72,
                  title=title, author="fyp-tui test renders")
        doc.build(story(toc_pages), onFirstPage=on_page, onLaterPages=on_page)

    build({})
    first = dict(pages)
    pages.clear()
    build(first)


def make_hostile_pdfs(bl: list[tuple]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    enc = StandardEncryption("secret-user", ownerPassword="secret-owner", canPrint=0)
    c = canvas.Canvas(str(OUT / "encrypted.pdf"), pagesize=A4, encrypt=enc)
    c.setFont("WQY", 12)
    for k, b in enumerate(bl[:30]):
        c.drawString(72, A4[1] - 72 - 18 * k, (b[4] if b[0] == "h" else b[1])[:36])
    c.save()
    # A "scan": the page is only drawn shapes (strokes like lines of text), no text objects.
    c = canvas.Canvas(str(OUT / "scanned.pdf"), pagesize=A4)
    for page in range(2):
        for k in range(30):
            y = A4[1] - 80 - 22 * k
            x = 72 + (24 if k % 6 == 0 else 0)
            c.setLineWidth(7)
            c.setStrokeGray(0.25)
            c.line(x, y, A4[0] - 72 - (180 if k % 6 == 5 else 0), y)
        c.showPage()
    c.save()


# ---------------------------------------------------------------- HTML
PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}<title>{title}_{site}</title>
<style>.nav li{{float:left}} .content p{{text-indent:2em}}</style>
<script>var banner = "<p>不是正文</p>"; document.write(banner);</script>
</head>
<body>
<div class="header"><div class="logo">{site}</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 规划计划</div>
<div class="main">
<div class="info">发布时间：2021-05-12　浏览次数：1024</div>
<div class="bdshare">分享到微信 <a href="#">微博</a> <a href="#">QQ空间</a> 【打印】</div>
<div class="content" id="zoom">
{body}
</div>
<p class="note">（本文转载自区发展和改革委员会网站，转载请注明出处，如有侵权请联系删除。）</p>
</div>
<div class="footer"><p>版权所有：某市人民政府办公室　主办单位：某市人民政府</p><p>网站标识码：3203000001　苏ICP备12345678号</p></div>
</body>
</html>
"""


def html_body(bl: list[tuple], fragment: bool) -> str:
    out = []
    para = []

    def flush():
        if para:
            out.append("<p>" + "<br>\n".join(para) + "</p>")
            para.clear()

    for b in bl:
        if b[0] == "h":
            flush()
            tag = "h2" if b[1] in ("篇", "编", "章", "序") else "h3"
            out.append(f"<{tag}>{html.escape(b[4])}</{tag}>")
        elif b[0] == "p":
            text = html.escape(b[1]).replace("“", "&ldquo;").replace("”", "&rdquo;")
            if fragment:
                para.append("&#12288;&#12288;" + text)  # lines broken with <br> inside one <p>
            else:
                out.append(f"<p>&nbsp;&nbsp;{text}</p>")
        else:
            flush()
            _, caption, rows, _ = b
            out.append(f"<p align=\"center\"><strong>{html.escape(caption)}</strong></p>")
            out.append("<table border=\"1\" cellspacing=\"0\">")
            out.append("<thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in rows[0]) + "</tr></thead><tbody>")
            for r in rows[1:]:
                out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>")
            out.append("</tbody></table>")
    flush()
    return "\n".join(out)


def make_html(pid: str, bl: list[tuple], path: Path, charset: str, declare: bool, fragment: bool) -> None:
    body = html_body(bl, fragment)
    if fragment:
        page = f"<div class=\"TRS_Editor\">\n{body}\n</div>\n"
    else:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if declare else ""
        page = PAGE.format(meta=meta, title=html.escape(title_of(pid)), site=SITE, body=body)
    path.write_bytes(page.encode("gbk" if charset.lower() in ("gbk", "gb2312") else charset))


# ---------------------------------------------------------------- DOCX
def make_docx(pid: str, bl: list[tuple], path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    lists = {  # abstractNumId: [(numFmt, lvlText, suff)] per level
        90: [("chineseCounting", "第%1篇", "space")],
        91: [("chineseCounting", "第%1章", "space"), ("chineseCounting", "第%2节", "space")],
        92: [("chineseCounting", "%1、", "nothing"), ("chineseCounting", "（%2）", "nothing")],
    }
    for aid, levels in lists.items():
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suff}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for i, (fmt, text, suff) in enumerate(levels)
        )
        an = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(an)
        else:
            numbering.append(an)
    base = {}
    for aid in lists:
        base[aid] = 900 + aid
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{base[aid]}"><w:abstractNumId w:val="{aid}"/></w:num>'))
    fresh = [2000]
    counts: dict[int, dict[int, int]] = {aid: {} for aid in lists}  # what Word will show, per list and level

    def numbered(par, aid: int, ilvl: int, n: int) -> None:
        """Number paragraph ``par`` at list ``aid`` level ``ilvl`` so Word shows ``n``:
        continue the list when it would, else restart it at n (a w:num with startOverride)."""
        c = counts[aid]
        shown = c[ilvl] + 1 if ilvl in c else 1
        if shown == n:
            nid = base[aid]
        else:
            fresh[0] += 1
            nid = fresh[0]
            numbering.append(parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
                f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{n}"/></w:lvlOverride></w:num>'))
        c[ilvl] = n
        for deeper in [k for k in c if k > ilvl]:
            del c[deeper]
        par._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{nid}"/></w:numPr>'))

    style_of = {"篇": "Heading 1", "编": "Heading 1", "章": "Heading 2", "节": "Heading 3", "序": "Heading 2"}
    for b in bl:
        if b[0] == "h":
            kind = b[1]
            par = doc.add_paragraph(b[3] if kind != "序" else b[4], style=style_of[kind])
            if kind != "序":
                n = cn_value(HEAD_RE.match(b[4]).group(2))
                aid, ilvl = {"篇": (90, 0), "编": (90, 0), "章": (91, 0), "节": (91, 1)}[kind]
                numbered(par, aid, ilvl, n)
        elif b[0] == "p":
            m = CN_ITEM_RE.match(b[1]) or CN_PAREN_RE.match(b[1])
            if m:
                par = doc.add_paragraph(m.group(2))
                numbered(par, 92, 0 if CN_ITEM_RE.match(b[1]) else 1, cn_value(m.group(1)))
            else:
                doc.add_paragraph(b[1])
        else:
            _, caption, rows, ncols = b
            doc.add_paragraph(caption)
            t = doc.add_table(rows=len(rows), cols=ncols)
            t.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    t.cell(r, c).text = text
            t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    section = doc.sections[0]
    section.header.paragraphs[0].text = f"{title_of(pid)}　规划纲要（印刷版）"
    section.footer.paragraphs[0].text = "某市发展和改革委员会印发　网站标识码：3203000001"
    doc.core_properties.title = title_of(pid)
    doc.save(str(path))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    html_kinds = {
        "xuzhou-gulou": ("utf-8", True, False),
        "lianyungang-haizhou": ("utf-8", True, False),
        "xuzhou": ("gb2312", True, False),
        "zhenjiang-jingkou": ("gbk", False, False),
        "fuzhou-gulou": ("utf-8", False, True),
    }
    for pid in SEEDS:
        text = (REPO / "corpus" / "raw" / f"{pid}.txt").read_bytes().decode("utf-8-sig")
        bl = blocks(text)
        make_pdf(pid, bl, OUT / f"{pid}.pdf")
        make_html(pid, bl, OUT / f"{pid}.html", *html_kinds[pid])
        make_docx(pid, bl, OUT / f"{pid}.docx")
        print(pid, "done", file=sys.stderr)
    make_hostile_pdfs(blocks((REPO / "corpus" / "raw" / "xuzhou.txt").read_text(encoding="utf-8")))
    # Block paragraphs: the first part of a plan, with its text version beside it.
    part = blocks((REPO / "corpus" / "raw" / "lianyungang-haizhou.txt").read_text(encoding="utf-8"))[:60]
    assert all(b[0] != "t" for b in part)
    (OUT / "block-paragraphs.txt").write_text("\n".join(b[4] if b[0] == "h" else b[1] for b in part) + "\n",
                                            encoding="utf-8")
    make_pdf("lianyungang-haizhou", part, OUT / "block-paragraphs.pdf", block=True)
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"renders: {total / 1e6:.2f} MB in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
