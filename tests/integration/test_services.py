"""The demo's and tests' fallback: private PostgreSQL and Redis started from the system's binaries."""

from __future__ import annotations

import shutil

import psycopg
import pytest
import redis

from worker.devtools.services import pg_bin, resolve_services


@pytest.mark.skipif(not (pg_bin("initdb") and shutil.which("redis-server")), reason="no server binaries")
def test_private_instances_start_answer_and_stop(tmp_path, monkeypatch):
    monkeypatch.setenv("WIREFEED_PRIVATE_SERVICES", "1")
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("REDIS_URL")
    with resolve_services(tmp_path) as services:
        assert services.private and ":5432/" not in services.database_url
        with psycopg.connect(services.database_url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert redis.Redis.from_url(services.redis_url).ping()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(services.database_url, connect_timeout=2)
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(services.redis_url, socket_connect_timeout=2).ping()


def test_environment_urls_win(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example.org/x")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example.org/1")
    with resolve_services(tmp_path) as services:
        assert (services.database_url, services.redis_url, services.private) == (
            "postgresql://u@db.example.org/x",
            "redis://cache.example.org/1",
            False,
        )


def test_without_services_or_binaries_it_says_what_to_install(tmp_path, monkeypatch):
    import worker.devtools.services as services

    monkeypatch.setenv("WIREFEED_PRIVATE_SERVICES", "1")
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setattr(services, "pg_bin", lambda name: None)
    with pytest.raises(services.ServicesUnavailable) as info, resolve_services(tmp_path):
        pass
    message = str(info.value)
    assert "initdb" in message and "apt-get install postgresql redis-server" in message
    assert "docker compose up" in message
