"""Serving the metrics (worker.runtime.metrics) over HTTP on ``WIREFEED_METRICS_PORT``, and the gauges read from
PostgreSQL and Redis at scrape time.

A prefork worker runs its tasks in child processes: prometheus_client's multi-process mode has each process
write its counters to files in ``PROMETHEUS_MULTIPROC_DIR``, and the worker's main process serves their sum.
The directory must be chosen before prometheus_client is first imported, so the worker's start signal
prepares it (the operator's, emptied; else a temporary one, removed at exit); a child that exits is marked
dead. Beat, a single process, serves its own registry.

The state gauges (queue depth, backlog, sources by health) are computed at scrape time by the process that
runs beat (``wirefeed beat``, or ``wirefeed run`` whose worker embeds it), not counted per task: one target
reports them, and a scrape costs two small queries and a Redis ``LLEN``.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from worker.runtime.settings import Settings

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
HEALTH_STATES = ("ok", "failing", "paused", "disabled")
REDIS_TIMEOUT = 2.0  # seconds: a scrape must not hang on a lost Redis

log = logging.getLogger(__name__)
_prepared = False  # the directory of this process's metrics is ready
_serving = False  # this process serves the metrics, or tried to; a beat forked from it (``run``) does not


def prepare_multiprocess_dir(settings: Settings) -> None:
    """Give the worker's processes a directory to write their metrics to, empty: the operator's (emptied of an
    earlier run's files), else a new temporary one set in the environment its children inherit. Called by
    ``wirefeed worker`` and ``run`` before Celery imports the tasks (and with them prometheus_client), and
    again, doing nothing then, by the worker's start signal. Nothing when no metrics are served."""
    global _prepared
    if _prepared or not settings.metrics_port:
        return
    _prepared = True
    if "prometheus_client" in sys.modules and not os.environ.get(MULTIPROC_ENV):
        # `celery worker` run directly: the tasks are imported already, each process counts for itself alone.
        log.warning("metrics: %s set too late to sum the pool's: start workers with wirefeed", MULTIPROC_ENV)
        return
    _empty_directory()


def _empty_directory() -> Path:
    configured = os.environ.get(MULTIPROC_ENV)
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()
        return path
    path = Path(tempfile.mkdtemp(prefix="wirefeed-metrics-"))
    os.environ[MULTIPROC_ENV] = str(path)
    atexit.register(_remove_if_mine, path, os.getpid())
    return path


def _remove_if_mine(path: Path, creator: int) -> None:
    """Remove the temporary directory at the exit of the process that made it, not of a child forked from it."""
    if os.getpid() == creator:
        shutil.rmtree(path, ignore_errors=True)


def child_exited(pid: int) -> None:
    """Forget the live gauges of a worker's child process that exited (its counters stay in the sum)."""
    from prometheus_client import multiprocess

    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)


def serve(settings: Settings, *, state: bool) -> None:
    """Serve the metrics on ``settings.metrics_port`` (0: not at all), with the state gauges when ``state``. A
    port in use is a warning, not a stop: the worker's work matters more than its metrics."""
    global _serving
    if _serving or not settings.metrics_port:
        return
    _serving = True
    from prometheus_client import start_http_server

    registry = _registry()
    if state:
        registry.register(StateCollector(settings))
    try:
        start_http_server(settings.metrics_port, registry=registry)
    except OSError as exc:
        log.warning("metrics not served on port %d: %s", settings.metrics_port, exc)


def _registry() -> Any:
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess

    if not os.environ.get(MULTIPROC_ENV):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


class StateCollector:
    """Gauges read at scrape time: the broker's queue depth, the backlog of pending fetches by source, the
    sources by health state, and whether both could be read (``wirefeed_state_up``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def describe(self) -> list[Any]:
        return []  # registering it reads nothing: its families are known only at a scrape

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        up = GaugeMetricFamily("wirefeed_state_up", "1 when PostgreSQL and Redis could be read for this scrape.")
        try:
            families = [*self._database_families(), self._queue_depth()]
        except Exception as exc:  # a scrape reports the fault, it never raises
            log.warning("metrics: cannot read the state: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _database_families(self) -> list[Any]:
        from prometheus_client.core import GaugeMetricFamily

        from worker import database as db

        with db.connect(self.settings.database_url) as conn:
            backlog = conn.execute(db.q("fetch_backlog")).fetchall()
            health = {r["state"]: r["n"] for r in conn.execute(db.q("sources_by_health"))}
        sources = GaugeMetricFamily("wirefeed_sources", "Sources by health state.", labels=["state"])
        for name in HEALTH_STATES:
            sources.add_metric([name], health.get(name, 0))
        pending = GaugeMetricFamily(
            "wirefeed_pending_fetches", "Open pending fetches (the backlog), by source.", labels=["source"]
        )
        due = GaugeMetricFamily(
            "wirefeed_pending_fetches_due", "Open pending fetches due now, by source.", labels=["source"]
        )
        oldest = GaugeMetricFamily(
            "wirefeed_pending_oldest_seconds", "Age of the oldest open pending fetch, by source.", labels=["source"]
        )
        now = datetime.now(UTC)
        for row in backlog:
            pending.add_metric([row["source"]], row["open"])
            due.add_metric([row["source"]], row["due"])
            oldest.add_metric([row["source"]], max(0.0, (now - row["oldest"]).total_seconds()))
        return [sources, pending, due, oldest]

    def _queue_depth(self) -> Any:
        import redis
        from prometheus_client.core import GaugeMetricFamily

        settings = self.settings
        client = redis.Redis.from_url(
            settings.redis_url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        try:
            depth = client.llen(settings.redis_prefix + settings.queue)
        finally:
            client.close()
        family = GaugeMetricFamily("wirefeed_queue_depth", "Task messages waiting in the broker's queue.")
        family.add_metric([], depth)
        return family
