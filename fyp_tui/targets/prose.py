"""Targets stated in prose: ``到2025年，人均GDP达到16万元，服务业增加值占比接近75%``.

Only forward-looking sentences count: one with a marker of a year after the plan's
base year (到2025年, 力争到二〇三五年, 展望2035年), of the plan's own period
(“十四五”期间), or standing in a goals section (主要目标, 奋斗目标) with no earlier year
in it. Past results (截至2020年末…, 从2015年的200人提升至2020年的225人) and dates in
passing (2000年之前建成的小区) are not targets.

A sentence is cut into clauses (，；：) and those into segments (、). A segment ends in
its value (``…达到16万元``, ``…控制在4%以内``, ``…快于GDP增速``, ``…完成市定目标``);
what stands before the verb is the indicator. A segment with no name of its own
takes the previous one's (地区生产总值突破500亿元、年均增长6.5%以上); names without a
value share the next value (A、B均达到98%以上), or pair with 分别 values; a name there
that is only a modifier takes the words the last name has after its own
(小学、初中毕业生升学率 → 小学毕业生升学率). Region words that open a name (全省, 全区,
我市) are the plan's own and are dropped.
"""

from __future__ import annotations

import re
from itertools import accumulate

from ..model import Box, Paragraph, Plan
from .canon import OWN_REGION, canonical
from .numbers import QUANTITY_RE, RANGE_DASH, quantity_from_match
from .periods import base_year, period_end
from .qualifiers import ANNUAL_RE, CUMULATIVE_RE, PREFIX_RE, SUFFIX_RE, parse_value, qualifier_of
from .records import RANGE, RELATIVE, TEXT, Source, Target, Value

YEAR = r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
FORWARD_RE = re.compile(
    rf"(?:到|至|展望|力争在|(?<!\d)(?={YEAR}年[^，。；]{{0,24}}远景目标))(?P<y>{YEAR})年"
)
PERIOD_RE = re.compile(r"“?(?P<p>十[一二三四五六七八九]五)”?(?:期间|时期|末)|今后五年")
PAST_RE = re.compile(r"截至|截止|以来|已经|已达|“十[一二三]五”(?:期间|时期|末)|上年")
BASE_RE = re.compile(rf"(?:较|比|在)(?P<y>{YEAR})年(?:末|底)?(?:的)?(?:基础上)?")
ANY_YEAR_RE = re.compile(rf"(?<!\d)(?P<y>{YEAR})年")

TO_VERBS = """累计达到 累计达 力争达到 达到 达 为 增至 增加到 增加至 提高到 提高至 提升到 提升至 降至 降到
    降低到 降低至 下降到 下降至 减少到 减少至 稳定在 保持在 维持在 保持 实现 占""".split()
BY_VERBS = "年均增长 年均提高 年均下降 平均增长 增长 下降 降低 减少 提高 提升 增加 净增".split()
_VERB_RE = "|".join(sorted(TO_VERBS + BY_VERBS, key=len, reverse=True))
# A "by" verb that states a change (提高1岁, 提高4个百分点), and the canonical names that
# are themselves changes or rates (单位GDP能耗降低, 高新技术企业净增, 地区生产总值增长率).
CHANGE_BY = {"提高", "提升", "增加", "降低", "减少", "下降", "净增"}
CHANGE_NAME_RE = re.compile("增长|降低|下降|净增|新增|增速")
VALUE_END_RE = re.compile(
    rf"(?P<share>分别|(?<![人平])均|都)?(?P<verb>{_VERB_RE})?(?P<pre>{PREFIX_RE})?"  # 人均, 平均: not 均 (each)
    rf"(?P<q>{QUANTITY_RE.pattern})(?P<post>{SUFFIX_RE})?$"
)
VALUE_ONLY_RE = re.compile(rf"(?P<pre>{PREFIX_RE})?(?P<q>{QUANTITY_RE.pattern})(?P<post>{SUFFIX_RE})?$")
RELATIVE_END_RE = re.compile(
    r"(?P<rel>(?:增长率?|增速|增幅)?(?:快于|高于|略高于|不低于|与|同)(?:GDP|地区生产总值|经济)(?:增速|增长(?:率)?)(?:同步)?)$"
)
TASK_END_RE = re.compile(r"(?P<rel>完成(?:市定|省定|区定|上级(?:下达)?)(?:的)?(?:任务|目标))$")
DOUBLE_END_RE = re.compile(r"(?P<rel>(?:实现)?翻(?:一|两|二|三)番(?:以上)?)$")

LEAD_RE = re.compile(
    rf"^(?:(?:力争|争取|确保)?(?:到|至)?{YEAR}年(?:底|末)?|“?十四五”?(?:期间|时期|末)|力争|争取|确保|{OWN_REGION}|其中|届时|基本|，)+"
)
FROM_RE = re.compile(rf"从(?:(?P<y>{YEAR})年(?:底|末)?的?)?(?P<q>{QUANTITY_RE.pattern})$")
NAME_END_RE = re.compile(r"(?:率|比重|比例|占比|量|数|额|指数|面积|收入|人数|浓度|度|感|年限|规模|总量)$")
_SENT_RE = re.compile(r"[^。；！？\n]+[。；！？]?")
_CLAUSE_RE = re.compile(r"[^，,：:；;]+")
_SEG_RE = re.compile(r"[^、]+")


def _year_int(s: str) -> int:
    return int(s) if s.isdigit() else int("".join(str("〇一二三四五六七八九".find(c)) if c != "零" else "0" for c in s))


def prose_targets(plan: Plan) -> list[Target]:
    out: list[Target] = []
    for sec in plan.walk():
        goal = any("目标" in s.title and "完成" not in s.title for s in plan.path(sec.id))
        for b, block in enumerate(sec.blocks):
            if isinstance(block, Paragraph):
                out += targets_in_text(block.text, plan, sec.id, "para", b, -1, goal)
            elif isinstance(block, Box):
                for e, entry in enumerate(block.entries):
                    out += targets_in_text(entry.text, plan, sec.id, "box", b, e, goal)
    return out


def forward_year(sentence: str, period: str, in_goals: bool) -> tuple[int, list[tuple[int, int]]] | None:
    """The target year(s) a sentence looks forward to, as (default, [(position, year)])."""
    base, end = base_year(period) or 2020, period_end(period) or 2025
    marks = [(m.start(), _year_int(m.group("y"))) for m in FORWARD_RE.finditer(sentence)]
    marks = [(pos, y) for pos, y in marks if y > base]
    marks += [(m.start(), end) for m in PERIOD_RE.finditer(sentence)
              if not m.group("p") or m.group("p") == period]
    marks.sort()
    if marks:
        return marks[0][1], marks
    if in_goals:
        based = {m.start("y") for m in BASE_RE.finditer(sentence)}
        past = [m for m in ANY_YEAR_RE.finditer(sentence)
                if _year_int(m.group("y")) <= base and m.start("y") not in based]
        if not past and not PAST_RE.search(sentence):
            return end, []
    return None


def targets_in_text(text: str, plan: Plan, sid: str, kind: str, b: int, e: int, in_goals: bool) -> list[Target]:
    out: list[Target] = []
    for sm in _SENT_RE.finditer(text):
        sentence = sm.group(0)
        fwd = forward_year(sentence, plan.meta.period, in_goals)
        if fwd is None:
            continue
        default, marks = fwd
        after = ""  # a change's indicator, for the level the next clause gives it
        prev: Target | None = None  # the last target of the sentence so far
        for cm in _CLAUSE_RE.finditer(sentence):
            if PAST_RE.search(cm.group(0)):
                after = ""
                continue
            year = next((y for pos, y in reversed(marks) if pos <= cm.start()), default)
            base_m = BASE_RE.search(cm.group(0))
            found = _clause(cm.group(0), sm.start() + cm.start(), after)
            if prev is not None and cm.group(0).lstrip().startswith("其中"):
                # …经费人均达到10元，其中省级达2元: a part of the indicator just given
                for t in found:
                    t.indicator, t.canonical = f"{prev.indicator}（其中{t.indicator}）", ""
            last = found[-1] if found else None
            prev = last or prev
            # 人均预期寿命提高1岁，达到74.5岁: the clause after a change names no indicator;
            # its value is the level of the indicator that changed.
            after = (last.indicator.removesuffix(last.extra["by"])
                     if last is not None and last.extra.get("by") in CHANGE_BY else "")
            for t in found:
                t.target_year = str(year)
                if base_m and not t.baseline_year:
                    t.baseline_year = str(_year_int(base_m.group("y")))
                t.source = Source(plan.id, sid, kind, b, e, t.source.span, text, sentence.strip())
                t.period = plan.meta.period
                out.append(t)
    return out


def _clean_name(name: str) -> tuple[str, int]:
    """Strip lead words (到2025年, 力争, 全区) and years of comparison; return it and the offset cut."""
    m = LEAD_RE.match(name)
    cut = m.end() if m else 0
    name = BASE_RE.sub("", name[cut:])
    return name.rstrip("的 ").strip(), cut


_AND_RE = re.compile(r"(?<=[\d%％‰])[和与及](?=\d)")  # 分别达到97%和40%: values listed with 和


def _clause(clause: str, offset: int, subject: str = "") -> list[Target]:
    """Targets in one clause; spans are ``offset``-based. ``subject``: the indicator a
    value with no name of its own is of (the clause before changed it)."""
    if "分别" in clause:  # the values of 分别 listed with 和 are listed as with 、 (one character for one)
        clause = _AND_RE.sub("、", clause)
    out: list[Target] = []
    pending: list[tuple[str, int]] = []  # names waiting for a value: (name, start)
    run: list[tuple[str, int]] = []  # every segment without a value since the last value: 分别 names them all
    last: list[Target] = []
    group: list[Target] = []  # the names of a 分别 …
    each: list[Value] = []  # … and its values, in order
    for gm in _SEG_RE.finditer(clause):
        seg = gm.group(0).rstrip(" .。")
        start = offset + gm.start()
        if group:
            vm = VALUE_ONLY_RE.fullmatch(seg)
            if vm:  # another 分别 value: 分别达到90%、50%
                value = _value_only(vm)
                if value is not None:
                    each.append(value)
                    group[0].extra.setdefault("values", []).append(seg)
                    group[0].extra["end"] = start + len(seg)
                    continue
        t = _segment(seg, start, gm.end() == len(clause))
        if t is None:
            name, cut = _clean_name(seg)
            if name:
                run.append((name, start + cut))
            if NAME_END_RE.search(name) and len(name) >= 2:
                pending.append((name, start + cut))
            else:
                pending = []
            continue
        _respectively(group, each)
        group, each = [], []
        if not t.indicator:
            if not subject:
                continue
            t.indicator = subject + t.extra.get("by", "")
        else:
            subject = t.indicator.removesuffix(t.extra.get("by", ""))
        share = t.extra.get("share") == "分别"
        # 分别: every name listed before it (氨氮、氮氧化物排放分别减少10%: 氨氮 reads as no name alone)
        by = t.extra.get("by", "")
        head = t.indicator.removesuffix(by)
        names = [(_with_head(n, head) + by, s) for n, s in run] if share else pending
        names = names + [(t.indicator, t.source.span[0])]
        if share and len(names) == 1:  # A和B分别…: two names
            names = _both(head, t.source.span[0], by) or names
        pending, run = [], []
        first = t.extra.pop("each", None)  # a 分别's first value, as read (``_segment``)
        last = [_copy(t, n, s) for n, s in names]
        if first is not None:
            group, each = last, [first]
        out += last
    _respectively(group, each)
    for t in out:
        _finish(t)
    return out


_AND_NAMES_RE = re.compile(r"[和及]")


def _with_head(name: str, last: str) -> str:
    """A name listed before the last one of a 分别 that is only a modifier (it ends in no
    name word: 小学、初中毕业生升学率; 氨氮、氮氧化物排放) takes the words the last name
    adds to its own modifier (小学毕业生升学率, 氨氮排放). That modifier parallels
    ``name``, so it is cut where the last name has a word edge nearest ``name``'s length
    (rjieba's words and the search-mode words it starts with): 农村 of 农村居民人均收入
    for 城镇, 氮氧化物 for 氨氮, 万元工业增加值 of …用水量 for 万元国内生产总值."""
    if NAME_END_RE.search(name) or len(last) <= len(name):
        return name
    import rjieba

    edges = set(accumulate(map(len, rjieba.cut(last))))
    edges.update(len(w) for w in rjieba.cut_for_search(last) if last.startswith(w))
    edges.discard(len(last))
    if not edges:
        return name
    head = last[min(edges, key=lambda e: (abs(e - len(name)), e)):]
    return name if name.endswith(head) else name + head


def _both(name: str, start: int, by: str) -> list[tuple[str, int]]:
    """The names of ``A和B`` (or ``A及B``) before 分别, each with ``by``; [] when not two."""
    parts = _AND_NAMES_RE.split(name)
    if len(parts) != 2 or min(map(len, parts)) < 2:
        return []
    return [(parts[0] + by, start), (parts[1] + by, start + len(parts[0]) + 1)]


def _value_only(vm: re.Match) -> Value | None:
    """A value standing alone (the second of 分别达到90%、50%)."""
    q = quantity_from_match(re.fullmatch(QUANTITY_RE, vm.group("q")))
    if q is None:
        return None
    qual = RANGE if q.high is not None else qualifier_of(vm.group("pre") or "", vm.group("post") or "")
    return Value(vm.group(0), qual, q.number, q.high, q.unit)


def _respectively(group: list[Target], each: list[Value]) -> None:
    """Names and values of a 分别, paired: as many values as names, in order (小学、初中毕业生升学率
    分别达到97%和40%左右); one value, each name's (化学需氧量、二氧化硫排放分别减少8%). Otherwise
    (one name, several values) the values stay the first name's text (``_finish``)."""
    if not group:
        return
    end = group[0].extra.pop("end", None)
    if len(each) == len(group) or len(each) == 1:
        annual = each[0].annual  # 分别年均增长7%、8%: the verb's, read with the first value
        for k, t in enumerate(group):
            if end is not None:  # each quotes the whole statement, every value in it
                t.source.span = (t.source.span[0], end)
            v = each[k] if len(each) == len(group) else each[0]
            t.target = Value(v.text, v.qualifier, v.number, v.high, v.unit, annual=annual)
            t.extra.pop("values", None)


def _copy(t: Target, name: str, start: int) -> Target:
    if name == t.indicator:
        return t
    return Target(name, "", t.target, Source("", "", "", 0, 0, (start, t.source.span[1]), "", ""),
                  baseline=t.baseline, baseline_year=t.baseline_year, extra=dict(t.extra))


def _finish(t: Target) -> None:
    vals = t.extra.pop("values", None)
    if vals and t.target is not None:  # 分别: several values for one name: keep the text
        t.target = Value(t.target.text + "、" + "、".join(vals), TEXT)
        t.source.span = (t.source.span[0], t.source.span[1] + sum(len(v) + 1 for v in vals))
    name = t.indicator
    growth = t.target is not None and t.target.qualifier == RELATIVE and t.target.number is None
    canon = canonical(name + "增长" if growth else name) or canonical(name)
    if canon is not None and t.extra.get("by") in CHANGE_BY and not CHANGE_NAME_RE.search(canon.name):
        canon = None  # 人均预期寿命提高1岁: a change of a level indicator, not its level (1岁 beside 80岁)
    t.canonical = canon.key if canon else ""
    if t.target is not None:
        t.target.cumulative = t.target.cumulative or bool(CUMULATIVE_RE.search(name))
        t.unit = t.target.unit


def _segment(seg: str, start: int, last: bool = True) -> Target | None:
    """One segment ending in a value, or None."""
    for rx in (RELATIVE_END_RE, TASK_END_RE, DOUBLE_END_RE):
        m = rx.search(seg)
        if m:
            name, cut = _clean_name(seg[: m.start()])
            value = parse_value(re.sub(r"^(?:增长率?|增速|增幅)", "", m.group("rel")))
            return _target(name, value, (start + cut, start + len(seg)), {})
    m = VALUE_END_RE.search(seg)
    if not m:
        return _count_first(seg, start) if last else None
    q = quantity_from_match(re.fullmatch(QUANTITY_RE, m.group("q")))
    verb, pre, post = m.group("verb") or "", m.group("pre") or "", m.group("post") or ""
    if q is None or (not q.unit and not verb and not pre):
        return None
    if q.unit == "年" and (re.fullmatch(YEAR, m.group("q")[:-1]) or not m.group("q")[0].isdigit()):
        return None  # a year (2025年), or a span of years in words (第一个五年), not a value
    head = seg[: m.start()]
    if head.endswith(("前", "第", "“", "《")):
        return None
    baseline, base_year_ = None, ""
    fm = FROM_RE.search(head)
    if fm:
        bq = quantity_from_match(re.fullmatch(QUANTITY_RE, fm.group("q")))
        baseline = Value(fm.group("q"), number=bq.number, unit=bq.unit) if bq else None
        base_year_ = str(_year_int(fm.group("y"))) if fm.group("y") else ""
        head = head[: fm.start()]
    name, cut = _clean_name(head)
    by = verb if verb in BY_VERBS else ""
    qual = RANGE if q.high is not None else qualifier_of(pre, post)
    value = Value(m.group(0)[len(m.group("share") or "") + len(verb):], qual, q.number, q.high, q.unit,
                  annual=bool(ANNUAL_RE.search(verb)))
    extra = {"by": by, "share": m.group("share") or ""}
    if m.group("share") == "分别":  # its values are paired with its names (``_respectively``)
        extra["each"] = value
        value = Value(value.text, TEXT, unit=q.unit)
    t = _target(name + by if name else "", value, (start + cut, start + len(seg)), extra)
    t.baseline, t.baseline_year = baseline, base_year_
    return t


COUNT_FIRST_RE = re.compile(
    rf"(?P<verb>新培育|培育|新增|引进|建成|新建|创成|认定)(?P<q>\d+(?:{RANGE_DASH}\d+)?(?:家|个|所|座|条|项|名|处))"
    r"(?P<post>以上|左右)?(?P<name>[^\d、，]{2,30})$"
)


def _count_first(seg: str, start: int) -> Target | None:
    """培育15家光电芯片产业领域高新技术企业: the count before what is counted."""
    m = COUNT_FIRST_RE.search(seg)
    if not m or LEAD_RE.sub("", seg[: m.start()]):
        return None
    q = quantity_from_match(re.fullmatch(QUANTITY_RE, m.group("q")))
    if q is None:
        return None
    qual = RANGE if q.high is not None else qualifier_of("", m.group("post") or "")
    value = Value(m.group("q") + (m.group("post") or ""), qual, q.number, q.high, q.unit)
    return _target(m.group("verb") + m.group("name"), value, (start + m.start(), start + len(seg)), {})


def _target(name: str, value: Value, span: tuple[int, int], extra: dict) -> Target:
    return Target(name, "", value, Source("", "", "", 0, 0, span, "", ""), extra=extra)
