"""Fixtures of the fault tests: a private PostgreSQL and Redis for the module, a wire site and an installation
for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.faults.rig import Rig
from tests.integration.faultserver import FaultServer
from tests.integration.private_services import PrivatePostgres, PrivateRedis, private_postgres, private_redis

# Fast recovery for tests: a tick a second, a fetch lease of seconds (above the longest fetch of the wire site,
# held ones included), polite limits out of the way, the local site allowed.
TEST_SETTINGS = {
    "WIREFEED_TICK_SECONDS": "1",
    "WIREFEED_FETCH_LEASE_SECONDS": "20",
    "WIREFEED_ALLOW_PRIVATE_ADDRESSES": "1",
    "WIREFEED_PER_HOST_RPS": "1000",
}


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    with private_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def broker() -> Iterator[PrivateRedis]:
    with private_redis() as server:
        yield server


@pytest.fixture
def wire_server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    yield server
    server.stop()


@pytest.fixture
def rig(postgres, broker, wire_server, tmp_path) -> Iterator[Rig]:
    installation = Rig(postgres.url, broker.url(), tmp_path, TEST_SETTINGS)
    yield installation
    installation.close()
