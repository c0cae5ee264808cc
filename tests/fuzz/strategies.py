"""Hypothesis strategies for plan-shaped input: mostly valid plans (title block,
篇/章/节, numbered items, 专栏 boxes, indicator tables, dates), with a little
of what real files carry (page numbers, web chrome, spaced-out headings,
control characters and terminal escapes, a stray NUL, random text) mixed in."""

from __future__ import annotations

from hypothesis import strategies as st

DIGITS = "〇一二三四五六七八九"


def cn(n: int) -> str:
    """1..99 as Chinese numerals (十一, 二十三)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return DIGITS[n]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


PLACES = [
    "江苏省徐州市鼓楼区",
    "福建省福州市鼓楼区",
    "连云港市海州区",
    "镇江市京口区",
    "中共徐州市委",
    "某县",
    "浙江省",
]
WORDS = [
    "高质量发展",
    "楼宇经济",
    "现代化",
    "产业体系",
    "营商环境",
    "数字经济",
    "乡村振兴",
    "生态环境",
    "公共服务",
    "科技创新",
    "城市更新",
    "对外开放",
    "民生福祉",
    "基础设施",
    "文化强区",
    "安全发展",
    "人才",
    "改革",
]
VERBS = ["加快", "推进", "深化", "建设", "完善", "提升", "坚持", "健全", "促进", "打造"]
PUNCT = ["，", "。", "；", "、", "，"]
NOISE = [
    "- 12 -",
    "当前位置: 首页 > 政务公开",
    "\x0c",
    "第 3 页",
    "欧宝体育app入口",
    "\x1b[31m",
    "\x1b]0;t\x07",
    "\u202e",
    "\x00",
    "[bold]",
    "　",
    "|",
    "目 录",
    "（此件公开发布）",
    "\t",
]

word = st.sampled_from(WORDS)
sentence = st.builds(
    lambda v, ws, p: v + "".join(ws) + p,
    st.sampled_from(VERBS),
    st.lists(word, min_size=1, max_size=4),
    st.sampled_from(PUNCT),
)
paragraph = st.lists(sentence, min_size=1, max_size=5).map("".join)
title = st.lists(word, min_size=1, max_size=2).map("".join)


@st.composite
def items(draw, depth: int = 0) -> list[str]:
    n = draw(st.integers(0, 3))
    style = draw(st.sampled_from(["一、", "（一）", "1.", "1、", "（1）"][depth:]))
    lines = []
    for k in range(1, n + 1):
        label = {"一、": f"{cn(k)}、", "（一）": f"（{cn(k)}）", "1.": f"{k}.", "1、": f"{k}、", "（1）": f"（{k}）"}[
            style
        ]
        lines.append(label + draw(title) + draw(st.sampled_from(["", "。" + draw(paragraph)])))
        lines += draw(st.lists(paragraph, max_size=2))
    return lines


@st.composite
def box(draw, number: int) -> list[str]:
    head = f"专栏{number}  {draw(title)}"
    return [head] + draw(st.lists(st.builds(lambda t, p: f"{t}：{p}", title, paragraph), min_size=1, max_size=3))


@st.composite
def table(draw) -> list[str]:
    rows = ["序号\t指标\t2020年\t2025年\t属性"]
    for k in range(1, draw(st.integers(1, 4)) + 1):
        base = draw(st.integers(1, 9999))
        rows.append(
            f"{k}\t{draw(title)}（亿元）\t{base}\t{base + draw(st.integers(0, 999))}\t"
            f"{draw(st.sampled_from(['预期性', '约束性']))}"
        )
    return rows


@st.composite
def chapter(draw, number: int, boxes: list[int]) -> list[str]:
    spaced = draw(st.integers(0, 9)) == 0
    head = f"第{cn(number)}章 {draw(title)}"
    if spaced:
        head = " ".join(head)
    lines = [head] + draw(st.lists(paragraph, max_size=2))
    for s in range(1, draw(st.integers(0, 3)) + 1):
        lines.append(f"第{cn(s)}节 {draw(title)}")
        lines += draw(items())
        lines += draw(st.lists(paragraph, max_size=2))
        if draw(st.integers(0, 4)) == 0:
            boxes[0] += 1
            lines += draw(box(boxes[0]))
        if draw(st.integers(0, 6)) == 0:
            lines += draw(table())
    return lines


@st.composite
def plan_lines(draw) -> list[str]:
    place = draw(st.sampled_from(PLACES))
    kind = draw(st.sampled_from(["纲要", "建议"]))
    if kind == "纲要":
        head = [f"{place}国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"]
    else:
        head = [f"{place}关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议"]
    head += draw(
        st.lists(
            st.sampled_from(["2021年4月", f"{place}人民政府", "（2021年1月14日区第十七届人民代表大会第五次会议通过）"]),
            max_size=2,
        )
    )
    lines = head + [""] + draw(st.lists(paragraph, max_size=2))
    boxes = [0]
    parts = draw(st.integers(0, 2))
    number = 0
    for p in range(1, max(parts, 1) + 1):
        if parts:
            lines.append(f"第{cn(p)}篇 {draw(title)}")
        for _ in range(draw(st.integers(1, 3))):
            number += 1
            lines += draw(chapter(number, boxes))
    return lines


@st.composite
def plan_text(draw) -> str:
    """A plan-shaped text; one case in four carries some noise."""
    lines = draw(plan_lines())
    if draw(st.integers(0, 3)) == 2:  # not 0: Hypothesis draws the bounds more often than 1 in 4
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(lines)))
            junk = draw(st.one_of(st.sampled_from(NOISE), st.text(max_size=12)))
            if draw(st.booleans()) and at < len(lines):
                lines[at] += junk  # inside a line
            else:
                lines.insert(at, junk)  # a line of its own
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return newline.join(lines) + newline


ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "gb18030", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]


@st.composite
def plan_bytes(draw) -> bytes:
    """A plan-shaped text in one of the encodings plans come in; one case in eight
    has a few bytes changed or is cut short."""
    text = draw(plan_text())
    codec = draw(st.sampled_from(ENCODINGS))
    data = text.encode(codec, errors="replace")
    if draw(st.integers(0, 7)) == 5:  # not a bound, which Hypothesis favours
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 3))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            data = data[: draw(st.integers(1, len(data)))]
        data = bytes(data)
    return data
