"""Rich renderables for plan text, shared by the CLI's human output.

Document text only ever enters ``rich.text.Text`` as plain strings (never markup),
so `[bold]` in a plan prints as written.
"""

from __future__ import annotations

from rich import box as rbox
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RTable
from rich.text import Text
from rich.tree import Tree

from .model import ITEM, Box, Paragraph, Plan, Section, Table

_BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    """A horizontal bar of ``fraction`` × ``width`` cells, in eighths of a cell."""
    cells = max(0.0, min(1.0, fraction)) * width
    full = int(cells)
    rest = _BLOCKS[int((cells - full) * 8)] if full < width else ""
    return ("█" * full + rest).rstrip()


LEVEL_STYLE = {"篇": "bold magenta", "编": "bold magenta", "章": "bold cyan", "节": "cyan", "一": "bold cyan",
               "（一）": "cyan", "1": "green", "条": "dim", "专栏": "yellow", "表": "blue"}


def plan_heading(plan: Plan) -> Text:
    m = plan.meta
    t = Text()
    t.append(m.title or plan.id, style="bold")
    parts = [m.region, m.kind_label, m.adopted or m.issued or "日期不详", plan.id]
    t.append("\n" + " · ".join(p for p in parts if p), style="dim")
    return t


def node_label(node: dict) -> Text:
    t = Text()
    label = node.get("label") or ""
    if label:
        t.append(label + " ", style=LEVEL_STYLE.get(node["level"], ""))
    elif node["level"] not in (ITEM,) and node.get("title") != node["level"]:
        t.append(f"[{node['level']}] ", style=LEVEL_STYLE.get(node["level"], "dim"))
    t.append(node.get("title") or "")
    t.append(f"  {node['id']}", style="dim")
    return t


def outline_tree(plan: Plan, nodes: list[dict]) -> Tree:
    tree = Tree(plan_heading(plan))

    def add(parent: Tree, items: list[dict]) -> None:
        for n in items:
            add(parent.add(node_label(n)), n["children"])

    add(tree, nodes)
    return tree


def table_renderable(t: Table, styles: dict | None = None) -> RenderableType:
    st = styles or {}
    if not t.rows:
        return Panel(Text("（原文中表格内容缺失，仅存标题）", style="dim italic"), title=Text(t.caption), box=rbox.SQUARE)
    rt = RTable(title=Text(t.caption), box=rbox.SIMPLE_HEAD, show_lines=False, pad_edge=False, expand=True)
    base = t.baseline_year or "基期"
    target = t.target_year or "目标"
    rt.add_column(Text("序号"), no_wrap=True, justify="right")
    # CJK has no spaces to wrap at: cells fold instead of being cut with "…".
    rt.add_column(Text("类别"), max_width=8, overflow="fold")
    rt.add_column(Text("指标"), ratio=4, min_width=8, overflow="fold")
    rt.add_column(Text("单位"), max_width=6, overflow="fold")
    rt.add_column(Text(base), ratio=1, min_width=4, overflow="fold")
    rt.add_column(Text(target), ratio=1, min_width=4, overflow="fold")
    rt.add_column(Text("属性"), no_wrap=True)
    previous = None
    for r in t.rows:
        # A category is written once, on the first row of its group, as in print.
        category = r.category if r.category != previous else ""
        previous = r.category
        def val(v: str) -> Text:  # 【x】 marks a five-year cumulative value, as printed
            return Text(f"【{v}】" if r.cumulative and v else v)

        attr = Text(r.attribute, style=st.get("binding", "bold red") if r.attribute == "约束性" else "")
        rt.add_row(Text(r.number), Text(category, style="bold"), Text(r.indicator), Text(r.unit),
                   val(r.baseline), val(r.target), attr)
    parts: list[RenderableType] = [rt]
    parts += [Text(n.text, style="dim") for n in t.notes]
    return Group(*parts)


def reading_order(s: Section):
    """(section, item) pairs in the order a reader meets them: the section's heading
    (item None), then its blocks and child sections interleaved by source line."""
    yield s, None
    items: list[tuple[int, int, object]] = [(b.line, k, b) for k, b in enumerate(s.blocks)]
    items += [(c.line, len(s.blocks) + k, c) for k, c in enumerate(s.children)]
    items.sort(key=lambda x: (x[0], x[1]))
    for _, _, b in items:
        if isinstance(b, Section):
            yield from reading_order(b)
        else:
            yield s, b


def item_renderable(s: Section, b, styles: dict | None = None, mark=None) -> RenderableType:
    """One reading-order item as a rich renderable. ``mark(text, sid) -> Text`` may
    add highlights (find-in-plan, search hits) to each piece of plain text."""
    st = styles or {}
    mk = mark or (lambda t, sid: t)
    if b is None:
        if s.level == ITEM:
            return mk(Text(s.heading, style=st.get("lead", "bold")), s.id)
        style = st.get(s.level, LEVEL_STYLE.get(s.level, "bold"))
        return mk(Text(s.display_title, style=style), s.id)
    if isinstance(b, Paragraph):
        return mk(Text(b.text, style=st.get("para", "")), s.id)
    if isinstance(b, Box):
        body = Text("\n").join(mk(Text(e.text), s.id) for e in b.entries) if b.entries else Text("")
        return Panel(body, title=mk(Text(b.heading), s.id), title_align="left", box=rbox.ROUNDED,
                     border_style=st.get("box", "yellow"))
    if isinstance(b, Table):
        return table_renderable(b, st)
    raise TypeError(b)


def reading_pieces(s: Section, styles: dict | None = None, mark=None):
    """``reading_order`` rendered (see ``item_renderable``), each lead item (条) read as
    one paragraph: its bold lead sentence joined to the paragraph after it.

    Yields (section, item, renderable, lead). ``lead`` is the 条 section whose sentence
    opens the piece, else None; ``item`` is then the paragraph it was joined to, or
    None when no paragraph followed. The CLI and the app's reader both read this.
    """
    pending = None  # (lead section, its renderable), waiting for a paragraph
    for sec, b in reading_order(s):
        r = item_renderable(sec, b, styles, mark)
        if pending is not None:
            lead, lr = pending
            pending = None
            if isinstance(b, Paragraph):
                yield sec, b, lr + r, lead
                continue
            yield lead, None, lr, lead
        if b is None and sec.level == ITEM:
            pending = (sec, r)
            continue
        yield sec, b, r, None
    if pending is not None:
        yield pending[0], None, pending[1], pending[0]


def section_renderables(plan: Plan, s: Section, depth: int = 0) -> list[RenderableType]:
    return [r for _, _, r, _ in reading_pieces(s)]


def breadcrumb(plan: Plan, sid: str) -> Text:
    t = Text(plan.meta.place or plan.id, style="bold")
    for s in plan.path(sid):
        t.append(" › ", style="dim")
        t.append(s.display_title)
    return t
