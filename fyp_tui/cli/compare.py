"""`fyp compare` and `fyp similar`: the compare engine on the command line.

``fyp compare A B`` prints the unit pairs grouped like the two tables of contents
side by side, then what only one plan has; ``--json`` gives the documented
contract, ``--format md|html|csv`` the report writers of ``export`` (to stdout
or ``-o FILE``). ``fyp similar PLAN`` ranks the other plans; ``PLAN#SECTION``
ranks them for one section's topic. Plans are shown by place (徐州鼓楼区), and
document text enters rich only as plain ``Text``, never as markup.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..align import MIN_SCORE
from .output import console, say_error, write_out
from .search import positive_int
from ..export import FORMATS, plan_name, render
from ..fsutil import atomic_write_text
from ..textnorm import strip_controls

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def _t(s: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(strip_controls(s), style=style)


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("compare", parents=[parent], help="align the sections of two plans and show what they share")
    p.add_argument("a", metavar="A", help="plan id (see `fyp list`)")
    p.add_argument("b", metavar="B", help="plan id")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help='{"a","b","pairs":[{…,"relation"}],"only_a":[…],"only_b":[…]}')
    out.add_argument("--format", choices=FORMATS, help="a report: both texts side by side, shared text marked")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--min-score", type=float, metavar="X",
                   help=f"keep only pairs (equivalent and related) scoring at least X in [0, 1] (default: the "
                        f"floor {MIN_SCORE}, under which only a plan's one review, situation… section still pairs)")
    p.set_defaults(func=run_compare)

    s = sub.add_parser("similar", parents=[parent], help="the plans closest to a plan, or to one of its sections (PLAN#SECTION)")
    s.add_argument("plan", metavar="PLAN", help="plan id, or PLAN#SECTION for one section's topic")
    s.add_argument("--limit", type=positive_int, default=None, metavar="N", help="show the N closest")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=run_similar)


def _emit(text: str, output: Path | None) -> int:
    """Write ``text`` to stdout or, atomically, to ``output``; the exit code."""
    if output is None:
        write_out(text if text.endswith("\n") else text + "\n")
        return 0
    try:
        if not output.parent.is_dir():  # a typo, not a request to create directories
            raise FileNotFoundError(2, "no such directory", str(output.parent))
        atomic_write_text(output, text)
    except OSError as e:
        say_error(f"{output}: cannot write ({e.strerror or e})")
        return 2
    return 0


def run_compare(args, corpus) -> int:
    from rich.console import Console

    from ..align import compare

    if args.min_score is not None and not 0.0 <= args.min_score <= 1.0:
        say_error("--min-score must be between 0 and 1")
        return 2
    if corpus.get(args.a).id == corpus.get(args.b).id:  # as `fyp reuse A B`: a plan against itself says nothing
        say_error("compare A B needs two different plans")
        return 2
    from ..config import cache_dir

    al = compare(corpus, args.a, args.b, args.min_score, cache_dir=cache_dir())
    if args.json:
        from .output import dump_json

        if args.output:
            import json

            return _emit(json.dumps(al.to_dict(), ensure_ascii=False, indent=1), args.output)
        dump_json(al.to_dict())
        return 0
    if args.format:
        return _emit(render(al, args.format), args.output)
    if args.output is None:
        _print_alignment(console(), al)
        return 0
    buf = io.StringIO()
    _print_alignment(Console(file=buf, width=160, highlight=False), al)
    return _emit(buf.getvalue(), args.output)


def _print_alignment(con: Console, al) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..align import chapter_view
    from ..align.units import unit_ref
    from ..render import cell
    from ..wrapped import Wrapped

    an, bn = plan_name(al.a), plan_name(al.b)
    head = Text()
    head.append(_t(an, "bold"))
    head.append(" ↔ ")
    head.append(_t(bn, "bold"))
    head.append(f"   {len(al.pairs)} equivalent pairs · {len(al.related)} related · only in A {len(al.only_a)}"
                f" · only in B {len(al.only_b)}", style="dim")
    con.print(Wrapped(head))
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    table.add_column(_t(an), ratio=3)
    table.add_column(_t(bn), ratio=3)
    table.add_column(Text("score"), justify="right", width=5)
    table.add_column(Text("shared"), ratio=2)
    for row in chapter_view(al):
        # Titles by the Chinese line-breaking rules: a label stays with its title.
        # a B chapter no A row faces: the A chapter linking to it (its pairs are under that row)
        a_title = (cell(row.a.display_title, "bold") if row.a
                   else cell("↳ " + row.linked.display_title, "dim") if row.linked else cell("—", "bold"))
        b_title = cell(row.b.display_title if row.b else "—", "bold")
        table.add_section()
        single = row.a is not None and row.a.unit_ids == (row.a.id,) and len(row.pairs) == 1 and not row.others
        # a chapter that is itself the unit: its row says it all, shared terms included
        shared = cell("、".join(row.pairs[0].shared[:4]), "dim") if single else Text("")
        table.add_row(a_title, b_title, Text(f"{row.score:.2f}" if row.b and (row.a or row.linked) else "",
                                             style="dim"), shared)
        if single:
            continue
        a_chapter = row.a or row.linked
        for p in sorted((q for link in [row, *row.others] for q in link.pairs), key=lambda q: (q.a.index, q.b.index)):
            table.add_row(
                cell("· " + _under(al.a, p.a, a_chapter)),
                cell("· " + _under(al.b, p.b, row.b)),
                Text(f"{p.score:.2f}"),
                cell("、".join(p.shared[:4]), "dim"),
            )
    con.print(table)
    if al.related:
        rel = Table(show_header=True, header_style="dim bold", expand=True, show_lines=False, style="dim",
                    title=Text("related (secondary links, not counterparts)", style="dim"))
        rel.add_column(_t(an), ratio=3, style="dim")
        rel.add_column(_t(bn), ratio=3, style="dim")
        rel.add_column(Text("score"), justify="right", width=5, style="dim")
        for p in sorted(al.related, key=lambda q: (q.a.index, q.b.index)):
            # with their chapters' labels: a national plan has a 第一节 in every chapter
            rel.add_row(cell(unit_ref(al.a, p.a)), cell(unit_ref(al.b, p.b)), Text(f"{p.score:.2f}"))
        con.print(rel)
    for name, plan, units in ((an, al.a, al.only_a), (bn, al.b, al.only_b)):
        if units:
            line = Text()
            line.append("only in ", style="bold")
            line.append(_t(name, "bold"))
            line.append(": ")
            line.append(_t("；".join(unit_ref(plan, u) for u in units)))
            con.print(line)


def _under(plan, unit, chapter) -> str:
    """A pair's section as its row lists it: its title when it lies in the row's chapter,
    else with its own chapter's label (第五章·第一节 …): a row also lists the pairs of the
    chapters linked to it, and 福州's 第一节 发展基础 read as 第二章's under that row."""
    from ..align.units import unit_ref

    if chapter is not None and unit.chapter_id == chapter.id:
        return unit.display_title
    return unit_ref(plan, unit)


def run_similar(args, corpus) -> int:
    from rich.table import Table
    from rich.text import Text

    from ..align import SimilarityMatrix

    from ..config import cache_dir

    plan, section = corpus.resolve(args.plan)
    matrix = SimilarityMatrix(corpus.plans, key=corpus.fingerprint(), cache_dir=cache_dir())  # read lazily
    if section is not None:
        return _similar_topic(args, corpus, matrix, plan, section)
    matrix.compute(progress=_progress_bar(len(corpus.plans)))
    if matrix.problem:
        say_error(matrix.problem)
    ranked = matrix.closest(plan.id, args.limit)
    if args.json:
        from .output import dump_json

        dump_json({
            "plan": plan.id,
            "similar": [
                {"id": pid, "place": corpus.plans[pid].meta.place, "title": corpus.plans[pid].meta.title,
                 "score": round(score, 4)}
                for pid, score in ranked
            ],
        })
        return 0
    con = console()
    con.print(Text.assemble(("closest to ", "dim"), _t(plan_name(plan), "bold")))
    table = Table(show_header=True, header_style="bold")
    table.add_column(Text("plan"))
    table.add_column(Text("id"), style="dim")
    table.add_column(Text("score"), justify="right")
    for pid, score in ranked:
        table.add_row(_t(plan_name(corpus.plans[pid])), _t(pid), Text(f"{score:.3f}"))
    con.print(table)
    return 0


def _similar_topic(args, corpus, matrix, plan, section) -> int:
    from rich.table import Table
    from rich.text import Text

    from ..align import plan_units

    units = {u.id for u in plan_units(plan)}
    if section.id not in units:
        # a chapter or part: use its first unit's topic? No: say what to pass instead.
        inside = [u.id for u in plan_units(plan) if u.id.startswith(section.id + ".")]
        hint = f" (try {plan.id}#{inside[0]})" if inside else ""
        say_error(f"{plan.id}#{section.id} is not a unit of alignment{hint}")
        return 2
    hits = matrix.topic(plan.id, section.id, args.limit)
    if args.json:
        from .output import dump_json

        dump_json({
            "plan": plan.id,
            "section": {"id": section.id, "label": section.label, "title": section.title},
            "similar": [
                {"id": h.plan_id, "place": corpus.plans[h.plan_id].meta.place,
                 "section": h.unit.ref(), "score": round(h.score, 4)}
                for h in hits
            ],
        })
        return 0
    con = console()
    con.print(Text.assemble(("closest to ", "dim"), _t(plan_name(plan), "bold"), " ",
                            _t(section.display_title)))
    table = Table(show_header=True, header_style="bold")
    table.add_column(Text("plan"))
    table.add_column(Text("section"))
    table.add_column(Text("score"), justify="right")
    for h in hits:
        table.add_row(_t(plan_name(corpus.plans[h.plan_id])), _t(h.unit.display_title), Text(f"{h.score:.3f}"))
    con.print(table)
    return 0


def _progress_bar(n_plans: int):
    """A rich progress bar on stderr for big corpora; None when quick or not a terminal."""
    if n_plans < 30 or not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    prog = Progress(console=console(stderr=True), transient=True)
    task = prog.add_task("similarity matrix", total=2 * n_plans)
    prog.start()

    def update(done: int, total: int) -> None:
        prog.update(task, completed=done, total=total)
        if done >= total:
            prog.stop()

    return update
