"""Ingest: raw plan bytes → a structured ``Plan``.

detect the format from the bytes → read (PDF, HTML, DOCX or text → lines; what
the layout shows is not the document is set aside) → clean (cut chrome, keep
every cut) → structure (sections, items, boxes, tables) → meta (sidecar TOML over
what the text says).
``account`` checks that every non-space character of the extracted text ended
up in exactly one place.
"""

from __future__ import annotations

import importlib

# Names are imported on first use (PEP 562): `from fyp_tui.ingest import IngestError`
# (the corpus and the CLI need it) must not import the readers, lxml and pypdfium2.
_WHERE = {
    "IngestError": "decode", "Extracted": "layout", "extract": "pipeline", "parse_bytes": "pipeline",
    "parse_file": "pipeline", "account": "pipeline", "plan_id_for": "pipeline", "placed_texts": "pipeline",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
