"""The part a unit plays in its plan, read off its title (else the titles above it).

Every 纲要 and 建议 opens with the same framework before its topics: a review of the
last five years (发展成就 / 发展基础 / 过去五年…), the situation (形势, 机遇挑战,
阶段特征), the guidance (指导思想, 基本原则, 发展定位, 导向) and the targets
(远景目标, 主要目标), and it closes on how the plan is carried out (规划实施保障).
These sections share a plan's general vocabulary with each other and with everything,
so their scores alone do not tell a review from a targets section; their role does.
A unit of one framework role is never the counterpart of a unit of another role, nor
of a topic section (guidance and targets count as one: plans write them under one
总体要求 and divide them differently). A 序言/前言 pairs only with a preface, a 结语
only with a closing.
"""

from __future__ import annotations

import re

from ..model import CLOSING, PREFACE
from .units import Unit

FRONT_ROLE, END_ROLE, BODY_ROLE = "front", "end", "body"

# Checked in this order on the unit's title, then on each title above it, nearest first.
_FRAMEWORK = (
    ("review", re.compile("成就|发展基础|回顾|过去五年")),
    ("situation", re.compile("形势|^(宏观|外部|国内外)?发展环境$|机遇|挑战|阶段特征")),
    ("direction", re.compile("指导思想|指导方针|基本原则|导向|发展定位|战略定位|基本要求|总体要求|"
                             "(远景|发展|主要|奋斗|总体)目标")),
    # … and the plan carried out as a closing part says it: 强化实施 (the 十二五's last 篇; not
    # 强化实施X战略/工程, a topic), 保障规划/计划 (顺利实施, 全面落实)
    ("implementation", re.compile("规划实施|实施保障|规划执行|规划推进|组织实施|保障措施|"
                                  "强化实施(?!.{0,8}(战略|工程|行动|制度|计划))|保障(规划|计划)")),
)


def role(unit: Unit) -> str:
    """"front" (序言/前言), "end" (结语), a framework role ("review", "situation",
    "direction", "implementation") or "body" (a topic section)."""
    if unit.level == PREFACE:
        return FRONT_ROLE
    if unit.level == CLOSING:
        return END_ROLE
    for text in (unit.title, *reversed(unit.context)):
        for name, pattern in _FRAMEWORK:
            if pattern.search(text):
                return name
    return BODY_ROLE
