"""When beat last sent its tick, kept in Redis beside the broker's queue (beat needs nothing else).

The tick's own heartbeat (the ``heartbeats`` row, worker.database.health) says when a worker last *ran* a
tick; this key says when beat last *sent* one. Together they tell a stopped beat from stopped workers.
"""

from __future__ import annotations

import contextlib
import time
from functools import lru_cache
from typing import Any

import redis

from worker.runtime.settings import Settings, get_settings

TICK_TASK = "wirefeed.tick"
KEY = "beat:tick-sent"  # under WIREFEED_REDIS_PREFIX
TIMEOUT = 2.0


@lru_cache(maxsize=1)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)


def record_sent(sender: str | None = None, **_: Any) -> None:
    """Celery's ``before_task_publish`` handler: note the time when the task published is the tick. A Redis
    that does not answer fails the publication itself, so an error here adds nothing and is left out."""
    if sender != TICK_TASK:
        return
    settings = get_settings()
    with contextlib.suppress(redis.RedisError):
        _client(settings.redis_url).set(settings.redis_prefix + KEY, repr(time.time()))


def last_sent(client: redis.Redis, settings: Settings) -> float | None:
    """Epoch seconds of the last tick beat sent, or None when it never sent one."""
    value = client.get(settings.redis_prefix + KEY)
    return float(value) if value is not None else None
