"""Celery tasks: the beat tick and the prunes, and thin wrappers of worker.ingest.poll and .fetch.

PostgreSQL holds the pending work (``pending_fetches``); the broker only hands it to workers. A fetch task
carries a pending row's id and acknowledges once its outcome or its failed try is written on the row: no
task waits long in the broker with a countdown, but for a short turn of our own per-host rate limit. The
tick queues the due sources' polls, and queues again every open pending row that is due and that nobody
holds: a row whose task the broker lost (a Redis restarted empty), or whose worker was killed mid-fetch
(its claim lapsed), or whose poll died before handing it over, or that waited for its next try.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from celery import Task
from celery.utils.log import get_task_logger

from worker import database as db
from worker.database import dedup, health, pending, q, retention
from worker.ingest import schedule
from worker.ingest.fetch import THROTTLED, fetch_pending
from worker.ingest.poll import poll_source as run_poll
from worker.runtime import logs, metrics
from worker.runtime.celery_app import app
from worker.runtime.retries import RetriesDatabaseFaults
from worker.runtime.settings import get_settings

log = get_task_logger(__name__)  # records carry the task's name and id

THROTTLED_RETRIES = 50  # turns a task waits for our own per-host rate limit, in a countdown, before its row waits
THROTTLED_COUNTDOWN = 60.0  # the longest such countdown (seconds): far below the broker's visibility timeout
REQUEUE_BATCH = 500  # pending rows queued again per tick at most: a big backlog does not flood the broker


class WirefeedTask(RetriesDatabaseFaults):
    """Policy for every task: bounded in time, retried on a transient database fault (worker.runtime.retries).
    Late acknowledgement (a lost worker's task runs again) and no result are the app's configuration
    (worker.runtime.celery_app), which every task takes."""

    soft_time_limit = 300
    time_limit = 360


def enqueue_fetch(pending_id: int) -> None:
    """Hand a pending fetch to the broker. A message older than the lease is dropped unrun: by then the tick
    has handed the row again if it is still open."""
    fetch_article.apply_async((pending_id,), expires=get_settings().fetch_lease_seconds)


@app.task(base=WirefeedTask, bind=True, name="wirefeed.tick")
def tick(self: Task, limit: int = 100) -> int:
    """Enqueue one poll per due source (claiming pushes next_poll_at, so a source is never queued twice), and
    the pending fetches due that nobody holds; record the tick's heartbeat (``wirefeed status`` reads it).
    Returns how many polls were queued."""
    settings = get_settings()
    lease = schedule.CLAIM_LEASE_SECONDS
    with db.connection(settings) as conn:
        health.record_heartbeat(conn, health.TICK, settings.tick_seconds, self.request.hostname)
        due = conn.execute(q("claim_due_sources"), {"limit": limit, "lease_seconds": lease}).fetchall()
        fetches = pending.requeue(conn, REQUEUE_BATCH, settings.fetch_lease_seconds)
    for row in due:
        poll_source.apply_async((row["id"],), expires=lease)
    for pending_id in fetches:
        enqueue_fetch(pending_id)
    if fetches:
        log.info("queued again %d pending fetches", len(fetches))
    return len(due)


@app.task(base=WirefeedTask, name="wirefeed.poll_source")
def poll_source(source_id: int) -> dict[str, Any]:
    started = time.perf_counter()
    logs.bind(stage="poll")
    summary = run_poll(source_id, get_settings(), enqueue_fetch)
    metrics.polled(summary.source, summary.status)
    log.info(
        "polled %s: %s, %d entries, %d to fetch",
        summary.source,
        summary.status,
        summary.entries,
        len(summary.enqueued),
        extra=logs.timing(summary.status, time.perf_counter() - started),
    )
    return {"status": summary.status, "enqueued": len(summary.enqueued)}


@app.task(base=WirefeedTask, bind=True, name="wirefeed.fetch_article", max_retries=THROTTLED_RETRIES)
def fetch_article(self: Task, pending_id: int) -> dict[str, Any]:
    """Fetch pending fetch ``pending_id`` (worker.ingest.fetch.fetch_pending). Its only Celery retries are short
    turns waiting for our own rate limit."""
    started = time.perf_counter()
    logs.bind(stage="fetch")
    settings = get_settings()
    may_wait = THROTTLED_COUNTDOWN if self.request.retries < THROTTLED_RETRIES else 0.0
    summary = fetch_pending(pending_id, settings, may_wait, pending.Holder(self.request.id, self.request.retries))
    metrics.fetch_ended(summary.outcome)
    if summary.outcome == THROTTLED and summary.retry_in is not None:
        countdown = summary.retry_in
        raise self.retry(countdown=countdown, expires=countdown + settings.fetch_lease_seconds)
    log.info(
        "fetch #%d %s: %s",
        pending_id,
        summary.url,
        summary.outcome,
        extra=logs.timing(summary.outcome, time.perf_counter() - started),
    )
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
    return _prune(retention.LISTING_FETCHES)


@app.task(base=WirefeedTask, name="wirefeed.prune_pending_fetches")
def prune_pending_fetches() -> int:
    """Forget pending fetches closed longer ago than the retention (hourly, by beat)."""
    return _prune(retention.PENDING_FETCHES)


@app.task(base=WirefeedTask, name="wirefeed.prune_page_bodies")
def prune_page_bodies() -> int:
    """Drop raw page bodies older than the retention, never an article's latest page (hourly, by beat)."""
    return _prune(retention.PAGE_BODIES)


@app.task(base=WirefeedTask, name="wirefeed.prune_changes")
def prune_changes() -> int:
    """Forget change feed rows older than the retention, moving the feed's horizon (hourly, by beat)."""
    return _prune(retention.CHANGES)


def _prune(rule: retention.Rule) -> int:
    """Sweep ``rule``'s rows past their retention (worker.database.retention: a transaction per batch, so a run cut
    short by the time limit keeps what it removed and the next run goes on); log and return how many went."""
    settings = get_settings()
    with db.connection(settings) as conn:
        pruned = retention.sweep(conn, rule, retention.retention(rule, settings))
    log.info("%s", pruned.describe("pruned"))
    return pruned.rows
