"""Formats are told from the bytes; what fyp cannot read gets one line naming the file."""

from __future__ import annotations

import io
import zipfile

import pytest

from fyp_tui.corpus import build_dir, parse_raw
from fyp_tui.ingest import IngestError, account, extract, parse_bytes, parse_file
from fyp_tui.ingest.detect import detect
from tests.conftest import REPO

RENDERS = REPO / "tests" / "ingest" / "renders"
TEXT = (REPO / "corpus" / "raw" / "lianyungang-haizhou.txt").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip of ``members``, the same bytes whenever it is made (a fixed member time: the
    parameters below are built at collection, and pytest-xdist's workers must collect the
    same tests)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def one_line_error(data: bytes, source: str = "plan.bin") -> str:
    with pytest.raises(IngestError) as err:
        parse_bytes(data, "t", source)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(f"{source}: ")
    return msg


@pytest.mark.parametrize("name,data,says", [
    ("rtf", rb"{\rtf1\ansi\ansicpg936 {\fonttbl} \'b5\'da\'d2\'bb\'d5\'c2}", "RTF"),
    ("doc", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + "第一章".encode("utf-16-le") * 50, "Word 97-2003"),
    ("zip", _zip({"plan.txt": TEXT[:2000]}), "ZIP archive"),
    ("odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "OpenDocument"),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    ("jpg", b"\xff\xd8\xff\xe0" + bytes(200), "JPEG image"),
    ("gz", b"\x1f\x8b\x08\x00" + bytes(100), "gzip"),
], ids=["rtf", "doc", "zip", "odt", "png", "jpg", "gz"])
def test_unreadable_formats_get_one_line_saying_what_to_do(name, data, says):
    msg = one_line_error(data, f"plan.{name}")
    assert says in msg
    assert "save it as" in msg or "unpack" in msg or "OCR" in msg


def test_an_encrypted_pdf_says_so():
    msg = one_line_error((RENDERS / "encrypted.pdf").read_bytes(), "secret.pdf")
    assert "encrypted" in msg and "password" in msg


def test_a_pdf_without_a_text_layer_says_so():
    msg = one_line_error((RENDERS / "scanned.pdf").read_bytes(), "scan.pdf")
    assert "without a text layer" in msg and "OCR" in msg


def test_a_damaged_pdf_or_docx_says_so():
    pdf = (RENDERS / "xuzhou.pdf").read_bytes()
    assert "damaged PDF" in one_line_error(pdf[:3000], "cut.pdf")
    docx = (RENDERS / "xuzhou.docx").read_bytes()
    assert "damaged" in one_line_error(docx[: len(docx) // 2], "cut.docx")


def test_the_name_does_not_decide_the_format(tmp_path):
    """A PDF saved as .txt is read as a PDF; a text file saved as .pdf as text."""
    fake_txt = tmp_path / "plan.txt"
    fake_txt.write_bytes((RENDERS / "lianyungang-haizhou.pdf").read_bytes())
    plan = parse_file(fake_txt)
    assert plan.meta.format == "pdf" and plan.count("章") >= 10
    fake_pdf = tmp_path / "plan.pdf"
    fake_pdf.write_bytes(TEXT)
    assert parse_file(fake_pdf).meta.format == "txt"


@pytest.mark.parametrize("data,fmt", [
    (b"%PDF-1.4\n", "pdf"),
    (b"\n\n  %PDF-1.7\n", "pdf"),  # junk before the header is allowed
    ("<!DOCTYPE html><html><body><p>第一章</p></body></html>".encode(), "html"),
    (b"<!-- saved --><HTML><HEAD><META charset=gbk></HEAD>", "html"),
    ("<div>\n<p>第一章 总则</p>\n<p>一、目标</p>\n<br>正文</div>".encode("gb18030"), "html"),  # a fragment
    ("<html><body>第一章</body></html>".encode("utf-16"), "html"),  # UTF-16 with its BOM
    ("第一章 总则\n发展 <b> 不是标签的文字".encode(), "txt"),  # one stray tag is not a page
    (TEXT, "txt"),
])
def test_detect(data, fmt):
    assert detect(data) == fmt


def test_html_charsets_declared_undeclared_and_wrongly_declared():
    body = "<p>第一章 发展基础</p><p>“十四五”时期，全区上下深入贯彻新发展理念。</p>"
    page = f"<html><head><meta charset=\"gb2312\"></head><body>{body}</body></html>"
    assert "“十四五”时期" in extract(page.encode("gb18030")).text  # declared
    bare = f"<html><body>{body}</body></html>"
    assert "“十四五”时期" in extract(bare.encode("gbk")).text  # undeclared: sniffed
    wrong = f"<html><head><meta charset=\"gbk\"></head><body>{body}</body></html>"
    assert "“十四五”时期" in extract(wrong.encode("utf-8")).text  # declared wrongly: sniffed
    assert extract(bare.encode("gbk")).encoding == "gb18030"


def test_html_markup_never_becomes_text():
    page = ("<html><head><title>T</title><style>p{color:red}</style><script>var a='<p>x</p>';</script></head>"
            "<body><div class=\"content\"><p>第一章&nbsp;总则</p><p>A &amp; B &lt;tag&gt; &#20013;&#25991;</p>"
            "<p>文字<!-- a comment --><span>继续</span><br/>下一行</p></div></body></html>")
    lines = [ln.raw for ln in extract(page.encode()).lines]
    assert lines == ["第一章\xa0总则", "A & B <tag> 中文", "文字继续", "下一行"]


def test_bundled_corpus_finds_raw_files_of_any_format(tmp_path):
    for sub in ("raw", "plans", "parsed"):
        (tmp_path / sub).mkdir()
    (tmp_path / "raw" / "a.pdf").write_bytes((RENDERS / "xuzhou.pdf").read_bytes())
    (tmp_path / "raw" / "b.docx").write_bytes((RENDERS / "xuzhou.docx").read_bytes())
    (tmp_path / "raw" / "c.html").write_bytes((RENDERS / "xuzhou.html").read_bytes())
    (tmp_path / "raw" / "d.txt").write_bytes((REPO / "corpus" / "raw" / "xuzhou.txt").read_bytes())
    plans = build_dir(tmp_path)
    assert [(p.id, p.meta.format) for p in plans] == [("a", "pdf"), ("b", "docx"), ("c", "html"), ("d", "txt")]
    assert sorted(p.name for p in (tmp_path / "parsed").iterdir()) == ["a.json", "b.json", "c.json", "d.json"]
    assert parse_raw(tmp_path, "b").meta.format == "docx"


def test_parsing_a_corpus_again_leaves_unchanged_files_alone(tmp_path):
    """A search store keys each plan on its parsed file's size and time: writing the same
    JSON again made every store update those plans (~25 s at 10,000 plans)."""
    import os

    for sub in ("raw", "plans", "parsed"):
        (tmp_path / sub).mkdir()
    raw = tmp_path / "raw" / "d.txt"
    raw.write_bytes((REPO / "corpus" / "raw" / "xuzhou.txt").read_bytes())
    build_dir(tmp_path)
    parsed = tmp_path / "parsed" / "d.json"
    os.utime(parsed, ns=(1_000_000_000, 1_000_000_000))
    build_dir(tmp_path)
    assert parsed.stat().st_mtime_ns == 1_000_000_000  # the same JSON: not written again
    raw.write_bytes(raw.read_bytes().replace("徐州".encode(), "某市".encode()))
    build_dir(tmp_path)
    assert parsed.stat().st_mtime_ns != 1_000_000_000 and "某市" in parsed.read_text(encoding="utf-8")


def test_html_chrome_inside_the_article_is_removed_by_its_class():
    page = ("<html><body><div class=\"content\"><div class=\"bdshare\"><a>微信</a> <a>微博</a></div>"
            "<ul class=\"crumbs\"><li>首页</li><li>规划计划</li></ul>"
            "<p>第一章 发展基础</p><p>“十三五”时期，全区经济保持平稳增长，综合实力明显增强，发展质量不断提高。</p>"
            "<div id=\"footer\">主办：区政府办公室</div></div></body></html>")
    ex = extract(page.encode())
    assert [ln.raw for ln in ex.lines] == ["第一章 发展基础", "“十三五”时期，全区经济保持平稳增长，综合实力明显增强，发展质量不断提高。"]
    assert [(r.text, r.reason) for r in ex.removed] == [
        ("微信 微博", "web-page share buttons / tools"), ("首页", "web-page navigation / breadcrumbs"),
        ("规划计划", "web-page navigation / breadcrumbs"), ("主办：区政府办公室", "web-page footer")]


def test_clean_never_cuts_table_rows_from_a_reader():
    from fyp_tui.ingest.clean import Line, clean

    same = ("能耗降低", "完成上级下达任务")  # the same row three times, far apart: not a running header
    rows = [("序号", "页码"), ("- 3 -", ""), ("当前位置:", "首页")] + [
        same if k % 9 == 0 else (f"指标{k}", str(k)) for k in range(27)]
    lines = [Line(1, "第一章 总则")] + [Line(k + 2, "\t".join(r), cells=r, table=1) for k, r in enumerate(rows)]
    lines.append(Line(len(lines) + 1, "- 4 -"))
    kept, removed = clean("\n".join(ln.raw for ln in lines), lines)
    assert [ln.cells for ln in kept if ln.cells] == rows
    assert [r.text for r in removed] == ["- 4 -"]  # the same text outside a table is a page number


def test_an_old_layout_table_page_keeps_its_title_and_drops_its_frame():
    body = "".join(f"<p>　　第{n}章 标题{n}</p><p>　　" + "这是正文内容，推动高质量发展。" * 12 + "</p>" for n in "一二三")
    page = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>"
            "<table><tr><td><a href=\"/\">首页</a> | <a>机构设置</a> | <a>办事服务</a></td></tr>"
            "<tr><td><table><tr><td><ul><li><a>通知公告</a></li><li><a>工作动态</a></li></ul></td>"
            "<td><div class=\"bt\">某县国民经济和社会发展第十四个五年规划纲要</div>"
            f"<div>发布日期：2021-03-01 来源：县发改局</div><div id=\"zoom\">{body}</div></td></tr></table></td></tr>"
            "<tr><td>版权所有 某县人民政府 地址：某路1号</td></tr></table></body></html>")
    ex = extract(page.encode("gb18030"))
    assert [ln.raw for ln in ex.lines][:3] == ["某县国民经济和社会发展第十四个五年规划纲要", "第一章 标题一",
                                              "这是正文内容，推动高质量发展。" * 12]
    assert {r.text for r in ex.removed} == {"首页 | 机构设置 | 办事服务", "通知公告", "工作动态",
                                            "发布日期：2021-03-01 来源：县发改局", "版权所有 某县人民政府 地址：某路1号"}


def tiny_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF (Helvetica, ASCII) written by hand, for odd shapes."""
    ops = "".join(f"BT /F1 12 Tf 72 {770 - 18 * k} Td ({t}) Tj ET\n" for k, t in enumerate(lines)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
             b"/Resources << /Font << /F1 5 0 R >> >> >>"),
            b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"endstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


@pytest.mark.parametrize("lines", [["Development Plan 2021-2025"], ["Chapter A", "Chapter B", "Chapter C"], ["1", "Plan of the county", "2"]])
def test_small_odd_pdfs_parse_and_are_accounted_for(lines):
    data = tiny_pdf(lines)
    plan = parse_bytes(data, "tiny")
    missing, extra = account(plan, extract(data).text)
    assert not missing and not extra
    assert plan.meta.format == "pdf"
    if len(lines) == 1:  # one page: nothing on it can be a running header
        assert not plan.removed


def test_a_text_layer_of_glyph_numbers_is_refused():
    """Fonts without a Unicode table give private-use or control characters."""
    from fyp_tui.ingest.readers.pdf import _Line, _unmapped

    def lines(texts):
        return [_Line(t, 72, 500, 700 - 18 * k, 690 - 18 * k, 11, 1) for k, t in enumerate(texts)]

    assert _unmapped(lines(["\ue01a\ue02b\ue003\ue111 \ue0ff", "\x03\x11\x05\x07\x09第"]))
    assert not _unmapped(lines(["第一章 总则", "“十四五”时期，全区上下深入贯彻新发展理念。\ue000"]))


def test_plan_sentences_that_mention_web_words_stay():
    page = ("<html><body><div class=\"content\"><p>第五章 保护知识产权</p>"
            "<p>严厉打击侵犯著作权人和版权所有人合法权益的行为，完善网站备案管理。</p>"
            "<p>推进政务信息公开，建立信息来源可追溯机制。</p></div>"
            "<div class=\"ft\">版权所有：某县人民政府　苏ICP备12345678号</div></body></html>")
    ex = extract(page.encode())
    assert len(ex.lines) == 3 and [r.text for r in ex.removed] == ["版权所有：某县人民政府　苏ICP备12345678号"]
