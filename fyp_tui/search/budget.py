"""Memory of a long-lived search process: derived tables under a budget, mapped pages dropped.

A process that keeps an index open for hours (the app) builds tables from it on
first use — the readings by syllable, the bigram graph, the pinyin-initial letter
codes and one bitmap per letter, the headings and their pinyin, plans' sections for
snippets — and kept every one of them for good: 593 MB at 1,005 plans (128.8 MB of
text) after the benchmark's queries, for a corpus a fresh search answers in 170 MB.

``Tables`` keeps those tables instead under a byte budget derived from the text
(``budget_for``): each table's size is measured (``footprint``) when it is built,
or, while the process's private memory is far under the budget, when a decision
first depends on it; when the kept tables exceed the budget the least recently used are dropped (a
later query builds one again: the same table, so the same hits). The table a caller
is being handed is never dropped by its own arrival, nor are tables under ``SMALL``.
Before a table is built, the least recently used go until ``BUILD_ROOM`` of the budget
is free: a build's temporaries (reads, numpy steps) come on top of what is kept.

The store's parts are memory-mapped: their pages count in the process's RSS once
read (clean, file-backed, shared with the page cache, dropped by the kernel under
pressure — but counted, and a laptop's monitor shows them). ``Mapped`` drops them
from the process (``madvise(MADV_DONTNEED)``: the data stay in the page cache, a
later read maps them again without disk I/O) after a query when the process's
file-backed resident memory has grown past a share of the text since the index was
opened, as the kernel reports it (``/proc/self/statm``). ``Heap`` hands the C
allocator's freed memory back to the system after a query that grew it.
"""

from __future__ import annotations

import mmap
import sys
import threading
from collections import OrderedDict
from itertools import chain
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

DERIVED_SHARE = 0.75  # derived tables kept: at most this share of the text's UTF-8 bytes …
DERIVED_FLOOR = 32 << 20  # … but at least this (a small corpus keeps every table: they are small)
BUILD_ROOM = 1 / 6  # share of the budget kept free when a table is built: room for its build's temporaries
SMALL = 1 << 20  # tables under this are never dropped: they save nothing and some are state
# (how often pinyin initials were asked, which units are checked), not only caches
REMEASURE = 16 << 20  # kept tables under this are measured again when a new one brings them within this of the budget …
REMEASURE_EVERY = 8  # … and at every 8th table built (their growth is seen before it matters)
MAPPED_SHARE = 0.2  # store pages mapped in beyond this share of the text are dropped after a query …
MAPPED_FLOOR = 16 << 20  # … or beyond this (a small corpus keeps its few pages)
# Measured at 1,005 plans (notes/store.md, round 10, a quiet machine): dropping past 0.2×
# costs a query the pages it faults again from the page cache (exact p50 ~6.8 ms instead of
# ~4.4, misspellings ~16–22 instead of ~10), and a long-lived process holds 1.1–1.4× the text
# instead of 2.3–2.6×: the memory target (≤ 1.5×) is kept, at that price.

_ATOMS = (str, bytes, int, float, bool, type(None), complex)
_PAGE = mmap.PAGESIZE
getsizeof = sys.getsizeof


def budget_for(text_bytes: int, share: float | None = None, floor: int | None = None) -> int:
    """Bytes for ``share`` of a text of ``text_bytes`` (default: the derived tables')."""
    share = DERIVED_SHARE if share is None else share
    floor = DERIVED_FLOOR if floor is None else floor
    return max(floor, int(share * text_bytes))


def footprint(obj, exclude: Iterable[int] = ()) -> int:
    """Bytes of private memory ``obj`` holds: Python objects reached from it (containers,
    instances' attributes, msgspec structs), numpy arrays' own data and ``array``
    buffers; a memoryview or an array viewing another buffer (a memory map) counts
    nothing, nor do objects whose ids are in ``exclude`` (the index's own tables),
    functions, classes or modules. Lists of plain strings and numbers are summed at C
    speed (a table of 180,000 headings is measured in milliseconds)."""
    seen = set(exclude)
    total = 0
    stack = [obj]
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if isinstance(o, _ATOMS):
            total += getsizeof(o)
        elif isinstance(o, memoryview) or callable(o) or isinstance(o, type(sys)):
            continue
        elif hasattr(o, "__array_interface__") and hasattr(o, "nbytes"):  # numpy
            total += o.nbytes if getattr(o, "base", None) is None else 0
        elif isinstance(o, (list, tuple, set, frozenset)):
            total += getsizeof(o) + _flat(o, stack, seen)
        elif isinstance(o, dict):
            total += getsizeof(o) + _flat(o.keys(), stack, seen) + _flat(o.values(), stack, seen)
        elif isinstance(o, (bytearray,)) or type(o).__name__ == "array":
            total += getsizeof(o)
        else:
            total += getsizeof(o)
            fields = getattr(type(o), "__struct_fields__", None)  # msgspec
            if fields is not None:
                stack.extend(getattr(o, f) for f in fields)
            d = getattr(o, "__dict__", None)
            if d is not None:
                stack.extend(d.values())
            for slot in getattr(type(o), "__slots__", ()):
                if hasattr(o, slot):
                    stack.append(getattr(o, slot))
    return total


_ATOM_TYPES = frozenset(_ATOMS)
FLAT_CHUNK = 1 << 16  # containers whose references ``_flat`` holds at a time
_FLAT_TYPES = frozenset((tuple, list, set, frozenset))


def _flat(part, stack: list, seen: set) -> int:
    """Bytes of ``part``'s elements when they are atoms, or plain containers of atoms
    and plain containers, to any depth (a dict of tuples of readings, of sets of
    characters; the phrase table's lists of tuples of frozensets), summed level by
    level with C-level calls, each object once within a chunk of ``FLAT_CHUNK``
    containers (an object shared across chunks counts again: an overestimate, and the
    chunk bounds what measuring holds); other objects are put on ``stack``. The
    readings table alone took ~40 ms to measure one tuple at a time, the phrase table
    ~60 ms a level at a time, and a fresh ``fyp search`` measured them several times."""
    types = set(map(type, part))
    if types <= _ATOM_TYPES:
        return sum(map(getsizeof, part))
    if not types <= _FLAT_TYPES or not seen.isdisjoint(map(id, part)):  # an excluded container: one at a time
        stack.extend(part)
        return 0
    items = part if isinstance(part, list) else list(part)
    total = 0
    for k in range(0, len(items), FLAT_CHUNK):
        first = dict(zip(map(id, items[k : k + FLAT_CHUNK]), items[k : k + FLAT_CHUNK]))
        level, counted = list(first.values()), set(first)
        while level:
            total += sum(map(getsizeof, level))
            inner = list(chain.from_iterable(level))
            once = dict(zip(map(id, inner), inner))
            for i in seen.intersection(once):
                del once[i]
            kinds = set(map(type, once.values()))
            if kinds <= _ATOM_TYPES:  # the last level (most tables have one)
                total += sum(map(getsizeof, once.values()))
                break
            if not kinds <= _ATOM_TYPES | _FLAT_TYPES:  # something else inside: one at a time
                stack.extend(once.values())
                break
            for i in counted.intersection(once):  # counted at a level above (a container holding itself)
                del once[i]
            counted.update(once)
            level = [o for o in once.values() if type(o) in _FLAT_TYPES]
            total += sum(map(getsizeof, (o for o in once.values() if type(o) not in _FLAT_TYPES)))
    return total


class Tables:
    """Tables derived from one index, kept in ``store`` (the index's ``__dict__``, so
    ``name in index.__dict__`` still tells whether one is at hand), at most ``budget``
    bytes of them, the least recently used dropped first."""

    def __init__(self, store: dict | Callable[[], dict], budget: int,
                 exclude: Callable[[], Iterable[int]] = tuple):
        # An index passes a function reaching its ``__dict__`` through a weak reference:
        # holding the dict itself would make index → dict → Tables → dict a cycle, which
        # only the cyclic collector frees — and a build runs with it paused, so every
        # segment index (with its plans) stayed in memory (1,005 plans: 885 MB, not 338).
        self._store = store if isinstance(store, dict) else None
        self._owner = None if isinstance(store, dict) else store
        self.budget = budget
        self.sizes: OrderedDict[str, int] = OrderedDict()  # kept tables, least recently used first
        self.dropped = 0  # tables dropped so far (the benchmark prints it)
        self.built = 0  # tables built so far
        self._exclude = exclude
        self._lock = threading.RLock()  # re-entrant: one table may be built from another
        self._unmeasured: set[str] = set()  # kept while the process was far under the budget

    @property
    def store(self) -> dict:
        if self._store is not None:
            return self._store
        return self._owner() if self._owner is not None else {}

    @property
    def held(self) -> int:
        with self._lock:
            self._settle()
            return sum(self.sizes.values())

    def get(self, name: str, build: Callable[[], T]) -> T:
        """The table ``name``, built on first use (or after it was dropped). Built once
        even when several threads ask at the same time (the palette searches each
        keystroke in a thread of its own)."""
        got = self.store.get(name)
        if got is not None:
            self._touch(name)
            return got
        with self._lock:
            got = self.store.get(name)
            if got is None:
                # A build holds temporaries beside what is kept (a heading table's reads, the
                # letter bitmaps' shifts): the least recently used tables make room for them
                # first, so the process's peak stays near the budget, not above it.
                self._fit(keep="", limit=int(self.budget * (1 - BUILD_ROOM)))
                got = build()
                self.built += 1
                if _under(self.budget - REMEASURE):
                    # The whole process is far from the budget, so no table can need
                    # dropping yet: measured when a decision first depends on it (a
                    # fresh ``fyp search`` never gets there; measuring its tables
                    # cost it ~30 ms at 1,005 plans).
                    self.store[name] = got
                    self.sizes[name] = 0
                    self._unmeasured.add(name)
                    return got
                self._settle()
                exclude = list(self._exclude())
                size = footprint(got, exclude)
                if self.held + size > self.budget - REMEASURE or self.built % REMEASURE_EVERY == 0:
                    self._remeasure(exclude)  # near the budget (or now and then): measure what grew
                self.store[name] = got
                self.sizes[name] = size
                self._fit(keep=name)
            else:
                self._touch(name)
        return got

    def _settle(self) -> None:
        """Measure the tables kept unmeasured (``get``)."""
        if not self._unmeasured:
            return
        exclude = list(self._exclude())
        store = self.store
        for n in self._unmeasured:
            if n in self.sizes and n in store:
                self.sizes[n] = footprint(store[n], exclude)
        self._unmeasured.clear()

    def _remeasure(self, exclude: list[int]) -> None:
        """Measure again the kept tables under ``REMEASURE`` bytes: some keep what they
        looked up (the bigram graph's neighbour sets, the readings by prefix) and grow
        a little after they are built; the large ones are arrays built once. Done when
        a new table brings the kept ones within ``REMEASURE`` of the budget (where
        their growth could decide what is dropped) and at every ``REMEASURE_EVERY``-th
        build, not at every build: a fresh pinyin query builds six tables, and measuring
        the small ones again each time cost it ~85 ms at 1,005 plans."""
        for n, size in list(self.sizes.items()):
            if size < REMEASURE and n in self.store:
                self.sizes[n] = footprint(self.store[n], exclude)

    def _touch(self, name: str) -> None:
        with self._lock:
            if name in self.sizes:
                self.sizes.move_to_end(name)

    def _fit(self, keep: str, limit: int | None = None) -> None:
        """Drop the least recently used tables (never ``keep``) until the rest fit in
        ``limit`` (default: the budget)."""
        limit = self.budget if limit is None else limit
        if self._unmeasured and _under(limit):
            return  # the whole process fits: so do its tables, measured or not
        held = self.held
        for name in list(self.sizes):
            if held <= limit:
                break
            if name == keep or self.sizes[name] < SMALL:
                continue
            held -= self.sizes.pop(name)
            self.store.pop(name, None)
            self.dropped += 1

    def clear(self) -> None:
        with self._lock:
            for name in self.sizes:
                self.store.pop(name, None)
            self.sizes.clear()
            self._unmeasured.clear()


def _statm() -> tuple[int, int] | None:
    """The process's resident memory and its file-backed and shared part, in bytes
    (``/proc/self/statm``'s second and third fields), or None where there is no such file."""
    try:
        with open("/proc/self/statm", "rb") as f:
            fields = f.read().split()
        return int(fields[1]) * _PAGE, int(fields[2]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _under(limit: int) -> bool:
    """Whether the process's private resident memory (its tables are part of it) is at
    most ``limit`` bytes; False where it cannot be read."""
    got = _private_bytes()
    return got is not None and got <= limit


def _statm_file_bytes() -> int | None:
    got = _statm()
    return got[1] if got else None


def _private_bytes() -> int | None:
    """Resident memory that is not file-backed or shared."""
    got = _statm()
    return got[0] - got[1] if got else None


HEAP_SLACK = 8 << 20  # freed heap returned to the system once private memory grew by this since the last time


def _malloc_trim():
    """glibc's ``malloc_trim`` (None under another C library or none: musl, macOS)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        fn = ctypes.CDLL(None).malloc_trim
    except Exception:  # no C library by that name, no such function (musl), no ctypes
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return fn


class Heap:
    """Freed memory the C allocator still holds, handed back after a query.

    A query's temporaries (decoded chunks, numpy arrays of a few MB, match lists) are
    freed when it ends, but glibc keeps freed blocks under its mmap threshold — which
    it raises to the largest block freed so far, up to 32 MiB — on its heap for reuse,
    and the process's private memory stays at its peak: 54 MB of 196 at 1,005 plans
    after the benchmark's queries. ``malloc_trim(0)`` returns the free pages (0.1–1 ms).
    It runs after a query only when private memory grew by ``HEAP_SLACK`` since it last
    ran, so most queries pay one read of ``/proc/self/statm`` (~20 µs)."""

    def __init__(self):
        self.trim = _malloc_trim()
        self.mark = _private_bytes()
        self.trimmed = 0  # times it ran (the benchmark prints it)

    def settle(self) -> bool:
        if self.trim is None:
            return False
        now = _private_bytes()
        if now is None or (self.mark is not None and now - self.mark < HEAP_SLACK):
            if now is not None and self.mark is not None:
                self.mark = min(self.mark, now)  # growth counts from the lowest point since
            return False
        self.trim(0)
        self.trimmed += 1
        self.mark = _private_bytes()
        return True


_heap: Heap | None = None


def heap() -> Heap:
    """The process's one ``Heap`` (the allocator is the process's, not an index's)."""
    global _heap
    if _heap is None:
        _heap = Heap()
    return _heap


class Mapped:
    """The memory maps of an opened store, and when to drop their pages."""

    def __init__(self, maps: Iterable[mmap.mmap], limit: int):
        self.maps = [m for m in maps if m is not None and hasattr(m, "madvise")]
        self.limit = limit
        self.base = _statm_file_bytes()  # libraries, the interpreter: there before any query
        self.dropped = 0

    def settle(self) -> bool:
        """After a query: drop every map's pages from the process when its file-backed
        resident memory grew past ``limit`` since the store was opened. True if dropped."""
        now = _statm_file_bytes()
        if now is None or self.base is None or now - self.base <= self.limit:
            return False
        self.release()
        return True

    def release(self) -> None:
        for m in self.maps:
            try:
                m.madvise(mmap.MADV_DONTNEED, 0, len(m))
            except (ValueError, OSError):  # closed, or not supported here
                pass
        self.dropped += 1
        after = _statm_file_bytes()
        if after is not None and self.base is not None:
            self.base = min(self.base, after)  # libraries may have been paged out meanwhile


class Recent:
    """A mapping that keeps at most ``limit`` entries, the most recently used (a
    size-limited cache: what a snippet needs from the plans of recent hits)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._d: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, key) -> bool:
        return key in self._d

    def get(self, key, default=None):
        with self._lock:
            got = self._d.get(key, _MISSING)
            if got is _MISSING:
                return default
            self._d.move_to_end(key)
            return got

    def put(self, key, value) -> None:
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.limit:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()


_MISSING = object()
