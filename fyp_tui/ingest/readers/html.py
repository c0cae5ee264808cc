"""HTML pages and fragments → lines, with the site's chrome set aside.

The page is decoded (BOM, then the declared charset if the bytes fit it, then
sniffed as text) and parsed with lxml. Scripts, styles and form controls are not
text. Block elements (``<p>``, ``<div>``, ``<h1>``–``<h6>``, ``<li>``, ``<br>`` …)
end lines; entities are decoded by the parser, so no markup reaches the plan.
A data ``<table>`` (no table inside it, short cells) becomes table rows with their
cells, a ``rowspan`` cell's text carried down into the rows it spans (a category
beside several indicators); a layout table is read as blocks.

What is not the article goes to ``removed`` with a reason: elements whose tag,
class or id says navigation, breadcrumbs, share buttons, footers, disclaimers or
related links, a table of the page's 信息公开 labels (索引号, 发文日期 …),
lines that read as such (当前位置, 分享到, 版权所有, 转载…), and text outside the
article body: the deepest element holding 80% of the remaining text and 60% of
its lines, widened to take in a title block beside it.
"""

from __future__ import annotations

import re

from ..clean import INFO_FIELDS
from ..decode import IngestError, decode_markup
from ..layout import Extracted, LineSink

R_NAV = "web-page navigation / breadcrumbs"
R_SHARE = "web-page share buttons / tools"
R_FOOTER = "web-page footer"
R_DISCLAIMER = "repost disclaimer"
R_OUTSIDE = "web page outside the article"
R_INFO = "web-page article info (date, source, views)"
R_RELATED = "web-page related links"

_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "svg", "object",
         "embed", "button", "select", "input", "textarea", "canvas", "map", "audio", "video"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "tbody", "thead",
          "tfoot", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
          "center", "dl", "dt", "dd", "address", "figure", "figcaption", "form", "hr", "caption", "td", "th",
          "body", "html", "fieldset", "legend", "details", "summary"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

# (pattern on tag / class / id, reason)
_CHROME_ATTR = [
    (re.compile(r"bread|crumb|position|location|weizhi|dqwz|\bnav|menu|daohang|sidebar|side-bar", re.IGNORECASE), R_NAV),
    (re.compile(r"share|bdshare|jiathis|fenxiang|print|toolbar|tools|font-?size|zihao|qrcode|erweima", re.IGNORECASE), R_SHARE),
    (re.compile(r"foot|copyright|banquan|bottom", re.IGNORECASE), R_FOOTER),
    (re.compile(r"disclaimer|statement|shengming|mianze|zhuanzai|repost", re.IGNORECASE), R_DISCLAIMER),
    (re.compile(r"relat|xgwz|xiangguan|tuijian|recommend", re.IGNORECASE), R_RELATED),
]
# A label of a government page's 信息公开 box (索引号 / 发布机构 / 发文日期 / 文号 …) alone
# in its cell: the box laid out as a table above the article.
_INFO_LABEL_RE = re.compile(rf"^(?:{INFO_FIELDS})\s*[:：]?$")
_CHROME_TAG = {"nav": R_NAV, "footer": R_FOOTER, "aside": R_NAV}
_CHROME_TEXT = [
    (re.compile(r"^\s*(?:当前位置|您当前的位置|您的位置|所在位置|现在位置)\s*[:：]|^\s*首页\s*[>›»/]"), R_NAV),
    (re.compile(r"^\s*(?:发布时间|发布日期|更新时间|信息来源|来源|作者|责任编辑|浏览次数|点击数|阅读次数|访问量)\s*[:：]"), R_INFO),
    (re.compile(r"^\s*(?:分享到|分享至|打印本页|关闭窗口|【?\s*字[体号]\s*[:：]|扫一扫|收藏本页|【打印】|【关闭】)"), R_SHARE),
    (re.compile(r"^\s*(?:版权所有|©|Copyright|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]|网站地图)|"
                r"ICP备\s*\d|网站标识码|公网安备"), R_FOOTER),
    (re.compile(r"转载.{0,20}(?:注明|出处|来源)|本文(?:转载|转自|来源)|如(?:有|涉及)侵权|免责声明|不代表本(?:网|站)"), R_DISCLAIMER),
]
_TITLE_ATTR_RE = re.compile(r"title|biaoti|headline|(?:^|[\s_-])(?:bt|tit|wzbt)(?:$|[\s_-])")
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*>")
_SPACE_RE = re.compile(r"[ \t\n\r\f\v]+")
_MAX_CELL = 200  # a cell longer than this is page layout, not a data table


def read_html(data: bytes, source: str = "<input>") -> Extracted:
    from lxml import etree
    from lxml import html as lhtml

    decoded = decode_markup(data, source)
    markup = _XML_DECL_RE.sub("", decoded.text)
    try:
        root = lhtml.document_fromstring(markup)
    except (etree.ParserError, ValueError) as e:
        raise IngestError(source, f"is an HTML page lxml cannot parse ({e})", "save the page as UTF-8 text") from None
    walker = _Walker()
    walker.walk(root, None)
    walker.flush()
    sink = LineSink()
    for kind, content, el, reason in _mark_outside(walker.blocks):
        if kind == "row":
            cells, header, new = content
            if new:
                sink.new_table()
            if reason:
                sink.drop("\t".join(cells), reason)
            else:
                sink.row(cells, header)
        elif reason:
            sink.drop(content, reason)
        else:
            sink.keep(content, style=el.tag if el is not None and el.tag in _HEADINGS else "")
    if not any(ln.raw.strip() for ln in sink.lines):
        raise IngestError(source, "is an HTML page with no article text in it", "save the page's text as UTF-8 text")
    return sink.extracted("html", decoded.encoding)


class _Walker:
    """Depth-first over the tree, cutting text into lines at block boundaries."""

    def __init__(self) -> None:
        # (kind "line"|"row", text or (cells, header, first row), block element, chrome reason)
        self.blocks: list[tuple[str, object, object, str]] = []
        self.buf: list[str] = []
        self.buf_el = None
        self.buf_reason = ""

    def flush(self) -> None:
        text = _SPACE_RE.sub(" ", "".join(self.buf)).strip()
        if text:
            reason = self.buf_reason or _text_reason(text)
            self.blocks.append(("line", text, self.buf_el, reason))
        self.buf = []

    def add(self, s: str | None, el, reason: str) -> None:
        if s:
            if not self.buf:
                self.buf_el, self.buf_reason = el, reason
            self.buf.append(s)

    def walk(self, el, block, reason: str = "") -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:  # comments and processing instructions
            return
        tag = tag.lower()
        if tag in _SKIP:
            return
        own = "" if reason else _attr_reason(el, tag)
        reason = reason or own
        is_block = tag in _BLOCK or own != ""  # chrome never shares a line with text
        if tag == "br":
            self.flush()
            return
        if tag == "table" and _is_data_table(el):
            self.flush()
            self._table(el, reason)
            return
        if is_block:
            self.flush()
            block = el
        if tag == "pre":
            for part in (el.text_content() or "").split("\n"):
                self.add(part, block, reason)
                self.flush()
            return
        self.add(el.text, block, reason)
        for child in el:
            self.walk(child, block, reason)
            self.add(child.tail, block, reason)
        if is_block:
            self.flush()

    def _table(self, table, reason: str) -> None:
        rows = []
        spans: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill) of a rowspan cell
        for tr in table.iter("tr"):
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            texts: list[str] = []
            for c in cells:
                while len(texts) in spans:  # a cell of a row above reaches down into this one
                    texts.append(_carried(spans, len(texts)))
                text = _SPACE_RE.sub(" ", c.text_content()).strip()
                down = _span(c, "rowspan")
                for k in range(_span(c, "colspan")):
                    if down > 1:
                        spans[len(texts)] = (text if k == 0 else "", down - 1)
                    texts.append(text if k == 0 else "")
            while spans and len(texts) <= max(spans):
                texts.append(_carried(spans, len(texts)) if len(texts) in spans else "")
            if not any(texts):
                continue
            in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
            rows.append((texts, in_head or all(c.tag.lower() == "th" for c in cells)))
        labels = sum(1 for texts, _ in rows for t in texts if _INFO_LABEL_RE.match(t))
        if labels >= 2 and 3 * labels >= sum(1 for texts, _ in rows for t in texts if t):
            reason = reason or R_INFO  # the page's 信息公开 box, not the plan's table
        first = True
        for texts, header in rows:
            self.blocks.append(("row", (texts, header, first), table, reason))
            first = False
        caption = table.find("caption")
        if caption is not None and caption.text_content().strip():
            # The caption reads before the rows.
            row_at = len(self.blocks) - sum(1 for b in self.blocks if b[2] is table)
            self.blocks.insert(row_at, ("line", _SPACE_RE.sub(" ", caption.text_content()).strip(), caption, reason))


def _span(cell, attr: str) -> int:
    """A cell's rowspan or colspan (1 when absent or unreadable; at most 100)."""
    try:
        return max(1, min(100, int(cell.get(attr) or 1)))
    except ValueError:
        return 1


def _carried(spans: dict[int, tuple[str, int]], col: int) -> str:
    """The text a rowspan cell above puts in column ``col`` of this row."""
    text, left = spans[col]
    if left > 1:
        spans[col] = (text, left - 1)
    else:
        del spans[col]
    return text


def _attr_reason(el, tag: str) -> str:
    if tag in _CHROME_TAG:
        return _CHROME_TAG[tag]
    names = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    if not names.strip():
        return ""
    for rx, reason in _CHROME_ATTR:
        if rx.search(names):
            return reason
    return ""


def _text_reason(text: str) -> str:
    if len(text) > 200:
        return ""
    for rx, reason in _CHROME_TEXT:
        if rx.search(text):
            return reason
    return ""


def _is_data_table(table) -> bool:
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    if len(rows) < 2 or max(sum(1 for c in r if c.tag in ("td", "th")) for r in rows) < 2:
        return False  # one row or one column: a frame around text, not data
    for cell in table.iter("td", "th"):
        if len(cell.text_content().strip()) > _MAX_CELL or cell.find(".//p") is not None and len(cell.findall(".//p")) > 2:
            return False
    return True


def _mark_outside(blocks):
    """Give lines outside the article body the reason R_OUTSIDE."""
    scores: dict = {}
    counts: dict = {}  # lines under each element
    total = lines = 0
    depth: dict = {}
    for kind, content, el, reason in blocks:
        if reason or el is None:
            continue
        n = len("".join(content[0]) if kind == "row" else content)
        total += n
        lines += 1
        node = el
        chain = []
        while node is not None:
            chain.append(node)
            node = node.getparent()
        for k, node in enumerate(chain):
            scores[node] = scores.get(node, 0) + n
            counts[node] = counts.get(node, 0) + 1
            depth[node] = len(chain) - k
    if not total:
        return blocks
    # Most of the text and most of the lines: one long paragraph is not the article.
    candidates = [el for el, s in scores.items() if s >= 0.8 * total and counts[el] >= 0.6 * lines]
    root = max(candidates, key=lambda el: depth[el])
    inside = set(root.iter())
    # A title block beside the body (an <h1> or a "title" element in the same
    # container, with little else) belongs to the article.
    slack = max(200, 0.1 * total)
    while root.getparent() is not None and scores.get(root.getparent(), 0) - scores[root] <= slack:
        root = root.getparent()
    near = set(root.iter())
    return [
        (kind, content, el, reason or ("" if el in inside or el in near and _is_title(el) else R_OUTSIDE))
        for kind, content, el, reason in blocks
    ]


def _is_title(el) -> bool:
    if not isinstance(el.tag, str):
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return el.tag.lower() in ("h1", "h2", "h3") or bool(_TITLE_ATTR_RE.search(names))


__all__ = ["read_html"]
