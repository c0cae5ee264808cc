"""Hard-wrapped text (a PDF-to-text tool's or an OCR engine's) is read as the same plan.

Such text keeps the page's line breaks: each line of a paragraph runs to the margin,
the paragraph's first line is indented, and a line may begin with whatever the margin
cut (`1.71 倍`, `6.实施…`, `一、处置`). Here the bundled plans' paragraphs are wrapped so
and parsed: the outline, boxes and tables are those of the unwrapped text, and the
paragraphs and box entries hold the same text. A box's entries are also read off the
source file by hand (the lines after its 专栏 line that open with a number).
"""

from __future__ import annotations

import re

import pytest

from fyp_tui.ingest import account, parse_bytes
from fyp_tui.model import Paragraph
from tests.conftest import REPO

RAW = REPO / "corpus" / "raw"
INDENT = "\u3000\u3000"


def wrapped(text: str, width: int) -> str:
    """The body's lines longer than ``width`` cut into lines of at most ``width``
    characters, the first indented, as a page sets them: never inside a Latin word or a
    number. Shorter lines (captions, cells), headings (a 章 title of two phrases is
    wider than 30 characters: a heading set on two lines is another matter) and the
    front matter (a download page's chrome the cleaner knows by its whole lines) as
    they are."""
    out, body = [], False
    for line in text.split("\n"):
        s = line.strip()
        head = bool(re.match(r"第[一二三四五六七八九十]+[章节]|序\s*言|前\s*言", s))
        body = body or head
        if not body or head or len(s) <= width:
            out.append(line)
            continue
        room = width - len(INDENT)
        first = True
        while s:
            cut = room
            while 0 < cut < len(s) and s[cut - 1].isascii() and s[cut - 1].isalnum() and s[cut].isascii() \
                    and s[cut].isalnum():
                cut -= 1  # a word or number moves down whole
            cut = cut or room
            out.append((INDENT if first else "") + s[:cut])
            s, first, room = s[cut:], False, width
    return "\n".join(out)


def parsed(text: str):
    plan = parse_bytes(text.encode("utf-8"), "w")
    missing, extra = account(plan, text)
    assert not missing and not extra
    return plan


def outline_of(plan):
    return [(s.level, s.label, "".join(s.title.split())) for s in plan.walk()]


def paragraphs(plan) -> list[str]:
    return [b.text for s in plan.walk() for b in s.blocks if isinstance(b, Paragraph)]


def paged(text: str, every: int = 40) -> str:
    """``text`` in pages as pdftotext writes them: a page's number after ``every`` lines
    of text, a form feed and the running header, wherever the page breaks (mid-paragraph,
    inside a flattened table)."""
    out, held, page = [], 0, 0
    for line in text.split("\n"):
        out.append(line)
        held += bool(line.strip())
        if held == every:
            held, page = 0, page + 1
            out += ["", str(page), "\x0c国民经济和社会发展第十四个五年规划纲要", ""]
    return "\n".join(out)


@pytest.mark.parametrize("pages", [False, True])
@pytest.mark.parametrize("width", [30, 38, 45])
@pytest.mark.parametrize("pid", ["lianyungang-haizhou", "xuzhou-gulou"])
def test_a_hard_wrapped_plan_reads_as_the_same_plan(pid, width, pages):
    """… also in pages, a paragraph running on across a page break (its number, the
    running header and the blank lines around them cut)."""
    text = (RAW / f"{pid}.txt").read_text(encoding="utf-8")
    base = parsed(text)
    plan = parsed(paged(wrapped(text, width)) if pages else wrapped(text, width))
    assert outline_of(plan) == outline_of(base)
    assert [(b.title, [e.text for e in b.entries]) for b in plan.boxes()] == \
        [(b.title, [e.text for e in b.entries]) for b in base.boxes()]
    rows = [[(r.indicator, r.baseline, r.target, r.attribute) for r in t.rows] for t in plan.tables()]
    assert rows == [[(r.indicator, r.baseline, r.target, r.attribute) for r in t.rows] for t in base.tables()]
    body = set(paragraphs(base))
    off = [p for p in paragraphs(plan) if p not in body]
    assert len(off) <= 2, off  # the cover's title block may run its lines together


def test_a_box_wrapped_keeps_each_entry_whole():
    """连云港海州's 科技创新项目、人才建设工程 box: eleven numbered entries in the source, each
    one entry once wrapped (entries 6 to 11 came out as items titled `6.实施…`)."""
    src = (RAW / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(src) if "专栏" in ln and "科技创新项目、人才建设工程" in ln)
    want = []
    for ln in src[at + 1 :]:
        if not re.match(r"\d{1,2}\.", ln.strip()):
            break
        want.append(re.sub(r"[^\u4e00-\u9fff]", "", ln))
    assert len(want) == 11
    plan = parsed(wrapped("\n".join(src), 30))
    box = next(b for b in plan.boxes() if b.title == "科技创新项目、人才建设工程")
    assert [re.sub(r"[^\u4e00-\u9fff]", "", e.text) for e in box.entries] == want
    assert not any(s.title.startswith(("6.", "7.")) for s in plan.walk())


def test_a_line_the_margin_opens_with_a_number_or_a_label_goes_on():
    """`分别是 2015 年的` / `1.71 倍`: a number at a line's start after a line that reached
    the margin mid-sentence is the sentence's; so is `一、处置` cut from `统一、处置`.
    After a full line that ends its sentence, a numbered line opens an entry."""
    width = 30
    one = ("二〇二〇年地区生产总值和一般公共预算收入分别是二〇一五年1.71倍、1.42倍，"
           "综合实力显著增强；全区加快建立健全统一、处置规范的应急预案体系，应急能力明显增强，安全生产形势平稳。")
    two = ("专项行动扎实推进，重点领域风险得到有效防控，守住了不发生系统性风险的底线，"
           "社会大局保持和谐稳定，群众安全感明显提升。")
    cut = [INDENT + one[:28], one[28:58], one[58:88], one[88:]]
    assert cut[1].startswith("1.71倍") and cut[2].startswith("一、处置") and len(cut[1]) == width
    # the second paragraph ends its sentence at the margin: the numbered line after it is new
    lines = cut + [INDENT + two[:28], two[28:]] + ["1.推进应急管理体系建设。"]
    assert len(lines[4]) == len(lines[5]) == width and lines[5].endswith("。")
    # a number a character-counting wrap cut in two (OCR): joined with no space
    three = "全区研究与试验发展经费支出占地区生产总值比重预计到2025年达到百分之三以上。"
    lines += [INDENT + three[:28], three[28:]]
    assert lines[-2].endswith("202") and lines[-1].startswith("5年")
    assert all(len(ln) <= width for ln in lines)
    # after a page of the real plan's text wrapped the same way (the margin is found from
    # the whole text; the same lines six times over would read as a running header)
    src = (RAW / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    before = wrapped("第一章 发展基础\n" + "\n".join(ln for ln in src[7:15] if len(ln) > 60), width)
    plan = parsed(before + "\n" + "\n".join(lines) + "\n")
    assert paragraphs(plan).count(three) == 1
    assert not [s for s in plan.walk() if s.label == "一、"]  # 统 / 一、处置 is one word cut
    texts = paragraphs(plan)
    assert texts.count(one) == 1 and texts.count(two) == 1
    assert "1.推进应急管理体系建设。" in texts


def _columns(s: str) -> int:
    return sum(2 if "\u4e00" <= c <= "\u9fff" or c in "，。；：、“”（）％" or c == "\u3000" else 1 for c in s)


def _by_columns(text: str, cols: int) -> list[str]:
    """``text`` cut at ``cols`` display columns (a Han character two): how a page's
    physical width cuts a line that holds digits (more characters than one without)."""
    out, cur, used = [], "", 0
    for c in text:
        w = 2 if _columns(c) == 2 else 1
        if used + w > cols:
            out.append(cur)
            cur, used = "", 0
        cur += c
        used += w
    return out + [cur]


PARAS = ["全区地区生产总值由2015年的312.5亿元增长到2020年的486.7亿元，年均增长7.2%，一般公共预算收入年均增长5.8%，"
         "城乡居民人均可支配收入分别达到4.6万元和2.3万元，研发经费投入占比达到2.6%。",
         "坚持创新在现代化建设全局中的核心地位，把科技自立自强作为发展的战略支撑，面向世界科技前沿、面向经济主战场，"
         "深入实施创新驱动发展战略，加快建设创新型城市，全面塑造发展新优势。"]


@pytest.mark.parametrize("margin", ["", "    "])
def test_a_wrap_by_page_width_and_a_left_margin_on_every_line(margin):
    """Lines cut at 60 columns (those with digits hold more characters), and the same
    with every line set 4 spaces in (pdftotext -layout, OCR): eight paragraphs."""
    lines = ["第一章　发展基础"]
    for k in range(8):
        lines += _by_columns(INDENT + PARAS[k % 2], 60)
    plan = parsed("\n".join(margin + ln for ln in lines) + "\n")
    assert paragraphs(plan) == [PARAS[k % 2] for k in range(8)]


def test_rows_set_out_in_columns_and_a_box_entry_at_the_margin_stay_apart():
    """A text table's rows (cells parted by runs of spaces) are no paragraph's lines,
    and a heading after them opens its chapter; a box's entry that fills the line does
    not take the next entry (`2.` is the list's next number)."""
    names = ["城市轨道交通二号线", "滨江大道改造", "第一人民医院新院区", "科技创新园", "污水处理厂扩建"]
    rows = [f"{i + 1:<4}{names[i % 5]}{'　' * (12 - len(names[i % 5]))}{(i * 37) % 500 + 100:>21}  2021-2025"
            for i in range(24)]
    assert all(_columns(r) == 60 for r in rows)  # as wide as the text: they reach its margin
    body = []
    for k in range(6):
        body += _by_columns(INDENT + PARAS[k % 2], 60)
    entry = "1.科技创新平台：建设省级以上重点实验室、工程技术研究中心"
    unfinished = [INDENT + PARAS[1][:28], PARAS[1][28:58]]  # its last line full, no stop: then a heading
    assert _columns(unfinished[1]) == 60 and not unfinished[1].endswith("。")
    text = "\n".join(["第一章　重大项目", *body, "表1　重大项目表", *rows, "第二章　保障措施", *body,
                      "专栏1　创新平台建设工程", entry, "2.人才引育工程：引进高层次创新创业人才和团队",
                      *unfinished, "第三章　实施", *body]) + "\n"
    assert _columns(entry) >= 56  # it reaches the 60-column margin (within the slack)
    plan = parsed(text)
    assert [s.label for s in plan.walk() if s.level == "章"] == ["第一章", "第二章", "第三章"]
    texts = paragraphs(plan) + [c for tb in plan.tables() for r in tb.rows for c in r.cells]
    assert not any(x.count("2021-2025") > 1 for x in texts)  # no two rows run together
    box = next(b for b in plan.boxes())
    assert [e.text[:4] for e in box.entries] == ["1. 科", "2. 人"]


def test_a_caption_after_a_paragraph_that_filled_its_last_line_stays_a_caption():
    """A paragraph ending its sentence at the margin, then a table's caption and its
    header cells (one a line): the caption was joined to the paragraph and the table
    lost, its cells left as one-cell paragraphs."""
    width = 30
    two = ("专项行动扎实推进，重点领域风险得到有效防控，守住了不发生系统性风险的底线，"
           "社会大局保持和谐稳定，群众安全感明显提升。")
    para = [INDENT + two[:28], two[28:]]
    assert len(para[1]) == width and para[1].endswith("。")
    caption = "鼓楼区“十三五”经济社会发展主要指标完成情况表"
    cells = ["类别", "指标", "单位", "“十三五”目标", "2020年", "属性",
             "地区生产总值", "亿元", "300", "323", "预期性", "一般公共预算收入", "亿元", "21.4", "19.94", "预期性"]
    src = (RAW / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    before = wrapped("第一章 发展基础\n" + "\n".join(ln for ln in src[7:15] if len(ln) > 60), width)
    plan = parsed(before + "\n" + "\n".join(para + [caption] + cells) + "\n")
    assert two in paragraphs(plan)
    tables = [t for s in plan.walk() for t in s.tables]
    assert [t.caption for t in tables] == [caption]
    assert tables[0].header == cells[:6] and [r.cells for r in tables[0].rows][0] == cells[6:11]


def footnoted(text: str, every: int = 40) -> tuple[str, list[str]]:
    """``paged`` with a footnote on each page that cuts a paragraph: a marker ① after the
    page's last line's first characters, and the note (①term：its meaning。) at the page's
    foot above its number. Returns the text and the notes."""
    out, held, page, notes = [], 0, 0, []
    lines = text.split("\n")
    for k, line in enumerate(lines):
        held += bool(line.strip())
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        foot = held == every
        lead = len(line) - len(line.lstrip())
        term = line[lead : lead + 4]
        if (foot and len(line) > 20 and nxt.strip() and not nxt.startswith(INDENT)  # a paragraph goes on
                and all("\u4e00" <= c <= "\u9fff" for c in term + line[lead + 4])):
            line = line[: lead + 4] + "①" + line[lead + 4 :]
            notes.append(f"①{term}：本规划中指第{page + 1}页所述事项。")
            out += [line, notes[-1]]
        else:
            out.append(line)
        if foot:
            held, page = 0, page + 1
            out += ["", f"— {page} —", "\x0c国民经济和社会发展第十四个五年规划纲要", ""]
    return "\n".join(out), notes


@pytest.mark.parametrize("pid", ["lianyungang-haizhou", "xuzhou-gulou"])
def test_a_footnote_at_a_pages_foot_leaves_the_paragraph_it_cut_whole(pid):
    """A page's footnote (①首都“两区”：…) between a paragraph's last line on the page and
    its rest on the next was glued inside the paragraph, which then broke in two. The
    notes go as page furniture (listed as footnotes), each paragraph whole with its ①."""
    text = (RAW / f"{pid}.txt").read_text(encoding="utf-8")
    base = parsed(text)
    noted, notes = footnoted(wrapped(text, 30))
    assert len(notes) >= 5
    plan = parsed(noted)
    assert [(v, lb, t.replace("①", "")) for v, lb, t in outline_of(plan)] == outline_of(base)  # a ① in a 条's title
    assert [r.text for r in plan.removed if r.reason == "footnote"] == notes
    body = set(paragraphs(base))
    off = [p for p in paragraphs(plan) if p.replace("①", "") not in body]
    assert len(off) <= 2, off
    from fyp_tui.ingest.pipeline import placed_texts

    assert sum(t.count("①") for t in placed_texts(plan)) == len(notes)  # each marker kept once, in its text
