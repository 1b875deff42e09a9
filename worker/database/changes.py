"""The change feed for consumers: rows of ``changes`` after the last id handled, in id order.

schema.sql's triggers write one row per new article, new version, move into another story and relation change,
when the storing transaction commits, with ids in commit order: reading ``id > last`` again after any stop sees
every change exactly once. :func:`follow` waits for the ``wirefeed_articles`` NOTIFY between reads, but takes the
changes from the table, never from the payload (a listener that was not connected misses notifications).

Rows older than ``WIREFEED_CHANGE_RETENTION_DAYS`` are pruned (worker.database.retention), and ``changes_pruned``
keeps the highest id pruned: a read from below it raises :class:`ChangesPruned` instead of skipping what went.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from worker.database import Connection, connect, is_transient, q
from worker.database.retention import changes_pruned_through

BATCH = 1000
"""Rows read per query."""
WAKE_SECONDS = 30.0
"""Longest wait between two reads when no notification comes (a wake-up lost to a broken connection is late, not
missed)."""
RECONNECT_SECONDS = 2.0
"""Wait before opening a lost connection again."""

log = logging.getLogger(__name__)

Change = dict[str, Any]


class ChangesPruned(Exception):
    """Changes after ``last`` were pruned, up to id ``through``: reading on would skip them."""

    def __init__(self, last: int, through: int) -> None:
        super().__init__(f"changes after {last} up to {through} were pruned")
        self.last = last
        self.through = through


def check_horizon(conn: Connection, last: int) -> None:
    """Raise :class:`ChangesPruned` when a change after ``last`` may have been pruned."""
    through = changes_pruned_through(conn)
    if through > last:
        raise ChangesPruned(last, through)


def since(conn: Connection, last: int, limit: int = BATCH) -> list[Change]:
    """The changes after id ``last``, oldest first, at most ``limit``, with their source's name. The horizon is
    read after the rows: it only moves up, so when it is still below ``last`` the rows read were all there."""
    rows = conn.execute(q("changes_since"), {"last": last, "limit": limit}).fetchall()
    check_horizon(conn, last)
    return rows


def replay(conn: Connection, last: int) -> Iterator[Change]:
    """Every change after id ``last`` committed by the time the reads reach it, a batch at a time."""
    for batch in replay_batches(conn, last):
        yield from batch


def replay_batches(conn: Connection, last: int) -> Iterator[list[Change]]:
    """:func:`replay` a batch (a list, at most BATCH) at a time."""
    while rows := since(conn, last):
        yield rows
        last = int(rows[-1]["id"])
        if len(rows) < BATCH:
            return


def follow(url: str, last: int, wake_seconds: float = WAKE_SECONDS) -> Iterator[Change]:
    """Every change after id ``last``, then each one as it commits, without end. A lost connection (a restarted
    server) is opened again after RECONNECT_SECONDS (each try logged as a warning), reading on from the last change
    yielded."""
    for batch in follow_batches(url, last, wake_seconds):
        yield from batch


def follow_batches(url: str, last: int, wake_seconds: float = WAKE_SECONDS) -> Iterator[list[Change]]:
    """:func:`follow` a batch (the changes one read found) at a time."""
    while True:
        try:
            for batch in _listen_and_read(url, last, wake_seconds):
                last = int(batch[-1]["id"])
                yield batch
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("change feed: %s; reading on after change %d in %.0f s", exc, last, RECONNECT_SECONDS)
            time.sleep(RECONNECT_SECONDS)


def _listen_and_read(url: str, last: int, wake_seconds: float) -> Iterator[list[Change]]:
    """One connection's share of :func:`follow_batches`. Listens before each read, so a change committed after a
    read wakes the wait that follows it."""
    with connect(url, autocommit=True) as conn:
        conn.execute(q("changes_listen"))
        while True:
            for batch in replay_batches(conn, last):
                last = int(batch[-1]["id"])
                yield batch
            for _ in conn.notifies(timeout=wake_seconds, stop_after=1):
                pass
