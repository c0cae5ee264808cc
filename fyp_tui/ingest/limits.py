"""What ingest refuses before it tries to read a file as a plan.

- Not a regular file: a FIFO would block forever, ``/dev/zero`` or
  ``/dev/urandom`` would be read until memory runs out. ``read_input`` checks with
  ``fstat`` on a non-blocking descriptor before reading a byte, and reads at most
  the size limit (plus one byte, to tell "too big" from "exactly the limit").
- Too big: over ``max_input_bytes()`` (64 MB unless ``[ingest] max_mb`` in
  config.toml or ``FYP_MAX_INPUT_MB`` says otherwise).
- Too small to be a plan (a stray 1-byte file).
- (Formats that are not text, RTF, images, archives, are named and refused by
  ``detect`` before decoding; these rules are about size and density only.)
- Binary: judged by density, not by the presence of one NUL byte, so a real plan
  with a stray NUL is read (``clean`` keeps the NUL in ``removed``).

``refuse_reason(data)`` returns why the bytes are refused, or None, and
``looks_binary(data)`` judges density; the decoder calls both and raises
``IngestError``. ``read_input(path)`` is how ingest reads a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..config import load_config

MIN_BYTES = 8  # fewer non-space bytes than this is no plan (a CJK character is 2-4 bytes)
NUL_SHARE = 0.01  # NUL bytes above 1 % of a sample: binary (UTF-16 is detected before this)
CONTROL_SHARE = 0.10  # C0 control bytes other than tab / newlines / form feed / ESC
SAMPLE = 65536

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def max_input_bytes() -> int:
    """The size limit: ``FYP_MAX_INPUT_MB``, else config.toml's ``[ingest] max_mb``, else 64 MB."""
    env = os.environ.get("FYP_MAX_INPUT_MB", "").strip()
    if env:
        try:
            return max(1, int(float(env) * 1024 * 1024))
        except ValueError:
            pass
    return max(1, int(load_config().ingest_max_mb * 1024 * 1024))


def read_input(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a plan file, refusing (``IngestError``) anything that is not a
    regular file within the size limit, before reading it."""
    from ..fsutil import TooBigError, read_regular
    from .decode import IngestError

    limit = max_input_bytes() if limit is None else limit
    try:
        return read_regular(path, limit)
    except IsADirectoryError:
        raise IngestError(str(path), "is a directory", "give a plan file: text, PDF, HTML or DOCX") from None
    except TooBigError as e:
        raise IngestError(str(path), e.strerror or "is too big",
                          "raise [ingest] max_mb in config.toml if it really is one plan") from None
    except OSError as e:
        what = e.strerror if isinstance(e.strerror, str) else ""
        problem = what if what.startswith("is ") else f"cannot be read: {what}"
        raise IngestError(str(path), problem, "give a plan file: text, PDF, HTML or DOCX") from None


def looks_binary(data: bytes) -> bool:
    """Binary by density: many NUL or control bytes in a sample, not one stray byte."""
    sample = data[:SAMPLE]
    if not sample:
        return False
    nul = sample.count(0)
    if nul > max(2, NUL_SHARE * len(sample)):
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control - nul > max(4, CONTROL_SHARE * len(sample))


def refuse_reason(data: bytes) -> str | None:
    """Why these bytes cannot be a plan's text, or None: too short (formats are
    told apart by ``detect`` before this). Checked before decoding; binary density (``looks_binary``) is
    checked after the UTF-16 detection, since UTF-16 is half NUL bytes."""
    if len(data.strip()) < MIN_BYTES:
        return f"is too short to be a plan ({len(data)} bytes)"
    return None
