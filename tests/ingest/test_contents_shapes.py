"""A table of contents as PDFs set it: dot leaders and page numbers, the preface's page
in Roman figures, an entry too long for its line wrapped onto the next, a page's
footer (— II —) and the next page's running header inside it. It goes whole, and the
plan reads as it does with its plain contents: no chapter listed twice, no leaders in
a title, no contents line left as a paragraph.

The contents is 徐州鼓楼's own (its entries as the source lists them), re-set here;
the expectation is the plan parsed with its contents as published (a metamorphic
check: the same document, laid out another way), and that every removed line is one
this file typed into the contents.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from fyp_tui.ingest import account, parse_bytes

ROMAN = ["I", "II", "III", "IV", "V", "VI"]
TITLE = "鼓楼区国民经济和社会发展第十四个五年规划和2035年远景目标纲要"


def _contents_and_body() -> tuple[list[str], list[str], list[str]]:
    lines = (REPO / "corpus" / "raw" / "xuzhou-gulou.txt").read_text(encoding="utf-8").splitlines()
    start = next(k for k, ln in enumerate(lines) if re.fullmatch(r"\s*目\s*录\s*", ln))
    body = [k for k in range(start, len(lines)) if lines[k].strip() == "序 言"][1]  # the first is the contents' entry
    entries = [ln.strip() for ln in lines[start + 1 : body] if ln.strip()]
    return lines[:start], entries, lines[body:]


def _reset(entries: list[str], wrap: bool, footers: bool, headers: bool | str, roman: bool) -> list[str]:
    """``entries`` set with leaders and page numbers; ``headers``: the running header at
    the top of each page after the first, or "once" (the second page only: too few to
    be cut as a running header)."""
    out, page, per_page = ["目　　录"], 1, 14
    for k, e in enumerate(entries):
        if k and k % per_page == 0:
            if footers:
                out.append(f"— {ROMAN[k // per_page - 1]} —")
            if headers and (headers != "once" or k == per_page):
                out.append(TITLE)
        number = ("I" if roman else "1") if k == 0 else str(page)
        page += 2
        indent = "" if e.startswith("第") and e[2:4].strip() and "章" in e[:5] else "　"
        if wrap and len(e) > 24:
            out += [indent + e[:20], "　　　　" + e[20:] + "……" + number]
        else:
            out.append(indent + e + "…………" + number)
    return out


def _tree(plan) -> list[tuple[str, str, str]]:
    return [(s.id, s.label, "".join(s.title.split())) for s in plan.walk()]


@pytest.mark.parametrize("wrap,footers,headers,roman", [
    (False, False, False, False), (True, False, False, False), (False, True, False, False),
    (False, False, True, False), (False, False, "once", False), (False, False, False, True),
    (True, True, True, True)])
def test_a_contents_as_pdfs_set_it_goes_whole(wrap, footers, headers, roman):
    before, entries, body = _contents_and_body()
    assert len(entries) > 40
    plain = parse_bytes("\n".join(before + ["目　　录", *entries, *body]).encode("utf-8"), "t")
    contents = _reset(entries, wrap, footers, headers, roman)
    text = "\n".join(before + contents + body)
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert _tree(plan) == _tree(plain)
    assert not any("……" in s.title for s in plan.walk())
    typed = {"".join(ln.split()) for ln in contents}
    cut = [r for r in plan.removed if r.reason in ("table of contents", "page number", "running header")]
    assert {"".join(r.text.split()) for r in cut} >= typed - {""}
    assert account(plan, text) == ({}, {})


def test_a_title_and_a_preface_the_contents_does_not_list_open_the_body():
    """A contents whose entries carry page numbers, then the plan's title again and a 前言
    it does not list: both were cut as contents (a short line followed by an entry), the
    preface lost into the cover."""
    text = ("鼓楼区国民经济和社会发展第十四个五年规划纲要\n目  录\n第一章  发展基础 ……………………………… 1\n"
            "第二章  总体要求 ……………………………… 5\n第三章  产业发展 ……………………………… 9\n"
            "鼓楼区国民经济和社会发展第十四个五年规划纲要\n前  言\n"
            "“十四五”时期是我区开启全面建设社会主义现代化新征程的第一个五年。\n"
            "第一章  发展基础\n五年来，全区经济实力显著增强。\n第二章  总体要求\n坚持稳中求进。\n"
            "第三章  产业发展\n加快现代服务业发展。\n")
    plan = parse_bytes(text.encode("utf-8"), "t")
    assert [(s.level, s.title) for s in plan.sections if s.level != "封面"] == [
        ("序言", "前言"), ("章", "发展基础"), ("章", "总体要求"), ("章", "产业发展")]
    assert account(plan, text) == ({}, {})
