"""Rich renderables for plan text, shared by the CLI's human output.

Document text only ever enters ``rich.text.Text`` as plain strings (never markup),
so `[bold]` in a plan prints as written.
"""

from __future__ import annotations

from rich import box as rbox
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table as RTable
from rich.text import Text
from rich.tree import Tree

from .linebreak import min_width
from .model import ITEM, Box, Paragraph, Plan, Section, Table
from .places import NATIONAL
from .wrapped import Framed, Wrapped

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
    region = m.region or (NATIONAL if m.level == "national" else "")  # as the tree names a national plan
    parts = [region, m.kind_label, m.period, m.adopted or m.issued or "日期不详", plan.id]
    t.append("\n" + " · ".join(p for p in parts if p), style="dim")
    return t


def node_label(node: dict) -> Text:
    """``id  label title``: the id first, so a narrow terminal cuts the title, never
    the id the user types next (`fyp show PLAN#ID`)."""
    t = Text(f"{node['id']}  ", style="dim")
    label = node.get("label") or ""
    if label:
        t.append(label + " ", style=LEVEL_STYLE.get(node["level"], ""))
    elif node["level"] not in (ITEM,) and node.get("title") != node["level"]:
        t.append(f"[{node['level']}] ", style=LEVEL_STYLE.get(node["level"], "dim"))
    t.append(node.get("title") or "")
    return t


def outline_tree(plan: Plan, nodes: list[dict]) -> Tree:
    tree = Tree(plan_heading(plan))

    def add(parent: Tree, items: list[dict]) -> None:
        for n in items:
            add(parent.add(node_label(n)), n["children"])

    add(tree, nodes)
    return tree


def tree_width(plan: Plan, nodes: list[dict]) -> int:
    """Cells the widest line of ``outline_tree`` takes (a guide is 4 cells a level): a
    file or a pipe gets the tree at this width, so no title loses its end."""
    widest = max((cell_len(line) for line in plan_heading(plan).plain.split("\n")), default=0)
    stack = [(n, 1) for n in nodes]
    while stack:
        n, depth = stack.pop()
        widest = max(widest, 4 * depth + cell_len(node_label(n).plain))
        stack.extend((c, depth + 1) for c in n["children"])
    return widest


def cell(s: str, style: str = "") -> Wrapped:
    """Plan text in a box or table cell: set by the Chinese line-breaking rules."""
    return Wrapped(Text(s, style=style), wrap=True)


COLUMNS = 7  # 序号 类别 指标 单位 base target 属性
GUTTER = 2  # cells between two columns: a cell of padding and the (blank) divider


def _fit_widths(natural: list[int], least: list[int], width: int) -> list[int]:
    """Column widths (content cells) for an indicator table in ``width`` cells.

    Every column but 指标 (index 2) takes its natural width; 指标 takes the rest. When
    that leaves 指标 under two fifths of the room, the other columns give back cells down
    to their least (their widest unbreakable number or word) until it has it."""
    room = max(0, width - GUTTER * (COLUMNS - 1))
    widths = list(natural)
    want = max(8, min(natural[2], room * 2 // 5))
    spare = room - sum(w for k, w in enumerate(widths) if k != 2)
    for k in (4, 5, 3, 1, 0):  # values first, then the unit, the category, the head 序号
        if spare >= want:
            break
        give = min(widths[k] - least[k], want - spare)
        widths[k] -= give
        spare += give
    widths[2] = max(least[2], spare)
    return widths


class IndicatorTable:
    """An indicator table laid out for the width it is given: value columns keep
    their numbers whole (a number with its unit or 【】 never splits), the
    indicator column takes the rest, and every cell is set by the Chinese
    line-breaking rules."""

    def __init__(self, t: Table, styles: dict | None = None, mark=None) -> None:
        self.t = t
        self.styles = styles or {}
        self.mark = mark or (lambda text: text)  # highlights (find-in-plan, search hits), as for text
        base, target = t.baseline_year or "基期", t.target_year or "目标"
        self.heads = ["序号", "类别", "指标", "单位", base, target, "属性"]
        rows = []
        previous = None
        for r in t.rows:
            # A category is written once, on the first row of its group, as in print.
            category = r.category if r.category != previous else ""
            previous = r.category

            def val(v: str, r=r) -> str:  # 【x】 marks a five-year cumulative value, as printed
                return f"【{v}】" if r.cumulative and v else v

            rows.append([r.number, category, r.indicator, r.unit, val(r.baseline), val(r.target), r.attribute])
        self.rows = rows
        cols = list(zip(self.heads, *rows))
        self.natural = [max(cell_len(x) for x in col) for col in cols]
        self.least = [max(min_width(x) for x in col) for col in cols]
        self.natural[1] = min(self.natural[1], 8)  # a long category folds
        self.natural[3] = min(self.natural[3], 6)
        for k in (4, 5):
            self.natural[k] = min(self.natural[k], max(12, self.least[k]))
        # 属性 never wraps; the numbers never do either, but the head 序号 may (序 / 号): in
        # a narrow reader its two cells go to the indicator's name
        self.least[0] = max([cell_len(r[0]) for r in rows] + [2])
        self.least[6] = self.natural[6]
        # A unit of up to three CJK characters (亿美元, 万千瓦) stays on one line: split,
        # it reads as two units.
        self.least[3] = max(self.least[3], min(self.natural[3], 6))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(sum(self.least) + GUTTER * (COLUMNS - 1), options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = _fit_widths(self.natural, self.least, options.max_width)
        mk = self.mark

        def marked(s: str, style: str = "") -> Wrapped:
            return Wrapped(mk(Text(s, style=style)), wrap=True)

        rt = RTable(title=marked(self.t.caption), box=rbox.SIMPLE_HEAD, show_lines=False, show_edge=False,
                    pad_edge=False, padding=(0, 1, 0, 0), expand=True)
        for k, (head, w) in enumerate(zip(self.heads, widths)):
            rt.add_column(marked(head), width=w, justify="right" if k == 0 else "left", no_wrap=k == 6)
        binding = self.styles.get("binding", "bold red")
        for row in self.rows:
            cells: list[RenderableType] = [marked(x) for x in row]
            cells[1] = marked(row[1], "bold")
            cells[6] = mk(Text(row[6], style=binding if row[6] == "约束性" else ""))
            rt.add_row(*cells)
        yield rt
        for n in self.t.notes:
            yield marked(n.text, "dim")


def table_renderable(t: Table, styles: dict | None = None, mark=None) -> RenderableType:
    """``mark(text) -> Text`` may add highlights to each cell, the caption and the notes."""
    if not t.rows:
        title = (mark or (lambda x: x))(Text(t.caption))
        return Panel(Text("（原文中表格内容缺失，仅存标题）", style="dim italic"), title=title, box=rbox.SQUARE)
    return IndicatorTable(t, styles, mark)


def reading_order(s: Section):
    """(section, item) pairs in the order a reader meets them: the section's heading
    (item None), then its blocks and child sections interleaved by source line."""
    yield s, None
    # On one source line a paragraph comes before a child's heading (a heading run in
    # after the sentence before it), a box or table after it (glued to the end of the
    # child's paragraph: `…物流园区。专栏：服务业重点工程…`).
    items: list[tuple[int, int, int, object]] = [
        (b.line, 0 if isinstance(b, Paragraph) else 2, k, b) for k, b in enumerate(s.blocks)]
    items += [(c.line, 1, len(s.blocks) + k, c) for k, c in enumerate(s.children)]
    items.sort(key=lambda x: x[:3])
    for _, _, _, b in items:
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
            # A span, not the base style: the paragraph joined after the lead stays plain.
            lead = Text(s.heading)
            lead.stylize(st.get("lead", "bold"))
            return mk(lead, s.id)
        style = st.get(s.level, LEVEL_STYLE.get(s.level, "bold"))
        return mk(Text(s.display_title, style=style), s.id)
    if isinstance(b, Paragraph):
        return mk(Text(b.text, style=st.get("para", "")), s.id)
    if isinstance(b, Box):
        body = Text("\n").join(mk(Text(e.text), s.id) for e in b.entries) if b.entries else Text("")
        return Panel(Framed(body), title=mk(Text(b.heading), s.id), title_align="left", box=rbox.ROUNDED,
                     border_style=st.get("box", "yellow"))
    if isinstance(b, Table):
        return table_renderable(b, st, lambda t: mk(t, s.id))
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


# -- targets ------------------------------------------------------------------
# Units that measure the same thing (人均预期寿命 is written in 岁 and in 年).
SAME_UNIT = {"岁": "年", "周岁": "年"}


def unit_key(unit: str) -> str:
    return SAME_UNIT.get(unit, unit)


def target_chart(title: str, rows: list, width: int = 30, year: str = "") -> Text:
    """One line per plan for one indicator: place, a bar (numeric targets in one
    shared base unit), the value as written. ``rows``: (place, Target) pairs. A goal
    for another year than its period's end (``year``, else the end of the target's
    own period: 2025 for 十四五, 2015 for 十二五) — a 2035 vision — is listed with its
    year but gets no bar: it is not the same measure."""
    from .targets.periods import period_end

    out = Text(title + "\n", style="bold")

    def own_year(t) -> str:
        end = year or period_end(t.period or "")
        return str(end) if end else ""

    def other(t) -> bool:
        return bool(own_year(t) and t.target_year and t.target_year != own_year(t))

    def barred(t) -> bool:
        return bool(t.target and t.target.value is not None and not other(t))

    nums = [t.target.value for _, t in rows if barred(t)]
    units = {unit_key(t.target.base_unit) for _, t in rows if barred(t)}
    top = max((abs(n) for n in nums), default=0) or 1
    label_w = max((cell_len(p) for p, _ in rows), default=0)
    for place, t in rows:
        line = Text(place + " " * (label_w - cell_len(place)) + " ")
        v = t.target.value if barred(t) else None
        if v is not None and len(units) == 1:
            line.append(bar(abs(v) / top, width).ljust(width), style="bold")
        else:
            line.append(" " * width)
        other_year = other(t)
        line.append(" " + (t.target.display() if t.target else ""), style="dim" if other_year else "")
        if t.target_year:
            line.append(f"  {t.target_year}" + (" 远景" if other_year else ""), style="dim")
        out.append_text(line)
        out.append("\n")
    if len(units) > 1:
        out.append("(units differ: " + ", ".join(sorted(u or "—" for u in units)) + "; no bars)\n", style="dim")
    return out
