"""Connections to PostgreSQL: the pool, named SQL blocks, schema application.

SQL lives in ``worker/database/sql/*.sql`` as named blocks (``-- name: block_name``) loaded once; statements take
parameters by name (``%(url)s``). Connection failures, and any failure applying the schema, surface as
:class:`DatabaseError`; other driver errors (a constraint, say) propagate as psycopg raises them.

:func:`is_transient` is the one place that says which database faults a later try may not meet (a lost
connection, a restarted server, a serialization failure, a deadlock); the tasks retry those with backoff
(worker.runtime.retries). The pool checks a connection before handing it out (a round trip) unless it came back
less than ``RECENTLY_USED`` seconds ago, so the dead connections a restarted server leaves behind are replaced, not
handed to a task: a busy worker, whose connections never rest that long, skips the check, and a connection the
server dropped in that second fails its task's statement, which the task retries; every connection attempt gives
up after ``WIREFEED_DB_CONNECT_TIMEOUT``.
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout

from worker.runtime.settings import Settings, get_settings, redact, scrub

SCHEMA_PATH = Path(__file__).parent / "schema.sql"  # links to the top-level schema.sql; a wheel holds a copy
_BLOCK = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)
# Advisory-lock ids, spelled here only: the SQL takes them as named parameters (tests check no literal remains).
SCHEMA_LOCK = 7_455_001  # serialises concurrent `db init` (one-key form)
CHANGES_LOCK = 7_455_003  # orders change ids by commit (schema.sql bakes it in, from the wirefeed.changes_lock setting)

Connection = psycopg.Connection[dict[str, Any]]

RECENTLY_USED = 1.0
"""Seconds after its return to the pool during which a connection is handed out again unchecked (the idea of
HikariCP's alive-check bypass): checking cost a round trip on each of a fetch's three checkouts."""
_returned: weakref.WeakKeyDictionary[Connection, float] = weakref.WeakKeyDictionary()


class DatabaseError(RuntimeError):
    """The server is unreachable, or the schema could not be applied."""


# SQLSTATEs that say nothing wrong about the statement, only about the moment (PostgreSQL's appendix A):
# running the transaction again may succeed. Class 08 (connection exceptions) counts whole.
TRANSIENT_SQLSTATES = frozenset(
    {
        "40001",  # serialization_failure: a concurrent transaction won
        "40P01",  # deadlock_detected: this transaction was the victim
        "55P03",  # lock_not_available: a lock timeout
        "53300",  # too_many_connections
        "57P01",  # admin_shutdown: `pg_ctl stop/restart -m fast` cut the session
        "57P02",  # crash_shutdown: another backend crashed and the server reset every session
        "57P03",  # cannot_connect_now: the server is starting, or in recovery
    }
)


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc``, or a psycopg error it was raised from, is a database fault worth trying again later.

    Transient: a listed SQLSTATE or a connection exception (class 08); a client-side failure with no SQLSTATE
    (connection refused or lost, connect timeout); no pooled connection in time (PoolTimeout). Not transient:
    every other server error (bad SQL, a violated constraint, ...) and a closed pool."""
    error = _psycopg_error(exc)
    if error is None or isinstance(error, PoolClosed):
        return False
    if isinstance(error, PoolTimeout):
        return True
    if error.sqlstate is None:
        return isinstance(error, psycopg.OperationalError)
    return error.sqlstate in TRANSIENT_SQLSTATES or error.sqlstate.startswith("08")


def _psycopg_error(exc: BaseException) -> psycopg.Error | None:
    """``exc`` itself or the first psycopg error in its chain of causes (``raise ... from``, or raised while
    handling one)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, psycopg.Error):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


@lru_cache(maxsize=1)
def queries() -> dict[str, str]:
    """Every named SQL block of ``worker/database/sql/*.sql``, by name."""
    blocks: dict[str, str] = {}
    for entry in sorted(resources.files("worker.database.sql").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        parts = _BLOCK.split(entry.read_text(encoding="utf-8"))
        for name, body in zip(parts[1::2], parts[2::2], strict=True):
            if name in blocks:
                raise DatabaseError(f"SQL block {name!r} defined twice")
            blocks[name] = body.strip()
    return blocks


def q(name: str) -> str:
    return queries()[name]


_pools: dict[tuple[str, bool], ConnectionPool[Connection]] = {}
# A reader's sessions: the server refuses any write in them, and a statement that runs away is cut off.
READ_ONLY_OPTIONS = "-c default_transaction_read_only=on -c statement_timeout=15000"


def pool(
    settings: Settings | None = None, *, url: str | None = None, read_only: bool = False
) -> ConnectionPool[Connection]:
    """The process's pool for the configured database, or ``url`` (opened on first use, one per URL and mode).
    ``read_only``: every transaction of its connections is read-only, enforced by the server (the web console)."""
    settings = settings or get_settings()
    key = (url or settings.database_url, read_only)
    if key not in _pools:
        kwargs: dict[str, Any] = {"row_factory": dict_row, "connect_timeout": settings.db_connect_timeout}
        if read_only:
            kwargs["options"] = READ_ONLY_OPTIONS
        _pools[key] = ConnectionPool(
            key[0],
            min_size=1,
            max_size=settings.db_pool_size,
            kwargs=kwargs,
            check=_check,  # a restarted server's dead connections are replaced
            reset=_returned_now,
            timeout=settings.db_connect_timeout,
            open=True,
            name="wirefeed-reader" if read_only else "wirefeed",
        )
    return _pools[key]


def _returned_now(conn: Connection) -> None:
    _returned[conn] = time.monotonic()


def _check(conn: Connection) -> None:
    """Check the connection (raise if it is dead) unless it came back to the pool less than ``RECENTLY_USED`` ago."""
    returned = _returned.pop(conn, None)
    if returned is None or time.monotonic() - returned >= RECENTLY_USED:
        ConnectionPool.check_connection(conn)


def close_pools() -> None:
    while _pools:
        _pools.popitem()[1].close()


@contextmanager
def connection(settings: Settings | None = None) -> Iterator[Connection]:
    """A pooled connection; the block runs in one transaction, committed at the end and rolled back on an
    exception (a block may also commit part-way itself)."""
    with _pooled(pool(settings)) as conn:
        yield conn


@contextmanager
def pipelined(settings: Settings | None = None) -> Iterator[Connection]:
    """A pooled connection whose block runs in one transaction in psycopg's pipeline mode, committed with the
    block's last statements: a statement whose result is not read waits for nothing, and the COMMIT goes with
    whatever is still unanswered (one round trip, where leaving the pipeline and then committing took two)."""
    with connection(settings) as conn, conn.pipeline():
        yield conn
        conn.commit()


@contextmanager
def reading(url: str, settings: Settings | None = None) -> Iterator[Connection]:
    """A pooled connection to ``url`` whose transactions can only read (the server refuses a write)."""
    with _pooled(pool(settings, url=url, read_only=True)) as conn:
        yield conn


@contextmanager
def _pooled(source: ConnectionPool[Connection]) -> Iterator[Connection]:
    try:
        with source.connection() as conn:
            yield conn
    except psycopg.OperationalError as exc:
        conninfo = source.conninfo if isinstance(source.conninfo, str) else ""
        raise DatabaseError(f"database unavailable: {scrub(str(exc), conninfo)}") from exc


def commit_without_flush(conn: Connection) -> None:
    """Let the current transaction's COMMIT return without waiting for its WAL to reach the disk
    (``SET LOCAL synchronous_commit = off``). For a step whose loss in a crash of the server redoes work, never
    loses it: the transaction is still atomic, and no later commit of the session is durable before it (the WAL
    is flushed in order). The fetch's claim and its raw page commit so; the transaction that stores the article
    and closes the pending row waits as every other one does, so what a consumer reads is on disk."""
    conn.execute(q("commit_without_flush"))


def connect(url: str, **kwargs: Any) -> Connection:
    """A standalone connection (CLI, schema), outside the pool; gives up after the configured connect timeout
    unless ``kwargs`` or ``url`` say otherwise."""
    if "connect_timeout" not in psycopg.conninfo.conninfo_to_dict(url):
        kwargs.setdefault("connect_timeout", get_settings().db_connect_timeout)
    try:
        return psycopg.connect(url, row_factory=dict_row, **kwargs)
    except psycopg.OperationalError as exc:
        raise DatabaseError(f"cannot connect to {redact(url)}: {scrub(str(exc), url)}") from exc


def ensure_database(url: str) -> bool:
    """Create the database named in ``url`` when it does not exist. True when created."""
    name = database_name(url)
    admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
        return True


def database_name(url: str) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(url).get("dbname") or "postgres")


def apply_schema(url: str, schema_path: Path = SCHEMA_PATH) -> int:
    """Apply schema.sql (idempotent, serialised by an advisory lock); returns the schema version.

    A statement the server refuses raises :class:`DatabaseError` (``db init`` prints one line, not a traceback)."""
    ddl = schema_path.read_text(encoding="utf-8")
    with connect(url) as conn:
        try:
            conn.execute("SET client_min_messages = warning")
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            conn.execute("SELECT set_config('wirefeed.changes_lock', %s, true)", (str(CHANGES_LOCK),))
            conn.execute(ddl.encode())
            row = conn.execute("SELECT max(version) AS v FROM schema_version").fetchone()
        except psycopg.Error as exc:  # the server's primary message: its CONTEXT lines would break the one line
            raise DatabaseError(f"cannot apply {schema_path.name}: {exc.diag.message_primary or exc}") from exc
    return int(row["v"]) if row else 0
