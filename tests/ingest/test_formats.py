"""The five bundled plans rendered as PDF, HTML and DOCX give the outline of their text.

The renders (tests/ingest/renders/, made by make_renders.py from corpus/raw/*.txt)
are compared with the parse of the same raw text: levels, labels, titles, section
ids and paragraph texts, with white space folded only (no normaliser of fyp's).
Tables stay tables, no markup and nothing of the page furniture (running heads,
site navigation, headers and footers) reaches the plan, and every character of
what the reader extracted is accounted for.
"""

from __future__ import annotations

import re
import sys
from functools import cache

import pytest

from fyp_tui.ingest import account, extract, parse_bytes
from fyp_tui.model import Paragraph, Table
from tests.conftest import REPO, SEEDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RENDERS = REPO / "tests" / "ingest" / "renders"
FORMATS = ["pdf", "html", "docx"]
# Text the renders add around each plan (see make_renders.py); none of it is the plan.
# (None of these strings occurs in corpus/raw/*.txt.)
FURNITURE = ["门户网站", "分享到微信", "网站标识码", "ICP备", "转载请注明", "不是正文", "印刷版", "— 3 —", "浏览次数"]


def fold(s: str) -> str:
    return re.sub(r"\s+", "", s)


@cache
def parsed(pid: str, fmt: str):
    path = REPO / "corpus" / "raw" / f"{pid}.txt" if fmt == "txt" else RENDERS / f"{pid}.{fmt}"
    return parse_bytes(path.read_bytes(), pid, str(path))


def outline(plan) -> list[tuple]:
    out = []
    for s in plan.walk():
        paras = [fold(b.text) for b in s.blocks if isinstance(b, Paragraph)]
        out.append((s.id, s.level, fold(s.label), fold(s.title), tuple(paras)))
    return out


def tables(plan) -> list[tuple]:
    """Per table: its section, caption, header and each row's cells, folded."""
    out = []
    for s in plan.walk():
        for t in s.tables:
            rows = tuple(fold("".join(r.cells)) for r in t.rows)
            out.append((s.id, fold(t.caption), fold("".join(t.header)), rows))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("pid", SEEDS)
def test_render_gives_the_outline_of_its_text(pid, fmt):
    want, got = outline(parsed(pid, "txt")), outline(parsed(pid, fmt))
    assert [w[:4] for w in want] == [g[:4] for g in got]  # the tree first: clearer failures
    for w, g in zip(want, got):
        assert w == g, f"{pid}.{fmt}: section {w[0]} differs"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("pid", SEEDS)
def test_tables_stay_tables(pid, fmt):
    assert tables(parsed(pid, fmt)) == tables(parsed(pid, "txt"))
    if pid == "xuzhou-gulou":  # read as rows of cells by the reader, not as one cell per line
        lines = extract((RENDERS / f"{pid}.{fmt}").read_bytes()).lines
        rows = [ln for ln in lines if ln.cells]
        assert {ln.table for ln in rows} == {1, 2}
        assert sum(1 for ln in rows if ln.table == 2 and not ln.header and ln.cells[0] != "分类") == 31


def test_the_rendered_indicator_tables_are_read_as_indicators():
    """xuzhou-gulou's 指标体系 as a real table: fields by column, read off the document."""
    for fmt in FORMATS:
        t = next(t for t in parsed("xuzhou-gulou", fmt).tables() if "指标体系" in t.caption)
        assert len(t.rows) == 31
        first, ninth, tenth = t.rows[0], t.rows[8], t.rows[9]
        assert (first.category, first.number, first.baseline, first.target, first.attribute) == (
            "经济强", "1", "2.9", "年均6.5以上", "预期性"), fmt
        assert first.unit == "%", fmt
        assert (ninth.baseline, ninth.target) == ("", ">10"), fmt  # a missing cell stays empty
        assert tenth.category == "百姓富" and t.rows[10].category == "百姓富", fmt  # carried under a merged cell
        assert t.rows[3].cumulative and t.rows[3].target == "50", fmt


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("pid", SEEDS)
def test_every_extracted_character_is_accounted_for(pid, fmt):
    data = (RENDERS / f"{pid}.{fmt}").read_bytes()
    missing, extra = account(parsed(pid, fmt), extract(data).text)
    assert not missing and not extra


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("pid", SEEDS)
def test_no_markup_and_no_page_furniture_in_the_plan(pid, fmt):
    plan = parsed(pid, fmt)
    assert plan.meta.format == fmt
    texts = _texts(plan)
    joined = "\n".join(texts)
    assert not re.search(r"</?[a-zA-Z][^<>]*>|&(?:nbsp|lt|gt|amp|ldquo|rdquo|#\d+);", joined)
    for marker in FURNITURE:
        assert marker not in joined, f"{pid}.{fmt}: {marker!r} reached the plan"
    if fmt == "pdf":  # the running header (the plan's title) is removed on every page, kept nowhere else
        title = fold(tomllib.loads((REPO / "corpus" / "plans" / f"{pid}.toml").read_text(encoding="utf-8"))["title"])
        heads = [r for r in plan.removed if fold(r.text) == title and r.reason == "running header"]
        assert len(heads) >= 10
        assert sum(1 for t in texts if fold(t) == title) == sum(1 for t in _texts(parsed(pid, "txt")) if fold(t) == title)


def _texts(plan) -> list[str]:
    texts = [s.heading + s.title for s in plan.walk()]
    for s in plan.walk():
        for b in s.blocks:
            if isinstance(b, Paragraph):
                texts.append(b.text)
            elif isinstance(b, Table):
                texts += [b.caption] + [c for r in b.rows for c in r.cells]
            else:
                texts += [b.heading] + [e.text for e in b.entries]
    return texts


def test_block_paragraphs_without_indent_are_told_apart_by_their_spacing():
    """The other common PDF layout: justified, no first-line indent, space between
    paragraphs, 第 N 页 at the bottom right (a part of one plan, its text beside it)."""
    text = parse_bytes((RENDERS / "block-paragraphs.txt").read_bytes(), "b")
    pdf = parse_bytes((RENDERS / "block-paragraphs.pdf").read_bytes(), "b")
    assert outline(pdf) == outline(text)
    assert len(outline(text)) >= 30
    assert sum(1 for r in pdf.removed if r.reason == "page number" and r.text.startswith("第")) >= 5


def test_a_full_last_line_then_paragraph_spacing_ends_the_paragraph():
    """Geometry alone: a line filling the measure continues below at the leading,
    but not across the extra space a block layout puts between paragraphs."""
    from fyp_tui.ingest.readers.pdf import _Column, _continues, _Line

    col = _Column(left=72, right=523, size=11, leading=17)
    full = _Line("发展环境更加复杂，机遇和挑战都有新的发展变化", 72, 522, 700, 690, 11, 1)
    below = _Line("我们要增强机遇意识和风险意识", 72, 300, 683, 673, 11, 1)  # 17 below: the next line
    apart = _Line("我们要增强机遇意识和风险意识", 72, 300, 676.5, 666.5, 11, 1)  # 23.5 below: paragraph space
    assert _continues(full, below, col)
    assert not _continues(full, apart, col)


def test_the_pdf_contents_page_and_the_two_line_heading():
    """xuzhou-gulou.pdf: a contents page with dotted leaders and page numbers (each
    entry its own line, then removed as the contents), and a centred chapter heading
    that wraps onto a second line (one heading again)."""
    plan = parsed("xuzhou-gulou", "pdf")
    toc = [r.text for r in plan.removed if r.reason == "table of contents"]
    assert len(toc) >= 50 and sum(1 for t in toc if re.search(r"·{3,}\s*\d+$", t)) >= 50
    lines = [ln.raw for ln in extract((RENDERS / "xuzhou-gulou.pdf").read_bytes()).lines]
    assert "第一章 “强富美高”新鼓楼建设再出发 奋力开启全面建设社会主义现代化新征程" in lines
    assert plan.section("ch01").title == parsed("xuzhou-gulou", "txt").section("ch01").title


# The national 十二五 纲要's main-indicator table as the document lays it out: a growth-rate
# column after the two years (values from the document; cn12-pdftext.txt lost the table).
_CN12_TABLE = [["指标", "2010年", "2015年", "年均增长[%]", "属性"],
               ["国内生产总值（万亿元）", "39.8", "55.8", "7", "预期性"],
               ["森林覆盖率（%）", "20.36", "21.66", "[1.3]", "约束性"]]


def _cn12_html() -> bytes:
    def row(cells, tag):
        return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"

    body = row(_CN12_TABLE[0], "th") + "".join(row(r, "td") for r in _CN12_TABLE[1:])
    return ("<html><body><h2>第一章 主要目标</h2><p>表1 “十二五”时期经济社会发展主要指标</p>"
            f"<table>{body}</table><p>到2015年，经济平稳较快发展。</p></body></html>").encode("utf-8")


def _cn12_docx() -> bytes:
    import io

    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("第一章 主要目标")
    d.add_paragraph("表1 “十二五”时期经济社会发展主要指标")
    t = d.add_table(rows=len(_CN12_TABLE), cols=5)
    for r, cells in enumerate(_CN12_TABLE):
        for c, text in enumerate(cells):
            t.cell(r, c).text = text
    d.add_paragraph("到2015年，经济平稳较快发展。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("make", [_cn12_html, _cn12_docx], ids=["html", "docx"])
def test_the_latest_year_is_the_target_column_not_the_growth_rate_after_it(make):
    """指标 | 2010年 | 2015年 | 年均增长[%] | 属性: the targets are the 2015 column (55.8,
    21.66), the baselines the 2010 one; the growth rate was taken for the target (7,
    [1.3]) from HTML, and from DOCX the header row was read as a row of data."""
    plan = parse_bytes(make(), "cn12-table")
    (table,) = [b for s in plan.walk() for b in s.blocks if isinstance(b, Table)]
    assert (table.baseline_year, table.target_year) == ("2010年", "2015年")
    assert [(r.indicator, r.baseline, r.target, r.attribute) for r in table.rows] == [
        ("国内生产总值（万亿元）", "39.8", "55.8", "预期性"), ("森林覆盖率（%）", "20.36", "21.66", "约束性")]
