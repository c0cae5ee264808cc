"""Safe reads and writes of user files: regular files only; writes atomic, never half done.

Every file fyp writes (``-o FILE``, bookmarks, the corpus, caches) goes through
``atomic_write_bytes`` / ``atomic_write_many``: the data goes to a temporary file
in the target's directory and is renamed over the target. A rename replaces
whatever is there, so the target is checked first: a character device
(``/dev/null``), a FIFO, a directory or a symbolic link is refused with
``UnsafeTargetError`` (an ``OSError`` whose ``strerror`` says what it is), never
replaced. ``read_regular`` reads a user's file only if it is a regular file
within a size limit. Temporary files are named ``.<name>.<pid>.<random>.tmp``: a writer
killed with ``kill -9`` leaves one behind, and ``clean_stale_temps`` removes
those whose process is gone.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path


class UnsafeTargetError(OSError):
    """The target exists and is not a regular file: writing would replace it."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_KINDS = [
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
]


class TooBigError(OSError):
    """The file is over the size limit given to ``read_regular``."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, only if it is a regular file of at most ``limit`` bytes.

    Checked with ``fstat`` on a non-blocking descriptor before reading a byte (a FIFO
    would block forever, ``/dev/zero`` never ends), and read with a cap (a file that
    grows while being read). Raises ``UnsafeTargetError`` / ``TooBigError`` (both
    ``OSError``, with a ``strerror`` to show) or the ``OSError`` of opening it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeTargetError(errno.EINVAL, f"is {_kind(st.st_mode)}, not a file", str(path))
        if st.st_size > limit:
            raise TooBigError(errno.EFBIG, f"is {_mb(st.st_size)}, over the {_mb(limit)} limit", str(path))
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise TooBigError(errno.EFBIG, f"is over the {_mb(limit)} limit", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_target(path: Path) -> None:
    """Raise ``UnsafeTargetError`` unless ``path`` is absent or a regular file."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    raise UnsafeTargetError(errno.EEXIST, f"is {_kind(mode)}, not a regular file; give a new file name", str(path))


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes | bytearray | memoryview) -> None:
    atomic_write_many({Path(path): data})


def _temp_for(path: Path, data: bytes | bytearray | memoryview) -> str:
    import tempfile  # here: a command that writes nothing does not import it (~4 ms)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write_many(files: dict[Path, bytes | bytearray | memoryview]) -> None:
    """Write several files as one change: all of them, or (on any error) none.

    Every target is checked and every temporary file written before the first
    rename; if a rename still fails, the targets already replaced get their old
    contents back (kept as hard links, or copies where links are not allowed).
    """
    files = {Path(p): d for p, d in files.items()}
    for path in files:
        check_target(path)
    made: list[Path] = []  # directories this call created, removed again if it fails
    temps: dict[Path, str] = {}
    try:
        for path in files:
            _make_dirs(path.parent, made)
        for path, data in files.items():
            temps[path] = _temp_for(path, data)
        _commit(temps)
    except BaseException:
        for tmp in temps.values():
            _unlink(tmp)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    finally:
        for tmp in temps.values():
            _unlink(tmp)


def _make_dirs(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for d in reversed(missing):
        d.mkdir()
        made.append(d)


def _backup(path: Path) -> str | None:
    if not path.exists():
        return None
    import tempfile

    backup = tempfile.mktemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        os.link(path, backup)
    except OSError:
        backup = _temp_for(path, path.read_bytes())
    return backup


def _commit(temps: dict[Path, str]) -> None:
    if len(temps) == 1:  # one file: the rename itself is atomic
        (path, tmp), = temps.items()
        check_target(path)
        os.replace(tmp, path)
        return
    done: list[tuple[Path, str | None]] = []
    backups = {path: _backup(path) for path in temps}
    try:
        for path, tmp in temps.items():
            check_target(path)
            os.replace(tmp, path)
            done.append((path, backups[path]))
    except BaseException:
        for path, backup in reversed(done):
            if backup is None:
                _unlink(path)
            else:
                os.replace(backup, path)
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                _unlink(backup)


_TEMP_RE = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
STALE_AFTER = 24 * 3600  # a temp file this old is debris whoever made it


def process_alive(pid: int) -> bool:
    """Is process ``pid`` running (this one, or another user's, counts as running)?"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files of writers that died (``kill -9``, power loss).

    A temp file is stale when the process named in it is gone, or when it is
    older than a day (its pid may have been reused). Returns what was removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP_RE.match(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
        except OSError:
            continue
        if old or not process_alive(int(m.group(1))):
            _unlink(entry.path)
            removed.append(Path(entry.path))
    return removed
