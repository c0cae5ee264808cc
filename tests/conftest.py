"""Shared fixtures: the developer's own config and data never leak into tests."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before any test module imports fyp_tui, so nothing reads the real user dirs.
_HOME = Path(tempfile.mkdtemp(prefix="fyp-test-home-"))
os.environ["FYP_CONFIG_DIR"] = str(_HOME / "config")
os.environ["FYP_DATA_DIR"] = str(_HOME / "data")
os.environ["FYP_CACHE_DIR"] = str(_HOME / "cache")

REPO = Path(__file__).resolve().parent.parent
SEEDS = ["xuzhou-gulou", "lianyungang-haizhou", "xuzhou", "zhenjiang-jingkou", "fuzhou-gulou"]
# The real plans of ../shared/realworld beside this checkout (or beside its parent, for
# a clone in a subdirectory); None when absent: tests that read them skip.
REALWORLD = next((d for d in (REPO.parent / "shared" / "realworld", REPO.parent.parent / "shared" / "realworld")
                  if d.is_dir()), None)


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    """Fresh, empty user config/data/cache dirs for one test."""
    for name in ("CONFIG", "DATA", "CACHE"):
        d = tmp_path / name.lower()
        monkeypatch.setenv(f"FYP_{name}_DIR", str(d))
    return tmp_path


@pytest.fixture(scope="session")
def corpus():
    from fyp_tui.corpus import load_corpus

    return load_corpus(include_user=False, strict=True)
