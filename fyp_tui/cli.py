"""The `fyp` command: the app with no arguments, scriptable subcommands otherwise.

Each subcommand is a function ``(args, corpus) -> exit code``; search and compare
add theirs from their own modules (``cli_search``, ``cli_compare``). Errors the
user can fix (bad file, unknown plan, broken corpus file) print one line naming
the file and what to do, and exit 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .corpus import Corpus, CorpusError, load_corpus
from .ingest import IngestError

NEEDS_NO_CORPUS = {"parse"}
LOADS_IN_APP = {"app"}  # the app loads the corpus itself, behind a progress bar


APP_COMMANDS = ("app", "open")


def build_parser(app_only: bool = False) -> argparse.ArgumentParser:
    """The whole parser; ``app_only`` registers just the app commands, so plain `fyp`
    does not import the search and compare engines before the first frame."""
    from . import cli_corpus

    p = argparse.ArgumentParser(
        prog="fyp",
        description="Explore China's five-year plans: browse, search and compare. "
        "With no command, opens the app on the bundled corpus and your own plans.",
    )
    p.add_argument("--version", action="version", version=f"fyp-tui {__version__}")
    _add_globals(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    if not app_only:
        cli_corpus.register(sub)
    for name in ("cli_app",) if app_only else ("cli_search", "cli_compare", "cli_targets", "cli_app"):
        try:
            module = __import__(f"fyp_tui.{name}", fromlist=["register"])
        except ModuleNotFoundError as e:
            if e.name != f"fyp_tui.{name}":
                raise
            continue
        module.register(sub)
    return p


def _add_globals(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", action="append", type=Path, default=[], metavar="DIR",
                   help="an extra corpus directory (raw/, plans/, parsed/); may be repeated")
    p.add_argument("--no-user-corpus", action="store_true", help="only the bundled corpus (and --corpus dirs)")
    p.add_argument("--theme", help="the app's theme: fyp-ink, fyp-paper, any Textual theme or one of yours")


def _split_globals(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Global options may stand anywhere: `fyp list --no-user-corpus` works too."""
    g = argparse.ArgumentParser(add_help=False)
    _add_globals(g)
    return g.parse_known_args(argv)


def _loader(args):
    """A ``loader(progress) -> Corpus`` for the app (problems are shown in the app)."""
    from .config import load_config

    extra = load_config().corpus_dirs + list(args.corpus)

    def load(progress=None) -> Corpus:
        return load_corpus(extra=extra, include_user=not args.no_user_corpus, progress=progress)

    return load


def _corpus(args) -> Corpus:
    from .config import load_config

    cfg = load_config()
    if cfg.problem:
        print(f"fyp: {cfg.problem}", file=sys.stderr)
    corpus = load_corpus(extra=cfg.corpus_dirs + list(args.corpus), include_user=not args.no_user_corpus)
    for problem in corpus.problems:
        print(f"fyp: skipped {problem}", file=sys.stderr)
    return corpus


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    gargs, rest = _split_globals(argv)
    parser = build_parser(app_only=not rest or rest[0] in APP_COMMANDS)
    args = parser.parse_args(rest)
    if args.command is None:  # plain `fyp`: the app, if this install has it
        try:
            args = parser.parse_args(rest + ["app"])
        except SystemExit:
            parser.print_help()
            return 0
    args.corpus, args.no_user_corpus = gargs.corpus, gargs.no_user_corpus
    args.theme = getattr(args, "theme", None) or gargs.theme
    try:
        if args.command in LOADS_IN_APP:
            args.loader = _loader(args)
            corpus = None
        else:
            corpus = None if args.command in NEEDS_NO_CORPUS else _corpus(args)
        return int(args.func(args, corpus) or 0)
    except (IngestError, CorpusError) as e:
        print(f"fyp: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `fyp list | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


def dump_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    sys.exit(main())
