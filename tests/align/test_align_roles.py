"""A unit's role in its plan (review, situation, direction, implementation, topic), and
that only units of one role can be counterparts."""

from __future__ import annotations

from alignkit import ECOLOGY, mini_plan, sec

from fyp_tui.align import align_units
from fyp_tui.align.pairs import select
from fyp_tui.align.roles import role
from fyp_tui.align.units import plan_units
from fyp_tui.model import Plan


def _roles(plan: Plan) -> dict[str, str]:
    return {u.title: role(u) for u in plan_units(plan)}


def test_framework_roles_of_the_bundled_plans(corpus):
    # read off the documents' outlines by hand (`fyp outline`)
    gulou = _roles(corpus.get("xuzhou-gulou"))
    assert gulou["序言"] == "front"
    assert gulou["发展成就"] == "review" and gulou["面临形势"] == "situation"
    assert gulou["指导思想"] == gulou["战略导向"] == gulou["主要目标"] == "direction"
    assert gulou["加强党的全面领导"] == gulou["广泛凝聚社会力量"] == "implementation"  # by their chapter's title
    assert gulou["创新发展数字经济"] == gulou["完善公共安全体系"] == "body"
    # topic titles holding a framework word in another sense stay topics
    assert gulou["打造国际一流营商环境"] == gulou["提高社会保障水平"] == "body"
    jingkou = _roles(corpus.get("zhenjiang-jingkou"))
    assert jingkou["宏观发展环境"] == jingkou["发展阶段特征"] == "situation"
    assert jingkou["基本原则"] == jingkou["二〇三五年远景目标"] == "direction"
    # a 建议's items take the role of the part they are in
    proposal = {u.title: role(u) for u in plan_units(corpus.get("xuzhou"))}
    review = [t for t in proposal if t.startswith("过去五年")]
    assert len(review) == 5 and {proposal[t] for t in review} == {"review"}
    assert proposal["放眼全球，世界格局出现新变化新趋势"] == "situation"
    assert proposal["健全规划建议执行落实机制"] == "implementation"
    assert proposal["结语"] == "end" and proposal["积极壮大高端制造业"] == "body"


def test_units_of_different_roles_are_never_equivalent():
    m = [[0.50, 0.30],
         [0.10, 0.40]]
    # A0's best is B0, but A0 reviews the last five years and B0 sets targets
    eq, rel = select(m, 0.22, ["review", "direction"], ["direction", "direction"])
    assert (0, 0) in rel and (0, 0) not in eq
    assert (1, 1) in eq and (1, 0) not in eq  # B0's best among its role is A1 (0.10): under the floor


REVIEW = ("过去五年，地区生产总值年均增长百分之七，污染防治攻坚战取得决定性成效，大气和水环境质量持续改善，"
          "垃圾分类和固体废物资源化利用全面推进，河湖长制全面落实，生态城区建设成效显著。")


def test_a_review_and_a_topic_are_not_counterparts(weights):
    # B's review of the last five years speaks of ecology in the words of A's ecology section
    a = mini_plan("a", [ECOLOGY])
    b = mini_plan("b", [], city="丙市", district="丁区")
    b.sections.append(sec("ch01", "章", "第一章", "发展基础", children=[
        sec("ch01.s01", "节", "第一节", "发展成就", REVIEW)]))
    al = align_units(a, b, weights)
    assert al.matrix[0][0] >= al.min_score  # they do share wording …
    assert not al.pairs and [p.b.title for p in al.related] == ["发展成就"]  # … but only as a related link


def test_a_role_held_by_one_unit_takes_every_unit_of_that_role_whose_best_it_is():
    # A's one implementation chapter against B's three implementation sections: each is
    # best matched by it, at shares of its best (0.55) under MERGE_SHARE
    m = [[0.55, 0.26, 0.24, 0.10],
         [0.10, 0.12, 0.11, 0.50]]
    eq, rel = select(m, 0.22, ["implementation", "body"], ["implementation"] * 3 + ["body"])
    assert eq == {(0, 0), (0, 1), (0, 2), (1, 3)}
    # topic units get no such merge: the same scores between topics keep only the shares
    eq, rel = select(m, 0.22, ["body", "body"], ["body"] * 4)
    assert eq == {(0, 0), (1, 3)} and {(0, 1), (0, 2)} <= rel
    # nor do framework roles held by two units on each side
    eq, _ = select(m + [[0.2, 0.1, 0.1, 0.1]], 0.22, ["implementation", "body", "implementation"],
                   ["implementation"] * 3 + ["body"])
    # B2 (A0's third) stays apart; B1, left alone and A0's runner-up, pairs by the round-10 rule
    # for a framework unit left alone (test_align_rules), not as part of a whole role
    assert eq == {(0, 0), (0, 1), (1, 3)}


def test_a_role_held_by_one_unit_needs_only_half_the_floor():
    # B's one review section against A's three review items (a 建议's 过去五年，是…的五年):
    # one item is about figures and places B does not repeat and scores under the floor
    m = [[0.40, 0.10], [0.15, 0.05], [0.09, 0.02], [0.05, 0.45]]
    eq, rel = select(m, 0.22, ["review"] * 3 + ["body"], ["review", "body"])
    assert eq == {(0, 0), (1, 0), (3, 1)}  # 0.15: at least half the floor; 0.09 is not
    assert (1, 0) not in rel  # under the floor a pair is equivalent or nothing
    # with two review units on each side, the same score under the floor pairs nothing
    eq, _ = select(m, 0.22, ["review"] * 3 + ["body"], ["review", "review"])
    assert (1, 0) not in eq and (0, 0) in eq
    # the floor is the caller's: raised, it raises the whole role's too
    eq, _ = select(m, 0.35, ["review"] * 3 + ["body"], ["review", "body"])
    assert eq == {(0, 0), (3, 1)}


def test_closing_parts_titled_to_carry_the_plan_out_are_implementation():
    from fyp_tui.align.units import Unit

    def unit(title: str, *context: str) -> Unit:
        return Unit("p", "ch01", "chapter", "第一章", title, "ch01", tuple(context), title, 0)

    # the 十二五's last 篇 强化实施 (its 加强规划协调管理 chapter) and a 2001 plan's
    # 保障计划全面落实: the plan being carried out, as 规划实施 and 实施保障 say it
    assert role(unit("加强规划协调管理", "强化实施　实现宏伟发展蓝图")) == "implementation"
    assert role(unit("保障计划全面落实", "“十五”计划实施")) == "implementation"
    assert role(unit("保障规划顺利实施")) == "implementation"
    # a topic that guarantees something else stays a topic
    assert role(unit("保障和改善民生")) == role(unit("强化实施创新驱动发展战略")) == "body"
