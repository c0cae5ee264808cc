"""User paths (platformdirs) and the user's config.toml.

Environment overrides, used by tests and by users who keep several setups:
``FYP_CONFIG_DIR``, ``FYP_DATA_DIR``, ``FYP_CACHE_DIR``. config.toml is checked
against a typed schema (msgspec, as the corpus model is), key by key: a wrong
type (``theme = 5``, ``dirs = [1]``), an unknown key, broken TOML or nesting too
deep is reported in one line naming the file and the key, and the rest of the
file still applies (defaults for what was wrong). fyp never writes config.toml,
so a bad one is left in place for the user to fix.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
import platformdirs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

APP = "fyp-tui"
DEFAULT_MAX_MB = 64  # the ingest size limit (see ingest/limits.py)


def config_dir() -> Path:
    return Path(os.environ.get("FYP_CONFIG_DIR") or platformdirs.user_config_path(APP))


def data_dir() -> Path:
    return Path(os.environ.get("FYP_DATA_DIR") or platformdirs.user_data_path(APP))


def cache_dir() -> Path:
    return Path(os.environ.get("FYP_CACHE_DIR") or platformdirs.user_cache_path(APP))


def user_corpus_dir() -> Path:
    return data_dir() / "corpus"


class SearchSection(msgspec.Struct, forbid_unknown_fields=True):
    mode: Literal["auto", "exact", "fuzzy", "pinyin"] = "auto"


class CorpusSection(msgspec.Struct, forbid_unknown_fields=True):
    dirs: list[str] = []


class IngestSection(msgspec.Struct, forbid_unknown_fields=True):
    max_mb: Annotated[float, msgspec.Meta(gt=0, le=4096)] = DEFAULT_MAX_MB


# config.toml's schema, key by key, so one bad key is reported and ignored while
# the others still apply. search_mode / corpus_dirs are the old flat spellings.
SCHEMA: dict[str, Any] = {
    "theme": Annotated[str, msgspec.Meta(max_length=100)],
    "search": SearchSection,
    "corpus": CorpusSection,
    "ingest": IngestSection,
    "keymap": dict[str, str],
    "search_mode": Literal["auto", "exact", "fuzzy", "pinyin"],
    "corpus_dirs": list[str],
}


@dataclass
class Config:
    theme: str = ""
    search_mode: str = "auto"
    keymap: dict[str, str] = field(default_factory=dict)
    corpus_dirs: list[Path] = field(default_factory=list)
    ingest_max_mb: float = DEFAULT_MAX_MB
    path: Path | None = None
    problem: str = ""  # set when part of the file was broken and defaults are in use for it


def where(key: str, error: msgspec.ValidationError) -> str:
    """msgspec's ``Expected `str`, got `int` - at `$[0]` `` as ``key[0]: expected text, got `int```:
    the field's name first, in the file's own terms."""
    msg, _, at = str(error).partition(" - at `")
    name = (key + at.rstrip("`")[1:]).lstrip(".")
    msg = msg.replace(" | null", "").replace("`str`", "text").replace("Object contains unknown field", "unknown key")
    msg = msg[:1].lower() + msg[1:]
    return f"{name}: {msg}" if name else msg


def read_toml(path: Path) -> dict:
    """A user's TOML file as a dict; ``ValueError`` with a one-line reason when it is
    not readable TOML (bad syntax, invalid UTF-8, nested too deep)."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"not valid TOML ({e})") from None
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def load_config(path: Path | None = None) -> Config:
    path = path or config_dir() / "config.toml"
    cfg = Config(path=path)
    if not path.exists():
        return cfg
    try:
        data = read_toml(path)
    except ValueError as e:
        cfg.problem = f"{path}: {e}; using defaults. Fix or delete the file."
        return cfg
    except OSError as e:
        cfg.problem = f"{path}: cannot be read ({e.strerror}); using defaults."
        return cfg
    problems = [f"{k}: unknown setting" for k in data if k not in SCHEMA]
    good: dict[str, Any] = {}
    for key, kind in SCHEMA.items():
        if key not in data:
            continue
        try:
            good[key] = msgspec.convert(data[key], kind)
        except msgspec.ValidationError as e:
            problems.append(where(key, e))
    if "theme" in good:
        cfg.theme = good["theme"]
    search = good.get("search")
    cfg.search_mode = search.mode if search is not None and "mode" in data["search"] else good.get("search_mode", "auto")
    cfg.keymap = good.get("keymap", {})
    corpus = good.get("corpus")
    dirs = corpus.dirs if corpus is not None and "dirs" in data["corpus"] else good.get("corpus_dirs", [])
    cfg.corpus_dirs = [Path(os.path.expanduser(d)) for d in dirs]
    if "ingest" in good:
        cfg.ingest_max_mb = good["ingest"].max_mb
    if problems:
        cfg.problem = f"{path}: " + "; ".join(problems) + " (ignored; the rest of the file applies)."
    return cfg
