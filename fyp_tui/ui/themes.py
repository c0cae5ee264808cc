"""Themes from TOML files (the bundled themes/ and the user's config dir) as Textual themes.

A theme file holds Textual's ``Theme`` fields (name, dark, primary, background …)
and an optional ``[variables]`` table. A broken file is skipped with a message.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from ..config import config_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_THEME = "fyp-ink"
_COLOURS = {"primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
            "surface", "panel", "boost"}
_FIELDS = {"name", "primary", "secondary", "warning", "error", "success", "accent", "foreground", "background",
           "surface", "panel", "boost", "dark", "luminosity_spread", "text_alpha", "variables"}


def bundled_themes_dir() -> Path:
    try:
        return Path(str(resources.files("fyp_tui.bundled_themes")))
    except ModuleNotFoundError:  # an uninstalled checkout
        return Path(__file__).resolve().parent.parent.parent / "themes"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def load_theme_file(path: Path) -> Theme:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    unknown = set(data) - _FIELDS
    if unknown:
        raise ValueError(f"unknown keys {', '.join(sorted(unknown))}")
    data.setdefault("name", path.stem)
    if "primary" not in data:
        raise ValueError("a theme needs at least 'primary'")
    for key in _COLOURS & set(data):
        try:
            Color.parse(data[key])
        except (ColorParseError, TypeError):
            raise ValueError(f"{key} = {data[key]!r} is not a colour") from None
    return Theme(**data)


def load_themes() -> tuple[list[Theme], list[str]]:
    themes, problems = [], []
    for folder in (bundled_themes_dir(), user_themes_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                themes.append(load_theme_file(path))
            except (OSError, ValueError, TypeError, tomllib.TOMLDecodeError) as e:
                problems.append(f"{path}: theme skipped ({e}). Fix the file or remove it.")
    return themes, problems
