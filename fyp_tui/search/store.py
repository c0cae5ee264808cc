"""The search index on disk: plain data files and a JSON manifest, never pickle.

A store is a directory holding ``index.json`` (the manifest) and one data file per
part (``text``: the unit keys in UTF-8; ``starts``, ``post``…: raw arrays of
little-endian 32-bit integers; ``meta``: msgpack of lists and strings). Nothing
read from it can run code: msgpack and JSON decode to plain values, checked
against a typed schema (msgspec), and arrays are just bytes.

The manifest records every file's name, size and a CRC-32 per 256 KiB block, written
at save time. Opening a store checks every size (a ``stat`` each); a part read
whole is checked whole as it is read; the posting lists, memory-mapped, are checked
block by block the first time a query touches a block, and the text unit by unit
(a CRC per unit, ``SearchIndex.check_units``) as the exact tier reads it, so
start-up never reads them and a query pages in only what it reads. Anything that does not match raises ``Damaged``, naming the file: the cache
reports it once and rebuilds.

Each save writes its data files under fresh names and then replaces the manifest
(atomically, see ``fsutil``), so two processes saving at once never mix their
files; files no manifest names any more are removed afterwards.

Checked once per file change (``verified.json``): checking blocks and units as
they are read cost a fresh search at 10,000 plans ~0.1 s a query. So once a part
has been read whole and found to match its checksums, its file's identity and
times (inode, size, modification and change time) are written to a stamp in the
store; a later process trusts a part, without reading it, only while its file
still has exactly that identity and those times and the manifest the same
checksums for it. Any write to a file, or ``utime`` setting its time back, moves
its change time, which no process can set back. File times are coarse (a clock
tick), so a write in the same tick as the one stamped would go unseen: a file
changed less than ``SETTLED_NS`` before it is checked is never stamped, only
checked the ordinary way, and a stamp entry is only trusted when the file's change
time is at least that much older than the stamp. The stamp is written by a
reader that checked the bytes itself (``verify``), never by the writer of the
files: what is trusted is what was read back.
"""

from __future__ import annotations

import mmap
import operator
import os
import re
import sys
import time
import weakref
import zlib
from array import array
from itertools import accumulate, chain, compress, islice, repeat
from pathlib import Path
from typing import Any

import msgspec

from ..fsutil import atomic_write_bytes, clean_stale_temps, process_alive

FORMAT = "fyp-search-store"
BLOCK = 1 << 18
MANIFEST = "index.json"
STAMP = "verified.json"
STAMP_FORMAT = "fyp-search-verified"
SETTLED_NS = 2_000_000_000  # a file changed more recently than this is never trusted from the stamp


class Damaged(Exception):
    """A store file that is missing, of the wrong size or content, or not ours."""


class Outdated(Damaged):
    """A store written by another version of fyp: rebuilt without a report."""


class FileEntry(msgspec.Struct):
    file: str
    size: int
    crc: list[int]


class PlanEntry(msgspec.Struct, array_like=True):
    id: str
    fp: str  # the plan's own fingerprint (``corpus.plan_fingerprint``)
    first: int
    end: int
    start: int
    stop: int
    chars: int


class Manifest(msgspec.Struct):
    format: str
    version: int
    byteorder: str
    fingerprint: str
    plans: list[PlanEntry]
    files: dict[str, FileEntry]
    base: int = 0  # plans in the build that chose the common bigrams (later ones were added)
    block: int = 0  # bytes per checksummed block


class Stamp(msgspec.Struct):
    """Parts read back whole and found to match their checksums (see the module
    docstring): data file name → [inode, size, mtime_ns, ctime_ns, CRC of its
    manifest checksums]; ``at``: when it was written (ns since the epoch)."""

    format: str
    at: int
    files: dict[str, list[int]]


def _identity(st: os.stat_result, f: FileEntry) -> list[int]:
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, zlib.crc32(array("I", f.crc).tobytes())]


def _crcs(data: memoryview) -> list[int]:
    return [zlib.crc32(data[i : i + BLOCK]) for i in range(0, len(data), BLOCK)]


def save(root: Path, manifest: Manifest, parts: dict[str, Any]) -> None:
    """Write ``parts`` (bytes-like) as data files, then the manifest naming them."""
    root.mkdir(parents=True, exist_ok=True)
    import secrets  # writes only

    token = secrets.token_hex(6)
    files = {}
    for name, data in parts.items():
        mv = memoryview(data).cast("B")
        fname = f"{name}-{token}.bin"
        atomic_write_bytes(root / fname, mv)
        files[name] = FileEntry(fname, len(mv), _crcs(mv))
    commit(root, manifest, files)


def commit(root: Path, manifest: Manifest, files: dict[str, FileEntry]) -> None:
    """Write the manifest naming ``files`` (already in ``root``), then drop the old files."""
    manifest.files = files
    manifest.byteorder = sys.byteorder
    manifest.block = BLOCK
    atomic_write_bytes(root / MANIFEST, msgspec.json.encode(manifest))
    prune(root, {f.file for f in files.values()})


class Writer:
    """One data file written piece by piece (a build too large to hold in memory),
    checksummed block by block as it goes. It is written under a temporary name
    (``.part``: ``prune`` never touches it) and renamed by ``close``."""

    def __init__(self, root: Path, name: str, token: str):
        root.mkdir(parents=True, exist_ok=True)
        self.name = f"{name}-{token}.bin"
        self.path = root / self.name
        self.tmp = root / f".{self.name}.{os.getpid()}.part"
        self.fh = open(self.tmp, "wb")
        self.crcs: list[int] = []
        self.size = 0
        self._crc = 0
        self._fill = 0  # bytes of the current block written so far

    def write(self, data) -> None:
        mv = memoryview(data).cast("B")
        self.fh.write(mv)
        self.size += len(mv)
        while len(mv):
            take = min(len(mv), BLOCK - self._fill)
            self._crc = zlib.crc32(mv[:take], self._crc)
            self._fill += take
            mv = mv[take:]
            if self._fill == BLOCK:
                self.crcs.append(self._crc)
                self._crc = self._fill = 0

    def close(self) -> FileEntry:
        if self._fill:
            self.crcs.append(self._crc)
            self._crc = self._fill = 0
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.path)
        return FileEntry(self.name, self.size, self.crcs)

    def discard(self) -> None:
        self.fh.close()
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def prune(root: Path, keep: set[str]) -> None:
    """Remove data files the manifest no longer names (another process's current
    files are named by the manifest it wrote last, or are replaced soon)."""
    try:
        current = read_manifest(root)
        keep = keep | {f.file for f in current.files.values()}
    except Damaged:
        pass
    for f in root.glob("*.bin"):
        if f.name not in keep:
            try:
                f.unlink()
            except OSError:
                pass


def read_manifest(root: Path) -> Manifest:
    path = root / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as e:
        raise Damaged(f"{path}: cannot be read ({e.strerror})") from None
    try:
        m = msgspec.json.decode(raw, type=Manifest)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as e:
        raise Damaged(f"{path}: not a search index manifest ({e})") from None
    if m.format != FORMAT:
        raise Damaged(f"{path}: not a search index manifest")
    if m.byteorder != sys.byteorder:
        raise Damaged(f"{path}: written on a machine of the other byte order")
    return m


def read_stamp(root: Path) -> Stamp | None:
    try:
        got = msgspec.json.decode((root / STAMP).read_bytes(), type=Stamp)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    return got if got.format == STAMP_FORMAT else None


class Store:
    """An opened store: sizes checked; parts read (and checked) on request."""

    def __init__(self, root: Path, manifest: Manifest, version: int | None = None):
        self.root = root
        self.manifest = manifest
        if version is not None and manifest.version != version or manifest.block != BLOCK:
            raise Outdated(f"{root}: index version {manifest.version}, expected {version}")
        self.stats: dict[str, os.stat_result] = {}
        for name, f in manifest.files.items():
            path = root / f.file
            try:
                st = os.stat(path, follow_symlinks=False)
            except OSError:
                raise Damaged(f"{path}: missing") from None
            if st.st_size != f.size:
                raise Damaged(f"{path}: {st.st_size:,} bytes, {f.size:,} expected (truncated or replaced)")
            if len(f.crc) != (f.size + BLOCK - 1) // BLOCK:
                raise Damaged(f"{root / MANIFEST}: checksums of {name} do not fit its size")
            self.stats[name] = st
        stamp = read_stamp(root)
        self.trusted: set[str] = set()  # parts whose file is as it was when last read back whole
        if stamp is not None:
            for name, f in manifest.files.items():
                st = self.stats[name]
                if (stamp.files.get(f.file) == _identity(st, f) and st.st_ctime_ns <= stamp.at - SETTLED_NS
                        and _regular(st)):
                    self.trusted.add(name)

    def verify(self, chunk: int = 1 << 24) -> None:
        """Read back every part not yet trusted, check it whole against its checksums
        and stamp it (see the module docstring); parts changed within ``SETTLED_NS``
        are left to the ordinary checks. Read with ``readinto`` into one buffer, not
        mapped, so the process does not hold the store's pages. ``Damaged`` if a part
        does not match; a stamp that cannot be written is left unwritten."""
        now = _now()
        todo = [n for n, st in self.stats.items()
                if n not in self.trusted and st.st_ctime_ns <= now - SETTLED_NS and _regular(st)]
        if not todo or not os.access(self.root, os.W_OK):  # no stamp could be kept: check as read
            return
        buf = bytearray(chunk - chunk % BLOCK or BLOCK)
        for name in todo:
            f = self.manifest.files[name]
            path = self.root / f.file
            crcs: list[int] = []
            try:
                with open(path, "rb", buffering=0) as fh:
                    if _identity(os.fstat(fh.fileno()), f) != _identity(self.stats[name], f):
                        raise Damaged(f"{path}: replaced while it was read")
                    while n := fh.readinto(buf):
                        mv = memoryview(buf)[:n]
                        crcs.extend(zlib.crc32(mv[i : i + BLOCK]) for i in range(0, n, BLOCK))
            except OSError as e:
                raise Damaged(f"{path}: cannot be read ({e.strerror})") from None
            if crcs != f.crc:
                raise Damaged(f"{path}: contents do not match their checksums (damaged or replaced)")
            self.trusted.add(name)
        stamp = Stamp(STAMP_FORMAT, now, {f.file: _identity(self.stats[n], f)
                                          for n, f in self.manifest.files.items() if n in self.trusted})
        try:
            atomic_write_bytes(self.root / STAMP, msgspec.json.encode(stamp))
        except OSError:
            pass

    @classmethod
    def open(cls, root: Path, version: int | None = None) -> "Store":
        """Open the store at ``root``; ``Outdated`` if another version wrote it."""
        return cls(root, read_manifest(root), version)

    def _entry(self, name: str) -> FileEntry:
        try:
            return self.manifest.files[name]
        except KeyError:
            raise Damaged(f"{self.root / MANIFEST}: no {name} file") from None

    def read(self, name: str) -> bytes:
        """A part read whole, every block checked (unless trusted from the stamp)."""
        f = self._entry(name)
        path = self.root / f.file
        try:
            data = path.read_bytes()
        except OSError as e:
            raise Damaged(f"{path}: cannot be read ({e.strerror})") from None
        if len(data) != f.size or name not in self.trusted and _crcs(memoryview(data)) != f.crc:
            raise Damaged(f"{path}: contents do not match their checksums (damaged or replaced)")
        return data

    def map(self, name: str) -> "Checked":
        """A part memory-mapped, each block checked when first touched."""
        f = self._entry(name)
        path = self.root / f.file
        if f.size == 0:
            return Checked(memoryview(b""), [], str(path), None)
        try:
            with open(path, "rb") as fh:
                mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as e:
            raise Damaged(f"{path}: cannot be read ({e})") from None
        return Checked(memoryview(mm), f.crc, str(path), mm, name in self.trusted)

    def file(self, name: str) -> FileBytes:
        """A part to be read with ``os.pread`` (``FileBytes``), its size checked at open."""
        f = self._entry(name)
        return FileBytes(str(self.root / f.file), f.size)


class FileBytes:
    """A part read with ``os.pread`` where it is asked for, never mapped: what a query
    reads is private memory of that query, gone when it is (pages read through a
    mapping would stay in the process: this kernel maps 256–512 KiB of cached file
    around each touched page, so a query reading 3.8 MB of 1,105 units' text at
    1,000 plans left 108 MB of the text mapped). Slicing gives ``bytes``; ``find``,
    ``len`` and ``bytes()`` work as on ``bytes``; ``runs`` reads many pieces at once."""

    GAP = 8192  # pieces this close are read in one call (a call costs about what copying 8 KiB does)

    def __init__(self, path: str, size: int):
        try:
            self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError as e:
            raise Damaged(f"{path}: cannot be read ({e.strerror})") from None
        self.name = path
        self.size = size
        weakref.finalize(self, os.close, self.fd)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, i):
        if isinstance(i, slice):
            a, b, step = i.indices(self.size)
            if step != 1:
                raise ValueError("FileBytes slices are contiguous")
            return self._read(a, b)
        if i < 0:
            i += self.size
        if not 0 <= i < self.size:
            raise IndexError(i)
        return self._read(i, i + 1)[0]

    def __bytes__(self) -> bytes:
        return self._read(0, self.size)

    def _read(self, a: int, b: int) -> bytes:
        if b <= a:
            return b""
        got = os.pread(self.fd, b - a, a)
        if len(got) != b - a:
            raise Damaged(f"{self.name}: shorter than its manifest says (truncated)")
        return got

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        end = self.size if end is None else min(end, self.size)
        p = self._read(start, end).find(sub)
        return p + start if p >= 0 else -1

    def prefetch(self, a: int, b: int) -> None:
        """Ask the kernel to read bytes [a, b) ahead, without waiting: reads of many
        pieces spread over a span that is not cached yet then find it read in large
        requests rather than one small synchronous read a piece (a frequent term's
        first query after a reboot at 10,000 plans: 98 s against 28 s to read the file)."""
        advise = getattr(os, "posix_fadvise", None)
        if advise is not None and b > a:
            try:
                advise(self.fd, a, b - a, os.POSIX_FADV_WILLNEED)
            except OSError:
                pass  # advice only

    def runs(self, starts: list[int], ends: list[int]) -> tuple[bytearray, list[int], list[int]]:
        """Pieces [starts[i], ends[i]) (sorted, not overlapping) read into one buffer, a
        call per run of pieces less than ``GAP`` apart (what lies between them is read
        too); returns the buffer and each piece's bounds in it."""
        return read_runs(self.fd, self.name, starts, ends, self.GAP)

    def run_bytes(self, starts: list[int], ends: list[int]) -> int:
        """The bytes ``runs`` reads for these pieces: theirs and what lies between them."""
        return sum(_runs(starts, ends, self.GAP)[3]) if starts else 0


def _runs(starts: list[int], ends: list[int], gap: int):
    """Pieces (sorted, not overlapping, at least one) cut into runs of pieces at most
    ``gap`` apart: each run's first and past-last piece, its offset and its length."""
    n = len(starts)
    brk = list(compress(range(1, n), map(gap.__lt__, map(operator.sub, islice(starts, 1, None), ends))))
    firsts, lasts = [0, *brk], [*brk, n]
    offs = list(map(starts.__getitem__, firsts))
    lens = list(map(operator.sub, map(ends.__getitem__, map((-1).__add__, lasts)), offs))
    return firsts, lasts, offs, lens


def read_runs(fd: int, name: str, starts: list[int], ends: list[int], gap: int):
    """``FileBytes.runs`` (C-level ``map`` calls, no Python code per piece)."""
    if not starts:
        return bytearray(), [], []
    firsts, lasts, offs, lens = _runs(starts, ends, gap)
    bases = list(accumulate(lens, initial=0))
    buf = bytearray(bases[-1])
    with memoryview(buf) as mv:
        got = sum(map(os.preadv, repeat(fd), zip(map(mv.__getitem__, map(slice, bases, bases[1:]))), offs))
    if got != len(buf):
        raise Damaged(f"{name}: shorter than its manifest says (truncated)")
    shift = list(chain.from_iterable(map(repeat, map(operator.sub, offs, bases), map(operator.sub, lasts, firsts))))
    return buf, list(map(operator.sub, starts, shift)), list(map(operator.sub, ends, shift))


class Checked:
    """A memory-mapped part whose blocks are verified on first use."""

    def __init__(self, view: memoryview, crcs: list[int], name: str, keep, trusted: bool = False):
        self.view = view
        self.crcs = crcs
        self.name = name
        self.trusted = trusted  # checked whole by an earlier process, file unchanged since (the stamp)
        self.ok = bytearray(b"\x01" * len(crcs) if trusted else len(crcs))
        self._keep = keep  # the mmap the view reads

    def check(self, a: int, b: int) -> None:
        """Verify the blocks holding bytes [a, b)."""
        if b <= a or self.trusted:
            return
        for blk in range(a // BLOCK, (b - 1) // BLOCK + 1):
            if not self.ok[blk]:
                if zlib.crc32(self.view[blk * BLOCK : (blk + 1) * BLOCK]) != self.crcs[blk]:
                    raise Damaged(f"{self.name}: block {blk} does not match its checksum (damaged)")
                self.ok[blk] = 1

    def check_all(self) -> None:
        self.check(0, len(self.view))

    def release(self) -> None:
        """Drop the part's pages from this process (they stay in the page cache)."""
        if self._keep is not None and hasattr(self._keep, "madvise"):
            try:
                self._keep.madvise(mmap.MADV_DONTNEED, 0, len(self._keep))
            except (ValueError, OSError):
                pass


def _now() -> int:
    return time.time_ns()


def _regular(st: os.stat_result) -> bool:
    import stat

    return stat.S_ISREG(st.st_mode)


# the store's files, and the tables kept beside it (``sidecar``: name-<corpus fingerprint>.tbl)
_OURS = re.compile(r"index\.json|verified\.json|layers\.json|[a-z0-9_]+-[0-9a-f]{12}\.bin|\..+\.(?:part|tmp)"
                   r"|[a-z_]+-(?:[0-9a-f]{20}|none)\.tbl")


# A ``Writer``'s file being written: ``.text-<token>.bin.<pid>.part``.
_IN_WRITING = re.compile(r"\.(?P<file>.+-(?P<token>[0-9a-f]{12})\.bin)\.(?P<pid>\d+)\.part")


def clear_abandoned(slot: Path) -> list[str]:
    """Remove what a build, update or extension left in ``slot`` when its process
    ended in the middle (killed, or the app it ran in was left: ``ui.threads``): the
    ``.part`` files of writers no longer running, the ``.build-*`` work directories of
    those builds, and stale atomic-write temps (``fsutil.clean_stale_temps``). A writer
    still running keeps its files. POSIX only (a process is asked about with signal 0,
    which delivers nothing there). Returns the names removed."""
    if os.name != "posix":
        return []
    try:
        entries = list(os.scandir(slot))
    except OSError:
        return []
    removed = [p.name for p in clean_stale_temps(slot)]
    dead: set[str] = set()
    live: set[str] = set()
    for e in entries:
        m = _IN_WRITING.fullmatch(e.name)
        if m is None or e.is_dir(follow_symlinks=False):
            continue
        if process_alive(int(m["pid"])):
            live.add(m["token"])
            continue
        try:
            os.unlink(e.path)
        except OSError:
            continue
        removed.append(e.name)
        dead.add(m["token"])
    for e in entries:
        token = e.name[len(".build-") :]
        if e.name.startswith(".build-") and token in dead - live and e.is_dir(follow_symlinks=False):
            _empty(Path(e.path))
            try:
                os.rmdir(e.path)
                removed.append(e.name)
            except OSError:
                pass
    return removed


def discard(root: Path) -> bool:
    """Remove a whole store directory (one the cache no longer uses). It is renamed
    aside first, so no process finds it half removed (one that has its files mapped
    keeps reading them), then emptied: only names a store holds (and a build's
    ``.build-*`` work directory), never following a symlink. A directory holding
    anything else, or that is not a directory, is left as it is; False then."""
    try:
        if not _isdir(os.lstat(root)) or not _only_ours(root):
            return False
        import secrets

        trash = root.with_name(f".trash-{root.name}-{secrets.token_hex(4)}")
        os.rename(root, trash)
    except OSError:
        return False
    _empty(trash)
    return True


def finish_discard(trash: Path) -> None:
    """Empty a store ``discard`` renamed aside but a killed process did not finish
    (the same rules: a real directory of store files only)."""
    try:
        if _isdir(os.lstat(trash)) and _only_ours(trash):
            _empty(trash)
    except OSError:
        pass


def _isdir(st: os.stat_result) -> bool:
    import stat

    return stat.S_ISDIR(st.st_mode)


def _only_ours(root: Path) -> bool:
    for e in os.scandir(root):
        if e.name.startswith(".build-") and e.is_dir(follow_symlinks=False):
            if not all(not s.is_dir(follow_symlinks=False) for s in os.scandir(e.path)):
                return False
        elif not _OURS.fullmatch(e.name) or e.is_dir(follow_symlinks=False):
            return False
    return True


def _empty(trash: Path) -> None:
    """Delete a discarded store renamed aside (also one a killed process left)."""
    try:
        entries = list(os.scandir(trash))
    except OSError:
        return
    for e in entries:
        try:
            if e.is_dir(follow_symlinks=False):
                for sub in os.scandir(e.path):
                    os.unlink(sub.path)  # unlink removes a symlink itself, never its target
                os.rmdir(e.path)
            else:
                os.unlink(e.path)
        except OSError:
            pass
    try:
        os.rmdir(trash)
    except OSError:
        pass


def remove(root: Path) -> None:
    """Delete a store's files (a damaged one, before it is rebuilt), and the tables kept
    beside it (a rebuild of the same plans has the same fingerprint: it would read them back)."""
    for f in [root / STAMP, root / MANIFEST, *root.glob("*.bin"), *root.glob("*.tbl")]:
        try:
            os.unlink(f)
        except OSError:
            pass
