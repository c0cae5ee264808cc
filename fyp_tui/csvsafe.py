"""CSV cells that a spreadsheet will not run as formulas.

Spreadsheets treat a cell beginning with ``=``, ``+``, ``-`` or ``@`` as a formula
(and tab / CR as a way to start one), so plan text or a user's own search term
written to CSV could run ``=HYPERLINK(…)`` or worse when opened. ``csv_cell``
prefixes such text with an apostrophe, the mark spreadsheets read as "this is
text" (OWASP's advice); numbers stay numbers, so ``-3.5`` is still a value.
"""

from __future__ import annotations

import csv
from typing import Any, Iterable

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` made safe for a CSV cell: numbers as they are, risky text quoted."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    if text.startswith(_TRIGGERS):
        return "'" + text
    return text


class SafeWriter:
    """``csv.writer`` whose every cell passes ``csv_cell``."""

    def __init__(self, stream, **kwargs) -> None:
        self._w = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._w.writerow([csv_cell(c) for c in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **kwargs) -> SafeWriter:
    return SafeWriter(stream, **kwargs)
