"""Markdown, HTML and CSV writers for a comparison of two plans.

Markdown and HTML put both texts side by side, one table row per sentence pair
(sentences without a counterpart get a row of their own), with verbatim shared
text marked (**bold** / ``<mark>``), ready to paste into a report. Every piece of
document text is escaped for its format: a plan can contain ``|``, ``*`` or
``<script>`` and still come out as text. CSV has one row per unit pair (and per
unmatched unit) with both full texts and the shared spans, for scripts.

Every pair carries its relation: ``equivalent`` pairs (the counterparts) come
first in A's order, then the ``related`` ones (secondary links), marked as such.

Plans are always named by place (徐州鼓楼区), never by a bare district name.
"""

from __future__ import annotations

import io
import itertools
import re
from typing import TYPE_CHECKING

from .model import Plan

if TYPE_CHECKING:  # the engine is imported by the writers, so `fyp --help` need not load it
    from .align.inside import Inside
    from .align.pairs import Alignment, UnitPair
    from .align.units import Unit

FORMATS = ("md", "html", "csv")


def plan_name(plan: Plan) -> str:
    return f"{plan.meta.place}{plan.meta.kind_label}" if plan.meta.place else plan.id


def unit_path(plan: Plan, unit: Unit) -> str:
    """``第六章 坚持生态优先 › 第一节 加强…`` (the unit with its ancestors)."""
    try:
        chain = plan.path(unit.id)
    except KeyError:
        return unit.display_title
    return " › ".join(s.display_title for s in chain)


RELATION_LABELS = {"equivalent": "对应", "related": "相关"}


def ordered_pairs(al: Alignment) -> list[UnitPair]:
    """Equivalent pairs in A's order (a unit's several counterparts in B's), then the
    related ones the same way."""
    def order(p: UnitPair) -> tuple[int, int]:
        return p.a.index, p.b.index

    return sorted(al.pairs, key=order) + sorted(al.related, key=order)


def _rows(ins: Inside) -> list[tuple[int | None, int | None]]:
    """Side-by-side rows of sentence indices, each side in its own reading order.

    The matched sentences that can face each other without either side moving (the
    chain of matches rising in both, of the highest total score) share a row; the
    sentences between two such rows follow on each side in order, beside each other.
    A match out of that order keeps its highlight but not a row: B's sentences were
    once laid out in A's order, a heading third and a paragraph split by another."""
    best: dict[tuple[int, int], float] = {}
    for sp in ins.pairs:
        best[sp.a, sp.b] = max(sp.score, best.get((sp.a, sp.b), 0.0))
    chain = _heaviest_chain(best)
    rows: list[tuple[int | None, int | None]] = []
    ia = jb = 0
    for i, j in [*chain, (len(ins.a_segments), len(ins.b_segments))]:
        rows += list(itertools.zip_longest(range(ia, i), range(jb, j)))
        if i < len(ins.a_segments):
            rows.append((i, j))
        ia, jb = i + 1, j + 1
    return rows


def _heaviest_chain(weights: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The pairs (i, j) strictly rising in both, of the highest total weight: taken by
    i, and within one i by j falling (so no two of one i chain), each extends the best
    chain ending below its j, read from a Fenwick tree of prefix maxima over j (n log n:
    a repetitive text gives tens of thousands of pairs)."""
    cands = sorted(weights, key=lambda p: (p[0], -p[1]))
    if not cands:
        return []
    size = max(j for _, j in cands) + 2
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # (total, pair index) of the best chain

    def best_below(j: int) -> tuple[float, int]:  # the best chain ending at a j' < j
        out, x = (0.0, -1), j
        while x > 0:
            out = max(out, tree[x])
            x -= x & -x
        return out

    back = [-1] * len(cands)
    totals = [0.0] * len(cands)
    for k, (i, j) in enumerate(cands):
        below, prev = best_below(j + 1)  # chains ending at a j' ≤ j - 1 (j' is kept at j' + 2)
        totals[k], back[k] = below + weights[i, j], prev
        x = j + 2
        while x <= size:
            tree[x] = max(tree[x], (totals[k], k))
            x += x & -x
    at = max(range(len(cands)), key=totals.__getitem__)
    chain: list[tuple[int, int]] = []
    while at >= 0:
        chain.append(cands[at])
        at = back[at]
    return chain[::-1]


def _cells(ins: Inside, cell) -> list[tuple[str, str]]:
    """The side-by-side rows, each side rendered by ``cell(text, segment or None, marks, gap)``
    (``gap``: ``Inside.gaps``, where the heading shows a space its text runs together)."""
    am, bm = ins.a_marks(), ins.b_marks()
    ga, gb = ins.gaps
    return [
        (cell(ins.a_text, ins.a_segments[i] if i is not None else None, am, ga),
         cell(ins.b_text, ins.b_segments[j] if j is not None else None, bm, gb))
        for i, j in _rows(ins)
    ]


def _pieces(text: str, start: int, end: int, marks: list[tuple[int, int]],
            gap: int | None = None) -> list[tuple[str, bool]]:
    """``text[start:end]`` cut into (piece, is_shared), with a space shown at ``gap`` (第一节 发展成就:
    a shared run across it stays one run)."""
    out = _cut(text, start, end, marks)
    if gap is None or not start < gap < end:
        return out
    spaced: list[tuple[str, bool]] = []
    pos = start
    for piece, shared in out:
        if pos < gap < pos + len(piece):
            spaced += [(piece[: gap - pos] + " " + piece[gap - pos :], shared)]
        elif pos == gap:
            prev = spaced[-1][1] if spaced else False
            spaced += [(" ", prev and shared), (piece, shared)]
        else:
            spaced.append((piece, shared))
        pos += len(piece)
    return spaced


def _cut(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    pos = start
    for s, e in marks:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < end:
        out.append((text[pos:end], False))
    return out


# -- Markdown -------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _md(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\r", "").replace("\n", "<br>")


def _md_cell(text: str, seg, marks, gap: int | None = None) -> str:
    if seg is None:
        return ""
    parts = []
    for piece, shared in _pieces(text, seg.start, seg.end, marks, gap):
        piece = _md(piece.strip("\n"))
        if piece.strip():
            parts.append(f"**{piece}**" if shared else piece)
    return "".join(parts)


# what a marked run is (align.inside.MIN_SPAN characters compared: punctuation counts, white
# space does not; "≥8字" was read as eight Han characters)
_RUN_NOTE = "连续至少8个字符，标点计入，空格不计"


def to_markdown(al: Alignment, pairs: list[UnitPair] | None = None) -> str:
    from .align.inside import compare_pair

    an, bn = plan_name(al.a), plan_name(al.b)
    out = [f"# {_md(an)} ↔ {_md(bn)}", ""]
    out.append(f"对应章节 {len(al.pairs)} 对（另有相关 {len(al.related)} 对）；仅见于{_md(an)} {len(al.only_a)} 节；"
               f"仅见于{_md(bn)} {len(al.only_b)} 节。"
               f"**粗体**为两份文本逐字相同的内容（{_RUN_NOTE}）。")
    out.append("")
    for p in pairs if pairs is not None else ordered_pairs(al):
        ins = compare_pair(p)
        out.append(f"## {_md(unit_path(al.a, p.a))} ↔ {_md(unit_path(al.b, p.b))}")
        out.append("")
        terms = "、".join(_md(t) for t in p.shared)
        out.append(f"{RELATION_LABELS[p.relation]}（{p.relation}）· 相似度 {p.score:.2f} · 文字复用 {ins.reuse:.0%}（{_md(an)}）/ {ins.reuse_b:.0%}（{_md(bn)}）"
                   + (f" · 共同词语：{terms}" if terms else ""))
        out.append("")
        out.append(f"| {_md(an)} | {_md(bn)} |")
        out.append("| --- | --- |")
        out += [f"| {a} | {b} |" for a, b in _cells(ins, _md_cell)]
        out.append("")
    for name, plan, units in ((an, al.a, al.only_a), (bn, al.b, al.only_b)):
        if units:
            out.append(f"## 仅见于{_md(name)}")
            out.append("")
            out += [f"- {_md(unit_path(plan, u))}" for u in units]
            out.append("")
    return "\n".join(out)


# -- HTML -----------------------------------------------------------------------
_CSS = """body{font-family:"Noto Serif CJK SC","Source Han Serif SC",serif;margin:2em;line-height:1.7}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin-bottom:2em}
th,td{border:1px solid #bbb;padding:.4em .6em;vertical-align:top;width:50%}
th{background:#f2f2f2}mark{background:#ffe08a}.meta{color:#555}"""


def _h(s: str) -> str:
    import html  # exports only: not on every command's import path (the CLI imports FORMATS)

    return html.escape(s, quote=True)


def _html_cell(text: str, seg, marks, gap: int | None = None) -> str:
    if seg is None:
        return ""
    return "".join(
        f"<mark>{_h(piece)}</mark>" if shared else _h(piece)
        for piece, shared in _pieces(text, seg.start, seg.end, marks, gap)
    ).replace("\n", "<br>")


def to_html(al: Alignment, pairs: list[UnitPair] | None = None) -> str:
    from .align.inside import compare_pair

    an, bn = _h(plan_name(al.a)), _h(plan_name(al.b))
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{an} ↔ {bn}</title><style>{_CSS}</style></head><body>",
        f"<h1>{an} ↔ {bn}</h1>",
        (f'<p class="meta">对应章节 {len(al.pairs)} 对（另有相关 {len(al.related)} 对）；仅见于{an} {len(al.only_a)} 节；'
         f"仅见于{bn} {len(al.only_b)} 节。<mark>标记</mark>为两份文本逐字相同的内容（{_RUN_NOTE}）。</p>"),
    ]
    for p in pairs if pairs is not None else ordered_pairs(al):
        ins = compare_pair(p)
        out.append(f"<h2>{_h(unit_path(al.a, p.a))} ↔ {_h(unit_path(al.b, p.b))}</h2>")
        terms = "、".join(_h(t) for t in p.shared)
        out.append(f'<p class="meta relation-{p.relation}">{RELATION_LABELS[p.relation]}（{p.relation}）· 相似度 {p.score:.2f} · 文字复用 {ins.reuse:.0%}（{an}）/ '
                   f"{ins.reuse_b:.0%}（{bn}）" + (f" · 共同词语：{terms}" if terms else "") + "</p>")
        out.append(f"<table><thead><tr><th>{an}</th><th>{bn}</th></tr></thead><tbody>")
        out += [f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in _cells(ins, _html_cell)]
        out.append("</tbody></table>")
    for name, plan, units in ((an, al.a, al.only_a), (bn, al.b, al.only_b)):
        if units:
            out.append(f"<h2>仅见于{name}</h2><ul>")
            out += [f"<li>{_h(unit_path(plan, u))}</li>" for u in units]
            out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- CSV ------------------------------------------------------------------------
CSV_HEADER = [
    "a_plan", "a_id", "a_label", "a_title", "b_plan", "b_id", "b_label", "b_title",
    "score", "relation", "reuse_a", "reuse_b", "shared_terms", "shared_text", "a_text", "b_text",
]


def _csv_row(cells: list[str]) -> list[str]:
    """One CSV row as written: every cell passes through here (one place to neutralise cells)."""
    return cells


def to_csv(al: Alignment, pairs: list[UnitPair] | None = None) -> str:
    from .align.inside import compare_pair

    from . import csvsafe

    buf = io.StringIO()
    w = csvsafe.writer(buf, lineterminator="\n")  # formula-looking cells neutralised
    w.writerow(CSV_HEADER)
    for p in pairs if pairs is not None else ordered_pairs(al):
        ins = compare_pair(p)
        w.writerow(_csv_row([
            al.a.id, p.a.id, p.a.label, p.a.shown_title, al.b.id, p.b.id, p.b.label, p.b.shown_title,
            f"{p.score:.4f}", p.relation, f"{ins.reuse:.4f}", f"{ins.reuse_b:.4f}", " / ".join(p.shared),
            " / ".join(ins.shared_text()), p.a.text, p.b.text,
        ]))
    if pairs is None:
        for u in al.only_a:
            w.writerow(_csv_row([al.a.id, u.id, u.label, u.shown_title, al.b.id, "", "", "", "", "", "", "", "", "",
                                 u.text, ""]))
        for u in al.only_b:
            w.writerow(_csv_row([al.a.id, "", "", "", al.b.id, u.id, u.label, u.shown_title, "", "", "", "", "", "", "",
                                 u.text]))
    return buf.getvalue()


def render(al: Alignment, fmt: str, pairs: list[UnitPair] | None = None) -> str:
    """The comparison in ``fmt`` (md, html or csv); ``pairs`` defaults to all of them."""
    writers = {"md": to_markdown, "html": to_html, "csv": to_csv}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return writers[fmt](al, pairs)


# Public names for the app's compare screen (same functions as the writers use).
side_by_side = _cells
shared_pieces = _pieces
