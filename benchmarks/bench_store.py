"""The index store, chosen by measurement: fyp's own store vs SQLite FTS5 vs tantivy.

    python benchmarks/bench_store.py --corpus DIR [--plans 100]

On the first ``--plans`` plans of a corpus directory, each candidate indexes the
same units (paragraphs, box entries, table rows…, white space removed) and answers
the exact tier's question: per-plan occurrence counts of a term, plus the units
holding it. Reported per candidate: build time, size on disk, a fresh open, and the
median query time over a fixed list of terms (two-character terms included: a
trigram index cannot answer them from its index alone).

- fyp store: UTF-8 text + bigram/character posting lists packed as 8-bit, 16-bit steps
  or 32-bit ids (``fyp_tui.search.packed``), memory-mapped (``fyp_tui.search.store``),
  built in segments (``builder``), counted with ``bytes.count`` on the candidate units;
- SQLite FTS5 with the ``trigram`` tokenizer, plus a (gram, unit) table for
  two-character terms; occurrences counted with ``instr`` in SQL over the matches;
- tantivy (if installed) with a 2-gram tokenizer, a phrase query, occurrences
  counted in the stored text of the matching documents.

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from fyp_tui.corpus import load_corpus  # noqa: E402
from fyp_tui.search import SearchIndex, search  # noqa: E402
from fyp_tui.search.builder import build_into  # noqa: E402
from fyp_tui.search.cache import attach  # noqa: E402

TERMS = ["楼宇经济", "高质量发展", "数字经济", "营商环境", "乡村振兴", "总部经济", "碳达峰", "量子纠缠", "发展", "楼宇"]


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def med(fn, runs: int = 5) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--plans", type=int, default=100)
    args = ap.parse_args(argv)
    corpus = load_corpus(extra=[args.corpus], include_user=False)
    ids = [pid for pid in corpus.plans][: args.plans]
    plans = [corpus.plans[pid] for pid in ids]
    tmp = Path(tempfile.mkdtemp(prefix="fyp-store-"))
    rows = []

    t = time.perf_counter()
    build_into(tmp / "fyp", plans)  # what `get_index` does: segments, merged into the store
    build = time.perf_counter() - t
    ix = SearchIndex.load(tmp / "fyp")
    units = [(ix.plan_at(u), ix.unit_key(u)) for u in range(ix.n_units)]
    text_bytes = sum(len(k.encode()) for _, k in units)
    t = time.perf_counter()
    loaded = SearchIndex.load(tmp / "fyp")
    opened = time.perf_counter() - t
    attach(loaded, plans)
    q = statistics.median(med(lambda w=w: search(loaded, w, mode="exact", limit=0)) for w in TERMS)
    rows.append(("fyp store", build, size(tmp / "fyp"), opened, q))
    expect = {w: search(loaded, w, mode="exact").counts for w in TERMS}

    t = time.perf_counter()
    db = sqlite3.connect(tmp / "fts.db")
    db.execute("CREATE TABLE units(id INTEGER PRIMARY KEY, plan INTEGER, text TEXT)")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(text, content='units', content_rowid='id', tokenize='trigram')")
    db.execute("CREATE TABLE grams(gram TEXT, unit INTEGER, PRIMARY KEY(gram, unit)) WITHOUT ROWID")
    db.executemany("INSERT INTO units VALUES (?, ?, ?)", ((i, p, k) for i, (p, k) in enumerate(units)))
    db.execute("INSERT INTO fts(rowid, text) SELECT id, text FROM units")
    db.executemany("INSERT OR IGNORE INTO grams VALUES (?, ?)",
                   ((k[j : j + 2], i) for i, (_, k) in enumerate(units) for j in range(len(k) - 1)))
    db.commit()
    db.close()
    build = time.perf_counter() - t
    t = time.perf_counter()
    db = sqlite3.connect(tmp / "fts.db")
    db.execute("SELECT count(*) FROM units WHERE id = 0").fetchall()
    opened = time.perf_counter() - t

    def fts(w: str) -> dict[str, int]:
        if len(w) >= 3:
            sql = ("SELECT u.plan, sum((length(u.text) - length(replace(u.text, ?1, ''))) / length(?1)) "
                   "FROM fts JOIN units u ON u.id = fts.rowid WHERE fts MATCH ?2 GROUP BY u.plan")
            got = db.execute(sql, (w, '"' + w + '"')).fetchall()
        else:
            sql = ("SELECT u.plan, sum((length(u.text) - length(replace(u.text, ?1, ''))) / length(?1)) "
                   "FROM grams g JOIN units u ON u.id = g.unit WHERE g.gram = ?1 GROUP BY u.plan")
            got = db.execute(sql, (w,)).fetchall()
        return {ids[p]: n for p, n in got if n}

    assert all(fts(w) == expect[w] for w in TERMS), "SQLite counts differ"
    q = statistics.median(med(lambda w=w: fts(w)) for w in TERMS)
    rows.append(("SQLite FTS5 trigram + bigram table", build, size(tmp) - size(tmp / "fyp"), opened, q))

    try:
        import tantivy
    except ImportError:
        tantivy = None
    if tantivy is not None:
        t = time.perf_counter()
        sb = tantivy.SchemaBuilder()
        sb.add_integer_field("plan", stored=True, indexed=True)
        sb.add_text_field("text", stored=True, tokenizer_name="bigram", index_option="position")
        schema = sb.build()
        (tmp / "tantivy").mkdir()
        index = tantivy.Index(schema, path=str(tmp / "tantivy"))
        index.register_tokenizer("bigram", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False)).build())
        w = index.writer(heap_size=200_000_000, num_threads=1)
        for p, k in units:
            w.add_document(tantivy.Document(plan=p, text=k))
        w.commit()
        w.wait_merging_threads()
        build = time.perf_counter() - t
        t = time.perf_counter()
        index = tantivy.Index.open(str(tmp / "tantivy"))
        index.register_tokenizer("bigram", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False)).build())
        searcher = index.searcher()
        opened = time.perf_counter() - t

        def tv(w: str) -> dict[str, int]:
            # The query parser gives the phrase's bigrams the positions the ngram
            # tokenizer gives them (Query.phrase_query would number them 0, 1, 2…).
            query = index.parse_query(f'"{w}"', ["text"])
            res = searcher.search(query, limit=1_000_000)
            out: dict[str, int] = {}
            for _, addr in res.hits:
                doc = searcher.doc(addr)
                out[ids[doc["plan"][0]]] = out.get(ids[doc["plan"][0]], 0) + doc["text"][0].count(w)
            return {k: v for k, v in out.items() if v}

        ok = all(tv(w) == expect[w] for w in TERMS)
        q = statistics.median(med(lambda w=w: tv(w)) for w in TERMS)
        rows.append((f"tantivy 2-gram{'' if ok else ' (counts differ)'}", build, size(tmp / "tantivy"), opened, q))

    print(f"{len(plans)} plans, {len(units):,} units, text {text_bytes / 1e6:.1f} MB UTF-8")
    print(f"{'store':<36} {'build s':>8} {'disk MB':>8} {'× text':>7} {'open ms':>8} {'query ms (median)':>18}")
    for name, b, d, o, qq in rows:
        print(f"{name:<36} {b:8.1f} {d / 1e6:8.1f} {d / text_bytes:7.2f} {o * 1000:8.1f} {qq * 1000:18.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
