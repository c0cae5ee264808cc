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
    assert cut.count("control characters / terminal escapes") == pages  # the form feeds


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
