"""A plan's metadata: read the sidecar TOML, and infer from the text what it does not say.

Inferred: title (the front-matter line naming the 规划/纲要/建议, joined when split
over two lines), kind (纲要 outline / 建议 proposal), province / city / district and
level, issuer, and dates (adopted: `…通过` / `…批准`; issued: 发布日期). The sidecar
always wins field by field. Web-page chrome cut by ``clean`` is still read here:
a page's 发布日期 or page title is metadata even though it is not plan text.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import msgspec

from ..model import PlanMeta, Removed, Section
from ..numerals import find_date
from ..textnorm import normalize
from .decode import IngestError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROVINCES = [
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
    "内蒙古", "广西", "西藏", "宁夏", "新疆",
]
_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}
_AUTONOMOUS = {"内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
               "新疆": "新疆维吾尔自治区"}
_HAN = "\u4e00-\u9fff"
_CITY_DISTRICT_RE = re.compile(rf"(?:(?<=^)|(?<=[^{_HAN}])|(?<=省))([{_HAN}]{{2,4}}?市)([{_HAN}]{{1,4}}?[区县])(?=国民|人民|委员会|区委|县委|[“”《]|经济|[，。])")
_TITLE_RE = re.compile(r"(规划|纲要|建议)")
_ISSUER_RE = re.compile(rf"^[{_HAN}]{{2,20}}(人民政府|人民政府办公室|委员会|区委|市委|县委)$")
_PARTY_RE = re.compile(rf"中国共产党([{_HAN}]{{2,12}}?[省市区县])第[{_HAN}]{{1,4}}届委员会")


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


def infer(front: Section, top: list[Section], removed: list[Removed], full_text: str) -> PlanMeta:
    m = PlanMeta()
    front_lines = [p.text for p in front.paragraphs]
    chrome = [normalize(r.text) for r in removed]
    m.title = _title(front_lines, chrome, full_text)
    head = full_text[:3000]
    is_proposal = "建议" in m.title[-6:] or bool(re.search(r"提出如下建议|关于制定.{4,60}的建议", head[:1500])) and not re.search(r"纲要", m.title)
    m.kind = "proposal" if is_proposal else "outline"
    _region(m, front_lines + chrome, full_text)
    _issuer_and_dates(m, front_lines, chrome, full_text)
    if not m.title and m.kind == "proposal" and m.issuer:
        m.title = f"{m.issuer}关于制定“十四五”规划和二〇三五年远景目标的建议"
    m.period = _period(m.title)
    m.short_title = _short(m)
    return m


_PERIOD_RE = re.compile(r"第([一二三四五六七八九十]{1,3})个五年|[“\"]?([一二三四五六七八九十]{1,3}五)[”\"]?(?:规划|计划)")


def _period(title: str) -> str:
    """The period a title names (第十四个五年… → 十四五), else ""."""
    m = _PERIOD_RE.search(title)
    if not m:
        return ""
    return f"{m.group(1)}五" if m.group(1) else m.group(2)


def _title(front: list[str], chrome: list[str], text: str) -> str:
    cands = []
    lines = [ln for ln in front if len(ln) <= 80 and "。" not in ln]
    for k, line in enumerate(lines):
        t = re.sub(r"^关于印发《(.+)》的通知$", r"\1", line)
        if _TITLE_RE.search(t):
            cands.append(t)
        # A title broken over two lines: "…第十四个五年" + "规划和二〇三五年远景目标纲要".
        if (k + 1 < len(lines) and "国民经济" in line and not re.search(r"(纲要|建议)$", line)
                and len(lines[k + 1]) <= 30 and re.search(r"(纲要|建议)$", lines[k + 1])):
            cands.append(line + lines[k + 1])
    for line in chrome:
        mm = re.search(r"信息名称[:：]\s*关于印发《(.+)》的通知", line)
        if mm:
            cands.append(mm.group(1))
    if not cands:
        return ""
    # Prefer the fullest statement of the title.
    return max(cands, key=lambda t: (("纲要" in t or t.endswith("建议")), len(t)))


def _region(m: PlanMeta, lines: list[str], text: str) -> None:
    joined = "\n".join(lines) + "\n" + m.title
    found = Counter(mm.group(1) + "|" + mm.group(2) for mm in _CITY_DISTRICT_RE.finditer(joined))
    if not found:
        found = Counter(mm.group(1) + "|" + mm.group(2) for mm in _CITY_DISTRICT_RE.finditer(text))
        found = Counter({k: v for k, v in found.items() if v >= 3})  # said once in passing is no name
    if found:
        city, district = found.most_common(1)[0][0].split("|")
        m.city, m.district, m.level = city, district, "district"
    else:
        party = _PARTY_RE.search(text[:3000])
        if party and party.group(1).endswith("市"):
            m.city, m.level = party.group(1), "city"
        else:
            cities = Counter(re.findall(rf"([{_HAN}]{{2,3}}市)(?:国民经济|人民政府|委员会)", joined + text[:5000]))
            if cities:
                m.city, m.level = cities.most_common(1)[0][0], "city"
    if not m.district:
        mm = re.match(rf"^([{_HAN}]{{1,4}}[区县])国民经济", m.title)
        if mm:
            m.district, m.level = mm.group(1), "district"
    explicit = [p for p in PROVINCES if re.search(rf"[(（]{p}(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?[)）]", joined)]
    if explicit:
        m.province = _province_name(explicit[0])
    else:
        # Mentions, "江苏省" weighing more than "江苏"; ties go to the first named.
        scores = {p: 5 * text.count(p + "省") + text.count(p) for p in PROVINCES}
        ranked = sorted((p for p in PROVINCES if scores[p] >= 2), key=lambda p: (-scores[p], text.find(p)))
        if ranked:
            m.province = _province_name(ranked[0])
    if not m.level:
        m.level = "province" if m.province and not m.city else ""


def _province_name(p: str) -> str:
    if p in _MUNICIPALITIES:
        return p + "市"
    return _AUTONOMOUS.get(p, p + "省")


def _issuer_and_dates(m: PlanMeta, front: list[str], chrome: list[str], text: str) -> None:
    for line in front:
        if _ISSUER_RE.match(line):
            m.issuer = line
            break
    party = _PARTY_RE.search(text[:3000])
    if not m.issuer and party:
        name = party.group(1)
        m.issuer = f"中共{name}委"
    for line in front + [text[:400]]:
        if re.search(r"(通过|批准)[)）]?\s*$", line) or re.search(r"(通过|批准)[)）]", line):
            d = find_date(line)
            if d:
                m.adopted = d[0]
                break
    for line in chrome:
        mm = re.search(r"发布日期[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})", line)
        if mm:
            m.issued = f"{int(mm.group(1)):04d}-{int(mm.group(2)):02d}-{int(mm.group(3)):02d}"
    if not m.issued:
        for line in front:
            d = find_date(line)
            if d and d[1] == 0 and len(line) <= 16:
                m.issued = d[0]  # a bare "2021年4月" under the title
                break


def _short(m: PlanMeta) -> str:
    return f"{m.place}{m.period}{m.kind_label}" if m.place else m.title[:20]
