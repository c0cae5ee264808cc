"""The corpus in OpenSearch / Elasticsearch bulk format, with a CJK n-gram mapping.

For teams that outgrow one machine: the same units fyp searches (a section
heading, a paragraph, a 专栏 entry, a table row or note) become one document each,
and the index mapping gives the engine what fyp's tiers use:

- ``text``: the unit's search key (white space removed, ASCII lower-cased, quotation
  marks folded to one form, as fyp searches it; a query is keyed the same way before
  it is sent), analysed into character 1- and 2-grams (``fyp_cjk_ngram``); an
  exact phrase is a ``match_phrase`` on it, the exact tier. ``display`` is the unit
  as shown (stored, not searched). Traditional input is converted to
  Simplified before the query is sent, as fyp does.
- ``text.fuzzy``: the same n-grams with ``minimum_should_match`` for the typo tier,
  and ``match_phrase`` with ``slop`` for the split tier (楼宇和总部经济).
- ``pinyin`` (toneless syllables, one token a character) and ``initials`` (one
  letter a character) from the readings fyp stores with its index: the homophone
  tier is a ``match_phrase`` on ``pinyin`` of the query's readings, the pinyin tier
  one on ``pinyin`` or ``initials``.
- ``plan``, ``section``, ``province``, ``city``, ``level``, ``kind``: keyword fields
  for the filters; ``block`` / ``item`` address the unit as fyp's hits do.

``bulk_lines`` yields the NDJSON lines of ``_bulk`` (an action line, then the
document); ``mapping`` is the body of the index-creation request.
"""

from __future__ import annotations

from typing import Iterator

import msgspec

from .index import SearchIndex
from .units import key, plan_units

MAPPING = {
    "settings": {
        "analysis": {
            "tokenizer": {
                "fyp_cjk_ngram": {"type": "ngram", "min_gram": 1, "max_gram": 2,
                                  "token_chars": ["letter", "digit", "punctuation", "symbol"]},
            },
            "analyzer": {
                "fyp_cjk": {"type": "custom", "tokenizer": "fyp_cjk_ngram", "filter": ["lowercase"]},
                "fyp_syllables": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            },
        },
        "index": {"max_ngram_diff": 1},
    },
    "mappings": {
        "properties": {
            "text": {"type": "text", "analyzer": "fyp_cjk", "fields": {"fuzzy": {"type": "text", "analyzer": "fyp_cjk"}}},
            "display": {"type": "text", "index": False},
            "pinyin": {"type": "text", "analyzer": "fyp_syllables"},
            "initials": {"type": "text", "analyzer": "fyp_syllables"},
            "plan": {"type": "keyword"}, "section": {"type": "keyword"},
            "block": {"type": "integer"}, "item": {"type": "integer"},
            "province": {"type": "keyword"}, "city": {"type": "keyword"},
            "level": {"type": "keyword"}, "kind": {"type": "keyword"}, "place": {"type": "keyword"},
        },
    },
}


def mapping() -> dict:
    return MAPPING


def bulk_lines(index: SearchIndex, plans, name: str = "fyp-plans") -> Iterator[bytes]:
    """``_bulk`` NDJSON lines for every unit of ``plans`` (a ``{id: Plan}`` mapping),
    readings from ``index`` (no pypinyin)."""
    readings = index.readings
    enc = msgspec.json.encode
    for pid in plans:
        plan = plans[pid]
        m = plan.meta
        for sid, block, item, shown in plan_units(plan):
            k = key(shown)
            if not k:
                continue
            syl = [readings.get(c, (c,))[0] for c in k]
            yield enc({"index": {"_index": name, "_id": f"{pid}#{sid}#{block}#{item}"}})
            yield enc({"plan": pid, "section": sid, "block": block, "item": item, "text": k, "display": shown,
                       "pinyin": " ".join(syl), "initials": " ".join(s[:1] for s in syl),
                       "province": m.province, "city": m.city, "level": m.level, "kind": m.kind,
                       "place": m.place})
