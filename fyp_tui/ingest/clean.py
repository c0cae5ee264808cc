"""Cut what is not the plan out of the decoded text, keeping every cut with its reason.

What goes: control characters and terminal escapes, web-page chrome (当前位置, 发布机构,
附件下载 …), download-site headers and footers (温馨提示 blocks), injected spam,
page-number lines, running headers repeated across pages, layout separators, and
the table of contents printed before the body. Each cut becomes a ``Removed``
entry (text as it was, reason, line), so nothing is silently dropped.

The rules work on patterns of the page, never on one seed's exact lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..model import Removed
from ..textnorm import control_spans, normalize

R_CONTROL = "control characters / terminal escapes"
R_CHROME = "web-page chrome"
R_SITE = "download-site boilerplate"
R_SPAM = "injected spam"
R_PAGE = "page number"
R_HEADER = "running header"
R_TOC = "table of contents"
R_SEPARATOR = "layout separator"


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
_CHROME_FIELDS = (
    "当前位置|索引号|发布机构|成文日期|信息名称|文号|发布日期|主题分类|公开方式|公开范围|"
    "来源|浏览次数|访问量|字号|分享到|打印本页|关闭窗口|所属机构|生成日期|有效性|信息来源"
)
_CHROME_RE = re.compile(rf"^\s*(?:{_CHROME_FIELDS})\s*[:：]")
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
_PAGE_RE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|·\s*\d{1,4}\s*·)\s*$"
)
_SEPARATOR_RE = re.compile(r"(?:(?<=\s)|^)([|｜]+)(?=\s|$)")  # a bar standing alone: layout
_TOC_TITLE_RE = re.compile(r"^\s*目\s*录\s*$")
# A TOC entry may carry dot leaders and a page number: "第一节 发展成就 ……… 3".
_TOC_LEADER_RE = re.compile(r"[\s.·…．。-]{2,}\d{1,4}\s*$|\s+\d{1,4}\s*$")


def clean(text: str, lines: list[Line] | None = None) -> tuple[list[Line], list[Removed]]:
    """``lines``: the lines a reader laid out (PDF/HTML/DOCX), used instead of
    splitting ``text``; table rows among them (``cells``) are never cut."""
    removed: list[Removed] = []
    given = enumerate(text.split("\n"), 1) if lines is None else [(ln.no, ln) for ln in lines]
    lines = []
    page_marks: set[int] = set()  # line numbers of page numbers and form feeds
    for no, src in given:
        raw = src if isinstance(src, str) else src.raw
        if "\x0c" in raw:
            page_marks.add(no)
        spans = control_spans(raw)
        if spans:
            kept, pos = [], 0
            for a, b in spans:
                kept.append(raw[pos:a])
                removed.append(Removed(raw[a:b], R_CONTROL, no))
                pos = b
            kept.append(raw[pos:])
            raw = "".join(kept)
        lines.append(Line(no, raw) if isinstance(src, str) else replace(src, raw=raw))

    def cut(line: Line, reason: str) -> None:
        if line.cells:
            return
        if line.raw.strip():
            removed.append(Removed(line.raw, reason, line.no))
        line.raw = ""

    _cut_site_blocks(lines, cut)
    for line in lines:
        if not line.raw.strip() or line.cells:
            continue
        if _CHROME_RE.match(line.raw) or _CHROME_LINE_RE.match(line.raw):
            cut(line, R_CHROME)
        elif _PAGE_RE.match(line.raw):
            page_marks.add(line.no)
            cut(line, R_PAGE)
        else:
            _cut_inline(line, removed)
    _cut_running_headers(lines, cut, page_marks)
    _cut_toc(lines, cut)
    kept = [ln for ln in lines if ln.raw.strip()]
    removed.sort(key=lambda r: r.line)
    return kept, removed


def _cut_inline(line: Line, removed: list[Removed]) -> None:
    """Spam phrases and trailing ``|`` separators inside a line that otherwise stays."""
    m = _SPAM_RE.search(line.raw)
    while m:
        removed.append(Removed(m.group(0), R_SPAM, line.no))
        line.raw = line.raw[: m.start()] + line.raw[m.end() :]
        m = _SPAM_RE.search(line.raw)
    bars = list(_SEPARATOR_RE.finditer(line.raw))
    removed.extend(Removed(m.group(1), R_SEPARATOR, line.no) for m in bars)
    for m in reversed(bars):
        line.raw = line.raw[: m.start(1)] + line.raw[m.end(1) :]


def _cut_site_blocks(lines: list[Line], cut) -> None:
    n = len(lines)
    for i, line in enumerate(lines):
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
        if _SITE_FOOTER_START_RE.match(lines[i].raw):
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


def _cut_running_headers(lines: list[Line], cut, page_marks: set[int]) -> None:
    """Short lines repeated on many pages (not headings, not table cells).

    Before the body (the cover) an occurrence stays unless it sits by a page
    break: a cover title may read like the running header."""
    texts = [normalize(ln.raw) for ln in lines]
    counts = Counter(t for t in texts if t)
    body_start = next((i for i, t in enumerate(texts) if t and _looks_like_heading(t)), 0)
    where: dict[str, list[int]] = {}
    live = 0
    for t in texts:
        if t:
            live += 1
            where.setdefault(t, []).append(live)
    # A running header recurs page after page: at least 3 times, never in
    # neighbouring lines (table cells like 完成市定任务 repeat row after row).
    repeated = {
        t
        for t, c in counts.items()
        if c >= 3 and 6 <= len(t) <= 60 and not t.endswith(("。", "；", "，")) and not _looks_like_heading(t)
        and _is_header_text(t) and min(b - a for a, b in zip(where[t], where[t][1:])) >= 8
    }
    for i, (line, t) in enumerate(zip(lines, texts)):
        near_break = any(line.no + d in page_marks for d in range(-2, 3))
        if t in repeated and (i >= body_start or near_break):
            cut(line, R_HEADER)


_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _is_header_text(t: str) -> bool:
    # Running headers are titles: mostly Han characters, no value-like cells.
    han = sum(1 for c in t if "\u4e00" <= c <= "\u9fff")
    # Years may appear in a header (…2035年远景目标纲要); other figures mean a table cell.
    return han >= 6 and han >= 0.6 * len(t) and not re.search(r"\d", _YEAR_RE.sub("", t))


def _cut_toc(lines: list[Line], cut) -> None:
    """A run of headings before the body whose first entry appears again later."""
    live = [ln for ln in lines if ln.raw.strip()]
    idx = next((k for k, ln in enumerate(live) if _TOC_TITLE_RE.match(ln.raw)), None)
    start = idx + 1 if idx is not None else next(
        (k for k, ln in enumerate(live) if _looks_like_heading(ln.raw)), None
    )
    if start is None or start >= len(live):
        return
    run: list[int] = []
    k = start
    first_entry = normalize(_TOC_LEADER_RE.sub("", live[start].raw))
    while k < len(live):
        entry = _TOC_LEADER_RE.sub("", live[k].raw)
        if run and normalize(entry) == first_entry:
            break  # the body starts: the first entry again
        if _looks_like_heading(entry):
            run.append(k)
            k += 1
        else:
            break
    if len(run) < 3:
        return
    first = normalize(_TOC_LEADER_RE.sub("", live[run[0]].raw))
    # The body repeats the first entry right after the run.
    if not any(normalize(live[j].raw) == first for j in range(run[-1] + 1, min(len(live), run[-1] + 4))):
        return
    if idx is not None:
        cut(live[idx], R_TOC)
    for k in run:
        cut(live[k], R_TOC)
