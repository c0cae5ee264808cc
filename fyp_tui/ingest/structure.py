"""Build a plan's section tree from its cleaned lines.

The grammar, in rank order: 篇/编/部分 > 章 > 节 > 一、 > （一） > 1、/1. > （1） > lead items.
A heading closes every open section of its rank or deeper. Lines before the first
heading are the front matter (title block); 序言/前言 is a section of its own.

Real text bends the grammar: a 第X章 heading may run into its body on the same line
(the title ends at two spaces, ``第二章　指导思想　　高举…``), several headings may share
a line (``第三篇推进改革开放第十三章深化各项改革``), a heading may follow the sentence
before it (only with the next number of its level), labels may be damaged by OCR
(``〈五）``, ``'三）``), numerals may run past four (``第一百一十一章``). Lines broken
inside a sentence (newspaper columns, PDF text) are joined back into their
paragraph. What follows the plan (a reference list, a second document's title
and opening) becomes one 附录 node (id ``appendix``), never the last section's text.

Headings may run inline in one long line (a scraped 建议): such lines are split
into paragraphs at sentence ends followed by white space, and a numbered heading's
title is its first phrase (up to a space) or its first sentence. A paragraph that
opens with a short lead sentence (`深度推进两区融合发展。…`) becomes an item under
its section. 专栏 boxes and indicator tables attach to the section they sit in.

Labels, titles (of sections, lead items and boxes) and table captions are kept as
written, white space tidied only (``textnorm.as_written``: `(一)`, `,`, `表 1 :`, ○ and
full-width digits stay): that is what an analyst cites. A 篇/章/节 title also keeps one
space where the writer parted two phrases (``textnorm.as_titled``: 不断提高发展质效
着力打造实力海州); an（一）or 一、 heading's title ends at its first space anyway. Every rule here judges the
normalised line, and the span it finds is cut from the written one (the two have the
same length). ``heading`` stays normalised: search and the reader's lead items read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ..model import (
    APPENDIX,
    BODY,
    CLOSING,
    FRONT,
    ITEM,
    PREFACE,
    Box,
    Paragraph,
    Section,
    Table,
)
from ..numerals import cn_to_int
from ..textnorm import as_titled, as_written, is_cjk, normalize, written_span
from ..gcpause import without_gc
from .clean import COLUMN_GAP_RE, Line
from .tables import TableParser, attach_table, is_caption, is_header_cell

_NUM = "一二三四五六七八九十百千零〇两"
# 第一百一十一章 has six numerals; old plans (计划, up to 十五) use 第X部分 for their parts.
_PART_RE = re.compile(rf"^(第[{_NUM}\d]{{1,8}}(篇|编|章|节|部分))(.*)$")
_PREFACE_RE = re.compile(r"^(序言|前言|引言|导言)$")
# 一、 as printed; 一. or 一． as some typists and converters set it; —、 where OCR read 一 as a dash
_CN_ITEM_RE = re.compile(rf"^([{_NUM}]{{1,3}}(?:、|[.．](?![{_NUM}]))|—、)")  # not 十一.五期间: a period's name
# OCR damages the opening bracket of （五）: 〈五）, '三）, <五), ［五］ …
_CN_PAREN_RE = re.compile(rf"^[（(〈<《〔［\[{{'‘’\"“]([{_NUM}]{{1,3}})[）)〉>》〕］\]}}]")
# A numbered part label at the start of a raw line, spaces allowed inside (第 十 一 章).
_PART_RAW_RE = re.compile(rf"^[^\S\n]*(第[^\S\n]*(?:[{_NUM}\d—][^\S\n]*){{1,8}}(篇|编|章|节|部分))")
_PART_NEXT_RE = re.compile(rf"第[{_NUM}\d]{{1,8}}(?:篇|编|章|节|部分)")
# What ends a heading's title when its body runs on in the same line: two or more
# spaces ("第二章　指导思想　　高举…") or, failing that, the first clause mark.
_RUN_SEP_RE = re.compile(r"[^\S\n]{2,}")
_CLAUSE_RE = re.compile(r"\s*[，,、。；;：:！？!?]")
_BREAK_RE = re.compile(r"[，,；;：:]")  # marks that end a clause (、 lists inside one)
# Text that continues the line before it: it opens with a mark no sentence opens with.
# A heading whose line break was lost after the sentence before it: "…提供人才保障 。第四节增进民族团结".
_PART_AFTER_STOP_RE = re.compile(rf"(?<=[。！？])[^\S\n]*(?=第[{_NUM}\d]{{1,8}}(?:篇|编|章|节|部分))")
_CONT_START_RE = re.compile(r"^\s*[，,、；;：:。）)」』》]")
_LABEL_START_RE = re.compile(r"\d{1,2}[、.．]|[（(]\d{1,2}[）)]")
_OPEN_END_RE = re.compile(r"[。！？；：!?;:…”’」』）)》】]$")
# After the plan: reference lists of encyclopedia pages, and a second document's title.
_APPENDIX_RE = re.compile(
    r"^(?:参考资料|参考文献|参考来源|注释|脚注|词条标签|相关词条|扩展阅读|延伸阅读|外部链接|词条图册|"
    # what a plan prints after itself: 附件 / 附件2：重大项目表 / 附表 / 名词解释
    r"(?:附件|附表|附录)\s*[\d一二三四五六七八九十]{0,3}(?:\s*[:：]\s*\S.{0,38})?|名词(?:术语)?解释|术语解释)\s*[:：]?$")
_DOC_OPENING_RE = re.compile(r"^(?:.{1,16}[:：]$|[（(].{0,40}(?:\d{4}年|[〇一二]{4}年).{0,40}[）)]$)")
_DOC_TITLE_RE = re.compile(
    r"^(?:.{0,40}关于.{2,80}的(?:决议|决定|说明|报告|通知|意见|批复|公告)|"
    r".{2,40}(?:国民经济和社会发展|五年).{0,30}(?:规划|计划)(?:纲要)?(?:[（(]草案[）)])?)$"
)
_AR_ITEM_RE = re.compile(r"^(\d{1,2})(?:[、．]|\.(?!\d))")
_AR_PAREN_RE = re.compile(r"^[（(](\d{1,2})[）)]")
_BOX_RE = re.compile(r"^专栏\s*(\d{0,3})\s*[:：]?\s*(.*)$")
_BOX_INLINE_RE = re.compile(r"(?<=[。！？；])\s*(?=专栏\s*\d{0,3}\s*[:：])")
_FRONT_ENDS = ("。", "！", "？", "：", "；", "）", ")")  # what ends a front paragraph's sentence or line
# a lead sentence, after its dash (——) or its number when the number is no heading's
# (① ⑴ 1) : an entry of a list run inside a section)
_LEAD_RE = re.compile(r"^([\u2460-\u2473\u2474-\u2487]|\d{1,2}\)\s?|(?:—|- ?(?=-)|-){0,4})([^。！？；，,：:]{2,40}?)\s*([。！？])(?=\S)")
_CLOSING_RE = re.compile(r"^(全面完成|实现.{2,60}目标，?责任重大|让我们|同志们|全[区市县省]各级|全[国省市区县](?:各族)?人民)")
# How a closing exhortation ends: …为实现“十四五”规划和二〇三五年远景目标而努力奋斗！
_CLOSING_END_RE = re.compile(r"(?:奋斗|前进|奋进|拼搏)\s*[！!]\s*$")

_ID_PREFIX = {"篇": "pt", "编": "pt", "部分": "pt", "章": "ch", "节": "s", "一": "p", "（一）": "sp", "1": "i", "（1）": "ii", ITEM: "t"}
_SUBSECTION = ("一", "（一）", "1", "（1）", ITEM)  # levels a box or table closes (``_Builder.container``)
RANKS = {"篇": 0, "编": 0, "部分": 0, "章": 1, "节": 2, "一": 3, "（一）": 4, "1": 5, "（1）": 6, ITEM: 7}
_LONG_LINE = 3000  # a line this long is a flattened page: split it into paragraphs
_SPLIT_RE = re.compile(r"(?<=[。！？!?”])[ \t\u3000]+(?=\S)|(?<=[。！？]) *(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}、)")
# Numbered items running on after a heading that starts its line: "一、… 1、…。2、…".
_ITEM_SPLIT_RE = re.compile(r"(?<=[。！？；])[ \t\u3000]*(?=\d{1,2}、|[（(]\d{1,2}[）)]|[（(][一二三四五六七八九十]{1,3}[）)])")
# A paragraph's indent inside a line, after the sentence or the colon before it: a PDF's
# text that lost the line break but kept the indent (基本要求是：　　——坚持把…).
_INDENT_SPLIT_RE = re.compile(r"(?<=[。！？；：])\u3000{2,}(?=[^\s\u3000])")
_HEAD_START_RE = re.compile(
    rf"^\s*(?:第[{_NUM}\d]{{1,8}}(?:篇|编|章|节|部分)|[{_NUM}]{{1,3}}(?:、|[.．](?![{_NUM}]))|—、|[（(][{_NUM}]{{1,3}}[）)])")


@dataclass
class Heading:
    level: str
    label: str  # as written, white space removed
    title: str  # as written, white space tidied (``textnorm.as_written``)
    heading: str  # label + title as normalised (with the lead's stop for items)
    rest: str  # raw text after the heading on the same line
    gap: bool = False  # the title ended at white space, ``rest`` after it (not at a stop or a clause mark)


def _label_number(label: str) -> int | None:
    label = label.replace("—", "一")  # OCR reads 一 as a dash: 第十—章
    m = re.search(rf"[{_NUM}\d]+", label)
    return cn_to_int(m.group(0)) if m else None


def part_heading(raw: str, strict: bool = False) -> Heading | None:
    """A 第X篇/编/章/节/部分 heading at the start of raw line ``raw``, its title cut
    from any body that runs on in the same line (``rest``, raw).

    The title ends at a run of two or more spaces, at the next part label
    ("第三篇推进改革开放第十三章深化各项改革"), or at the end of the line. A title
    that is too long for one, or holds a full stop, ends at its first clause mark
    ("第一节改造提升传统服务业运用…、…。", a newspaper's lost line break)."""
    m = _PART_RAW_RE.match(raw)
    if not m:
        return None
    level = m.group(2)
    label = _nonspace(m.group(1))
    after = raw[m.end() :]
    body = after.lstrip()
    lead = len(after) - len(body)
    ends = [len(body)]
    sep = _RUN_SEP_RE.search(body)
    if sep and sep.start() > 0:
        ends.append(sep.start())
    nxt = _PART_NEXT_RE.search(body, 2)
    if nxt and _title_ok(_part_title(body[nxt.start() :])):
        ends.append(nxt.start())
    end = min(ends)
    # No title runs on for a page: don't normalise a flattened page to find that out.
    title = normalize(body[:end]) if end <= _TITLE_SPAN else ""  # judged normalised, kept as written
    if _title_ok(title) and (brk := _BREAK_RE.search(body, 0, end)):
        # A line short enough for a title that breaks a clause after one space is a title
        # and the start of its body ("第二节 推进农业结构战略性调整 完善现代农业产业体系，发展…",
        # wrapped in a PDF); 、 lists within a title ("绿色发展 建设资源节约型、环境友好型社会").
        end = _spaced_title_end(body, brk.start()) or end
    if not _title_ok(title):
        if strict:
            return None
        clause = _CLAUSE_RE.search(body)
        if not clause or clause.start() > _TITLE_SPAN:
            return None
        # the last single space before the first clause break or full stop
        brk = _BREAK_RE.search(body, 0, _TITLE_SPAN)
        stop = body.find("。", 0, brk.start() if brk else _TITLE_SPAN)
        end = _spaced_title_end(body, stop if stop >= 0 else brk.start() if brk else _TITLE_SPAN)
        if end is None:
            if not 2 <= len(normalize(body[: clause.start()])) <= 30:
                return None
            end = _title_end(body, clause.start())
    cut = m.end() + lead + end
    heading = normalize(raw[:cut])
    rest = raw[cut:] if raw[cut:].strip() else ""
    return Heading(level, label, as_titled(body[:end]), heading, rest, gap=rest[:1].isspace())


# Words a plan's sentence opens with. A title run into its body with nothing between
# ("第一节改造提升传统服务业运用现代营销方式、…") ends where the first clause's remainder
# opens with one of them; titles of 节 are four characters at least.
_OPENER_RE = re.compile(
    r"(?:运用|坚持|加快|推进|加强|建立|健全|完善|实施|积极|大力|着力|依托|围绕|按照|通过|鼓励|支持|引导|推动|"
    r"促进|深化|强化|优化|提高|扩大|培育|构建|打造|落实|抓好|抓紧|切实|进一步|全面|继续|努力|充分|发挥)"
)


def _title_end(body: str, clause: int) -> int:
    """Where a title with no separator before its body ends, within its first clause."""
    for k in range(4, clause - 1):
        if _OPENER_RE.match(body, k) and not body[k - 1].isspace():
            return k
    return clause


_TITLE_SPAN = 240  # raw characters a title (with its label and spaces) can take at most
# One space between two characters that are not ASCII letters or digits (a PDF sets
# "2020 年" and "GDP 增长" apart; those are no title's end).
_ONE_SPACE_RE = re.compile(r"(?<=[^\sA-Za-z0-9])[ \t\u3000](?=[^\sA-Za-z0-9])")


def _spaced_title_end(body: str, clause: int) -> int | None:
    """Where a title run into its body with one space ends (a PDF sets the two
    spaces of "第四章　政策导向　　实现…" as one): at the last such space before the
    first clause mark, so a title holding a space of its own ("转变方式 开创科学发展新局面")
    stays whole. None when there is none or the title would not be 2 to 30 characters."""
    spaces = list(_ONE_SPACE_RE.finditer(body, 0, clause))
    if not spaces:
        return None
    end = spaces[-1].start()
    return end if 2 <= len(normalize(body[:end])) <= 30 else None


def _part_title(s: str) -> str:
    """The title of the part label opening ``s`` (a second heading on one line)."""
    m = _PART_NEXT_RE.match(s)
    rest = s[m.end() : m.end() + _TITLE_SPAN] if m else ""
    nxt = _PART_NEXT_RE.search(rest, 2)
    sep = _RUN_SEP_RE.search(rest)
    end = min([len(rest)] + ([nxt.start()] if nxt else []) + ([sep.start()] if sep and sep.start() else []))
    return normalize(rest[:end])


_PHRASE_MARKS_RE = re.compile(r"[，,、。；;：:！？!?“”\"（）()《》]")


def _phrase(rest: str) -> bool:
    """Whether ``rest`` (raw, what a heading's line holds after its title's gap) reads as
    a title's second phrase: 2 to 30 characters, all Han but two at most, no mark."""
    if _HEAD_START_RE.match(rest):
        return False  # a second heading on the line (`第三篇推进改革开放第十三章深化各项改革`)
    n = _nonspace(normalize(rest))
    return 2 <= len(n) <= 30 and not _PHRASE_MARKS_RE.search(n) and sum(map(is_cjk, n)) >= len(n) - 2


# A heading's label alone on its line: PDFs set 第二章 (or 一、, （一）) centred above its title.
_LABEL_ALONE_RE = re.compile(
    rf"(?:{_PART_RAW_RE.pattern}|^[^\S\n]*(?:[{_NUM}]{{1,3}}[^\S\n]*、|[（(][^\S\n]*[{_NUM}]{{1,3}}[^\S\n]*[）)]))"
    r"[^\S\n]*$")
_NOT_A_TITLE_RE = re.compile(r"[。！？；;!?，,]")


def _labels_with_titles(segs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``segs`` with each label that stands alone on its line (``第二节`` / ``面临形势``)
    joined to the title on the next line, so that the pair reads as one heading. Only
    when that line can be a title: short, no sentence or clause mark, not a heading,
    box or table cell itself, and not indented further than the label (a paragraph's
    first line). Else the label stays as it was."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(segs):
        no, raw = segs[i]
        if i + 1 < len(segs) and _LABEL_ALONE_RE.match(raw):
            nxt = segs[i + 1][1]
            nt = normalize(nxt)
            if (2 <= len(nt) <= 40 and not _NOT_A_TITLE_RE.search(nt) and _indent(nxt) <= _indent(raw)
                    and heading_kind(nt) is None and not _LABEL_ALONE_RE.match(nxt) and not _BOX_RE.match(nt)
                    and not is_header_cell(nt) and not _CONT_START_RE.match(nxt)):
                out.append((no, f"{raw.rstrip()} {nxt.strip()}"))
                i += 2
                continue
        out.append((no, raw))
        i += 1
    return out


def _phrased_titles(segs: list[tuple[int, str]]) -> set[str]:
    """The heading levels whose titles this document parts into two phrases with a gap
    (`第三章　不断提高发展质效　　着力打造实力海州`, `（一）主动适应新发展阶段 辩证看待机遇挑战`,
    the line holding nothing else) rather than running a body on after one (`第一章　发展
    环境　　“十一五”时期是…`, `1、指导思想 高举…，…`). Decided once a level for the
    document: a level is phrased when at least one of its headings has text after such
    a gap and every one's is a phrase (``_phrase``). A text cut at every 。 (a sentence
    a line) also leaves short bodies with no mark (`第二节　加快经济社会信息化　　推动经济
    社会各领域信息化`); its other headings' bodies hold marks, and they decide."""
    votes: dict[str, bool] = {}
    for _, raw in segs:
        if not _HEAD_START_RE.match(raw):
            continue
        raw = raw[: 2 * _TITLE_SPAN]  # a long body after the gap votes too (by its head: not a phrase)
        h = part_heading(raw) or _numbered(raw)
        if h is not None and h.gap and h.rest.strip():
            votes[h.level] = votes.get(h.level, True) and _phrase(h.rest)
    return {level for level, ok in votes.items() if ok}


def _with_phrase(h: Heading) -> Heading:
    """``h`` with the rest of its line as its title's second phrase (``_phrased_titles``)."""
    title = as_titled(f"{h.title} {h.rest.strip()}")
    return Heading(h.level, h.label, title, h.heading + normalize(h.rest), "")


def _title_ok(title: str) -> bool:
    return 1 <= len(title) <= 60 and "。" not in title


def _nonspace(s: str) -> str:
    return "".join(s.split())


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
        # The raw end of a label matched on the normalised head ("一 、", "( 一 )"):
        # normalisation keeps every other character, so count the non-space ones.
        label_raw = s[: m.end()] if rx.match(s) else s[: _raw_end(s, len(_nonspace(m.group(0))))]
        after = s[len(label_raw) :]
        title_raw, stop, rest = _split_title(after)
        if not title_raw:
            return None
        heading = normalize(label_raw) + normalize(title_raw) + normalize(stop)
        gap = not stop and after.lstrip()[len(title_raw) : len(title_raw) + 1].isspace()
        return Heading(level, _nonspace(label_raw), as_written(title_raw), heading, rest, gap=gap)
    return None


def _raw_end(s: str, k: int) -> int:
    """The index in ``s`` just after its ``k``-th non-space character."""
    for i, c in enumerate(s):
        if not c.isspace():
            k -= 1
            if k == 0:
                return i + 1
    return len(s)


_GAP_RE = re.compile(r"(?<=\S)[ \t\u3000]+(?=\S)")
_MARKS = set("，,、；;：:。！？.!?")


_PAIRS = ("“”", "‘’", "（）", "()", "《》", "「」", "【】")
_SYMBOL_RE = re.compile(r"[+\-&/*=×·]")


def _open_pair(s: str) -> bool:
    """Whether ``s`` leaves a quotation mark or bracket open."""
    return any(s.count(a) > s.count(b) for a, b in _PAIRS) or s.count('"') % 2 == 1


def _split_title(after: str) -> tuple[str, str, str]:
    """Split text after a number label into (title, stop, rest)."""
    body = after.lstrip()
    sent = re.search(r"[。！？]", body)
    for space in _GAP_RE.finditer(body, 0, _TITLE_SPAN):  # a title is 60 characters at most
        if sent and space.start() >= sent.start():
            break
        if body[space.start() - 1] in _MARKS or body[space.end()] in _MARKS:
            continue  # PDF/newspaper spacing around punctuation ("坚持创新驱动 , 加快…"), not a title's end
        before = body[: space.start()]
        if _open_pair(before) or _SYMBOL_RE.match(body[space.start() - 1]) or _SYMBOL_RE.match(body[space.end()]):
            continue  # inside “…” or （…）, or beside + & / (“互联网 + 政务服务”): the document's spacing
        if 2 <= len(_nonspace(before)) <= 60:
            return before, "", body[space.end() :]
        break
    if sent and sent.start() <= 80:
        return body[: sent.start()], body[sent.start() : sent.end()], body[sent.end() :]
    if len(body.strip()) <= 60:
        return body.strip(), "", ""
    return "", "", body


def lead_sentence(n: str) -> tuple[str, str, str] | None:
    """(prefix, lead, stop) when paragraph ``n`` opens with a short lead sentence."""
    m = _LEAD_RE.match(n)
    return _lead_parts(m) if m else None


def _lead_parts(m: re.Match) -> tuple[str, str, str]:
    return m.group(1), m.group(2).strip(), m.group(3)


def _segments(lines: list[Line]) -> list[tuple[int, str]]:
    """(line number, raw text) pieces: long lines split, inline 专栏 split off."""
    out: list[tuple[int, str]] = []
    for ln in lines:
        if len(ln.raw) > _LONG_LINE:
            pieces = _SPLIT_RE.split(ln.raw)
            if any(len(p) > _LONG_LINE for p in pieces):
                # No spaces between sentences: cut where a heading follows a full stop,
                # so no segment holds a whole flattened page.
                pieces = [q for p in pieces for q in (_PART_AFTER_STOP_RE.split(p) if len(p) > _LONG_LINE else [p])]
        elif _HEAD_START_RE.match(ln.raw):
            pieces = [q for piece in _ITEM_SPLIT_RE.split(ln.raw) for q in _INDENT_SPLIT_RE.split(piece)]
        else:
            pieces = _INDENT_SPLIT_RE.split(ln.raw)
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
        self.twice: dict[str, int] = {}  # an id written before: how many times more (``_id``)
        self.box_no = 0
        self.table_no = 0
        self.last_para: Paragraph | None = None  # the paragraph the previous line made
        self.para_parts: list[str] = []  # its text, line by line (joined once: no quadratic +=)
        self.para_len = 0
        self.paragraphs = 0  # paragraphs of the body so far
        self.appendix: Section | None = None  # once open, the rest of the text is not the plan
        self.numbers: dict[str, int] = {}  # the last number opened at each part level

    def join(self, n: str) -> None:
        self.para_parts.append(n)
        self.para_len += len(n)

    def settle(self) -> None:
        """Write the joined lines into the paragraph they continue; no paragraph is open after."""
        if self.last_para is not None and len(self.para_parts) > 1:
            self.last_para.text = "".join(self.para_parts)
        self.last_para, self.para_parts, self.para_len = None, [], 0

    def expect(self, level: str) -> int:
        """The number the next part heading of ``level`` should carry."""
        return self.numbers.get(level, 0) + 1

    # -- ids -------------------------------------------------------------
    def _id(self, level: str, label: str, parent: Section | None) -> str:
        """Stable ids from the numbers as written: 第六章第二节 → ch06.s02, 二、（一）1、 →
        p02.sp01.i01. Chapters are numbered through the plan, so parts (篇) do not
        prefix them; lead items are counted (t01, t02 …) within their section."""
        prefix = _ID_PREFIX.get(level, "x")
        num = _label_number(label) if level != ITEM else None
        scope = parent.id if parent is not None and level not in ("章",) else ""
        if parent is not None and parent.level in ("篇", "编", "部分") and level != "章":
            scope = parent.id
        if num is None:
            key = f"{scope}/{prefix}"
            self.counters[key] = self.counters.get(key, 0) + 1
            num = self.counters[key]
        base = sid = f"{scope}.{prefix}{num:02d}" if scope else f"{prefix}{num:02d}"
        n = self.twice.get(base, 0)  # a number written twice: keep ids unique (ch01b, ch01bb …)
        while sid in self.used:
            n += 1
            sid = base + "b" * n
        self.twice[base] = n  # where the next one goes on from (not from ch01 again: quadratic)
        self.used.add(sid)
        return sid

    def open(self, level: str, label: str, title: str, heading: str, line: int) -> Section:
        self.settle()
        if level in ("篇", "编", "部分", "章", "节"):
            self.numbers[level] = _label_number(label) or 0
            if level != "节":
                self.numbers.pop("节", None)  # sections are numbered within their chapter
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

    def open_appendix(self, title: str, line: int) -> None:
        self.settle()
        n = sum(1 for s in self.top if s.level == APPENDIX)
        self.appendix = Section("appendix" if not n else f"appendix{n + 1}", APPENDIX, "", title, title, line)
        self.top.append(self.appendix)
        self.stack = [self.appendix]

    def current(self) -> Section:
        return self.stack[-1] if self.stack else (self.top[-1] if self.top else self.front)

    def container(self, closes: bool = True) -> Section:
        """The section a box or table sits in: the innermost that is not a lead item, nor
        (``closes``: a heading or the end follows the box) a numbered subsection (一、
        （一）1.（1）) unless a numbered one is all there is. A 专栏 after a 节's last
        （一）…（五） closes them and is the 节's, as it is when the same 节 has no numbers;
        one with text of the subsection after it is the subsection's. In a plan numbered
        with 一、 alone (no 章 or 节: a county's), 一、 plays the 章 and （一） the 节: a box
        after a （一）'s last 1.…5. is the （一）'s, not the 一、's."""
        self.settle()
        # what is never closed: the outermost section, and under a 一、 its （一）
        keep = 2 if len(self.stack) > 1 and self.stack[0].level == "一" and self.stack[1].level == "（一）" else 1
        while closes and len(self.stack) > keep and self.stack[-1].level in _SUBSECTION:
            self.stack.pop()
        if self.stack and self.stack[-1].level == ITEM:
            self.stack.pop()
        return self.current()

    def add_paragraph(self, text: str, line: int) -> None:
        self.settle()
        self.paragraphs += 1
        self.last_para = Paragraph(text, line)
        self.para_parts, self.para_len = [text], len(text)
        self.current().blocks.append(self.last_para)


@without_gc
def build(lines: list[Line]) -> tuple[Section, list[Section]]:
    """Return (front matter, top-level sections)."""
    b = _Builder()
    segs = _labels_with_titles(_segments(lines))
    wraps = _breaks_sentences(lines)
    started = False
    phrased = _phrased_titles(segs)
    led = -1  # the place of the text after a numbered item's lead sentence
    i = 0
    table_rows = {ln.no: ln for ln in lines if ln.table}  # real tables a reader laid out (PDF/HTML/DOCX)
    while i < len(segs):
        no, raw = segs[i]
        if no in table_rows:
            i = attach_table(b, segs, i, table_rows)
            continue
        n = nt = normalize(raw)  # one normalisation for headings and body alike
        if b.appendix is not None:
            # after the plan: each 附件 / 附表 / 名词解释 its own node, their tables tables
            nxt = _peek(segs, i + 1)
            if _APPENDIX_RE.match(nt) and b.appendix.blocks:
                b.open_appendix(nt, no)
                i += 1
            elif is_caption(nt, nxt):
                i = _read_table(b, segs, i)
            else:
                b.appendix.blocks.append(Paragraph(n, no))
                i += 1
            continue
        ph = part_heading(raw)
        if ph and ph.gap and ph.level in phrased and _phrase(ph.rest):
            ph = _with_phrase(ph)
        if ph:
            title, heading = ph.title, ph.heading
            if not ph.rest and i + 1 < len(segs) and _continues_title(segs[i + 1][1], raw):
                i += 1  # "第二章 开启率先全面建设" / "社会主义现代化强区新征程"
                title, heading = title + as_written(segs[i][1]), heading + normalize(segs[i][1])
            b.open(ph.level, ph.label, title, heading, no)
            started = True
            if ph.rest:
                segs[i] = (no, ph.rest)  # the body that ran on after the title: read it next
            else:
                i += 1
            continue
        hk = heading_kind(nt)
        if hk and hk[0] == PREFACE:
            b.open(PREFACE, "", as_written(raw), nt, no)
            started = True
            i += 1
            continue
        if started and _starts_appendix(nt, b, _peek(segs, i + 1)):
            b.open_appendix(nt, no)
            i += 1
            continue
        m = _BOX_RE.match(nt)
        if m and started:
            i = _read_box(b, segs, i, m)
            continue
        # Before any heading only a caption whose next line is a header cell: a plan
        # without headings still has its indicator table rebuilt (its 正文 takes it).
        nxt = _peek(segs, i + 1)
        if (started or is_header_cell(nxt)) and is_caption(nt, nxt):
            i = _read_table(b, segs, i)
            continue
        num = _numbered(raw) if started or _CN_ITEM_RE.match(n) else None
        if num and num.gap and num.level in phrased and _phrase(num.rest):
            num = _with_phrase(num)
        if num and not (num.level == "1" and not _allows_arabic_items(b, num, segs, i)):
            b.open(num.level, num.label, num.title, num.heading, no)
            started = True
            if num.rest.strip():
                segs[i] = (no, num.rest)  # the text after the title: read it next
                # a title that ended at its stop was its lead sentence (1.综合实力显著增强。):
                # the text after it is its body, not a 条 of its own (五年来成绩显著。…)
                led = i if num.heading.endswith(("。", "！", "？")) else led  # heading: normalised
            else:
                i += 1
            continue
        if not started:
            last = b.front.blocks[-1] if b.front.blocks else None
            if (isinstance(last, Paragraph) and "，" in last.text and not last.text.endswith(_FRONT_ENDS)
                    and not _CONT_START_RE.match(raw) and heading_kind(n) is None):
                # a preamble's sentence broken across lines (an HTML page's <br>, a PDF's
                # line): one paragraph again; a cover's lines (no clause mark) stay apart
                last.text += n
            else:
                b.front.blocks.append(Paragraph(n, no))
            i += 1
            continue
        at = i  # this line's place (``led``: a numbered item's body after its lead sentence)
        tail = _heading_inside(b, raw)
        if tail:
            raw, n = raw[:tail], normalize(raw[:tail])
            segs[i] = (no, segs[i][1][tail:])  # the heading: read it next
        else:
            i += 1
        if b.last_para is not None and _continues_line(b, raw, n, wraps):
            b.join(n)  # a line broken mid-sentence: one paragraph again
            continue
        lead = _LEAD_RE.match(n) if not _CONT_START_RE.match(raw) and led != at else None
        if lead and b.current().level != PREFACE and _in_a_run(b, lead, segs, i):
            prefix, title, stop = _lead_parts(lead)
            head = prefix + title + stop
            # n = normalize(raw): the same spans, as written (only the paragraph's head is read)
            label, title = written_span(raw, n, 0, lead.end(1)), written_span(raw, n, lead.start(2), lead.end(2))
            b.open(ITEM, _nonspace(label), title.strip(), head, no)
            rest = n[len(head) :].strip() if n.startswith(head) else _after_lead(n, head)
            if rest:
                b.add_paragraph(rest, no)
        else:
            b.add_paragraph(n, no)
    b.settle()
    appendices: list[Section] = []  # set aside while the plan's last section is read for its 结语
    while b.appendix is not None and b.top and b.top[-1].level == APPENDIX:
        appendices.insert(0, b.top.pop())
    _split_closing(b)
    b.top += appendices
    if not b.top:
        _body_without_headings(b)
    return b.front, b.top


def _heading_inside(b: _Builder, raw: str) -> int:
    """Where a part heading starts after a sentence inside ``raw`` (0: none).

    Only the next number of its level counts, and only a whole title (to the end of
    the line or a run of spaces): "…第二节所述任务。" in a sentence is not a heading."""
    for m in _PART_AFTER_STOP_RE.finditer(raw):
        # A window is enough: a whole title is short (no slice of the rest per match).
        ph = part_heading(raw[m.end() : m.end() + _TITLE_SPAN], strict=True)
        if ph and _label_number(ph.label) == b.expect(ph.level):
            return m.end()
    return 0


def _breaks_sentences(lines: list[Line]) -> bool:
    """Does this text break its lines inside sentences (newspaper columns, PDF text)?

    Only then may a line that does not end a sentence be joined to the next. A text
    with no full stop inside its lines had them turned into line breaks (one
    sentence per line), and one with blank lines between its lines marks its
    paragraphs with them: neither is joined."""
    prose = [ln for ln in lines if len(ln.raw) >= 16]
    if len(prose) < 4:
        return False
    stops = sum(ln.raw.count("。") for ln in prose)
    gaps = sum(1 for a, c in pairwise(lines) if c.no - a.no > 1)
    return stops >= 0.3 * len(prose) and gaps < 0.5 * len(lines)


def _continues_line(b: _Builder, raw: str, n: str, wraps: bool) -> bool:
    """Is ``raw`` the rest of the sentence the paragraph before it ends with?"""
    if _CONT_START_RE.match(raw):
        return True  # ", 综合经济实力明显增强 。"
    return (
        wraps
        and b.para_len >= 16
        and not _OPEN_END_RE.search(b.para_parts[-1])
        and not raw[:1].isspace()  # an indented line opens a paragraph
        and not n.startswith(("—", "--", "- -", "●", "·", "•", "■", "◆", "★"))
        and not _LABEL_START_RE.match(n)  # "1.推进…" under a 节 is a list entry, not the rest
        and not COLUMN_GAP_RE.search(raw.strip())  # a text table's row, its cells set out in columns
    )


def _starts_appendix(nt: str, b: _Builder, nxt: str) -> bool:
    """Material after the plan: a reference list, or a second document: its title
    line, then what opens a document (a salutation "各位代表：", an adoption or date
    line in brackets, or a first heading)."""
    if _APPENDIX_RE.match(nt):
        return True
    # The plan must have had its text: after headings alone (a table of contents
    # that was not recognised) a title line opens the body, not a second document.
    numbered = b.paragraphs >= 2 and any(s.level in RANKS and s.level != ITEM for s in b.top)
    if not numbered or len(nt) > 80 or re.search(r"[，。；！？]", nt) or not _DOC_TITLE_RE.match(nt):
        return False
    return bool(_DOC_OPENING_RE.match(nxt)) or heading_kind(nxt) is not None


def _body_without_headings(b: _Builder) -> None:
    """A plan with no headings at all: its title lines stay on the cover, the rest
    becomes one 正文 section, so search, compare and the reader still have a unit."""
    paras = b.front.blocks
    k = 0
    # Title lines are short paragraphs; a table (an annex of projects) is body.
    while (k < len(paras) and k < 6 and isinstance(paras[k], Paragraph) and len(paras[k].text) <= 60
           and "。" not in paras[k].text):
        k += 1
    if k < len(paras):
        body = paras[k:]
        b.front.blocks = paras[:k]
        for t in body:
            if isinstance(t, Table):  # named as the front's were; now the 正文's
                t.id = f"body.{t.id}"
        b.top.append(Section("body", BODY, "", "正文", "", body[0].line, list(body)))


def _indent(raw: str) -> int:
    """How far ``raw`` is indented, in cells (an ideographic space is two)."""
    body = raw.lstrip()
    return sum(2 if c == "\u3000" else 4 if c == "\t" else 1 for c in raw[: len(raw) - len(body)])


def _continues_title(raw: str, heading: str = "") -> bool:
    """A short line of bare words right after a heading (``heading``, raw) is the rest of
    its title, unless it is indented further than the heading: a paragraph's first line
    ("第二章 主要目标" / "　　推进农村信息基础设施建设")."""
    if heading and _indent(raw) > _indent(heading):
        return False
    nt = normalize(raw)
    return (
        2 <= len(nt) <= 20
        and not re.search(r"[，。；：、！？,.;:!?（）()“”\d]", nt)
        and heading_kind(nt) is None
        and not _BOX_RE.match(nt)
        and not is_header_cell(nt)
    )


def _next_paragraph(segs: list[tuple[int, str]], i: int, most: int = 20) -> str:
    """The next paragraph's first line from ``segs[i]`` on (normalised): lines that go on
    with a sentence the line before left open are skipped (a paragraph broken across lines)."""
    for k in range(i, min(len(segs), i + most)):
        if k == 0 or normalize(segs[k - 1][1]).rstrip().endswith(("。", "！", "？", "；", "：", "”")):
            return normalize(segs[k][1])
    return ""


def _in_a_run(b: _Builder, lead: re.Match, segs: list[tuple[int, str]], i: int) -> bool:
    """Is a paragraph opening with a lead sentence a 条? Plans set their 条 in runs. A
    section's first paragraph is its introduction unless the next paragraph opens with
    a lead too (世纪之交的国际国内环境出现了新的变化。…, or a 节 of one paragraph); a
    dash label (——在高质发展上争当表率) is a 条 wherever it stands."""
    sec = b.current()
    if lead.group(1) or sec.blocks or sec.children:
        return True
    nxt = _next_paragraph(segs, i)  # read only for a section's first paragraph
    return bool(_LEAD_RE.match(nxt)) and heading_kind(nxt) is None and not _BOX_RE.match(nxt)


def _after_lead(n: str, head: str) -> str:
    # The lead regex allows spaces before the stop; drop the lead by its stop.
    stop = head[-1]
    k = n.find(stop)
    return n[k + 1 :].strip()


def _allows_arabic_items(b: _Builder, num: Heading, segs: list[tuple[int, str]], i: int) -> bool:
    """1、 items are headings under 一、/（一） parts. Directly under a 章/节 they are
    headings only as a list (a county plan numbers a section's measures 1、2、3、): 1、
    when a 2、 line follows before the next 篇/章/节, then each next number in turn; a
    lone numbered line there stays text."""
    if any(s.level in ("一", "（一）") for s in b.stack):
        return True
    parent = next((s for s in reversed(b.stack) if s.level not in ("1", "（1）", ITEM)), None)
    number = _label_number(num.label)
    if parent is None or parent.level not in ("章", "节") or number is None:
        return False
    items = [c for c in parent.children if c.level == "1"]
    if items:
        return number == (_label_number(items[-1].label) or 0) + 1
    if number != 1:
        return False
    second = "2" + num.label.lstrip("0123456789")  # 1、 → 2、, 1. → 2.
    for _, raw in segs[i + 1 : i + 400]:
        if part_heading(raw, strict=True) is not None:
            return False
        if raw.lstrip().startswith(second):
            return True
    return False


def _peek(segs: list[tuple[int, str]], i: int) -> str:
    return normalize(segs[i][1]) if i < len(segs) else ""


def _heading_next(segs, j: int) -> bool:
    """Does a heading (or the text's end) follow at ``segs[j]``: what closes the open
    numbered subsections before a box or table that ends there (``_Builder.container``)."""
    if j >= len(segs):
        return True
    raw = segs[j][1]
    nt = normalize(raw)
    return bool(part_heading(raw) or heading_kind(nt) or _numbered(raw) or _BOX_RE.match(nt))


def _read_box(b: _Builder, segs, i: int, m: re.Match) -> int:
    no, raw = segs[i]
    w = as_written(raw)  # m matched normalize(raw): the same spans, as written
    number, title = w[m.start(1) : m.end(1)], w[m.start(2) : m.end(2)].strip()
    heading = normalize(raw)
    box = Box("", f"专栏{number}", title, heading, [], no)  # its id once its section is known, below
    j = i + 1
    shape = None  # "numbered" | "lead" | "plain": what the first entry looks like
    first_lead = 0
    intro = ""
    expect = 1
    while j < len(segs):
        sno, sraw = segs[j]
        nt = normalize(sraw)
        if heading_kind(nt) or part_heading(sraw) or _BOX_RE.match(nt) or is_caption(nt, _peek(segs, j + 1)):
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
    parent = b.container(closes=_heading_next(segs, j))
    b.box_no += 1
    box.id = f"{parent.id}.box{b.box_no:02d}" if parent.id != "front" else f"box{b.box_no:02d}"
    parent.blocks.append(box)
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
    parser = TableParser(tid, as_written(raw), no)
    j = i + 1
    while j < len(segs):
        sno, sraw = segs[j]
        nt = normalize(sraw)
        if heading_kind(nt) or part_heading(sraw) or _BOX_RE.match(nt) or _APPENDIX_RE.match(nt):
            break
        if not parser.feed(nt, sno, as_written(sraw)):
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
    if len(paras) >= 1 and isinstance(paras[-1], Paragraph) and (
            _CLOSING_RE.match(paras[-1].text) or _CLOSING_END_RE.search(paras[-1].text)):
        if len(paras) == 1 and last.level not in ("1", ITEM):
            return
        p = paras.pop()
        b.top.append(Section("closing", CLOSING, "", "结语", "", p.line, [p]))


__all__ = ["build", "heading_kind", "lead_sentence"]
