"""The `fyp` command: the app with no arguments, scriptable subcommands otherwise.

One argparse parser. The global options (``--corpus``, ``--no-user-corpus``,
``--theme``) live on a parent parser shared by the top level and every subcommand,
so they are accepted anywhere on the line. Each subcommand module (``corpus``,
``search``, ``compare``, ``targets``, ``app``) registers its commands and keeps its
engine imports inside the functions that run them, so building the parser stays
cheap. Every error the user can fix goes through one path (``main``): one line
naming the file and what to do, exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import __version__
from . import app, compare, corpus, reuse, search, targets
from .output import SafeArgumentParser, say_error

NEEDS_NO_CORPUS = {"parse", "ingest"}
LOADS_IN_APP = {"app"}  # the app loads the corpus itself, behind a progress bar


def _globals_parent() -> argparse.ArgumentParser:
    # SUPPRESS: a subcommand's copy of an option must not reset what was given
    # before the command name (`fyp --corpus D list`).
    g = argparse.ArgumentParser(add_help=False)
    g.add_argument("--corpus", action="append", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                   help="an extra corpus directory (raw/, plans/, parsed/); may be repeated")
    g.add_argument("--no-user-corpus", action="store_true", default=argparse.SUPPRESS,
                   help="only the bundled corpus (and --corpus dirs)")
    g.add_argument("--theme", default=argparse.SUPPRESS,
                   help="the app's theme: fyp-ink, fyp-paper, any Textual theme or one of yours")
    return g


def build_parser() -> argparse.ArgumentParser:
    parent = _globals_parent()
    p = SafeArgumentParser(
        prog="fyp", parents=[parent],
        description="Explore China's five-year plans: browse, search and compare. "
        "With no command, opens the app on the bundled corpus and your own plans.",
    )
    p.add_argument("--version", action="version", version=f"fyp-tui {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in (corpus, search, compare, reuse, targets, app):
        module.register(sub, parent)
    return p


def parse(argv: list[str]) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    if args.command is None:  # plain `fyp` (perhaps with global options): the app
        args.command, args.func, args.ref = "app", app.run_app, ""
    args.corpus = list(getattr(args, "corpus", []))
    args.no_user_corpus = getattr(args, "no_user_corpus", False)
    args.theme = getattr(args, "theme", None)
    return args


def _config():
    from ..config import load_config

    cfg = load_config()
    if cfg.problem:
        say_error(cfg.problem)
    return cfg


def _loader(args, cfg):
    """A ``loader(progress) -> Corpus`` for the app (problems are shown in the app)."""
    from ..corpus import load_corpus

    extra = cfg.corpus_dirs + list(args.corpus)

    def load(progress=None):
        return load_corpus(extra=extra, include_user=not args.no_user_corpus, progress=progress)

    return load


def _corpus(args, cfg):
    from ..corpus import load_corpus

    loaded = load_corpus(extra=cfg.corpus_dirs + list(args.corpus), include_user=not args.no_user_corpus)
    for problem in loaded.problems:
        say_error(f"skipped {problem}")
    return loaded


def main(argv: list[str] | None = None) -> int:
    from ..corpus import CorpusError
    from ..ingest import IngestError

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse(argv)
        for d in args.corpus:
            if not d.is_dir():  # a mistyped path would quietly search without its plans
                raise CorpusError(f"--corpus {d}: no such directory (give a corpus directory: "
                                  "one holding raw/, plans/ or parsed/)")
        loaded = None
        if args.command in LOADS_IN_APP or args.command not in NEEDS_NO_CORPUS:
            cfg = _config()
            if args.command in LOADS_IN_APP:
                args.loader = _loader(args, cfg)
            else:
                loaded = _corpus(args, cfg)
        return int(args.func(args, loaded) or 0)
    except (IngestError, CorpusError) as e:
        say_error(str(e))
        return 2
    except BrokenPipeError:  # `fyp list | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
