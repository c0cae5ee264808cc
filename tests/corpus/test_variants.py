"""The same plan delivered differently gives the same outline.

Variants of the seeds are made here the way real files differ: another encoding or
line end, full-width punctuation, page numbers and running headers from a PDF,
headings spaced out character by character.
"""

from __future__ import annotations

import codecs
import re

import pytest

from fyp_tui.ingest import IngestError, account, parse_bytes
from fyp_tui.ingest.decode import decode_bytes
from fyp_tui.model import Paragraph
from fyp_tui.outline import outline
from tests.conftest import REPO

RAW = REPO / "corpus" / "raw"


def text_of(pid: str) -> str:
    return (RAW / f"{pid}.txt").read_text(encoding="utf-8")


def shape(plan) -> tuple:
    # Titles with white space folded: a heading spaced out character by character has
    # lost the one space that parts its two phrases (不断提高发展质效 着力打造实力海州).
    def strip(nodes):
        return [(n["level"], n["label"], "".join(n["title"].split()), strip(n["children"]))
                for n in nodes if n["level"] != "封面"]

    return (
        strip(outline(plan)),
        [(b.label, b.title, len(b.entries)) for b in plan.boxes()],
        [(t.caption, [(r.indicator, r.baseline, r.target, r.attribute) for r in t.rows]) for t in plan.tables()],
    )


def parsed(data: bytes):
    plan = parse_bytes(data, "v")
    missing, extra = account(plan, decode_bytes(data).text)
    assert not missing and not extra
    return plan


@pytest.fixture(scope="module")
def base():
    return {pid: shape(parsed(text_of(pid).encode())) for pid in ("xuzhou-gulou", "lianyungang-haizhou", "zhenjiang-jingkou")}


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("gb18030"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("gb18030"),
        lambda t: t.encode("utf-16-le"),  # no BOM
        lambda t: t.encode("utf-16-be"),  # no BOM
    ],
    ids=["gb18030", "utf8-bom", "utf16-bom", "utf16be-bom", "crlf", "cr-gb18030",
         "utf16le-nobom", "utf16be-nobom"],
)
@pytest.mark.parametrize("pid", ["xuzhou-gulou", "zhenjiang-jingkou"])
def test_other_encodings(base, pid, encode):
    assert shape(parsed(encode(text_of(pid)))) == base[pid]


def test_gbk_file_is_detected_as_such():
    data = text_of("lianyungang-haizhou").encode("gbk", "replace")
    assert decode_bytes(data).encoding == "gb18030"
    assert parse_bytes(data, "v").meta.encoding == "gb18030"


def test_full_width_punctuation(base):
    t = text_of("lianyungang-haizhou")
    full = t.translate(str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}))
    full = re.sub(r"(?<=[\u4e00-\u9fff]) ?\. ?(?=[\u4e00-\u9fff])", "。", full)
    assert full != t
    assert shape(parsed(full.encode())) == base["lianyungang-haizhou"]


def with_pages(t: str, header: str, every: int = 25) -> str:
    lines = t.split("\n")
    out = []
    for k, line in enumerate(lines, 1):
        out.append(line)
        if k % every == 0:
            out += ["", f"- {k // every} -", "\x0c" + header, ""]
    return "\n".join(out)


@pytest.mark.parametrize("pid", ["xuzhou-gulou", "lianyungang-haizhou", "zhenjiang-jingkou"])
def test_page_numbers_and_running_headers(base, pid):
    header = "国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
    text = text_of(pid)
    pages = len(text.split("\n")) // 25
    plan = parsed(with_pages(text, header).encode())
    assert shape(plan) == base[pid]
    cut = [r.reason for r in plan.removed]
    assert cut.count("page number") == pages
    assert cut.count("running header") == pages
    assert cut.count("page break") == pages  # the form feeds


@pytest.mark.parametrize("pid", ["xuzhou-gulou", "lianyungang-haizhou", "zhenjiang-jingkou"])
@pytest.mark.parametrize("footer", ["{title}\u3000\u3000\u3000\u3000— {n} —", "- {n} -   {title}", "— {n} —\u3000\u3000{title}"])
def test_a_footer_of_the_plans_name_and_its_page_number(base, pid, footer):
    """A footer that pairs the page's number with the plan's name (鼓楼区“十四五”规划纲要
    — 3 —) stayed as a paragraph, glued into the one it cut and into a table's cells.
    Each goes, as a running header, and the plan reads as without pages."""
    title = "鼓楼区“十四五”规划纲要"
    lines = text_of(pid).split("\n")
    out = []
    for k, line in enumerate(lines, 1):
        out.append(line)
        if k % 25 == 0:
            out += [footer.format(title=title, n=k // 25), "\x0c"]
    plan = parsed("\n".join(out).encode())
    assert shape(plan) == base[pid]
    cut = [r.text for r in plan.removed if r.reason == "running header"]
    assert len(cut) == len(lines) // 25 and all(title in c for c in cut)


def with_bare_numbers(t: str, header: str, every: int = 900) -> tuple[str, int]:
    """A PDF's text as pdftotext leaves it: a page's number alone on a line after about
    ``every`` characters, wherever the page breaks (after a heading, inside a flattened
    table…), maybe a running header. Returns the text and its pages' count."""
    out, page, held = [], 0, 0
    for line in t.split("\n"):
        out.append(line)
        held += len(line.strip())
        if held >= every:
            page += 1
            held = 0
            out += ["", f"{page}", ""] + (["\x0c" + header] if header else [])
    return "\n".join(out), page


@pytest.mark.parametrize("header", ["", "国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"])
@pytest.mark.parametrize("pid", ["xuzhou-gulou", "lianyungang-haizhou", "zhenjiang-jingkou"])
def test_bare_page_numbers_wherever_the_page_breaks(base, pid, header):
    """Numbers alone on their lines counting up page by page, prose between: every one is
    a page number, also where a heading or a running header stands beside it (those
    beside a heading were kept as paragraphs)."""
    text, pages = with_bare_numbers(text_of(pid), header)
    assert pages > 25
    plan = parsed(text.encode())
    assert shape(plan) == base[pid]
    assert [r.reason for r in plan.removed].count("page number") == pages
    assert not any(re.fullmatch(r"\d{1,3}", b.text) for s in plan.walk() for b in s.blocks if isinstance(b, Paragraph))


def spaced(t: str) -> str:
    def space_out(m: re.Match) -> str:
        return " ".join(m.group(0).replace(" ", ""))

    return re.sub(r"(?m)^第[一二三四五六七八九十]+[篇章节].*$", space_out, t)


@pytest.mark.parametrize("pid", ["lianyungang-haizhou", "zhenjiang-jingkou"])
def test_spaced_out_headings(base, pid):
    t = spaced(text_of(pid))
    assert "第 一 节" in t
    assert shape(parsed(t.encode())) == base[pid]


@pytest.mark.parametrize(
    "data,problem",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "is a PNG image"),
        (b"\x00\x01\x02\x03" + bytes(range(256)) * 4, "binary"),
        (bytes(range(128, 256)) * 20, "neither UTF-8"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd plan", "not valid utf-8"),
    ],
)
def test_bad_input_gets_one_clear_error(data, problem):
    with pytest.raises(IngestError) as e:
        parse_bytes(data, "v", source="plans/bad.txt")
    msg = str(e.value)
    assert msg.startswith("plans/bad.txt: ")
    assert problem in msg
    assert "\n" not in msg


@pytest.mark.parametrize("name, says", [
    ("plans/bad.pdf", "is named .pdf but is neither a PDF"),
    ("plans/bad.docx", "is named .docx but is neither a Word file"),
    ("plans/bad.txt", "neither UTF-8"),
])
def test_a_file_that_is_not_what_its_name_says_is_named_so(name, says):
    """Bytes that are neither the format the name gives nor text: the message names the
    format the user expected (it said only "not UTF-8 text" for a .pdf), and what to do."""
    with pytest.raises(IngestError) as e:
        parse_bytes(bytes(range(128, 256)) * 20, "v", source=name)
    msg = str(e.value)
    assert msg.startswith(f"{name}: ") and says in msg and "\n" not in msg
    assert ("export it again" in msg) == name.endswith((".pdf", ".docx"))


def test_bars_in_a_run_on_line_are_cut_and_kept():
    raw = "。 | 单位" + "发展。" * 1200 + " ｜ 结束"
    plan = parsed(raw.encode())  # parsed() also checks every character is accounted for
    assert [r.text for r in plan.removed if r.reason == "layout separator"] == ["|", "｜"]
    glued = "。|单位" + "x" * 3100  # a bar inside text is text: kept, not lost
    assert "|" in parsed(glued.encode()).sections[0].full_text()


@pytest.mark.parametrize("seq", ["\x9b31m", "\x1bP1;2q\x1b\\", "\u2066", "\x1b]8;;http://x\x1b\\"])
def test_escape_sequences_are_cut_whole(seq):
    plan = parsed(f"第一章 总则\n正文{seq}文字。\n".encode())
    text = plan.sections[0].full_text()
    assert "正文文字" in text and "31m" not in text and "1;2q" not in text and "http" not in text


def test_a_plan_without_headings_still_has_a_body_section():
    plan = parsed("某区发展规划\n某区人民政府\n这是第一段正文，讲发展。\n第二段正文，讲民生。\n".encode())
    assert [s.level for s in plan.sections] == ["封面", "正文"]
    assert [p.text for p in plan.sections[0].paragraphs] == ["某区发展规划", "某区人民政府"]
    assert len(plan.sections[1].paragraphs) == 2
