"""Load, validate, build and save the pre-parsed corpus.

A corpus directory holds ``raw/<id>.txt`` (the text as collected), ``plans/<id>.toml``
(metadata that overrides inference) and ``parsed/<id>.json`` (generated from the two).
The bundled corpus ships inside the package; the user's corpus (platformdirs data
dir) and any extra directories from the config are layered over it: a plan id in a
later layer replaces the same id in an earlier one.
"""

from __future__ import annotations

import hashlib
import json
import re

import msgspec
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import gcpause
from .fsutil import atomic_write_text
from .ingest import IngestError, parse_file
from .model import Plan, Section, decode_plan, encode_plan


class CorpusError(Exception):
    """A corpus file that cannot be used; the message names it and says what to do."""


def bundled_dir() -> Path:
    """The bundled corpus: inside the installed package, or corpus/ in a checkout."""
    try:
        return Path(str(resources.files("fyp_tui.bundled")))
    except ModuleNotFoundError:  # running from a source tree that is not installed
        return Path(__file__).resolve().parent.parent / "corpus"


def parsed_json(plan: Plan) -> str:
    return msgspec.json.format(encode_plan(plan), indent=1).decode("utf-8") + "\n"


def load_plan_file(path: Path) -> Plan:
    try:
        return decode_plan(path.read_bytes())
    except msgspec.ValidationError as e:
        raise CorpusError(
            f"{path}: not a plan this version of fyp can read ({e}). Re-create it with `fyp ingest` or delete it."
        ) from None
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError) as e:
        raise CorpusError(f"{path}: corrupt corpus file ({e}). Re-create it with `fyp ingest` or delete it.") from None
    except OSError as e:
        raise CorpusError(f"{path}: cannot be read ({e.strerror}).") from None


def parse_raw(root: Path, plan_id: str) -> Plan:
    """Parse ``root/raw/<id>.txt`` with its ``plans/<id>.toml``, as the build does."""
    meta = root / "plans" / f"{plan_id}.toml"
    return parse_file(root / "raw" / f"{plan_id}.txt", plan_id, meta if meta.exists() else None)


def build_dir(root: Path) -> list[Plan]:
    """Re-parse every raw file of a corpus directory and write parsed/*.json."""
    plans = []
    for raw in sorted((root / "raw").glob("*.txt")):
        plan = parse_raw(root, raw.stem)
        atomic_write_text(root / "parsed" / f"{raw.stem}.json", parsed_json(plan))
        plans.append(plan)
    return plans


@dataclass
class Corpus:
    plans: dict[str, Plan] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)  # plan id → its parsed file
    problems: list[str] = field(default_factory=list)  # files skipped, with why

    def get(self, plan_id: str) -> Plan:
        try:
            return self.plans[plan_id]
        except KeyError:
            known = ", ".join(sorted(self.plans)) or "none"
            raise CorpusError(f"no plan {plan_id!r} in the corpus (plans: {known})") from None

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

    def fingerprint(self) -> str:
        """Changes whenever any plan changes (for the caches built from the corpus)."""
        return plans_fingerprint(self.plans.values(), self.origin)


def plans_fingerprint(plans, origin: dict[str, Path] | None = None) -> str:
    """A digest of the plans' state: per plan its id, source hash and metadata, then
    its parsed file's size and time (plans loaded from disk) or a digest of its text
    (plans built in memory), so a re-parsed or edited plan changes it."""
    import hashlib

    from .model import SCHEMA_VERSION

    origin = origin or {}
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    for plan in sorted(plans, key=lambda p: p.id):
        h.update(f"\n{plan.id}\t{plan.source_sha256}\t{plan.chars}\t".encode())
        h.update(json.dumps(plan.meta.to_dict(), sort_keys=True, ensure_ascii=False).encode())
        path = origin.get(plan.id)
        try:
            st = Path(path).stat() if path else None
        except OSError:
            st = None
        if st is not None:
            h.update(f"{path}\t{st.st_size}\t{st.st_mtime_ns}".encode())
        else:
            for sec in plan.walk():
                h.update(f"{sec.id}\t{sec.heading}\n{sec.body_text()}\n".encode())
    return h.hexdigest()[:20]


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
    ``progress(done, total)`` is called after each file (the app shows it)."""
    corpus = Corpus()
    files = [
        path
        for layer in corpus_layers(extra, include_user)
        if (layer / "parsed").is_dir()
        for path in sorted((layer / "parsed").glob("*.json"))
    ]
    with gcpause.paused():  # at 1,000 plans: ~3.0 s → ~1.3 s
        _load_files(corpus, files, strict, progress)
    return corpus


def _load_files(corpus: Corpus, files: list[Path], strict: bool, progress) -> None:
    for done, path in enumerate(files, 1):
        try:
            plan = load_plan_file(path)
        except CorpusError as e:
            if strict:
                raise
            corpus.problems.append(str(e))
        else:
            if plan.id != path.stem:
                corpus.problems.append(f"{path}: holds plan {plan.id!r}, not {path.stem!r}; skipped. "
                                       "Re-create it with `fyp ingest` or rename it.")
                continue
            corpus.plans[plan.id] = plan
            corpus.origin[plan.id] = path
        if progress is not None:
            progress(done, len(files))


PLAN_ID_RE = re.compile(r"[0-9a-z\u4e00-\u9fff][0-9a-z\u4e00-\u9fff_-]{0,63}")


def check_plan_id(plan_id: str, source: str) -> None:
    """A plan id is a file name and part of every section reference: refuse anything
    but lower-case letters, digits, Chinese, - and _ (the whole id: ``fullmatch``,
    so a trailing newline is refused too)."""
    if not PLAN_ID_RE.fullmatch(plan_id):
        raise IngestError(source, f"plan id {plan_id!r} is not usable",
                          "use lower-case letters, digits, Chinese characters, - and _ (at most 64)")


CORPUS_SUBDIRS = ("raw", "plans", "parsed")


def clean_corpus_temps(dest: Path) -> None:
    """Remove temp files left in a corpus directory by an ingest that was killed."""
    from .fsutil import clean_stale_temps

    for sub in CORPUS_SUBDIRS:
        clean_stale_temps(dest / sub)


def ingest_into(path: Path, dest: Path, plan_id: str | None = None, meta: Path | None = None) -> Plan:
    """Parse a user's file and store it in ``dest``: ``raw/<id>.<format>`` (the bytes
    as given), ``plans/<id>.toml`` (the ``meta`` sidecar, when given) and
    ``parsed/<id>.json``, as one change: all three files or none (``IngestError``
    naming the file and the destination)."""
    from .fsutil import atomic_write_many
    from .ingest.limits import read_input
    from .ingest.meta import SIDECAR_LIMIT

    path, dest = Path(path), Path(dest)
    if plan_id is not None:  # `--id ''` is a mistake, not "use the default"
        check_plan_id(plan_id, str(path))
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
    try:
        atomic_write_many(files)
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        raise IngestError(str(path), f"cannot be stored in {dest}: {where}{e.strerror or e}",
                          "give --dest a writable corpus directory") from None
    for other in (dest / "raw").glob(f"{plan.id}.*"):  # an earlier copy in another format
        if other.suffix != f".{ext}" and other.stem == plan.id:
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
