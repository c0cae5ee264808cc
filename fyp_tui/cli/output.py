"""Everything the CLI writes goes through here: one console, one JSON writer, one
error line.

The console sanitises every text segment it renders (``sanitize.for_terminal``),
whatever built it: a table cell, a progress bar's description, a tree label. It
never parses markup or highlights, and wraps Chinese text by the line-breaking
rules in ``linebreak`` when the output is a terminal; piped output is not
hard-wrapped (the reader's tool wraps).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from typing import TYPE_CHECKING, Iterable, NoReturn

from ..sanitize import for_terminal, json_safe

if TYPE_CHECKING:
    from rich.console import Console


def __getattr__(name: str):
    # rich is imported when something is printed, not for every command (a
    # `--json` search never loads it): ``SafeConsole`` is made on first use.
    if name == "SafeConsole":
        return _safe_console_class()
    raise AttributeError(name)


@functools.cache
def _safe_console_class() -> type:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A rich Console whose text segments are sanitised just before they are written.

        Rich's own control segments (colours, cursor moves it makes itself) are left
        alone; only the text of ordinary segments is cleaned, so no escape that came
        from data can reach the terminal.
        """

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                seg if seg.control else Segment(for_terminal(seg.text), seg.style, seg.control) for seg in buffer
            )

    return SafeConsole


def console(stderr: bool = False) -> Console:
    # highlight=False: never colour numbers or words inside document text.
    # soft_wrap when piped: a file or a pipe gets whole lines, not 80-column cuts.
    stream = sys.stderr if stderr else sys.stdout
    piped = not stream.isatty()
    return _safe_console_class()(file=stream, highlight=False, markup=False, emoji=False, soft_wrap=piped)


def dump_json(data) -> None:
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=1)))
    sys.stdout.write("\n")


def say_error(message: str) -> None:
    """One line on stderr, ``fyp: …``, sanitised (file names can hold escapes)."""
    sys.stderr.write("fyp: " + for_terminal(message, keep_newlines=False) + "\n")


def say(message: str) -> None:
    """Lines on stderr as given (no ``fyp:`` prefix added), sanitised."""
    sys.stderr.write(for_terminal(message) + "\n")


def plain_text(text: str) -> str:
    """``text`` sanitised for stdout, its CRLF line ends (CSV's) kept."""
    return "\r\n".join(for_terminal(part) for part in text.split("\r\n"))


def write_out(text: str) -> None:
    """Text that is data (a report, CSV) on stdout, sanitised."""
    sys.stdout.write(plain_text(text))


class _SafeStdout:
    """A file-like stdout for ``csv.writer``: every write sanitised."""

    def write(self, s: str) -> int:
        return sys.stdout.write(plain_text(s))


def csv_out(**kwargs):
    """A CSV writer on stdout: cells neutralised (``csvsafe``), text sanitised."""
    from ..csvsafe import writer

    return writer(_SafeStdout(), **kwargs)


class SafeArgumentParser(argparse.ArgumentParser):
    """argparse echoes what it was given (``unrecognized arguments: …``) raw:
    its usage and error messages are sanitised like everything else. A usage error
    is one line, like every other error: what was wrong, and where the usage is
    (argparse prints the whole usage block first, up to eight lines for `fyp search`)."""

    def _print_message(self, message: str, file=None) -> None:
        if message:
            super()._print_message(for_terminal(message), file)

    def error(self, message: str) -> NoReturn:
        one = " ".join(message.split())
        self.exit(2, f"{self.prog}: {one} (`{self.prog} --help` lists the options)\n")

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        # argparse reports arguments no parser took from the top parser (`fyp: …`): say
        # it from the command's own, whose --help lists what it takes.
        ns, extra = self.parse_known_args(args, namespace)
        if extra:
            self._command_parser(ns).error(f"unrecognized arguments: {' '.join(extra)}")
        return ns

    def _command_parser(self, ns: argparse.Namespace) -> argparse.ArgumentParser:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = getattr(ns, action.dest, None)
                if chosen in action.choices:
                    return action.choices[chosen]
        return self
