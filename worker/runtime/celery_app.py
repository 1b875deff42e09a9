"""The Celery application: Redis broker, late acknowledgement, the beat tick that finds due sources and the
hourly prunes."""

from __future__ import annotations

import sys

from celery import Celery, signals

from worker.runtime.settings import Settings, SettingsError, get_settings

HOURLY = 3600.0


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
        broker_transport_options={"visibility_timeout": 3600, "global_keyprefix": settings.redis_prefix},
        beat_schedule={
            "wirefeed-tick": {
                "task": "wirefeed.tick",
                "schedule": settings.tick_seconds,
                "options": {"expires": settings.tick_seconds},
            },
            "wirefeed-prune-dedup-index": {
                "task": "wirefeed.prune_dedup_index",
                "schedule": HOURLY,
                "options": {"expires": HOURLY},
            },
            "wirefeed-prune-listing-fetches": {
                "task": "wirefeed.prune_listing_fetches",
                "schedule": HOURLY,
                "options": {"expires": HOURLY},
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


signals.celeryd_init.connect(lambda **_: _ready_or_exit(database=True, broker=True), weak=False)
signals.beat_init.connect(lambda **_: _ready_or_exit(broker=True), weak=False)
