"""Test session setup: real PostgreSQL and Redis (found or started like the demo does), one database per
session built from schema.sql, truncated before each test that asks for it.

Each session also has a Redis key prefix and a Celery queue of its own (``WIREFEED_REDIS_PREFIX``,
``WIREFEED_QUEUE``), so two runs on one machine share the Redis server without touching each other's keys:
nothing flushes a Redis database, a session deletes only its own keys."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import psycopg
import pytest
import redis

from tests.integration.console_site import console  # noqa: F401 - fixture: the web console on the sample site
from tests.integration.faultserver import fault_server, stalled_listener  # noqa: F401 - fixtures: local HTTP faults
from tests.paths import ROOT

_stack = ExitStack()
_TABLES = (
    "article_urls",
    "photos",
    "article_versions",
    "listing_entries",
    "articles",
    "stories",
    "pages",
    "sources",
    "dedup_keys",
    "paragraph_sightings",
    "listing_fetches",
    "pending_fetches",
    "changes",
    "heartbeats",
    "changes_pruned",
)


def pytest_configure(config: pytest.Config) -> None:
    from worker.devtools.services import resolve_services

    if hasattr(config, "workerinput"):
        return
    services = _stack.enter_context(resolve_services(ROOT / ".state" / "test"))
    session = uuid.uuid4().hex[:10]
    name = f"wirefeed_test_{session}"
    url = psycopg.conninfo.make_conninfo(services.database_url, dbname=name)
    redis_url = services.redis_url.rsplit("/", 1)[0] + "/15"  # away from an installation's keys in db 0
    os.environ.update(
        {
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "WIREFEED_REDIS_PREFIX": f"wirefeed-test-{session}:",
            "WIREFEED_QUEUE": f"wirefeed-test-{session}",
            "WIREFEED_ALLOW_PRIVATE_ADDRESSES": "1",
            "WIREFEED_PER_HOST_RPS": "1000",
            "WIREFEED_METRICS_PORT": "0",  # no metrics served unless a test asks (test_monitoring.py)
        }
    )
    from worker import database as db
    from worker.runtime.settings import get_settings

    get_settings.cache_clear()
    db.ensure_database(url)
    db.apply_schema(url)
    config.stash[_session_key] = (services.database_url, name, get_settings())


_session_key = pytest.StashKey[tuple[str, str, Any]]()


def pytest_unconfigure(config: pytest.Config) -> None:
    from worker import database as db

    db.close_pools()
    server, name, settings = config.stash.get(_session_key, ("", "", None))
    if name:
        with psycopg.connect(psycopg.conninfo.make_conninfo(server, dbname="postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if settings is not None:
        with redis.Redis.from_url(settings.redis_url) as client:
            delete_keys(client, settings.redis_prefix)
    _stack.close()


def delete_keys(client: redis.Redis, prefix: str) -> None:
    """Delete the keys that start with ``prefix`` (which holds no glob character: the settings refuse them)."""
    for key in client.scan_iter(match=prefix + "*", count=1000):
        client.delete(key)


@pytest.fixture
def settings():
    from worker.runtime.settings import get_settings

    return get_settings()


@pytest.fixture
def database(settings) -> Iterator[str]:
    """The session's database, emptied: yields its URL."""
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {', '.join(_TABLES)} RESTART IDENTITY CASCADE")
    yield settings.database_url


@pytest.fixture
def conn(database):
    from worker import database as db

    with db.connect(database) as connection:
        yield connection


@pytest.fixture
def sample_site():
    from worker.devtools.sample_site import SampleSite

    site = SampleSite()
    yield site
    site.close()


@pytest.fixture
def redis_client(settings) -> Iterator[redis.Redis]:
    """The session's Redis database (db 15 of the test server, shared with other sessions: mind the prefix)."""
    client = redis.Redis.from_url(settings.redis_url)
    yield client
    client.close()


@pytest.fixture
def prefix(settings, redis_client: redis.Redis) -> Iterator[str]:
    """A Redis key prefix of this test's own, inside the session's; its keys are deleted afterwards."""
    value = f"{settings.redis_prefix}test-{uuid.uuid4().hex[:10]}:"
    yield value
    delete_keys(redis_client, value)


@pytest.fixture
def fresh_politeness(settings, redis_client: redis.Redis) -> Iterator[None]:
    """Forget the session's robots.txt and rate buckets: they are keyed by host:port, and ports are reused
    across tests."""
    from worker.network.ratelimit import HostRateLimiter
    from worker.network.robots import RobotsCache

    for keys in (RobotsCache.KEYS, HostRateLimiter.KEYS):
        delete_keys(redis_client, settings.redis_prefix + keys)
    yield
