"""Test session setup: real PostgreSQL and Redis (found or started like the demo does), one database per
session built from schema.sql, truncated before each test that asks for it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import psycopg
import pytest
import redis

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
)


def pytest_configure(config: pytest.Config) -> None:
    from worker.devtools.services import resolve_services

    if hasattr(config, "workerinput"):
        return
    services = _stack.enter_context(resolve_services(ROOT / ".state" / "test"))
    name = f"wirefeed_test_{uuid.uuid4().hex[:10]}"
    url = psycopg.conninfo.make_conninfo(services.database_url, dbname=name)
    redis_url = services.redis_url.rsplit("/", 1)[0] + "/15"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "WIREFEED_ALLOW_PRIVATE_ADDRESSES": "1",
            "WIREFEED_PER_HOST_RPS": "1000",
        }
    )
    from worker import database as db
    from worker.runtime.settings import get_settings

    get_settings.cache_clear()
    db.ensure_database(url)
    db.apply_schema(url)
    redis.Redis.from_url(redis_url).flushdb()
    config.stash[_db_key] = (services.database_url, name)


_db_key = pytest.StashKey[tuple[str, str]]()


def pytest_unconfigure(config: pytest.Config) -> None:
    from worker import database as db

    db.close_pools()
    server, name = config.stash.get(_db_key, ("", ""))
    if name:
        with psycopg.connect(psycopg.conninfo.make_conninfo(server, dbname="postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _stack.close()


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
def redis_client() -> Iterator[redis.Redis]:
    """The session's Redis database (db 15 of the test server)."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A Redis key prefix of this test's own; its keys are deleted afterwards."""
    value = f"wirefeed-test:{uuid.uuid4().hex}:"
    yield value
    for key in redis_client.scan_iter(match=value + "*"):
        redis_client.delete(key)


@pytest.fixture
def fresh_politeness(redis_client: redis.Redis) -> Iterator[None]:
    """Forget robots.txt and rate buckets: they are keyed by host:port, and ports are reused across tests."""
    for key in redis_client.scan_iter(match="wirefeed:*"):
        redis_client.delete(key)
    yield
