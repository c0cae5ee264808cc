"""`fyp` / `fyp app` / `fyp open PLAN#SECTION`: start the Textual app."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("app", parents=[parent], help="open the app (the default with no command)")
    p.set_defaults(func=run_app, ref="")
    p = sub.add_parser("open", parents=[parent], help="open the app at a section: fyp open PLAN#SECTION")
    p.add_argument("ref", metavar="PLAN#SECTION")
    p.set_defaults(func=run_app)


def run_app(args, corpus) -> int:
    import os
    import sys

    from ..ui.app import FypApp

    if args.ref:
        corpus.resolve(args.ref)  # a clear error before the screen takes over
    # Only the benchmark sets this: it times launch → first frame without a terminal.
    headless = bool(os.environ.get("FYP_EXIT_AFTER_FIRST_FRAME"))
    if not headless and sys.stdout.isatty():
        # The terminal's own size: Textual asks shutil, which believes COLUMNS / LINES when
        # they are set, and a shell that exported them at another size laid the whole app
        # out wider than the window (text, dialogs and the footer cut at its right edge).
        for var in ("COLUMNS", "LINES"):
            os.environ.pop(var, None)
    loader = getattr(args, "loader", None) if corpus is None else None
    # Leaving the app never waits for a build still running in a worker (``ui.threads``).
    app = FypApp(corpus, start=args.ref, theme=args.theme or "", loader=loader, daemon_workers=True)
    app.run(headless=headless)
    return app.return_code or 0  # 1 after a crash (Textual has printed the traceback)
