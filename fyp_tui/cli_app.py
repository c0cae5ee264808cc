"""`fyp` / `fyp app` / `fyp open PLAN#SECTION`: start the Textual app."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the app (the default with no command)")
    p.add_argument("--theme", help="theme name (fyp-ink, fyp-paper, any Textual theme or one of yours)")
    p.set_defaults(func=run_app, ref="")
    p = sub.add_parser("open", help="open the app at a section: fyp open PLAN#SECTION")
    p.add_argument("ref", metavar="PLAN#SECTION")
    p.add_argument("--theme")
    p.set_defaults(func=run_app)


def run_app(args, corpus) -> int:
    from .ui.app import FypApp

    if args.ref:
        corpus.resolve(args.ref)  # a clear error before the screen takes over
    FypApp(corpus, start=args.ref, theme=args.theme or "").run()
    return 0
