"""What a section holds: a 专栏 box or table after its numbered subsections is its own;
its paragraphs opening with a lead sentence are 条 when they come in a run, and its
introduction is not.

Expected places and leads are read off the source file (the lines between a 节 heading
and the next), never from the parser.
"""

from __future__ import annotations

import re

from fyp_tui.ingest import parse_bytes
from tests.conftest import REPO



def test_a_box_after_a_sections_numbered_subsections_is_the_sections():
    """连云港海州's 第二节 提升现代服务业发展水平 runs five lead paragraphs, then its 专栏
    (glued to the fifth's end). Numbered （一）…（五） as a plan may write them, the box
    still sits in the 节 (read off the file: between its heading and the next 节's), not
    in （五）; each （N） is a subsection of the 节."""
    lines = (REPO / "corpus" / "raw" / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    head = next(k for k, ln in enumerate(lines) if ln.startswith("第二节提升现代服务业"))
    box = next(k for k in range(head, len(lines)) if "专栏" in lines[k])
    leads = [k for k in range(head + 2, box + 1) if re.match(r"^\S{4,14} ?。", lines[k])]
    assert len(leads) == 5
    for n, k in enumerate(leads):
        lines[k] = f"（{'一二三四五'[n]}）{lines[k].replace(' 。', '。')}"
    plan = parse_bytes(("\n".join(lines) + "\n").encode("utf-8"), "hz-items")
    sec = next(s for s in plan.walk() if s.title.startswith("提升现代服务业"))
    assert [c.label for c in sec.children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [b.title for b in sec.blocks if type(b).__name__ == "Box"] == ["服务业重点工程、重点项目"]
    assert not any(type(b).__name__ == "Box" for c in sec.children for b in c.blocks)


def test_a_run_of_lead_paragraphs_are_items_after_an_introduction():
    """海州's 第二节 提升现代服务业发展水平: an introduction, then five paragraphs each opening
    with a short sentence (read off the file). The five are 条, the introduction is not."""
    lines = (REPO / "corpus" / "raw" / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    head = next(k for k, ln in enumerate(lines) if ln.startswith("第二节提升现代服务业"))
    leads = [re.match(r"^(\S{4,14}) ?。", ln).group(1) for ln in lines[head + 2 : head + 7]]
    plan = parse_bytes(("\n".join(lines) + "\n").encode("utf-8"), "hz")
    sec = next(s for s in plan.walk() if s.title.startswith("提升现代服务业"))
    assert [c.title for c in sec.children] == leads
    assert sec.blocks[0].text.startswith("以建设区域性商贸文化中心为目标")


def test_a_run_of_lead_paragraphs_from_a_sections_start_are_items():
    """海州's 第一节 有效提高创新能力 opens straight with its run (`打造区域创新高地。…`, read
    off the file: the paragraphs after the heading up to the box, each opening with a short
    sentence): the first is a 条 too, its next paragraph being led as well."""
    lines = (REPO / "corpus" / "raw" / "lianyungang-haizhou.txt").read_text(encoding="utf-8").splitlines()
    head = next(k for k, ln in enumerate(lines) if ln.startswith("第一节有效提高创新能力"))
    leads = []
    for ln in lines[head + 1 :]:
        m = re.match(r"^(\S{4,14}) ?。", ln)
        if not m:
            break
        leads.append(m.group(1))
    assert len(leads) >= 3
    plan = parse_bytes(("\n".join(lines) + "\n").encode("utf-8"), "hz")
    sec = next(s for s in plan.walk() if s.title.startswith("有效提高创新能力"))
    assert [c.title for c in sec.children][: len(leads)] == leads


def test_a_box_inside_a_numbered_subsection_stays_with_its_text():
    """A 专栏 between （二）'s paragraphs, its text going on after the box (`同时，…`): box and
    text stay in （二）; only a box that a heading follows closes the subsections."""
    text = ("第一章　产业发展\n第一节　服务业\n（一）发展生产性服务业\n推动生产性服务业向专业化和价值链高端延伸。\n"
            "（二）发展生活性服务业\n推动生活性服务业向高品质和多样化升级。\n专栏1　生活性服务业重点项目\n"
            "1．文旅融合项目。\n2．养老服务项目。\n同时，加快补齐社区服务短板，完善社区服务设施。\n"
            "（三）发展数字服务业\n加快数字技术与服务业融合。\n")
    plan = parse_bytes(text.encode("utf-8"), "mid")
    two = next(s for s in plan.walk() if s.label == "（二）")
    assert [type(b).__name__ for b in two.blocks] == ["Paragraph", "Box", "Paragraph"]
    assert two.blocks[2].text.startswith("同时")


def test_a_run_of_leads_whose_paragraphs_break_across_lines():
    """Each 条's paragraph broken in two lines (`…推进农业结构` / `调整，…`): the first
    paragraph is still one of the run, the next paragraph (not the next line) being led."""
    broken = [("加快发展现代农业。稳定粮食生产，推进农业结构", "调整，提高农业综合效益。"),
              ("推进工业结构升级。改造提升传统产业，培育壮大", "新兴产业，提高工业竞争力。"),
              ("发展现代服务业。扩大服务业规模，提升服务业", "发展水平。")]
    text = "\n".join(["第一章　总体要求", "第一节　主要任务", *(ln for pair in broken for ln in pair)]) + "\n"
    plan = parse_bytes(text.encode("utf-8"), "runs")
    sec = next(s for s in plan.walk() if s.label == "第一节")
    assert [c.title for c in sec.children] == ["加快发展现代农业", "推进工业结构升级", "发展现代服务业"]
