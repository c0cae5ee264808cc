"""The one data model every layer uses: a Plan, its tree of Sections, and their blocks.

A plan is a tree of sections (篇/章/节, 一、/（一）/1、, lead items), each holding its
own body blocks in reading order: paragraphs, 专栏 boxes and indicator tables. Every
piece of text is normalised (see ``textnorm``) and remembers the raw line it came
from. Whatever ingest cut out is kept in ``Plan.removed`` with its reason, so the
whole input is accounted for.

Everything here is plain dataclasses with ``to_dict`` / ``from_dict`` for the JSON
corpus; no layer adds fields of its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterator

SCHEMA_VERSION = 1

# Section levels that are not numbering families but kinds of node.
FRONT = "封面"  # title block before the body: title, issuer, dates
PREFACE = "序言"  # 序言 / 前言
CLOSING = "结语"  # closing text after the last numbered unit
ITEM = "条"  # a paragraph that opens with a lead sentence, or an untitled numbered item
BODY = "正文"  # the text of a plan that has no headings at all

# Node kinds that `outline` adds for blocks (they are not Sections).
BOX = "专栏"
TABLE = "表"


@dataclass
class Paragraph:
    text: str
    line: int = 0  # 1-based line of the decoded input where it starts

    def to_dict(self) -> dict:
        return {"text": self.text, "line": self.line}

    @classmethod
    def from_dict(cls, d: dict) -> "Paragraph":
        return cls(d["text"], d.get("line", 0))


@dataclass
class Box:
    """A 专栏 box: a heading (``专栏3：title``) and its entries, one per line."""

    id: str
    label: str  # "专栏3", or "专栏" when unnumbered
    title: str
    heading: str  # the heading exactly as normalised, label included
    entries: list[Paragraph] = field(default_factory=list)
    line: int = 0

    kind = "box"

    def to_dict(self) -> dict:
        return {
            "kind": "box",
            "id": self.id,
            "label": self.label,
            "title": self.title,
            "heading": self.heading,
            "line": self.line,
            "entries": [e.to_dict() for e in self.entries],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Box":
        return cls(
            id=d["id"],
            label=d["label"],
            title=d["title"],
            heading=d["heading"],
            line=d.get("line", 0),
            entries=[Paragraph.from_dict(e) for e in d["entries"]],
        )

    def text(self) -> str:
        return "\n".join(e.text for e in self.entries)


@dataclass
class TableRow:
    """One indicator: category, name, unit, baseline, target, attribute.

    ``cells`` are the row's cells as written, in order; the named fields are what
    the table parser read them as. An empty string means the cell is missing.
    ``cumulative`` marks values written in 【】 (five-year cumulative).
    """

    cells: list[str]
    number: str = ""
    category: str = ""
    indicator: str = ""
    unit: str = ""
    baseline: str = ""
    target: str = ""
    attribute: str = ""
    cumulative: bool = False
    line: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TableRow":
        return cls(**d)


@dataclass
class Table:
    """An indicator table rebuilt from one-cell-per-line text."""

    id: str
    caption: str
    header: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    notes: list[Paragraph] = field(default_factory=list)
    baseline_year: str = ""
    target_year: str = ""
    line: int = 0

    kind = "table"

    def to_dict(self) -> dict:
        return {
            "kind": "table",
            "id": self.id,
            "caption": self.caption,
            "header": self.header,
            "baseline_year": self.baseline_year,
            "target_year": self.target_year,
            "line": self.line,
            "rows": [r.to_dict() for r in self.rows],
            "notes": [n.to_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Table":
        return cls(
            id=d["id"],
            caption=d["caption"],
            header=list(d.get("header", [])),
            baseline_year=d.get("baseline_year", ""),
            target_year=d.get("target_year", ""),
            line=d.get("line", 0),
            rows=[TableRow.from_dict(r) for r in d["rows"]],
            notes=[Paragraph.from_dict(n) for n in d.get("notes", [])],
        )

    def text(self) -> str:
        lines = [self.caption]
        lines += [" | ".join(c for c in r.cells if c) for r in self.rows]
        lines += [n.text for n in self.notes]
        return "\n".join(lines)


_BLOCK_READERS = {"para": Paragraph.from_dict, "box": Box.from_dict, "table": Table.from_dict}


@dataclass
class Section:
    """A node of the plan's tree.

    ``level`` is the numbering family as written: 篇, 章, 节, 一, （一）, 1, （1）, or
    one of FRONT / PREFACE / CLOSING / ITEM. ``label`` is the number as written
    (第三章, 二、, （一）, 1、); ``title`` is normalised; ``heading`` is the heading text
    exactly as normalised (label, title and, for items, the lead sentence's stop).
    """

    id: str
    level: str
    label: str
    title: str
    heading: str = ""
    line: int = 0
    blocks: list = field(default_factory=list)  # Paragraph | Box | Table, in order
    children: list["Section"] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def boxes(self) -> list[Box]:
        return [b for b in self.blocks if isinstance(b, Box)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def walk(self) -> Iterator["Section"]:
        yield self
        for c in self.children:
            yield from c.walk()

    def body_text(self) -> str:
        """The section's own blocks as plain text (children excluded)."""
        out = []
        for b in self.blocks:
            out.append(b.text if isinstance(b, Paragraph) else b.heading if isinstance(b, Box) else b.caption)
            if isinstance(b, Box):
                out.append(b.text())
            elif isinstance(b, Table):
                out.append(b.text())
        return "\n".join(x for x in out if x)

    def full_text(self) -> str:
        """The section with all its descendants, headings included."""
        parts = [self.heading or self.title, self.body_text()]
        parts += [c.full_text() for c in self.children]
        return "\n".join(p for p in parts if p)

    @property
    def display_title(self) -> str:
        if self.level in (FRONT, PREFACE, CLOSING, ITEM, BODY):
            return self.title
        return f"{self.label} {self.title}".strip()

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "level": self.level,
            "label": self.label,
            "title": self.title,
            "heading": self.heading,
            "line": self.line,
            "blocks": [
                {"kind": "para", **b.to_dict()} if isinstance(b, Paragraph) else b.to_dict()
                for b in self.blocks
            ],
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Section":
        # Positional arguments and a table of block readers: a corpus of 1,000 plans
        # has ~180,000 sections, and this is most of the time it takes to load.
        readers = _BLOCK_READERS
        try:
            blocks = [readers[b.get("kind")](b) for b in d.get("blocks", ())]
        except KeyError:
            kinds = {b.get("kind") for b in d.get("blocks", ())} - set(readers)
            if kinds:
                raise ValueError(f"unknown block kind {sorted(map(repr, kinds))[0]}") from None
            raise
        return cls(d["id"], d["level"], d["label"], d["title"], d.get("heading", ""), d.get("line", 0),
                   blocks, [cls.from_dict(c) for c in d.get("children", ())])


@dataclass
class Removed:
    """Text ingest cut out, with why. ``line`` is 1-based in the decoded input."""

    text: str
    reason: str
    line: int = 0

    def to_dict(self) -> dict:
        return {"text": self.text, "reason": self.reason, "line": self.line}

    @classmethod
    def from_dict(cls, d: dict) -> "Removed":
        return cls(text=d["text"], reason=d["reason"], line=d.get("line", 0))


@dataclass
class PlanMeta:
    title: str = ""
    short_title: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    level: str = ""  # province | city | district
    kind: str = ""  # outline (纲要) | proposal (建议)
    issuer: str = ""
    adopted: str = ""  # ISO date the plan was adopted / approved
    issued: str = ""  # ISO date it was published
    period: str = "十四五"
    source: str = ""  # where the raw text came from, free text
    encoding: str = ""  # detected encoding of the raw file

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "PlanMeta":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def region(self) -> str:
        """The region with its parents, so two 鼓楼区 never look alike."""
        return "".join(x for x in (self.province, self.city, self.district) if x)

    @property
    def place(self) -> str:
        """Short place name that still tells the two 鼓楼区 apart: 徐州鼓楼区."""
        city = self.city.removesuffix("市") if self.district else self.city
        return f"{city}{self.district}" if self.district else (self.city or self.province)

    @property
    def kind_label(self) -> str:
        return {"outline": "纲要", "proposal": "建议"}.get(self.kind, self.kind)


@dataclass
class Plan:
    id: str
    meta: PlanMeta
    sections: list[Section]
    removed: list[Removed] = field(default_factory=list)
    source_sha256: str = ""
    chars: int = 0  # non-space characters of the decoded input

    def walk(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def section(self, sid: str) -> Section:
        for s in self.walk():
            if s.id == sid:
                return s
        raise KeyError(sid)

    def find(self, sid: str) -> Section | None:
        try:
            return self.section(sid)
        except KeyError:
            return None

    def path(self, sid: str) -> list[Section]:
        """The chain of sections from the top down to ``sid`` (inclusive)."""

        def go(nodes: list[Section], trail: list[Section]) -> list[Section] | None:
            for n in nodes:
                if n.id == sid:
                    return trail + [n]
                found = go(n.children, trail + [n])
                if found:
                    return found
            return None

        found = go(self.sections, [])
        if found is None:
            raise KeyError(sid)
        return found

    def boxes(self) -> list[Box]:
        return [b for s in self.walk() for b in s.boxes]

    def tables(self) -> list[Table]:
        return [t for s in self.walk() for t in s.tables]

    def count(self, level: str) -> int:
        return sum(1 for s in self.walk() if s.level == level)

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "meta": self.meta.to_dict(),
            "source_sha256": self.source_sha256,
            "chars": self.chars,
            "sections": [s.to_dict() for s in self.sections],
            "removed": [r.to_dict() for r in self.removed],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Plan":
        if d.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"schema {d.get('schema')!r}, expected {SCHEMA_VERSION}")
        return cls(
            id=d["id"],
            meta=PlanMeta.from_dict(d["meta"]),
            sections=[Section.from_dict(s) for s in d["sections"]],
            removed=[Removed.from_dict(r) for r in d.get("removed", [])],
            source_sha256=d.get("source_sha256", ""),
            chars=d.get("chars", 0),
        )
