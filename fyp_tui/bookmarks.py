"""Bookmarks and notes on sections, kept in the user data dir as JSON, written atomically.

The file is checked against a typed schema (msgspec, the corpus model's library):
a corrupt file, wrong types (``"created": "yesterday"``, a number as a plan id) or
nesting too deep is moved aside (``bookmarks.json.corrupt-<time>``) with one
message naming the file and the field, never silently overwritten, so the user's
notes can still be recovered by hand.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import msgspec

from .config import data_dir
from .fsutil import atomic_write_text, read_regular

BOOKMARKS_LIMIT = 64 << 20  # notes are text: far below this


class BookmarkError(Exception):
    """Bookmarks could not be saved; the message names the file."""


@dataclass
class Bookmark:
    plan: str
    section: str
    title: str = ""
    note: str = ""
    created: float = 0.0

    @property
    def ref(self) -> str:
        return f"{self.plan}#{self.section}"


class BookmarksFile(msgspec.Struct):
    """bookmarks.json: ``{"bookmarks": [{"plan", "section", "title", "note", "created"}, …]}``."""

    bookmarks: list[Bookmark]


class BookmarkStore:
    def __init__(self, path: Path | None = None):
        self.path = path or data_dir() / "bookmarks.json"
        self.items: list[Bookmark] = []
        self.problem = ""
        self.frozen = False  # True when a bad file could not be set aside (saving would destroy it)
        self.load()

    def load(self) -> None:
        if not self.path.exists():
            return
        try:
            data = read_regular(self.path, BOOKMARKS_LIMIT)
            self.items = msgspec.json.decode(data, type=BookmarksFile).bookmarks
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, RecursionError) as e:
            self._set_aside(_why(e))

    def _set_aside(self, why: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        names = (self.path.with_name(f"{self.path.name}.corrupt-{stamp}" + (f"-{n}" if n else "")) for n in range(1000))
        aside = next(p for p in names if not p.exists())
        try:
            os.link(self.path, aside)  # fails rather than overwrite an earlier copy set aside
            os.unlink(self.path)
        except FileExistsError:
            aside = self.path
        except OSError:  # a file system without hard links: the name was free just now
            try:
                os.replace(self.path, aside)
            except OSError:
                aside = self.path
        self.items = []
        if aside == self.path:  # could not move it: never write over it either
            self.frozen = True
            self.problem = f"{self.path}: unreadable bookmarks ({why}); left as it is, and bookmarks will not be saved."
        else:
            self.problem = f"{self.path}: unreadable bookmarks ({why}); kept as {aside}, starting empty."

    def save(self) -> None:
        """Write atomically; raises BookmarkError (with the path) when it cannot."""
        if self.frozen:
            raise BookmarkError(f"{self.path}: not saved, the unreadable file there is kept; move it away first")
        data = {"bookmarks": [asdict(b) for b in self.items]}
        try:
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        except OSError as e:
            raise BookmarkError(f"{self.path}: cannot save bookmarks ({e.strerror or e})") from None

    def find(self, plan: str, section: str) -> Bookmark | None:
        return next((b for b in self.items if b.plan == plan and b.section == section), None)

    def toggle(self, plan: str, section: str, title: str = "") -> bool:
        """Add or remove; True when the section is now bookmarked."""
        b = self.find(plan, section)
        if b:
            self.items.remove(b)
            self.save()
            return False
        self.items.append(Bookmark(plan, section, title, "", time.time()))
        self.save()
        return True

    def set_note(self, plan: str, section: str, note: str, title: str = "") -> Bookmark:
        b = self.find(plan, section)
        if b is None:
            b = Bookmark(plan, section, title, note, time.time())
            self.items.append(b)
        b.note = note
        self.save()
        return b


def _why(e: BaseException) -> str:
    if isinstance(e, msgspec.ValidationError):
        from .config import where

        return where("", e).replace("$", "")
    if isinstance(e, RecursionError):
        return "nested too deeply"
    if isinstance(e, OSError):
        return e.strerror or str(e)
    return str(e)
