"""Tables derived from a stored index and kept beside its store, as
``<name>-<fingerprint>.tbl`` (the bigram graph, the cut dictionary): read back by the
next process, written atomically when missing or bad, older ones of the same name
removed. A table that cannot be written serves the process that built it only.
Each table's own module encodes and checks its bytes."""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Callable, TypeVar

import msgspec

from ..fsutil import atomic_write_bytes

T = TypeVar("T")


def sidecar_path(index, name: str) -> Path | None:
    """Where ``index``'s table ``name`` is kept; None for an index that is not stored."""
    slot = index.__dict__.get("_store")
    return None if slot is None else Path(slot) / f"{name}-{index.fingerprint or 'none'}.tbl"


def read_sidecar(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def keep_sidecar(path: Path, data: bytes) -> None:
    """Write the table and remove the same table of earlier stores of this slot."""
    name = path.name.rsplit("-", 1)[0]
    try:
        atomic_write_bytes(path, data)
        for old in path.parent.glob(f"{name}-*.tbl"):
            if old != path:
                os.unlink(old)
    except OSError:  # a cache that cannot be written: the table serves this process only
        pass


def kept(index, name: str, build: Callable[[], T], encode: Callable[[T], bytes],
         decode: Callable[[bytes], T | None]) -> T:
    """Table ``name`` of ``index``: read back from beside its store when there and good
    (``decode`` gives None for bytes it does not accept), else built and written; an
    index that is not stored builds it."""
    path = sidecar_path(index, name)
    if path is None:
        return build()
    data = read_sidecar(path)
    got = decode(data) if data is not None else None
    if got is not None:
        return got
    got = build()
    keep_sidecar(path, encode(got))
    return got


class Envelope(msgspec.Struct, array_like=True):
    """A table's bytes as kept: its module's format number and their CRC-32 with them."""

    format: int
    crc: int
    data: bytes


def wrap(fmt: int, data: bytes) -> bytes:
    return msgspec.msgpack.encode(Envelope(fmt, zlib.crc32(data), data))


def unwrap(blob: bytes, fmt: int) -> bytes | None:
    """The bytes ``wrap`` kept, or None: another format, not an envelope, or damaged."""
    try:
        got = msgspec.msgpack.decode(blob, type=Envelope)
    except msgspec.DecodeError:
        return None
    return got.data if got.format == fmt and zlib.crc32(got.data) == got.crc else None
