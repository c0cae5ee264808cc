"""The one sanitiser for text on its way to a terminal.

Document text, metadata, file names, user files and error messages can all hold
terminal escapes (OSC 52 clipboard writes, title changes, the alternate screen),
C0/C1 control characters and bidi controls that reorder what is shown. Whatever
the CLI prints and the app draws passes ``for_terminal`` at output; the data
itself is never changed (ingest keeps what it cut in ``Plan.removed``).

Markup is a separate matter: strings are never parsed as Rich or Textual markup
(the CLI's console has ``markup=False``, the app builds ``Text`` objects), so a
``[bold red]`` in a file name is shown as written.
"""

from __future__ import annotations

import re

# An escape sequence is removed whole (not just its ESC), so no payload such as an
# OSC 52 clipboard string is left behind as visible junk.
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI (7- and 8-bit)
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: titles, clipboard, hyperlinks
    r"|(?:\x1b[P^_X]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other ESC sequence (charset switches, RIS, keypad modes)
)
# Single characters a terminal acts on or that reorder text: C0 (but tab and
# newline), DEL, C1, zero-width and bidi controls (LRM/RLM/ALM, embeddings,
# overrides, isolates), the BOM, and the Unicode line/paragraph separators.
_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
_UNSAFE_RE = re.compile(f"{_SEQUENCE}|{_CONTROLS}")


def for_terminal(s: str, keep_newlines: bool = True) -> str:
    """``s`` with every escape sequence and control character removed.

    Tabs and (unless ``keep_newlines`` is false) newlines stay; with it false a
    newline becomes a space, for one-line contexts such as error messages.
    """
    if not isinstance(s, str):
        s = str(s)
    out = _UNSAFE_RE.sub("", s)
    if not keep_newlines:
        out = out.replace("\r", " ").replace("\n", " ")
    return out


def unsafe_spans(s: str) -> list[tuple[int, int]]:
    """Spans of ``s`` that ``for_terminal`` removes: ingest cuts exactly these from a
    document (keeping them in ``Plan.removed``), so the two never disagree."""
    return [m.span() for m in _UNSAFE_RE.finditer(s)]


def is_clean(s: str) -> bool:
    """True when ``for_terminal`` would leave ``s`` unchanged."""
    return _UNSAFE_RE.search(s) is None


def json_safe(encoded: str) -> str:
    """JSON text with C1, bidi and separator characters written as ``\\uXXXX``.

    JSON already escapes C0 controls; these others pass through a UTF-8 JSON
    writer raw and some terminals act on them. Escaping keeps the data exact.
    """
    return _JSON_RAW_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


_JSON_RAW_RE = re.compile(r"[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
