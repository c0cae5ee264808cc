"""A plan's metadata: read the sidecar TOML, and infer from the text what it does not say.

Inference reads only the *title block*: the first lines up to a table of contents, a
numbered heading, or prose once a title was seen (a page's notice or disclaimer before
the title is passed over), plus the head of the first prose line, where a plan without
a title line names itself (``中华人民共和国…规划纲要，根据…``, ``…就制定“十四五”规划…提出
如下建议``). The body is never read for the region, level, kind or period: a national
plan naming 上海 or 内蒙古 in passing stays national. One documented exception: when the
title names a unit that several places share (four 鼓楼区, two 海州区), its parents
are those a title-block line names, else those of the candidate whose city the text
names at least ``_PARENT_MIN`` times and ten times as often as any other's; else they
stay empty.

Inferred fields:

* ``title``: the fullest title line (joined when laid out over two or three lines;
  the ``《…》`` of ``关于印发《…》的通知``), white space removed, every other character
  as written (``二○三五`` keeps its ○, ASCII ``(`` stays): what an analyst cites. It is
  *found* on folded text (``_Line.key``) and read back from the line. A plan that names
  itself in its first sentence (``…第十二个五年（2011—2015年）规划纲要，根据…``) is
  titled without the bracketed years the sentence dates it with;
* ``level`` / ``province`` / ``city`` / ``county`` / ``district``: the title's region
  prefix, else the issuer's (中共徐州市委, 昆山市教育局), else the adopting body's
  (云南省第九届人民代表大会), read against the gazetteer (``gazetteer.py``, cpca's
  division codes), which tells a 县级市 from a 地级市 and fills the parents; the
  country (中华人民共和国, 中共中央, 国务院, 国家…) or no region at all → ``national``;
* ``kind``: ``proposal`` (…的建议), ``outline`` (国民经济和社会发展…规划/纲要,
  第N个五年计划; a mid-term revision too, with ``revised``), ``special`` (any
  other 规划, with ``field`` = the title less its region, period and 规划);
* ``period`` (十四五, 十五, 一五: as written, from 第N个五年 or “N五”),
  ``vision_year`` (二〇三五年远景目标 → 2035), ``revised`` (修订/调整: the year in
  the marker, else the last date of the approval line);
* ``issuer`` (an issuer line, a notice's sender, a party committee that adopted it),
  ``adopted`` (a date line saying 通过/批准), ``issued`` (发布日期, 发布时间 or 发文日期, or a bare
  year-month line under the title).

A field the text does not state is left empty. The sidecar always wins field by
field (``parse_bytes`` marks those ``"sidecar"`` in ``meta_sources``), with one
exception: a sidecar title that is the document's title but for white space and
character widths or forms (〇 for ○, ``（`` for ``(``, full-width digits) is the same
title retyped, and the document's spelling (with its line) is kept (``same_title``).

``meta_sources`` maps each inferred field to where it was read, as ``"L<n>: <line>"``:
``n`` is the 1-based line of the decoded input, ``<line>`` the line as written,
stripped. A title laid out over lines is ``"L<n>-<m>: <first> / … / <last>"`` (the
non-empty lines n to m, joined by `` / ``). A line over 120 characters is cut to the
evidence with 40 characters either side, cuts marked ``…``. Parents filled from the
gazetteer cite the line naming the unit (or the line that told same-named units
apart); text a reader removed without a line number is cited as ``"removed: <text>"``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..model import PlanMeta, Removed, Section
from ..numerals import YEAR_DIGIT, cn_to_int, find_date
from ..textnorm import compact, fold, nonspace
from .decode import IngestError

if TYPE_CHECKING:
    from .gazetteer import Unit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


_YEARISH = {"vision_year", "revised"}  # often written as bare numbers: 2035
# The sidecar's schema: every PlanMeta field a user may set (text; the year fields
# may be numbers), and the plan id. Unknown keys are refused (a typo would
# otherwise be silently ignored).
Sidecar = msgspec.defstruct(
    "Sidecar",
    [("id", str | None, None)]
    + [(name, str | int | None if name in _YEARISH else str | None, None)
       for name in PlanMeta.__struct_fields__ if name != "meta_sources"],
    forbid_unknown_fields=True,
)
SIDECAR_LIMIT = 1 << 20  # a metadata file is a few hundred bytes


def read_sidecar(path: Path) -> dict:
    """The sidecar TOML's fields (flat, or under ``[meta]``) as a dict of strings.

    Checked against the ``Sidecar`` schema: anything that is not (invalid UTF-8,
    broken or deeply nested TOML, ``id = 5``, an unknown key, a table where text
    belongs) raises ``IngestError`` naming the file and the field."""
    from ..config import where
    from .limits import read_input

    hint = "fix the metadata file or leave it out"
    data = read_input(path, SIDECAR_LIMIT)
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise IngestError(str(path), f"is not UTF-8 text (byte {e.start})", hint) from None
    except tomllib.TOMLDecodeError as e:
        raise IngestError(str(path), f"is not valid TOML: {e}", hint) from None
    except RecursionError:
        raise IngestError(str(path), "is nested too deeply to be a metadata file", hint) from None
    meta = doc.get("meta", doc) if set(doc) <= {"meta"} else doc
    try:
        fields = msgspec.convert(meta, Sidecar)
    except msgspec.ValidationError as e:
        field = "meta" if meta is not doc else ""
        raise IngestError(str(path), f"bad metadata: {where(field, e)}",
                          f"{hint}; keys are text: id, {', '.join(PlanMeta.__struct_fields__[:-1])}") from None
    return {k: str(v) for k, v in msgspec.structs.asdict(fields).items() if v is not None}


# ---------------------------------------------------------------- lines and citations

_SCAN_LINES = 300  # the title block is looked for in the first lines only (a web page's menus come first)
_BLOCK_MAX = 150  # and holds at most this many non-empty lines
_PROSE_SKIP = 2  # prose lines passed over before any title (a page's notice or disclaimer)
_CITE_MAX = 120
_HEAD = 2000  # characters of a line read for the title block (xuzhou.txt is one 68 KB line)


@dataclass
class _Line:
    no: int  # 1-based line number, 0 for reader-removed text without one
    text: str  # as written, stripped
    key: str  # white space removed, punctuation and digits folded (one char per kept char)
    idx: list[int]  # for each character of key, its index in text
    last: int = 0  # last line number when joined from several
    cut: bool = False  # only the line's head was read (a whole document on one line)

    def written(self, start: int, end: int) -> str:
        """Characters ``start:end`` of ``key`` as the line writes them (white space removed)."""
        return "".join(self.text[i] for i in self.idx[start:end])

    def cite(self, start: int = 0, end: int | None = None) -> str:
        where = f"L{self.no}" if self.no else "removed"
        if self.last and self.last != self.no:
            where += f"-{self.last}"
        text = self.text
        if len(text) > _CITE_MAX and self.idx:
            end = len(self.key) if end is None else end
            a = self.idx[min(start, len(self.idx) - 1)]
            b = self.idx[max(min(end, len(self.idx)) - 1, 0)] + 1
            lo, hi = max(0, a - 40), min(len(text), b + 40)
            text = ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) or self.cut else "")
        return f"{where}: {text}"


def _line(no: int, raw: str, head: int = 0) -> _Line:
    text = raw.strip().lstrip("\ufeff").strip()
    cut = bool(head) and len(text) > head
    if cut:
        text = text[:head]
    key, idx = compact(text)
    return _Line(no, text, fold(key), idx, cut=cut)


def _joined(a: _Line, b: _Line) -> _Line:
    shift = len(a.text) + 3
    return _Line(a.no, f"{a.text} / {b.text}", a.key + b.key, a.idx + [i + shift for i in b.idx], b.last or b.no)


# ---------------------------------------------------------------- the title block

_TOC_RE = re.compile(r"^目录")
_HEADING_RE = re.compile(r"^(第[一二三四五六七八九十百\d]+[篇编章节部]|[一二三四五六七八九十]+、)")
_SENTENCE_RE = re.compile(r"[，。；！？]")


def _first_lines(text: str, n: int):
    """The first ``n`` lines of ``text``, without splitting all of it."""
    at = 0
    for _ in range(n):
        if at > len(text):
            return
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        yield text[at:end]
        at = end + 1


def _title_block(text: str, removed: list[Removed]) -> tuple[list[_Line], _Line | None]:
    """The lines before the body, and the first prose line (None if none is near).

    The block ends at a table of contents, a numbered heading, or prose once a title
    has been seen; up to ``_PROSE_SKIP`` prose lines before any title (a page's notice
    or disclaimer) are passed over."""
    block: list[_Line] = []
    opening = None
    prose = 0
    titled = False
    for no, raw in enumerate(_first_lines(text, _SCAN_LINES), 1):
        ln = _line(no, raw, _HEAD)
        if not ln.key:
            continue
        if _TOC_RE.match(ln.key) or _HEADING_RE.match(ln.key):
            break
        if (len(ln.key) > 60 and _SENTENCE_RE.search(ln.key)) or len(ln.key) > 150:
            opening = opening or ln
            prose += 1
            if titled or prose > _PROSE_SKIP:
                break
            continue
        block.append(ln)
        titled = titled or bool(_PLANISH_RE.search(ln.key) or _NOTICE_RE.search(ln.key))
        if len(block) >= _BLOCK_MAX:
            break
    block += [_line(0, r.text) for r in removed if not r.line and len(r.text) <= 200]
    return block, opening


_OPENS = {"《": "》", "（": "）", "(": ")"}


def _bracketed(block: list[_Line]) -> list[_Line]:
    """``block`` with a line that opens a bracket it does not close joined to the next
    lines that close it (two at most): a notice's title wraps inside its 《…》
    (区政府关于印发《鼓楼区国民经济和社会发展 / 第十四个五年规划…纲要》的通知) and an
    approval statement inside its （…） (…第十四届委员会第 / 十二次全体会议通过）). A line
    whose bracket the next two do not close stays as it was."""
    out: list[_Line] = []
    k = 0
    while k < len(block):
        ln = block[k]
        if ln.no and _open(ln.key):
            got, j = ln, k + 1
            while j < len(block) and j <= k + 2 and block[j].no and _open(got.key):
                got, j = _joined(got, block[j]), j + 1
            if not _open(got.key):
                out.append(got)
                k = j
                continue
        out.append(ln)
        k += 1
    return out


def _open(key: str) -> bool:
    return any(key.count(a) > key.count(b) for a, b in _OPENS.items())


# ---------------------------------------------------------------- titles

_PAREN = r"[（(][^（()）]{1,24}[）)]"
_TITLE_END_RE = re.compile(rf"(纲要|规划|计划|建议)(?:{_PAREN})*$")
_NOTICE_RE = re.compile(r"^(.*?)关于(?:印发|发布|公布)?《(.+?)》|^(.*?)关于印发(.+?)的通知$")
_FIRST_CLAUSE_RE = re.compile(r"^[^，。；：|]{6,80}?(纲要|规划|计划)(?=[，。；|])")
_PROPOSAL_SAYS_RE = re.compile(r"就制定(.{2,60}?)提出如下建议")
_SITE_SUFFIX_RE = re.compile(r"[_|｜].*$")
_PLANISH_RE = re.compile(r"国民经济|个五年|[“\"]十?[一二三四五六七八九]?五[”\"]")


@dataclass
class _Title:
    text: str  # folded, as found in ``line.key``
    line: _Line
    issuer: str = ""  # the 关于印发 notice's sender
    sentence: bool = False  # read from the first sentence, not from a title line

    def written(self) -> str:
        """The title as the document writes it (white space removed): the characters of
        the line it was found in; a sentence's bracketed years are dropped."""
        at = self.line.key.find(self.text)
        out = self.line.written(at, at + len(self.text)) if at >= 0 else self.text
        return _YEARS_PAREN_RE.sub("", out) if self.sentence else out


# "（２０１１—２０１５年）" inside "第十二个五年（２０１１—２０１５年）规划纲要，根据…": the
# sentence dates the plan; the plan's title does not carry the years there.
_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年?"
_YEARS_PAREN_RE = re.compile(rf"[（(]\s*{_YEAR}\s*[—\-－–―~～至到]{{1,2}}\s*{_YEAR}\s*[）)]")


def same_title(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one title but for white space and character forms (〇/○,
    （/(, full-width digits)? Then they name the same document."""
    return fold(nonspace(a)) == fold(nonspace(b))


def _titles(block: list[_Line], gaz) -> list[_Title]:
    out: list[_Title] = []
    used: set[int] = set()  # lines already read as part of a title split over lines
    for k, ln in enumerate(block):
        m = _NOTICE_RE.search(ln.key)
        if m:
            inner = m.group(2) or m.group(4)
            sender = re.sub(r"^.*[:：]", "", m.group(1) or m.group(3) or "")
            if len(inner) >= 6 and _TITLE_END_RE.search(inner):
                out.append(_Title(inner, ln, sender))
            continue
        key = _SITE_SUFFIX_RE.sub("", ln.key)  # a page title: "…纲要_上海市人民政府"
        if (not 6 <= len(key) <= 80 or "。" in key or ln.no in used or key.startswith(("规划", "纲要", "和", "计划"))
                or re.search(r"[>＞›]", key)):  # a breadcrumb: 首页 > 政务公开 > 规划计划
            continue
        nxt = block[k + 1] if k + 1 < len(block) and block[k + 1].no else None
        if _TITLE_END_RE.search(key) and (_PLANISH_RE.search(key) or "规划" in key or "建议" in key):
            t = _Title(key, ln)
        elif _PLANISH_RE.search(key) and nxt and len(nxt.key) <= 30 and _TITLE_END_RE.search(nxt.key):
            t = _Title(key + nxt.key, _joined(ln, nxt))
            used.add(nxt.no)
            nxt = block[k + 2] if k + 2 < len(block) and block[k + 2].no else None
        else:
            continue
        if nxt and nxt.no not in used and nxt.key.startswith("和") and len(nxt.key) <= 30 and _TITLE_END_RE.search(nxt.key):
            t = _Title(t.text + nxt.key, _joined(t.line, nxt))  # "…规划" + "和二〇三五年远景目标纲要"
            used.add(nxt.no)
        prev = block[k - 1] if k else None
        if (prev and prev.no and _REGION_END_RE.match(t.text) and len(prev.key) <= 20
                and _only_region(prev.key, gaz)):
            t = _Title(prev.key + t.text, _joined(prev, t.line))  # "昆山市" + "国民经济和社会发展…"
        out.append(t)
    return out


def _best_title(titles: list[_Title]) -> _Title | None:
    def score(t: _Title) -> tuple:
        core = re.sub(rf"(?:{_PAREN})+$", "", t.text)
        return (bool(_PLANISH_RE.search(t.text) or t.text.endswith("建议")),
                core.endswith(("纲要", "建议", "计划")), len(core), t.line.no)  # ties: the later line

    return max(titles, key=score) if titles else None


# ---------------------------------------------------------------- reading a title

_NUM = r"(十[一二三四五]|十|[一二三四五六七八九]|1[0-5]|[1-9])"
_NTH = r"(十[一二三四五]五|十五|[一二三四五六七八九]五)"  # longest first: 十五五 is not 十五
_PERIOD_ORD_RE = re.compile(rf"第{_NUM}个五年(?:{_PAREN})?(?:计划|规划)")
_PERIOD_QUOTED_RE = re.compile(rf"[“\"「]{_NTH}[”\"」]")
_PERIOD_BARE_RE = re.compile(rf"{_NTH}(?=时期|规划|计划)")
_ONLY_PERIOD_RE = re.compile(rf"(?:第{_NUM}个五年|[“\"「]?{_NTH}[”\"」]?)(?:{_PAREN})?(?:计划|规划)(?:纲要)?")
_REGION_END_RE = re.compile(rf"(?:发展)?国民经济|第{_NUM}个五年|[“\"「]?{_NTH}[”\"」]?(?:时期|规划|计划)")
_VISION_RE = re.compile(rf"([{YEAR_DIGIT}]{{4}})年远景目标")
_REVISION_RE = re.compile(r"[（(]?(?:([〇零一二三四五六七八九\d]{4})年)?(?:中期)?(?:修订|调整)(?:版|稿|本|方案)?[)）]?$")
_TRAILING_PAREN_RE = re.compile(rf"{_PAREN}$")
_CN_ORD = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
           "十一", "十二", "十三", "十四", "十五"]
_NATIONAL = ("中华人民共和国", "全国", "国家", "中共中央", "中国共产党中央委员会", "国务院")
_PARTY_RE = re.compile(r"^(?:中共|中国共产党)(.+?)(?:第[一二三四五六七八九十]+届)?(?:委员会|委)$")


def _period(text: str) -> str:
    """The period the text names (第十二个五年规划 → 十二五; “十五”计划 → 十五), else ""."""
    m = _PERIOD_ORD_RE.search(text)
    if m:
        n = cn_to_int(m.group(1))
        if n and 1 <= n <= 15:
            return _CN_ORD[n] + "五"
    m = _PERIOD_QUOTED_RE.search(text) or _PERIOD_BARE_RE.search(text)
    return m.group(1) if m else ""


def _revision(t: str) -> tuple[str, str | None]:
    """The title less its trailing brackets, and its revision year ("" none given; None: not a revision)."""
    revised = None
    while True:
        rev = _REVISION_RE.search(t)
        if rev and rev.group(0):
            revised = str(cn_to_int(rev.group(1))) if rev.group(1) else ""
            t = t[: rev.start()]
        elif _TRAILING_PAREN_RE.search(t):
            t = _TRAILING_PAREN_RE.sub("", t)
        else:
            return t, revised


@dataclass
class _Reading:
    kind: str = ""
    region: str = ""  # the region as the title writes it, "" when it names none
    national: bool = False  # the title says it is the country's (中华人民共和国, 中共中央, 全国 …)
    issuer: str = ""
    field: str = ""
    period: str = ""
    vision: str = ""
    revised: str | None = None


def _strip_parens(s: str) -> str:
    return re.sub(r"[（()）]", "", s)


def _read_title(t: str, gaz) -> _Reading:
    r = _Reading(period=_period(t))
    v = _VISION_RE.search(t)
    year = cn_to_int(v.group(1)) if v else None
    if year is not None and 1900 < year < 2200:  # a year, not a misread run of numerals
        r.vision = str(year)
    core, revised = _revision(t)
    m = re.search(r"^(.*?)关于制定(.*)的建议$", core)
    if m or _PROPOSAL_SAYS_RE.search(core):
        r.kind = "proposal"
        if m:
            r.issuer = m.group(1)
            party = _PARTY_RE.match(m.group(1))
            if m.group(1) in _NATIONAL:
                r.national = True
            elif party:
                r.region = party.group(1)
            else:  # no committee named: the plan's own name after 关于制定
                e = _REGION_END_RE.search(m.group(2))
                r.region = m.group(2)[: e.start()] if e else ""
        return r
    e = _REGION_END_RE.search(core)
    prefix = _strip_parens(core[: e.start()]) if e else ""
    if "国民经济" in core or (e and _ONLY_PERIOD_RE.fullmatch(core[e.start():]) and _only_region(prefix, gaz)):
        r.kind, r.revised = "outline", revised
        r.national = prefix in _NATIONAL
        r.region = "" if r.national else prefix
    elif re.search(r"规划(?:纲要)?$", core):
        r.kind = "special"
        lead = _strip_parens(core)
        r.national = lead.startswith(_NATIONAL)
        r.region = "" if r.national or gaz is None else "".join(_tokens(lead, gaz)[0])
        r.field = _special_field(lead, r.region)
    return r


def _only_region(s: str, gaz) -> bool:
    """Is ``s`` nothing but a region (or the country): 江苏省, 苏州市昆山市, 中华人民共和国, ""?"""
    if not s or s in _NATIONAL:
        return True
    if gaz is None:
        return bool(re.search(r"(省|市|区|县|旗|州|盟|地区)$", s))
    return not _tokens(s, gaz)[1]


def _special_field(core: str, region: str) -> str:
    f = core[len(region):] if region and core.startswith(region) else core
    f = re.sub(rf"第{_NUM}个五年(?:时期)?", "", f)
    f = re.sub(rf"[“\"「]?{_NTH}[”\"」]?(?:时期)?", "", f)
    f = re.sub(r"和[〇零一二三四五六七八九\d]{4}年远景目标", "", f)
    f = re.sub(r"(?:专项)?规划(?:纲要)?$", "", f)
    f = re.sub(r"^(?:中华人民共和国|全国|国家)", "", f)
    return f.strip("“”\"「」的")


def _opening_title(opening: _Line | None) -> _Title | None:
    """A plan without a title line that names itself in its first clause or sentence."""
    if opening is None:
        return None
    m = _FIRST_CLAUSE_RE.match(opening.key)
    if m and _PLANISH_RE.search(m.group(0)):
        return _Title(m.group(0), opening, sentence=True)
    m = _PROPOSAL_SAYS_RE.search(opening.key[:800])
    if m:
        return _Title(m.group(0), opening, sentence=True)
    return None


# ---------------------------------------------------------------- regions

_PARENT_MIN = 5
_ALIAS_SUFFIX_RE = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


@lru_cache(maxsize=1)
def _province_aliases() -> dict[str, str]:
    """内蒙古 → 内蒙古自治区, 北京 → 北京市: a province named without its suffix."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    return {_ALIAS_SUFFIX_RE.sub("", u.name): u.name for us in (gaz.by_name.values() if gaz else ())
            for u in us if u.level == "province"}


def _tokens(s: str, gaz) -> tuple[list[str], str]:
    """``s`` cut into gazetteer names from its start, longest first, and the unmatched rest."""
    out: list[str] = []
    aliases = _province_aliases()
    i = 0
    while i < len(s):
        for n in range(min(gaz.longest, len(s) - i), 1, -1):
            piece = s[i: i + n]
            if gaz.named(piece) or (not out and piece in aliases):
                out.append(aliases.get(piece, piece) if not gaz.named(piece) else piece)
                i += n
                break
        else:
            return out, s[i:]
    return out, ""


@dataclass
class _Place:
    name: str  # as the plan names itself (the gazetteer's full name when it has it)
    level: str
    unit: Unit | None = None  # its gazetteer entry
    parent: Unit | None = None  # the nearest named ancestor, for a unit the gazetteer lacks
    same_named: list[Unit] | None = None  # several units share the name (four 鼓楼区)


def _place(region: str, gaz) -> _Place | None:
    """Where ``region`` (e.g. 江苏省苏州市昆山市, 浦东新区, 贵州省贵安新区) is, or None if unsure."""
    region = _strip_parens(region)
    if not region or gaz is None:
        return None
    tokens, rest = _tokens(region, gaz)
    chain = [gaz.named(t) for t in tokens]
    last: list[Unit] = []
    if chain:
        last = [c for c in chain[-1] if all(any(c.within(a) for a in up) for up in chain[:-1])]
        if not last:
            return None  # names that do not nest: not a place we know
    if not rest:
        if len(last) == 1:
            return _Place(last[0].name, last[0].level, last[0])
        levels = {u.level for u in last}
        return _Place(tokens[-1], levels.pop() if len(levels) == 1 else "", same_named=last)
    if len(last) > 1 or len(rest) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", rest):
        return None
    parent = last[0] if last else None
    old = _renamed(rest, parent, gaz)
    if rest.endswith("区"):
        level = "district"
    elif rest.endswith(("县", "旗")):
        level = "county"
    elif rest.endswith(("自治州", "地区", "盟")):
        level = "city"
    elif rest.endswith("市") and (old or (parent is not None and parent.level == "city")):
        level = "county"  # a 市 under a 地级市, or a 县 made a 市 after the data was cut
    else:
        return None
    return _Place(rest, level, parent=old or parent)


def _renamed(rest: str, parent: Unit | None, gaz) -> Unit | None:
    """A unit newer than the gazetteer (会理县 → 会理市, X县 → X区): its one old entry."""
    stem = rest[:-1]
    old = [u for suffix in ("县", "市", "区") if stem + suffix != rest
           for u in gaz.named(stem + suffix) if u.level in ("county", "district")
           and (parent is None or u.within(parent))]
    return old[0] if len(old) == 1 else None


def _fill_place(m: PlanMeta, src: dict, place: _Place, cite: str, gaz, parent_cite: str = "") -> None:
    def put(name: str, value: str, where: str) -> None:
        setattr(m, name, value)
        src[name] = where

    if place.level:
        put(place.level, place.name, cite)
        put("level", place.level, cite)
    anchor = place.unit or place.parent
    if anchor is None:
        return
    prov = gaz.province_of(anchor)
    city = anchor if anchor.level == "city" else gaz.city_of(anchor)
    if prov is not None and place.level != "province":
        put("province", prov.name, parent_cite or cite)
    if city is not None and place.level in ("county", "district"):
        put("city", city.name, parent_cite or cite)


def _disambiguate(place: _Place, block: list[_Line], text: str, gaz) -> tuple[Unit, str] | None:
    """One of several same-named units: the one whose parent the title block names, or
    the text names far more often than the others' (see the module docstring)."""
    units = place.same_named or []

    def parents(u: Unit) -> list[Unit]:
        return [x for x in (gaz.city_of(u), gaz.province_of(u)) if x is not None]

    for ln in block:
        hit = [u for u in units if any(p.name in ln.key for p in parents(u))]
        if len(hit) == 1:
            return hit[0], ln.cite()
    counts = []
    for u in units:
        up = parents(u)[0] if parents(u) else None
        short = _ALIAS_SUFFIX_RE.sub("", up.name) if up else ""
        counts.append((text.count(short) if len(short) >= 2 else 0, u.code, u, up))
    counts.sort(key=lambda c: (-c[0], c[1]))
    best, _, unit, up = counts[0]
    second = counts[1][0] if len(counts) > 1 else 0
    if up is None or best < _PARENT_MIN or best < 10 * second:
        return None
    short = _ALIAS_SUFFIX_RE.sub("", up.name)
    for needle in (up.name + unit.name, up.name, short):
        pos = text.find(needle)
        if pos >= 0:
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            ln = _line(text.count("\n", 0, pos) + 1, text[start: end if end >= 0 else len(text)])
            at = max(ln.key.find(needle), 0)
            return unit, ln.cite(at, at + len(needle))
    return None


# ---------------------------------------------------------------- issuer and dates

_ISSUER_LINE_RE = re.compile(
    r"^(?:国务院(?:办公厅)?|中共中央|(?:中共)?[\u4e00-\u9fff]{2,24}?(?:人民政府(?:办公厅|办公室)?|委员会|发展改革委"
    r"|[省市区县州旗盟]委|[\u4e00-\u9fff]{1,8}[局厅]))$")
_LABEL_RE = re.compile(r"^(?:发文机关|发布机关|发文单位|发布机构|制发机关|印发机关|来源)[:：]")
_ADOPT_SEG_RE = re.compile(r"[（(]([^（()）]{6,120})[）)]|^([^（()）]{6,120})$")
_ADOPT_RE = re.compile(r"(?:通过|批准)")
_ADOPTER_RE = re.compile(r"会议|常委会|人大|人民代表大会|人民政府|国务院")
_BODY_RE = re.compile(r"^(?:中国共产党|中共)?([\u4e00-\u9fff]{2,20}?)第[一二三四五六七八九十]+届(委员会|人民代表大会)")
_ISO_RE = re.compile(r"(?:发布(?:日期|时间)|发文日期)[:：]?(\d{4})[-—/.年](\d{1,2})[-—/.月](\d{1,2})")  # keys fold - to —


@dataclass
class _Adoption:
    line: _Line
    text: str  # the bracketed statement, e.g. 2001年2月16日云南省第九届人民代表大会第四次会议通过
    start: int
    date: str
    body: str  # the adopting body's region (云南省, 徐州市) or ""
    party: bool  # adopted by a party committee (a 建议)

    def cite(self) -> str:
        return self.line.cite(self.start, self.start + len(self.text))


def _adoption(lines: list[_Line]) -> _Adoption | None:
    for ln in lines:
        for seg in _ADOPT_SEG_RE.finditer(ln.key[:300]):
            s = seg.group(1) or seg.group(2)
            if not (_ADOPT_RE.search(s) and _ADOPTER_RE.search(s)):
                continue
            d = find_date(s)
            if d:
                body = _BODY_RE.match(s[d[2]:].lstrip("日"))
                return _Adoption(ln, s, seg.start(1) if seg.group(1) else seg.start(2), d[0],
                                 body.group(1) if body else "", bool(body and body.group(2) == "委员会"))
    return None


SIGNATURE_LINES = 20  # lines after a notice's text opens where its signature is looked for


def _signature(text: str, opening: _Line) -> tuple[_Line, _Line] | None:
    """A notice's signature under its text: the issuer's full name on a line, then the
    date alone on the next (徐州市鼓楼区人民政府 / 2021年4月28日), within a few lines of
    the text's opening."""
    lines = [(no, raw) for no, raw in enumerate(_first_lines(text, opening.no + SIGNATURE_LINES), 1)
             if no > opening.no and raw.strip()]
    for (no, raw), (no2, raw2) in zip(lines, lines[1:]):
        who, when = _line(no, raw), _line(no2, raw2)
        date = find_date(when.key)
        if (_ISSUER_LINE_RE.match(who.key) and date and date[1] == 0 and date[2] == len(when.key)):
            return who, when
    return None


def _last_date(s: str) -> str:
    """The last date in ``s`` (a revision's approval follows the original's)."""
    last, at = "", 0
    while (d := find_date(s[at:])) is not None:
        last, at = d[0], at + d[2]
    return last


def _issued(m: PlanMeta, src: dict, block: list[_Line]) -> None:
    for ln in block:
        mm = _ISO_RE.search(ln.key)
        if mm:
            y, mo, d = (int(x) for x in mm.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                m.issued, src["issued"] = f"{y:04d}-{mo:02d}-{d:02d}", ln.cite(mm.start(), mm.end())
                return
    for ln in block:
        date = find_date(ln.key)
        if date and date[1] == 0 and date[2] == len(ln.key) and len(ln.key) <= 12:
            m.issued, src["issued"] = date[0], ln.cite()  # a bare "2021年4月" under the title
            return


# ---------------------------------------------------------------- infer

def infer(front: Section, top: list[Section], removed: list[Removed], full_text: str) -> PlanMeta:
    """The metadata the title block states (``front`` and ``top`` are not read: the
    decoded text's own lines are, so line numbers can be cited)."""
    from .gazetteer import gazetteer

    gaz = gazetteer()
    m = PlanMeta()
    src: dict[str, str] = {}
    block, opening = _title_block(full_text, removed)
    block = _bracketed(block)
    titles = _titles(block, gaz)
    title = _best_title(titles) or _opening_title(opening)
    notice = next((t for t in titles if t.issuer), None)  # 国务院关于印发《…》的通知
    reading = _read_title(title.text, gaz) if title else _Reading()
    cite = ""
    if title:
        at = max(title.line.key.find(title.text), 0)
        cite = title.line.cite(at, at + len(title.text))
        if not _PROPOSAL_SAYS_RE.fullmatch(title.text):
            m.title, src["title"] = title.written(), cite
        for name, value in (("kind", reading.kind), ("period", reading.period), ("vision_year", reading.vision),
                            ("field", reading.field), ("revised", reading.revised or ""), ("issuer", reading.issuer)):
            if value:
                setattr(m, name, value)
                src[name] = cite
    for ln in block:
        who = _LABEL_RE.sub("", ln.key)  # "发文机关：江苏省人民政府"
        if not m.issuer and _ISSUER_LINE_RE.match(who):
            at = ln.key.find(who)
            m.issuer, src["issuer"] = who, ln.cite(at, at + len(who))
    signed = _signature(full_text, opening) if notice and opening else None
    if signed and (not m.issuer or (notice and m.issuer == notice.issuer)):
        signer, dated = signed  # a notice signed 徐州市鼓楼区人民政府 / 2021年4月28日 under its text
        m.issuer, src["issuer"] = signer.text, signer.cite()
        block.append(signer)  # its full name tells a 鼓楼区 apart, as a header line's would
        date = find_date(dated.key)
        if date and not m.issued:
            m.issued, src["issued"] = date[0], dated.cite()
    if not m.issuer and notice:
        m.issuer, src["issuer"] = notice.issuer, notice.line.cite()
    adoption = _adoption(block + ([opening] if opening else []))
    if adoption:
        m.adopted, src["adopted"] = adoption.date, adoption.cite()
        if adoption.party and not m.issuer:
            m.issuer, src["issuer"] = f"中共{adoption.body}委", adoption.cite()
        if reading.revised == "" and re.search(r"调整|修订", adoption.text):
            m.revised, src["revised"] = _last_date(adoption.text)[:4], adoption.cite()
    _issued(m, src, block)
    _region(m, src, reading, cite, adoption, block, full_text, gaz)
    m.meta_sources = src
    m.short_title = f"{m.place}{m.period}{m.kind_label}" if m.place else m.title[:20]
    return m


def _region(m: PlanMeta, src: dict, reading: _Reading, cite: str, adoption: _Adoption | None,
            block: list[_Line], text: str, gaz) -> None:
    """Region and level: the title's, else the issuer's, else the adopting body's."""
    if reading.national:
        m.level, src["level"] = "national", cite
        return
    tries: list[tuple[str, str]] = []
    if reading.region:
        tries.append((reading.region, cite))
    if m.issuer:
        # The issuer's own region: 中共徐州市委 → 徐州市; 福州市鼓楼区人民政府, 昆山市教育局 → the names it opens with.
        party = _PARTY_RE.match(m.issuer)
        if m.issuer.startswith(_NATIONAL):
            tries.append(("国家", src["issuer"]))
        elif party or gaz is not None:
            name = party.group(1) if party else "".join(_tokens(m.issuer, gaz)[0])
            if name:
                tries.append((name, src["issuer"]))
    if adoption and adoption.body:
        tries.append((adoption.body, adoption.cite()))
    for name, where in tries:
        if name in _NATIONAL:
            m.level, src["level"] = "national", where
            return
        place = _place(name, gaz)
        if place is None:
            continue
        if place.same_named:
            pick = _disambiguate(place, block, text, gaz)
            if pick is not None:
                unit, parent_cite = pick
                _fill_place(m, src, _Place(unit.name, unit.level, unit), where, gaz, parent_cite)
                return
        _fill_place(m, src, place, where, gaz)
        return
    if cite and not tries and reading.kind:
        # A plan title naming no region, and no issuer or adopting body naming one: the country's.
        m.level, src["level"] = "national", cite
