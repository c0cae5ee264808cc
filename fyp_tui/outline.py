"""A plan's outline as plain nodes: the shape `fyp outline --json` prints and the UI tree shows.

Sections become nodes with their numbering level (篇, 章, 节, 一, （一）, 1, 条 …);
专栏 boxes and indicator tables become nodes of level 专栏 and 表 under the
section they sit in, in reading order.
"""

from __future__ import annotations

from .model import BOX, TABLE, Box, Plan, Section, Table


def section_node(s: Section, depth: int | None = None, blocks: bool = True) -> dict:
    children: list[tuple[int, dict]] = []
    if depth is None or depth > 1:
        nxt = None if depth is None else depth - 1
        children += [(c.line, section_node(c, nxt, blocks)) for c in s.children]
        if blocks:
            for b in s.blocks:
                if isinstance(b, Box):
                    children.append((b.line, {"id": b.id, "level": BOX, "label": b.label, "title": b.title, "children": []}))
                elif isinstance(b, Table):
                    children.append((b.line, {"id": b.id, "level": TABLE, "label": "", "title": b.caption,
                                              "rows": len(b.rows), "children": []}))
    children.sort(key=lambda x: x[0])  # reading order: boxes between items
    return {"id": s.id, "level": s.level, "label": s.label, "title": s.title, "children": [c for _, c in children]}


def outline(plan: Plan, depth: int | None = None, blocks: bool = True) -> list[dict]:
    return [section_node(s, depth, blocks) for s in plan.sections]


def outline_json(plan: Plan, depth: int | None = None) -> dict:
    return {"id": plan.id, "meta": plan.meta.to_dict(), "outline": outline(plan, depth)}


def stats(plan: Plan) -> dict:
    """Counts shown by `fyp list` and `fyp ingest`."""
    levels: dict[str, int] = {}
    for s in plan.walk():
        levels[s.level] = levels.get(s.level, 0) + 1
    return {
        "levels": levels,
        "boxes": len(plan.boxes()),
        "tables": len(plan.tables()),
        "table_rows": sum(len(t.rows) for t in plan.tables()),
        "chars": plan.chars,
        "removed_chars": sum(len("".join(r.text.split())) for r in plan.removed),
        "removed": len(plan.removed),
    }
