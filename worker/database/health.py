"""What the database says about the service's health: the beat's heartbeat, the sources' polling state and
arrival history, the ingest rate, the backlog of pending fetches, recent failures, the database's size.

Plain reads (``worker/database/sql/health.sql``), each cheap on a database of millions of articles, shared by
``wirefeed status``, ``sources list/show`` and any other view of the service (a console). What they mean for
an operator (a source quiet, a tick late) is decided elsewhere: worker.ingest.health, worker.runtime.status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql

from worker.database import Connection, q

TICK = "tick"  # heartbeats.name of beat's tick
ARRIVAL_HISTORY = 50  # latest articles of a source whose arrival gaps tell its habit
BURST_SECONDS = 60  # arrivals closer than this are one arrival (the articles of one poll)
FAILURE_SCAN_LIMIT = 10_000  # latest failed pages grouped by kind, at most
# `wirefeed stats`: a table the statistics put under this many rows is counted (cheap); a bigger one is shown
# by the statistics' estimate, since count(*) reads the whole table (seconds at a million articles).
EXACT_BELOW = 100_000
STATS_TABLES = {
    "stories": "stories",
    "articles": "articles",
    "versions": "article_versions",
    "photos": "photos",
    "pages": "pages",
}


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


@dataclass(frozen=True)
class Figure:
    value: Any  # a count, or a time (last_article_at)
    estimated: bool = False  # the statistics' estimate, not a count


def stats(conn: Connection) -> dict[str, Figure]:
    """`wirefeed stats`: small tables and failed pages counted, big tables estimated (``EXACT_BELOW``)."""
    exact = dict(conn.execute(q("stats_exact")).fetchone() or {})
    tables = [*STATS_TABLES.values(), "listing_fetches"]
    rows = {row["name"]: row for row in conn.execute(q("row_estimates"), {"tables": tables})}
    figures = {key: Figure(exact[key]) for key in ("sources", "paused_sources")}
    for key, table in STATS_TABLES.items():
        estimate = int(rows[table]["estimate"])
        if estimate >= EXACT_BELOW:
            figures[key] = Figure(estimate, estimated=True)
        else:
            count = conn.execute(sql.SQL("SELECT count(*) AS n FROM {}").format(sql.Identifier(table))).fetchone()
            figures[key] = Figure(int(count["n"]) if count else 0)
    figures |= {key: Figure(exact[key]) for key in ("parse_failures", "fetch_failures")}
    listings, share = int(rows["listing_fetches"]["estimate"]), rows["listing_fetches"]["no_body_share"]
    if listings >= EXACT_BELOW and share is not None:
        failed = round(listings * float(share))
        figures["listing_bodies"] = Figure(listings - failed, estimated=True)
        figures["listing_failures"] = Figure(failed, estimated=True)
    else:
        split = conn.execute(q("listing_bodies_exact")).fetchone() or {}
        figures |= {key: Figure(split.get(key, 0)) for key in ("listing_bodies", "listing_failures")}
    figures["last_article_at"] = Figure(exact["last_article_at"])
    return figures
