"""The unit session's tripwire (tests/unit/conftest.py) is live: it refuses the service ports and leaves others."""

from __future__ import annotations

import os
import socket

import pytest


def test_a_connection_to_redis_or_postgresql_is_refused_and_recorded(no_services: list[str]) -> None:
    for port, name in ((6379, "Redis"), (5432, "PostgreSQL")):
        with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match=name):
            sock.connect(("127.0.0.1", port))
    assert [attempt.split(" at ")[0] for attempt in no_services] == ["Redis", "PostgreSQL"]
    no_services.clear()  # recorded as it should be; the fixture would otherwise fail this test at teardown


def test_other_local_ports_stay_open_to_the_tests() -> None:
    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client.connect(server.getsockname())
        assert client.getpeername() == server.getsockname()


def test_the_service_urls_point_at_a_closed_port() -> None:
    assert ":1/" in os.environ["DATABASE_URL"]
    assert ":1/" in os.environ["REDIS_URL"]
