"""Private PostgreSQL and Redis servers (a stand-in until tests/integration/private_services.py lands; same API)."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from worker.devtools.services import _as_postgres_user, _pg_bin, free_port


class PrivatePostgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port, self.data = folder, port, folder / "data"
        self._pg_ctl = str(_pg_bin("pg_ctl"))

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        cmd = [self._pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", *args]
        subprocess.run(_as_postgres_user(cmd), check=True, stdout=subprocess.DEVNULL)

    def restart(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "restart")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    folder = Path(tempfile.mkdtemp(prefix="wirefeed-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PrivatePostgres(folder, free_port())
    initdb = [str(_pg_bin("initdb")), "-D", str(server.data), "-U", "postgres", "-A", "trust"]
    subprocess.run(_as_postgres_user(initdb), check=True, stdout=subprocess.DEVNULL)
    server._ctl("start")
    try:
        yield server
    finally:
        server._ctl("-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


class PrivateRedis:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        cmd = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen([*cmd, "--dir", str(self.folder)], stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url())
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)

    def stop(self, signum: int = signal.SIGTERM) -> None:
        if self.process is not None:
            self.process.send_signal(signum)
            self.process.wait()
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    folder = Path(tempfile.mkdtemp(prefix="wirefeed-redis-"))
    server = PrivateRedis(folder, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
