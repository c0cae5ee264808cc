"""Tiny hand-made plans for the align tests."""

from __future__ import annotations

from fyp_tui.model import Paragraph, Plan, PlanMeta, Section


def sec(sid: str, level: str, label: str, title: str, *paras: str, children=()) -> Section:
    return Section(id=sid, level=level, label=label, title=title, heading=f"{label}{title}",
                   blocks=[Paragraph(p) for p in paras], children=list(children))


def mini_plan(pid: str, topics: list[tuple[str, str]], city: str = "甲市", district: str = "乙区") -> Plan:
    """One chapter per topic, each with one 节 holding the topic's text."""
    chapters = []
    for k, (title, text) in enumerate(topics, 1):
        chapters.append(sec(f"ch{k:02d}", "章", f"第{k}章", title, children=[
            sec(f"ch{k:02d}.s01", "节", "第一节", title, text),
        ]))
    meta = PlanMeta(title=f"{pid}规划", province="江苏省", city=city, district=district, level="district",
                    kind="outline")
    return Plan(id=pid, meta=meta, sections=chapters, source_sha256=pid)


ECOLOGY = ("加强生态环境保护", "深入打好污染防治攻坚战，持续改善大气环境质量，强化水污染治理和土壤污染管控，"
           "推进河湖长制落实，加快垃圾分类和固体废物资源化利用，建设美丽宜居的生态城区。")
EDUCATION = ("办好人民满意的教育", "推进学前教育普惠发展，提高普惠性幼儿园覆盖率，推进义务教育优质均衡发展，"
             "深化集团化办学改革，加强教师队伍建设，完善终身教育体系，扩大优质教育资源供给。")
HEALTH = ("建设健康城区", "完善医疗卫生服务体系，推进紧密型医联体建设，提升基层医疗卫生服务能力，"
          "加强疾病预防控制体系建设，提高突发公共卫生事件应急处置能力，深化家庭医生签约服务。")
TAIWAN = ("深化对台交流合作", "落细落实惠台利民政策措施，推动台胞台企同等待遇，打造台胞台企登陆第一家园，"
          "深化两岸融合发展，扩大两岸青年交流，建设海峡两岸融合发展示范区。")
FARMING = ("发展现代农业", "大力发展都市农业和休闲农业，落实粮食安全责任制，加强耕地保护和高标准农田建设，"
           "培育家庭农场和农民合作社，推进农产品品牌建设，促进农民持续增收。")
