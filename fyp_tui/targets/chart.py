"""A small bar chart of one indicator across plans, as rich Text (no Textual here)."""

from __future__ import annotations

from rich.text import Text

from ..render import bar
from .records import Target

def bar_chart(title: str, rows: list[tuple[str, Target]], width: int = 30) -> Text:
    """One line per plan: place, bar (numeric targets in a shared base unit), value as written."""
    out = Text(title + "\n", style="bold")
    nums = [t.target.value for _, t in rows if t.target and t.target.value is not None]
    units = {t.target.base_unit for _, t in rows if t.target and t.target.value is not None}
    top = max((abs(n) for n in nums), default=0) or 1
    label_w = max((Text(p).cell_len for p, _ in rows), default=0)
    for place, t in rows:
        line = Text(place + " " * (label_w - Text(place).cell_len) + " ")
        v = t.target.value if t.target else None
        if v is not None and len(units) == 1:
            line.append(bar(abs(v) / top, width).ljust(width), style="bold")
        else:
            line.append(" " * width)
        line.append(" " + (t.target.display() if t.target else ""))
        out.append_text(line)
        out.append("\n")
    if len(units) > 1:
        out.append("(units differ: " + ", ".join(sorted(u or "—" for u in units)) + "; no bars)\n", style="dim")
    return out
