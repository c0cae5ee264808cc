"""Ingest: raw plan bytes → a structured ``Plan``.

detect the format from the bytes → read (PDF, HTML, DOCX or text → lines; what
the layout shows is not the document is set aside) → clean (cut chrome, keep
every cut) → structure (sections, items, boxes, tables) → meta (sidecar TOML over
what the text says).
``account`` checks that every non-space character of the extracted text ended
up in exactly one place.
"""

from __future__ import annotations

from ..lazy import lazy_names

# Names are imported on first use (PEP 562): `from fyp_tui.ingest import IngestError`
# (the corpus and the CLI need it) must not import the readers, lxml and pypdfium2.
_WHERE = {
    "IngestError": "decode", "Extracted": "layout", "extract": "pipeline", "parse_bytes": "pipeline",
    "parse_file": "pipeline", "account": "pipeline", "plan_id_for": "pipeline", "placed_texts": "pipeline",
    "sidecar_for": "pipeline",
}
__all__ = sorted(_WHERE)

__getattr__ = lazy_names(__name__, _WHERE)
