"""What the app remembers between runs: the theme chosen in the app and where each
plan was left. A small JSON file in the user's data dir, written atomically; a
broken or foreign file is ignored (the app starts fresh and says so once)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..config import data_dir
from ..fsutil import atomic_write_text

MAX_PLACES = 500  # plans remembered (the oldest are forgotten first)


def state_path() -> Path:
    return data_dir() / "ui-state.json"


@dataclass
class UiState:
    path: Path | None = None
    theme: str = ""
    places: dict[str, str] = field(default_factory=dict)  # plan id → section id last read
    problem: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> UiState:
        path = path or state_path()
        st = cls(path=path)
        try:
            if not path.is_file():
                return st
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as e:
            st.problem = f"{path}: not read ({e.__class__.__name__}); starting fresh."
            return st
        if not isinstance(data, dict):
            return st
        if isinstance(data.get("theme"), str):
            st.theme = data["theme"]
        places = data.get("places")
        if isinstance(places, dict):
            st.places = {k: v for k, v in places.items() if isinstance(k, str) and isinstance(v, str)}
        return st

    def save(self) -> None:
        if self.path is None:
            return
        places = dict(list(self.places.items())[-MAX_PLACES:])
        try:
            atomic_write_text(self.path, json.dumps({"theme": self.theme, "places": places}, ensure_ascii=False))
        except OSError:
            pass  # remembering is a convenience: never an error in the user's way

    def remember(self, plan_id: str, section_id: str) -> None:
        self.places.pop(plan_id, None)  # most recent last
        self.places[plan_id] = section_id
