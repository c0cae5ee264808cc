"""The wheel carries every package, the bundled corpus and the themes."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "fyp_tui").rglob("__init__.py")
    }
    assert found <= listed, f"missing from pyproject packages: {sorted(found - listed)}"
    assert {"fyp_tui.bundled", "fyp_tui.bundled_themes"} <= listed


def test_bundled_data_is_declared():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    assert set(data["fyp_tui.bundled"]) == {"raw/*.txt", "raw/*.pdf", "raw/*.html", "raw/*.docx", "plans/*.toml",
                                            "parsed/*.json"}
    assert "ui/*.tcss" in data["fyp_tui"]
    assert Path(REPO / "fyp_tui" / "ui" / "app.tcss").exists()
