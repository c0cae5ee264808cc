"""A 专栏 box or table after a section's numbered subsections belongs to the section.

Expected places are read off the source file (the lines between a 节 heading and the
next), never from the parser.
"""

from __future__ import annotations

import re

from fyp_tui.ingest import parse_bytes
from tests.conftest import REPO



def test_a_box_after_a_sections_numbered_subsections_is_the_sections():
    """连云港海州's 第二节 提升现代服务业发展水平 runs five lead paragraphs, then its 专栏
    (glued to the fifth's end). Numbered （一）…（五） as a plan may write them, the box
    still sits in the 节 (read off the file: between its heading and the next 节's), not
    in （五）; each （N） is a subsection of the 节."""
    lines = (REPO / "corpus" / "raw" / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    head = next(k for k, ln in enumerate(lines) if ln.startswith("第二节提升现代服务业"))
    box = next(k for k in range(head, len(lines)) if "专栏" in lines[k])
    leads = [k for k in range(head + 2, box + 1) if re.match(r"^\S{4,14} ?。", lines[k])]
    assert len(leads) == 5
    for n, k in enumerate(leads):
        lines[k] = f"（{'一二三四五'[n]}）{lines[k].replace(' 。', '。')}"
    plan = parse_bytes(("\n".join(lines) + "\n").encode("utf-8"), "hz-items")
    sec = next(s for s in plan.walk() if s.title.startswith("提升现代服务业"))
    assert [c.label for c in sec.children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [b.title for b in sec.blocks if type(b).__name__ == "Box"] == ["服务业重点工程、重点项目"]
    assert not any(type(b).__name__ == "Box" for c in sec.children for b in c.blocks)
