"""What the database says about the service's health: the beat's heartbeat, the sources' polling state and
arrival history, the ingest rate, the backlog of pending fetches, recent failures, the database's size.

Plain reads (``worker/database/sql/health.sql``), each cheap on a database of millions of articles, shared by
``wirefeed status``, ``sources list/show`` and any other view of the service (a console). What they mean for
an operator (a source quiet, a tick late) is decided elsewhere: worker.ingest.health, worker.runtime.status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from worker.database import Connection, q

TICK = "tick"  # heartbeats.name of beat's tick
ARRIVAL_HISTORY = 50  # latest articles of a source whose arrival gaps tell its habit
BURST_SECONDS = 60  # arrivals closer than this are one arrival (the articles of one poll)
FAILURE_SCAN_LIMIT = 10_000  # latest failed pages grouped by kind, at most


@dataclass(frozen=True)
class Heartbeat:
    beat_at: Any  # datetime
    age_seconds: float
    every_seconds: float | None
    host: str | None


def record_heartbeat(conn: Connection, name: str, every_seconds: float | None, host: str | None) -> None:
    conn.execute(q("record_heartbeat"), {"name": name, "every_seconds": every_seconds, "host": host})


def heartbeat(conn: Connection, name: str = TICK) -> Heartbeat | None:
    """The last beat of job ``name``, its age by the database's clock; None when it never beat."""
    row = conn.execute(q("heartbeat"), {"name": name}).fetchone()
    if row is None:
        return None
    age = (row["now"] - row["beat_at"]).total_seconds()
    return Heartbeat(row["beat_at"], max(0.0, age), row["every_seconds"], row["host"])


def sources(conn: Connection, name: str | None = None) -> list[dict[str, Any]]:
    """Every source (or the one named), with its polling state and arrival history (health.sql source_health)."""
    params = {"name": name, "history": ARRIVAL_HISTORY, "burst": BURST_SECONDS}
    return conn.execute(q("source_health"), params).fetchall()


def article_count(conn: Connection, source_id: int) -> int:
    row = conn.execute(q("source_article_count"), {"id": source_id}).fetchone()
    return int(row["n"]) if row else 0


def ingest_rate(conn: Connection) -> dict[str, Any]:
    """New articles and versions in the last hour and day, and when the latest new article came."""
    return dict(conn.execute(q("ingest_rate")).fetchone() or {})


def recent_failures(conn: Connection, seconds: float) -> list[dict[str, Any]]:
    """Pages that failed to fetch or parse in the last ``seconds``, by status and kind, most frequent first."""
    return conn.execute(q("recent_failures"), {"seconds": seconds, "limit": FAILURE_SCAN_LIMIT}).fetchall()


def backlog(conn: Connection) -> dict[str, Any]:
    """The open pending fetches: open, due, failing, oldest_due_at, oldest_seen_at."""
    return dict(conn.execute(q("backlog_summary")).fetchone() or {})


def database_size(conn: Connection) -> dict[str, Any]:
    """The database's size in bytes and its five largest tables (name, bytes, estimated_rows)."""
    row = conn.execute(q("database_size")).fetchone() or {}
    return {"bytes": row.get("bytes"), "largest_tables": row.get("largest_tables") or []}
