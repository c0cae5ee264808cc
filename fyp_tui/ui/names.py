"""Plan names for the screens, read from the corpus manifest (``Corpus.meta``).

A name needs only a plan's metadata. Reading it as ``corpus.plans[pid].meta`` decodes
the whole plan, and doing that for every plan (a filter list, the palette, the compare
picker) decoded 10,000 plans — 30 s with the app frozen and 4.5 GB — before a screen
opened. These read the manifest and return terminal-safe strings.
"""

from __future__ import annotations

from ..corpus import Corpus
from .text import safe


def place(corpus: Corpus, pid: str) -> str:
    """福州鼓楼区, or the plan id when the place is unknown."""
    return safe(corpus.meta(pid).place or pid, one_line=True)


def plan_name(corpus: Corpus, pid: str, sep: str = " ") -> str:
    """福州鼓楼区 纲要: the place and the kind of plan."""
    m = corpus.meta(pid)
    return safe(f"{m.place or pid}{sep}{m.kind_label}", one_line=True)


def title(corpus: Corpus, pid: str) -> str:
    return safe(corpus.meta(pid).title, one_line=True)


def provinces(corpus: Corpus) -> list[str]:
    """Every province named by a plan, in the order of their division codes."""
    from ..ingest.gazetteer import division_key

    return sorted({p for p in (corpus.meta(pid).province for pid in corpus.plans) if p}, key=division_key)
