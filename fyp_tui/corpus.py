"""Load, validate, build and save the pre-parsed corpus.

A corpus directory holds ``raw/<id>.<ext>`` (the file as collected: txt, pdf, html or docx), ``plans/<id>.toml``
(metadata that overrides inference) and ``parsed/<id>.json`` (generated from the two).
The bundled corpus ships inside the package; the user's corpus (platformdirs data
dir) and any extra directories from the config are layered over it: a plan id in a
later layer replaces the same id in an earlier one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import time
from collections.abc import MutableMapping

import msgspec
from dataclasses import dataclass, field
from pathlib import Path

from . import gcpause
from .fsutil import atomic_write_text
from .ingest import IngestError
from .model import Plan, PlanMeta, Section, decode_plan, encode_plan


class CorpusError(Exception):
    """A corpus file that cannot be used; the message names it and says what to do."""


def bundled_dir() -> Path:
    """The bundled corpus: inside the installed package, or corpus/ in a checkout.

    Looked for beside this file first: asking ``importlib.resources`` costs every
    fresh process ~15 ms (it imports its readers and ``zipfile``); it answers the
    same directory, and is asked only when neither place exists (a zipped install)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for d in (os.path.join(here, "bundled"), os.path.join(os.path.dirname(here), "corpus")):
        if os.path.isdir(os.path.join(d, "parsed")) and (
                d.endswith("bundled") or os.path.isfile(os.path.join(os.path.dirname(here), "pyproject.toml"))):
            return Path(d)
    from importlib import resources

    try:
        return Path(str(resources.files("fyp_tui.bundled")))
    except ModuleNotFoundError:  # running from a source tree that is not installed
        return Path(__file__).resolve().parent.parent / "corpus"


def parsed_json(plan: Plan) -> str:
    return msgspec.json.format(encode_plan(plan), indent=1).decode("utf-8") + "\n"


def load_plan_file(path: Path | str) -> Plan:
    try:
        return decode_plan(Path(path).read_bytes())
    except msgspec.ValidationError as e:
        # msgspec quotes the offending value, which may hold line breaks: the message stays one line
        why = str(e).replace("\r", "\\r").replace("\n", "\\n")
        raise CorpusError(
            f"{path}: not a plan this version of fyp can read ({why}). Re-create it with `fyp ingest` or delete it."
        ) from None
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError) as e:
        raise CorpusError(f"{path}: corrupt corpus file ({e}). Re-create it with `fyp ingest` or delete it.") from None
    except OSError as e:
        raise CorpusError(f"{path}: cannot be read ({e.strerror}).") from None


RAW_EXTENSIONS = ("txt", "pdf", "html", "docx")  # raw/<id>.<ext>: ext is the plan's meta.format


def raw_file(root: Path, plan_id: str) -> Path:
    """``root/raw/<id>.<ext>`` for whichever format the plan arrived in."""
    for ext in RAW_EXTENSIONS:
        path = root / "raw" / f"{plan_id}.{ext}"
        if path.is_file():
            return path
    raise CorpusError(f"{root / 'raw'}: no raw file for plan {plan_id!r} "
                      f"(looked for {', '.join(f'{plan_id}.{e}' for e in RAW_EXTENSIONS)})")


def parse_raw(root: Path, plan_id: str) -> Plan:
    """Parse ``root/raw/<id>.<ext>`` with its ``plans/<id>.toml``, as the build does."""
    from .ingest import parse_file

    meta = root / "plans" / f"{plan_id}.toml"
    return parse_file(raw_file(root, plan_id), plan_id, meta if meta.exists() else None)


def outdated_note(corpus: "Corpus") -> str | None:
    """One line for the user when some of their plans were made by an older parser, with
    the command that reads them again (per corpus directory), else None."""
    from .config import user_corpus_dir

    ids = corpus.outdated()
    if not ids:
        return None
    mine = os.path.join(str(user_corpus_dir() / "parsed"), "")
    where = [str(corpus.origin.get(pid, "")) for pid in ids]
    others = dict.fromkeys(os.path.dirname(os.path.dirname(w)) for w in where if w and not w.startswith(mine))
    how = " and ".join(["`fyp ingest --reparse`"] * any(w.startswith(mine) for w in where)
                       + [f"`fyp ingest --reparse --dest {shlex.quote(d)}`" for d in others])
    n = len(ids)
    return (f"{n} of your plans {'was' if n == 1 else 'were'} parsed by an older fyp and may hold what "
            f"later fixes read right: {how} reads {'it' if n == 1 else 'them'} again from the stored files")


def reparse(root: Path, plan_id: str) -> Plan:
    """Parse plan ``plan_id`` of corpus directory ``root`` again from the file stored
    with it (``raw/<id>.<ext>`` and its ``plans/<id>.toml``) and replace its parsed file
    (atomically: the old one stays if parsing or writing fails, ``IngestError`` or
    ``CorpusError`` naming the file). A plan whose metadata came from a file that was
    not stored with it (an older fyp kept only a ``--meta`` one, not a ``<name>.toml``
    found beside the file) is left as it is: parsed again, it would lose that metadata."""
    parsed = root / "parsed" / f"{plan_id}.json"
    if not (root / "plans" / f"{plan_id}.toml").exists():
        try:
            old = load_plan_file(parsed)
        except CorpusError:
            old = None  # unreadable: parsed again from what is stored
        if old is not None and "sidecar" in old.meta.meta_sources.values():
            raise IngestError(str(parsed), "its metadata file was not stored with it",
                              "ingest its file again, with --meta FILE.toml")
    plan = parse_raw(root, plan_id)
    try:
        atomic_write_text(parsed, parsed_json(plan))
    except OSError as e:
        raise IngestError(str(parsed), f"cannot be written ({e.strerror or e})",
                          "check the corpus directory's permissions") from None
    return plan


def build_dir(root: Path) -> list[Plan]:
    """Re-parse every raw file of a corpus directory (any format) and write parsed/*.json."""
    plans = []
    ids = sorted({p.stem for ext in RAW_EXTENSIONS for p in (root / "raw").glob(f"*.{ext}")})
    for plan_id in ids:
        plan = parse_raw(root, plan_id)
        out, text = root / "parsed" / f"{plan_id}.json", parsed_json(plan)
        try:
            same = out.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:  # an unchanged file keeps its time: stores keyed on it stay current
            atomic_write_text(out, text)
        plans.append(plan)
    return plans


class MetaEntry(msgspec.Struct, array_like=True):
    """What the corpus manifest keeps of one parsed file: enough to list, filter and
    fingerprint the plan without decoding it."""

    size: int
    mtime_ns: int
    id: str
    source_sha256: str
    chars: int
    meta: PlanMeta
    state: str = ""  # ``_state`` of the plan: id, source hash, size and metadata, digested
    fp: str = ""  # ``_with_file`` of the state, path, size and time (10,000 of them cost ~0.04 s)
    parser: int = 0  # ``Plan.parser``: the parser version that made it
    sections: int = 0  # what `fyp list` shows: sections, 专栏 boxes and tables in the plan
    boxes: int = 0
    tables: int = 0


class ListedEntry(msgspec.Struct, array_like=True):
    """A ``MetaEntry`` as read back: the metadata kept as its JSON bytes, decoded
    when a plan's metadata is asked for (decoding 10,000 ``PlanMeta`` up front cost
    a fresh `fyp search` ~0.05 s; a search without filters reads a few)."""

    size: int
    mtime_ns: int
    id: str
    source_sha256: str
    chars: int
    meta: msgspec.Raw
    state: str = ""
    fp: str = ""
    parser: int = 0
    sections: int = 0
    boxes: int = 0
    tables: int = 0


_META = msgspec.json.Decoder(PlanMeta)  # one decoder: screens listing plans ask for every plan's metadata


class PlanPlace(msgspec.Struct):
    """What places a plan in the app's tree, decoded alone from the manifest's metadata
    (half the cost of the whole ``PlanMeta``: ~0.02 s against 0.04 s at 10,000 plans)."""

    level: str = ""
    province: str = ""
    city: str = ""


_PLACE = msgspec.json.Decoder(PlanPlace)


class PlanFigures(msgspec.Struct, array_like=True):
    """A plan's size and make-up as `fyp list` shows them."""

    chars: int
    sections: int
    boxes: int
    tables: int
    parser: int


def _counts(plan: Plan) -> tuple[int, int, int]:
    return sum(1 for _ in plan.walk()), len(plan.boxes()), len(plan.tables())


def text_key(plan: Plan) -> str:
    """A digest of the plan's text as parsed (``Corpus.with_text``): encodings, line ends
    and a BOM are gone by then."""
    h = hashlib.sha256()
    for top in plan.sections:
        h.update(top.full_text().encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def plan_figures(plan: Plan) -> PlanFigures:
    return PlanFigures(plan.chars, *_counts(plan), plan.parser)


class CorpusManifest(msgspec.Struct):
    format: str
    schema: int
    entries: dict[str, MetaEntry]  # parsed file path → entry


class ListedManifest(msgspec.Struct):
    format: str
    schema: int
    entries: dict[str, ListedEntry]


MANIFEST_FORMAT = "fyp-corpus-manifest-3"  # 2: which parser made each plan; 3: its counts for `fyp list`


class LazyPlans(MutableMapping):
    """``plan id → Plan``, each plan decoded from its parsed file on first access.

    Loading a corpus reads only a small manifest (``MetaEntry`` per file, kept in
    the cache directory and checked against each file's size and time), so a fresh
    `fyp search` or the app's tree never decode plans they do not show. ``meta`` and
    ``fingerprint`` answer from the manifest. Files not in the manifest (new or
    changed) were decoded, and so validated, when the corpus was loaded.
    """

    def __init__(self):
        self._paths: dict[str, str | None] = {}  # parsed file paths, in corpus order; None: added in memory
        self._entries: dict[str, MetaEntry | ListedEntry] = {}
        self._metas: dict[str, PlanMeta] = {}  # ListedEntry metadata decoded so far
        self._plans: dict[str, Plan] = {}

    def _add(self, pid: str, path: str, entry: MetaEntry | ListedEntry, plan: Plan | None) -> None:
        self._paths[pid] = path
        self._entries[pid] = entry
        self._metas.pop(pid, None)
        if plan is not None:
            self._plans[pid] = plan
        else:
            self._plans.pop(pid, None)

    def __getitem__(self, pid: str) -> Plan:
        plan = self._plans.get(pid)
        if plan is not None:
            return plan
        with gcpause.paused():
            plan = self.read(pid)  # KeyError: not in the corpus
        self._plans[pid] = plan
        return plan

    def read(self, pid: str) -> Plan:
        """The plan, decoded without keeping it (a build reads every plan once)."""
        plan = self._plans.get(pid)
        if plan is not None:
            return plan
        path = self._paths[pid]
        plan = load_plan_file(path)
        if plan.id != pid:
            raise CorpusError(f"{path}: holds plan {plan.id!r}, not {pid!r}. Re-create it with `fyp ingest`.")
        return plan

    def __setitem__(self, pid: str, plan: Plan) -> None:
        self._paths.setdefault(pid, None)
        self._entries.pop(pid, None)
        self._metas.pop(pid, None)
        self._plans[pid] = plan

    def __delitem__(self, pid: str) -> None:
        del self._paths[pid]
        self._entries.pop(pid, None)
        self._metas.pop(pid, None)
        self._plans.pop(pid, None)

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, pid) -> bool:
        return pid in self._paths

    def source_sha256(self, pid: str) -> str:
        """The SHA-256 of the file a plan was parsed from, from the manifest when it has it."""
        entry = self._entries.get(pid)
        return entry.source_sha256 if entry is not None else self[pid].source_sha256

    def meta(self, pid: str) -> PlanMeta:
        entry = self._entries.get(pid)
        if entry is None:
            return self[pid].meta
        if isinstance(entry.meta, PlanMeta):
            return entry.meta
        got = self._metas.get(pid)
        if got is None:
            try:
                got = _META.decode(entry.meta)
            except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
                got = self[pid].meta  # the manifest's copy is unusable: the plan's own file
            self._metas[pid] = got
        return got

    def place(self, pid: str) -> PlanMeta | PlanPlace:
        """A plan's level, province and city (``meta``'s fields of those names), read
        without decoding the rest of its metadata when that is not decoded yet."""
        entry = self._entries.get(pid)
        if entry is None or isinstance(entry.meta, PlanMeta) or pid in self._metas:
            return self.meta(pid)
        try:
            return _PLACE.decode(entry.meta)
        except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
            return self.meta(pid)

    def figures(self, pid: str) -> PlanFigures:
        """What `fyp list` shows of a plan besides its metadata, from the manifest when it
        has it (listing 10,000 plans then decodes none)."""
        entry = self._entries.get(pid)
        if entry is None:
            return plan_figures(self[pid])
        return PlanFigures(entry.chars, entry.sections, entry.boxes, entry.tables, entry.parser)

    def decoded(self) -> int:
        """How many plans have been decoded so far."""
        return len(self._plans)

    def fingerprint(self, pid: str, path: str | Path | None = None) -> str:
        """``plan_fingerprint`` from the manifest: no decoding, no ``stat`` (the load
        just checked the file's size and time against the entry)."""
        entry = self._entries.get(pid)
        if entry is None or not entry.fp or path is None or os.fspath(path) != self._paths.get(pid):
            return plan_fingerprint(self[pid], path)
        return entry.fp  # ``_with_file`` of the entry, written with it (or by ``_write_manifest``)


@dataclass
class Corpus:
    plans: MutableMapping[str, Plan] = field(default_factory=dict)
    # plan id → its parsed file: a path string when loaded (10,000 ``Path`` objects
    # cost a fresh search ~0.05 s), a ``Path`` where callers built the corpus themselves
    origin: dict[str, str | Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # files skipped, with why

    def get(self, plan_id: str) -> Plan:
        try:
            return self.plans[plan_id]
        except KeyError:
            known = ", ".join(sorted(self.plans)) or "none"
            raise CorpusError(f"no plan {plan_id!r} in the corpus (plans: {known})") from None

    def meta(self, plan_id: str) -> PlanMeta:
        """A plan's metadata, without decoding the plan when the manifest has it."""
        plans = self.plans
        return plans.meta(plan_id) if isinstance(plans, LazyPlans) else self.get(plan_id).meta

    def place(self, plan_id: str) -> PlanMeta | PlanPlace:
        """A plan's level, province and city (``LazyPlans.place``)."""
        plans = self.plans
        return plans.place(plan_id) if isinstance(plans, LazyPlans) else self.get(plan_id).meta

    def outdated(self) -> list[str]:
        """Plans of your corpus layers (not the bundled ones) made by an older parser
        (``model.PARSER_VERSION``): they may hold what a later fix reads right
        (`fyp ingest --reparse`). Answered from the manifest: nothing decoded."""
        from .model import PARSER_VERSION

        bundled = os.path.join(str(bundled_dir() / "parsed"), "")
        return [pid for pid in self.plans  # (a plan with no file, built in memory, is nobody's to re-parse)
                if self.origin.get(pid) and not str(self.origin[pid]).startswith(bundled)
                and self.figures(pid).parser < PARSER_VERSION]

    def figures(self, plan_id: str) -> PlanFigures:
        """``LazyPlans.figures``: from the manifest, or the plan itself."""
        got = getattr(self.plans, "figures", None)
        return got(plan_id) if got is not None else plan_figures(self.get(plan_id))

    def with_text(self, plan: Plan, key: str = "") -> list[str]:
        """Other plans whose text is ``plan``'s: the same document
        saved again in another encoding, with other line ends or without its BOM (the
        file differs, ``with_source`` does not see it). Only plans of the same size
        (the manifest's figures: nothing decoded for the rest) are read. ``key``: the
        plan's ``text_key``, when the caller has it."""
        key = key or text_key(plan)
        return [pid for pid in self.plans if pid != plan.id and self.figures(pid).chars == plan.chars
                and text_key(self.get(pid)) == key]

    def with_source(self, sha256: str) -> list[str]:
        """Plans parsed from the file of this SHA-256 (the same file ingested twice)."""
        plans = self.plans
        if isinstance(plans, LazyPlans):
            return [pid for pid in plans if plans.source_sha256(pid) == sha256]
        return [pid for pid, p in plans.items() if p.source_sha256 == sha256]

    def resolve(self, ref: str) -> tuple[Plan, Section | None]:
        """``PLAN`` or ``PLAN#SECTION`` → (plan, section or None)."""
        plan_id, _, sid = ref.partition("#")
        plan = self.get(plan_id)
        if not sid:
            return plan, None
        sec = plan.find(sid) or next(
            (s for s in plan.walk() for b in s.blocks if getattr(b, "id", None) == sid), None
        )  # a box or table id resolves to the section it sits in
        if sec is None:
            raise CorpusError(f"plan {plan_id!r} has no section {sid!r} (see `fyp outline {plan_id}`)")
        return plan, sec

    def plan_fingerprints(self) -> dict[str, str]:
        """Each plan's ``plan_fingerprint``, in corpus order, decoding no plan the
        manifest describes."""
        plans = self.plans
        if isinstance(plans, LazyPlans):
            return {pid: plans.fingerprint(pid, self.origin.get(pid)) for pid in plans}
        return {pid: plan_fingerprint(p, self.origin.get(pid)) for pid, p in plans.items()}

    def fingerprint(self) -> str:
        """Changes whenever any plan changes (for the caches built from the corpus)."""
        return _combine(self.plan_fingerprints().items())


def _state(plan: Plan) -> str:
    import hashlib

    h = hashlib.sha256(f"{plan.id}\t{plan.source_sha256}\t{plan.chars}\t".encode())
    h.update(json.dumps(plan.meta.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:20]


def _with_file(state: str, path: str | Path, size: int, mtime_ns: int) -> str:
    import hashlib

    return hashlib.sha256(f"{state}\t{path}\t{size}\t{mtime_ns}".encode()).hexdigest()[:20]


def plan_fingerprint(plan: Plan, path: str | Path | None = None) -> str:
    """One plan's state: its id, source hash, size and metadata, then its parsed
    file's size and time (a plan loaded from disk) or a digest of its text (a plan
    built in memory), so a re-parsed or edited plan changes it."""
    import hashlib

    state = _state(plan)
    try:
        st = Path(path).stat() if path else None
    except OSError:
        st = None
    if st is not None:
        return _with_file(state, path, st.st_size, st.st_mtime_ns)
    h = hashlib.sha256(state.encode())
    for sec in plan.walk():
        h.update(f"{sec.id}\t{sec.heading}\n{sec.body_text()}\n".encode())
    return h.hexdigest()[:20]


def _combine(fps) -> str:
    import hashlib

    from .model import SCHEMA_VERSION

    h = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    for pid, fp in sorted(fps):
        h.update(f"\n{pid}\t{fp}".encode())
    return h.hexdigest()[:20]


def plans_fingerprint(plans, origin: dict[str, str | Path] | None = None) -> str:
    """A digest of every plan's ``plan_fingerprint`` (for caches built from the corpus)."""
    origin = origin or {}
    return _combine((p.id, plan_fingerprint(p, origin.get(p.id))) for p in plans)


def corpus_layers(extra: list[Path] | None = None, include_user: bool = True) -> list[Path]:
    from .config import user_corpus_dir

    layers = [bundled_dir()]
    if include_user:
        layers.append(user_corpus_dir())
    layers += list(extra or [])
    return layers


def load_corpus(extra: list[Path] | None = None, include_user: bool = True, strict: bool = False,
                progress=None) -> Corpus:
    """Load every layer's parsed plans. A bad file is skipped and reported in
    ``problems`` (or raised when ``strict``), so one broken plan never hides the rest.
    ``progress(done, total)`` is called after each file (the app shows it).

    Plans are decoded on first access (``LazyPlans``): a file the corpus manifest
    describes with its current size and time is only listed; any other is decoded
    (and so validated) now, and the manifest updated."""
    corpus = Corpus(plans=LazyPlans())
    layers = corpus_layers(extra, include_user)
    files = []
    for layer in layers:
        try:
            files += _parsed_files(layer / "parsed")
        except OSError as e:  # a directory that cannot be read: its plans are left out, the rest load
            if strict:
                raise CorpusError(f"{layer / 'parsed'}: cannot be read ({e.strerror or e})") from None
            corpus.problems.append(f"{layer / 'parsed'}: cannot be read ({e.strerror or e}); its plans are left out")
    known = _read_manifest()
    with gcpause.paused():  # at 1,000 plans: ~3.0 s → ~1.3 s
        changed = _load_files(corpus, files, strict, progress, known)
    if changed:
        # Entries of layers not loaded this time (`--no-user-corpus`, `fyp ingest`'s own
        # check) stay: each is checked against its file's size and time when used.
        loaded = tuple(os.path.join(str(layer / "parsed"), "") for layer in layers)
        others = {p: e for p, e in known.items() if not p.startswith(loaded) and os.path.exists(p)}
        _write_manifest(corpus.plans, others)
    return corpus


def _parsed_files(folder: Path) -> list[tuple[str, os.stat_result | None]]:
    """``folder/*.json`` in name order, each as (path string, its ``stat``): one
    ``os.scandir`` pass over the directory opened once, each file ``stat``-ed
    relative to it. At 10,000 plans, ``Path`` objects (and sorting them) cost a
    fresh `fyp search` ~0.1 s, and ``stat`` by full path ~0.04 s more."""
    base = str(folder)
    found = []
    fd = None
    try:
        fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY) if os.scandir in os.supports_fd else None
        it = os.scandir(base if fd is None else fd)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError:  # the caller says it cannot be read
        if fd is not None:
            os.close(fd)
        raise
    try:
        with it:
            for e in it:
                if e.name.endswith(".json") and not e.name.startswith("."):
                    try:
                        st = e.stat()
                    except OSError:
                        st = None
                    found.append((e.name, st))
    finally:
        if fd is not None:
            os.close(fd)
    found.sort(key=lambda x: x[0])
    prefix = os.path.join(base, "")  # + name: os.path.join per file cost ~0.02 s at 10,000
    return [(prefix + name, st) for name, st in found]


def _manifest_path() -> Path:
    from .config import cache_dir

    return cache_dir() / "corpus" / "manifest.json"


def _read_manifest() -> dict[str, ListedEntry]:
    """The corpus manifest's entries ({} when missing or unusable: files are then decoded)."""
    from .model import SCHEMA_VERSION

    try:
        m = msgspec.json.decode(_manifest_path().read_bytes(), type=ListedManifest)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return {}
    return m.entries if m.format == MANIFEST_FORMAT and m.schema == SCHEMA_VERSION else {}


def _write_manifest(plans: LazyPlans, others: dict[str, ListedEntry] | None = None) -> None:
    from .model import SCHEMA_VERSION

    entries: dict = dict(others or {})  # as read back (their metadata still JSON bytes)
    entries.update({str(path): plans._entries[pid] for pid, path in plans._paths.items()
                    if path is not None and pid in plans._entries})
    for path, entry in entries.items():
        if not entry.fp and entry.state:  # listed from a manifest written before entries kept it
            entry.fp = _with_file(entry.state, path, entry.size, entry.mtime_ns)
    try:
        from .fsutil import atomic_write_bytes

        atomic_write_bytes(_manifest_path(), msgspec.json.encode(CorpusManifest(MANIFEST_FORMAT, SCHEMA_VERSION, entries)))
    except OSError:
        pass  # a cache that cannot be written: the next load decodes again


KEEP_DECODED = 64  # plans decoded while loading (new or changed files) kept in memory, at most


def _load_files(corpus: Corpus, files: list[tuple[str, os.stat_result | None]], strict: bool, progress,
                known: dict[str, ListedEntry]) -> bool:
    plans = corpus.plans
    changed = False
    shown = time.monotonic()  # progress at most ten times a second: each call repaints the app's bar
    for done, (path, st) in enumerate(files, 1):
        entry = known.get(path)
        stem = path[path.rfind(os.sep) + 1 : -5]  # the file name without .json
        if entry is not None and st is not None and entry.state and (entry.size, entry.mtime_ns, entry.id) == (
                st.st_size, st.st_mtime_ns, stem):
            plans._add(entry.id, path, entry, None)
            corpus.origin[entry.id] = path
            changed = changed or not entry.fp  # a manifest written before entries kept it
        else:
            changed = True
            try:
                plan = load_plan_file(Path(path))
            except CorpusError as e:
                if strict:
                    raise
                corpus.problems.append(str(e))
            else:
                if plan.id != stem:
                    corpus.problems.append(f"{path}: holds plan {plan.id!r}, not {stem!r}; skipped. "
                                           "Re-create it with `fyp ingest` or rename it.")
                    continue
                size, mtime_ns, state = st.st_size if st else 0, st.st_mtime_ns if st else 0, _state(plan)
                entry = MetaEntry(size, mtime_ns, plan.id, plan.source_sha256, plan.chars, plan.meta, state,
                                  _with_file(state, path, size, mtime_ns) if st else "", plan.parser,
                                  *_counts(plan))
                # keep a few (a plan just ingested is shown next); 10,000 kept would not fit in memory
                plans._add(plan.id, path, entry, plan if plans.decoded() < KEEP_DECODED else None)
                corpus.origin[plan.id] = path
        if progress is not None and (done == len(files) or time.monotonic() - shown >= 0.1):
            shown = time.monotonic()
            progress(done, len(files))
    return changed


PLAN_ID_RE = re.compile(r"[0-9a-z\u4e00-\u9fff][0-9a-z\u4e00-\u9fff_-]{0,63}")


def check_plan_id(plan_id: str, source: str) -> None:
    """A plan id is a file name and part of every section reference: refuse anything
    but lower-case letters, digits, Chinese, - and _ (the whole id: ``fullmatch``,
    so a trailing newline is refused too)."""
    if not PLAN_ID_RE.fullmatch(plan_id):
        raise IngestError(source, f"plan id {plan_id!r} is not usable",
                          "use lower-case letters, digits, Chinese characters, - and _ (at most 64)")


CORPUS_SUBDIRS = ("raw", "plans", "parsed")


REMOVED_DIR = "removed"  # a corpus directory's set-aside plans: never read as plans


def remove_plan(root: Path, plan_id: str, stamp: str) -> Path:
    """Take plan ``plan_id`` out of the corpus directory ``root``: its files (parsed,
    metadata, raw) move, as they are, into ``root/removed/<id>-<stamp>/`` (moved back,
    the plan is there again), the parsed one first so the corpus stops listing it at
    once. Returns that folder; ``CorpusError`` when ``root`` has no such plan."""
    parsed = root / "parsed" / f"{plan_id}.json"
    if not parsed.is_file():
        raise CorpusError(f"no plan {plan_id!r} in {root}")
    where = root / REMOVED_DIR / f"{plan_id}-{stamp}"
    moves = [parsed, root / "plans" / f"{plan_id}.toml", *(root / "raw" / f"{plan_id}.{e}" for e in RAW_EXTENSIONS)]
    for src in moves:
        if src.is_file() or src.is_symlink():
            dst = where / src.parent.name / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)  # same file system: a rename, nothing copied, nothing lost
    return where


def stored_source(root: Path, plan_id: str) -> str | None:
    """The SHA-256 of the file plan ``plan_id`` of corpus directory ``root`` was read
    from (its stored raw file), None when ``root`` holds no such plan. A plan whose raw
    file is missing counts as from another file: what it came from cannot be told."""
    if not (root / "parsed" / f"{plan_id}.json").is_file():
        return None
    for ext in RAW_EXTENSIONS:
        raw = root / "raw" / f"{plan_id}.{ext}"
        if raw.is_file():
            digest = hashlib.sha256()
            with open(raw, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest()
    return ""


def clean_corpus_temps(dest: Path) -> None:
    """Remove temp files left in a corpus directory by an ingest that was killed."""
    from .fsutil import clean_stale_temps

    for sub in CORPUS_SUBDIRS:
        clean_stale_temps(dest / sub)


def ingest_into(path: Path, dest: Path, plan_id: str | None = None, meta: Path | None = None,
                replace: bool = False, on_replace=None) -> Plan:
    """Parse a user's file and store it in ``dest``: ``raw/<id>.<format>`` (the bytes
    as given), ``plans/<id>.toml`` (the ``meta`` sidecar, when given) and
    ``parsed/<id>.json``, as one change: all three files or none (``IngestError``
    naming the file and the destination).

    A plan of that id already in ``dest`` from other bytes is another document (sites
    name many plans 规划纲要.pdf): ``IngestError``, nothing written, unless ``replace``,
    which first sets the old plan's files aside in ``removed/`` (``remove_plan``) and
    calls ``on_replace`` with that folder. The same bytes again (a new parser, new
    metadata) replace it in place."""
    from .ingest import parse_file, sidecar_for

    from .fsutil import atomic_write_many
    from .ingest.limits import read_input
    from .ingest.meta import SIDECAR_LIMIT

    path, dest = Path(path), Path(dest)
    if plan_id is not None:  # `--id ''` is a mistake, not "use the default"
        check_plan_id(plan_id, str(path))
    meta = sidecar_for(path, meta)  # given, or found beside the file: stored either way (re-parsing needs it)
    plan = parse_file(path, plan_id, meta)
    check_plan_id(plan.id, str(path))
    data = read_input(path)
    if hashlib.sha256(data).hexdigest() != plan.source_sha256:
        raise IngestError(str(path), "changed while it was being read", "ingest it again")
    ext = plan.meta.format or "txt"
    files = {dest / "raw" / f"{plan.id}.{ext}": data}
    if meta:
        files[dest / "plans" / f"{plan.id}.toml"] = read_input(Path(meta), SIDECAR_LIMIT)
    files[dest / "parsed" / f"{plan.id}.json"] = parsed_json(plan).encode("utf-8")
    if dest.exists() and not dest.is_dir():
        raise IngestError(str(path), f"cannot be stored: {dest} is not a directory", "give --dest a directory")
    clean_corpus_temps(dest)
    held = stored_source(dest, plan.id)
    if held is not None and held != plan.source_sha256:
        if not replace:
            raise IngestError(str(path), f"plan id {plan.id} is already in {dest}, from another file",
                              "give --id to add this one beside it, or --replace to set the old one aside "
                              "in removed/ and store this one")
        aside = remove_plan(dest, plan.id, time.strftime("%Y%m%d-%H%M%S"))
        if on_replace is not None:
            on_replace(aside)
    try:
        atomic_write_many(files)
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        raise IngestError(str(path), f"cannot be stored in {dest}: {where}{e.strerror or e}",
                          "give --dest a writable corpus directory") from None
    stale = [other for other in (dest / "raw").glob(f"{plan.id}.*")  # an earlier copy in another format
             if other.suffix != f".{ext}" and other.stem == plan.id]
    if not meta:  # an earlier ingest's metadata: this one has none (re-parsing would apply it)
        stale.append(dest / "plans" / f"{plan.id}.toml")
    for other in stale:
        try:
            other.unlink()
        except OSError:
            pass
    return plan


__all__ = [
    "Corpus", "CorpusError", "IngestError", "load_corpus", "build_dir", "parse_raw", "bundled_dir",
    "ingest_into", "parsed_json", "load_plan_file",
]


if __name__ == "__main__":  # python -m fyp_tui.corpus [DIR]: regenerate parsed/*.json
    import sys

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else bundled_dir()
    for p in build_dir(root):
        print(f"{p.id}: {sum(1 for _ in p.walk())} sections, {len(p.removed)} removed")
