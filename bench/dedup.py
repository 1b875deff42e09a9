"""Cost of near-duplicate detection as the index grows: time per stored article with 10k, 100k, 1M indexed.

    PYTHONPATH=. python bench/dedup.py [--sizes 10000,100000,1000000] [--articles 600]

Works in a database of its own, created here and dropped at the end. At each size it bulk-loads synthetic
indexed articles with binary COPY (stories, articles, MinHash signatures, 54 lookup keys and 12 paragraph
sightings per article, random values), then stores real articles (the syndication set: originals, copies,
updates) through the real store path, one transaction each, and reports wall time per stored article, the
share spent in dedup, the candidate lookup's execution time, and the index size per article.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dedup_quality import DEFAULT_CORPUS, SERVER, TEST_ARTICLES, scratch_database, store_variant  # noqa: E402
from bench.syndication import Variant, load_corpus, load_text_articles, stream  # noqa: E402
from parsers.similarity.minhash import BANDS, PERMUTATIONS  # noqa: E402
from worker import database as db  # noqa: E402
from worker.database import dedup, q  # noqa: E402

PARAGRAPH_KEYS = 12
"""Keyed paragraphs per synthetic article (the dev corpus median is 11)."""
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" * 2
_CHUNK = 1_000_000


def _binary_rows(columns: list[tuple[str, np.ndarray]]) -> bytes:
    """PostgreSQL binary COPY rows for int64, int32 or fixed-size bytea columns."""
    fields: list[tuple[str, Any]] = [("count", ">i2")]
    for i, (kind, column) in enumerate(columns):
        width = column.dtype.itemsize
        fields += [(f"len{i}", ">i4"), (f"val{i}", {"int8": ">i8", "int4": ">i4"}.get(kind, f"V{width}"))]
    rows = np.empty(len(columns[0][1]), dtype=fields)
    rows["count"] = len(columns)
    for i, (_kind, column) in enumerate(columns):
        rows[f"len{i}"] = column.dtype.itemsize
        rows[f"val{i}"] = column
    return rows.tobytes()


def _copy_binary(conn: db.Connection, statement: str, chunks: Iterator[bytes]) -> None:
    with conn.cursor().copy(statement) as copy:
        copy.write(_COPY_HEADER)
        for chunk in chunks:
            copy.write(chunk)
        copy.write(b"\xff\xff")


def _copy_text(conn: db.Connection, statement: str, lines: Iterator[str]) -> None:
    with conn.cursor().copy(statement) as copy:
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) >= 100_000:
                copy.write("".join(batch))
                batch.clear()
        copy.write("".join(batch))


def load_synthetic(conn: db.Connection, first: int, count: int, rng: np.random.Generator) -> None:
    """Articles ``first`` .. ``first + count - 1``, each its own story, with random fingerprints and keys."""
    ids = np.arange(first, first + count, dtype=np.int64)
    _copy_text(
        conn,
        "COPY stories (id, first_article_id, headline, article_count) FROM STDIN",
        (f"{i}\t{i}\tsynthetic {i}\t1\n" for i in range(first, first + count)),
    )
    _copy_text(
        conn,
        "COPY articles (id, story_id, url, canonical_url, body, content_hash) FROM STDIN",
        (
            f"{i}\t{i}\thttps://s.example/{i}\thttps://s.example/{i}\t\tsynthetic-{i}\n"
            for i in range(first, first + count)
        ),
    )
    signatures = rng.integers(0, 2**32, size=(count, PERMUTATIONS), dtype=np.uint32).view(f"V{4 * PERMUTATIONS}")
    _copy_binary(
        conn,
        "COPY article_fingerprints (article_id, signature, shingle_count) FROM STDIN (FORMAT binary)",
        iter(
            [
                _binary_rows(
                    [("int8", ids), ("bytea", signatures.ravel()), ("int4", np.full(count, 300, dtype=np.int32))]
                )
            ]
        ),
    )
    keys_per_article = BANDS + PARAGRAPH_KEYS
    _copy_binary(
        conn,
        "COPY dedup_keys (key, article_id) FROM STDIN (FORMAT binary)",
        (
            _binary_rows(
                [
                    ("int8", rng.integers(-(2**63), 2**63 - 1, size=len(part) * keys_per_article)),
                    ("int8", np.repeat(part, keys_per_article)),
                ]
            )
            for part in np.array_split(ids, max(1, count * keys_per_article // _CHUNK))
        ),
    )
    _copy_binary(
        conn,
        "COPY paragraph_sightings (paragraph_key, story_id) FROM STDIN (FORMAT binary)",
        (
            _binary_rows(
                [
                    ("int8", rng.integers(-(2**63), 2**63 - 1, size=len(part) * PARAGRAPH_KEYS)),
                    ("int8", np.repeat(part, PARAGRAPH_KEYS)),
                ]
            )
            for part in np.array_split(ids, max(1, count * PARAGRAPH_KEYS // _CHUNK))
        ),
    )


def grow_index(url: str, first: int, count: int, rng: np.random.Generator) -> None:
    """Bulk-load ``count`` synthetic articles: keys' primary key dropped during the load, rebuilt after."""
    with db.connect(url) as conn:
        conn.execute("SET maintenance_work_mem = '2GB'")
        conn.execute("SET session_replication_role = replica")  # no notify trigger, no FK checks on the load
        conn.execute("ALTER TABLE dedup_keys DROP CONSTRAINT dedup_keys_pkey")
        conn.execute("ALTER TABLE paragraph_sightings DROP CONSTRAINT paragraph_sightings_pkey")
        conn.execute("DROP INDEX paragraph_sightings_story_idx")
        load_synthetic(conn, first, count, rng)
        conn.execute("ALTER TABLE dedup_keys ADD PRIMARY KEY (key, article_id)")
        conn.execute("ALTER TABLE paragraph_sightings ADD PRIMARY KEY (paragraph_key, story_id)")
        conn.execute("CREATE INDEX paragraph_sightings_story_idx ON paragraph_sightings (story_id)")
        for sequence, table in (("stories_id_seq", "stories"), ("articles_id_seq", "articles")):
            conn.execute(f"SELECT setval('{sequence}', (SELECT max(id) FROM {table}))")
    with db.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _timed(function: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    @wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    return timed


def measure(url: str, variants: list[Variant]) -> dict[str, float]:
    """Store the real variants, one transaction each; then remove them again (the next size starts clean)."""
    spent_in_dedup: list[float] = []
    originals = dedup.match_story, dedup.index_article
    dedup.match_story = _timed(dedup.match_story, spent_in_dedup)  # type: ignore[assignment]
    dedup.index_article = _timed(dedup.index_article, spent_in_dedup)  # type: ignore[assignment]
    per_article = []
    try:
        with db.connect(url, autocommit=True) as conn:
            mark = conn.execute(
                "SELECT now() AS t, (SELECT max(id) FROM articles) AS a, (SELECT max(id) FROM stories) AS s, "
                "pg_current_wal_lsn() AS wal"
            ).fetchone()
            for variant in variants:
                started = time.perf_counter()
                with conn.transaction():
                    store_variant(conn, variant, datetime.now(UTC))
                per_article.append(time.perf_counter() - started)
            wal = conn.execute("SELECT pg_current_wal_lsn() - %s::pg_lsn AS b", (mark["wal"],)).fetchone()
            lookup = candidate_lookup_ms(conn)
            remove_stored(conn, mark)
    finally:
        dedup.match_story, dedup.index_article = originals
    return {
        "mean_ms": 1000 * statistics.fmean(per_article),
        "median_ms": 1000 * statistics.median(per_article),
        "p95_ms": 1000 * statistics.quantiles(per_article, n=20)[-1],
        "dedup_ms": 1000 * sum(spent_in_dedup) / len(per_article),
        "lookup_ms": lookup,
        "wal_kb": float(wal["b"]) / 1024 / len(per_article),
    }


def candidate_lookup_ms(conn: db.Connection) -> float:
    """Execution time of the candidate lookup (54 keys of a stored article), as PostgreSQL reports it."""
    row = conn.execute(
        "SELECT article_id FROM dedup_keys WHERE indexed_at > now() - interval '1 hour' "
        "GROUP BY article_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    keys = [r["key"] for r in conn.execute("SELECT key FROM dedup_keys WHERE article_id = %s", (row["article_id"],))]
    sql = q("dedup_candidates").replace("%(keys)s", "%s").replace("%(limit)s", "%s")
    times = []
    for _ in range(20):
        plan = conn.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", (keys, 200)).fetchone()
        times.append(float(plan["QUERY PLAN"][0]["Execution Time"]))
    return statistics.median(times)


def remove_stored(conn: db.Connection, mark: dict[str, Any]) -> None:
    conn.execute("DELETE FROM dedup_keys WHERE indexed_at >= %s", (mark["t"],))
    conn.execute("DELETE FROM articles WHERE id > %s", (mark["a"],))
    conn.execute("DELETE FROM stories WHERE id > %s", (mark["s"],))


def index_bytes_per_article(conn: db.Connection) -> dict[str, float]:
    row = conn.execute("""
        SELECT (SELECT count(*) FROM article_fingerprints) AS articles,
               pg_total_relation_size('dedup_keys') AS keys,
               pg_indexes_size('dedup_keys') AS keys_index,
               pg_total_relation_size('article_fingerprints') AS fingerprints,
               pg_total_relation_size('paragraph_sightings') AS sightings""").fetchone()
    n = max(1, int(row["articles"]))
    return {name: int(row[name]) / n for name in ("keys", "keys_index", "fingerprints", "sightings")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--articles", type=int, default=600, help="real articles stored at each size")
    parser.add_argument("--server", default=SERVER)
    args = parser.parse_args()
    stories = load_text_articles(TEST_ARTICLES) + (load_corpus(DEFAULT_CORPUS) if DEFAULT_CORPUS.is_dir() else [])
    variants = stream(stories)[: args.articles]
    rng = np.random.default_rng(5)
    print(
        f"{len(variants)} real articles stored at each size; {BANDS} band keys + {PARAGRAPH_KEYS} paragraph "
        "keys per synthetic article"
    )
    print(
        "indexed    load_s  mean_ms  median_ms  p95_ms  dedup_ms  lookup_ms  keys_B/art  index_B/art  all_B/art"
        "  wal_KB/art"
    )
    with scratch_database(args.server) as url:
        indexed = 0
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            grow_index(url, indexed + 1, size - indexed, rng)
            loaded = time.perf_counter() - started
            indexed = size
            cost = measure(url, variants)
            with db.connect(url) as conn:
                sizes = index_bytes_per_article(conn)
            total = sizes["keys"] + sizes["fingerprints"] + sizes["sightings"]
            print(
                f"{size:>9,} {loaded:>8.1f} {cost['mean_ms']:>8.2f} {cost['median_ms']:>10.2f} "
                f"{cost['p95_ms']:>7.2f} {cost['dedup_ms']:>9.2f} {cost['lookup_ms']:>10.3f} "
                f"{sizes['keys']:>11.0f} {sizes['keys_index']:>12.0f} {total:>10.0f} {cost['wal_kb']:>11.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
