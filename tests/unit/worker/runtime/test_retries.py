"""Database faults: which are transient, and the backoff of the task retries they cause."""

from __future__ import annotations

from types import SimpleNamespace

import psycopg
import pytest
from psycopg_pool import PoolClosed, PoolTimeout

from worker import database as db
from worker.runtime.retries import (
    DATABASE_RETRIES,
    DATABASE_RETRY_CAP_SECONDS,
    FAULTS_HEADER,
    database_retry_delay,
    faults_so_far,
)


def mid() -> float:
    return 0.5  # no jitter


def wrapped(error: BaseException) -> db.DatabaseError:
    """``error`` as db.connection raises it: a DatabaseError raised from the driver's error."""
    try:
        raise db.DatabaseError(f"database unavailable: {error}") from error
    except db.DatabaseError as exc:
        return exc


# Each error and whether a later try may not meet it.
CLASSIFIED: list[tuple[Exception, bool]] = [
    (psycopg.errors.SerializationFailure("could not serialize access"), True),
    (psycopg.errors.DeadlockDetected("deadlock detected"), True),
    (psycopg.errors.AdminShutdown("terminating connection due to administrator command"), True),
    (psycopg.errors.CrashShutdown("terminating connection because of crash of another server process"), True),
    (psycopg.errors.CannotConnectNow("the database system is starting up"), True),
    (psycopg.errors.TooManyConnections("sorry, too many clients already"), True),
    (psycopg.errors.ConnectionFailure("connection failure"), True),
    (psycopg.OperationalError("server closed the connection unexpectedly"), True),
    (psycopg.errors.ConnectionTimeout("connection timeout expired"), True),
    (PoolTimeout("couldn't get a connection after 5.00 sec"), True),
    (psycopg.errors.SyntaxError('syntax error at or near "SELEC"'), False),
    (psycopg.errors.UniqueViolation("duplicate key value violates unique constraint"), False),
    (psycopg.errors.UndefinedTable('relation "x" does not exist'), False),
    (psycopg.errors.QueryCanceled("canceling statement due to statement timeout"), False),
    (psycopg.errors.DiskFull("could not extend file"), False),
    (psycopg.ProgrammingError("the query has 1 placeholder but 2 parameters were passed"), False),
    (PoolClosed("the pool 'wirefeed' is already closed"), False),
    (ValueError("not from the database"), False),
]


@pytest.mark.parametrize(
    ("error", "transient"),
    CLASSIFIED,
    ids=lambda value: type(value).__name__,
)
def test_only_faults_of_the_moment_are_transient_bare_or_wrapped(error: Exception, transient: bool) -> None:
    assert db.is_transient(error) is transient
    assert db.is_transient(wrapped(error)) is transient


def test_an_error_raised_while_handling_a_fault_is_judged_by_the_nearest_driver_error() -> None:
    try:
        try:
            raise psycopg.errors.AdminShutdown("terminating connection")
        except psycopg.Error:
            raise psycopg.errors.SyntaxError("bad SQL in the handler") from None
    except psycopg.Error as exc:
        assert not db.is_transient(exc)


def test_the_retry_delay_grows_from_seconds_and_is_capped_at_a_minute() -> None:
    delays = [database_retry_delay(n, mid) for n in range(DATABASE_RETRIES)]
    assert delays[:5] == [2.0, 4.0, 8.0, 16.0, 32.0]
    assert delays[5:] == [DATABASE_RETRY_CAP_SECONDS] * (DATABASE_RETRIES - 5) == [60.0] * 5
    assert 300 < sum(delays) < 400  # a server down for about six minutes is waited out, not longer
    assert database_retry_delay(0, lambda: 0.0) == pytest.approx(1.8)
    assert database_retry_delay(0, lambda: 1.0) == pytest.approx(2.2)


def test_faults_so_far_come_from_the_message_header_or_the_eager_request_headers() -> None:
    assert faults_so_far(SimpleNamespace(headers=None)) == 0
    assert faults_so_far(SimpleNamespace(**{FAULTS_HEADER: 3, "headers": None})) == 3
    assert faults_so_far(SimpleNamespace(headers={FAULTS_HEADER: 2})) == 2
