"""The Celery application: Redis broker, late acknowledgement, the beat tick that finds due sources and the
hourly prunes.

How a task survives a lost worker, and why the visibility timeout is what it is:

- ``task_acks_late`` and ``task_reject_on_worker_lost``: a task is acknowledged when it ends, not when it
  starts, and a task whose pool process dies is handed back instead of being marked failed. Every task is
  idempotent (unique indexes, ``ON CONFLICT``), so running it twice stores nothing twice.
- With Redis a message a worker took stays in the ``unacked`` hash (under the installation's key prefix)
  until it is acknowledged. A worker shut down warmly (SIGTERM) finishes the tasks it runs and puts the
  messages it holds back at once; one SIGKILLed, or a machine lost, does not: kombu's sweep puts a message
  back once it has been unacknowledged for the visibility timeout (``WIREFEED_BROKER_VISIBILITY_TIMEOUT``,
  default 900 s). The sweep runs about every 100 s in each worker (``unacked_restore_interval`` 10 s ×
  ``unacked_restore_throttle`` 10), so a killed worker's tasks come back within 15-17 minutes, not kombu's
  default hour.
- The timeout must exceed the longest a healthy worker keeps a message unacknowledged, or that message is
  handed to a second worker while the first still has it (Celery's Redis "Caveats": "executed again, and
  again in a loop"). With ``worker_prefetch_multiplier = 1`` and late acknowledgement a worker reserves no
  more messages than it has processes, so a plain task is unacknowledged for about its run time: at most the
  hard time limit, 360 s. A task with a countdown or ETA (a retry) is different: the worker takes it at once,
  raising its prefetch limit by one, and keeps it unacknowledged in memory until it is due, so its countdown
  counts too. Countdown plus run time must therefore stay below the timeout: database-fault retries wait at
  most a minute (worker.runtime.retries); a failed article fetch waits on its pending row in PostgreSQL, not
  in the broker (the beat tick hands it over again when it is due), and only a turn refused by our own
  per-host rate limit is a countdown, of at most a minute (worker.runtime.tasks). A longer timeout would only
  delay the return of a killed worker's tasks; a killed worker's fetches come back sooner anyway, when their
  claim on the pending row lapses (``WIREFEED_FETCH_LEASE_SECONDS``).
- The timeout is the broker's only: tasks keep no results (``task_ignore_result``), so no result backend
  needs the same option. Installations sharing one Redis database keep apart ``unacked`` keys (their
  ``WIREFEED_REDIS_PREFIX``), so one's timeout does not apply to another's messages.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from celery import Celery, signals

from worker.runtime import beat_clock, exporter, logs
from worker.runtime.settings import Settings, SettingsError, get_settings

HOURLY = 3600.0
HOURLY_PRUNES = (  # tasks of worker.runtime.tasks, each run hourly by beat as wirefeed-<name with dashes>
    "prune_dedup_index",
    "prune_listing_fetches",
    "prune_pending_fetches",
    "prune_page_bodies",
    "prune_changes",
)


def make_app(settings: Settings) -> Celery:
    """The app for ``settings``: tasks go to ``settings.queue``, every broker key starts ``settings.redis_prefix``."""
    app = Celery("wirefeed", broker=settings.redis_url, include=["worker.runtime.tasks"])
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue=settings.queue,
        task_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        broker_connection_retry_on_startup=True,
        # Off by default: Flower turns the workers' events on while it runs (BENCHMARKS.md, issue 14: they cost a
        # worker's main process about 2 ms of CPU per task, and the pool about 6 ms of waiting between two tasks).
        worker_send_task_events=settings.task_events,
        task_send_sent_event=settings.task_events,
        broker_transport_options={
            "visibility_timeout": settings.broker_visibility_timeout,
            "global_keyprefix": settings.redis_prefix,
        },
        beat_schedule={
            "wirefeed-tick": {
                "task": "wirefeed.tick",
                "schedule": settings.tick_seconds,
                "options": {"expires": settings.tick_seconds},
            },
            **{
                f"wirefeed-{task.replace('_', '-')}": {
                    "task": f"wirefeed.{task}",
                    "schedule": HOURLY,
                    "options": {"expires": HOURLY},
                }
                for task in HOURLY_PRUNES
            },
        },
    )
    return app


def _app_or_exit() -> Celery:
    try:
        return make_app(get_settings())
    except SettingsError as exc:
        # `celery -A worker.runtime.celery_app ...` imports this module: one line, not a traceback.
        print(f"wirefeed: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


app = _app_or_exit()


def _ready_or_exit(**needs: bool) -> None:
    """Stop a worker or beat that Celery starts (``celery -A worker.runtime.celery_app ...``) with one line, before
    its banner where Celery allows, when a service it needs is not ready: not a traceback, not endless retries."""
    from worker.runtime.preflight import NotReady, require

    try:
        require(get_settings(), **needs)
    except NotReady as exc:
        print(f"wirefeed: {exc}", file=sys.__stderr__)  # beat has put a logger in place of sys.stderr by now
        raise SystemExit(1) from None


def _worker_starts(options: dict[str, Any], **_: Any) -> None:
    """In a worker's main process, before its pool's children exist: the services ready, the metrics' directory
    shared with the children (worker.runtime.exporter), the metrics served, with the state gauges when the
    worker embeds beat (``wirefeed run``)."""
    _ready_or_exit(database=True, broker=True)
    exporter.prepare_multiprocess_dir(get_settings())
    exporter.serve(get_settings(), state=bool(options.get("beat")))


def _beat_starts(**_: Any) -> None:
    _ready_or_exit(broker=True)
    exporter.serve(get_settings(), state=True)  # a beat embedded in a worker: the worker serves already


def _log_format(logger: logging.Logger, **_: Any) -> None:
    logs.configure(logger, get_settings())


signals.celeryd_init.connect(_worker_starts, weak=False)
signals.beat_init.connect(_beat_starts, weak=False)
signals.worker_process_shutdown.connect(lambda pid, **_: exporter.child_exited(pid), weak=False)
signals.after_setup_logger.connect(_log_format, weak=False)
signals.after_setup_task_logger.connect(_log_format, weak=False)
signals.task_prerun.connect(lambda **_: logs.clear(), weak=False)
signals.before_task_publish.connect(beat_clock.record_sent, weak=False)  # wirefeed status: is beat alive?
