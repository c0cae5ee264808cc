"""Word DOCX → lines: paragraphs with their styles, restored numbering, table rows.

Read with python-docx, body in document order (paragraphs, tables, and content
controls such as a Word TOC). A paragraph's style name is kept as ``Line.style``.
Word auto-numbering (``w:numPr`` on the paragraph or its style, defined in the
numbering part: ``w:abstractNum`` levels with ``numFmt`` and ``lvlText`` such as
``第%1章``, ``%1、``, ``（%1）``) is not in the paragraph's text; it is restored
here as the label a reader sees (第一章, 一、, （一）) in front of the text.
Table rows keep their cells. Page headers and footers are not the document: they
go to ``removed``.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..decode import IngestError
from ..layout import Extracted, LineSink

R_PAGE_FURNITURE = "page header / footer (DOCX)"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CN = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _cn_count(n: int, digits: str = _CN, ten: str = "十", hundred: str = "百") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        zero = "零" if digits is _CN else digits[0]
        tail = "" if not rest else (zero + digits[rest] if rest < 10 else
                                    (digits[1] if rest < 20 else "") + _cn_count(rest, digits, ten, hundred))
        return digits[n // 100] + hundred + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """Word's ``w:numFmt`` applied to the counter ``n``."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting", "ideographDigital"):
        return _cn_count(n)
    if fmt == "chineseLegalSimplified":
        return _cn_count(n, _LEGAL, "拾", "佰")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Counters for Word's list numbering, in document order."""

    def __init__(self, doc) -> None:
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId → ilvl → level
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.counters: dict[str, dict[int, int]] = {}  # per abstractNum: list instances share it
        self.restarted: set[tuple[str, int]] = set()
        self.styles: dict[str, tuple[str, int]] = {}  # style id → (numId, ilvl)
        try:
            numbering = doc.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering = None
        if numbering is not None:
            for an in numbering.iter(f"{_W}abstractNum"):
                aid = an.get(f"{_W}abstractNumId")
                lv: dict[int, dict] = {}
                for lvl in an.iter(f"{_W}lvl"):
                    lv[int(lvl.get(f"{_W}ilvl", "0"))] = {
                        "start": int(_val(lvl, "start") or 1),
                        "fmt": _val(lvl, "numFmt") or "decimal",
                        "text": _val(lvl, "lvlText") or "",
                        "suff": _val(lvl, "suff") or "tab",
                        # restart after which level (1-based); 0: never; absent: after any above
                        "restart": None if (r := _val(lvl, "lvlRestart")) is None else int(r),
                    }
                self.levels[aid] = lv
            for num in numbering.iter(f"{_W}num"):
                nid = num.get(f"{_W}numId")
                ref = num.find(f"{_W}abstractNumId")
                if ref is not None:
                    self.num_abstract[nid] = ref.get(f"{_W}val")
                for ov in num.iter(f"{_W}lvlOverride"):
                    start = ov.find(f"{_W}startOverride")
                    if start is not None:
                        self.overrides[(nid, int(ov.get(f"{_W}ilvl", "0")))] = int(start.get(f"{_W}val"))
        for style in doc.styles.element.iter(f"{_W}style"):
            ppr = style.find(f"{_W}pPr")
            found = _num_pr(ppr)
            if found:
                self.styles[style.get(f"{_W}styleId")] = found

    def label(self, p) -> tuple[str, str]:
        """(label, separator) for paragraph element ``p``; ("", "") when unnumbered."""
        ppr = p.find(f"{_W}pPr")
        found = _num_pr(ppr)
        if found is None and ppr is not None:
            pstyle = ppr.find(f"{_W}pStyle")
            if pstyle is not None:
                found = self.styles.get(pstyle.get(f"{_W}val"))
        if not found:
            return "", ""
        nid, ilvl = found
        if nid == "0" or nid not in self.num_abstract:
            return "", ""
        aid = self.num_abstract[nid]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return "", ""
        counts = self.counters.setdefault(aid, {})
        if (nid, ilvl) in self.overrides and (nid, ilvl) not in self.restarted:
            # A list instance that restarts its level: the first use takes the start.
            self.restarted.add((nid, ilvl))
            counts[ilvl] = self.overrides[(nid, ilvl)]
        else:
            counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else levels[ilvl]["start"]
        for deeper in [k for k in counts if k > ilvl]:
            restart = levels.get(deeper, {}).get("restart")
            if restart is None or (restart != 0 and ilvl < restart):
                del counts[deeper]  # a level restarts under a new parent, unless its lvlRestart says not

        def fill(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k)
            if lvl is None:
                return ""
            n = counts.get(k, self.overrides.get((nid, k), lvl["start"]))
            return format_number(n, lvl["fmt"])

        if levels[ilvl]["fmt"] in ("bullet", "none"):
            return "", ""  # a bullet is a glyph, not a label
        text = re.sub(r"%(\d)", fill, levels[ilvl]["text"])
        sep = {"nothing": "", "space": " "}.get(levels[ilvl]["suff"], " ")
        return text, sep if text else ""


def _val(el, name: str) -> str | None:
    child = el.find(f"{_W}{name}")
    return child.get(f"{_W}val") if child is not None else None


def _num_pr(ppr) -> tuple[str, int] | None:
    if ppr is None:
        return None
    num_pr = ppr.find(f"{_W}numPr")
    if num_pr is None:
        return None
    nid = _val(num_pr, "numId")
    if nid is None:
        return None
    return nid, int(_val(num_pr, "ilvl") or 0)


_NOT_TEXT = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_W}rt", f"{_MC}Fallback"})
_BOX = f"{_W}txbxContent"


def _under(el, stop, tags: frozenset[str]) -> bool:
    """Is ``el`` inside an element with one of ``tags``, below ``stop``?"""
    for a in el.iterancestors():
        if a is stop:
            return False
        if a.tag in tags:
            return True
    return False


def paragraph_text(p_el) -> str:
    """A paragraph's text: every run in order (python-docx's run text: tabs, breaks),
    wherever Word nests it. python-docx's ``Paragraph.text`` reads only runs and
    hyperlinks, so it drops a tracked insertion (``w:ins``), a smart tag (Chinese Word
    tags dates, ``chsdate``: 到2025年 lost its year), a simple field's result or a
    content control inside the paragraph. Not text: deletions (``w:del``, text moved
    away), a ruby's reading (``w:rt``), the VML copy of a drawing (``mc:Fallback``),
    and a text box's content, which is read as lines of its own (``text_boxes``)."""
    return "".join(r.text for r in p_el.iter(f"{_W}r") if not _under(r, p_el, _NOT_TEXT | {_BOX}))


def read_docx(data: bytes, source: str = "<input>") -> Extracted:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(source, f"is a damaged DOCX file ({e})", "open it in Word or WPS and save it again") from None
    except Exception as e:  # noqa: BLE001 - python-docx raises many kinds of parser errors on broken parts
        raise IngestError(source, f"is a DOCX file python-docx cannot read ({type(e).__name__})",
                          "open it in Word or WPS and save it again") from None
    numbering = _Numbering(doc)
    sink = LineSink()

    def paragraph(p_el, parent) -> None:
        par = DocxParagraph(p_el, parent)
        label, sep = numbering.label(p_el)
        text = paragraph_text(p_el).replace("\r", "")
        if not text.strip() and not label:
            text_boxes(p_el, parent)
            return
        style = par.style.name if par.style is not None else ""
        # A soft line break (Shift+Enter) ends a line as a paragraph mark does.
        for k, piece in enumerate((label + sep + text if label else text).split("\n")):
            sink.keep(piece, style=style if k == 0 else "")
        text_boxes(p_el, parent)

    def text_boxes(p_el, parent) -> None:
        """Text boxes anchored in a paragraph (often a 专栏), once: not their VML fallback copy."""
        for box in p_el.iter(f"{_W}txbxContent"):
            if not any(a.tag == f"{_MC}Fallback" for a in box.iterancestors()):
                body(box, parent)

    def cell_text(tc) -> str:
        paras = (paragraph_text(p) for p in tc.iter(f"{_W}p") if not _under(p, tc, _NOT_TEXT))
        return " ".join(" ".join(paras).split())

    def table(tbl_el, parent) -> None:
        tbl = DocxTable(tbl_el, parent)
        rows = list(tbl.rows)
        if all(len(row._tr.tc_lst) <= 1 for row in rows):
            # One column: a frame around text (a 专栏 box, a boxed note), not a data table.
            for row in rows:
                for tc in row._tr.tc_lst:
                    body(tc, parent)
            return
        sink.new_table()
        for row in rows:
            cells = [cell_text(tc) for tc in row._tr.tc_lst]  # a merged cell once, as written
            if not any(cells):
                continue
            trpr = row._tr.trPr
            header = trpr is not None and trpr.find(f"{_W}tblHeader") is not None
            sink.row(cells, header)

    def body(container, parent) -> None:
        for child in container.iterchildren():
            if child.tag == f"{_W}p":
                paragraph(child, parent)
            elif child.tag == f"{_W}tbl":
                table(child, parent)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    body(content, parent)

    body(doc.element.body, doc._body)
    seen_parts: set[int] = set()
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            try:
                if part.is_linked_to_previous or id(part.part) in seen_parts:
                    continue
                seen_parts.add(id(part.part))
                for p in part.paragraphs:
                    sink.drop(p.text, R_PAGE_FURNITURE)
                for t in part.tables:
                    for row in t.rows:
                        sink.drop("\t".join(c.text for c in row.cells), R_PAGE_FURNITURE)
            except (KeyError, AttributeError, ValueError):
                continue
    if not any(ln.raw.strip() for ln in sink.lines):
        raise IngestError(source, "is a DOCX file with no text in its body", "check it is the plan, not a scan pasted as images")
    return sink.extracted("docx", "utf-8")


__all__ = ["format_number", "paragraph_text", "read_docx"]
