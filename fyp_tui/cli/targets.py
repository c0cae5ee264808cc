"""`fyp targets`: the plans' quantitative targets, one row each, with their source.

Human output is a rich table per plan (shown by place, 徐州鼓楼区 / 福州鼓楼区) and, with
``--indicator``, a bar chart across plans; ``--json`` / ``--csv`` are for scripts.
Document text enters ``rich.text.Text`` only as plain strings.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING


from .output import console, csv_out, say
from ..corpus import CorpusError

if TYPE_CHECKING:
    from ..targets import Target

CSV_FIELDS = ["plan", "place", "section", "origin", "period", "indicator", "canonical", "category", "unit",
              "attribute", "target_year", "target", "qualifier", "number", "high", "value", "base_unit", "annual",
              "cumulative", "relative_to", "baseline_year", "baseline", "actual", "span_start", "span_end", "sentence"]


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("targets", parents=[parent], help="quantitative targets (indicator tables and prose), with their source")
    p.add_argument("plans", nargs="*", metavar="PLAN", help="plan ids (default: every plan)")
    p.add_argument("--indicator", default="", metavar="NAME",
                   help="one indicator: canonical key (gdp_growth), name or synonym (GDP增速), or part of a name")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--csv", action="store_true")
    p.set_defaults(func=run_targets)


def run_targets(args, corpus) -> int:
    from ..targets import corpus_targets, filter_targets

    for pid in args.plans:
        if pid not in corpus.plans:
            raise CorpusError(f"{pid}: no such plan. `fyp list` shows the plan ids.")
    targets = corpus_targets(corpus, list(args.plans) or None)
    if args.indicator:
        targets = filter_targets(targets, args.indicator)
    if args.json:
        from .output import dump_json

        dump_json([t.to_dict() | {"place": corpus.get(t.plan).meta.place} for t in targets])
    elif args.csv:
        w = csv_out()
        w.writerow(CSV_FIELDS)
        for t in targets:
            w.writerow(csv_row(t, corpus.get(t.plan).meta.place))
    else:
        human(targets, corpus, args.indicator)
    if args.indicator and not targets:
        say(no_such_indicator(args.indicator))
        return 1
    return 0


def no_such_indicator(indicator: str) -> str:
    """Why ``--indicator`` found nothing, with the canonical indicators to try instead."""
    from ..targets import CANON, find_canon

    canon = find_canon(indicator)
    if canon is not None:
        return f"fyp targets: no plan here states a target for {canon.name} ({canon.key})"
    names = {c.name: c for c in CANON} | {c.key: c for c in CANON}
    import difflib

    close = difflib.get_close_matches(indicator.strip(), list(names), n=8, cutoff=0.5)
    shown = list({names[n].key: names[n] for n in close}.values())
    head = "closest" if shown else "the known indicators are"
    lines = [f"fyp targets: no indicator matches {indicator!r}; {head} (pass the key or the name):"]
    lines += [f"  {c.key}  {c.name}" for c in shown or CANON]
    return "\n".join(lines)


def csv_row(t: Target, place: str) -> list:
    v = t.target
    return [t.plan, place, t.section, t.origin, t.period, t.indicator, t.canonical, t.category, t.unit,
            t.attribute, t.target_year, v.text if v else "", v.qualifier if v else "",
            "" if not v or v.number is None else v.number, "" if not v or v.high is None else v.high,
            "" if not v or v.value is None else v.value, v.base_unit if v else "", v.annual if v else "",
            v.cumulative if v else "", v.relative_to if v else "", t.baseline_year,
            t.baseline.text if t.baseline else "", t.actual.text if t.actual else "",
            t.source.span[0], t.source.span[1], t.source.sentence]


def human(targets: list[Target], corpus, indicator: str = "") -> None:
    from rich.table import Table as RTable
    from rich.text import Text

    from ..render import cell
    from ..targets import best_by_indicator, display_name, find_canon, own_period

    con = console()
    if not targets and indicator:
        return  # run_targets says why on stderr
    if not targets:
        con.print(Text("no targets found", style="dim"))
        return
    for pid in dict.fromkeys(t.plan for t in targets):
        mine = [t for t in targets if t.plan == pid]
        meta = corpus.get(pid).meta
        tab = RTable(title=Text(f"{meta.place or pid} {meta.kind_label} · {len(mine)} target{'s' * (len(mine) != 1)}"),
                     title_justify="left")
        # CJK has no spaces to wrap at: cells fold rather than lose their ends to "…".
        for col, ratio in (("indicator", 3), ("canonical", 2), ("target", 2), ("year", 0), ("baseline", 2),
                           ("attr", 0), ("section", 1)):
            tab.add_column(Text(col), overflow="fold", ratio=ratio or None, no_wrap=not ratio)
        for t in mine:
            base = t.actual or t.baseline
            base_s = (("实际 " if t.actual else "") + base.display()) if base else ""
            # Plan text by the Chinese line-breaking rules: GDP, 6.5% or 500亿元 never split.
            tab.add_row(cell(t.indicator), cell(display_name(t.canonical) if t.canonical else "", "dim"),
                        cell(t.target.display() if t.target else ""), Text(t.target_year),
                        cell(base_s), Text(t.attribute),
                        Text(f"{t.section} ({t.origin}{'' if t.period == meta.period else ' ' + t.period})",
                             style="dim"))
        con.print(tab)
    canon = find_canon(indicator) if indicator else None
    if canon is not None:
        # Each plan's goals for its own period's end (2025 for 十四五, 2015 for 十二五).
        per_plan = best_by_indicator(own_period(targets, lambda pid: corpus.meta(pid).period), "").get(canon.key, {})
        rows = [(corpus.meta(pid).place or pid, t) for pid, t in per_plan.items()]
        if rows:
            from ..render import target_chart as bar_chart
            from ..targets.periods import period_end

            ends = sorted({str(period_end(corpus.meta(pid).period)) for pid in per_plan})
            con.print(bar_chart(f"{canon.name} · {' / '.join(ends)}", rows))
