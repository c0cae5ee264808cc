"""Themes from TOML files (the bundled themes/ and the user's config dir) as Textual themes.

A theme file holds Textual's ``Theme`` fields (name, dark, primary, background …)
and an optional ``[variables]`` table, checked against a typed schema
(``ThemeFile``, msgspec): colours must parse as colours, the shares must be
numbers in [0, 1], nothing else is accepted. A broken file is skipped with one
message naming it and the field; the app goes on with the other themes.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import msgspec
from textual.color import Color, ColorParseError
from textual.theme import Theme

from ..config import config_dir

DEFAULT_THEME = "fyp-ink"
_Colour = Optional[str]  # checked with Color.parse after the schema
_Share = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]
_NAME_RE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
# Textual's text-style words: the only non-colour values a [variables] entry may hold.
_TEXT_STYLES = {"none", "bold", "dim", "italic", "underline", "underline2", "reverse", "strike", "blink",
                "not", "b", "i", "u", "s", "r"}


class ThemeFile(msgspec.Struct, forbid_unknown_fields=True):
    """A theme file's schema: colours are text that ``Color.parse`` accepts, the two
    shares are numbers in [0, 1], variables map a CSS variable name to a colour."""

    name: Optional[Annotated[str, msgspec.Meta(pattern=_NAME_RE)]] = None
    primary: _Colour = None
    secondary: _Colour = None
    warning: _Colour = None
    error: _Colour = None
    success: _Colour = None
    accent: _Colour = None
    foreground: _Colour = None
    background: _Colour = None
    surface: _Colour = None
    panel: _Colour = None
    boost: _Colour = None
    dark: bool = True
    luminosity_spread: _Share = 0.15
    text_alpha: _Share = 0.95
    variables: dict[Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9-]{0,63}$")], str] = {}


_COLOURS = [f for f in ThemeFile.__struct_fields__ if ThemeFile.__annotations__[f] == "_Colour"]


def bundled_themes_dir() -> Path:
    try:
        return Path(str(resources.files("fyp_tui.bundled_themes")))
    except ModuleNotFoundError:  # an uninstalled checkout
        return Path(__file__).resolve().parent.parent.parent / "themes"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def load_theme_file(path: Path) -> Theme:
    """A Theme from a TOML file; ``ValueError`` naming the field when it is not one.

    Only colours reach Textual's CSS: every colour field and every variable value
    must parse as a colour (or, for a variable, be text-style words), so nothing
    like ``red; } Screen { display: none`` can be injected into the stylesheet."""
    from ..config import read_toml, where

    data = read_toml(path)
    try:
        theme = msgspec.convert(data, ThemeFile)
    except msgspec.ValidationError as e:
        raise ValueError(where("", e)) from None
    name = theme.name if theme.name is not None else path.stem
    if not re.match(_NAME_RE, name):
        raise ValueError(f"name {name!r} is not usable (letters, digits, - _ . only)")
    if theme.primary is None:
        raise ValueError("a theme needs at least 'primary'")
    for key in _COLOURS:
        value = getattr(theme, key)
        if value is not None and not _is_colour(value):
            raise ValueError(f"{key} = {value!r} is not a colour")
    for key, value in theme.variables.items():
        if not (_is_colour(value) or set(value.split()) <= _TEXT_STYLES and value.strip()):
            raise ValueError(f"variables.{key} = {value!r} is not a colour")
    fields = {k: getattr(theme, k) for k in ThemeFile.__struct_fields__ if getattr(theme, k) is not None}
    return Theme(**(fields | {"name": name}))


def _is_colour(value: str) -> bool:
    try:
        Color.parse(value)
    except (ColorParseError, TypeError, ValueError):
        return False
    return True


def load_themes() -> tuple[list[Theme], list[str]]:
    themes, problems = [], []
    for folder in (bundled_themes_dir(), user_themes_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                themes.append(load_theme_file(path))
            except (OSError, ValueError) as e:
                problems.append(f"{path}: theme skipped ({e}). Fix the file or remove it.")
    return themes, problems
