"""Chinese line breaking (行首行尾禁则) for text measured in terminal cells.

Rules, as in print:
- no line starts with closing punctuation (，。、；：？！）】》」』… and the like);
- no line ends with opening punctuation (（【《「『“ …);
- a number never splits from its digits, decimal point, percent sign, unit or the
  brackets around it (``500亿元``, ``【300】``, ``6.5%``, ``2025年``, ``净增50家``), in
  Chinese numerals too (``二〇二〇年``, ``第十二届``, ``十四五``);
- Latin words (``PM2.5``, ``5G``, ``CBD``) stay whole;
- CJK is two cells wide: widths come from ``rich.cells.cell_len``, never ``len``.

``break_points(text, width)`` gives the offsets where lines start; joining the
lines gives back the text exactly (a newline ends its line and stays on it). A
group of characters that may not be split and is wider than ``width`` gets a line
of its own (the presentation side folds it). Pure Python, no output: the CLI's
and the app's renderables (``fyp_tui.wrapped``) call it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import cell_len

from .numerals import HAN_NUMERALS

# 行首禁则: may not open a line.
CLOSING = set("，。、；：？！）】》」』〕〉〗〙〛｝］｠｣”’…‥·・．,.;:?!)]}%‰℃々〻～")
# 行尾禁则: may not close a line.
OPENING = set("（【《「『“‘〔〈〖〘〚｛［｟｢([{")

# Units that follow a number (longest first when matched). Heuristic but plan-shaped:
# money, people, area, energy, counts, time and the measure words plans use.
UNITS = sorted({
    "万亿元", "亿元", "万元", "千元", "元", "亿美元", "万美元", "美元", "万亿", "亿", "万", "千", "百",
    "个百分点", "百分点", "倍", "成",
    "万人次", "人次", "万人", "人", "户", "万户", "名", "位", "岁",
    "平方公里", "万平方米", "平方米", "立方米", "万立方米", "公顷", "万亩", "亩", "公里", "千米", "米", "厘米",
    "万吨", "吨", "千克", "公斤", "克", "毫克", "升",
    "万千瓦", "千瓦时", "千瓦", "兆瓦", "吉瓦", "度", "标准箱", "万标箱",
    "年", "个月", "月", "日", "天", "小时", "分钟", "秒", "周",
    "家", "个", "项", "座", "所", "条", "台", "辆", "次", "届", "张", "床", "套", "件", "部", "级", "层", "栋",
    "处", "片", "批", "种", "类", "期", "号", "代", "只", "头", "株", "棵", "艘", "架", "列", "对", "支",
    "微克", "毫米", "兆", "GB", "MW", "km", "kW", "kWh",
}, key=len, reverse=True)

# One atom: a newline; a run of white space; a number or Latin word with what
# follows it (decimal point, %, unit); a doubled dash or ellipsis; one character.
_NUMBER = r"[0-9０-９]+(?:[.,:：/．][0-9０-９]+)*(?: ?[%％‰℃])?"  # "100 %" as printed
_WORD = r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]+(?:[.\-_/+&':?=#~]+[A-Za-z0-9]+)*(?:[%‰])?"
# A number in Chinese numerals (二〇二〇年, 第十二届, 十四五, 三千五百万元): two or more.
_CN_NUMBER = rf"[{HAN_NUMERALS}]{{2,}}"
_ATOM = re.compile(
    r"\n"
    r"|[ \t\u3000]+"
    rf"|{_NUMBER}(?:{'|'.join(map(re.escape, UNITS))})?(?![A-Za-z])"
    rf"|{_CN_NUMBER}(?:{'|'.join(map(re.escape, UNITS))})?"
    rf"|{_WORD}"
    r"|——+|…+|\.{2,}|·{2,}"
    r"|.",
    re.DOTALL,
)


def _atoms(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ATOM.finditer(text)]


def groups(text: str) -> list[tuple[int, int]]:
    """Spans that may not be split: atoms with their closing marks pulled back and
    their opening marks pushed forward. A newline is a group of its own."""
    out: list[list[int]] = []
    pending: int | None = None  # start of opening marks waiting for what they open
    straight = 0  # ASCII double quotes met in this line: odd ones open, even ones close
    for a, b in _atoms(text):
        ch = text[a]
        if ch == "\n":
            if pending is not None:
                out.append([pending, a])
                pending = None
            out.append([a, b])
            straight = 0
            continue
        if ch == '"':  # a plan that prints ASCII quotes (建立"便民服务中心"。): which one is it?
            straight += 1
        opening = ch in OPENING or (ch == '"' and straight % 2 == 1)
        closing = ch in CLOSING or (ch == '"' and straight % 2 == 0)
        if pending is not None:
            if opening:
                continue  # another opening mark: still waiting
            out.append([pending, b])
            pending = None
            continue
        if closing and out and text[out[-1][0]] != "\n" and out[-1][1] == a:
            out[-1][1] = b
            continue
        if opening:
            pending = a
            continue
        out.append([a, b])
    if pending is not None:
        out.append([pending, len(text)])
    return [(a, b) for a, b in out]


def break_points(text: str, width: int) -> list[int]:
    """Offsets where lines start (the first is 0) when ``text`` is set in ``width`` cells."""
    return list(_break_points(text, max(1, width)))


@lru_cache(maxsize=4096)
def _break_points(text: str, width: int) -> tuple[int, ...]:
    points = [0]
    used = 0
    for a, b in groups(text):
        if text[a] == "\n":
            points.append(b)
            used = 0
            continue
        w = cell_len(text[a:b])
        if used and used + w > width:
            # White space at the end of a line may hang past the edge, as in print.
            if text[a:b].isspace():
                used += w
                continue
            points.append(a)
            used = 0
        used += w
    if points[-1] == len(text) and len(points) > 1 and text.endswith("\n"):
        points.pop()  # a final newline ends the last line; it does not open a new one
    return tuple(points)


def lines(text: str, width: int) -> list[str]:
    """The lines of ``text`` at ``width`` (each keeps its newline)."""
    pts = break_points(text, width)
    return [text[a:b] for a, b in zip(pts, pts[1:] + [len(text)])]


def min_width(text: str) -> int:
    """The widest group that may not be split (a table column needs at least this)."""
    return max((cell_len(text[a:b]) for a, b in groups(text) if text[a] != "\n"), default=0)
