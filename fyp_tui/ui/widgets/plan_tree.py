"""PlanTree: plans grouped province → city, each expanding lazily into its outline.

In a corpus of more than ``LAZY_GROUPS`` plans the city groups start closed and get
their plans when first opened, so the first frame draws a few dozen lines, not
10,000 (Textual measures every line of an open tree).

Labels are ``rich.text.Text`` built from plain strings (a Tree given a str would
parse it as markup). Every node carries a ``Loc`` (plan id, section id, node kind).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...corpus import Corpus
from ...model import ITEM, PlanMeta
from ...outline import outline
from ...places import ProvinceGroup, ordered, place_groups
from ..text import safe_text


LAZY_GROUPS = 300


@dataclass(frozen=True)
class Loc:
    plan: str = ""
    section: str = ""  # a section id; for boxes and tables, the section they sit in
    kind: str = "group"  # group | plan | section | box | table


def own_name(m: PlanMeta) -> str:
    """The place a plan's tree label names: its district or county under its city group."""
    return m.district or m.county or m.place


def plan_label(plan_id: str, m: PlanMeta, twin: bool = False) -> Text:
    # Under its province and city groups a district or county needs only its own
    # name (鼓楼区 under 徐州市): the label then fits the tree at 80 columns, year included.
    # An undated plan says its period instead (全国 纲要 十二五). ``twin``: another plan
    # of the group has the same name and kind: its id too.
    t = safe_text(own_name(m) or plan_id, "bold", one_line=True)
    t.append_text(safe_text(f" {m.kind_label}", one_line=True))
    when = (m.adopted or m.issued)[:4] or m.period
    if when:
        t.append_text(safe_text(f" {when}", "dim", one_line=True))
    if twin:
        t.append_text(safe_text(f" {plan_id}", "dim", one_line=True))
    return t


def node_text(node: dict) -> Text:
    t = Text()
    level, label, title = node["level"], node.get("label") or "", node.get("title") or ""
    if level == "专栏":
        t.append("▣ ", style="yellow")
        t.append_text(safe_text(f"{label} ", "yellow", one_line=True))
    elif level == "表":
        t.append("▦ ", style="blue")
    elif level == ITEM:
        t.append("· ", style="dim")
    elif label:
        t.append_text(safe_text(label + " ", "bold", one_line=True))
    t.append_text(safe_text(title, one_line=True))
    return t


class PlanTree(Tree[Loc]):
    """The corpus as a tree; outlines are added when a plan is first expanded."""

    BINDINGS = [
        Binding("right,l", "open_node", "Expand", show=False, id="tree.expand"),
        Binding("left,h", "close_node", "Collapse", show=False, id="tree.collapse"),
    ]

    def action_open_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            self._fill(node)
            node.expand()
        elif node.children:
            self.cursor_line = node.children[0].line

    def action_close_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.cursor_line = node.parent.line

    def __init__(self, corpus: Corpus, *, groups: list[ProvinceGroup] | None = None, id: str | None = None) -> None:
        super().__init__(Text("plans"), data=Loc(), id=id)
        self.corpus = corpus
        self.groups = groups  # ``places.place_groups(corpus)`` when the caller has it (a worker made it)
        self.show_root = False
        self.guide_depth = 2
        self._plan_nodes: dict[str, TreeNode[Loc]] = {}
        self._section_nodes: dict[tuple[str, str], TreeNode[Loc]] = {}
        self._pending: dict[int, list[str]] = {}  # closed group node id → its plans
        self._group_of: dict[str, TreeNode[Loc]] = {}  # plan id → its closed group
        self.revealing: TreeNode[Loc] | None = None  # the node a reveal under way moves to

    def on_mount(self) -> None:
        self.rebuild(self.groups)

    def rebuild(self, groups: list[ProvinceGroup] | None = None) -> None:
        """Draw the tree again from ``groups``, else from the corpus (a small one: the
        app groups a loaded corpus in its worker, ``place_groups``)."""
        self.groups = groups
        self.clear()
        self._plan_nodes.clear()
        self._section_nodes.clear()
        self._pending.clear()
        self._group_of.clear()
        lazy = len(self.corpus.plans) > LAZY_GROUPS
        for prov, cities in groups if groups is not None else place_groups(self.corpus):
            pn = self.root.add(safe_text(prov, "bold", one_line=True), data=Loc(kind="group"), expand=True)
            for city, plans in cities:
                cn = pn.add(safe_text(city, one_line=True), data=Loc(kind="group"), expand=not lazy) if city else pn
                if lazy and city:  # ordered when opened
                    cn.allow_expand = True
                    self._pending[cn.id] = plans
                    self._group_of.update((pid, cn) for pid in plans)
                else:
                    self._add_plans(cn, plans)

    def _add_plans(self, group: TreeNode[Loc], pids: list[str]) -> None:
        """The plans of one place under its node (``places.ordered``)."""
        plans = ordered(self.corpus, pids)
        names = Counter((own_name(m), m.kind_label) for _, m in plans)
        for pid, m in plans:
            twin = names[(own_name(m), m.kind_label)] > 1
            node = group.add(plan_label(pid, m, twin), data=Loc(pid, "", "plan"))
            node.allow_expand = True
            self._plan_nodes[pid] = node

    def _fill(self, node: TreeNode[Loc]) -> None:
        loc = node.data
        if node.id in self._pending:
            self._add_plans(node, self._pending.pop(node.id))
            return
        if loc is None or loc.kind != "plan" or node.children:
            return
        plan = self.corpus.get(loc.plan)

        def add(parent: TreeNode[Loc], items: list[dict], owner: str) -> None:
            for it in items:
                kind = {"专栏": "box", "表": "table"}.get(it["level"], "section")
                sid = it["id"] if kind == "section" else owner
                child = parent.add(node_text(it), data=Loc(plan.id, sid, kind), allow_expand=bool(it["children"]))
                if kind == "section":
                    self._section_nodes[(plan.id, it["id"])] = child
                add(child, it["children"], sid)

        add(node, outline(plan), "")

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Loc]) -> None:
        self._fill(event.node)

    def reveal(self, plan_id: str, section_id: str) -> None:
        """Expand down to a section and put the cursor on it (without previewing twice)."""
        group = self._group_of.get(plan_id)
        if group is not None and group.id in self._pending:
            self._fill(group)
            group.expand()
        pnode = self._plan_nodes.get(plan_id)
        if pnode is None:
            return
        self._fill(pnode)
        pnode.expand()
        target = self._section_nodes.get((plan_id, section_id)) or pnode
        n = target.parent
        while n is not None and n is not pnode:
            n.expand()
            n = n.parent
        # Expanding moves lines under the cursor, and the tree then highlights whatever
        # node its cursor line holds (the plan left behind): until the cursor is on the
        # target, such highlights are the reveal's, not the reader's (``passed_over``).
        self.revealing = target
        self.call_after_refresh(self._move_to, target)

    def passed_over(self, node: TreeNode[Loc]) -> bool:
        """Is this highlight one the reveal under way passes over? The target's own
        highlight ends the reveal."""
        if self.revealing is None:
            return False
        if node is self.revealing:
            self.revealing = None
            return False
        return True

    def _move_to(self, node: TreeNode[Loc]) -> None:
        if node.line >= 0 and node.line != self.cursor_line:
            self.cursor_line = node.line  # its highlight ends the reveal
        else:
            self.revealing = None  # no highlight will come
        if node.line >= 0:
            self.scroll_to_line(node.line)
