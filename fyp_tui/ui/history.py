"""Back and forward across the app's places: a plan at a section, a search with its
filters and cursor, a comparison, the targets grid. Pure data: the app restores a
place; screens say where they are (``place()``)."""

from __future__ import annotations

from dataclasses import dataclass, field

LIMIT = 200  # places kept each way


@dataclass(frozen=True)
class Place:
    kind: str  # reader | search | compare | targets | any other screen's name (with ``make``)
    plan: str = ""
    section: str = ""
    other: str = ""  # compare: plan B
    query: str = ""
    mode: str = ""
    filters: tuple[tuple[str, str], ...] = ()  # search: (select id, value) pairs
    cursor: int = -1  # search: the highlighted row
    # Any other screen (reuse…): a callable that builds it again. Not compared.
    make: object = field(default=None, compare=False)

    def describe(self) -> str:
        if self.kind == "reader":
            return f"{self.plan}#{self.section}" if self.section else self.plan
        if self.kind == "search":
            return f"search “{self.query}”"
        if self.kind == "compare":
            return f"compare {self.plan} ⇄ {self.other}"
        return self.kind


@dataclass
class History:
    back: list[Place] = field(default_factory=list)
    forward: list[Place] = field(default_factory=list)

    def leave(self, here: Place | None) -> None:
        """Going somewhere new from ``here``: it joins the back list, forward is cleared."""
        if here is None:
            return
        if not self.back or self.back[-1] != here:
            self.back.append(here)
            del self.back[:-LIMIT]
        self.forward.clear()

    def go_back(self, here: Place | None) -> Place | None:
        return self._step(self.back, self.forward, here)

    def go_forward(self, here: Place | None) -> Place | None:
        return self._step(self.forward, self.back, here)

    @staticmethod
    def _step(source: list[Place], sink: list[Place], here: Place | None) -> Place | None:
        while source:
            there = source.pop()
            if there != here:
                if here is not None:
                    sink.append(here)
                return there
        return None
