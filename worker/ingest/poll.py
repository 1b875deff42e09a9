"""Stage one of ingestion: poll a source's listing and queue a fetch for each new or changed entry.

source due (worker.runtime.tasks.tick) → **poll the listing** → pending fetches → fetch each page
(worker.ingest.fetch). Celery's ``wirefeed.poll_source`` task is a thin wrapper; ``wirefeed poll NAME --inline``
calls it directly. When the source is polled next is decided by worker.ingest.schedule; this module only stores it.

A poll runs in three phases, and holds a database connection only in the first and the last:

1. a short transaction claims the source (``sources.polling_until``, a lease: a second poll of the source at
   the same moment finds it held and does nothing) and reads it with the validators of its listing URLs;
2. the listing, and the child sitemaps of a sitemap index, are fetched and parsed with no connection,
   transaction or lock held;
3. one transaction writes the outcome on the source, the listing fetches kept raw, the listing entries (one
   statement for the whole listing) and a ``pending_fetches`` row per URL to fetch, but only while the poll
   still holds its claim. The pending rows' ids are handed to the broker after the commit: a poll killed
   before that loses nothing, since the beat tick hands the broker every open row that nobody holds.
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
from worker.database import listing_fetches, pending, q
from worker.database.pending import Wanted
from worker.database.states import PendingReason, PollOutcome
from worker.ingest import schedule
from worker.ingest.listing import ListingFetch, ListingRequest, ListingResult, ListingState, Validators, read_listing
from worker.network.http import FetchError, describe
from worker.network.politeness import manners_of, polite_fetcher
from worker.runtime import logs, metrics
from worker.runtime.settings import Settings

log = logging.getLogger(__name__)

EnqueueFetch = Callable[[int], None]
"""Hands the id of a pending fetch to whatever runs it (the broker, or the inline loop)."""
_POLL_OUTCOME = {
    ListingState.CHANGED: PollOutcome.OK,
    ListingState.UNCHANGED: PollOutcome.UNCHANGED,
    ListingState.NOT_MODIFIED: PollOutcome.NOT_MODIFIED,
}


class PollSkipped(StrEnum):
    """A poll that did not run (nothing is written on the source)."""

    MISSING = "missing"  # no source with that id
    BUSY = "busy"  # another poll of the source holds it


@dataclass
class PollSummary:
    """``enqueued``: the URLs of the pending fetches the poll added (a URL pending already is not added)."""

    source: str
    status: PollOutcome | PollSkipped = PollOutcome.OK
    entries: int = 0
    enqueued: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class _Claimed:
    """What phase 1 read: the source row (its ``polling_until`` is the claim's token) and the validators of
    its listing URLs."""

    source: dict[str, Any]
    known: dict[str, Validators]

    @property
    def id(self) -> int:
        return int(self.source["id"])


def entry_key(entry: ListingEntry) -> str:
    """What identifies a listing entry's state: a change means the article may have been updated."""
    parts = [entry.guid or "", str(entry.published_at or ""), str(entry.updated_at or "")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _distinct(entries: tuple[ListingEntry, ...]) -> list[ListingEntry]:
    """The entries, each URL once (its first entry)."""
    return list({e.url: e for e in reversed(entries)}.values())[::-1]


def _upsert_entries(conn: db.Connection, source_id: int, entries: list[ListingEntry]) -> dict[str, dict[str, Any]]:
    """Record the listing's entries in one statement; by URL: whether it is listed for the first time
    (``inserted``) and its ``previous_key``."""
    params = {
        "source_id": source_id,
        "urls": [e.url for e in entries],
        "guids": [e.guid for e in entries],
        "titles": [e.title for e in entries],
        "entry_keys": [entry_key(e) for e in entries],
        "published": [e.published_at or e.updated_at for e in entries],
    }
    return {r["url"]: r for r in conn.execute(q("upsert_listing_entries"), params)}


def _urls_to_fetch(conn: db.Connection, source_id: int, entries: list[ListingEntry]) -> tuple[list[Wanted], int]:
    """URLs never fetched, or whose listing entry changed (guid, dates); entries already match url_pattern.
    With them, how many are new: never fetched and never listed by this source before.

    A URL whose fetch failed for good (404, after its retries) is not fetched again on every poll.
    """
    listed = _upsert_entries(conn, source_id, entries)
    known = {r["url"] for r in conn.execute(q("seen_urls"), {"urls": list(listed)})}
    wanted: list[Wanted] = []
    new = 0
    for entry in entries:
        row, key = listed[entry.url], entry_key(entry)
        if entry.url not in known:
            wanted.append(Wanted(entry.url, PendingReason.NEW, key))
            # A URL listed before whose fetch is still pending is not fetched yet, but it is not new either.
            new += bool(row["inserted"])
        elif not row["inserted"] and row["previous_key"] != key:
            wanted.append(Wanted(entry.url, PendingReason.CHANGED, key))
    return wanted, new


def _revisits(conn: db.Connection, source: dict[str, Any], wanted: list[Wanted]) -> list[Wanted]:
    """The source's most recent articles to re-fetch conditionally (``revisit_recent``), not wanted already."""
    if not source["revisit_recent"]:
        return []
    taken = {w.url for w in wanted}
    rows = conn.execute(q("recent_article_urls"), {"source_id": source["id"], "limit": source["revisit_recent"]})
    return [Wanted(r["url"], PendingReason.REVISIT) for r in rows if r["url"] not in taken]


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


def _claim(source_id: int, settings: Settings) -> _Claimed | PollSummary:
    """Phase 1: claim the source for the poll and read what the requests need; a summary when it is skipped."""
    with db.connection(settings) as conn:
        params = {"id": source_id, "lease_seconds": schedule.CLAIM_LEASE_SECONDS}
        source = conn.execute(q("claim_source_poll"), params).fetchone()
        if source is None:
            row = conn.execute(q("source_by_id"), {"id": source_id}).fetchone()
            if row is None:
                return PollSummary(source=f"#{source_id}", status=PollSkipped.MISSING)
            return PollSummary(source=row["name"], status=PollSkipped.BUSY)
        return _Claimed(source, listing_fetches.validators(conn, source_id))


def _still_held(conn: db.Connection, claimed: _Claimed) -> bool:
    """Release the claim, locking the source row for the rest of the transaction; False when another poll
    claimed the source after this one's lease lapsed (this one then writes nothing)."""
    params = {"id": claimed.id, "token": claimed.source["polling_until"]}
    return conn.execute(q("release_source_poll"), params).fetchone() is not None


def poll_source(source_id: int, settings: Settings, enqueue: EnqueueFetch) -> PollSummary:
    """Poll one source's listing; add a pending fetch for each URL never fetched or whose listing entry changed,
    plus the source's ``revisit_recent`` latest articles, and hand each added one to ``enqueue``."""
    claimed = _claim(source_id, settings)
    if isinstance(claimed, PollSummary):
        return claimed
    summary = PollSummary(source=claimed.source["name"])
    logs.bind(source=summary.source, url=claimed.source["feed_url"])
    kept: list[ListingFetch] = []
    request = listing_request(claimed.source, lambda url: claimed.known.get(url, Validators()))
    try:
        with metrics.fetching(metrics.FetchKind.LISTING) as fetch:
            result = fetch.record(read_listing(polite_fetcher(settings), request, kept=kept))
    except (FetchError, ParseError) as exc:
        return _poll_failed(claimed, exc, kept, settings, summary)
    for pending_id, url in _record_listing(claimed, result, settings, summary):
        enqueue(pending_id)
        summary.enqueued.append(url)
    return summary


def _record_listing(
    claimed: _Claimed, result: ListingResult, settings: Settings, summary: PollSummary
) -> list[tuple[int, str]]:
    """Phase 3: in one transaction, the listing fetches, entries, pending fetches and the poll's outcome.
    Returns the pending fetches added, (id, URL)."""
    fetches = listing_fetches.prepare(result.fetches)
    changed = result.status is ListingState.CHANGED
    entries = _distinct(result.entries) if changed else []
    with db.connection(settings) as conn:
        if not _still_held(conn, claimed):
            summary.status = PollSkipped.BUSY
            return []
        listing_fetches.keep(conn, claimed.id, fetches)
        wanted, new = _urls_to_fetch(conn, claimed.id, entries) if entries else ([], 0)
        added = pending.add(conn, claimed.id, wanted + _revisits(conn, claimed.source, wanted))
        _record_poll_success(conn, claimed.source, result, new, settings)
    summary.status = _POLL_OUTCOME[result.status]
    summary.entries = len(result.entries)
    return added


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


def _poll_failed(
    claimed: _Claimed, exc: Exception, kept: list[ListingFetch], settings: Settings, summary: PollSummary
) -> PollSummary:
    """Phase 3 of a failed poll: the listing fetches kept (no entry of a failed poll is: the next poll reads
    them all again) and the failure, or the deferral, on the source, in one transaction."""
    summary.error = describe(exc)
    fetches = listing_fetches.prepare(kept, dropped_by=exc)
    deferred = exc if isinstance(exc, FetchError) and not exc.kind.counts_against_source else None
    with db.connection(settings) as conn:
        if not _still_held(conn, claimed):
            summary.status = PollSkipped.BUSY
            return summary
        listing_fetches.keep(conn, claimed.id, fetches)
        if deferred is not None:
            _defer_poll(conn, claimed.source, deferred)
        else:
            _record_poll_failure(conn, claimed.source, exc, settings)
    summary.status = PollOutcome.DEFERRED if deferred is not None else PollOutcome.FAILED
    if deferred is None:
        log.warning("poll of %s failed: %s", summary.source, summary.error)
    return summary


def _defer_poll(conn: db.Connection, source: dict[str, Any], error: FetchError) -> None:
    """Our own per-host rate limit said "later": not the source's fault, no failure counted."""
    next_poll_at = schedule.deferred_poll(error, datetime.now(UTC))
    conn.execute(q("poll_deferred"), {"id": source["id"], "status": PollOutcome.DEFERRED, "next_poll_at": next_poll_at})


def _record_poll_failure(conn: db.Connection, source: dict[str, Any], error: Exception, settings: Settings) -> None:
    now = datetime.now(UTC)
    policy = schedule.SchedulePolicy.from_settings(settings)
    verdict = schedule.failed_poll(error, schedule.SourceTiming.of(source), now, policy)
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
