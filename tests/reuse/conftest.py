"""Reuse fixtures: hand-made plan-shaped plans whose shared passages are known."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "align"))
