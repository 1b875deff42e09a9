"""What the console reads: one function per page, each a few named queries (``console.sql``) on a connection.

Lists are pages of a keyset (the last key shown is where the next page starts), so a page costs the same on the
first screen as on the thousandth; totals are the planner's estimates, never a count of a big table.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from worker.database import Connection, health, q

PAGE_SIZE = 25
MEMBERS_PER_STORY = 50
CHART_DAYS = 14
NEWEST_ID = 2**63 - 1
FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Slice:
    """One page of a keyset list: its rows and the key where the next page starts (None on the last)."""

    rows: list[dict[str, Any]]
    next_key: str | None


@dataclass(frozen=True)
class RawPage:
    id: int
    url: str
    status: int | None
    content_type: str
    body: bytes | None


def table_estimates(conn: Connection) -> dict[str, int]:
    return {row["name"]: row["rows"] for row in conn.execute(q("console_table_estimates"))}


def sources(conn: Connection) -> list[dict[str, Any]]:
    """Every source with its polling state and arrival history: the rows `wirefeed status` judges (health.sql
    source_health: per source an index range of its latest 50 articles and of its last day, no table scan)."""
    return health.sources(conn)


def articles_per_day(conn: Connection, today: datetime, days: int = CHART_DAYS) -> dict[int, dict[Any, int]]:
    """Articles first stored per source id and UTC day, over the ``days`` days that end with ``today``."""
    since = datetime.combine(today.date() - timedelta(days=days - 1), datetime.min.time(), UTC)
    per_source: dict[int, dict[Any, int]] = {}
    for row in conn.execute(q("console_articles_per_day"), {"since": since}):
        per_source.setdefault(row["source_id"], {})[row["day"]] = row["articles"]
    return per_source


def stories(conn: Connection, before: int | None, limit: int = PAGE_SIZE) -> Slice:
    """The latest stories (before story id ``before``), each with its members under ``"members"``."""
    rows = conn.execute(q("console_stories"), {"before": before or NEWEST_ID, "limit": limit + 1}).fetchall()
    shown, more = rows[:limit], len(rows) > limit
    members: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in shown}
    params = {"story_ids": list(members), "per_story": MEMBERS_PER_STORY}
    for member in conn.execute(q("console_story_members"), params):
        members[member["story_id"]].append(member)
    for row in shown:
        row["members"] = members[row["id"]]
    return Slice(shown, str(shown[-1]["id"]) if more else None)


def article(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """Every field of the article, with its ``photos`` and ``versions`` (oldest first); None when there is none."""
    row = conn.execute(q("console_article"), {"id": article_id}).fetchone()
    if row is None:
        return None
    row["photos"] = conn.execute(q("console_article_photos"), {"id": article_id}).fetchall()
    row["versions"] = conn.execute(q("console_article_versions"), {"id": article_id}).fetchall()
    return row


def failures(conn: Connection, before: str | None, limit: int = PAGE_SIZE) -> Slice:
    """Pages that failed to parse or fetch, newest first, from the keyset ``before`` (``<iso time>~<id>``)."""
    before_at, before_id = parse_failure_key(before) if before else (FAR_FUTURE, NEWEST_ID)
    params = {"before_at": before_at, "before_id": before_id, "limit": limit + 1}
    rows = conn.execute(q("console_failures"), params).fetchall()
    shown, more = rows[:limit], len(rows) > limit
    last = shown[-1] if shown else None
    return Slice(shown, f"{last['fetched_at'].isoformat()}~{last['id']}" if more and last else None)


def parse_failure_key(key: str) -> tuple[datetime, int]:
    """The (fetched_at, id) a failures keyset names; ValueError when it names none."""
    when, _, page_id = key.partition("~")
    moment, number = datetime.fromisoformat(when), int(page_id)
    if moment.tzinfo is None or not 0 < number <= NEWEST_ID:
        raise ValueError(f"not a failures key: {key!r}")
    return moment, number


def failures_since(conn: Connection, since: datetime) -> dict[str, int]:
    return {row["parse_status"]: row["pages"] for row in conn.execute(q("console_failures_since"), {"since": since})}


def raw_page(conn: Connection, page_id: int) -> RawPage | None:
    """The stored page, its body uncompressed (None when the fetch kept none)."""
    row = conn.execute(q("console_raw_page"), {"id": page_id}).fetchone()
    if row is None:
        return None
    body = gzip.decompress(row["body_gzip"]) if row["body_gzip"] is not None else None
    content_type = str((row["headers"] or {}).get("content-type") or "")
    return RawPage(row["id"], row["url"], row["status"], content_type, body)
