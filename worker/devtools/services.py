"""Find PostgreSQL and Redis for the demo and the tests, or start private ones.

Order: ``DATABASE_URL`` / ``REDIS_URL`` when set; else the servers on their default local ports when they
answer; else private instances started from the system's binaries (initdb/pg_ctl, redis-server) in a state
folder, stopped at the end. ``WIREFEED_PRIVATE_SERVICES=1`` skips the default ports.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

from worker.runtime.settings import DEFAULTS

INSTALL_HINT = (
    "PostgreSQL and Redis are needed. Either set DATABASE_URL and REDIS_URL, start them on their default\n"
    "ports, install the server binaries (Debian/Ubuntu: apt-get install postgresql redis-server;\n"
    "macOS: brew install postgresql redis), or run everything with `docker compose up`."
)


class ServicesUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class Services:
    database_url: str  # the server; the caller chooses the database name
    redis_url: str
    private: bool


def _pg_answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except redis.RedisError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def as_postgres_user(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server as the system's postgres user then."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def postgres_folder(state: Path) -> Path:
    """The server's folder; as root, a fresh one under the temp dir that the postgres user can reach."""
    if os.geteuid() != 0:
        folder = state / "postgres"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    try:
        user = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise ServicesUnavailable("running as root without a 'postgres' system user\n" + INSTALL_HINT) from exc
    folder = Path(tempfile.mkdtemp(prefix="wirefeed-postgres-"))
    os.chown(folder, user.pw_uid, user.pw_gid)
    return folder


def redis_bin() -> str | None:
    return shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)


@contextmanager
def private_postgres(state: Path) -> Iterator[str]:
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        raise ServicesUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) found\n" + INSTALL_HINT)
    folder = postgres_folder(state)
    data, port = folder / "data", free_port()
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            as_postgres_user([initdb, "-D", str(data), "-U", "postgres", "-A", "trust"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    opts = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    subprocess.run(
        as_postgres_user([pg_ctl, "-D", str(data), "-o", opts, "-l", str(folder / "log"), "-w", "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            as_postgres_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )
        if os.geteuid() == 0:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def private_redis(state: Path) -> Iterator[str]:
    server = redis_bin()
    if not server:
        raise ServicesUnavailable("no redis-server binary found\n" + INSTALL_HINT)
    folder = state / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            if redis_answers(url):
                break
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def resolve_services(state: Path) -> Iterator[Services]:
    """Yield the PostgreSQL server URL and the Redis URL to use, starting private ones when needed."""
    forced_private = os.environ.get("WIREFEED_PRIVATE_SERVICES") == "1"
    pg_url = os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL")
    default_pg = DEFAULTS.database_url.rsplit("/", 1)[0] + "/postgres"  # the server, by its maintenance database
    default_redis = DEFAULTS.redis_url
    with ExitStack() as stack:
        private = False
        if not pg_url:
            if not forced_private and _pg_answers(default_pg):
                pg_url = default_pg
            else:
                pg_url, private = stack.enter_context(private_postgres(state)), True
        if not redis_url:
            if not forced_private and redis_answers(default_redis):
                redis_url = default_redis
            else:
                redis_url, private = stack.enter_context(private_redis(state)), True
        yield Services(database_url=pg_url, redis_url=redis_url, private=private)
