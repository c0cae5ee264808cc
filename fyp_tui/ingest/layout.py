"""What a format reader hands the text pipeline: the ``Extracted`` record.

``text`` is the document as lines joined by "\\n" (what ``account()`` checks
against); ``lines`` are the lines that go on to ``clean`` (one per line of
``text``, numbered by it, with layout hints: table cells, page, style), or
``None`` for plain text, which ``clean`` splits itself; ``removed`` is what the
reader dropped by layout (PDF running headers and page numbers, HTML navigation
and footers, DOCX headers and footers), each with its reason and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Removed
from .clean import Line

FORMATS = ("txt", "pdf", "html", "docx")


@dataclass
class Extracted:
    text: str
    lines: list[Line] | None
    removed: list[Removed] = field(default_factory=list)
    format: str = "txt"
    encoding: str = ""


class LineSink:
    """Collects a reader's output in reading order: kept lines, removed lines and
    table rows, numbered as the lines of the final ``text``."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.lines: list[Line] = []
        self.removed: list[Removed] = []
        self.tables = 0

    def keep(self, raw: str, **layout) -> None:
        self.texts.append(raw)
        self.lines.append(Line(len(self.texts), raw, **layout))

    def drop(self, raw: str, reason: str) -> None:
        self.texts.append(raw)
        if raw.strip():
            self.removed.append(Removed(raw, reason, len(self.texts)))

    def row(self, cells: list[str], header: bool = False, **layout) -> None:
        cells_t = tuple(cells)
        self.keep("\t".join(cells_t), cells=cells_t, table=self.tables, header=header, **layout)

    def new_table(self) -> None:
        self.tables += 1

    def extracted(self, fmt: str, encoding: str = "") -> Extracted:
        return Extracted("\n".join(self.texts), self.lines, self.removed, fmt, encoding)
