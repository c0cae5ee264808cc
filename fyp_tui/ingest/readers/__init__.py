"""Format readers: bytes of a PDF, HTML page, DOCX or text file → ``Extracted``.

Each reader keeps the document's line structure (headings, paragraphs rebuilt
from the layout, table rows with their cells) and drops what the layout shows is
not the document (running headers, page numbers, site navigation, footers) into
``removed`` with a reason. The libraries are imported only when that format is read.
"""

from __future__ import annotations

from ..layout import Extracted


def read(data: bytes, fmt: str, source: str = "<input>") -> Extracted:
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, source)
    if fmt == "html":
        from .html import read_html

        return read_html(data, source)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, source)
    from .text import read_text

    return read_text(data, source)


__all__ = ["Extracted", "read"]
