"""A heading's label alone on its line, its title on the next (PDFs centre `第二章` above
`推动产业结构优化升级`; OCR and pdftotext keep the two lines): one heading, not two
paragraphs of the section before.

Expected headings are read off the source lines by a plain regex here, never from the
parser; the split files are the bundled plans with every heading line cut in two.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from fyp_tui.ingest import account, parse_bytes

HEADING = re.compile(r"^\s*(第[一二三四五六七八九十]{1,3}[篇章节])\s*([^。；，\s][^。；，]{1,38})$")
PLANS = ["fuzhou-gulou", "xuzhou-gulou", "zhenjiang-jingkou", "lianyungang-haizhou"]


def _squeeze(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("centred", [False, True])
@pytest.mark.parametrize("plan", PLANS)
def test_a_label_alone_on_its_line_takes_the_title_below(plan, centred):
    raw = (REPO / "corpus" / "raw" / f"{plan}.txt").read_text(encoding="utf-8")
    lines = raw.splitlines()
    # 徐州鼓楼 lists its headings in a 目录 first (目 录 … up to 序 言 again): not headings
    toc = next((k for k, ln in enumerate(lines) if re.fullmatch(r"\s*目\s*录\s*", ln)), None)
    body = 0 if toc is None else [k for k in range(toc, len(lines)) if lines[k].strip() == "序 言"][1]
    out, want = [], []
    for k, line in enumerate(lines):
        m = HEADING.match(line)
        if m:
            if k >= body:
                want.append((m.group(1), _squeeze(m.group(2))))
            pad = " " * 20 if centred else ""
            out += [pad + m.group(1), pad[:-4] + m.group(2).strip()]  # the title a little wider, as centred
        else:
            out.append(line)
    assert len(want) >= 10
    text = "\n".join(out) + "\n"
    plan_ = parse_bytes(text.encode("utf-8"), "t")
    got = [(s.label, _squeeze(s.title)) for s in plan_.walk() if s.level in ("篇", "章", "节")]
    assert [g[0] for g in got] == [w[0] for w in want]
    # a title the source itself wraps over two lines (福州's 第二章 开启率先全面建设 /
    # 社会主义现代化强区新征程) goes on past the line the regex reads
    assert all(g[1].startswith(w[1]) for g, w in zip(got, want)), [(g, w) for g, w in zip(got, want) if g != w]
    assert account(plan_, text) == ({}, {})


def test_a_county_plan_with_its_numbers_alone_on_their_lines():
    text = ("一、\n发展基础和发展环境\n（一）\n“十三五”时期发展成就\n“十三五”时期，全县经济社会发展取得显著成就。\n"
            "（二）\n面临的形势\n当今世界正经历百年未有之大变局。\n二、\n总体要求\n（一）\n指导思想\n高举中国特色社会主义伟大旗帜。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    got = [(s.label, s.title) for s in plan.walk() if s.title and s.level != "封面"]
    assert got == [("一、", "发展基础和发展环境"), ("（一）", "“十三五”时期发展成就"), ("（二）", "面临的形势"),
                   ("二、", "总体要求"), ("（一）", "指导思想")]


@pytest.mark.parametrize("after", ["　　当今世界正经历百年未有之大变局。",
                                   "当今世界正经历百年未有之大变局，我国发展仍处于",
                                   "第三节 面临形势", "专栏1 重点工程"])
def test_a_label_alone_keeps_what_cannot_be_its_title(after):
    """A sentence, a clause, an indented first line, another heading or a box below the
    label is not its title: none of it becomes a heading's title."""
    text = f"第一章 发展基础\n第一节 发展成就\n“十三五”时期成就显著。\n第二节\n{after}\n其后的文字。\n"
    plan = parse_bytes(text.encode("utf-8"), "t")
    titles = [s.title for s in plan.walk()]
    assert not any(after.strip() in t and len(t) > len("面临形势") for t in titles), titles
    assert account(plan, text) == ({}, {})
