"""The Celery application: Redis broker, late acknowledgement, and the beat tick that finds due sources."""

from __future__ import annotations

from celery import Celery

from worker.runtime.settings import get_settings


def make_app() -> Celery:
    settings = get_settings()
    app = Celery("wirefeed", broker=settings.redis_url, include=["worker.runtime.tasks"])
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue="wirefeed",
        task_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": 3600},
        beat_schedule={
            "wirefeed-tick": {
                "task": "wirefeed.tick",
                "schedule": settings.tick_seconds,
                "options": {"expires": settings.tick_seconds},
            },
            "wirefeed-prune-dedup-index": {
                "task": "wirefeed.prune_dedup_index",
                "schedule": 3600,
                "options": {"expires": 3600},
            },
            "wirefeed-prune-listing-fetches": {
                "task": "wirefeed.prune_listing_fetches",
                "schedule": 3600,
                "options": {"expires": 3600},
            },
        },
    )
    return app


app = make_app()
