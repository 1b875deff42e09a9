"""What the database does for each stored article (issue 14): how big values are stored, and plans that hold on a
database whose statistics say nothing (fresh, or never analysed)."""

from __future__ import annotations

import gzip
import os
from datetime import UTC, datetime

import psycopg
import pytest

from parsers import Article
from worker.database import q
from worker.database.store import save_page, store_article
from worker.network.http import Response

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _lz4_built_in(conn) -> bool:
    try:
        with conn.transaction():
            conn.execute("SET LOCAL default_toast_compression = lz4")
    except psycopg.errors.InvalidParameterValue:
        return False
    return True


def _store(conn, url: str, paragraphs: tuple[str, ...], body: bytes) -> int:
    response = Response(url=url, final_url=url, status=200, headers={}, body=body, fetched_at=NOW)
    page = save_page(conn, source_id=None, url=url, response=response)
    article = Article(url=url, canonical_url=url, headline="A long story", paragraphs=paragraphs)
    return store_article(conn, url=url, source_id=None, article=article, page_id=page, fetched_at=NOW).article_id


def test_a_raw_page_is_kept_as_gzipped_and_the_article_text_compressed_once_with_lz4(conn):
    # A page gzip cannot shrink (random bytes) and a text long enough to be compressed (several kB).
    page = os.urandom(30_000)
    paragraphs = tuple(f"Paragraph {i} of the long story, with words that repeat across paragraphs." for i in range(80))
    article_id = _store(conn, "http://x.test/long", paragraphs, page)
    row = conn.execute(
        "SELECT pg_column_compression(p.body_gzip) AS page, octet_length(p.body_gzip) AS page_bytes,"
        "       pg_column_size(p.body_gzip) AS page_stored, p.body_gzip,"
        "       pg_column_compression(a.body) AS article, pg_column_compression(v.body) AS version"
        " FROM articles a JOIN pages p ON p.id = a.page_id JOIN article_versions v ON v.article_id = a.id"
        " WHERE a.id = %s",
        (article_id,),
    ).fetchone()
    assert gzip.decompress(row["body_gzip"]) == page
    assert row["page"] is None  # stored out of line as it came: no second compression tried
    assert row["page_stored"] == row["page_bytes"]
    expected = "lz4" if _lz4_built_in(conn) else "pglz"
    assert (row["article"], row["version"]) == (expected, expected)


def test_db_init_leaves_the_storage_settings_as_they_are(database, conn):
    from worker import database as db

    def settings() -> list[tuple[str, str, str]]:
        return [
            (r["attname"], r["attstorage"], r["attcompression"])
            for r in conn.execute(
                "SELECT attrelid::regclass::text || '.' || attname AS attname, attstorage, attcompression::text"
                " FROM pg_attribute WHERE attname IN ('body', 'body_gzip')"
                "   AND attrelid IN ('pages'::regclass, 'listing_fetches'::regclass, 'articles'::regclass,"
                "                    'article_versions'::regclass)"
                " ORDER BY 1"
            )
        ]

    before = settings()
    db.apply_schema(database)
    assert settings() == before
    assert [s[:2] for s in before] == [
        ("article_versions.body", "x"),
        ("articles.body", "x"),
        ("listing_fetches.body_gzip", "e"),
        ("pages.body_gzip", "e"),
    ]


@pytest.mark.parametrize(
    ("block", "params", "indexes"),
    [
        (
            "labels_site_lines",
            {"sites": ["a.example", "b.example"], "keys": [11, 12], "stories": [1]},
            ("dedup_keys_pkey", "articles_pkey"),
        ),
        ("dedup_candidates", {"keys": [11, 12, 13], "limit": 200}, ("dedup_keys_pkey", "articles_pkey")),
        ("labels_members", {"stories": [1, 2]}, ("articles_story_idx",)),
        ("dedup_hold_story", {"ids": [1]}, ("stories_pkey",)),
    ],
)
def test_the_store_lookups_probe_indexes_even_when_the_tables_look_empty(conn, block, params, indexes):
    """The tables emptied (TRUNCATE: no size, no statistics), as on a fresh database, where a plan is first cached:
    each key, story and article is looked up by its index, never by reading a whole table (which, once cached,
    every later store would do, however big the table grew)."""
    plan = "\n".join(row["QUERY PLAN"] for row in conn.execute("EXPLAIN " + q(block), params))
    assert "Seq Scan" not in plan, plan
    assert all(index in plan for index in indexes), plan


@pytest.mark.parametrize(
    ("block", "params"),
    [
        ("labels_site_lines", {"sites": ["a.example"], "keys": [11], "stories": [1]}),
        ("labels_members", {"stories": [1]}),
        ("dedup_hold_story", {"ids": [1]}),
    ],
)
def test_the_store_keeps_the_generic_plans_of_its_prepared_statements(conn, block, params):
    """Prepared (as psycopg does after five runs), each is planned for its first five runs and then runs the plan it
    keeps, instead of being planned again on every store."""
    for _ in range(10):
        conn.execute(q(block), params, prepare=True).fetchall()
    row = conn.execute(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE starts_with(statement, %s)",
        (q(block).split("\n", 1)[0],),
    ).fetchone()
    assert (row["custom_plans"], row["generic_plans"]) == (5, 5)
