from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.faultserver import fault_server  # noqa: F401 - fixture: a fault-injecting local HTTP server


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    value = f"wirefeed-test:{uuid.uuid4().hex}:"
    yield value
    for key in redis_client.scan_iter(match=value + "*"):
        redis_client.delete(key)
