"""User paths (platformdirs) and the user's config.toml.

Environment overrides, used by tests and by users who keep several setups:
``FYP_CONFIG_DIR``, ``FYP_DATA_DIR``, ``FYP_CACHE_DIR``. A broken config file is
reported with its path and the app carries on with defaults.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

APP = "fyp-tui"


def config_dir() -> Path:
    return Path(os.environ.get("FYP_CONFIG_DIR") or platformdirs.user_config_path(APP))


def data_dir() -> Path:
    return Path(os.environ.get("FYP_DATA_DIR") or platformdirs.user_data_path(APP))


def cache_dir() -> Path:
    return Path(os.environ.get("FYP_CACHE_DIR") or platformdirs.user_cache_path(APP))


def user_corpus_dir() -> Path:
    return data_dir() / "corpus"


@dataclass
class Config:
    theme: str = ""
    search_mode: str = "auto"
    keymap: dict[str, str] = field(default_factory=dict)
    corpus_dirs: list[Path] = field(default_factory=list)
    measure: int = 40  # [reader] measure: the longest reader line in CJK characters (0: full width)
    cite: str = ""  # [cite] format: how `y` cites a section ("" = the app's default)
    path: Path | None = None
    problem: str = ""  # set when the file was broken and defaults are in use


def load_config(path: Path | None = None) -> Config:
    path = path or config_dir() / "config.toml"
    cfg = Config(path=path)
    if not path.exists():
        return cfg
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        cfg.problem = f"{path}: not valid TOML ({e}); using defaults. Fix or delete the file."
        return cfg
    except OSError as e:
        cfg.problem = f"{path}: cannot be read ({e.strerror}); using defaults."
        return cfg
    problems = []
    if isinstance(data.get("theme"), str):
        cfg.theme = data["theme"]
    search = data.get("search", {})
    corpus = data.get("corpus", {})
    for name, table in (("search", search), ("corpus", corpus)):
        if not isinstance(table, dict):
            problems.append(f"[{name}] must be a table")
    search = search if isinstance(search, dict) else {}
    corpus = corpus if isinstance(corpus, dict) else {}
    mode = search.get("mode", data.get("search_mode"))
    if mode is not None:
        if mode in ("auto", "exact", "fuzzy", "pinyin"):
            cfg.search_mode = mode
        else:
            problems.append(f"search mode {mode!r} is not one of auto, exact, fuzzy, pinyin")
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        cfg.keymap = {str(k): str(v) for k, v in keymap.items()}
    else:
        problems.append("[keymap] must be a table of binding id = \"keys\"")
    dirs = corpus.get("dirs", data.get("corpus_dirs", []))
    if isinstance(dirs, list):
        cfg.corpus_dirs = [Path(os.path.expanduser(str(d))) for d in dirs]
    else:
        problems.append("corpus dirs must be a list of paths")
    reader, cite = data.get("reader", {}), data.get("cite", {})
    measure = reader.get("measure") if isinstance(reader, dict) else None
    if isinstance(measure, int) and not isinstance(measure, bool) and 0 <= measure <= 500:
        cfg.measure = measure
    elif measure is not None:
        problems.append("[reader] measure must be a whole number of characters (0 = full width)")
    fmt = cite.get("format") if isinstance(cite, dict) else None
    if isinstance(fmt, str):
        cfg.cite = fmt
    elif fmt is not None:
        problems.append("[cite] format must be a string")
    if problems:
        cfg.problem = f"{path}: " + "; ".join(problems) + " (ignored)."
    return cfg
