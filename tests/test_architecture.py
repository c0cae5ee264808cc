"""Headless core, thin UI: nothing outside fyp_tui.ui (and the app launcher) imports Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import fyp_tui

UI_MODULES = ("fyp_tui.ui", "fyp_tui.cli.app")


def core_modules() -> list[str]:
    names = []
    for m in pkgutil.walk_packages(fyp_tui.__path__, "fyp_tui."):
        if m.name.startswith(UI_MODULES) or m.name == "fyp_tui.__main__":
            continue
        names.append(m.name)
    return names


def test_core_never_imports_textual():
    mods = core_modules()
    assert "fyp_tui.ingest.structure" in mods and "fyp_tui.cli" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(k for k in sys.modules if k == 'textual' or k.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, f"core modules pulled in Textual: {r.stdout}{r.stderr}"
