"""Which characters OpenCC's t2s changes, kept beside a stored index, so that a query
in Simplified characters (nearly every query) is known to be one without loading
OpenCC (~30 ms of a fresh ``fyp search``).

The table (``variants.t2s_changed``) is worked out by the installed OpenCC when the
store is written, or by the first query of an older store, and kept as a sidecar
(``sidecar``) with a CRC. An index that is not stored converts every query.
"""

from __future__ import annotations

from .sidecar import kept, unwrap, wrap
from .variants import t2s_changed, to_simplified

FORMAT = 1


def build() -> frozenset[str] | None:
    got = t2s_changed()
    return frozenset(got) if got is not None else None


def encode(chars: frozenset[str] | None) -> bytes:
    return wrap(FORMAT, "".join(sorted(chars)).encode("utf-8")) if chars else b""


def decode(data: bytes) -> frozenset[str] | None:
    body = unwrap(data, FORMAT)
    if not body:  # a table of nothing is none: OpenCC always changes some
        return None
    try:
        return frozenset(body.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def changed_of(index) -> frozenset[str] | None:
    """The characters t2s changes, for ``index`` (None: not known, convert every query)."""
    if index.__dict__.get("_store") is None:
        return None
    return index.derived("_t2s", lambda: kept(index, "simplify", build, encode, decode))


def simplified(index, s: str) -> str:
    """``s`` in Simplified characters, OpenCC loaded only when ``s`` holds a character it changes."""
    if not s or s.isascii():
        return s
    return to_simplified(s, changed_of(index))
