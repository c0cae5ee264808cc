"""Ingest cuts exactly what the terminal sanitiser removes: one list of controls.

U+061C (Arabic letter mark) used to pass ingest into plan text while the output
sanitiser stripped it; now it is cut and kept in ``removed`` like the other bidi marks.
"""

from __future__ import annotations

from fyp_tui.ingest import account, parse_bytes
from fyp_tui.sanitize import for_terminal


def test_ingest_and_sanitiser_agree_on_controls():
    text = "第一章 总则\n加快发展\u061c楼宇经济\u202e，打造\u2028总部基地。\n"
    plan = parse_bytes(text.encode(), "p")
    body = "".join(s.full_text() for s in plan.walk())
    assert for_terminal(body) == body  # nothing left for the sanitiser to remove
    cut = "".join(r.text for r in plan.removed)
    assert "\u061c" in cut and "\u202e" in cut and "\u2028" in cut
    assert "楼宇经济" in body and "总部基地" in body
    missing, extra = account(plan, text)
    assert not missing and not extra
