"""Database faults met for real on a private PostgreSQL: which are transient (worker.database.is_transient), the
pool after a restart, and a task whose server is down when it starts (worker.runtime.retries)."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.integration.private_services import PrivatePostgres, private_postgres, requires_servers
from worker import database as db
from worker.runtime.settings import Settings, get_settings

pytestmark = requires_servers


@pytest.fixture(scope="module")
def pg() -> Iterator[PrivatePostgres]:
    with private_postgres() as server:
        yield server


@pytest.fixture
def url(pg: PrivatePostgres) -> Iterator[str]:
    """A wirefeed database on the private server (running), with a table of two rows for the conflicts."""
    if not pg.running():
        pg.start()
    url = pg.wirefeed_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS counters; CREATE TABLE counters (id int PRIMARY KEY, n int)")
        conn.execute("INSERT INTO counters VALUES (1, 0), (2, 0)")
    yield url
    db.close_pools()


@pytest.fixture
def private_settings(url: str) -> Settings:
    return dataclasses.replace(get_settings(), database_url=url, db_connect_timeout=2)


def raised(action: Any) -> BaseException:
    with pytest.raises(Exception) as info:
        action()
    return info.value


def test_a_serialization_failure_is_transient(url: str) -> None:
    with psycopg.connect(url) as first, psycopg.connect(url, autocommit=True) as second:
        first.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        first.execute("SELECT n FROM counters WHERE id = 1").fetchone()
        second.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
        error = raised(lambda: first.execute("UPDATE counters SET n = n + 1 WHERE id = 1"))
    assert isinstance(error, psycopg.errors.SerializationFailure)
    assert db.is_transient(error)


def test_a_deadlock_is_transient(url: str) -> None:
    """Two transactions lock rows 1 and 2 in opposite orders: the server aborts one of them."""
    errors: list[BaseException] = []
    both_locked = threading.Barrier(2)

    def lock(first: int, second: int) -> None:
        with psycopg.connect(url) as conn:
            conn.execute("UPDATE counters SET n = n + 1 WHERE id = %s", (first,))
            both_locked.wait()
            try:
                conn.execute("UPDATE counters SET n = n + 1 WHERE id = %s", (second,))
            except psycopg.Error as exc:
                errors.append(exc)

    threads = [threading.Thread(target=lock, args=pair) for pair in ((1, 2), (2, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [type(e) for e in errors] == [psycopg.errors.DeadlockDetected]
    assert db.is_transient(errors[0])


def test_a_restart_cuts_an_open_transaction_transiently(pg: PrivatePostgres, url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT 1")
        pg.restart()
        error = raised(lambda: conn.execute("SELECT 1"))
    assert isinstance(error, psycopg.OperationalError)
    assert db.is_transient(error)


def test_an_unreachable_server_fails_in_the_connect_timeout_transiently(
    pg: PrivatePostgres, private_settings: Settings
) -> None:
    pg.stop()
    error = raised(lambda: db.connect(private_settings.database_url, connect_timeout=2))
    assert isinstance(error, db.DatabaseError) and db.is_transient(error)
    error = raised(lambda: db.connection(private_settings).__enter__())
    assert isinstance(error, db.DatabaseError) and db.is_transient(error)  # the pool timed out (PoolTimeout)
    assert isinstance(error.__cause__, psycopg.OperationalError)


def test_programming_errors_are_not_transient(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        syntax = raised(lambda: conn.execute("SELEC 1"))
        duplicate = raised(lambda: conn.execute("INSERT INTO counters VALUES (1, 0)"))
        missing = raised(lambda: conn.execute("SELECT * FROM no_such_table"))
    assert isinstance(syntax, psycopg.errors.SyntaxError) and not db.is_transient(syntax)
    assert isinstance(duplicate, psycopg.errors.UniqueViolation) and not db.is_transient(duplicate)
    assert isinstance(missing, psycopg.errors.UndefinedTable) and not db.is_transient(missing)
    assert not db.is_transient(ValueError("not a database error"))


def backend_of(settings: Settings) -> int:
    with db.connection(settings) as conn:
        return int(conn.execute("SELECT pg_backend_pid() AS pid").fetchone()["pid"])


def test_the_pool_hands_out_a_live_connection_after_a_restart(
    pg: PrivatePostgres, private_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "RECENTLY_USED", 0.0)  # every connection has rested long enough to be checked
    before = backend_of(private_settings)
    pg.restart()  # the pooled connection is dead now
    after = backend_of(private_settings)
    assert after != before
    assert db.pool(private_settings).get_stats()["connections_lost"] >= 1


def test_a_connection_used_a_moment_ago_goes_out_unchecked_and_its_loss_is_transient(
    url: str, private_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A busy worker's connection skips the check (a round trip); one the server dropped meanwhile fails the
    statement with a transient fault, and the pool replaces it for the next checkout."""
    monkeypatch.setattr(db, "RECENTLY_USED", 3600.0)
    one = dataclasses.replace(private_settings, db_pool_size=1)  # the pool's one connection, handed out again
    before = backend_of(one)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 10000)", (before,))  # waits (10 s at most) until it is gone
    lost = raised(lambda: backend_of(one))
    assert isinstance(lost, db.DatabaseError) and db.is_transient(lost)
    assert backend_of(one) != before


def test_a_task_whose_server_is_down_retries_until_it_is_back(
    pg: PrivatePostgres, url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Run eagerly, each retry runs at once; the server comes back when the first fault has been logged."""
    from worker.runtime import retries
    from worker.runtime.tasks import prune_dedup_index

    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("WIREFEED_DB_CONNECT_TIMEOUT", "2")
    get_settings.cache_clear()
    first_fault = threading.Event()
    handler = logging.Handler()
    handler.emit = lambda record: first_fault.set()  # type: ignore[method-assign]
    retries.log.addHandler(handler)
    pg.stop()
    restart = threading.Thread(target=lambda: (first_fault.wait(60), pg.start()))
    restart.start()
    try:
        result = prune_dedup_index.apply()
    finally:
        restart.join()
        retries.log.removeHandler(handler)
        get_settings.cache_clear()
    assert result.successful(), result.result
    assert result.result == {"keys": 0, "sightings": 0}
    faults = [r.getMessage() for r in caplog.records if r.name == retries.log.name]
    assert faults and faults[0].startswith(f"database fault (1 of {retries.DATABASE_RETRIES})")


def test_a_programming_error_fails_the_task_without_retry(
    url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from worker.runtime import retries
    from worker.runtime.tasks import prune_dedup_index

    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE dedup_keys CASCADE")  # the prune's SQL now names a missing table
    try:
        result = prune_dedup_index.apply()
    finally:
        get_settings.cache_clear()
    assert isinstance(result.result, psycopg.errors.UndefinedTable)
    assert not [r for r in caplog.records if r.name == retries.log.name]
