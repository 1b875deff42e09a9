"""Stage one of ingestion: poll a source's listing and enqueue a fetch for each new or changed entry.

source due (worker.runtime.tasks.tick) → **poll the listing** → new URLs → fetch each page (worker.ingest.fetch).
Celery's ``wirefeed.poll_source`` task is a thin wrapper; ``wirefeed poll NAME --inline`` calls it directly.
When the source is polled next is decided by worker.ingest.schedule; this module only stores it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from parsers import ParseError
from parsers.listings import ListingEntry
from worker import database as db
from worker.database import SOURCE_POLL_LOCK, listing_fetches, q
from worker.database.states import PollOutcome
from worker.ingest import schedule
from worker.ingest.listing import ListingFetch, ListingRequest, ListingResult, ListingState, Validators, read_listing
from worker.network.http import FetchError, describe
from worker.network.politeness import manners_of, polite_fetcher
from worker.runtime.settings import Settings

log = logging.getLogger(__name__)

EnqueueFetch = Callable[[str, int], None]
_POLL_OUTCOME = {
    ListingState.CHANGED: PollOutcome.OK,
    ListingState.UNCHANGED: PollOutcome.UNCHANGED,
    ListingState.NOT_MODIFIED: PollOutcome.NOT_MODIFIED,
}


class PollSkipped(StrEnum):
    """A poll that did not run (nothing is written on the source)."""

    MISSING = "missing"  # no source with that id
    BUSY = "busy"  # another poll of the source holds its lock


@dataclass
class PollSummary:
    source: str
    status: PollOutcome | PollSkipped = PollOutcome.OK
    entries: int = 0
    enqueued: list[str] = field(default_factory=list)
    error: str | None = None


def entry_key(entry: ListingEntry) -> str:
    """What identifies a listing entry's state: a change means the article may have been updated."""
    parts = [entry.guid or "", str(entry.published_at or ""), str(entry.updated_at or "")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _urls_to_fetch(
    conn: db.Connection, source: dict[str, Any], entries: tuple[ListingEntry, ...]
) -> tuple[list[str], int]:
    """URLs never fetched, or whose listing entry changed (guid, dates); entries already match url_pattern.
    With them, how many are new: never fetched and never listed by this source before.

    A URL whose fetch failed for good (404, after its retries) is not fetched again on every poll.
    """
    known = {r["url"] for r in conn.execute(q("seen_urls"), {"urls": [e.url for e in entries]})}
    urls: list[str] = []
    new = 0
    for entry in entries:
        key = entry_key(entry)
        row = conn.execute(
            q("upsert_listing_entry"),
            {
                "source_id": source["id"],
                "url": entry.url,
                "guid": entry.guid,
                "title": entry.title,
                "entry_key": key,
                "published_at": entry.published_at or entry.updated_at,
            },
        ).fetchone()
        inserted = row is not None and row["inserted"]
        changed = row is not None and not inserted and row["previous_key"] != key
        if (entry.url not in known or changed) and entry.url not in urls:
            urls.append(entry.url)
        # A URL listed before whose fetch is still queued is not fetched yet, but it is not new either.
        if entry.url not in known and inserted:
            new += 1
    return urls, new


def _revisits(conn: db.Connection, source: dict[str, Any], urls: list[str]) -> list[str]:
    """The source's most recent articles to re-fetch conditionally (``revisit_recent``), not already queued."""
    if not source["revisit_recent"]:
        return []
    rows = conn.execute(q("recent_article_urls"), {"source_id": source["id"], "limit": source["revisit_recent"]})
    return [r["url"] for r in rows if r["url"] not in urls]


def listing_request(source: dict[str, Any], child_validators: Callable[[str], Validators]) -> ListingRequest:
    return ListingRequest(
        url=source["feed_url"],
        kind=source["kind"],
        link_selector=source["link_selector"],
        url_pattern=source["url_pattern"],
        manners=manners_of(source),
        etag=source["etag"],
        last_modified=source["last_modified"],
        last_hash=source["last_listing_hash"],
        child_validators=child_validators,
    )


def _poll_listing(
    conn: db.Connection, source: dict[str, Any], settings: Settings, summary: PollSummary, kept: list[ListingFetch]
) -> list[str]:
    request = listing_request(source, listing_fetches.validators_of(conn, source["id"]))
    result = read_listing(polite_fetcher(settings), request, kept=kept)
    listing_fetches.keep(conn, source["id"], result.fetches)
    summary.status = _POLL_OUTCOME[result.status]
    summary.entries = len(result.entries)
    changed = result.status is ListingState.CHANGED
    urls, new = _urls_to_fetch(conn, source, result.entries) if changed else ([], 0)
    _record_poll_success(conn, source, result, new, settings)
    return urls + _revisits(conn, source, urls)


def _record_poll_success(
    conn: db.Connection, source: dict[str, Any], result: ListingResult, new_urls: int, settings: Settings
) -> None:
    """Clear the failures and store the next poll the schedule decides (an interval fitted to a changed listing)."""
    changed = result.status is ListingState.CHANGED
    published = [d for e in result.entries if (d := e.published_at or e.updated_at)] if changed else None
    now = datetime.now(UTC)
    policy = schedule.SchedulePolicy.from_settings(settings)
    verdict = schedule.succeeded_poll(schedule.SourceTiming.of(source), published, now, policy)
    conn.execute(
        q("poll_succeeded"),
        {
            "id": source["id"],
            "now": now,
            "etag": result.etag,
            "last_modified": result.last_modified,
            "listing_hash": result.body_hash,
            "new_urls": new_urls,
            "status": _POLL_OUTCOME[result.status],
            "current_interval": verdict.current_interval,
            "next_poll_at": verdict.next_poll_at,
        },
    )


def poll_source(source_id: int, settings: Settings, enqueue: EnqueueFetch) -> PollSummary:
    """Poll one source's listing; enqueue a fetch for each URL never fetched or whose listing entry changed, plus
    the source's ``revisit_recent`` latest articles."""
    with db.connection(settings) as conn:
        source = conn.execute(q("source_by_id"), {"id": source_id}).fetchone()
        if source is None:
            return PollSummary(source=f"#{source_id}", status=PollSkipped.MISSING)
        summary = PollSummary(source=source["name"])
        locked = conn.execute(q("try_lock_source"), {"lock": SOURCE_POLL_LOCK, "id": source_id}).fetchone()
        if not (locked and locked["locked"]):
            summary.status = PollSkipped.BUSY
            return summary
        kept: list[ListingFetch] = []
        try:
            urls = _poll_listing(conn, source, settings, summary, kept)
        except (FetchError, ParseError) as exc:
            conn.rollback()  # no entry of a failed poll is kept: the next poll reads them all again
            listing_fetches.keep(conn, source_id, kept, dropped_by=exc)
            conn.commit()
            return _poll_failed(source, exc, settings, summary)
    for url in urls:
        enqueue(url, source_id)
    summary.enqueued = urls
    return summary


def _poll_failed(source: dict[str, Any], exc: Exception, settings: Settings, summary: PollSummary) -> PollSummary:
    summary.error = describe(exc)
    if isinstance(exc, FetchError) and not exc.kind.counts_against_source:
        summary.status = PollOutcome.DEFERRED
        _defer_poll(source, exc, settings)
    else:
        summary.status = PollOutcome.FAILED
        _record_poll_failure(source, exc, settings)
        log.warning("poll of %s failed: %s", source["name"], summary.error)
    return summary


def _defer_poll(source: dict[str, Any], error: FetchError, settings: Settings) -> None:
    """Our own per-host rate limit said "later": not the source's fault, no failure counted."""
    next_poll_at = schedule.deferred_poll(error, datetime.now(UTC))
    with db.connection(settings) as conn:
        conn.execute(
            q("poll_deferred"), {"id": source["id"], "status": PollOutcome.DEFERRED, "next_poll_at": next_poll_at}
        )


def _record_poll_failure(source: dict[str, Any], error: Exception, settings: Settings) -> None:
    now = datetime.now(UTC)
    policy = schedule.SchedulePolicy.from_settings(settings)
    verdict = schedule.failed_poll(error, schedule.SourceTiming.of(source), now, policy)
    with db.connection(settings) as conn:
        conn.execute(
            q("poll_failed"),
            {
                "id": source["id"],
                "now": now,
                "status": PollOutcome.FAILED,
                "error": verdict.error,
                "failures": verdict.failures,
                "backoff_seconds": verdict.backoff_seconds,
                "paused_reason": verdict.paused_reason,
                "paused_until": verdict.paused_until,
                "next_poll_at": verdict.next_poll_at,
            },
        )
    if verdict.paused_reason:
        log.warning("source %s paused until %s: %s", source["name"], verdict.paused_until, verdict.paused_reason)
