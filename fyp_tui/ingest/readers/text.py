"""Plain text: decode the bytes (see ``decode``); ``clean`` splits the lines itself."""

from __future__ import annotations

from ..decode import decode_bytes
from ..layout import Extracted


def read_text(data: bytes, source: str = "<input>") -> Extracted:
    decoded = decode_bytes(data, source)
    return Extracted(decoded.text, None, [], "txt", decoded.encoding)
