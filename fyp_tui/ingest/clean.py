"""Cut what is not the plan out of the decoded text, keeping every cut with its reason.

What goes: control characters and terminal escapes, web-page chrome (当前位置, 发布机构,
附件下载 …), download-site headers and footers (温馨提示 blocks), injected spam,
page-number lines (``- 3 -``, ``第3页``, and a bare `` 375 `` between lines of prose),
newspaper / database headers (``云南日报 / 2 0 0 1年 / … 第 A0 1版 /``, ``分类号:``),
citation marks (``[3]``), running headers repeated across pages, layout separators,
and the table of contents anywhere before the body (entries one per line or run
together, with dot leaders and page numbers, paragraphs allowed between it and
the body). Each cut becomes a ``Removed`` entry (text as it was, reason, line),
so nothing is silently dropped. Line-level rules only look at short lines, so a
flattened page (one line of megabytes) costs one pass.

The rules work on patterns of the page, never on one seed's exact lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, replace

from ..gcpause import without_gc
from ..model import Removed
from ..textnorm import control_spans, normalize

R_CONTROL = "control characters / terminal escapes"
R_PAGE_BREAK = "page break"  # a form feed: where pdftotext ends a page
R_CHROME = "web-page chrome"
R_SITE = "download-site boilerplate"
R_SPAM = "injected spam"
R_PAGE = "page number"
R_HEADER = "running header"
R_TOC = "table of contents"
R_SEPARATOR = "layout separator"
R_PAPER = "newspaper / database header"
R_CITATION = "citation mark"
R_FOOTNOTE = "footnote"


@dataclass
class Line:
    no: int  # 1-based line number in the decoded text
    raw: str  # the line as decoded, control characters removed
    # Layout a reader found (PDF/HTML/DOCX); plain text leaves the defaults.
    cells: tuple[str, ...] = ()  # a table row's cells (raw is then the cells joined by "\t")
    table: int = 0  # rows of one table share this number (> 0)
    header: bool = False  # a table's header row
    page: int = 0  # 1-based page (PDF)
    style: str = ""  # a hint: "h2", "Heading 1", "title" …


# Metadata rows of government web pages: "发布机构: 办公室 成文日期: 2021-05-07".
# The labels of a page's 信息公开 box (the HTML reader knows the box laid out as a table by them).
INFO_FIELDS = (
    "索引号|分类|主题分类|体裁分类|组配分类|发布机构|发文机关|发文机构|发文日期|成文日期|发布日期|生成日期|"
    "文号|发文字号|时效|有效性|公开方式|公开范围|公开时限|信息名称|所属机构|关键词|主题词"
)
_CHROME_FIELDS = (
    f"当前位置|{INFO_FIELDS}|"
    "来源|浏览次数|访问量|字号|分享到|打印本页|关闭窗口|信息来源|发布时间|"
    # and the footer's: the neighbours' links, who runs the site, its licence numbers
    "上一篇|下一篇|相关链接|主办单位|承办单位|协办单位|技术支持|版权所有|联系电话|联系地址|网站标识码"
)
_CHROME_RE = re.compile(
    rf"^\s*(?:(?:{_CHROME_FIELDS})\s*[:：]|"
    r"首页\s*[|｜>＞»›]|"  # a menu or breadcrumb that opens at the home page: "首页 | 政务公开 | …"
    r"(?:【[^】]{0,12}(?:字体|字号|打印|关闭|收藏|分享)[^】]{0,12}】\s*)+$|"  # 【字体：大 中 小】【打印本页】
    r".{0,80}(?:ICP备|公网安备|网站标识码))"  # a licence line: "版权所有… 苏ICP备12345678号"
)
_CHROME_LINE_RE = re.compile(
    r"^\s*(?:附件下载|视频|相关报道|相关文件|相关专题|图解|相关链接|扫一扫|【?打印】?|【?关闭】?|收藏|详情|"
    r"上一篇|下一篇|返回顶部)\s*[:：]?\s*$"
)
# Download sites: "[可行性研究报告 - 规划计划] 发表于:2022-08-05 15:14:21" opens a header
# block that ends at "详情"; "(江苏省)…规划(2022年更新)" is the page title.
_SITE_POSTED_RE = re.compile(r"发表于\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}")
_SITE_TITLE_RE = re.compile(r"^\s*[(（][^()（）]{2,8}[省市区][)）].{4,60}[(（]\d{4}年更新[)）]\s*$")
_SITE_FOOTER_START_RE = re.compile(r"^\s*(?:温馨提示|附件\s*$|附件下载|.*\.(?:pdf|docx?|wps|zip)\s*【?下载附件】?\s*$)")
_SITE_FOOTER_LINE_RE = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．]\s*.{0,120}(?:权益|存储空间|侵权|下载资源|不保证|商业|盈利)|"
    r".*(?:大牛约稿|投资项目经济评价系统|本站|版权所有|免责声明|下载附件))"
)
# Gambling / advertising injections that web scrapers pick up.
_SPAM_RE = re.compile(
    r"(?:欧宝|开云|半岛|乐鱼|九游|雷竞技|必威|华体会|亚博|米乐|爱游戏|星空|凯发|金沙|威尼斯人|澳门|"
    r"bob|kaiyun|leyu)\s*(?:体育|娱乐|电竞|彩票|官方|平台)?\s*(?:app|APP|App)?\s*"
    r"(?:入口|官网|下载|登录|注册|平台|网址|官方网站|首页)(?:[(（][^)）]{0,20}[)）])?",
    re.IGNORECASE,
)
# A front page's number in Roman figures (— II —; 序言……III in the contents).
_ROMAN = r"(?:[IVXivx]{1,5}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]{1,2})"
_PAGE_NO = rf"(?:\d{{1,4}}|{_ROMAN})"  # a page's number, Arabic or Roman
_PAGE_RE = re.compile(
    rf"^\s*(?:[-—–－]\s*{_PAGE_NO}\s*[-—–－]|"
    r"第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|·\s*\d{1,4}\s*·)\s*$"
)
# A page number alone on its line (" 375 "): only between lines of prose, since
# flattened indicator tables put their 序号 cells on lines of their own.
_BARE_NUMBER_RE = re.compile(r"^\s*\d{1,4}\s*$")
PAGE_RUN = 3  # numbers counting up one by one, a page apart, that are page numbers wherever they stand
PAGE_CHARS = 300  # the least text of a page between two (a table's 序号 cells stand a row apart) …
PAGE_LINES = 20  # … or the least lines (a page of a flattened table's short cells)
# Newspaper databases: "云南日报 / 2 0 0 1年 / 0 2月 / 2 0日 / 第 A0 1版 /", "分类号:BH6 6".
_PAPER_RE = re.compile(
    r"^\s*(?:[^/\s]{2,20}\s*/\s*[\d\s]{4,9}年\s*/.{0,80}(?:版|期|页)\s*/?|"
    r"(?:分类号|中图分类号|文献标识码|文章编号|版次|版名|刊名|刊期)\s*[:：].{0,40})\s*$"
)
# Citation marks of encyclopedia pages: "…发展目标[3]", "［12］", "[3-5]".
_CITATION_RE = re.compile(r"(?<=\S)(?:\[\d{1,3}(?:[-–,，]\d{1,3})*\]|［\d{1,3}(?:[-–,，]\d{1,3})*］)")
# Encyclopedia pages put an edit link after each section heading: "第一章 发展环境编辑播报".
_EDIT_LINK_RE = re.compile(
    r"^(\s*(?:第[一二三四五六七八九十百零〇\d]{1,8}(?:篇|编|章|节|部分)|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
    r"[^。；]{1,60}?)(\s*(?:\[编辑\]|［编辑］|编辑播报|编辑|播报))\s*$"
)
_SEPARATOR_RE = re.compile(r"(?:(?<=\s)|^)([|｜]+)(?=\s|$)")  # a bar standing alone: layout
_TOC_TITLE_RE = re.compile(r"^\s*目\s*录\s*")
# A TOC entry may carry dot leaders and a page number: "第一节 发展成就 ……… 3".
_TOC_LEADER_RE = re.compile(
    rf"(?:[\s.·…．。-]{{2,}}|\s+)\d{{1,4}}\s*$|[.·…．。-]{{2,}}\s*{_ROMAN}\s*$|[.·…．。-]{{3,}}\s*$")
# An entry's page number at its line's end, after its leaders or a space.
_TOC_PAGE_RE = re.compile(rf"(?:[.·…．。-]{{2,}}|\s)\s*{_PAGE_NO}\s*$")
# The rest of an entry wrapped onto a line of its own: dot leaders and its page number.
_TOC_WRAPPED_RE = re.compile(rf"[.·…．。-]{{3,}}\s*{_PAGE_NO}\s*$")
# Entries run together on one line split at each numbered label: "第一章…第二章…".
_NUMS = "一二三四五六七八九十百千零〇两\\d"
_TOC_LABEL_RE = re.compile(rf"第\s*[{_NUMS}]{{1,8}}\s*(?:篇|编|章|节|部分)")
# What a contents lists after the plan's own headings: 附件：名词解释, 附表2, 名词解释.
_TOC_ANNEX_RE = re.compile(r"^(?:附[件录表]\d{0,2}(?:[:：].{1,30})?|名词(?:术语)?解释)$")
_TOC_WORDS_RE = re.compile(r"(?:序\s*言|前\s*言|引\s*言|导\s*言|结\s*束\s*语|结\s*语|后\s*记|附\s*[件录表])\s*$")
# A book's page header with its page number, either side: "23 第一章 工业", "第一个五年计划 24".
# A page's number beside the words a page header or footer repeats: 23, or — 23 —.
_HEADER_NUMBER = r"(?:[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4})"
_NUMBERED_HEADER_RE = re.compile(
    rf"^\s*(?:({_HEADER_NUMBER})\s+(\S.{{1,58}}?)|(\S.{{1,58}}?)\s+({_HEADER_NUMBER}))\s*$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_MARK_RE = re.compile(r"[，。；、,;]")
_LINE_RULE_MAX = 200  # line-level cuts (chrome, headers) only ever apply to short lines
_TOC_LINE_MAX = 20000  # a whole table of contents may run together on one line; a page may not


@without_gc
def clean(text: str, lines: list[Line] | None = None) -> tuple[list[Line], list[Removed]]:
    """``lines``: the lines a reader laid out (PDF/HTML/DOCX), used instead of
    splitting ``text``; table rows among them (``cells``) are never cut."""
    removed: list[Removed] = []
    given = enumerate(text.split("\n"), 1) if lines is None else [(ln.no, ln) for ln in lines]
    lines = []
    page_marks: set[int] = set()  # line numbers of page numbers and form feeds
    furniture: set[int] = set()  # line numbers of lines cut (a paragraph goes on across them)
    for no, src in given:
        raw = src if isinstance(src, str) else src.raw
        if "\x0c" in raw:
            page_marks.add(no)
        spans = control_spans(raw)
        if spans:
            kept, pos = [], 0
            for a, b in spans:
                kept.append(raw[pos:a])
                removed.append(Removed(raw[a:b], R_PAGE_BREAK if set(raw[a:b]) == {"\x0c"} else R_CONTROL, no))
                pos = b
            kept.append(raw[pos:])
            raw = "".join(kept)
        lines.append(Line(no, raw) if isinstance(src, str) else replace(src, raw=raw))

    def cut(line: Line, reason: str) -> None:
        if line.cells:
            return  # a reader's table row is never a page number, header or TOC entry
        if line.raw.strip():
            removed.append(Removed(line.raw, reason, line.no))
            furniture.add(line.no)
        line.raw = ""

    from .columns import column_tables  # it reads Line, defined here

    column_tables(lines)  # tables set out in columns become rows first: never cut, never joined
    _cut_site_blocks(lines, cut)
    for line in lines:
        if not line.raw.strip() or line.cells:
            continue
        short = len(line.raw) <= _LINE_RULE_MAX
        if short and (_CHROME_RE.match(line.raw) or _CHROME_LINE_RE.match(line.raw)):
            cut(line, R_CHROME)
        elif short and _PAGE_RE.match(line.raw):
            page_marks.add(line.no)
            cut(line, R_PAGE)
        elif short and _PAPER_RE.match(line.raw):
            cut(line, R_PAPER)
        else:
            _cut_inline(line, removed)
    _cut_bare_page_numbers(lines, cut, page_marks)
    _cut_numbered_headers(lines, cut, page_marks)
    _cut_running_headers(lines, cut, page_marks)
    _cut_footnotes(lines, cut, page_marks, removed)
    _cut_toc(lines, cut)
    _join_spaced_digits(lines)
    _unwrap(lines, furniture | page_marks)
    kept = [ln for ln in lines if ln.raw.strip()]
    removed.sort(key=lambda r: r.line)
    return kept, removed


# A year spelled digit by digit (``2 0 0 5年``), and one written plainly (``2005年``).
_SPACED_YEAR_RE = re.compile(r"(?<![\d.])[12] +[09] +\d +\d *年")
_PLAIN_YEAR_RE = re.compile(r"(?<![\d.])[12][09]\d\d *年")
# A space after a digit, before a digit or what continues a number (6 .5 %, 1 9 ∶4 3).
_DIGIT_SPACE_RE = re.compile(r"(?<=\d) +(?=[\d.%‰∶:])")


def _join_spaced_digits(lines: list[Line]) -> None:
    """Numbers spelled digit by digit (a newspaper database's text: ``到2 0 0 5年``,
    ``增长6 .5 %左右``, ``1 9 ∶4 3 ∶3 8``) joined again, in a document written that
    way throughout (more of its years spelled out than written plainly, at least
    two): elsewhere a space between two digits can part two table cells (``2 3``)
    and stays. Only spaces go, so nothing needs accounting."""
    spaced = plain = 0
    for ln in lines:
        if not ln.cells and ln.raw:
            spaced += len(_SPACED_YEAR_RE.findall(ln.raw))
            plain += len(_PLAIN_YEAR_RE.findall(ln.raw))
    if spaced < 2 or spaced <= plain:
        return
    for ln in lines:
        if not ln.cells and " " in ln.raw:
            ln.raw = _DIGIT_SPACE_RE.sub("", ln.raw)


def _cut_inline(line: Line, removed: list[Removed]) -> None:
    """Spam phrases, citation marks and ``|`` separators inside a line that otherwise
    stays. Each kind is cut in one pass (one join per line, whatever its length)."""
    while True:  # cutting a phrase can join two halves of another: cut again
        spam = list(_SPAM_RE.finditer(line.raw))
        if not spam:
            break
        removed.extend(Removed(m.group(0), R_SPAM, line.no) for m in spam)
        line.raw = _without(line.raw, [m.span() for m in spam])
    if ("编辑" in line.raw or "播报" in line.raw) and len(line.raw) <= _LINE_RULE_MAX:
        m = _EDIT_LINK_RE.match(line.raw)
        if m:  # an encyclopedia's "编辑" link after a section heading
            removed.append(Removed(m.group(2), R_CHROME, line.no))
            line.raw = m.group(1)
    if "[" in line.raw or "［" in line.raw:
        marks = list(_CITATION_RE.finditer(line.raw))
        removed.extend(Removed(m.group(0), R_CITATION, line.no) for m in marks)
        line.raw = _without(line.raw, [m.span() for m in marks])
    if "|" in line.raw or "｜" in line.raw:
        bars = list(_SEPARATOR_RE.finditer(line.raw))
        removed.extend(Removed(m.group(1), R_SEPARATOR, line.no) for m in bars)
        line.raw = _without(line.raw, [m.span(1) for m in bars])


def _without(s: str, spans: list[tuple[int, int]]) -> str:
    """``s`` with the (sorted, disjoint) spans cut out."""
    if not spans:
        return s
    kept, pos = [], 0
    for a, b in spans:
        kept.append(s[pos:a])
        pos = b
    kept.append(s[pos:])
    return "".join(kept)


def _is_prose(raw: str) -> bool:
    """A line of running text: long, Chinese, with clause marks (not a title, not an
    indicator's name in a flattened table)."""
    return len(raw.strip()) >= 16 and bool(_HAN_RE.search(raw)) and bool(_CLAUSE_MARK_RE.search(raw))


def _cut_bare_page_numbers(lines: list[Line], cut, page_marks: set[int]) -> None:
    """A number alone on its line between two lines of prose is a page number; so are
    numbers alone on their lines that count up one by one with a page's text between
    each two (``PAGE_RUN`` or more: after a heading, a blank, inside a flattened table
    or before a running header too, where the neighbours say nothing). A flattened
    table's 序号 cells count up too, but a row apart."""
    live = [ln for ln in lines if ln.raw.strip()]
    bare = {k: int(ln.raw) for k, ln in enumerate(live) if _BARE_NUMBER_RE.match(ln.raw)}
    chars = list(accumulate((len(ln.raw.strip()) for ln in live), initial=0))  # text before each line
    for k in bare:
        if 0 < k < len(live) - 1 and _is_prose(live[k - 1].raw) and _is_prose(live[k + 1].raw):
            page_marks.add(live[k].no)
            cut(live[k], R_PAGE)
    # Runs of numbers counting up, a page's text between each two, kept by the
    # number each expects next: the longest; of two as long, the one with more numbers
    # by a form feed, then the one whose last page is nearest the run's usual length (a
    # table cell 12 a few rows from page 12 is neither). A flattened table's 序号 cell is
    # no page number: the one before it stands a row earlier.
    def apart(a: int, b: int) -> bool:  # a page's text, or a page's lines, between lines a and b
        return chars[b] - chars[a] >= PAGE_CHARS or b - a >= PAGE_LINES

    runs: dict[int, tuple[int, int, float, list[int]]] = {}  # expected → (length, by breaks, -misfit, places)
    last_at: dict[int, int] = {}  # a number → where it last stood
    for k, v in bare.items():
        before = last_at.get(v - 1)
        last_at[v] = k
        # by a form feed: a page's last line (pdftotext's), not a cell that equals its number
        by_break = any(live[k].no + d in page_marks for d in range(-2, 3))
        if before is not None and not apart(before, k) and not by_break:
            continue  # counting up row by row: a table's 序号
        got = runs.get(v)
        if got is not None and apart(got[3][-1], k):
            places = [*got[3], k]  # a page's worth of text between
            recent = places[-17:-1]  # the run's usual page length, from its last pages (bounded work)
            gaps = sorted(chars[y] - chars[x] for x, y in zip(recent, recent[1:]))
            misfit = abs(chars[k] - chars[places[-2]] - gaps[len(gaps) // 2]) if gaps else 0
            run = (len(places), got[1] + by_break, -misfit, places)
        else:
            run = (1, int(by_break), 0.0, [k])
        if run[:3] > runs.get(v + 1, (0, 0, 0.0, []))[:3]:
            runs[v + 1] = run
    # (Cells that happen to count up a page apart, 10, 11, 12 in a column of values, make
    # a run that the pages' own run displaces as it reaches those numbers.)
    for n, _, _, places in runs.values():
        if n >= PAGE_RUN:
            for k in places:
                if live[k].raw:
                    page_marks.add(live[k].no)
                    cut(live[k], R_PAGE)


def _cut_site_blocks(lines: list[Line], cut) -> None:
    n = len(lines)
    for i, line in enumerate(lines):
        if len(line.raw) > _LINE_RULE_MAX:
            continue  # a flattened page: its text is the plan, whatever it mentions
        if _SITE_TITLE_RE.match(line.raw) and i < 5:
            cut(line, R_SITE)
        elif _SITE_POSTED_RE.search(line.raw):
            # The posted-on line and its short companions up to "详情".
            end = i
            for j in range(i + 1, min(n, i + 8)):
                if lines[j].raw.strip() == "详情":
                    end = j
                    break
            for j in range(i, end + 1):
                cut(lines[j], R_SITE)
    # The footer: from its first line to the end, as long as lines look like it.
    last_text = max((k for k, ln in enumerate(lines) if ln.raw.strip()), default=-1)
    start = None
    for i in range(max(0, last_text - 40), last_text + 1):
        if len(lines[i].raw) <= _LINE_RULE_MAX and _SITE_FOOTER_START_RE.match(lines[i].raw):
            start = i
            break
    if start is None:
        return
    tail = [ln for ln in lines[start:] if ln.raw.strip()]
    footerish = sum(
        1 for ln in tail
        if _SITE_FOOTER_START_RE.match(ln.raw) or _SITE_FOOTER_LINE_RE.match(ln.raw) or _CHROME_LINE_RE.match(ln.raw)
    )
    if footerish >= max(1, len(tail) - 1):
        for ln in lines[start:]:
            cut(ln, R_SITE)


def _looks_like_heading(s: str) -> bool:
    from .structure import heading_kind  # the one heading grammar

    return heading_kind(normalize(s)) is not None


def _cut_numbered_headers(lines: list[Line], cut, page_marks: set[int]) -> None:
    """Book page headers and footers carrying their page number ("23 第一章 工业", "第一个五年计划
    24", "鼓楼区“十四五”规划纲要　　— 3 —"): the same words on at least three lines, each
    time with another number."""
    seen: dict[str, list[tuple[Line, str]]] = {}
    for ln in lines:
        if not ln.raw.strip() or len(ln.raw) > 80:
            continue
        m = _NUMBERED_HEADER_RE.match(ln.raw)
        if m:
            words = "".join(normalize(m.group(2) or m.group(3)).split())
            seen.setdefault(words, []).append((ln, m.group(1) or m.group(4)))
    for words, found in seen.items():
        if len(found) >= 3 and len({n for _, n in found}) >= 3 and len(_HAN_RE.findall(words)) >= 4:
            for ln, _ in found:
                page_marks.add(ln.no)
                cut(ln, R_HEADER)


_FOOTNOTE_RE = re.compile(r"^\s*([\u2460-\u2473\u2474-\u2487]|\[\d{1,2}\]|［\d{1,2}］)")
FOOTNOTE_LINES = 6  # lines a page's footnotes take at most, above its number or break
FOOTNOTE_REACH = 80  # lines above them where the page's text refers to them


def _cut_footnotes(lines: list[Line], cut, page_marks: set[int], removed: list[Removed]) -> None:
    """A page's footnotes, at its foot above its number or break (①首都“两区”：…,
    [1]“两不愁三保障”：…): each opens with a marker and a term its colon explains, and
    the page's text above holds the marker (① in the text, or a [1] already cut from it
    as a citation mark). They go, as page furniture, so the paragraph they cut in two
    is one again (…不平衡不充①首都“两区”：… / 分问题仍然突出)."""
    if not page_marks:
        return
    cited = {r.text.strip(): r.line for r in removed if r.reason == R_CITATION}
    at = {ln.no: k for k, ln in enumerate(lines)}
    for mark in sorted(page_marks):
        k = at.get(mark)
        if k is None:
            continue
        seen: list[int] = []  # the non-empty lines above the mark, nearest first
        j = k - 1
        while j >= 0 and len(seen) < FOOTNOTE_LINES and not lines[j].cells and lines[j].no not in page_marks:
            if lines[j].raw.strip():
                seen.append(j)
            j -= 1
        notes = [i for i in seen if _note_line(lines[i].raw)]
        if not notes:
            continue
        first = notes[-1]  # the topmost: the lines from it to the mark are the notes
        markers = [m.group(1) for i in range(first, k) if (m := _FOOTNOTE_RE.match(lines[i].raw))]
        lo = max(0, first - FOOTNOTE_REACH)
        above = "".join(lines[i].raw for i in range(lo, first))
        if not all(mk in above or lines[lo].no <= cited.get(mk, -1) < lines[first].no for mk in markers):
            continue
        for i in range(first, k):
            if lines[i].raw.strip():
                page_marks.add(lines[i].no)
                cut(lines[i], R_FOOTNOTE)


def _note_line(raw: str) -> bool:
    """A footnote's first line: its marker, then a term and its colon (①首都“两区”：…)."""
    m = _FOOTNOTE_RE.match(raw)
    return m is not None and bool(re.search(r"[:：]", raw[m.end() : m.end() + 30]))


def _cut_running_headers(lines: list[Line], cut, page_marks: set[int]) -> None:
    """Short lines repeated on many pages (not headings, not table cells).

    Before the body (the cover) an occurrence stays unless it sits by a page
    break: a cover title may read like the running header."""
    # Only short lines can be headers; normalising a flattened page's one line is wasted.
    texts = [normalize(ln.raw) if len(ln.raw) <= _LINE_RULE_MAX else "" for ln in lines]
    counts = Counter(t for t in texts if t)
    body_start = next((i for i, t in enumerate(texts) if t and _looks_like_heading(t)), 0)
    where: dict[str, list[tuple[int, int]]] = {}
    live = held = 0
    for ln, t in zip(lines, texts):
        if ln.raw.strip():  # long lines count as lines between headers too
            live += 1
            held += len(ln.raw.strip())
            if t:
                where.setdefault(t, []).append((live, held))
    # A running header recurs page after page: at least 3 times, never in
    # neighbouring lines (table cells like 完成市定任务 repeat row after row): 8 lines
    # or a page's text apart (a page of unwrapped paragraphs holds few lines).
    repeated = {
        t
        for t, c in counts.items()
        if c >= 3 and 6 <= len(t) <= 60 and not t.endswith(("。", "；", "，")) and not _looks_like_heading(t)
        and _is_header_text(t)
        and all(b[0] - a[0] >= 8 or b[1] - a[1] >= PAGE_CHARS for a, b in zip(where[t], where[t][1:]))
    }
    # A chapter's title may head each of its pages: the first occurrence is the
    # heading, the others sit by page breaks.
    headings = {t for t, c in counts.items() if c >= 3 and len(t) <= 60 and _looks_like_heading(t)}
    first: set[str] = set()
    for i, (line, t) in enumerate(zip(lines, texts)):
        near_break = any(line.no + d in page_marks for d in range(-2, 3))
        if t in repeated and (i >= body_start or near_break):
            cut(line, R_HEADER)
        elif t in headings:
            if t in first and near_break:
                cut(line, R_HEADER)
            first.add(t)


_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _is_header_text(t: str) -> bool:
    # Running headers are titles: mostly Han characters, no value-like cells.
    han = sum(1 for c in t if "\u4e00" <= c <= "\u9fff")
    # Years may appear in a header (…2035年远景目标纲要); other figures mean a table cell.
    return han >= 6 and han >= 0.6 * len(t) and not re.search(r"\d", _YEAR_RE.sub("", t))


def _toc_entries(raw: str) -> list[tuple[int, str]] | None:
    """(offset, key) of each table-of-contents entry on line ``raw``, or None when
    the line is not made of entries only.

    Entries may run together ("第一章…第二章…第二篇…"), carry dot leaders and
    page numbers ("第一章 发展基础……3"), and a preface word may end the line
    ("…保障计划全面落实序言"). The key is the entry without spaces, leaders or page
    number, as a body heading would read."""
    starts = [m.start() for m in _TOC_LABEL_RE.finditer(raw)]
    lead = raw[: starts[0]] if starts else raw
    bounds: list[int] = []
    if lead.strip():
        bounds.append(len(lead) - len(lead.lstrip()))
    bounds += starts
    out: list[tuple[int, str]] = []
    for k, a in enumerate(bounds):
        piece = raw[a : bounds[k + 1] if k + 1 < len(bounds) else len(raw)]
        body = _TOC_LEADER_RE.sub("", piece)
        tail = _TOC_WORDS_RE.search(body) if a in starts else None
        label = _TOC_LABEL_RE.match(body)
        pieces = [(a, body)]
        if tail and label and len(body[: tail.start()].strip()) > label.end():
            # "第二十六章保障计划全面落实序言": the last entry, then the body's 序言.
            pieces = [(a, body[: tail.start()]), (a + tail.start(), body[tail.start() :])]
        for off, text in pieces:
            n = "".join(normalize(text).split())
            if not n or len(n) > 60 or "。" in n or not (_looks_like_heading(n) or _TOC_ANNEX_RE.match(n)):
                return None
            out.append((off, n))
    return out or None


def _could_open_toc(raw: str) -> bool:
    """A heading line, or a line of several entries run together."""
    if len(raw) <= _LINE_RULE_MAX and _looks_like_heading(raw):
        return True
    if len(raw) > _TOC_LINE_MAX or not _TOC_LABEL_RE.match(raw.lstrip()):
        return False
    entries = _toc_entries(raw)
    return entries is not None and len(entries) >= 3


def _furniture_in_toc(live: list[Line], k: int, entries: list[tuple[int, int, str]]) -> bool:
    """Whether line ``k``, no entry itself, is a line of the contents all the same: a
    page's furniture (a running header, a page number the page pass left) or an
    entry's title below its label (第一节 / 发展成就): a short line with no sentence in
    it, the line after it entries again, not the first (where the body starts)."""
    raw = live[k].raw.strip()
    if not raw or len(raw) > 60 or "。" in raw or k + 1 >= len(live):
        return False
    nxt = _toc_entries(live[k + 1].raw)
    if not nxt or nxt[0][1] == entries[0][2]:
        return False
    # a contents whose entries carry their page numbers goes on only with such an entry:
    # the plan's title and a 前言 the contents does not list open the body
    numbered = [bool(_TOC_PAGE_RE.search(live[j].raw)) for j in dict.fromkeys(e[0] for e in entries)]
    return not (sum(numbered) * 2 > len(numbered)) or bool(_TOC_PAGE_RE.search(live[k + 1].raw))


def _body_key(raw: str) -> str:
    """The key a body line would have as a TOC entry: its heading without run-on text."""
    from .structure import part_heading

    ph = part_heading(raw)
    if ph:
        return "".join(ph.heading.split())
    return "".join(normalize(raw).split()) if len(raw) <= _LINE_RULE_MAX else ""


def _cut_toc(lines: list[Line], cut) -> None:
    """A table of contents before the body: a run of entry lines (after a 目录
    title, or from the first heading) whose first entry the body repeats later.

    The run ends where its first entry comes again (the body starts there, maybe
    within the run's last line) or at the first line that is not entries; then
    the body's first heading must repeat the first entry, with any paragraphs
    between (an explanatory note, a foreword)."""
    live = [ln for ln in lines if ln.raw.strip()]
    idx = next((k for k, ln in enumerate(live[:400]) if _TOC_TITLE_RE.match(ln.raw)
                and (not _TOC_TITLE_RE.sub("", ln.raw).strip() or _toc_entries(_TOC_TITLE_RE.sub("", ln.raw)))), None)
    if idx is None:
        idx = next((k for k, ln in enumerate(live[:400]) if _could_open_toc(ln.raw)), None)
        titled = False
    else:
        titled = True
    if idx is None:
        return
    entries: list[tuple[int, int, str]] = []  # (live index, offset, key)
    body_at: tuple[int, int] | None = None  # where the first entry comes again
    k = idx
    while k < len(live) and body_at is None:
        raw = live[k].raw
        title = _TOC_TITLE_RE.match(raw) if titled and k == idx else None
        skip = title.end() if title else 0
        if len(raw) > _TOC_LINE_MAX:
            break  # a flattened page, not a table of contents
        found = _toc_entries(raw[skip:]) if raw[skip:].strip() else []
        if found is None:
            if entries and (_BARE_NUMBER_RE.match(raw) or _TOC_WRAPPED_RE.search(raw)
                            or _furniture_in_toc(live, k, entries)):
                k += 1  # a page number on a line of its own, an entry's wrapped end, a page's header
                continue
            break
        for off, key in found:
            if entries and key == entries[0][2]:
                body_at = (k, skip + off)
                break
            entries.append((k, skip + off, key))
        else:
            k += 1
    if len(entries) < 3:
        return
    if body_at is None:
        first = entries[0][2]
        label = _TOC_LABEL_RE.match(first)
        later = next((j for j in range(k, len(live)) if _body_key(live[j].raw) == first
                      or (label and _body_key(live[j].raw).startswith(label.group(0)))), None)
        if later is None:
            return
        body_at = (k, 0)
    end_line, end_off = body_at
    for j in range(idx, end_line):
        cut(live[j], R_TOC)
    if end_off:
        line = live[end_line]
        removed_text, line.raw = line.raw[:end_off], line.raw[end_off:]
        if removed_text.strip():
            cut(Line(line.no, removed_text), R_TOC)


# ---- hard-wrapped text ----------------------------------------------------------
# Text a PDF-to-text tool or an OCR engine gives keeps the page's line breaks: every
# line of a paragraph but its last runs to the margin, and a paragraph's first line is
# indented. Such a line is the start of a sentence whose rest is the next line, however
# that rest begins (`1.71 倍`, `一、处置`, `6.实施…` are words cut at the margin, not labels).
WRAP_LINES = 20  # lines of text at least, before a margin is looked for
WRAP_SHARE = 0.35  # of the lines of text at the margin (within WRAP_SLACK of it) …
WRAP_OVER = 0.03  # … and at most this share past it: nothing runs past a page's margin
WRAP_SLACK = 2  # characters short of the margin a full line may stop (a mark pushed down, a Latin word)
_SENTENCE_END = tuple("。！？!?；;：:.")
_MOVED_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%‰\-]*")  # a Latin word or a number a line break moves down whole
_INDENT_RE = re.compile(r"^(?:\u3000|\t|\s{2})")  # a paragraph's indent (one space is a word's, cut at the margin)
COLUMN_GAP_RE = re.compile(r"\S(?: {2,}|\u3000 |\u3000{2,}| \u3000)\S")  # cells set out in columns
_LIST_NUMBER_RE = re.compile(r"(\d{1,2})\s*[.、．](?!\d)")  # a list entry's number: 1. 2、
# A heading (the contents' part label), a box, a caption: never the rest of a line before.
_NEVER_ON = rf"{_TOC_LABEL_RE.pattern}|专栏|表\s*\d"
_NEVER_ON_RE = re.compile(rf"^\s*(?:{_NEVER_ON})")
# … nor, after a sentence's end, a list entry (even when the sentence filled its line).
_UNWRAP_HEAD_RE = re.compile(
    rf"^\s*(?:{_NEVER_ON}|{_LIST_NUMBER_RE.pattern}|[（(][一二三四五六七八九十\d]{{1,3}}[）)]|[一二三四五六七八九十]{{1,3}}、|——|[●•■◆★])")


def _columns(s: str) -> int:
    """``s``'s width on a page: a Han character (or a full-width one) takes two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _margin(texts: list[str], size) -> int | None:
    """The length (``size``: characters, a character-counting wrap's such as OCR's, or
    columns, a page's physical width, pdftotext's, where a line of digits holds more
    characters) a hard-wrapped text's full lines reach, or None when the text is not
    wrapped (its paragraphs run long, or its lines end anywhere). ``texts``: the lines,
    the text's left margin taken off. Lines set out in columns (two spaces inside: a
    text table's rows) are no paragraph's lines."""
    sizes = [size(s.rstrip()) for s in texts if len(s.strip()) >= 10 and not COLUMN_GAP_RE.search(s.strip())]
    if len(sizes) < WRAP_LINES:
        return None
    slack = _slack(size)
    counts = Counter(sizes)
    best = max(counts, key=lambda w: (sum(counts.get(w - d, 0) for d in range(slack + 1)), w))
    near = sum(counts.get(best - d, 0) for d in range(slack + 1))
    over = sum(c for w, c in counts.items() if w > best)
    if best < 16 or near < WRAP_SHARE * len(sizes) or over > WRAP_OVER * len(sizes):
        return None
    return best


def _unwrap(lines: list[Line], cut: set[int]) -> None:
    """Join a hard-wrapped text's lines back into their paragraphs (see above): a line
    that reaches the margin goes on in the next line unless that one is indented past
    the text's left margin (a new paragraph), opens a 第…章/节, a 专栏 or a table's
    caption, or opens a list entry after a finished sentence or as the list's next
    number. A blank line parts paragraphs; what was cut between two lines (``cut``: a
    page's number and running header, with the blank lines around them) does not. The
    joined text keeps the first line's number."""
    # The text's own left margin (pdftotext -layout, OCR set every line in from the edge):
    # a paragraph's indent is white space past it.
    lefts = Counter(len(ln.raw) - len(ln.raw.lstrip()) for ln in lines if ln.raw.strip() and not ln.cells)
    left = min(lefts, key=lambda w: (-lefts[w], w)) if lefts else 0

    def inside(raw: str) -> str:  # the line with the text's left margin taken off
        return raw[left:] if raw[:left].isspace() else raw

    texts = [inside(ln.raw) for ln in lines if ln.raw.strip() and not ln.cells]
    # Read in characters and in columns: the measure that puts more lines at its margin.
    found = [(m, size) for size in (len, _columns) if (m := _margin(texts, size)) is not None]
    if not found:
        return
    width, size = max(found, key=lambda f: _share(texts, *f))
    prev: Line | None = None  # the paragraph being joined
    parts: list[str] = []  # its text, a physical line at a time (joined once: no quadratic +=)
    last = ""  # its last physical line: whether that reached the margin decides
    listed = 0  # the number of the last list entry a line opened (1. 2、 …)
    blank = furniture = False  # what lies between the last line of text and this one

    def close() -> None:
        if prev is not None and len(parts) > 1:
            prev.raw = "".join(parts)

    for k, ln in enumerate(lines):
        if ln.cells:
            close()
            prev, parts = None, []
            continue
        if not ln.raw.strip():
            furniture = furniture or ln.no in cut
            blank = blank or ln.no not in cut
            continue
        if blank and not furniture:
            close()
            prev, parts = None, []
        blank = furniture = False
        raw = inside(ln.raw)
        number = _LIST_NUMBER_RE.match(raw.strip())
        entry = number is not None and int(number.group(1)) == listed + 1
        if number is not None:
            listed = int(number.group(1)) if entry or int(number.group(1)) == 1 else listed
        if (prev is not None and not entry and _goes_on(last, raw, width, size)
                and not _caption_after(last, raw, lines, k)):
            a, b = parts[-1].rstrip(), raw.strip()
            # Two Latin words lost the space the margin took; digits were cut inside a number.
            words = a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha()
            parts[-1] = a + (" " if words else "")
            parts.append(b)
            ln.raw = ""
        else:
            close()
            prev, parts = ln, [ln.raw]
        last = raw
    close()


def _slack(size) -> int:
    """How far short of the margin a full line may stop, in ``size``'s units (a Han
    character is two columns)."""
    return WRAP_SLACK * (2 if size is _columns else 1)


def _share(texts: list[str], width: int, size) -> int:
    """How many lines reach ``width`` measured by ``size`` (which measure fits better)."""
    slack = _slack(size)
    return sum(1 for s in texts if width - slack <= size(s.rstrip()) <= width)


def _caption_after(a: str, b: str, lines: list[Line], k: int) -> bool:
    """Is ``b`` (line ``k``) a table's caption after a finished sentence ``a``, judged
    with the line after it (鼓楼区“十三五”经济社会发展主要指标完成情况表 / 类别)? A
    paragraph whose last line filled its line took the caption and the table was lost."""
    if not a.rstrip().endswith(_SENTENCE_END) or len(b.strip()) > 60:
        return False
    from .tables import is_caption

    nxt = next((lines[j].raw for j in range(k + 1, min(len(lines), k + 8)) if lines[j].raw.strip()), "")
    return is_caption(normalize(b.strip()), normalize(nxt.strip()))


def _goes_on(a: str, b: str, width: int, size=len) -> bool:
    """Does line ``b`` go on with what line ``a`` (a hard-wrapped text's, its left margin
    taken off) stopped at? ``a`` reached the margin, or stopped short of it by the word or
    number that opens ``b`` (moved down whole: `…占比达到` / `100%，…`)."""
    slack = _slack(size)
    short = width - size(a.rstrip())
    if short > slack:
        moved = _MOVED_RE.match(b)
        if moved is None or short > size(moved.group()) + slack:
            return False
    if _INDENT_RE.match(b) or COLUMN_GAP_RE.search(b.strip()) or COLUMN_GAP_RE.search(a.strip()):
        return False
    if _NEVER_ON_RE.match(b):
        return False  # a heading, a box or a caption opens its own line
    return not (a.rstrip().endswith(_SENTENCE_END) and _UNWRAP_HEAD_RE.match(b))
