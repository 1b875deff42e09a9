"""Pending article fetches (``pending_fetches``): PostgreSQL, not the broker, holds the work still to do.

A poll adds a row per URL it decides to fetch, in the transaction that records its listing as handled; the
fetch task carries the row's id, claims the row for a lease, and closes it in the transaction that stores
the outcome (the article, the parse failure, the failure page row). A failed try is written on the row and
the row released; the beat tick hands the broker again every open row that is due and that nobody holds.
Every function runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from worker.database import Connection, q, retention
from worker.database.states import FetchOutcome, PendingReason


@dataclass(frozen=True)
class Wanted:
    """A URL a poll decided to fetch; ``entry_key``: that of its listing entry (None for a revisit)."""

    url: str
    reason: PendingReason
    entry_key: str | None = None


@dataclass(frozen=True)
class Claim:
    """A pending row a worker holds: what the fetch needs of it."""

    id: int
    source_id: int
    url: str
    attempts: int
    first_seen_at: datetime


def add(conn: Connection, source_id: int, wanted: Sequence[Wanted]) -> list[tuple[int, str]]:
    """Add the rows (one statement); returns (id, url) of those added, not of URLs already pending."""
    if not wanted:
        return []
    params = {
        "source_id": source_id,
        "urls": [w.url for w in wanted],
        "reasons": [str(w.reason) for w in wanted],
        "entry_keys": [w.entry_key for w in wanted],
    }
    return [(int(r["id"]), r["url"]) for r in conn.execute(q("add_pending_fetches"), params)]


@dataclass(frozen=True)
class Holder:
    """One try of a fetch task: the task's id and how many tries it had before. A try may take over the row the
    try before it holds (a database fault kept that one from releasing it); a message delivered twice carries the
    same id and the same try number, so a duplicate never claims the row its twin holds."""

    task_id: str
    tries_before: int

    @property
    def token(self) -> str:
        return f"{self.task_id}#{self.tries_before}"

    @property
    def previous(self) -> str | None:
        return f"{self.task_id}#{self.tries_before - 1}" if self.tries_before else None


def claim(conn: Connection, pending_id: int, lease_seconds: float, holder: Holder | None = None) -> Claim | None:
    """Hold the row for ``lease_seconds``; None when it is closed, held by another, not due yet, or gone.
    ``holder`` may take over a row held by the try before it (see :class:`Holder`)."""
    return claiming(conn, pending_id, lease_seconds, holder)()


def claiming(
    conn: Connection, pending_id: int, lease_seconds: float, holder: Holder | None = None
) -> Callable[[], Claim | None]:
    """Send the claim (see :func:`claim`); the returned function reads its answer (in a pipeline, with whatever was
    sent after it)."""
    tokens = {"holder": holder.token, "previous": holder.previous} if holder else {"holder": None, "previous": None}
    params = {"id": pending_id, "lease_seconds": lease_seconds, **tokens}
    cursor = conn.execute(q("claim_pending_fetch"), params)

    def answer() -> Claim | None:
        row = cursor.fetchone()
        return Claim(**row) if row else None

    return answer


def close(conn: Connection, pending_id: int, outcome: FetchOutcome, error: str | None = None) -> None:
    conn.execute(q("close_pending_fetch"), {"id": pending_id, "outcome": outcome, "error": error})


def reschedule(conn: Connection, pending_id: int, delay_seconds: float, error: str | None, *, counted: bool) -> None:
    """Release the row until ``delay_seconds`` from now, with the error of the try (``counted``: a failed try)."""
    params = {"id": pending_id, "delay_seconds": delay_seconds, "error": error, "counted": int(counted)}
    conn.execute(q("reschedule_pending_fetch"), params)


def release(conn: Connection, pending_id: int) -> None:
    """Release the row whose task comes back by itself after a short countdown."""
    conn.execute(q("release_pending_fetch"), {"id": pending_id})


def requeue(conn: Connection, limit: int, lease_seconds: float) -> list[int]:
    """Mark handed to the broker, and return, up to ``limit`` open rows due, unheld and not in the broker."""
    params = {"limit": limit, "lease_seconds": lease_seconds}
    return [int(r["id"]) for r in conn.execute(q("requeue_pending_fetches"), params)]


def backlog(conn: Connection) -> list[dict[str, Any]]:
    """Open rows by source, oldest first-seen first: source, open, failing, due, oldest."""
    return conn.execute(q("fetch_backlog")).fetchall()


def prune(conn: Connection, older_than: timedelta) -> int:
    """Forget rows closed longer ago than ``older_than`` (in batches, each committed: worker.database.retention)."""
    return retention.sweep(conn, retention.PENDING_FETCHES, older_than).rows
