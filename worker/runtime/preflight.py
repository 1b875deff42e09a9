"""What a command or a worker checks before it starts work: the database is ready for wirefeed
(worker.database.ready) and Redis answers a ping, each within seconds.

A failed check raises :class:`NotReady`, whose message is one line naming the problem and the fix. Without the
Redis ping, the Celery broker retries an unreachable Redis forever. A check that passed is not repeated in the
process (``wirefeed worker`` checks, then Celery's start signal asks again).
"""

from __future__ import annotations

from functools import cache

from worker.database import DatabaseError
from worker.database.ready import check_ready
from worker.runtime.settings import Settings, redact, scrub

REDIS_TIMEOUT = 2.0  # seconds to connect, and then to answer


class NotReady(RuntimeError):
    """A service the command needs does not answer or is not prepared (the message is one line with the fix)."""


def require(settings: Settings, *, database: bool = False, broker: bool = False) -> None:
    """Raise :class:`NotReady` unless the services asked for are ready: the database, Redis (the broker)."""
    if database:
        _database_ready(settings.database_url)
    if broker:
        _redis_answers(settings.redis_url)


@cache  # only a passed check is remembered: a raising call caches nothing
def _database_ready(url: str) -> None:
    try:
        check_ready(url)
    except DatabaseError as exc:
        raise NotReady(str(exc)) from None


@cache
def _redis_answers(url: str) -> None:
    import redis  # here: a command that needs only the database starts without it

    client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT, retry=None)
    try:
        client.ping()
    except redis.RedisError as exc:
        reason = scrub(str(exc), url)
        raise NotReady(f"Redis does not answer at {redact(url)} ({reason}): start it, or fix REDIS_URL") from None
    finally:
        client.close()
