"""Chinese line breaking: properties over plan-shaped text, and the cases from issue 12.

The checks here use their own small sets of marks and their own record of where the
generated numbers sit; they never ask ``linebreak`` which groups it formed.
"""

from __future__ import annotations

import io
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from fyp_tui.linebreak import break_points, lines
from fyp_tui.wrapped import Wrapped

CLOSE = set("，。、；：？！）】》」』…”")
OPEN = set("（【《「『“")

WORDS = ["经济", "高质量发展", "推进", "城市更新", "楼宇经济", "建设", "数字", "产业", "全面", "创新驱动",
         "生态", "保护", "人民", "生活", "水平", "明显", "提高", "基本", "实现", "现代化"]
NUMBERS = ["500亿元", "6.5%", "2025年", "50家", "【300】", "1.2万亿元", "3个百分点", "78.5岁", "15万人",
           "2035年", "0.35", "100", "【17.5】", "98%", "4800万吨", "12平方公里"]
LATIN = ["CBD", "PM2.5", "5G", "GDP", "R&D", "AI"]
PUNCT = ["，", "。", "、", "；", "：", "！", "？"]


@st.composite
def plan_text(draw):
    """A paragraph as plans write it: words, numbers with units, Latin terms,
    quotes and brackets, punctuation. Returns (text, spans of the numbers)."""
    out, spans = [], []
    pos = 0

    def put(s: str) -> None:
        nonlocal pos
        out.append(s)
        pos += len(s)

    for _ in range(draw(st.integers(3, 60))):
        put(draw(st.sampled_from(WORDS)))  # a word first: a number never follows a number
        kind = draw(st.sampled_from(["num", "num", "latin", "punct", "punct", "quote", "paren", "word"]))
        if kind == "num":
            n = draw(st.sampled_from(NUMBERS))
            spans.append((pos, pos + len(n)))
            put(n)
        elif kind == "latin":
            put(draw(st.sampled_from(LATIN)))
        elif kind == "punct":
            put(draw(st.sampled_from(PUNCT)))
        elif kind == "quote":
            put("“" + draw(st.sampled_from(WORDS)) + "”")
        elif kind == "paren":
            n = draw(st.sampled_from(NUMBERS))
            spans.append((pos + 1, pos + 1 + len(n)))
            put("（" + n + "）")
    put("。")
    return "".join(out), spans


def check(text: str, spans, width: int) -> None:
    ls = lines(text, width)
    assert "".join(ls) == text
    pts = break_points(text, width)
    assert pts[0] == 0 and pts == sorted(pts)
    for prev, line in itertools.pairwise(ls):
        assert line[0] not in CLOSE, (prev, line)
        assert prev.rstrip()[-1] not in OPEN, (prev, line)
    for a, b in spans:
        assert not any(a < p < b for p in pts), f"number {text[a:b]!r} split at width {width}"
    for line in ls:
        assert cell_len(line.rstrip()) <= width, (line, width)


@settings(max_examples=300, deadline=None)
@given(plan_text(), st.integers(20, 200))
def test_plan_text_breaks_by_the_rules(sample, width):
    text, spans = sample
    check(text, spans, width)


@settings(max_examples=100, deadline=None)
@given(st.lists(plan_text(), min_size=1, max_size=4), st.integers(20, 120))
def test_hard_newlines_are_kept(paras, width):
    text = "\n".join(t for t, _ in paras)
    ls = lines(text, width)
    assert "".join(ls) == text
    assert sum(line.endswith("\n") for line in ls) == len(paras) - 1


def test_the_issue_cases():
    # 净增5 / 0家, 【30 / 0】, 2025 / 年目 / 标: at every width the numbers stay whole.
    text = "新增规上企业净增50家，总量达到【300】家，地区生产总值突破500亿元，年均增长6.5%。2025年目标"
    for width in range(8, 60):
        pts = break_points(text, width)
        for tok in ("50家", "【300】", "500亿元", "6.5%", "2025年"):
            a = text.index(tok)
            assert not any(a < p < a + len(tok) for p in pts), (tok, width)
        for p in pts[1:]:
            assert text[p] not in CLOSE


def test_a_line_never_holds_only_a_full_stop():
    text = "推进以人为核心的新型城镇化，提高城市规划、建设、治理水平。"
    for width in range(4, 70):
        for line in lines(text, width)[1:]:
            assert line not in ("。", "，")


def test_an_overlong_atom_gets_a_line_of_its_own():
    url = "https://www.example.gov.cn/zwgk/ghjh/2021"
    text = f"详见{url}。"
    ls = lines(text, 12)
    assert any(url in line for line in ls)
    assert "".join(ls) == text


def test_latin_words_stay_whole():
    text = "发展" * 5 + "PM2.5平均浓度和CBD楼宇"
    for width in range(6, 40):
        pts = break_points(text, width)
        for tok in ("PM2.5", "CBD"):
            a = text.index(tok)
            assert not any(a < p < a + len(tok) for p in pts)


def render(renderable, width: int, terminal: bool) -> list[str]:
    """As the CLI prints: piped output is not cropped at the console's width."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=terminal, color_system=None, legacy_windows=False)
    console.print(renderable, crop=terminal)
    return buf.getvalue().rstrip("\n").split("\n")


def test_wrapped_renderable_on_a_terminal_and_piped():
    text = "新增规上企业净增50家，总量达到【300】家，地区生产总值突破500亿元。"
    out = render(Wrapped(Text(text)), 20, terminal=True)
    assert len(out) > 1 and all(cell_len(x) <= 20 for x in out)
    assert "".join(out) == text
    assert not any(x.startswith(("，", "。")) for x in out)
    assert render(Wrapped(Text(text)), 20, terminal=False) == [text]  # piped: no hard wrap
    assert len(render(Wrapped(Text(text), wrap=True), 20, terminal=False)) > 1


def test_wrapped_in_a_table_cell_keeps_numbers_whole():
    from rich.table import Table

    t = Table(show_header=True)
    t.add_column(Text("指标"))
    t.add_column(Text("2025年目标"))
    t.add_row(Wrapped(Text("规模以上工业企业净增数"), wrap=True), Wrapped(Text("净增50家"), wrap=True))
    out = "\n".join(render(t, 24, terminal=True))
    assert "50家" in out and "2025年" in out


def test_a_percent_sign_after_a_space_stays_with_its_number():
    text = "其中，工业危险废物无害化处置率达到100 %，医疗废物集中处置率达到100 %。"
    for width in range(6, 60):
        for line in lines(text, width)[1:]:
            assert not line.startswith(("%", " %")), (width, line)


def test_tabs_become_spaces():
    out = render(Wrapped(Text("指标\t目标\t2025年"), wrap=True), 40, terminal=True)
    assert "\t" not in "".join(out) and "2025年" in out[0]


def test_a_space_hanging_past_a_full_cjk_line_never_becomes_a_line_of_its_own():
    """A search hit's path ("… 新征程 › 第二节 …") at 80 columns showed an empty line
    where the space after a line filled to the last cell by CJK was folded onto a line
    of its own. No line of a set text is white space only."""
    from rich.text import Text

    from fyp_tui.wrapped import wrap_lines

    s = "  第二章 开启率先全面建设社会主义现代化强区新征程 › 第二节 发展定位  [精确]"
    for width in range(20, 80):
        lines = [line.plain for line in wrap_lines(Text(s), width)]
        assert all(line.strip() for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == s.replace(" ", "")  # nothing lost
        assert all(Text(line).cell_len <= width for line in lines)


def test_numbers_in_chinese_numerals_stay_whole():
    """二〇二〇年, 第十二届 and “十三五” are numbers too: at no width does a line end inside
    one (a line did end after 第十 of 第十二届, and after “十 of “十三五”)."""
    text = "（二〇二〇年十二月二十八日中国共产党徐州市第十二届委员会第十一次全体会议通过），圆满完成“十三五”预期目标。"
    for width in range(12, 120):
        got = lines(text, width)
        assert "".join(got) == text
        for a, b in zip(got, got[1:]):
            for whole in ("二〇二〇年", "十二月", "二十八日", "十二届", "十一次", "“十三五”"):
                at = (a + b).find(whole)
                assert at < 0 or not (at < len(a) < at + len(whole)), (width, a, b)


@st.composite
def ascii_quoted(draw):
    """A paragraph of a plan that prints ASCII quotes (云南日报's 建立"便民服务中心"。):
    returns (text, where its opening quotes are, where its closing ones are)."""
    out: list[str] = []
    opens, closes = [], []
    pos = 0
    for _ in range(draw(st.integers(3, 40))):
        w = draw(st.sampled_from(WORDS))
        if draw(st.booleans()):
            opens.append(pos)
            closes.append(pos + 1 + len(w))
            w = f'"{w}"'
        w += draw(st.sampled_from(["", "", "，", "。", "、"]))
        out.append(w)
        pos += len(w)
    return "".join(out), opens, closes


@settings(max_examples=300, deadline=None)
@given(ascii_quoted(), st.integers(4, 60))
def test_ascii_quotes_open_and_close_lines_by_their_place(sample, width):
    """A straight " closes a line's quote when it is the second of a pair: no line
    starts with it (nor with the 。 after it), and no line ends with an opening one."""
    text, opens, closes = sample
    pts = set(break_points(text, width))
    assert not pts & set(closes), [text[p - 3 : p + 3] for p in pts & set(closes)]
    assert not pts & {o + 1 for o in opens}
    assert "".join(lines(text, width)) == text


def test_the_yunnan_quotes():
    """And a line whose quote was left open (an OCR loss) does not turn the next line's
    quotes around: each hard line counts its own."""
    text = "县级以上城市都要建立\"便民服务中心\"。繁荣民族文化，坚持\"引进来\"与\"走出去\"并重。"
    for head in ("", "据\"报道\n"):
        for width in range(6, 40):
            for line in lines(head + text, width)[1:]:
                assert not line.startswith(('"。', '"与', '"并')), (width, line)


def test_a_search_hit_wraps_under_its_own_first_character():
    """A hit's path and snippet wrapped to the list's left edge (column 1), under the
    plan's name: each wraps under its own first character, set by the same rules."""
    from rich.text import Text

    from fyp_tui.wrapped import hanging_lines

    path = "第四章 加快发展现代产业新体系 › 第四节 推动城市经济业态转型升级  [精确] ×5"
    body = ("…拓展楼宇产业生态链，打造星级标杆楼宇30栋。做精楼宇经济品牌，重振五四路CBD龙头地位，"
            "打造西二环鼓楼段楼宇新地标。")
    for width in range(24, 90):
        got = [line.plain for line in hanging_lines(Text(f"  {path}\n    {body}"), width)]
        at = next(i for i, line in enumerate(got) if line.lstrip().startswith("…"))
        for line in got[:at]:
            assert line.startswith("  ") and not line.startswith("   "), (width, got)
        for line in got[at:]:
            assert line.startswith("    ") and not line.startswith("     "), (width, got)
            assert not line.lstrip().startswith(("，", "。", "、")), (width, got)
        assert "".join(line.strip() for line in got[at:]) == body  # nothing lost
        assert all(Text(line).cell_len <= width for line in got)
        assert "30栋" in "".join(got[at:]).replace(" ", "")
        for a, b in zip(got[at:], got[at + 1:]):
            assert not (a.endswith("3") or a.endswith("30")) or not b.lstrip().startswith(("0", "栋")), (width, a, b)
    # an indent of half the width or more is not kept: the text would get too narrow
    narrow = [line.plain for line in hanging_lines(Text("          " + body), 18)]
    assert not all(line.startswith("          ") for line in narrow)
