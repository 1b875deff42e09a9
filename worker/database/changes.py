"""The change feed for consumers: rows of ``changes`` after the last id handled, in id order.

schema.sql's triggers write one row per new article, new version, move into another story and relation change,
when the storing transaction commits, with ids in commit order: reading ``id > last`` again after any stop sees
every change exactly once. :func:`follow` waits for the ``wirefeed_articles`` NOTIFY between reads, but takes the
changes from the table, never from the payload (a listener that was not connected misses notifications).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from worker.database import Connection, connect, is_transient, q

BATCH = 1000
"""Rows read per query."""
WAKE_SECONDS = 30.0
"""Longest wait between two reads when no notification comes (a wake-up lost to a broken connection is late, not
missed)."""
RECONNECT_SECONDS = 2.0
"""Wait before opening a lost connection again."""

log = logging.getLogger(__name__)


def since(conn: Connection, last: int, limit: int = BATCH) -> list[dict[str, Any]]:
    """The changes after id ``last``, oldest first, at most ``limit``, with their source's name."""
    return conn.execute(q("changes_since"), {"last": last, "limit": limit}).fetchall()


def replay(conn: Connection, last: int) -> Iterator[dict[str, Any]]:
    """Every change after id ``last`` committed by the time the reads reach it, a batch at a time."""
    while rows := since(conn, last):
        yield from rows
        last = int(rows[-1]["id"])
        if len(rows) < BATCH:
            return


def follow(url: str, last: int, wake_seconds: float = WAKE_SECONDS) -> Iterator[dict[str, Any]]:
    """Every change after id ``last``, then each one as it commits, without end. A lost connection (a restarted
    server) is opened again after RECONNECT_SECONDS (each try logged as a warning), reading on from the last change
    yielded."""
    while True:
        try:
            for row in _listen_and_read(url, last, wake_seconds):
                last = int(row["id"])
                yield row
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("change feed: %s; reading on after change %d in %.0f s", exc, last, RECONNECT_SECONDS)
            time.sleep(RECONNECT_SECONDS)


def _listen_and_read(url: str, last: int, wake_seconds: float) -> Iterator[dict[str, Any]]:
    """One connection's share of :func:`follow`. Listens before each read, so a change committed after a read
    wakes the wait that follows it."""
    with connect(url, autocommit=True) as conn:
        conn.execute(q("changes_listen"))
        while True:
            for row in replay(conn, last):
                last = int(row["id"])
                yield row
            for _ in conn.notifies(timeout=wake_seconds, stop_after=1):
                pass
