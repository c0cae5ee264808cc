"""`fyp search` and `fyp terms`: the search engine on the command line.

Human output is rich text grouped by plan, each plan shown with its place
(徐州鼓楼区, never a bare 鼓楼区); ``--json`` / ``--csv`` are for scripts. Document
text enters ``rich.text.Text`` only as plain strings, never as markup. The rich
widgets are imported by the functions that print them, so ``--json`` (and every
other subcommand's parser) does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import argparse
from pathlib import Path

from .output import console, csv_out, say, say_error
from ..model import KIND_LABELS, LEVELS
from ..search import MODES

if TYPE_CHECKING:
    from ..search import Filters, SearchResult

_CTRL = {i: "\ufffd" for i in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]}


def _safe(s: str) -> str:
    """Control characters shown as �, one for one, so spans stay right."""
    return s.translate(_CTRL)


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 (``--limit``)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", dest="plans", action="extend", nargs="+", default=[], metavar="ID",
                   help="only these plans (ids as in `fyp list`)")
    p.add_argument("--province", default="", help="only plans of this province (江苏 or 江苏省)")
    p.add_argument("--city", default="", help="only plans of this city")
    p.add_argument("--level", default="", choices=["", *LEVELS])
    p.add_argument("--kind", default="", help=", ".join(f"{k} ({v})" for k, v in KIND_LABELS.items()))
    p.add_argument("--section", default="", metavar="SID",
                   help="only this section and its subtree (e.g. ch06); best with one --plan")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[parent], help="search every plan: exact, Traditional, homophone, typo, split, pinyin")
    p.add_argument("query", nargs="+", metavar="QUERY",
                   help='words: a paragraph holding every word matches; "…" for a phrase')
    p.add_argument("--mode", choices=MODES, default=None, help="default: auto (or search_mode in config)")
    p.add_argument("--limit", type=positive_int, default=50, metavar="N", help="hits to show (default 50)")
    p.add_argument("--titles", action="store_true", help="search section headings instead (jump-to)")
    p.add_argument("--json", action="store_true")
    _add_filters(p)
    p.set_defaults(func=run_search)

    t = sub.add_parser("terms", parents=[parent], help="how often terms occur in each plan (raw and per 10,000 characters)")
    t.add_argument("terms", nargs="+", metavar="QUERY")
    out = t.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="CSV on stdout: plan,place,term,count,chars,per_10k")
    out.add_argument("--json", action="store_true")
    _add_filters(t)
    t.set_defaults(func=run_terms)

    o = sub.add_parser("export-opensearch", parents=[parent],
                       help="write the corpus for OpenSearch/Elasticsearch: DIR/mapping.json and DIR/bulk.ndjson")
    o.add_argument("dir", type=Path, metavar="DIR")
    o.add_argument("--index", default="fyp-plans", help="the index name in the bulk actions (default fyp-plans)")
    o.set_defaults(func=run_export_opensearch)


def _filters(args, corpus) -> Filters:
    from ..search import Filters

    for pid in args.plans:
        corpus.get(pid)  # an unknown id is a CorpusError naming the known ones
    return Filters(plans=tuple(args.plans), province=args.province, city=args.city,
                   level=args.level, kind=args.kind, section=args.section)


def _check_filters(args, corpus, index, filters) -> None:
    """Filters no plan passes are an error naming them, not a 0 to quote (``--kind bogus``
    said that 发展 is not in the text); an unknown ``--kind`` says what the kinds are."""
    from ..corpus import CorpusError
    from ..search.engine import plan_mask

    if args.kind and args.kind not in KIND_LABELS and args.kind not in KIND_LABELS.values():
        kinds = ", ".join(f"{k} ({v})" for k, v in KIND_LABELS.items())
        raise CorpusError(f"--kind {args.kind}: not a kind of plan (one of {kinds})")
    mask = plan_mask(index, filters)
    if mask is not None and not any(mask):
        given = [f"--plan {p}" for p in args.plans] + [
            f"--{k} {v}" for k, v in (("province", args.province), ("city", args.city), ("level", args.level),
                                      ("kind", args.kind)) if v]
        raise CorpusError(f"no plan matches {' '.join(given)} (fyp list shows each plan's place, level and kind)")
    _check_section(args, corpus, index)


def _check_section(args, corpus, index) -> None:
    """An unknown ``--section`` is an error that says where ids come from, not a 0 to quote."""
    from ..corpus import CorpusError

    sid = args.section
    if not sid:
        return
    if args.plans:
        if any(corpus.get(pid).find(sid) for pid in args.plans):
            return
        tops = [s.id for s in corpus.get(args.plans[0]).sections]
        some = ", ".join(tops[:6]) + (" …" if len(tops) > 6 else "")
        raise CorpusError(f"{' / '.join(args.plans)}: no section {sid!r} (top-level sections: {some}; "
                          f"see fyp outline {args.plans[0]})")
    if not any(s == sid or s.startswith(sid + ".") for s in index.sec_ids):
        raise CorpusError(f"no plan has a section {sid!r} (ids as fyp outline PLAN gives them, e.g. ch01 or p02)")


def _mode(args) -> str:
    if args.mode:
        return args.mode
    try:
        from ..config import load_config

        mode = load_config().search_mode
    except Exception:
        mode = "auto"
    return mode if mode in MODES else "auto"


def _place(corpus, pid: str) -> str:
    if pid not in corpus.plans:
        return pid
    return corpus.meta(pid).place or pid


def section_info(sid: str, label: str, title: str, path) -> dict:
    """A hit's section as the JSON gives it (the hit carries it: its plan is not decoded again)."""
    return {"id": sid, "label": label, "title": title, "path": list(path)}


def result_json(result: SearchResult, corpus) -> dict:
    hits = []
    for h in result.hits:
        snippet, spans = h.snippet()
        hits.append({
            "plan": h.plan,
            "section": section_info(h.section, h.label, h.title, h.path),
            "snippet": snippet,
            "spans": [list(s) for s in spans],
            "score": h.score,
            "tier": h.tier,
        })
    # tiers: what each tier that ran counted (0 for one that found nothing), so a script tells an
    # exact 24 from a homophone 24; message: why a count is 0 or what was left out (also on stderr)
    return {"query": result.query, "mode": result.mode, "total": result.total,
            "counts": dict(result.counts), "counting": result.counting, "tiers": dict(result.tiers),
            "message": result.message, "hits": hits}


def run_search(args, corpus) -> int:
    from ..search import get_index, search

    from .output import dump_json

    query = " ".join(args.query)
    filters = _filters(args, corpus)
    index = get_index(corpus)
    _check_filters(args, corpus, index, filters)
    if args.titles:
        return _run_titles(index, query, args, filters, corpus)
    result = search(index, query, mode=_mode(args), filters=filters, limit=args.limit)
    if args.json:
        dump_json(result_json(result, corpus))
    else:
        _print_result(result, corpus)
    if result.message and args.json:
        say(f"fyp search: {result.message}")
    return 0


def _run_titles(index, query, args, filters, corpus) -> int:
    from ..search import count_titles, search_titles

    from .output import dump_json

    hits = search_titles(index, query, limit=args.limit, filters=filters)
    holding = count_titles(index, query, filters=filters)
    from rich.text import Text

    if args.json:
        # The shape of a search's JSON (a section as an object, a tier per hit); ``heading``
        # is the heading as shown (label and title), which ``spans`` index; ``kind`` says
        # whose heading it is: the section's, or a 专栏's (box) or table's of that section
        # (``block``: its block number in the section, as in ``fyp show --json``).
        # ``holding``: every heading that holds the query as written, of which ``hits``
        # are the best ``--limit`` (closer matches, when fewer hold it, are not counted).
        dump_json({"query": query, "mode": "titles", "holding": holding, "hits": [
            {"plan": h.plan, "place": _place(corpus, h.plan),
             "section": section_info(h.section, h.section_label, h.section_title, h.path),
             "heading": h.title, "kind": h.kind, **({"block": h.block} if h.kind != "section" else {}),
             "spans": [list(s) for s in h.spans], "score": h.score, "tier": h.tier}
            for h in hits]})
        return 0
    con = console()
    head = Text()
    head.append(_safe(query), style="bold")
    held = sum(h.tier == "exact" for h in hits)
    head.append(f"  {holding:,} heading{'s' * (holding != 1)} hold{'s' * (holding == 1)} it" if holding
                else "  no heading holds it", style="")
    if holding > held:
        head.append(f" ({held:,} shown: --limit)", style="dim")
    if len(hits) > held:
        head.append(f"; {len(hits) - held:,} close match{'es' * (len(hits) - held != 1)}", style="dim")
    con.print(head)
    for h in hits:
        line = Text()
        line.append(f"{_place(corpus, h.plan)} ", style="bold")
        above = h.path if h.kind != "section" else h.path[:-1]  # a box's or table's section is above it
        line.append(" › ".join(_safe(p) for p in above) + (" › " if above else ""), style="dim")
        if h.kind != "section":
            line.append(f"[{h.kind}] ", style="cyan")
        title = Text(_safe(h.title))
        for a, b in h.spans:
            title.stylize("bold reverse", a, b)
        line.append_text(title)
        line.append(f"  {h.plan}#{h.section}  {h.score:g}", style="dim")
        if h.tier != "exact":  # a heading that does not hold the query says how it came
            line.append(f"  [{h.tier}]", style="magenta")
        con.print(line)
    return 0


def _print_result(result: SearchResult, corpus) -> None:
    from rich.text import Text

    from ..wrapped import Wrapped

    con = console()
    head = Text()
    head.append(_safe(result.query), style="bold")
    plans = len(result.counts)
    what = "unit" if result.counting == "units" else "hit"
    head.append(f"  {result.total} {what}{'s' * (result.total != 1)} in {plans} plan{'s' * (plans != 1)}")
    if result.counting == "units":
        head.append("  (paragraphs, box entries or table rows holding every word)", style="dim")
    tiers = " · ".join(f"{t} {n}" for t, n in result.tiers.items() if n)
    if tiers:
        head.append(f"  ({tiers})", style="dim")
    head.append(f"  {result.elapsed_ms:.0f} ms", style="dim")
    con.print(head)
    if result.message:
        con.print(Text(result.message, style="yellow"))
    groups: dict[str, list] = {}
    for h in result.hits:
        groups.setdefault(h.plan, []).append(h)
    for pid, hits in groups.items():
        con.print()
        title = Text()
        title.append(_place(corpus, pid), style="bold cyan")
        plan = corpus.plans[pid]
        title.append(f"  {plan.meta.kind_label}  {pid}  ", style="dim")
        count = result.counts.get(pid, 0)
        title.append(f"{count} {what}{'s' * (count != 1)}", style="cyan")
        n_shown = len(hits) if result.counting == "units" else sum(len(h.spans) for h in hits)
        if n_shown < result.counts.get(pid, 0):
            title.append(f" ({n_shown} shown)", style="dim")
        con.print(title)
        for h in hits:
            # Set by the Chinese line-breaking rules on a terminal (each line wrapped
            # under its first character), whole lines when piped: a padding would cut
            # them at the width the console assumes for a pipe (80), its path unfinished.
            where = Text("  ") + Text(" › ".join(_safe(s.display_title) for s in plan.path(h.section)), style="dim")
            where.append(f"  [{h.tier}]", style="magenta" if h.tier != "exact" else "green")
            con.print(Wrapped(where, hang=True))
            snippet, spans = h.snippet()
            body = Text(_safe(snippet))
            for a, b in spans:
                body.stylize("bold reverse", a, b)
            con.print(Wrapped(Text("    ") + body, hang=True))
    shown = len(result.hits) if result.counting == "units" else sum(len(h.spans) for h in result.hits)
    if result.total > shown:
        # --limit counts rows (a paragraph holding the query twice is one row, two hits)
        more, rows = result.total - shown, len(result.hits)
        con.print(Text(f"\n{more} more {what}{'s' * (more != 1)} not shown "
                       f"({rows} row{'s' * (rows != 1)} shown: --limit)", style="dim"))


def run_terms(args, corpus) -> int:
    from ..search import get_index, prepare, term_counts
    from ..search.terms import term_word

    from .output import dump_json

    empty = [t for t in args.terms if not prepare(t)]
    if empty:
        say(f"fyp terms: {empty[0]!r} has nothing to count (give a word or phrase, e.g. 楼宇经济)")
        return 2
    for t in args.terms:
        try:
            term_word(t)  # before the index is opened: a bad term costs nothing
        except ValueError as e:
            say(f"fyp terms: {e} ('\"{t}\"' counts {prepare(t)}); fyp search counts the paragraphs holding every word")
            return 2
    filters = _filters(args, corpus)
    index = get_index(corpus)
    _check_filters(args, corpus, index, filters)
    rows = term_counts(index, args.terms, filters=filters)
    if args.csv:
        w = csv_out(lineterminator="\n")
        w.writerow(["plan", "place", "term", "count", "chars", "per_10k"])
        for r in rows:
            w.writerow([r.plan, _place(corpus, r.plan), r.term, r.count, r.chars, f"{r.per_10k:.3f}"])
        return 0
    if args.json:
        dump_json([{"plan": r.plan, "place": _place(corpus, r.plan), "term": r.term, "count": r.count,
                    "chars": r.chars, "per_10k": r.per_10k} for r in rows])
        return 0
    from rich.table import Table as RTable
    from rich.text import Text

    from ..render import bar

    con = console()
    top = max((r.per_10k for r in rows), default=0.0) or 1.0
    table = RTable(title=Text("term frequency (per 10,000 characters of plan text)"), title_justify="left")
    for col, just in (("plan", "left"), ("term", "left"), ("count", "right"), ("per 10k", "right"),
                      ("", "left")):
        table.add_column(Text(col), justify=just, no_wrap=True)
    for term in args.terms:
        for r in rows:
            if r.term != term:
                continue
            cells = Text(bar(r.per_10k / top, 24) or ("▏" if r.count else ""), style="cyan")
            table.add_row(Text(_safe(_place(corpus, r.plan))), Text(_safe(term)), Text(str(r.count)),
                          Text(f"{r.per_10k:.2f}"), cells)
        table.add_section()
    con.print(table)
    return 0


def run_export_opensearch(args, corpus) -> int:
    """``mapping.json`` (the index-creation body) and ``bulk.ndjson`` (the ``_bulk`` body)."""
    import json

    from ..fsutil import atomic_write_many
    from ..search import get_index
    from ..search.opensearch import bulk_lines, mapping

    out: Path = args.dir
    if out.exists() and not out.is_dir():
        say_error(f"export-opensearch: {out} is not a directory; give a directory to write into")
        return 2
    index = get_index(corpus)
    lines = list(bulk_lines(index, corpus.plans, args.index))
    try:
        atomic_write_many({
            out / "mapping.json": json.dumps(mapping(), ensure_ascii=False, indent=1).encode() + b"\n",
            out / "bulk.ndjson": b"\n".join(lines) + b"\n",
        })
    except OSError as e:
        say_error(f"export-opensearch: {e.filename or out}: cannot write ({e.strerror or e})")
        return 2
    say(f"wrote {len(lines) // 2:,} documents to {out / 'bulk.ndjson'} and the index mapping to {out / 'mapping.json'}")
    return 0
