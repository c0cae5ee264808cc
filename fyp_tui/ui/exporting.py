"""Exports from the app: tables (search results, term frequencies, the targets grid)
as CSV, JSON or Markdown, written where the user says (``ExportScreen``).

Writes are atomic and only ever replace a regular file; CSV cells go through the
project's one formula neutraliser.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..csvsafe import csv_cell
from ..fsutil import atomic_write_text

FORMATS = ("csv", "json", "md")


def render_table(header: list[str], rows: list[list[str]], fmt: str) -> str:
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([csv_cell(h) for h in header])
        w.writerows([[csv_cell(str(c)) for c in r] for r in rows])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(header, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"

    def md(c: str) -> str:
        return str(c).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(md, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(md, r)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def write_export(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically; refuse anything but a regular file."""
    path = Path(path).expanduser()
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OSError(f"{path} is not a regular file: choose another name")
    if not path.parent.is_dir():
        raise OSError(f"{path.parent} is not a folder")
    atomic_write_text(path, text)
