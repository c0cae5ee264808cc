"""Turn the bytes of a raw plan file into text: detect the encoding, unify line ends.

Detection looks at the bytes, never at the file name: a BOM first (UTF-8,
UTF-16 LE/BE, UTF-32), then BOM-less UTF-16 (NUL bytes at alternate positions),
then strict UTF-8, then GB18030 (a superset of GBK and GB2312). Input that is none
of these, or that is binary (NUL bytes, mostly control bytes, mostly unassigned
characters), raises ``IngestError`` with a message that names the file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from . import limits


class IngestError(Exception):
    """Input that cannot become a plan. ``str()`` is the message shown to the user."""

    def __init__(self, source: str, problem: str, hint: str = ""):
        self.source = source
        self.problem = problem
        self.hint = hint
        msg = f"{source}: {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


@dataclass
class Decoded:
    text: str
    encoding: str


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
]

_HINT = "save it as UTF-8 or GB18030 text and try again"


def decode_bytes(data: bytes, source: str = "<input>") -> Decoded:
    if not data.strip():
        raise IngestError(source, "the file is empty", "give a file with the plan's text")
    if reason := limits.refuse_reason(data):
        raise IngestError(source, reason, _HINT)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as e:
                raise IngestError(source, f"starts with a {name} byte-order mark but is not valid {name} (byte {e.start})", _HINT) from None
            return Decoded(_check_text(_unify_newlines(text), source), name)
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            return Decoded(_check_text(_unify_newlines(data.decode(utf16)), source), utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data and len(data) % 2 == 0:
        # UTF-16 without a BOM and mostly CJK has NULs in neither half of a pair
        # often enough for the check above: try both byte orders strictly.
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = _check_text(_unify_newlines(data.decode(codec)), source)
            except (UnicodeDecodeError, IngestError):
                continue
            if _reads_as_chinese(text):
                return Decoded(text, codec)
    if limits.looks_binary(data):  # by density: a stray NUL in a real plan is kept (in removed)
        raise IngestError(source, _named(source) or "looks like a binary file, not plan text", _hint(source))
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return Decoded(_check_text(_unify_newlines(text), source), codec)
    raise IngestError(source, _named(source) or "is neither UTF-8, UTF-16 nor GB18030/GBK text", _hint(source))


_NAMED = {".pdf": "a PDF (no %PDF- header near its start)", ".docx": "a Word file (not a ZIP holding a document)"}


def _named(source: str) -> str:
    """What a file that reads as neither its name's format nor text is: a .pdf of
    random bytes is "named .pdf but is not a PDF …", not merely "not UTF-8 text"."""
    suffix = source[source.rfind("."):].lower() if "." in source[-6:] else ""
    kind = _NAMED.get(suffix)
    return f"is named {suffix} but is neither {kind} nor text" if kind else ""


def _hint(source: str) -> str:
    return "download or export it again, or save its text as UTF-8" if _named(source) else _HINT


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has NULs in one byte of most pairs; CJK-heavy UTF-16 is
    # tried in decode_bytes when a NUL byte rules out UTF-8 and GB18030.
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _reads_as_chinese(text: str) -> bool:
    """Bytes read in the wrong width also give Han characters; real Chinese prose
    also has its punctuation and commonest words in it."""
    sample = text[:4000]
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    common = sum(1 for c in sample if c in "，。、；：“”的和在")
    return han > 0.3 * len(sample) and common >= max(2, len(sample) // 100)


def _unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_text(text: str, source: str) -> str:
    """Refuse decoded text that is mostly control or unassigned characters."""
    sample = text[:20000]
    if not sample.strip():
        raise IngestError(source, "has no text in it", "give a file with the plan's text")
    bad = 0
    for ch in sample:
        cat = unicodedata.category(ch)
        if (cat == "Cc" and ch not in "\n\t\x0c") or cat in ("Cn", "Co", "Cs"):
            bad += 1
    if bad > 0.1 * len(sample):
        raise IngestError(source, "looks like a binary file, not plan text", _HINT)
    return text


_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,30})""", re.I)
# Chinese sites declare the older, smaller sets; GB18030 reads all of them.
_WIDER = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "hz": "gb18030", "euc-cn": "gb18030",
          "iso-8859-1": "cp1252", "ascii": "utf-8"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares, as a Python codec name (or None)."""
    m = _META_CHARSET_RE.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _WIDER.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_markup(data: bytes, source: str = "<input>") -> Decoded:
    """A web page's text: its byte-order mark, else the charset it declares when the
    bytes are valid in it, else sniffed as plain text is (UTF-8, then GB18030)."""
    if not any(data.startswith(bom) for bom, _, _ in _BOMS) and _bomless_utf16(data) is None:
        codec = declared_charset(data)
        if codec:
            try:
                return Decoded(_unify_newlines(data.decode(codec)), codec)
            except UnicodeDecodeError:
                pass  # declared wrongly (common): sniff
    return decode_bytes(data, source)
