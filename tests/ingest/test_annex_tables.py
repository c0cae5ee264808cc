"""A plan's annex published on its own: a title and a table of projects, no headings
(sites post 附件2 常州市“十四五”重大项目表 as a Word file of its own). It parses, its
table in the one 正文 section, nothing lost; it made a TypeError before."""

from __future__ import annotations

from fyp_tui.cli import main
from fyp_tui.ingest import account, parse_file
from fyp_tui.model import BODY

ROWS = [["序号", "项目名称", "建设内容及规模", "总投资（亿元）", "建设年限"],
        ["1", "常泰长江大桥", "主跨1208米公铁两用斜拉桥", "150", "2019—2025"],
        ["2", "城市轨道交通3号线", "全长35.8公里，设站29座", "270", "2020—2025"]]


def annex(path):
    import docx

    d = docx.Document()
    d.add_paragraph("附件2")
    d.add_paragraph("某市“十四五”重大项目表")
    t = d.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for i, row in enumerate(ROWS):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    d.save(str(path))
    return path


def test_an_annex_of_one_table_parses_with_its_table_in_the_body(tmp_path):
    plan = parse_file(annex(tmp_path / "annex.docx"))
    body = plan.sections[-1]
    assert body.level == BODY
    (table,) = plan.tables()
    assert [r.cells for r in table.rows] == ROWS
    assert [b.text for b in plan.sections[0].blocks] == ["附件2", "某市“十四五”重大项目表"]
    text = "\n".join(["附件2", "某市“十四五”重大项目表"] + ["\t".join(r) for r in ROWS])
    missing, extra = account(plan, text)
    assert not missing and not extra


def test_ingesting_it_gives_no_traceback(tmp_path, capsys, user_dirs):
    code = main(["ingest", str(annex(tmp_path / "annex.docx")), "--dest", str(tmp_path / "corpus")])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err and "✓ annex" in out


def test_a_table_of_projects_gives_no_targets(tmp_path):
    """Its rows name no indicator and give no value: `fyp targets` lists none of them
    (it listed three empty rows)."""
    from fyp_tui.targets import table_targets

    assert table_targets(parse_file(annex(tmp_path / "annex.docx"))) == []
