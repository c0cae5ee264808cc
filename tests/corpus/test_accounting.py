"""Nothing lost: every non-space character of the input lands in exactly one place."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fyp_tui.corpus import parse_raw
from fyp_tui.ingest import IngestError, account, extract, parse_bytes
from fyp_tui.ingest.decode import decode_bytes
from tests.conftest import REPO, SEEDS

CORPUS = REPO / "corpus"


@pytest.mark.parametrize("pid", SEEDS)
def test_every_character_accounted_for(pid):
    plan = parse_raw(CORPUS, pid)
    text = decode_bytes((CORPUS / "raw" / f"{pid}.txt").read_bytes()).text
    missing, extra = account(plan, text)
    assert not missing and not extra
    assert plan.chars == sum(1 for c in text if not c.isspace())


def test_accounting_notices_a_lost_character():
    """The check is not vacuous: drop one paragraph and it is missed."""
    plan = parse_raw(CORPUS, "xuzhou")
    text = decode_bytes((CORPUS / "raw" / "xuzhou.txt").read_bytes()).text
    sec = plan.section("p03.i02")
    sec.blocks.pop()
    missing, extra = account(plan, text)
    assert missing and not extra


# Text made of the pieces plans are made of, in any order, plus anything at all.
PIECES = st.sampled_from([
    "第一章 ", "第 二 节", "第三篇", "一、", "（一）", "(二)", "1、", "2.", "专栏3:", "专栏:", "序 言", "前言",
    "。", " , ", " . ", "“ 十四五 ”", "提 高开放水平", "2020年", "预期性", "约束性", "【23】", "分类", "序号",
    "指标", "目 录", "- 12 -", "当前位置: 首页", "温馨提示:", "附件下载:", "欧宝体育app入口", "\x1b[31m", "\x00",
    "\n", "\n\n", " ", "\u3000", "\t", "|", "[bold]", "[/]", "发展成就", "深度推进两区融合发展。", "建设", "第",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_arbitrary_text_parses_and_is_accounted_for(text):
    data = text.encode("utf-8", "surrogatepass")
    try:
        plan = parse_bytes(data, "t")
    except IngestError as e:
        assert str(e).startswith("<input>: ")
        return
    missing, extra = account(plan, extract(data).text)
    assert not missing and not extra


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_plan_or_the_clear_error(data):
    try:
        plan = parse_bytes(data, "t", source="x.txt")
    except IngestError as e:
        assert str(e).startswith("x.txt: ")
        return
    missing, extra = account(plan, extract(data).text)
    assert not missing and not extra
