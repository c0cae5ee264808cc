"""`fyp ingest / parse / list / outline / show`: the corpus subcommands."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import user_corpus_dir
from ..corpus import Corpus, bundled_dir, ingest_into, outdated_note, text_key
from ..ingest import IngestError
from ..model import Plan
from ..outline import outline, outline_json, stats
from .output import console, say_error

if TYPE_CHECKING:
    from rich.text import Text


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ingest", parents=[parent], help="add plan files (text, PDF, HTML, DOCX) to your corpus")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--reparse", action="store_true",
                   help="instead of adding files: read again every plan of the corpus made by an older fyp, "
                        "from the file stored with it")
    p.add_argument("--meta", type=Path, metavar="FILE.toml", help="metadata for the (single) file")
    p.add_argument("--id", dest="plan_id", help="plan id for the (single) file (default: from the file name)")
    p.add_argument("--dest", type=Path, help="corpus directory to add to (default: your user corpus)")
    p.add_argument("--replace", action="store_true",
                   help="a plan of the same id from another file is set aside in removed/ and replaced "
                        "(without it, such a file is refused)")
    p.set_defaults(func=run_ingest)

    p = sub.add_parser("remove", parents=[parent],
                       help="take plans out of your corpus (their files are set aside in its removed/ folder)")
    p.add_argument("plans", nargs="+", metavar="PLAN")
    p.add_argument("--dest", type=Path, help="corpus directory to remove from (default: your user corpus)")
    p.set_defaults(func=run_remove)

    p = sub.add_parser("parse", parents=[parent], help="parse a file without storing it: outline and what was removed")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--meta", type=Path, metavar="FILE.toml")
    p.add_argument("--json", action="store_true", help="the whole parsed plan as JSON")
    p.set_defaults(func=run_parse)

    p = sub.add_parser("list", parents=[parent], help="the plans in the corpus")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_list)

    p = sub.add_parser("outline", parents=[parent], help="a plan's tree of parts, chapters, sections, items, boxes and tables")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--depth", type=int, metavar="N", help="levels to show (1 = top level only)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_outline)

    p = sub.add_parser("show", parents=[parent], help="a section's text: fyp show PLAN#SECTION (or PLAN for all of it)")
    p.add_argument("ref", metavar="PLAN#SECTION")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_show)


SLIGHT_CHARS = 2000  # text a plan without a single heading must hold before it passes without a note


def looks_slight(plan: Plan, st: dict) -> bool:
    """A file stored as a plan that hardly is one: no heading at all and little text
    (a five-character web page, a one-line note). Stored all the same; the user is told.
    ``st``: the plan's ``stats``, as ``summary_line`` read them."""
    from ..model import APPENDIX, BODY, CLOSING, FRONT, ITEM

    headed = [k for k in st["levels"] if k not in (FRONT, BODY, ITEM, CLOSING, APPENDIX)]
    return not headed and plan.chars < SLIGHT_CHARS


def summary_line(plan: Plan, st: dict | None = None) -> Text:
    from rich.text import Text

    st = stats(plan) if st is None else st
    lv = st["levels"]
    parts = [f"{lv.get(k, 0)} {k}" for k in ("部分", "篇", "编", "章", "节", "一", "（一）", "1") if lv.get(k)]
    t = Text()
    t.append(f"{plan.id}", style="bold")
    t.append(f"  {plan.meta.place or '?'} {plan.meta.kind_label}  ")
    t.append(", ".join(parts) or "no headings")
    t.append(f", {lv.get('条', 0)} items, {st['boxes']} boxes, {st['tables']} tables ({st['table_rows']} rows), "
             f"{st['removed_chars']} chars removed")
    if plan.removed:  # form feeds and controls are cuts without characters: say how many cuts
        t.append(f" in {len(plan.removed)} cut{'s' if len(plan.removed) > 1 else ''}")
    return t


def run_remove(args, corpus: Corpus) -> int:
    """``fyp remove PLAN …``: each plan's files leave the corpus directory for its
    ``removed/`` folder (one line each; a bundled plan or an unknown id is an error)."""
    import time

    from rich.text import Text

    from ..corpus import CorpusError, remove_plan

    dest = args.dest or user_corpus_dir()
    bundled = {p.stem for p in (bundled_dir() / "parsed").glob("*.json")}
    stamp = time.strftime("%Y%m%d-%H%M%S")
    con, failed = console(), 0
    for pid in dict.fromkeys(args.plans):
        try:
            where = remove_plan(dest, pid, stamp)
        except CorpusError:
            why = ("is a bundled plan: it stays (--no-user-corpus shows the bundled plans only)" if pid in bundled
                   else f"is not in {dest}")
            say_error(f"✗ {pid}: {why}")
            failed += 1
        else:
            con.print(Text(f"✓ removed {pid}; its files are in {where} (move them back to restore it)"))
    return 1 if failed else 0


def run_ingest(args, corpus: Corpus) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.text import Text

    if args.reparse:
        return _reparse(args)
    if not args.files:
        raise IngestError("fyp ingest", "no file given", "name the files to add, or use --reparse")
    if len(args.files) > 1 and (args.meta or args.plan_id):
        raise IngestError(str(args.files[1]), "--meta and --id apply to one file at a time", "ingest it on its own")
    dest = args.dest or user_corpus_dir()
    bundled = {p.stem for p in (bundled_dir() / "parsed").glob("*.json")}
    con = console()
    failed = 0
    done: dict[str, str] = {}  # plans ingested by this command: id → source SHA-256
    texts: dict[str, str] = {}  # … → ``text_key``
    known = _known_plans(args, dest)
    # markup=False: a file called "[bold red]x.txt" is shown as written.
    with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), console=con,
                  transient=True, disable=len(args.files) < 3) as progress:
        task = progress.add_task("ingesting", total=len(args.files))
        for f in args.files:
            progress.update(task, description=f"ingesting {f.name}")
            try:
                aside: list[Path] = []
                plan = ingest_into(f, dest, args.plan_id, args.meta, replace=args.replace, on_replace=aside.append)
            except IngestError as e:
                say_error(f"✗ {e}")
                failed += 1
            else:
                st = stats(plan)
                con.print(Text("✓ ").append_text(summary_line(plan, st)))
                if looks_slight(plan, st):
                    con.print(Text(f"  note: {plan.id} has no headings and {plan.chars:,} characters of text: is it "
                                   f"a plan? (`fyp remove {plan.id}` sets it aside)", style="yellow"))
                if aside:
                    con.print(Text(f"  note: replaced {plan.id}, read from another file; the old one's files are in "
                                   f"{aside[0]} (move them back to restore it)", style="yellow"))
                twins = [pid for pid in known.with_source(plan.source_sha256) if pid != plan.id] if known else []
                twins += [pid for pid, sha in done.items() if sha == plan.source_sha256 and pid != plan.id]
                if twins:
                    con.print(Text(f"  note: the same file as {', '.join(dict.fromkeys(twins))}, already in the "
                                   "corpus: it will show twice", style="yellow"))
                else:  # the same document saved again (GBK, CRLF, no BOM): the file differs, the text does not
                    key = text_key(plan)
                    same = (known.with_text(plan, key) if known else []) + [
                        pid for pid, k in texts.items() if k == key and pid != plan.id]
                    if same:
                        con.print(Text(f"  note: the same text as {', '.join(dict.fromkeys(same))}, already in the "
                                       "corpus (saved in another encoding or with other line ends): it will show "
                                       "twice", style="yellow"))
                    texts[plan.id] = key
                done[plan.id] = plan.source_sha256
                if plan.id in bundled:
                    con.print(Text(f"  note: {plan.id} now stands in for the bundled plan of that id "
                                   f"(remove {dest / 'parsed' / (plan.id + '.json')} to undo)", style="yellow"))
            progress.advance(task)
    con.print(Text(f"corpus: {dest}", style="dim"))
    return 1 if failed else 0


def _reparse(args) -> int:
    """``fyp ingest --reparse``: every plan of the destination corpus made by an older
    parser, or whose parsed file this fyp cannot read (an older schema, damage), parsed
    again from its stored file; one line each, a failure keeps the old one."""
    from rich.text import Text

    from ..corpus import RAW_EXTENSIONS, CorpusError, load_corpus, reparse

    if args.files or args.meta or args.plan_id:
        raise IngestError("fyp ingest --reparse", "takes no files, --meta or --id",
                          "run it alone, with --dest DIR for another corpus directory")
    dest = args.dest or user_corpus_dir()
    con = console()
    parsed = os.path.join(str(dest / "parsed"), "")
    corpus = load_corpus(extra=[dest], include_user=False)
    mine = {pid for pid in corpus.plans if str(corpus.origin.get(pid, "")).startswith(parsed)}
    todo = [pid for pid in corpus.outdated() if pid in mine]
    try:
        unread = sorted(p.stem for p in (dest / "parsed").glob("*.json")
                        if not p.name.startswith(".") and p.stem not in mine)
        stored = {p.stem for ext in RAW_EXTENSIONS for p in (dest / "raw").glob(f"*.{ext}")}
    except OSError:
        unread, stored = [], set()
    todo += [pid for pid in unread if pid in stored]
    failed = 0
    for problem in corpus.problems:  # files that cannot be parsed again (no stored file), a directory…
        if not any(f"{os.sep}{pid}.json" in problem for pid in todo):
            say_error(f"✗ {problem}")
            failed += 1
    done = 0
    for pid in todo:
        try:
            plan = reparse(dest, pid)
        except (IngestError, CorpusError) as e:
            say_error(f"✗ {pid}: {e} (the plan stays as it was)")
            failed += 1
        else:
            done += 1
            con.print(Text("✓ re-parsed ").append_text(summary_line(plan)))
    con.print(Text(f"{done} of {len(todo)} plans re-parsed" if todo
                   else "every plan is current: nothing to re-parse", style="dim"))
    con.print(Text(f"corpus: {dest}", style="dim"))
    return 1 if failed else 0


def run_parse(args, corpus) -> int:
    from rich.table import Table as RTable
    from rich.text import Text

    from ..ingest import parse_file
    from .output import dump_json

    plan = parse_file(args.file, None, args.meta)
    if args.json:
        dump_json(plan.to_dict())
        return 0
    con = console()
    print_outline(con, plan, outline(plan))
    con.print(summary_line(plan))
    if plan.removed:
        t = RTable(title=Text("removed"), show_lines=False)
        t.add_column("line", justify="right")
        t.add_column("reason")
        t.add_column("text", overflow="fold")
        for r in plan.removed:
            t.add_row(str(r.line), r.reason, Text(r.text))
        con.print(t)
    return 0


def run_list(args, corpus: Corpus) -> int:
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table as RTable
    from rich.text import Text

    from .output import dump_json

    # From the corpus manifest: at 10,000 plans, decoding each to count its sections took ~25 s.
    rows: list[dict[str, Any]] = []
    outdated = set(corpus.outdated())
    for pid in sorted(corpus.plans, key=lambda k: (corpus.meta(k).province, corpus.meta(k).city, k)):
        meta, fig = corpus.meta(pid), corpus.figures(pid)
        rows.append({
            "id": pid, "title": meta.title, "place": meta.place, "province": meta.province,
            "city": meta.city, "county": meta.county, "district": meta.district, "level": meta.level,
            "kind": meta.kind, "period": meta.period,
            "date": meta.adopted or meta.issued, "chars": fig.chars,
            "sections": fig.sections, "boxes": fig.boxes, "tables": fig.tables,
            "source": str(corpus.origin.get(pid, "")),
            "parser": fig.parser, "outdated": pid in outdated,
        })
    if args.json:
        dump_json({"plans": rows})
        return 0
    # Collapsed padding: two cells between columns, so at 80 columns a six-character
    # place (连云港海州区) stays on its row beside the longest id.
    t = RTable(title=Text(f"{len(rows)} plan{'s' * (len(rows) != 1)}"), box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    metas = [corpus.meta(r["id"]) for r in rows]
    cells = [(r["id"], m.place, m.kind_label, m.period, r["date"] or "", f"{r['chars']:,}", str(r["sections"]))
             for r, m in zip(rows, metas)]
    names = ("id", "place", "kind", "period", "date", "chars", "sections")
    widths = [max([cell_len(names[i])] + [cell_len(c[i]) for c in cells]) for i in range(len(names))]
    # A narrow terminal loses whole columns, least needed first, rather than cutting
    # numbers and dates (23,4…) or hiding the place: the id and place always stay.
    shown = list(range(len(names)))
    for drop in (3, 6, 4, 2, 5):
        if sum(widths[i] for i in shown) + 2 * len(shown) <= console().width:
            break
        shown.remove(drop)
    # The id is what the user types next (`fyp show ID`): never cut it. The place
    # (徐州鼓楼区, so the two 鼓楼区 differ) folds rather than losing characters.
    for i in shown:
        if i == 0:
            t.add_column("id", no_wrap=True, min_width=widths[0])
        elif i == 1:
            t.add_column("place", overflow="fold", min_width=4)
        else:
            t.add_column(names[i], justify="right" if names[i] in ("chars", "sections") else "left", no_wrap=True)
    for c in cells:
        t.add_row(*(Text(c[i]) for i in shown))
    console().print(t)
    note = outdated_note(corpus)
    if note:
        console().print(Text(f"note: {note}", style="yellow"))
    return 0


def run_outline(args, corpus: Corpus) -> int:
    from .output import dump_json

    plan = corpus.get(args.plan)
    if args.depth is not None and args.depth < 1:
        raise IngestError(f"--depth {args.depth}", "depth must be 1 or more")
    if args.json:
        dump_json(outline_json(plan, args.depth))
        return 0
    print_outline(console(), plan, outline(plan, args.depth))
    return 0


def run_show(args, corpus: Corpus) -> int:
    from rich.console import Group
    from rich.text import Text

    from ..render import breadcrumb, plan_heading, section_renderables
    from ..wrapped import Wrapped

    from .output import dump_json

    plan, sec = corpus.resolve(args.ref)
    sections = [sec] if sec else plan.sections
    if args.json:
        # ``text``: the section whole (heading, body, its children: ``Section.full_text``),
        # what `fyp reuse` offsets index
        dump_json({
            "plan": plan.id,
            "sections": [{"id": s.id, "path": [p.display_title for p in plan.path(s.id)], **s.to_dict(),
                          "text": s.full_text()} for s in sections],
        })
        return 0
    # One print of one group: a print call costs ~3 ms of console set-up, which
    # made a plan with 10,000 sections take a minute; rendering is linear. Runs of
    # plain Text are joined into one Text (same lines, same styles, fewer renders).
    out: list = [plan_heading(plan)]
    for s in sections:
        out.append(breadcrumb(plan, s.id))
        out += section_renderables(plan, s)
        out.append(Text(""))
    # Paragraph text is set by the Chinese line-breaking rules on a terminal and
    # left unwrapped when piped (Wrapped decides from the console).
    console().print(Group(*(Wrapped(r) if type(r) is Text else r for r in _joined_texts(out))))
    return 0


def _joined_texts(items: list) -> list:
    from rich.text import Text

    out: list = []
    run: list[Text] = []
    for r in items:
        if type(r) is Text and len(run) < 256:  # bounded runs: rich splits a Text's lines per render
            run.append(r)
            continue
        if run:
            out.append(Text("\n").join(run))
            run = []
        if type(r) is Text:
            run.append(r)
        else:
            out.append(r)
    if run:
        out.append(Text("\n").join(run))
    return out


def print_outline(con, plan, nodes: list[dict]) -> None:
    """A plan's tree; to a file or a pipe (where lines are not wrapped) at the width of
    its widest line, so a long title is never cut at 80 columns."""
    from ..render import outline_tree, tree_width

    tree = outline_tree(plan, nodes)
    if con.is_terminal:
        con.print(tree)
        return
    width = con.width
    con.width = max(width, tree_width(plan, nodes))  # print(width=) is capped at the console's
    try:
        con.print(tree)
    finally:
        con.width = width


def _known_plans(args, dest):
    """The plans of the corpus the app would show (bundled, yours, the configured and
    ``--corpus`` layers) and of ``dest``, to say when a file is ingested twice; None
    when they cannot be read: that never stops an ingest. Listed from the manifest
    (no plan decoded where it is current)."""
    from ..config import load_config
    from ..corpus import CorpusError, load_corpus

    try:
        extra = [*load_config().corpus_dirs, *getattr(args, "corpus", []), dest]
        return load_corpus(extra=[d for d in dict.fromkeys(extra) if d.is_dir()],
                           include_user=not getattr(args, "no_user_corpus", False))
    except (CorpusError, OSError, ValueError):
        return None
