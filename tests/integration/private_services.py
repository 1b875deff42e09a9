"""PostgreSQL and Redis servers of a test's own, for tests that stop, restart or kill them.

Never point such a test at the shared servers: start a private one here. Each runs from the system's binaries
(``initdb``/``pg_ctl`` from ``/usr/lib/postgresql/*/bin``, ``redis-server``) in a temporary folder, on a free
port of 127.0.0.1, and keeps that port across restarts, so URLs taken before a restart work after it::

    from tests.integration.private_services import private_postgres, private_redis, requires_servers

    @requires_servers
    def test_something(tmp_path):
        with private_postgres() as pg, private_redis(appendonly=True) as rd:
            url = pg.wirefeed_database()      # a database built from schema.sql
            ...
            pg.restart()                      # pg_ctl restart -m fast: sessions are cut, the data stays
            pg.kill(); pg.start()             # SIGKILL of the server and its backends, then crash recovery
            rd.restart()                      # SIGTERM and start again: keys survive only with appendonly
            rd.kill(); rd.start()             # SIGKILL: with appendfsync everysec, at most a second is lost

Leaving the ``with`` block stops the server (if running) and removes its folder. Running as root, PostgreSQL
runs as the system's ``postgres`` user (initdb refuses root).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from worker.devtools.services import (
    as_postgres_user,
    free_port,
    pg_bin,
    postgres_folder,
    redis_answers,
    redis_bin,
)

requires_servers = pytest.mark.skipif(
    not (pg_bin("initdb") and pg_bin("pg_ctl") and redis_bin()), reason="no PostgreSQL or Redis server binaries"
)
_WAIT_SECONDS = 30.0


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + _WAIT_SECONDS
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} after {_WAIT_SECONDS:g} s")
        time.sleep(0.05)


class PrivatePostgres:
    """A PostgreSQL cluster in ``folder`` serving 127.0.0.1:``port`` (trust authentication, user postgres)."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data, self.log = folder / "data", folder / "log"
        self._pg_ctl = str(pg_bin("pg_ctl"))

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def initdb(self) -> None:
        initdb = str(pg_bin("initdb"))
        cmd = [initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust"]
        subprocess.run(as_postgres_user(cmd), check=True, stdout=subprocess.DEVNULL)

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        cmd = [self._pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", *args]
        subprocess.run(as_postgres_user(cmd), check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        """Start the server and wait until it accepts connections (after crash recovery, if it was killed)."""
        self._ctl("start")

    def stop(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m mode``: ``fast`` cuts the sessions, ``smart`` waits for them, ``immediate`` crashes."""
        self._ctl("-m", mode, "stop")

    def restart(self, mode: str = "fast") -> None:
        """``pg_ctl restart -m mode``: every open connection is cut; returns once the server accepts new ones."""
        self._ctl("-m", mode, "restart")

    def running(self) -> bool:
        return self.postmaster_pid() is not None

    def postmaster_pid(self) -> int | None:
        """The server's process id while it runs (from postmaster.pid), else None."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None
        return pid if _state(pid) not in (None, "Z") else None

    def kill(self) -> None:
        """SIGKILL the server and its backends (pg_ctl starts it leading its own process group); returns once they
        are gone, so :meth:`start` can run crash recovery at once."""
        pid = self.postmaster_pid()
        if pid is None:
            return
        os.killpg(pid, signal.SIGKILL)
        _wait_for(lambda: not _group_alive(pid), "PostgreSQL processes still alive")
        # The killed server stays a zombie where nothing reaps orphans (a container's init may not), and
        # PostgreSQL refuses to start while the pid in its lock files exists: remove the stale lock files.
        for lock in (self.data / "postmaster.pid", self.folder / f".s.PGSQL.{self.port}.lock"):
            lock.unlink(missing_ok=True)

    def wirefeed_database(self, name: str = "wirefeed") -> str:
        """Create database ``name`` with the project's schema; returns its URL."""
        from worker import database as db

        url = self.url(name)
        db.ensure_database(url)
        db.apply_schema(url)
        return url

    def backends(self, dbname: str) -> int:
        """Client connections open to ``dbname`` (this one not counted)."""
        with psycopg.connect(self.url(), connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,)
            ).fetchone()
        return int(row[0]) if row else 0


def _stat(path: Path) -> list[str]:
    """The fields of a /proc/PID/stat after the command name (state, parent, process group, ...); [] when gone."""
    try:
        return path.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _state(pid: int) -> str | None:
    """The process's state letter (``Z`` for a zombie its parent has not reaped), None when there is none."""
    fields = _stat(Path(f"/proc/{pid}/stat"))
    return fields[0] if fields else None


def _group_alive(pgid: int) -> bool:
    """Whether a live (not zombie) process remains in process group ``pgid``."""
    return any(
        fields[2] == str(pgid) and fields[0] != "Z"
        for fields in map(_stat, Path("/proc").glob("[0-9]*/stat"))
        if fields
    )


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A fresh, started PostgreSQL cluster; stopped (or killed, if it will not stop) and removed at the end."""
    state = Path(tempfile.mkdtemp(prefix="wirefeed-pg-"))
    folder = postgres_folder(state)  # as root, a folder of its own that the postgres user owns
    server = PrivatePostgres(folder, free_port())
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        _stop_postgres(server)
        for path in {folder, state}:
            shutil.rmtree(path, ignore_errors=True)


def _stop_postgres(server: PrivatePostgres) -> None:
    if not server.running():
        return
    try:
        server.stop("immediate")
    except subprocess.CalledProcessError:
        server.kill()


class PrivateRedis:
    """A redis-server in ``folder`` on 127.0.0.1:``port``; ``appendonly`` keeps its keys across restarts (fsync
    every second), else a restart loses them all (no RDB snapshots either)."""

    def __init__(self, folder: Path, port: int, appendonly: bool = False) -> None:
        self.folder, self.port, self.appendonly = folder, port, appendonly
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        """Start the server and wait until it answers PING (after loading its append-only file, if any)."""
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "everysec"] if self.appendonly else ["--appendonly", "no"]
        )
        cmd = [str(redis_bin()), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", *persistence]
        with open(self.folder / "log", "ab") as log:  # the server keeps its own copy of the descriptor
            self.process = subprocess.Popen([*cmd, "--dir", str(self.folder)], stdout=log, stderr=log)
        _wait_for(lambda: redis_answers(self.url()), "redis-server not answering")

    def stop(self) -> None:
        """SIGTERM (redis-server's orderly shutdown: the append-only file is flushed) and wait for the exit."""
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: the server dies at once; with appendonly, at most the last second of writes is lost."""
        self._signal(signal.SIGKILL)

    def restart(self) -> None:
        self.stop()
        self.start()

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal(self, signum: int) -> None:
        if self.running():
            assert self.process is not None
            self.process.send_signal(signum)
            self.process.wait(timeout=_WAIT_SECONDS)


@contextmanager
def private_redis(appendonly: bool = False) -> Iterator[PrivateRedis]:
    """A fresh, started redis-server; killed and its folder removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="wirefeed-redis-"))
    server = PrivateRedis(folder, free_port(), appendonly)
    try:
        server.start()
        yield server
    finally:
        server.kill()
        shutil.rmtree(folder, ignore_errors=True)
