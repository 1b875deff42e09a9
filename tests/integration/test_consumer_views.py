"""The consumer interface: the views of schema wirefeed_v1 and the read-only role wirefeed_reader."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import errors

from tests.integration.private_services import private_postgres, requires_servers
from worker import database as db
from worker.runtime.cli import main
from worker.runtime.settings import get_settings

# The v1 contract, column by column: editing this table means breaking every consumer; make a wirefeed_v2.
V1 = {
    "changes": [
        ("id", "bigint"),
        ("kind", "text"),
        ("article_id", "bigint"),
        ("story_id", "bigint"),
        ("previous_story_id", "bigint"),
        ("version", "integer"),
        ("relation", "text"),
        ("previous_relation", "text"),
        ("source_id", "bigint"),
        ("url", "text"),
        ("headline", "text"),
        ("committed_at", "timestamp with time zone"),
    ],
    "changes_pruned": [
        ("through_id", "bigint"),
        ("pruned_at", "timestamp with time zone"),
    ],
    "sources": [
        ("id", "bigint"),
        ("name", "text"),
        ("feed_url", "text"),
        ("kind", "text"),
        ("enabled", "boolean"),
        ("created_at", "timestamp with time zone"),
    ],
    "stories": [
        ("id", "bigint"),
        ("original_article_id", "bigint"),
        ("headline", "text"),
        ("agency", "text"),
        ("article_count", "integer"),
        ("first_seen_at", "timestamp with time zone"),
        ("last_seen_at", "timestamp with time zone"),
    ],
    "articles": [
        ("id", "bigint"),
        ("story_id", "bigint"),
        ("relation", "text"),
        ("version", "integer"),
        ("source_id", "bigint"),
        ("url", "text"),
        ("canonical_url", "text"),
        ("site", "text"),
        ("headline", "text"),
        ("dateline_text", "text"),
        ("dateline_city", "text"),
        ("dateline_region", "text"),
        ("dateline_country", "text"),
        ("dateline_agency", "text"),
        ("dateline_date", "text"),
        ("byline", "text"),
        ("authors", "text[]"),
        ("body", "text"),
        ("language", "text"),
        ("agency", "text"),
        ("copyright", "text"),
        ("published_at", "timestamp with time zone"),
        ("modified_at", "timestamp with time zone"),
        ("first_seen_at", "timestamp with time zone"),
        ("updated_at", "timestamp with time zone"),
    ],
    "article_versions": [
        ("article_id", "bigint"),
        ("version", "integer"),
        ("headline", "text"),
        ("body", "text"),
        ("published_at", "timestamp with time zone"),
        ("modified_at", "timestamp with time zone"),
        ("fetched_at", "timestamp with time zone"),
    ],
    "photos": [
        ("article_id", "bigint"),
        ("position", "integer"),
        ("url", "text"),
        ("caption", "text"),
        ("credit", "text"),
    ],
}
BASE_TABLES = ("sources", "stories", "articles", "article_versions", "photos", "pages", "article_urls", "changes")


def relations(conn, schema: str) -> dict[str, str]:
    """Tables ('r') and views ('v') of ``schema`` by name, from the catalog (which any role may read)."""
    rows = conn.execute(
        "SELECT relname, relkind FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind IN ('r', 'v')",
        (schema,),
    ).fetchall()
    return {r["relname"]: r["relkind"] for r in rows}


def test_v1_holds_exactly_the_pinned_views_columns_and_types(conn):
    rows = conn.execute("""
        SELECT table_name, column_name,
               CASE data_type WHEN 'ARRAY' THEN substr(udt_name, 2) || '[]' ELSE data_type END AS type
        FROM information_schema.columns WHERE table_schema = 'wirefeed_v1'
        ORDER BY table_name, ordinal_position
    """).fetchall()
    have: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        have.setdefault(r["table_name"], []).append((r["column_name"], r["type"]))
    assert have == V1
    assert relations(conn, "wirefeed_v1") == dict.fromkeys(V1, "v")


def test_the_views_apply_again_unchanged(database, conn):
    before = conn.execute("SELECT pg_get_viewdef('wirefeed_v1.articles'::regclass) AS d").fetchone()["d"]
    conn.commit()  # let go of the view, which the schema replaces
    db.apply_schema(database)
    assert conn.execute("SELECT pg_get_viewdef('wirefeed_v1.articles'::regclass) AS d").fetchone()["d"] == before


def test_a_change_to_a_v1_column_does_not_apply(database, conn, tmp_path):
    renamed = tmp_path / "schema.sql"
    renamed.write_text("CREATE OR REPLACE VIEW wirefeed_v1.photos AS SELECT article_id, position AS rank FROM photos;")
    with pytest.raises(db.DatabaseError, match="cannot"):
        db.apply_schema(database, renamed)


def test_the_site_is_the_host_of_the_canonical_url(conn):
    conn.execute(
        "INSERT INTO stories (id) VALUES (1);"
        "INSERT INTO articles (story_id, url, canonical_url, content_hash)"
        " VALUES (1, 'https://WWW.Afp.example:8443/en/a?x=1', 'https://WWW.Afp.example:8443/en/a?x=1', 'h')"
    )
    assert conn.execute("SELECT site FROM wirefeed_v1.articles").fetchone()["site"] == "www.afp.example"


@pytest.fixture
def reader(conn):
    """The session's connection acting as wirefeed_reader, each statement in a savepoint of its own."""
    conn.execute("SET ROLE wirefeed_reader")
    yield conn
    conn.rollback()


def refused(conn, statement: str) -> bool:
    try:
        with conn.transaction():
            conn.execute(statement)
    except (errors.InsufficientPrivilege, errors.ObjectNotInPrerequisiteState):  # no right; a view no one writes
        return True
    return False


def test_the_reader_role_has_no_login_and_selects_every_view(reader):
    assert reader.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = current_user").fetchone() == {
        "rolcanlogin": False
    }
    for view in V1:
        assert reader.execute(f"SELECT count(*) AS n FROM wirefeed_v1.{view}").fetchone()["n"] >= 0


def test_the_reader_role_cannot_read_the_tables(reader):
    tables = relations(reader, "public")
    assert set(BASE_TABLES) <= set(tables)
    assert [t for t in tables if not refused(reader, f"SELECT * FROM public.{t} LIMIT 1")] == []


def writes(conn, relation: str) -> list[str]:
    """An INSERT, an UPDATE and a DELETE of ``relation``, and a TRUNCATE when it is a table."""
    first = conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum = 1", (relation,))
    column = first.fetchone()["attname"]
    statements = [
        f"INSERT INTO {relation} DEFAULT VALUES",
        f"UPDATE {relation} SET {column} = NULL",
        f"DELETE FROM {relation}",
    ]
    return statements if relation.startswith("wirefeed_v1.") else [*statements, f"TRUNCATE {relation}"]


def test_the_reader_role_writes_nothing(reader):
    names = [f"wirefeed_v1.{v}" for v in V1] + [f"public.{t}" for t in relations(reader, "public")]
    statements = [s for name in names for s in writes(reader, name)]
    assert len(statements) > 40
    assert [s for s in statements if not refused(reader, s)] == []
    assert refused(reader, "CREATE TABLE wirefeed_v1.mine (x int)")


def test_db_init_grants_again_where_the_grants_were_taken(database, conn):
    conn.execute("REVOKE SELECT ON ALL TABLES IN SCHEMA wirefeed_v1 FROM wirefeed_reader")
    conn.commit()
    db.apply_schema(database)
    granted = conn.execute(
        "SELECT table_name FROM information_schema.role_table_grants"
        " WHERE grantee = 'wirefeed_reader' AND privilege_type = 'SELECT' ORDER BY table_name"
    ).fetchall()
    assert [r["table_name"] for r in granted] == sorted(V1)


def test_a_second_database_of_the_cluster_finds_the_role_and_grants_it(settings):
    other = psycopg.conninfo.make_conninfo(settings.database_url, dbname=db_name(settings) + "_second")
    try:
        assert db.ensure_database(other)
        db.apply_schema(other)
        with db.connect(other) as conn:
            conn.execute("SET ROLE wirefeed_reader")
            assert conn.execute("SELECT count(*) AS n FROM wirefeed_v1.articles").fetchone() == {"n": 0}
    finally:
        admin = psycopg.conninfo.make_conninfo(settings.database_url, dbname="postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name(settings)}_second" WITH (FORCE)')


def db_name(settings) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(settings.database_url)["dbname"])


def db_init(url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``wirefeed db init`` on ``url``; returns its output (the exit status is 0 or 1)."""
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["db", "init"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    return f"{result.exit_code}: {result.output}"


@requires_servers
def test_db_init_creates_the_role_when_missing_or_says_who_must(monkeypatch):
    with private_postgres() as pg, psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute("CREATE ROLE owner LOGIN")  # owns its database, may not create roles
        conn.execute("CREATE DATABASE wirefeed OWNER owner")
        as_owner = f"postgresql://owner@127.0.0.1:{pg.port}/wirefeed"
        refused = db_init(as_owner, monkeypatch)
        assert refused.startswith("1: wirefeed: cannot apply schema.sql: role wirefeed_reader is missing and owner")
        assert refused.endswith("run CREATE ROLE wirefeed_reader NOLOGIN as a superuser, then db init again\n")
        assert refused.count("\n") == 1
        assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'wirefeed_reader'").fetchone() == (0,)

        pg.wirefeed_database("other")  # as the superuser: creates the role
        role = conn.execute(
            "SELECT rolcanlogin, shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = 'wirefeed_reader'"
        ).fetchone()
        assert role is not None and role[0] is False and "reads the views of schema wirefeed_v1" in role[1]
        assert db_init(as_owner, monkeypatch).startswith("0: database exists")
        with psycopg.connect(pg.url("wirefeed"), autocommit=True) as reader:
            reader.execute("SET ROLE wirefeed_reader")
            assert reader.execute("SELECT count(*) FROM wirefeed_v1.stories").fetchone() == (0,)


@requires_servers
def test_databases_initialised_at_once_on_a_new_cluster_share_one_role():
    with private_postgres() as pg:
        start = threading.Barrier(4)

        def init(name: str) -> None:
            url = pg.url(name)
            db.ensure_database(url)
            start.wait()
            db.apply_schema(url)

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(init, [f"wirefeed_{n}" for n in range(4)]))
        for n in range(4):
            with psycopg.connect(pg.url(f"wirefeed_{n}"), autocommit=True) as conn:
                conn.execute("SET ROLE wirefeed_reader")
                assert conn.execute("SELECT count(*) FROM wirefeed_v1.articles").fetchone() == (0,)
