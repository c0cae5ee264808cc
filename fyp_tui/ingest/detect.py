"""Tell a raw file's format from its bytes, never from its name.

Read: PDF (``%PDF`` near the start), DOCX (a ZIP holding ``word/document.xml``),
HTML (a page or a fragment: its first tags), plain text (everything else that
decodes). Refused with one line naming the file and what to do: RTF, Word 97-2003
DOC and WPS (OLE2 compound files), other ZIP packages (ODT, XLSX, archives),
other archives, images and other binaries.
"""

from __future__ import annotations

import io
import re
import zipfile

from .decode import IngestError

SAVE_AS = "save it as PDF, DOCX or UTF-8 text and try again"

# (magic at offset 0, what it is, what to do)
_REFUSED = [
    (b"{\\rtf", "is an RTF document, which fyp does not read", SAVE_AS),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is a Word 97-2003 (.doc), WPS or other OLE2 office file, which fyp does not read", SAVE_AS),
    (b"\x89PNG\r\n\x1a\n", "is a PNG image, not text", "run OCR on it and save the text as UTF-8, or give the plan as PDF with a text layer"),
    (b"\xff\xd8\xff", "is a JPEG image, not text", "run OCR on it and save the text as UTF-8, or give the plan as PDF with a text layer"),
    (b"GIF8", "is a GIF image, not text", "give the plan as PDF, DOCX or UTF-8 text"),
    (b"II*\x00", "is a TIFF image, not text", "run OCR on it and save the text as UTF-8"),
    (b"MM\x00*", "is a TIFF image, not text", "run OCR on it and save the text as UTF-8"),
    (b"\x1f\x8b", "is a gzip archive", "unpack it and give the plan file inside"),
    (b"7z\xbc\xaf\x27\x1c", "is a 7-Zip archive", "unpack it and give the plan file inside"),
    (b"Rar!\x1a\x07", "is a RAR archive", "unpack it and give the plan file inside"),
    (b"%!PS", "is a PostScript file", SAVE_AS),
    (b"AT&TFORM", "is a DjVu document", SAVE_AS),
]

_HTML_START_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(rb"</?(?:p|div|br|table|tr|td|th|h[1-6]|span|ul|ol|li|a|font|strong|b|section|article)\b[^<>]{0,400}>", re.IGNORECASE)


def detect(data: bytes, source: str = "<input>") -> str:
    """``"pdf" | "docx" | "html" | "txt"`` for bytes fyp can read; ``IngestError`` otherwise."""
    if not data.strip():
        raise IngestError(source, "the file is empty", "give a file with the plan's text")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, source)
    for magic, problem, hint in _REFUSED:
        if data.startswith(magic):
            raise IngestError(source, problem, hint)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise IngestError(source, "is a WebP image, not text", "run OCR on it and save the text as UTF-8")
    if _looks_like_html(data):
        return "html"
    return "txt"


def _zip_kind(data: bytes, source: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        raise IngestError(source, "is a damaged ZIP file (or a damaged DOCX)", SAVE_AS) from None
    if "word/document.xml" in names:
        return "docx"
    if "opendocument" in mimetype:
        raise IngestError(source, f"is an OpenDocument file ({mimetype}), which fyp does not read", SAVE_AS)
    if any(n.startswith(("xl/", "ppt/")) for n in names):
        raise IngestError(source, "is an Excel or PowerPoint file, not a plan document", SAVE_AS)
    raise IngestError(source, "is a ZIP archive, not a plan document", "unpack it and give the plan file inside")


def _looks_like_html(data: bytes) -> bool:
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00":
        # UTF-16: tags are ASCII with NULs between; compare without them.
        head = head.replace(b"\x00", b"")
    head = head.removeprefix(b"\xef\xbb\xbf").removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")
    if _HTML_START_RE.match(head):
        return True
    # A fragment: several block tags, and a line that opens with one.
    tags = _TAG_RE.findall(head)
    return len(tags) >= 3 and re.search(rb"(?m)^\s*<[a-zA-Z]", head) is not None
