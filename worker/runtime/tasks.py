"""Celery tasks: the beat tick and the prunes, and thin wrappers of worker.ingest.poll and .fetch; the retry
policy for all."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Task
from celery.utils.log import get_task_logger

from worker import database as db
from worker.database import dedup, listing_fetches, q
from worker.ingest import schedule
from worker.ingest.fetch import fetch_article as run_fetch
from worker.ingest.fetch import record_fetch_failure
from worker.ingest.poll import poll_source as run_poll
from worker.network.http import FetchError
from worker.runtime.celery_app import app
from worker.runtime.retries import RetriesDatabaseFaults
from worker.runtime.settings import get_settings

log = get_task_logger(__name__)  # records carry the task's name and id

FETCH_RETRIES = 5
THROTTLED_RETRIES = 50  # waiting for our own per-host rate limit is not an error; give it more turns


class WirefeedTask(RetriesDatabaseFaults):
    """Policy for every task: bounded in time, retried on a transient database fault (worker.runtime.retries).
    Late acknowledgement (a lost worker's task runs again) and no result are the app's configuration
    (worker.runtime.celery_app), which every task takes."""

    soft_time_limit = 300
    time_limit = 360


def retry_countdown(error: FetchError, failures: int, throttled: int) -> float | None:
    """Seconds before the next try of a failed fetch, or None when it is time to record the failure.

    ``failures``: tries that failed so far; ``throttled``: turns spent waiting for our own rate limit.
    The two budgets are apart, so a busy host's waiting turns never use up the retries of real errors.
    """
    if not error.kind.retryable:
        return None
    if not error.kind.counts_against_source:
        return schedule.throttled_delay(error.retry_after) if throttled < THROTTLED_RETRIES else None
    return schedule.fetch_retry_delay(failures, error.retry_after) if failures < FETCH_RETRIES else None


@app.task(base=WirefeedTask, name="wirefeed.tick")
def tick(limit: int = 100) -> int:
    """Enqueue one poll per due source; claiming pushes next_poll_at so a source is never queued twice."""
    settings = get_settings()
    lease = schedule.CLAIM_LEASE_SECONDS
    with db.connection(settings) as conn:
        due = conn.execute(q("claim_due_sources"), {"limit": limit, "lease_seconds": lease}).fetchall()
    for row in due:
        poll_source.apply_async((row["id"],), expires=lease)
    return len(due)


@app.task(base=WirefeedTask, name="wirefeed.poll_source")
def poll_source(source_id: int) -> dict[str, Any]:
    summary = run_poll(source_id, get_settings(), lambda url, sid: fetch_article.delay(url, sid))
    log.info(
        "polled %s: %s, %d entries, %d to fetch", summary.source, summary.status, summary.entries, len(summary.enqueued)
    )
    return {"status": summary.status, "enqueued": len(summary.enqueued)}


@app.task(base=WirefeedTask, bind=True, name="wirefeed.fetch_article", max_retries=FETCH_RETRIES + THROTTLED_RETRIES)
def fetch_article(self: Task, url: str, source_id: int | None, failures: int = 0) -> dict[str, Any]:
    """``failures`` counts the failed tries so far; the other retries were turns throttled by our rate limit."""
    settings = get_settings()
    try:
        summary = run_fetch(url, source_id, settings)
    except FetchError as exc:
        countdown = retry_countdown(exc, failures, self.request.retries - failures)
        if countdown is not None:
            failed = failures + 1 if exc.kind.counts_against_source else failures
            raise self.retry(exc=exc, countdown=countdown, kwargs={"failures": failed}) from exc
        summary = record_fetch_failure(url, source_id, exc, settings)
    log.info("fetched %s: %s", url, summary.outcome)
    return {"outcome": summary.outcome, "article_id": summary.article_id}


@app.task(base=WirefeedTask, name="wirefeed.prune_dedup_index")
def prune_dedup_index() -> dict[str, int]:
    """Forget near-duplicate keys and paragraph sightings older than the dedup window (hourly, by beat)."""
    settings = get_settings()
    with db.connection(settings) as conn:
        pruned = dedup.prune(conn, timedelta(days=settings.dedup_window_days))
    log.info("pruned dedup index: %(keys)d keys, %(sightings)d sightings", pruned)
    return pruned


@app.task(base=WirefeedTask, name="wirefeed.prune_listing_fetches")
def prune_listing_fetches() -> int:
    """Forget raw listings older than the retention but the last body read of each URL (hourly, by beat)."""
    settings = get_settings()
    with db.connection(settings) as conn:
        pruned = listing_fetches.prune(conn, timedelta(days=settings.listing_retention_days))
    log.info("pruned %d listing fetches", pruned)
    return pruned
