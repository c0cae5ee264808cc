"""The ingest pipeline itself (see the package docstring): detect → read → clean →
structure → meta, and the accounting check."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from ..model import PARSER_VERSION, Box, Paragraph, Plan, PlanMeta, Table
from ..sanitize import for_terminal
from ..textnorm import fold
from .clean import clean
from .decode import IngestError
from .detect import detect
from .layout import Extracted
from .limits import read_input
from .meta import infer, read_sidecar, same_title
from .readers import read
from .structure import build

__all__ = ["IngestError", "Extracted", "extract", "parse_bytes", "parse_file", "account", "plan_id_for"]


def extract(data: bytes, source: str = "<input>") -> Extracted:
    """The document's text and lines, read as the format its bytes show."""
    return read(data, detect(data, source), source)


def parse_bytes(data: bytes, plan_id: str, source: str = "<input>", meta: dict | None = None) -> Plan:
    extracted = extract(data, source)
    lines, removed = clean(extracted.text, extracted.lines)
    if extracted.removed:
        removed = sorted(extracted.removed + removed, key=lambda r: r.line)
    front, top = build(lines)
    inferred = infer(front, top, removed, extracted.text)
    inferred.encoding = extracted.encoding
    inferred.format = extracted.format
    if meta:
        for name in PlanMeta.__struct_fields__:
            if name == "title" and inferred.title and same_title(str(meta.get(name, "")), inferred.title):
                continue  # the document's title retyped (〇 for ○): the document's spelling is cited
            if name != "meta_sources" and meta.get(name) not in (None, ""):
                setattr(inferred, name, str(meta[name]))
                inferred.meta_sources[name] = "sidecar"
    sections = ([front] if front.blocks else []) + top
    if front.blocks and not front.title:
        front.title = inferred.title or "封面"
    return Plan(
        id=plan_id,
        meta=inferred,
        sections=sections,
        removed=removed,
        source_sha256=hashlib.sha256(data).hexdigest(),
        chars=sum(1 for c in extracted.text if not c.isspace()),
        parser=PARSER_VERSION,
    )


def plan_id_for(path: Path) -> str:
    # Escape sequences go whole first: a file named "\x1b[31mred.txt" is "red", not "31mred".
    stem = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff_-]+", "-", for_terminal(path.stem)).strip("-").lower()
    return stem or "plan"


def sidecar_for(path: Path, meta_path: Path | None = None) -> Path | None:
    """The metadata file that goes with ``path``: the one given, else ``<name>.toml``
    beside it when there is one."""
    if meta_path is not None:
        return Path(meta_path)
    beside = Path(path).with_suffix(".toml")
    return beside if beside.exists() else None


def parse_file(path: Path, plan_id: str | None = None, meta_path: Path | None = None) -> Plan:
    path = Path(path)
    data = read_input(path)  # regular files within the size limit only, checked before reading
    meta_path = sidecar_for(path, meta_path)
    meta = read_sidecar(meta_path) if meta_path else None
    pid = plan_id or (meta or {}).get("id") or plan_id_for(path)
    return parse_bytes(data, pid, str(path), meta)


def placed_texts(plan: Plan) -> list[str]:
    """Every piece of the input that ingest kept, each once."""
    out: list[str] = []
    for s in plan.walk():
        out.append(s.heading)
        for b in s.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            elif isinstance(b, Box):
                out.append(b.heading)
                out += [e.text for e in b.entries]
            elif isinstance(b, Table):
                out.append(b.caption)
                out += b.header
                out += [c for r in b.rows for c in r.cells]
                out += [n.text for n in b.notes]
    return out


def _chars(texts) -> Counter:
    c: Counter = Counter()
    for t in texts:
        c.update(ch for ch in fold(t) if not ch.isspace())
    return c


def account(plan: Plan, decoded_text: str) -> tuple[Counter, Counter]:
    """(missing, extra): characters of the input not placed, and placed twice or invented.

    Both empty means every non-space character of the input is in exactly one place:
    a heading, a paragraph, a box, a table cell, or the removed list.
    """
    want = _chars([decoded_text])
    have = _chars(placed_texts(plan) + [r.text for r in plan.removed])
    return want - have, have - want
