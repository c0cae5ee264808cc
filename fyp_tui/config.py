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

APP = "fyp-tui"
DEFAULT_MAX_MB = 64  # the ingest size limit (see ingest/limits.py)
TOML_LIMIT = 1 << 20  # config and theme files are a few hundred bytes


def config_dir() -> Path:
    return Path(os.environ.get("FYP_CONFIG_DIR") or platformdirs.user_config_path(APP))


def data_dir() -> Path:
    return Path(os.environ.get("FYP_DATA_DIR") or platformdirs.user_data_path(APP))


def cache_dir() -> Path:
    return Path(os.environ.get("FYP_CACHE_DIR") or platformdirs.user_cache_path(APP))


def user_corpus_dir() -> Path:
    return data_dir() / "corpus"


_MODE = Literal["auto", "exact", "fuzzy", "pinyin"]
# config.toml's schema, one type per key ("table.key" inside a table), checked key
# by key so that one bad value is reported and ignored while the rest applies.
# search_mode / corpus_dirs are the old flat spellings of search.mode / corpus.dirs.
SCHEMA: dict[str, Any] = {
    "theme": Annotated[str, msgspec.Meta(max_length=100)],
    "search_mode": _MODE,
    "corpus_dirs": list[str],
    "search.mode": _MODE,
    "corpus.dirs": list[str],
    "ingest.max_mb": Annotated[float, msgspec.Meta(gt=0, le=4096)],
    "reader.measure": Annotated[int, msgspec.Meta(ge=0, le=500)],  # CJK characters; 0 = full width
    "cite.format": Annotated[str, msgspec.Meta(max_length=2000)],
    "keymap": dict[str, str],
}
TABLES = {"search", "corpus", "ingest", "reader", "cite"}


@dataclass
class Config:
    theme: str = ""
    search_mode: str = "auto"
    keymap: dict[str, str] = field(default_factory=dict)
    corpus_dirs: list[Path] = field(default_factory=list)
    ingest_max_mb: float = DEFAULT_MAX_MB
    measure: int = 40  # [reader] measure: the longest reader line in CJK characters (0: full width)
    cite: str = ""  # [cite] format: how `y` cites a section ("" = the app's default)
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
    not readable TOML (bad syntax, invalid UTF-8, nested too deep); ``OSError`` when it
cannot be read or is not a regular file of at most a megabyte."""
    from .fsutil import read_regular

    # imported here: most commands find no config file, and tomllib costs ~4 ms to import
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(read_regular(path, TOML_LIMIT).decode("utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"not valid TOML ({e})") from None
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _check(data: dict) -> tuple[dict[str, Any], list[str]]:
    """The values that fit ``SCHEMA`` (by dotted key), and a problem for each other one."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in TABLES:
            if not isinstance(value, dict):
                values[key] = msgspec.ValidationError(f"Expected `table`, got `{type(value).__name__}`")
                continue
            values.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            values[key] = value
    good, problems = {}, []
    for key, value in values.items():
        if isinstance(value, msgspec.ValidationError):
            problems.append(where(key, value))
        elif key not in SCHEMA:
            problems.append(f"{key}: unknown setting")
        else:
            try:
                good[key] = msgspec.convert(value, SCHEMA[key])
            except msgspec.ValidationError as e:
                problems.append(where(key, e))
    return good, problems


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
    good, problems = _check(data)
    cfg.theme = good.get("theme", "")
    cfg.search_mode = good.get("search.mode", good.get("search_mode", "auto"))
    cfg.keymap = good.get("keymap", {})
    dirs = good.get("corpus.dirs", good.get("corpus_dirs", []))
    cfg.corpus_dirs = [Path(os.path.expanduser(d)) for d in dirs]
    cfg.ingest_max_mb = good.get("ingest.max_mb", DEFAULT_MAX_MB)
    cfg.measure = good.get("reader.measure", cfg.measure)
    cfg.cite = good.get("cite.format", cfg.cite)
    if problems:
        cfg.problem = f"{path}: " + "; ".join(problems) + " (ignored; the rest of the file applies)."
    return cfg
