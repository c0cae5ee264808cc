"""The one data model every layer uses: a Plan, its tree of Sections, and their blocks.

A plan is a tree of sections (篇/章/节, 一、/（一）/1、, lead items), each holding its
own body blocks in reading order: paragraphs, 专栏 boxes and indicator tables. Every
piece of text is normalised (see ``textnorm``) and remembers the raw line it came
from. Whatever ingest cut out is kept in ``Plan.removed`` with its reason, so the
whole input is accounted for.

The types are ``msgspec`` structs: one typed schema that encodes and decodes the
JSON corpus, and validates it on the way in (a wrong leaf type is an error naming
its path, e.g. ``$.sections[0].blocks[2].text``). No layer adds fields of its own.
"""

from __future__ import annotations

from typing import Iterator, Union

import msgspec

SCHEMA_VERSION = 2
# What the parser makes of a document changes with its fixes (full-width number signs,
# numbers spelled digit by digit…). Each parsed plan records the version that made it,
# so a plan parsed before a fix is told apart and read again from the file stored with
# it (`fyp ingest --reparse`). Bump this when a change to ingest moves any input's parse.
# 5: a heading title keeps the space between its two phrases (``textnorm.as_titled``);
# 6: a label alone on its line, 一. numbering, contents with page furniture, tables in
# columns, a notice's title wrapped in its 《》
PARSER_VERSION = 6

# Section levels that are not numbering families but kinds of node.
FRONT = "封面"  # title block before the body: title, issuer, dates
PREFACE = "序言"  # 序言 / 前言
CLOSING = "结语"  # closing text after the last numbered unit
ITEM = "条"  # a paragraph that opens with a lead sentence, or an untitled numbered item
BODY = "正文"  # the text of a plan that has no headings at all
APPENDIX = "附录"  # material after the plan that is not part of it (a second document, notes)
# levels whose heading a printed plan sets apart from its number (第一节 发展成就); keys and
# full_text run the two together, 一、 and 1、 headings are printed run together
SPACED_LEVELS = ("篇", "编", "部分", "章", "节")

# Node kinds that `outline` adds for blocks (they are not Sections).
BOX = "专栏"
TABLE = "表"

# The values PlanMeta.level and PlanMeta.kind may take ("" = not known).
LEVELS = ("national", "province", "city", "county", "district")
KINDS = ("outline", "proposal", "special")
LEVEL_LABELS = {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "district": "区级"}
KIND_LABELS = {"outline": "纲要", "proposal": "建议", "special": "专项规划"}


class Paragraph(msgspec.Struct, tag_field="kind", tag="para"):
    text: str
    line: int = 0  # 1-based line of the decoded input where it starts

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Paragraph":
        return msgspec.convert(d, cls)


class Box(msgspec.Struct, tag_field="kind", tag="box"):
    """A 专栏 box: a heading (``专栏3：title``) and its entries, one per line."""

    id: str
    label: str  # "专栏3", or "专栏" when unnumbered
    title: str  # as written, white space tidied
    heading: str  # the heading exactly as normalised, label included
    entries: list[Paragraph] = []
    line: int = 0

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Box":
        return msgspec.convert(d, cls)

    def text(self) -> str:
        return "\n".join(e.text for e in self.entries)


class TableRow(msgspec.Struct):
    """One indicator: category, name, unit, baseline, target, attribute.

    ``cells`` are the row's cells as written, in order; ``category`` and
    ``indicator`` are as written too, the other named fields what the table parser
    read them as (normalised: ``３０`` is 30). An empty string means the cell is missing.
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
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TableRow":
        return msgspec.convert(d, cls)


class Table(msgspec.Struct, tag_field="kind", tag="table"):
    """An indicator table (from one-cell-per-line text, or a real table in HTML/DOCX/PDF)."""

    id: str
    caption: str
    header: list[str] = []
    rows: list[TableRow] = []
    notes: list[Paragraph] = []
    baseline_year: str = ""
    target_year: str = ""
    line: int = 0

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Table":
        return msgspec.convert(d, cls)

    def text(self) -> str:
        def row(cells: list[str]) -> str:
            return " | ".join(c for c in cells if c)

        lines = [self.caption] + ([row(self.header)] if any(self.header) else [])
        lines += [row(r.cells) for r in self.rows]
        lines += [n.text for n in self.notes]
        return "\n".join(lines)


Block = Union[Paragraph, Box, Table]


class Section(msgspec.Struct):
    """A node of the plan's tree.

    ``level`` is the numbering family as written: 篇, 章, 节, 一, （一）, 1, （1）, or
    one of FRONT / PREFACE / CLOSING / ITEM / BODY / APPENDIX. ``label`` is the number
    as written (第三章, 二、, (一), 1、); ``title`` is as written too, white space tidied
    (``textnorm.as_written``): what a reader quotes. ``heading`` is the heading text
    exactly as normalised (label, title and, for items, the lead sentence's stop): what
    search and compare read.
    """

    id: str
    level: str
    label: str
    title: str
    heading: str = ""
    line: int = 0
    blocks: list[Block] = []  # in reading order
    children: list[Section] = []

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
            if isinstance(b, Paragraph):
                out.append(b.text)
            elif isinstance(b, Box):
                out += [b.heading, b.text()]
            else:
                out.append(b.text())  # its caption first, then its header, rows and notes
        return "\n".join(x for x in out if x)

    def full_text(self) -> str:
        """The section with all its descendants, headings included: the text the plan
        prints, as search reads it (a front page's title, printed in its body, and a
        结语 the parser named are not added again: ``fyp show --json`` counted them)."""
        parts = [self.heading, self.body_text()]
        parts += [c.full_text() for c in self.children]
        return "\n".join(p for p in parts if p)

    def reading_text(self) -> str:
        """``full_text`` with a 篇/章/节 heading set apart from its number as printed plans
        set it (第一节 发展成就, where ``heading``, the search key, runs them together; a
        一、 or 1、 heading is printed run together already): what is copied and cited."""
        spaced = self.level in SPACED_LEVELS and self.label
        parts = [f"{self.label} {self.title}" if spaced else self.heading or self.title, self.body_text()]
        parts += [c.reading_text() for c in self.children]
        return "\n".join(p for p in parts if p)

    @property
    def display_title(self) -> str:
        if self.level in (FRONT, PREFACE, CLOSING, ITEM, BODY, APPENDIX):
            return self.title
        return f"{self.label} {self.title}".strip()

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Section":
        return msgspec.convert(d, cls)


class Removed(msgspec.Struct):
    """Text ingest cut out, with why. ``line`` is 1-based in the decoded input."""

    text: str
    reason: str
    line: int = 0

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Removed":
        return msgspec.convert(d, cls)


class PlanMeta(msgspec.Struct):
    """What a plan is: title, region, level, kind, period and dates.

    Inferred from the title block, issuer and date lines (never a passing mention);
    a field left empty means "not known". ``meta_sources`` maps each inferred field
    to the line it was read from (or ``"sidecar"`` when the user's TOML set it).
    """

    title: str = ""
    short_title: str = ""
    province: str = ""
    city: str = ""
    county: str = ""  # a 县 / 县级市 / 旗 / 自治县
    district: str = ""  # a 市辖区 or 新区
    level: str = ""  # one of LEVELS
    kind: str = ""  # one of KINDS
    field: str = ""  # a 专项规划's field, as its title names it (e.g. 数字经济发展)
    issuer: str = ""
    adopted: str = ""  # ISO date the plan was adopted / approved
    issued: str = ""  # ISO date it was published
    period: str = ""  # 十四五, 十五, 一五 … as written; compared as a whole string
    vision_year: str = ""  # the 远景目标 year, e.g. 2035
    revised: str = ""  # year of a mid-term revision (调整 / 修订), for kind outline
    source: str = ""  # where the raw text came from, free text
    encoding: str = ""  # detected encoding of the raw file
    format: str = ""  # txt | pdf | html | docx: the original file's format
    meta_sources: dict[str, str] = {}

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "PlanMeta":
        known = {k: v for k, v in d.items() if k in cls.__struct_fields__}
        return msgspec.convert(known, cls)

    @property
    def region(self) -> str:
        """The region with its parents, so two 鼓楼区 never look alike."""
        return "".join(x for x in (self.province, self.city, self.county, self.district) if x)

    @property
    def place(self) -> str:
        """Short place name that still tells the two 鼓楼区 apart: 徐州鼓楼区."""
        local = self.district or self.county
        if local:
            city = self.city.removesuffix("市")
            return f"{city}{local}" if city else f"{self.province.removesuffix('省')}{local}"
        if self.city:
            return self.city
        if self.province:
            return self.province
        return "全国" if self.level == "national" else ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


class Plan(msgspec.Struct, dict=True):
    id: str
    meta: PlanMeta
    sections: list[Section]
    removed: list[Removed] = []
    source_sha256: str = ""
    chars: int = 0  # non-space characters of the decoded input
    schema: int = SCHEMA_VERSION
    parser: int = 0  # the PARSER_VERSION that made it (0: made before versions were recorded)

    def walk(self) -> Iterator[Section]:
        for s in self.sections:
            yield from s.walk()

    def _paths(self) -> dict[str, tuple[Section, ...]]:
        # Built once per plan (a cached attribute, not a field): `path` and `section`
        # are called per row in `show` and per hit in search, so a tree walk per call
        # is quadratic for plans with thousands of sections.
        cached = self.__dict__.get("_path_index")
        if cached is None:
            cached = {}

            def go(nodes: list[Section], trail: tuple[Section, ...]) -> None:
                for n in nodes:
                    here = trail + (n,)
                    cached.setdefault(n.id, here)
                    if n.children:
                        go(n.children, here)

            go(self.sections, ())
            self.__dict__["_path_index"] = cached
        return cached

    def forget_paths(self) -> None:
        """Drop the cached id index after the tree was changed in place."""
        self.__dict__.pop("_path_index", None)

    def section(self, sid: str) -> Section:
        return self._paths()[sid][-1]

    def find(self, sid: str) -> Section | None:
        found = self._paths().get(sid)
        return found[-1] if found else None

    def path(self, sid: str) -> list[Section]:
        """The chain of sections from the top down to ``sid`` (inclusive)."""
        return list(self._paths()[sid])

    def boxes(self) -> list[Box]:
        return [b for s in self.walk() for b in s.boxes]

    def tables(self) -> list[Table]:
        return [t for s in self.walk() for t in s.tables]

    def count(self, level: str) -> int:
        return sum(1 for s in self.walk() if s.level == level)

    def to_dict(self) -> dict:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Plan":
        if not isinstance(d, dict) or d.get("schema") != SCHEMA_VERSION:
            got = d.get("schema") if isinstance(d, dict) else None
            raise ValueError(f"schema {got!r}, expected {SCHEMA_VERSION}")
        return msgspec.convert(d, cls)


_PLAN_DECODER = msgspec.json.Decoder(Plan)
_ENCODER = msgspec.json.Encoder()


def decode_plan(data: bytes) -> Plan:
    """A plan from its JSON bytes, validated against the schema.

    Raises ``msgspec.ValidationError`` (naming the path of the bad field) or
    ``msgspec.DecodeError``; a wrong schema version is a ValidationError too.
    """
    plan = _PLAN_DECODER.decode(data)
    if plan.schema != SCHEMA_VERSION:
        raise msgspec.ValidationError(f"schema {plan.schema!r}, expected {SCHEMA_VERSION} - at `$.schema`")
    return plan


def encode_plan(plan: Plan) -> bytes:
    """The plan as compact JSON bytes (UTF-8, not ASCII-escaped)."""
    return _ENCODER.encode(plan)
