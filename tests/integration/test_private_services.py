"""The private servers that fault tests stop, restart and kill behave as the real ones would."""

from __future__ import annotations

import psycopg
import pytest
import redis

from tests.integration.private_services import private_postgres, private_redis, requires_servers

pytestmark = requires_servers


def test_postgres_restart_cuts_sessions_and_keeps_data_and_port():
    with private_postgres() as pg:
        url = pg.wirefeed_database("kept")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE t (n int); INSERT INTO t VALUES (7)")
            pg.restart()
            with pytest.raises(psycopg.OperationalError):
                conn.execute("SELECT 1")
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT n FROM t").fetchone() == (7,)
            assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] > 0


def test_postgres_kill_takes_the_backends_and_start_recovers():
    with private_postgres() as pg:
        url = pg.url()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE t (n int); INSERT INTO t VALUES (1)")
            pg.kill()
            assert not pg.running()
            with pytest.raises(psycopg.OperationalError):
                conn.execute("SELECT 1")
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(url, connect_timeout=2)
        pg.start()
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT n FROM t").fetchone() == (1,)
    assert not pg.folder.exists()


@pytest.mark.parametrize("appendonly", [False, True])
def test_redis_restart_keeps_keys_only_with_appendonly(appendonly):
    with private_redis(appendonly=appendonly) as server:
        client = redis.Redis.from_url(server.url())
        client.set("k", "v")
        server.restart()
        assert client.get("k") == (b"v" if appendonly else None)
        server.kill()
        assert not server.running()
        with pytest.raises(redis.ConnectionError):
            client.ping()
        server.start()
        assert client.ping()
        client.close()
