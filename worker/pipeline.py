"""The ingestion pipeline as plain functions: poll a source's listing, fetch and store an article.

Celery tasks (worker.tasks) are thin wrappers around these; ``wirefeed poll NAME --inline`` calls them
directly. Data flows one way: source due → fetch listing → new URLs → fetch page → parse → store.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from parsers import ParseError, parse_article
from parsers.feeds import ListingEntry, parse_listing
from worker import db
from worker.db import q
from worker.http import FetchError, Response, fetch
from worker.settings import Settings
from worker.store import Stored, mark_page, save_page, store_article

log = logging.getLogger(__name__)

PAUSE_AFTER_FAILURES = 10
PAUSE_SECONDS = 3600
MAX_BACKOFF_SECONDS = 6 * 3600

EnqueueFetch = Callable[[str, int], None]


@dataclass
class PollSummary:
    source: str
    status: str = "ok"
    entries: int = 0
    enqueued: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class FetchSummary:
    url: str
    outcome: str
    article_id: int | None = None
    story_id: int | None = None
    version: int | None = None
    error: str | None = None


def entry_key(entry: ListingEntry) -> str:
    """What identifies a listing entry's state: a change means the article may have been updated."""
    parts = [entry.guid or "", str(entry.published_at or ""), str(entry.updated_at or "")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def backoff_seconds(failures: int, interval: int) -> int:
    """Exponential backoff with jitter, capped: interval × 2^(failures-1), ± 10 %."""
    base = min(MAX_BACKOFF_SECONDS, interval * 2 ** max(0, failures - 1))
    return int(base * random.uniform(0.9, 1.1))


def _urls_to_fetch(conn: db.Connection, source: dict[str, Any], entries: tuple[ListingEntry, ...]) -> list[str]:
    pattern = re.compile(source["url_pattern"]) if source["url_pattern"] else None
    wanted = [e for e in entries if pattern is None or pattern.search(e.url)]
    known = {r["url"] for r in conn.execute(q("known_urls"), {"urls": [e.url for e in wanted]})}
    urls: list[str] = []
    for entry in wanted:
        row = conn.execute(q("upsert_listing_entry"), {
            "source_id": source["id"], "url": entry.url, "guid": entry.guid, "title": entry.title,
            "entry_key": entry_key(entry), "published_at": entry.published_at or entry.updated_at,
        }).fetchone()
        changed = row is not None and not row["inserted"] and row["previous_key"] != entry_key(entry)
        if (entry.url not in known or changed) and entry.url not in urls:
            urls.append(entry.url)
    return urls


def _record_poll_failure(source: dict[str, Any], error: str) -> None:
    failures = int(source["consecutive_failures"]) + 1
    paused = failures >= PAUSE_AFTER_FAILURES
    with db.connection() as conn:
        conn.execute(q("poll_failed"), {
            "id": source["id"], "error": error[:2000],
            "backoff_seconds": backoff_seconds(failures, int(source["poll_interval"])),
            "paused_reason": f"{failures} failed polls in a row; last: {error[:500]}" if paused else None,
            "paused_until": datetime.now(UTC) + timedelta(seconds=PAUSE_SECONDS) if paused else None,
        })


def _poll_listing(conn: db.Connection, source: dict[str, Any], settings: Settings,
                  summary: PollSummary) -> list[str]:
    response = fetch(source["feed_url"], settings, headers=dict(source["headers"] or {}),
                     etag=source["etag"], last_modified=source["last_modified"])
    digest = hashlib.sha256(response.body).hexdigest() if response.status != 304 else None
    urls: list[str] = []
    if response.status == 304:
        summary.status = "not_modified"
    elif digest == source["last_listing_hash"]:
        summary.status = "unchanged"
    else:
        listing = parse_listing(response.body, response.final_url, response.content_type)
        summary.entries = len(listing.entries)
        urls = _urls_to_fetch(conn, source, listing.entries)
    conn.execute(q("poll_succeeded"), {
        "id": source["id"], "etag": response.headers.get("etag"),
        "last_modified": response.headers.get("last-modified"), "listing_hash": digest,
        "new_urls": len(urls)})
    return urls


def poll_source(source_id: int, settings: Settings, enqueue: EnqueueFetch) -> PollSummary:
    """Poll one source's listing; enqueue a fetch for each URL not stored yet or whose entry changed."""
    with db.connection(settings) as conn:
        source = conn.execute(q("source_by_id"), {"id": source_id}).fetchone()
        if source is None:
            return PollSummary(source=f"#{source_id}", status="missing")
        summary = PollSummary(source=source["name"])
        locked = conn.execute(q("try_lock_source"), {"id": source_id}).fetchone()
        if not (locked and locked["locked"]):
            summary.status = "busy"
            return summary
        try:
            urls = _poll_listing(conn, source, settings, summary)
        except (FetchError, ParseError) as exc:
            conn.rollback()
            summary.status, summary.error = "failed", str(exc)
            _record_poll_failure(source, str(exc))
            log.warning("poll of %s failed: %s", source["name"], exc)
            return summary
    for url in urls:
        enqueue(url, source_id)
    summary.enqueued = urls
    return summary


def _conditional_headers(conn: db.Connection, url: str) -> tuple[str | None, str | None]:
    row = conn.execute(q("latest_page_headers"), {"url": url}).fetchone()
    headers = row["headers"] if row else {}
    return headers.get("etag"), headers.get("last-modified")


def record_fetch_failure(url: str, source_id: int | None, error: FetchError, settings: Settings) -> FetchSummary:
    """Keep a failed fetch (after its retries) as a page row with its error: nothing is silently dropped."""
    with db.connection(settings) as conn:
        save_page(conn, source_id=source_id, url=url, response=None,
                  error=str(error))
    return FetchSummary(url=url, outcome="fetch_failed", error=str(error))


def fetch_page(url: str, settings: Settings) -> Response:
    """Fetch an article page, conditionally when a previous fetch gave an ETag or Last-Modified."""
    with db.connection(settings) as conn:
        etag, modified = _conditional_headers(conn, url)
    return fetch(url, settings, etag=etag, last_modified=modified)


def store_page(url: str, source_id: int | None, response: Response, settings: Settings) -> FetchSummary:
    """Keep the raw page, parse it and store the article, photos and story in one transaction."""
    if response.status == 304:
        return FetchSummary(url=url, outcome="not_modified")
    with db.connection(settings) as conn:
        page_id = save_page(conn, source_id=source_id, url=url, response=response)
    try:
        article = parse_article(response.body, response.final_url)
        if not article.paragraphs:
            raise ParseError("no article text found")
    except Exception as exc:  # the worker never dies on input: any parser failure is stored with the page
        error = f"{type(exc).__name__}: {exc}"
        with db.connection(settings) as conn:
            mark_page(conn, page_id, "failed", error=error[:2000])
        return FetchSummary(url=url, outcome="parse_failed", error=error)
    with db.connection(settings) as conn:
        stored: Stored = store_article(conn, url=url, source_id=source_id, article=article, page_id=page_id,
                                       fetched_at=response.fetched_at)
    return FetchSummary(url=url, outcome=stored.outcome, article_id=stored.article_id,
                        story_id=stored.story_id, version=stored.version)


def fetch_article(url: str, source_id: int | None, settings: Settings) -> FetchSummary:
    """Fetch, keep, parse and store one article page. Raises FetchError for the caller to retry or record."""
    return store_page(url, source_id, fetch_page(url, settings), settings)
