"""Hostile inputs shared by the hardening tests: escapes a terminal acts on, markup,
bidi controls, and a small plan-shaped text that carries them."""

from __future__ import annotations

import re

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # set the clipboard to "echo pwned"
TITLE = "\x1b]0;pwned\x07"  # change the window title
ALT_SCREEN = "\x1b[?1049h"  # switch to the alternate screen (blanks the view)
C1_CSI = "\x9b2J"  # 8-bit CSI: clear the screen
ALM = "\u061c"  # Arabic letter mark (bidi)
RLO = "\u202e"  # right-to-left override
MARKUP = "[bold red]"
ESCAPES = [OSC52, TITLE, ALT_SCREEN, C1_CSI, ALM, RLO]

# What must never reach a terminal: ESC, BEL, C1 controls, bidi controls.
UNSAFE_RE = re.compile("[\x07\x1b\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def assert_terminal_safe(*outputs: str) -> None:
    for out in outputs:
        bad = UNSAFE_RE.search(out)
        assert bad is None, f"{bad.group()!r} reached the terminal: …{out[max(0, bad.start() - 40):bad.end() + 40]!r}…"


def hostile_plan() -> str:
    """A small 纲要 with an escape or a markup tag on every kind of line."""
    return "\n".join([
        f"江苏省徐州市鼓楼区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要{TITLE}",
        "",
        f"第一章 发展基础{OSC52}",
        f"第一节 发展成就{ALT_SCREEN}",
        f"一、[red]楼宇经济{C1_CSI}持续壮大",
        f"加快发展楼宇经济，推进{MARKUP}高质量发展[/]{ALM}。到2025年，全区高新技术{ALM}企业总量突破1000家。",
        f"第二章 发展{ALM}目标",
        f"坚持稳中求进{RLO}工作总基调，建设现代化强区。",
        "",
    ])


def toml_escaped(s: str) -> str:
    """``s`` as a TOML basic string, its control characters as \\u escapes."""
    out = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or c in '"\\' else c for c in s)
    return f'"{out}"'
