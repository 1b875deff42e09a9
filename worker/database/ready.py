"""Is the configured database ready for wirefeed? Checked before a command or a worker starts, so that an
operator's mistake ends in one line naming the fix, in seconds, rather than in a traceback or a pool's retries.

Each check raises :class:`~worker.database.DatabaseError` with that line: the server does not answer (start it or
fix ``DATABASE_URL``), refuses us (its own reason), the database does not exist or lacks the schema, or has an
older one (``wirefeed db init`` for all three).
"""

from __future__ import annotations

import re
from functools import lru_cache

import psycopg
from psycopg import pq
from psycopg.conninfo import make_conninfo

from worker.database import SCHEMA_PATH, DatabaseError, database_name
from worker.runtime.settings import redact, scrub

# Seconds per address tried: libpq's smallest. Shorter than WIREFEED_DB_CONNECT_TIMEOUT (the pool's, for work
# under way) because a command must say within seconds that nothing answers.
CONNECT_TIMEOUT = 2
INIT = "run `wirefeed db init`"
_SCHEMA_VERSION = re.compile(r"INSERT INTO schema_version \(version\) VALUES \((\d+)\)")


def check_server(url: str) -> None:
    """Raise unless a PostgreSQL server answers at ``url`` (whether or not its database exists)."""
    answer = pq.PGconn.ping(make_conninfo(url, connect_timeout=CONNECT_TIMEOUT).encode())
    if answer == pq.Ping.REJECT:
        raise DatabaseError(f"PostgreSQL at {redact(url)} is starting up or shutting down: try again in a moment")
    if answer != pq.Ping.OK:
        raise DatabaseError(f"PostgreSQL does not answer at {redact(url)}: start it, or fix DATABASE_URL")


def check_ready(url: str) -> None:
    """Raise unless the database of ``url`` answers, exists and has the schema of this wirefeed."""
    check_server(url)
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.OperationalError as exc:
        raise _refusal(url, exc) from None
    with conn:
        try:
            row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        except psycopg.errors.UndefinedTable:
            raise DatabaseError(f"database {database_name(url)!r} has no wirefeed schema: {INIT}") from None
    found, wanted = (row[0] if row else None) or 0, schema_version()
    if found < wanted:
        raise DatabaseError(
            f"database {database_name(url)!r} has schema version {found}, this wirefeed needs {wanted}: {INIT}"
        )


@lru_cache(maxsize=1)
def schema_version() -> int:
    """The version schema.sql records (its last ``INSERT INTO schema_version``)."""
    return max(int(v) for v in _SCHEMA_VERSION.findall(SCHEMA_PATH.read_text(encoding="utf-8")))


def _refusal(url: str, exc: psycopg.OperationalError) -> DatabaseError:
    """Why a server that answers refused the connection: its database is missing, or its own reason."""
    if not _exists(url):
        return DatabaseError(f"database {database_name(url)!r} does not exist: {INIT}")
    return DatabaseError(f"PostgreSQL refused {redact(url)}: {scrub(str(exc), url)}; fix DATABASE_URL")


def _exists(url: str) -> bool:
    """False only when the server's catalogue, read through its maintenance database, lacks the database."""
    admin = make_conninfo(url, dbname="postgres", connect_timeout=CONNECT_TIMEOUT)
    try:
        with psycopg.connect(admin) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database_name(url),)).fetchone()
    except psycopg.Error:
        return True  # no way to tell: the server's own reason is the better message
    return found is not None
