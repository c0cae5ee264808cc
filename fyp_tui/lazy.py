"""Package namespaces whose names are imported on first use (PEP 562).

``fyp`` builds its parser, and the app draws its first frame, without importing the
engines (pypinyin's tables, numpy, the PDF readers): a package lists where each of
its public names lives, and ``lazy_names`` gives it the module ``__getattr__``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``name`` is imported from the submodule
    ``where[name]`` the first time it is asked for, then kept in the namespace."""

    def getattr_(name: str) -> Any:
        try:
            module = where[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f".{module}", package), name)
        vars(importlib.import_module(package))[name] = value
        return value

    return getattr_
