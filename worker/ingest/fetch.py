"""Stage two of ingestion: fetch a pending article page, keep it raw, parse it and store the article.

poll (worker.ingest.poll) → pending fetch → **claim it → fetch the page → keep it → parse → store**
(worker.database.store), the pending row closed in the transaction that stores the outcome. Each transaction
runs in psycopg's pipeline mode: a statement whose result is not read waits for nothing, and goes to the server
with the next one that is.

Celery's ``wirefeed.fetch_article`` task is a thin wrapper of :func:`fetch_pending`. A row closed already, held
by another worker or not due yet is not claimed, and then nothing is fetched: a redelivered or duplicated task
changes nothing. The page is fetched with no connection held. Its outcome closes the row: the article stored
(new, version, unchanged, duplicate), a 304 (not_modified), a page that does not parse (kept with its error,
parse_failed), a failure retrying won't mend or the last of the retries (a failure page row, fetch_failed).
Any other failed try is written on the row, which is released until its next try (worker.ingest.schedule
decides when); the beat tick hands it to the broker again then. A turn refused by our own per-host rate limit
counts no failure: the task comes back by itself after a short countdown when the caller allows one
(``may_wait``), else the row waits for the host's slot.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from parsers import Article, ParseError, parse_article
from worker import database as db
from worker.database import pending, q
from worker.database.pending import Claim, Holder
from worker.database.states import FetchOutcome, ParseStatus
from worker.database.store import mark_page, save_page, send_page, store_article
from worker.ingest import schedule
from worker.network.http import MAX_ERROR, PAGE_TYPES, FetchError, Response, describe
from worker.network.politeness import Manners, manners_of, polite_fetcher
from worker.runtime import logs, metrics
from worker.runtime.settings import Settings

SKIPPED = "skipped"  # not claimed: closed, held by another worker, not due yet, or gone
RETRY = "retry"  # failed; the row waits for its next try, with the error
DEFERRED = "deferred"  # our rate limit is full for a while; the row waits for the host's slot
THROTTLED = "throttled"  # our rate limit is full for a moment; the task comes back in ``retry_in`` seconds


@dataclass(frozen=True)
class FetchSummary:
    """``outcome``: how the pending row closed (a ``FetchOutcome``), or why it is still open (skipped, retry,
    deferred, throttled)."""

    pending_id: int
    url: str
    outcome: str
    article_id: int | None = None
    story_id: int | None = None
    version: int | None = None
    error: str | None = None
    retry_in: float | None = None


@dataclass(frozen=True)
class _Job:
    """A claimed pending fetch, with what its request needs: the validators of the last stored response of
    the URL, and the source's row (its manners and site profile)."""

    claim: Claim
    etag: str | None
    last_modified: str | None
    source: dict[str, Any] | None

    def summary(self, outcome: str, **details: Any) -> FetchSummary:
        return FetchSummary(self.claim.id, self.claim.url, outcome, **details)


def _claim(pending_id: int, settings: Settings, holder: Holder | None) -> _Job | None:
    """Claim the row and read what the request needs in one round trip (a pipeline: the reads go with the claim,
    and are ignored when nothing was claimed); a server crash losing the claim only frees the row again, so its
    commit does not wait for the disk."""
    with db.pipelined(settings) as conn:
        db.commit_without_flush(conn)
        claiming = pending.claiming(conn, pending_id, settings.fetch_lease_seconds, holder)
        headers_query = conn.execute(q("pending_fetch_page_headers"), {"id": pending_id})
        source_query = conn.execute(q("pending_fetch_source"), {"id": pending_id})
        claim = claiming()
        if claim is None:
            return None
        source = source_query.fetchone()
        row = headers_query.fetchone()
    logs.bind(source=source["name"] if source else None, url=claim.url)
    headers = row["headers"] if row else {}
    return _Job(claim, headers.get("etag"), headers.get("last-modified"), source)


def fetch_pending(
    pending_id: int, settings: Settings, may_wait: float = 0.0, holder: Holder | None = None
) -> FetchSummary:
    """Claim pending fetch ``pending_id``, fetch, keep, parse and store its page, and close it; or write the
    failed try on it. ``may_wait``: the longest countdown after which the caller runs it again itself when our
    rate limit is full (0: the row waits for the tick instead). ``holder``: the caller's try (its task id and
    try number), whose next try may claim the row again while this try's lease runs (a database fault can keep a
    try from releasing it); the same try delivered twice may not.

    The page is fetched politely (the source's manners), conditionally when a previous fetch gave an ETag or
    Last-Modified."""
    job = _claim(pending_id, settings, holder)
    if job is None:
        return FetchSummary(pending_id, "", SKIPPED)
    try:
        return _fetch(job, settings, may_wait)
    except Exception:
        _release_quietly(job, settings)
        raise


def _fetch(job: _Job, settings: Settings, may_wait: float) -> FetchSummary:
    manners = manners_of(job.source) if job.source else Manners()
    fetcher = polite_fetcher(settings)
    try:
        with metrics.fetching(metrics.FetchKind.PAGE) as fetch:
            response = fetcher.fetch(
                job.claim.url, manners, etag=job.etag, last_modified=job.last_modified, accept=PAGE_TYPES
            )
            fetch.record(response)
    except FetchError as exc:
        return _failed_try(job, exc, settings, may_wait)
    return store_page(job, response, settings)


def _release_quietly(job: _Job, settings: Settings) -> None:
    """Release the row of a fetch that ended on an unexpected error (a database fault, say), so that the task's
    retry may claim it at once; best effort: while the database is down, the lease lapses and the tick hands
    the row again."""
    with contextlib.suppress(Exception), db.connection(settings) as conn:
        pending.release(conn, job.claim.id)


def _failed_try(job: _Job, error: FetchError, settings: Settings, may_wait: float) -> FetchSummary:
    message = describe(error)[:MAX_ERROR]
    if not error.kind.counts_against_source:
        return _throttled(job, error, settings, may_wait)
    failures = job.claim.attempts + 1
    delay = schedule.next_fetch_try(failures, error)
    if delay is None:
        return record_fetch_failure(job, error, settings)
    with db.connection(settings) as conn:
        pending.reschedule(conn, job.claim.id, delay, message, counted=True)
    return job.summary(RETRY, error=message, retry_in=delay)


def _throttled(job: _Job, error: FetchError, settings: Settings, may_wait: float) -> FetchSummary:
    """Our own per-host rate limit refused the turn: no failure counted."""
    delay = schedule.throttled_delay(error.retry_after)
    with db.connection(settings) as conn:
        if delay <= may_wait:
            pending.release(conn, job.claim.id)
            return job.summary(THROTTLED, retry_in=delay)
        pending.reschedule(conn, job.claim.id, delay, None, counted=False)
    return job.summary(DEFERRED, retry_in=delay)


def record_fetch_failure(job: _Job, error: FetchError, settings: Settings) -> FetchSummary:
    """Give the fetch up: its failure kept as a page row with its error, and the row closed, in one transaction.
    Nothing is silently dropped."""
    message = describe(error)[:MAX_ERROR]
    with db.connection(settings) as conn:
        save_page(
            conn, source_id=job.claim.source_id, url=job.claim.url, response=None, error=message, status=error.status
        )
        pending.close(conn, job.claim.id, FetchOutcome.FETCH_FAILED, message)
    return job.summary(FetchOutcome.FETCH_FAILED, error=message)


@metrics.timed(metrics.Stage.PARSE)
def parse_page(body: bytes, url: str, profile: str | None = None) -> Article:
    """The article of a fetched page; a page without article text is a parse failure."""
    article = parse_article(body, url, profile=profile)
    if not article.paragraphs:
        raise ParseError("no article text found")
    return article


def store_page(job: _Job, response: Response, settings: Settings) -> FetchSummary:
    """Keep the raw page (committed first, so it survives any later failure), parse it, then store the article,
    version, photos and story and close the pending row in a second transaction; a parse failure marks the page
    and closes the row in a transaction of its own. The site profile is the one the source names (None: chosen
    by the page's host)."""
    claim = job.claim
    if response.not_modified:
        with db.connection(settings) as conn:
            pending.close(conn, claim.id, FetchOutcome.NOT_MODIFIED)
        return job.summary(FetchOutcome.NOT_MODIFIED)
    with db.pipelined(settings) as conn:
        db.commit_without_flush(conn)  # the store's commit below flushes it; a crash before that redoes the fetch
        page = send_page(conn, source_id=claim.source_id, url=claim.url, response=response)
        conn.commit()  # the insert's answer comes with the COMMIT's
        page_id = page()
    try:
        article = parse_page(response.body, response.final_url, job.source["profile"] if job.source else None)
    except Exception as exc:  # the worker never dies on input: any parser failure is stored with the page
        error = describe(exc)[:MAX_ERROR]
        with db.connection(settings) as conn:
            mark_page(conn, page_id, ParseStatus.FAILED, error=error)
            pending.close(conn, claim.id, FetchOutcome.PARSE_FAILED, error)
        metrics.parse_failed()
        return job.summary(FetchOutcome.PARSE_FAILED, error=error)
    # In a pipeline: statements whose result is not read share a round trip.
    with metrics.timed(metrics.Stage.STORE), db.pipelined(settings) as conn:
        stored = store_article(
            conn,
            url=claim.url,
            source_id=claim.source_id,
            article=article,
            page_id=page_id,
            fetched_at=response.fetched_at,
        )
        pending.close(conn, claim.id, FetchOutcome(stored.outcome))
    metrics.stored(stored.outcome, stored.relation, article.warnings, claim.first_seen_at)
    return job.summary(stored.outcome, article_id=stored.article_id, story_id=stored.story_id, version=stored.version)
