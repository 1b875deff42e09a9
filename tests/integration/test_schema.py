from __future__ import annotations

import pytest

from worker import database as db


def test_schema_applies_twice_and_records_its_version(database):
    assert db.apply_schema(database) == db.apply_schema(database) >= 1


def test_a_schema_the_server_refuses_is_a_database_error_and_changes_nothing(database, conn, tmp_path):
    broken = tmp_path / "schema.sql"
    broken.write_text("CREATE TABLE half_applied (x int);\nCREATE TABLE refused (x no_such_type);\n")
    with pytest.raises(db.DatabaseError, match="no_such_type"):
        db.apply_schema(database, broken)
    assert conn.execute("SELECT to_regclass('half_applied') AS t").fetchone()["t"] is None


def test_every_table_view_and_column_is_commented(conn):
    missing = conn.execute("""
        SELECT n.nspname, c.relname AS table_name, a.attname AS column_name
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname IN ('public', 'wirefeed_v1')
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p', 'v') AND col_description(c.oid, a.attnum) IS NULL
        UNION ALL
        SELECT n.nspname, c.relname, NULL FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname IN ('public', 'wirefeed_v1')
        WHERE c.relkind IN ('r', 'p', 'v') AND obj_description(c.oid, 'pg_class') IS NULL
    """).fetchall()
    assert missing == []
    views = conn.execute("SELECT count(*) AS n FROM pg_views WHERE schemaname = 'wirefeed_v1'").fetchone()
    assert views["n"] == 7


def test_consumer_contract_columns_exist(conn):
    rows = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
    ).fetchall()
    have = {(r["table_name"], r["column_name"]) for r in rows}
    contract = {
        "sources": ["id", "name", "feed_url"],
        "stories": ["id"],
        "articles": [
            "id",
            "story_id",
            "source_id",
            "url",
            "canonical_url",
            "headline",
            "dateline_text",
            "dateline_city",
            "dateline_country",
            "dateline_agency",
            "byline",
            "authors",
            "body",
            "published_at",
            "version",
        ],
        "article_versions": ["article_id", "version"],
        "photos": ["article_id", "position", "url", "caption", "credit"],
        "pages": ["body_gzip", "status", "fetched_at", "parse_status", "parse_error"],
    }
    wanted = {(table, column) for table, columns in contract.items() for column in columns}
    assert wanted - have == set()


def test_named_sql_blocks_are_unique_and_non_empty():
    blocks = db.queries()
    assert "insert_article" in blocks
    assert all(body.strip() for body in blocks.values())
