"""Unit tests run with PostgreSQL and Redis out of reach: each test runs with the service URLs pointing at a closed
port and a tripwire on Python's sockets that refuses, and reports, any connection to their ports. (libpq opens
its own sockets in C, out of the tripwire's sight: the closed-port DATABASE_URL is what keeps psycopg out.)"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

SERVICE_PORTS = {5432: "PostgreSQL", 6379: "Redis"}
UNREACHABLE = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/unreachable", "REDIS_URL": "redis://127.0.0.1:1/0"}


def _service(address: Any) -> str | None:
    if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int):
        return SERVICE_PORTS.get(address[1])
    return None


@pytest.fixture(autouse=True)
def no_services(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(address: Any) -> None:
        service = _service(address)
        if service:
            attempts.append(f"{service} at {address!r}")
            raise ConnectionRefusedError(f"unit tests must not reach {service}")

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        guard(address)
        connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
        guard(address)
        return connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    for name, url in UNREACHABLE.items():
        monkeypatch.setenv(name, url)
    yield attempts
    # A test that caught the refusal must still fail: the attempt itself is the defect.
    assert attempts == [], f"a unit test tried to reach a service: {attempts}"
