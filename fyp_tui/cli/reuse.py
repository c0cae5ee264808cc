"""`fyp reuse`: where a section's wording comes from, and what two plans share verbatim.

``fyp reuse PLAN#SECTION`` lists every passage of the section found (verbatim or
near-verbatim) in other plans, earliest plan first so the direction shows;
``fyp reuse A B`` lists every passage plans A and B share, with the share of each
plan that is reused. ``--json`` gives the documents of ``reuse.lookup``. The index
is cached under the corpus fingerprint (``reuse.index``); a cache it cannot use is
reported in one line and rebuilt.
"""

from __future__ import annotations

import argparse
import itertools


from .output import console, dump_json, say_error


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("reuse", parents=[parent],
                       help="passages of a section found in other plans (PLAN#SECTION), or shared by two plans (A B)")
    p.add_argument("ref", metavar="PLAN#SECTION|A", help="a section (PLAN#SECTION), or plan A")
    p.add_argument("b", metavar="B", nargs="?", help="plan B: all passages A and B share")
    p.add_argument("--json", action="store_true",
                   help='{"query","matches":[…]} for a section; '
                        '{"a","b","share_a","share_b","passages":[…]} for two plans')
    p.set_defaults(func=run_reuse)


def index_for(corpus):
    """The corpus's reuse index (cached on disk); a bad cache is reported once."""
    from ..config import cache_dir
    from ..reuse import ReuseIndex

    index = ReuseIndex.for_corpus(corpus, cache_dir())
    if index.problem:
        say_error(index.problem)
    return index


def run_reuse(args, corpus) -> int:
    from ..reuse import plans_reuse, section_reuse

    if args.b is not None:
        a, b = corpus.get(args.ref.partition("#")[0]), corpus.get(args.b)
        if "#" in args.ref:
            say_error("reuse A B takes two plan ids (no #SECTION)")
            return 2
        if a.id == b.id:
            say_error("reuse A B needs two different plans")
            return 2
        return _emit(args, corpus, plans_reuse(index_for(corpus), a.id, b.id), _print_pair)
    plan, section = corpus.resolve(args.ref)
    if section is None:
        say_error(f"reuse needs a section (PLAN#SECTION, see `fyp outline {plan.id}`) or two plans (A B)")
        return 2
    return _emit(args, corpus, section_reuse(index_for(corpus), plan.id, section.id), _print_section)


def _emit(args, corpus, doc: dict, printer) -> int:
    if args.json:
        dump_json(doc)
    else:
        printer(corpus, doc)
    return 0


def _name(corpus, pid: str) -> str:
    from ..export import plan_name

    return plan_name(corpus.plans[pid])


def _print_section(corpus, doc: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    con = console()
    q = doc["query"]
    head = Text.assemble(("reuse of ", "dim"), (_name(corpus, q["plan"]), "bold"), " ",
                         f"{q['section']['label']} {q['section']['title']}".strip(),
                         (f"   {len(doc['matches'])} matching sections, earliest plan first", "dim"))
    con.print(head)
    if not doc["matches"]:
        con.print(Text("no passage of this section is found in another plan (boilerplate aside)", style="dim"))
        return
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column(Text("plan"), ratio=2)
    table.add_column(Text("date"), width=10)
    table.add_column(Text("section"), ratio=3)
    table.add_column(Text("share"), justify="right", width=6)
    table.add_column(Text("passages (boilerplate dimmed)"), ratio=5)
    from ..reuse import shown_date

    for m in doc["matches"]:
        passages = Text()
        for k, s in enumerate(m["spans"]):
            if k:
                passages.append(" / ", style="dim")
            passages.append(s["text"], style="dim" if s["boilerplate"] else "")
        table.add_row(Text(_name(corpus, m["plan"])), Text(shown_date(corpus.plans, m["plan"], m["date"]), style="dim"),
                      Text(f"{m['section']['label']} {m['section']['title']}".strip()),
                      Text(f"{m['share']:.0%}"), passages)
    con.print(table)


def _print_pair(corpus, doc: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    con = console()
    n = len(doc["passages"])
    summary = f"   {doc['share_a']:.1%} of A and {doc['share_b']:.1%} of B reused · {n} passage{'s' * (n != 1)}"
    head = Text.assemble((_name(corpus, doc["a"]), "bold"), " ↔ ", (_name(corpus, doc["b"]), "bold"), (summary, "dim"))
    con.print(head)
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column(Text("A section"), width=14)
    table.add_column(Text("B section"), width=14)
    table.add_column(Text("chars"), justify="right", width=5)
    table.add_column(Text("×"), justify="right", width=3)  # places in B's section a row's text is found
    table.add_column(Text("passage (boilerplate dimmed)"), ratio=1)
    # Consecutive passages the table would print alike (the same sections, the same text:
    # a phrase B's section holds four times) are one row, its × column saying how many.
    alike = itertools.groupby(doc["passages"], key=lambda p: (p["a"]["section"], p["b"]["section"], p["text"],
                                                                p["boilerplate"]))
    for (a, b, text, boiler), rows in alike:
        group = list(rows)
        style = "dim" if boiler else ""
        chars = sum({tuple(p["a"]["span"]): p["chars"] for p in group}.values())  # A's characters, each once
        table.add_row(Text(a, style="dim"), Text(b, style="dim"), Text(str(chars) if chars else "", style=style),
                      Text(str(len(group)) if len(group) > 1 else "", style="dim"), Text(text, style=style))
    con.print(table)
