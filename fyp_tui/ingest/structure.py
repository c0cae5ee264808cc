"""Build a plan's section tree from its cleaned lines.

The grammar, in rank order: 篇/编 > 章 > 节 > 一、 > （一） > 1、/1. > （1） > lead items.
A heading closes every open section of its rank or deeper. Lines before the first
heading are the front matter (title block); 序言/前言 is a section of its own.

Headings may run inline in one long line (a scraped 建议): such lines are split
into paragraphs at sentence ends followed by white space, and a numbered heading's
title is its first phrase (up to a space) or its first sentence. A paragraph that
opens with a short lead sentence (`深度推进两区融合发展。…`) becomes an item under
its section. 专栏 boxes and indicator tables attach to the section they sit in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import BODY, CLOSING, FRONT, ITEM, PREFACE, Box, Paragraph, Section, Table
from ..numerals import cn_to_int
from ..textnorm import normalize
from .clean import Line
from .tables import TableParser, attach_table, is_caption, is_header_cell

_NUM = "一二三四五六七八九十百零〇两"
_PART_RE = re.compile(rf"^(第[{_NUM}\d]{{1,4}}([篇编章节]))(.*)$")
_PREFACE_RE = re.compile(r"^(序言|前言|引言|导言)$")
_CN_ITEM_RE = re.compile(rf"^([{_NUM}]{{1,3}})、")
_CN_PAREN_RE = re.compile(rf"^[（(]([{_NUM}]{{1,3}})[）)]")
_AR_ITEM_RE = re.compile(r"^(\d{1,2})(?:[、．]|\.(?!\d))")
_AR_PAREN_RE = re.compile(r"^[（(](\d{1,2})[）)]")
_BOX_RE = re.compile(r"^专栏\s*(\d{0,3})\s*[:：]?\s*(.*)$")
_BOX_INLINE_RE = re.compile(r"(?<=[。！？；])\s*(?=专栏\s*\d{0,3}\s*[:：])")
_LEAD_RE = re.compile(r"^(—{0,4}-{0,4})([^。！？；，,：:]{2,40}?)\s*([。！？])(?=\S)")
_CLOSING_RE = re.compile(r"^(全面完成|实现.{2,60}目标，?责任重大|让我们|同志们|全[区市县省]各级)")

_ID_PREFIX = {"篇": "pt", "编": "pt", "章": "ch", "节": "s", "一": "p", "（一）": "sp", "1": "i", "（1）": "ii", ITEM: "t"}
RANKS = {"篇": 0, "编": 0, "章": 1, "节": 2, "一": 3, "（一）": 4, "1": 5, "（1）": 6, ITEM: 7}
_LONG_LINE = 3000  # a line this long is a flattened page: split it into paragraphs
_SPLIT_RE = re.compile(r"(?<=[。！？!?”])[ \t\u3000]+(?=\S)|(?<=[。！？]) *(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}、)")


@dataclass
class Heading:
    level: str
    label: str
    title: str
    heading: str  # label + title as normalised (with the lead's stop for items)
    rest: str  # raw text after the heading on the same line


def _label_number(label: str) -> int | None:
    m = re.search(rf"[{_NUM}\d]+", label)
    return cn_to_int(m.group(0)) if m else None


def heading_kind(n: str) -> tuple[str, str, str] | None:
    """(level, label, title) when the normalised line ``n`` is a whole-line heading."""
    m = _PART_RE.match(n)
    if m and len(m.group(3)) <= 60 and "。" not in m.group(3):
        return m.group(2), m.group(1), m.group(3).strip()
    if _PREFACE_RE.match(n):
        return PREFACE, "", n
    for rx, level in ((_CN_ITEM_RE, "一"), (_CN_PAREN_RE, "（一）"), (_AR_PAREN_RE, "（1）")):
        m = rx.match(n)
        if m and len(n) <= 60 and "。" not in n[:-1]:
            return level, n[: m.end()], n[m.end() :].strip()
    return None


def _numbered(raw: str) -> Heading | None:
    """A numbered heading at the start of ``raw`` whose body may follow inline."""
    s = raw.lstrip()
    n0 = normalize(s[:12])
    for rx, level in (
        (_CN_ITEM_RE, "一"),
        (_CN_PAREN_RE, "（一）"),
        (_AR_PAREN_RE, "（1）"),
        (_AR_ITEM_RE, "1"),
    ):
        m = rx.match(s) or rx.match(n0)
        if not m:
            continue
        # Find the raw end of the label (normalisation only changes punctuation).
        label_raw = s[: m.end()] if rx.match(s) else s[: len(m.group(0))]
        after = s[len(label_raw) :]
        title_raw, stop, rest = _split_title(after)
        if not title_raw:
            return None
        label = normalize(label_raw)
        title = normalize(title_raw)
        return Heading(level, label, title, label + title + normalize(stop), rest)
    return None


def _split_title(after: str) -> tuple[str, str, str]:
    """Split text after a number label into (title, stop, rest)."""
    body = after.lstrip()
    sent = re.search(r"[。！？]", body)
    space = re.search(r"(?<=\S)[ \t\u3000]+(?=\S)", body)
    if space and (not sent or space.start() < sent.start()):
        before = body[: space.start()]
        if 2 <= len(before) <= 60 and not re.search(r"\s", before):
            return before, "", body[space.end() :]
    if sent and sent.start() <= 80:
        return body[: sent.start()], body[sent.start() : sent.end()], body[sent.end() :]
    if len(body.strip()) <= 60:
        return body.strip(), "", ""
    return "", "", body


def lead_sentence(n: str) -> tuple[str, str, str] | None:
    """(prefix, lead, stop) when paragraph ``n`` opens with a short lead sentence."""
    m = _LEAD_RE.match(n)
    if not m:
        return None
    return m.group(1), m.group(2).strip(), m.group(3)


def _segments(lines: list[Line]) -> list[tuple[int, str]]:
    """(line number, raw text) pieces: long lines split, inline 专栏 split off."""
    out: list[tuple[int, str]] = []
    for ln in lines:
        pieces = _SPLIT_RE.split(ln.raw) if len(ln.raw) > _LONG_LINE else [ln.raw]
        for piece in pieces:
            for part in _BOX_INLINE_RE.split(piece):
                if part.strip():
                    out.append((ln.no, part))
    return out


class _Builder:
    def __init__(self) -> None:
        self.front = Section("front", FRONT, "", "", "")
        self.top: list[Section] = []
        self.stack: list[Section] = []
        self.counters: dict[str, int] = {}
        self.used: set[str] = set()
        self.box_no = 0
        self.table_no = 0

    # -- ids -------------------------------------------------------------
    def _id(self, level: str, label: str, parent: Section | None) -> str:
        """Stable ids from the numbers as written: 第六章第二节 → ch06.s02, 二、（一）1、 →
        p02.sp01.i01. Chapters are numbered through the plan, so parts (篇) do not
        prefix them; lead items are counted (t01, t02 …) within their section."""
        prefix = _ID_PREFIX.get(level, "x")
        num = _label_number(label) if level != ITEM else None
        scope = parent.id if parent is not None and level not in ("章",) else ""
        if parent is not None and parent.level in ("篇", "编") and level != "章":
            scope = parent.id
        if num is None:
            key = f"{scope}/{prefix}"
            self.counters[key] = self.counters.get(key, 0) + 1
            num = self.counters[key]
        sid = f"{scope}.{prefix}{num:02d}" if scope else f"{prefix}{num:02d}"
        while sid in self.used:  # a number written twice: keep ids unique
            sid += "b"
        self.used.add(sid)
        return sid

    def open(self, level: str, label: str, title: str, heading: str, line: int) -> Section:
        rank = RANKS.get(level, -1)
        if level == PREFACE:
            self.stack = []
            sec = Section("preface" if "preface" not in self.counters else f"preface{len(self.top)}", PREFACE, "", title, heading, line)
            self.counters["preface"] = 1
            self.top.append(sec)
            self.stack = [sec]
            return sec
        while self.stack and (self.stack[-1].level in (PREFACE, CLOSING) or RANKS.get(self.stack[-1].level, -1) >= rank):
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        sec = Section(self._id(level, label, parent), level, label, title, heading, line)
        (parent.children if parent else self.top).append(sec)
        self.stack.append(sec)
        return sec

    def current(self) -> Section:
        return self.stack[-1] if self.stack else (self.top[-1] if self.top else self.front)

    def container(self) -> Section:
        """The section a box or table sits in: the innermost that is not a lead item."""
        while self.stack and self.stack[-1].level == ITEM:
            self.stack.pop()
        return self.current()

    def add_paragraph(self, text: str, line: int) -> None:
        self.current().blocks.append(Paragraph(text, line))


def build(lines: list[Line]) -> tuple[Section, list[Section]]:
    """Return (front matter, top-level sections)."""
    b = _Builder()
    segs = _segments(lines)
    started = False
    i = 0
    table_rows = {ln.no: ln for ln in lines if ln.table}  # real tables a reader laid out (PDF/HTML/DOCX)
    while i < len(segs):
        no, raw = segs[i]
        if no in table_rows:
            i = attach_table(b, segs, i, table_rows)
            continue
        n = nt = normalize(raw)  # one normalisation for headings and body alike
        hk = heading_kind(nt)
        if hk and hk[0] in RANKS and hk[0] not in ("一", "（一）", "（1）"):
            level, label, title = hk
            if i + 1 < len(segs) and _continues_title(segs[i + 1][1]):
                i += 1  # "第二章 开启率先全面建设" / "社会主义现代化强区新征程"
                extra = normalize(segs[i][1])
                title, nt = title + extra, nt + extra
            b.open(level, label, title, nt, no)
            started = True
            i += 1
            continue
        if hk and hk[0] == PREFACE:
            b.open(PREFACE, "", nt, nt, no)
            started = True
            i += 1
            continue
        m = _BOX_RE.match(nt)
        if m and started:
            i = _read_box(b, segs, i, m)
            continue
        if started and is_caption(nt, _peek(segs, i + 1)):
            i = _read_table(b, segs, i)
            continue
        num = _numbered(raw) if started or _CN_ITEM_RE.match(n) else None
        if num and not (num.level == "1" and not _allows_arabic_items(b)):
            b.open(num.level, num.label, num.title, num.heading, no)
            started = True
            if num.rest.strip():
                segs.insert(i + 1, (no, num.rest))
            i += 1
            continue
        if not started:
            b.front.blocks.append(Paragraph(n, no))
            i += 1
            continue
        lead = lead_sentence(n)
        if lead and b.current().level != PREFACE:
            prefix, title, stop = lead
            head = prefix + title + stop
            b.open(ITEM, prefix, title, head, no)
            rest = n[len(head) :].strip() if n.startswith(head) else _after_lead(n, head)
            if rest:
                b.add_paragraph(rest, no)
        else:
            b.add_paragraph(n, no)
        i += 1
    _split_closing(b)
    if not b.top:
        _body_without_headings(b)
    return b.front, b.top


def _body_without_headings(b: _Builder) -> None:
    """A plan with no headings at all: its title lines stay on the cover, the rest
    becomes one 正文 section, so search, compare and the reader still have a unit."""
    paras = b.front.blocks
    k = 0
    while k < len(paras) and k < 6 and len(paras[k].text) <= 60 and "。" not in paras[k].text:
        k += 1
    if k < len(paras):
        body = paras[k:]
        b.front.blocks = paras[:k]
        b.top.append(Section("body", BODY, "", "正文", "", body[0].line, list(body)))


def _continues_title(raw: str) -> bool:
    """A short line of bare words right after a heading is the rest of its title."""
    nt = normalize(raw)
    return (
        2 <= len(nt) <= 20
        and not re.search(r"[，。；：、！？,.;:!?（）()“”\d]", nt)
        and heading_kind(nt) is None
        and not _BOX_RE.match(nt)
        and not is_header_cell(nt)
    )


def _after_lead(n: str, head: str) -> str:
    # The lead regex allows spaces before the stop; drop the lead by its stop.
    stop = head[-1]
    k = n.find(stop)
    return n[k + 1 :].strip()


def _allows_arabic_items(b: _Builder) -> bool:
    """1、 items are headings under 一、/（一） parts, not loose lines under 章/节."""
    return any(s.level in ("一", "（一）") for s in b.stack)


def _peek(segs: list[tuple[int, str]], i: int) -> str:
    return normalize(segs[i][1]) if i < len(segs) else ""


def _read_box(b: _Builder, segs, i: int, m: re.Match) -> int:
    no, raw = segs[i]
    number, title = m.group(1), m.group(2).strip()
    heading = normalize(raw)
    parent = b.container()
    b.box_no += 1
    box = Box(f"{parent.id}.box{b.box_no:02d}" if parent.id != "front" else f"box{b.box_no:02d}",
              f"专栏{number}", title, heading, [], no)
    parent.blocks.append(box)
    j = i + 1
    shape = None  # "numbered" | "lead" | "plain": what the first entry looks like
    first_lead = 0
    intro = ""
    expect = 1
    while j < len(segs):
        sno, sraw = segs[j]
        nt = normalize(sraw)
        if heading_kind(nt) or _BOX_RE.match(nt) or is_caption(nt, _peek(segs, j + 1)):
            break
        entry_num = _entry_number(sraw, expect)
        lead = lead_sentence(normalize(sraw))
        kind = "numbered" if entry_num else "lead" if lead else "plain"
        if shape is None:
            shape = kind
            first_lead = len(lead[1]) if lead else 0
            intro = normalize(sraw)
        elif shape == "plain" and kind == "lead" and len(box.entries) == 1 and lead[1][:4] in intro:
            # An intro line that names what follows ("着力培育共享经济、创意经济…"),
            # then one lead entry per name ("共享经济培育行动计划。…").
            shape, first_lead = "lead", len(lead[1])
        # Nothing marks a box's end but a change of shape: numbered entries end at
        # the first unnumbered line, plain ones at the first lead-sentence
        # paragraph, lead entries at plain text or a lead far longer than theirs.
        elif kind != shape or (kind == "lead" and len(lead[1]) > 2 * first_lead + 3):
            break
        if entry_num:
            label, rest = entry_num
            box.entries.append(Paragraph(f"{label} {normalize(rest)}".strip(), sno))
            expect = int(re.match(r"\d+", label).group()) + 1
        else:
            box.entries.append(Paragraph(normalize(sraw), sno))
        j += 1
    return j


def _entry_number(raw: str, expect: int) -> tuple[str, str] | None:
    s = raw.lstrip()
    # "6.233 国道" is entry 6 about road 233, not the number 6.233.
    m = re.match(rf"({expect})\s*([、.．])\s*", s) or re.match(r"(\d{1,2})\s*([、．]|\.(?!\d))\s*", s)
    if not m:
        return None
    return m.group(1) + ("." if m.group(2) in ".．" else "、"), s[m.end() :]


def _read_table(b: _Builder, segs, i: int) -> int:
    no, raw = segs[i]
    parent = b.container()
    b.table_no += 1
    tid = f"{parent.id}.tab{b.table_no:02d}" if parent.id != "front" else f"tab{b.table_no:02d}"
    parser = TableParser(tid, normalize(raw), no)
    j = i + 1
    while j < len(segs):
        sno, sraw = segs[j]
        nt = normalize(sraw)
        if heading_kind(nt) or _BOX_RE.match(nt):
            break
        if not parser.feed(normalize(sraw), sno):
            break
        j += 1
    table: Table = parser.finish()
    parent.blocks.append(table)
    return j


def _split_closing(b: _Builder) -> None:
    """Move a closing exhortation at the very end out of the last numbered unit."""
    if not b.top:
        return
    last = b.top[-1]
    while last.children:
        last = last.children[-1]
    paras = last.blocks
    if len(paras) >= 1 and isinstance(paras[-1], Paragraph) and _CLOSING_RE.match(paras[-1].text):
        if len(paras) == 1 and last.level not in ("1", ITEM):
            return
        p = paras.pop()
        b.top.append(Section("closing", CLOSING, "", "结语", "", p.line, [p]))


__all__ = ["build", "heading_kind", "lead_sentence"]
