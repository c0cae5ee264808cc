"""A separate simple reader: propose a plan's headings from its raw text, then apply
the corrections a person made by reading the document.

This script does not import fyp_tui (nor anything else from the project). It is a
handful of plain regexes over the raw lines, so the expected outlines in
tests/expected/ do not come from the parser they test. What it proposes is then
checked by hand against the raw lines around each heading; where the reading
differed, the correction is written below in CORRECTIONS with its reason, and the
reason is kept in the output's `note` field.

    python tests/expected/read_outline.py              # rewrite every tests/expected/<id>.json
    python tests/expected/read_outline.py --show ID    # print one plan's proposals (no corrections)

Titles are kept exactly as written in the raw text: nothing is normalised except
that the text is cut at the title's end (see `TITLE_END`). Only whitespace is
trimmed at the ends.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
# The real-world samples live in ../shared/realworld beside the clone (as in CI);
# FYP_SHARED_DIR points elsewhere (e.g. from a git worktree).
SHARED = Path(os.environ.get("FYP_SHARED_DIR") or REPO.parent / "shared") / "realworld"

# plan id -> (raw file, how that file's documents are described in tests/expected/README.md)
DOCS = {
    "xuzhou-gulou": REPO / "corpus" / "raw" / "xuzhou-gulou.txt",
    "lianyungang-haizhou": REPO / "corpus" / "raw" / "lianyungang-haizhou.txt",
    "xuzhou": REPO / "corpus" / "raw" / "xuzhou.txt",
    "zhenjiang-jingkou": REPO / "corpus" / "raw" / "zhenjiang-jingkou.txt",
    "fuzhou-gulou": REPO / "corpus" / "raw" / "fuzhou-gulou.txt",
    "realworld-cn12": SHARED / "cn12-pdftext.txt",
    "realworld-yunnan10": SHARED / "yunnan10-newspaper.txt",
}

NUM = "一二三四五六七八九十百零〇○两"
# 第X篇 / 编 / 章 / 节 / 部分: accepted at the start of a line, after a sentence end,
# or right after another such heading on the same line (TOC runs, `第三篇…第十三章…`).
DI = re.compile(rf"第[{NUM}]+(篇|编|章|节|部分)")
# 一、 and （一）/(一) and, for plans that use them as headings, 1、
PART = re.compile(rf"[{NUM}]+、")
SUB = re.compile(rf"[（(][{NUM}]+[）)]")
ITEM = re.compile(r"\d{1,2}、")
PREFACE = re.compile(r"(序|前)\s*言")
BOX = re.compile(r"专栏\s*\d*\s*[:：]")
TABLE_LABEL = re.compile(r"表\s*\d+\s*[:：]")
# A table caption without a 表 label: a short line naming an indicator table.
TABLE_CAPTION = re.compile(r"^.{0,30}(指标体系|主要指标|主要目标|完成情况表)$")
SENTENCE_END = re.compile(r"[。;；]\s*$")
# Where a title ends: two or more white-space characters (the gap before the body in
# cn12, `第一章　发展环境　　“十一五”…`), a form feed, or the end of the line.
TITLE_END = re.compile(r"\s{2,}|\f")

# Per-document reading profile (what the document uses as headings).
PROFILE = {
    # one line of text: headings run inline after `。 `; a title ends at the first space;
    # `1、` items are the third level, titled by their first sentence.
    "xuzhou": {"inline": True, "title_end": re.compile(r"\s"), "items": True},
}


def raw_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return [ln.rstrip("\r") for ln in text.split("\n")]


def _title(rest: str, end: re.Pattern) -> str:
    rest = rest.lstrip()  # the gap after the label (`第一章   全面把握…`)
    m = end.search(rest)
    return (rest[: m.start()] if m else rest).strip()


def propose(pid: str) -> dict:
    """Every heading-like thing in the raw text, with its raw line number."""
    prof = PROFILE.get(pid, {})
    end = prof.get("title_end", TITLE_END)
    lines = raw_lines(DOCS[pid])
    heads: list[dict] = []
    boxes: list[dict] = []
    tables: list[dict] = []
    for n, line in enumerate(lines, 1):
        body = line.strip().lstrip("\ufeff\f").strip()
        if not body:
            continue
        if prof.get("inline"):
            _inline(body, n, heads, prof, end)
            continue
        # 第X篇/章/节 runs
        pos = 0
        matches = [m for m in DI.finditer(body)]
        starts = []
        for m in matches:
            before = body[pos:m.start()]
            if m.start() == 0 or SENTENCE_END.search(body[: m.start()]) or (starts and not re.search(r"[。;；]", before)):
                starts.append(m)
                pos = m.end()
        for i, m in enumerate(starts):
            stop = starts[i + 1].start() if i + 1 < len(starts) else len(body)
            heads.append({"line": n, "level": m.group(1), "label": m.group(0), "title": _title(body[m.end():stop], end)})
        if starts:
            continue
        if m := PART.match(body):
            heads.append({"line": n, "level": "一", "label": m.group(0), "title": _title(body[m.end():], end)})
        elif m := SUB.match(body):
            heads.append({"line": n, "level": "（一）", "label": m.group(0), "title": _title(body[m.end():], end)})
        elif PREFACE.fullmatch(body):
            heads.append({"line": n, "level": "序言", "label": "", "title": body})
        elif m := TABLE_LABEL.match(body):
            tables.append({"line": n, "label": re.sub(r"\s|[:：]", "", m.group(0)), "caption": body})
        elif TABLE_CAPTION.match(body):
            tables.append({"line": n, "label": "", "caption": body})
        for m in BOX.finditer(body):
            if m.start() == 0 or SENTENCE_END.search(body[: m.start()]):
                label = re.sub(r"\s|[:：]", "", m.group(0))
                boxes.append({"line": n, "label": label, "title": body[m.end():].strip()})
    _mark_toc(heads)
    return {"heads": heads, "boxes": boxes, "tables": tables}


def _inline(text: str, n: int, heads: list[dict], prof: dict, end: re.Pattern) -> None:
    """Headings inside one long line: each starts the text, follows `。` and a space,
    or follows another heading's title and a space (`(二)深入… 1、指导思想 高举…`)."""
    families = (("一", PART), ("（一）", SUB)) + ((("1", ITEM),) if prof.get("items") else ())
    todo = [m.end() for m in re.finditer(r"(?:^|(?<=。))\s*(?=\S)", text)]
    done: set[int] = set()
    while todo:
        s = todo.pop(0)
        if s in done:
            continue
        done.add(s)
        rest = text[s:]
        for level, pat in families:
            h = pat.match(rest)
            if not h:
                continue
            after = rest[h.end():]
            if level == "1":  # titled by its first sentence (or the words before a space)
                title = re.split(r"[。\s]", after, maxsplit=1)[0]
            else:
                title = _title(after, end)
            heads.append({"line": n, "offset": s, "level": level, "label": h.group(0), "title": title})
            nxt = s + h.end() + len(after) - len(after.lstrip()) + len(title)
            if nxt < len(text) and text[nxt].isspace():
                todo.append(nxt + len(text[nxt:]) - len(text[nxt:].lstrip()))
            break
    heads.sort(key=lambda h: (h["line"], h.get("offset", 0)))


def fold(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _mark_toc(heads: list[dict]) -> None:
    """A heading that appears again later (same level, label, title) is a TOC entry."""
    seen_later: set[tuple] = set()
    for h in reversed(heads):
        key = (h["level"], h["label"], fold(h["title"]))
        if key in seen_later:
            h["toc"] = True
        seen_later.add(key)


# ---------------------------------------------------------------------------
# Corrections made by reading the documents. Keyed by raw line number (and label
# where a line holds several headings). Actions:
#   drop     the proposal is not a heading of the plan (reason says why)
#   keep     a proposal flagged as TOC is really the heading
#   title    the title as written is this (the reader cut it wrongly)
#   add      a heading the reader missed (full entry)
# ---------------------------------------------------------------------------
CORRECTIONS: dict[str, list[dict]] = {
    "xuzhou-gulou": [
        {"do": "note", "line": 823, "note": "wide gap after the label (`第三节     推动…`), whitespace only"},
    ],
    "fuzhou-gulou": [
        {"do": "title", "line": 87, "level": "章", "title": "开启率先全面建设社会主义现代化强区新征程",
         "note": "title continues on the next raw line (89: 社会主义现代化强区新征程)"},
        {"do": "drop", "line": 5, "level": "序言",
         "note": "download-site tab 前言 between 收藏 and 详情 (site chrome), not the plan's heading; the plan's is `前    言` on line 15"},
    ],
    "zhenjiang-jingkou": [
        {"do": "drop", "line": 5, "level": "序言",
         "note": "download-site tab 前言 between 收藏 and 详情 (site chrome); the plan's preface heading is `序 言` on line 13"},
    ],
    "realworld-yunnan10": [
        {"do": "add_not", "line": 5, "label": "", "title": "序言",
         "note": "TOC entry: the TOC starts `目录序言` on line 5"},
        {"do": "title", "line": 17, "level": "章", "title": "保障计划全面落实",
         "note": "TOC entry (the chapter is on line 304); the last TOC line ends `…全面落实序言`, and that 序言 is the preface heading"},
        {"do": "add", "line": 17, "offset": 26, "level": "序言", "label": "", "title": "序言",
         "note": "the preface heading runs on at the end of the last TOC line; its text starts on line 18"},
        {"do": "title", "line": 114, "level": "节", "title": "改造提升传统服务业",
         "note": "title runs into its body with no gap (`第一节改造提升传统服务业运用现代营销方式…`); cut where the body's "
                 "first sentence starts, by reading (cf. 第二节积极发展现代服务业 on its own line)"},
        {"do": "note", "line": 163, "level": "节",
         "note": "heading at the end of a body line, after `。`; its text starts on line 164"},
        {"do": "note", "line": 179, "note": "篇 and its first 章 on one line"},
        {"do": "note", "line": 229, "note": "篇 and its first 章 on one line"},
        {"do": "note", "line": 297, "level": "篇", "note": "ASCII quotes with spaces as written: `\" 十五 \" 计划实施`"},
    ],
}


def corrected(pid: str) -> dict:
    p = propose(pid)
    heads = p["heads"]
    for c in CORRECTIONS.get(pid, []):
        act = c["do"]
        if act == "add_not":
            p.setdefault("extra_not", []).append({k: v for k, v in c.items() if k != "do"})
            continue
        if act == "add":
            entry = {k: v for k, v in c.items() if k not in ("do",)}
            heads.append(entry)
            continue
        hit = [h for h in heads if h["line"] == c["line"] and ("label" not in c or h["label"] == c["label"])
               and ("level" not in c or h["level"] == c["level"])]
        if not hit:
            raise SystemExit(f"{pid}: correction {c} matches nothing")
        for h in hit:
            if act == "drop":
                h["drop"] = c["note"]
            elif act == "keep":
                h.pop("toc", None)
                h["note"] = c["note"]
            elif act == "title":
                h["title"] = c["title"]
                h["note"] = c["note"]
                if "TOC" in c["note"]:
                    h["toc"] = True
            elif act == "note":
                h["note"] = c["note"]
    heads.sort(key=lambda h: (h["line"], h.get("offset", 0)))
    return p


def build(pid: str) -> dict:
    p = corrected(pid)
    path = DOCS[pid]
    outline, dropped = [], []
    for h in p["heads"]:
        if h.get("toc"):
            dropped.append({"line": h["line"], "label": h["label"], "title": h["title"],
                            "note": h.get("note") or h.get("drop") or "TOC entry, not a heading (the heading appears again later)"})
            continue
        if "drop" in h:
            dropped.append({"line": h["line"], "label": h["label"], "title": h["title"], "note": h["drop"]})
            continue
        e = {"line": h["line"], "level": h["level"], "label": h["label"], "title": h["title"]}
        if "note" in h:
            e["note"] = h["note"]
        outline.append(e)
    dropped += p.get("extra_not", [])
    dropped.sort(key=lambda d: d["line"])
    counts: dict[str, int] = {}
    for e in outline:
        counts[e["level"]] = counts.get(e["level"], 0) + 1
    counts["专栏"] = len(p["boxes"])
    counts["表"] = len(p["tables"])
    data = {
        "id": pid,
        "source": ("../shared/realworld/" + path.name) if pid.startswith("realworld") else str(path.relative_to(REPO)),
        "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "made_by": "tests/expected/read_outline.py proposals, checked and corrected by reading the raw text",
        "counts": counts,
        "outline": outline,
        "boxes": p["boxes"],
        "tables": p["tables"],
        "not_headings": dropped,
    }
    data.update(EXTRA.get(pid, {}))
    lines = raw_lines(path)
    if pid in CHROME:
        data["chrome"] = {"note": CHROME_NOTE[pid], "lines": [{"line": n, "text": lines[n - 1].strip()} for n in CHROME[pid]]}
    data["meta"] = META[pid]
    rows = {}
    if pid == "xuzhou-gulou":
        t = read_xuzhou_gulou_tables()
        rows = {t[k]["line"]: len(t[k]["rows"]) for k in ("十三五", "十四五")}
    for t in data["tables"]:
        t["rows"] = rows.get(t["line"], 0)
        if not t["rows"]:
            t["note"] = "the table's rows were lost in this text: only the caption remains"
    # each box under the last 章 / 节 heading before it
    for b in data["boxes"]:
        path_ = {}
        for e in outline:
            if e["line"] > b["line"]:
                break
            if e["level"] in ("篇", "章", "节"):
                path_[e["level"]] = e["label"]
                if e["level"] == "章":
                    path_.pop("节", None)
        b["section"] = "/".join(path_[k] for k in ("章", "节") if k in path_)
    return data


EXTRA: dict[str, dict] = {
    "xuzhou-gulou": {"notes": [
        "序 言 and every 章/节 appear twice: first in the 目 录 (lines 26-134, dropped), then as headings.",
        "Two indicator tables flattened to one cell per line; their cells are in xuzhou-gulou-tables.json.",
    ]},
    "lianyungang-haizhou": {"notes": [
        "Labels glued to their titles (`第一节发展基础`); three 专栏 run on at the end of a paragraph (lines 51, 90, 224).",
        "The indicator table was lost: only its caption (line 39) remains, followed by 第三章.",
    ]},
    "xuzhou": {"notes": [
        "One line of text; headings run inline after `。 `. `一、` and `(一)` titles end at the first space.",
        ("`1、` items have no title of their own: the title recorded is their first sentence (up to `。`, or to the "
        "space in `1、指导思想 高举…`). This is a reading, not something the document marks."),
        "`(一)`-level sub-parts only under 二、.",
    ]},
    "zhenjiang-jingkou": {"notes": [
        "Spaces inserted between characters by PDF extraction are kept in the titles as written (`提 高开放水平`).",
        "The indicator table was lost: only its caption (line 103) remains.",
    ]},
    "fuzhou-gulou": {"notes": [
        "Wide gaps after the labels (`第一章   全面把握…`) are whitespace only.",
        "Both indicator tables were lost: only their captions (表 1, 表 2) remain.",
    ]},
    "realworld-cn12": {"notes": [
        ("Every heading runs into its first sentence on the same line; the title ends at the double ideographic "
        "space (or a form feed) before the body: `第一章　发展环境　　“十一五”时期…`."),
        "No 序言/前言 heading: line 1 is the unheaded preamble paragraph. No 专栏 or tables survive in this text.",
        "章 are numbered through the whole plan (第一章…第六十二章), not per 篇; several 章 have no 节.",
    ]},
    "realworld-yunnan10": {"notes": [
        "Lines 1-4 are the newspaper-database header and the title block; lines 5-17 the TOC (篇 and 章 run together).",
        "The TOC lists 篇 and 章 only; 节 appear only in the body.",
    ]},
}


# Raw lines that are not the plan (web-page and download-site chrome), by line number.
CHROME = {
    "xuzhou-gulou": [1, 2, 3, 4, 5, 19, 1280, 1281, 1282, 1283, 1284],
    "lianyungang-haizhou": [1],
    "zhenjiang-jingkou": [1, 3, 4, 5, 6, 7, 451, 452, 453, 454, 455, 456, 457, 458],
    "fuzhou-gulou": [1, 3, 4, 5, 6, 7, 639, 640, 641, 642, 643, 644, 645, 646],
}
CHROME_NOTE = {
    "xuzhou-gulou": "government web page: breadcrumb (with an injected spam phrase), the notice's index fields, "
                    "the spam line 19 that replaced the issuer, and the attachment/related-links tabs at the end",
    "lianyungang-haizhou": "download site's page title",
    "zhenjiang-jingkou": "download site: page title, post date, tabs (收藏/前言/详情), attachment name and disclaimer",
    "fuzhou-gulou": "download site: page title, post date, tabs (收藏/前言/详情), attachment name and disclaimer",
}

# Metadata as the document states it (title block, issuer and date lines), as written.
META = {
    "xuzhou-gulou": {
        "title": "鼓楼区国民经济和社会发展第十四个五年规划和2035年远景目标纲要", "province": "江苏省", "city": "徐州市",
        "district": "鼓楼区", "level": "district", "kind": "outline", "issued": "2021-05-12",
        "note": "title: line 11; 徐州 from the notice's 文号 徐鼓政 (line 5) and the 淮海 context; issued: 发布日期 on line 5. "
                "The issuer line was replaced by spam (line 19), so the issuer is not stated.",
    },
    "lianyungang-haizhou": {
        "title": "连云港市海州区国民经济和社会发展第十四个五年规划和二 〇 三五年远景目标纲要", "province": "江苏省",
        "city": "连云港市", "district": "海州区", "level": "district", "kind": "outline", "issuer": "海州区人民政府",
        "note": "title: line 2; issuer: line 3; 江苏省 from the site title on line 1 (chrome)",
    },
    "xuzhou": {
        "city": "徐州市", "level": "city", "kind": "proposal", "adopted": "2020-12-28",
        "note": "the text has no title; line 1 is the adoption line (二〇二〇年十二月二十八日中国共产党徐州市第十二届委员会"
                "第十一次全体会议通过), and the body says 就制定“十四五”规划和二〇三五年远景目标提出如下建议",
    },
    "zhenjiang-jingkou": {
        "title": "镇江市京口区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", "province": "江苏省",
        "city": "镇江市", "district": "京口区", "level": "district", "kind": "outline",
        "note": "title: lines 9 and 11; 江苏省 from the site title on line 1 (chrome)",
    },
    "fuzhou-gulou": {
        "title": "福州市鼓楼区国民经济和社会发展第十四个五年规划和二 ○ 三五年远景目标纲要", "province": "福建省",
        "city": "福州市", "district": "鼓楼区", "level": "district", "kind": "outline", "adopted": "2021-01-14",
        "note": "title: lines 9 and 11, written with ○ (U+25CB) in 二 ○ 三五; adopted: line 13 "
                "( 2021 年 1 月 14 日区十七届人大五次会议批准 )",
    },
    "realworld-cn12": {
        "title": "中华人民共和国国民经济和社会发展第十二个五年规划纲要", "level": "national", "kind": "outline",
        "period": "十二五",
        "note": "line 1 names the plan inside its preamble sentence: 中华人民共和国国民经济和社会发展第十二个五年"
                "（２０１１—２０１５年）规划纲要，根据…编制; the title here drops the bracketed years",
    },
    "realworld-yunnan10": {
        "title": "云南省国民经济和社会发展第十个五年计划纲要", "province": "云南省", "level": "province",
        "kind": "outline", "period": "十五", "adopted": "2001-02-16",
        "note": "title: line 3; adopted: line 4 (2 0 0 1年2月1 6日云南省第九届人民代表大会第四次会议通过)",
    },
}


def read_xuzhou_gulou_tables() -> dict:
    """xuzhou-gulou's two indicator tables, one cell per raw line, grouped into rows."""
    lines = raw_lines(DOCS["xuzhou-gulou"])
    cells = [(n, ln.strip()) for n, ln in enumerate(lines, 1) if ln.strip()]
    attr = ("预期性", "约束性")

    def block(caption_line: int, stop: str) -> tuple[str, list[tuple[int, str]]]:
        i = next(k for k, (n, _) in enumerate(cells) if n == caption_line)
        out = []
        for n, c in cells[i + 1:]:
            if c.startswith(stop):
                break
            out.append((n, c))
        return cells[i][1], out

    def value(c: str) -> bool:
        return bool(re.match(r"^[【≥≤<>]?\d|^(市定任务|完成)", c))

    # 十三五: 类别 指标 单位 “十三五”目标 2020年 属性; rows end with 预期性/约束性.
    cap13, body = block(164, "第二节")
    header13, body = [c for _, c in body[:6]], body[6:]
    rows13, row = [], []
    for n, c in body:
        row.append((n, c))
        if c in attr:
            rows13.append(row)
            row = []
    out13 = []
    category = ""
    for row in rows13:
        cs = [c for _, c in row]
        r = {"line": row[0][0], "cells": cs}
        if len(cs) == 6:  # a 类别 cell leads the row
            category = cs[0]
            cs = cs[1:]
        r["category"] = category
        name, *vals, attribute = cs
        unit = vals.pop(0) if vals and not value(vals[0]) else ""
        r.update(indicator=name, unit=unit, goal=vals[0] if vals else "", actual=vals[1] if len(vals) > 1 else "",
                 attribute=attribute)
        if not unit:
            r["note"] = "no 单位 cell in the document for this row"
        if len(vals) == 1:
            r["note"] = ("one value cell between the unit and the attribute; read as the “十三五”目标 (goal), the 2020 "
                         "actual missing: the text gives no 2020 figure for it")
        out13.append(r)
    for r in out13:
        if r["category"]:
            r["note"] = ("the cell 空气质量 appears once (line 324), before 空气质量优良天数比率: read as a merged 类别 "
                         "cell over this row and the PM2.5 row")
    # the merged 类别 cell covers the two air-quality rows only
    for r in out13:
        if r["category"] and "空气" not in r["indicator"] and "PM2.5" not in r["indicator"]:
            r["category"] = ""
            r.pop("note", None)

    # 十四五: 分类 序号 指标 2020年 2025年 目标 属性 (2025年目标 is one column written on two lines).
    cap14, body = block(448, "第二章")
    header14, body = [c for _, c in body[:7]], body[7:]
    foot = [c for _, c in body if c.startswith("备注")]
    body = [(n, c) for n, c in body if not c.startswith("备注")]
    out14, category, expect = [], "", 1
    k = 0
    while k < len(body):
        n, c = body[k]
        if c == str(expect):
            row = [(n, c)]
            k += 1
            while body[k][1] not in attr:
                row.append(body[k])
                k += 1
            row.append(body[k])
            cs = [x for _, x in row]
            number, name, *vals, attribute = cs
            r = {"line": n, "cells": cs, "number": number, "category": category, "indicator": name,
                 "baseline": vals[0] if len(vals) == 2 else "", "target": vals[-1] if vals else "",
                 "attribute": attribute}
            if len(vals) == 1:
                r["note"] = "one value cell; read as the 2025 target (`>10` is a goal), the 2020 value missing"
            out14.append(r)
            expect += 1
        else:
            category = c  # a 分类 cell (merged over the rows that follow)
        k += 1
    return {
        "source": "corpus/raw/xuzhou-gulou.txt",
        "made_by": "tests/expected/read_outline.py (read_xuzhou_gulou_tables), checked against the raw lines",
        "十三五": {"line": 164, "caption": cap13, "header": header13, "rows": out13},
        "十四五": {"line": 448, "caption": cap14, "header": header14, "rows": out14, "footnote": foot[0] if foot else "",
                 "note": "2025年 and 目标 are one column header written on two lines"},
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--show"]:
        p = propose(argv[1])
        for h in p["heads"]:
            print(h["line"], "TOC" if h.get("toc") else "   ", h["level"], h["label"], h["title"])
        for b in p["boxes"]:
            print(b["line"], "BOX", b["label"], b["title"])
        for t in p["tables"]:
            print(t["line"], "TABLE", t["label"], t["caption"])
        return 0
    for pid, path in DOCS.items():
        if not path.exists():
            print(f"skip {pid}: {path} not found", file=sys.stderr)
            continue
        out = HERE / f"{pid}.json"
        out.write_text(json.dumps(build(pid), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", out.relative_to(REPO))
    out = HERE / "xuzhou-gulou-tables.json"
    out.write_text(json.dumps(read_xuzhou_gulou_tables(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", out.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
