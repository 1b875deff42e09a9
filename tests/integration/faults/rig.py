"""The fault tests' installation: a database of its own on the private PostgreSQL, the private Redis, the wire
site, a source polling it, beat and workers as real processes; and the figures of a run.

Nothing here waits a fixed time: every wait polls a condition until it holds or a limit passes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

from tests.paths import ROOT

RECOVERY_LIMIT = 120.0
"""Seconds after a fault within which every article must be stored (a limit, not a timing assertion)."""
SETUP_LIMIT = 120.0
"""Seconds the installation may take to reach the state a fault is injected in (a loaded machine is slow)."""
PREFIX = "wirefeed-faults:"
QUEUE = "faults"

_FIGURES = """
WITH listed AS (SELECT unnest(%(urls)s::text[]) AS url),
per_url AS (
    SELECT l.url,
           (SELECT count(*) FROM article_urls a WHERE a.url = l.url) AS articles,
           (SELECT count(*) FROM pages p WHERE p.url = l.url AND p.parse_status <> 'pending') AS pages,
           (SELECT count(*) FROM pages p WHERE p.url = l.url AND p.parse_status = 'pending') AS interrupted,
           (SELECT count(*) FROM article_versions v JOIN article_urls a USING (article_id) WHERE a.url = l.url)
               AS versions
    FROM listed l
)
SELECT count(*) FILTER (WHERE articles > 0) AS stored,
       count(*) FILTER (WHERE pages > 1 OR versions > 1) AS doubled,
       coalesce(sum(pages), 0) AS pages,
       coalesce(sum(interrupted), 0) AS interrupted,
       coalesce(sum(versions), 0) AS versions,
       (SELECT count(*) FROM articles) AS articles
FROM per_url
"""


@dataclass
class Figures:
    """One fault's outcome: articles not yet stored when it struck, and after recovery (or the limit)."""

    fault: str
    in_flight: int
    stored: int
    lost: int
    doubled: int
    recovery_seconds: float | None  # from the fault to the last article stored; None: not all stored in time
    rows: str  # the rows behind the counts; pages of interrupted attempts: kept raw, their store never done

    def line(self) -> str:
        took = f"{self.recovery_seconds:.1f} s" if self.recovery_seconds is not None else "not recovered"
        return (
            f"FAULT {self.fault}: in flight {self.in_flight}, stored {self.stored}, lost {self.lost}, "
            f"doubled {self.doubled}, recovery {took} ({self.rows})"
        )


def wait_for(condition: Callable[[], bool], limit: float) -> bool:
    """Poll ``condition`` until it holds (True) or ``limit`` seconds pass (False)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


class Rig:
    """One fault test's installation; ``close()`` kills its processes and drops its database."""

    def __init__(self, postgres_url: Callable[[str], str], redis_url: str, folder: Path, env: dict[str, str]) -> None:
        self.name = f"wirefeed_faults_{uuid.uuid4().hex[:8]}"
        self.admin_url, self.database_url = postgres_url("postgres"), postgres_url(self.name)
        self.folder = folder
        self.env = os.environ | env | {"DATABASE_URL": self.database_url, "REDIS_URL": redis_url}
        self.env |= {"WIREFEED_REDIS_PREFIX": PREFIX, "WIREFEED_QUEUE": QUEUE}
        self.broker = redis.Redis.from_url(redis_url)
        self.broker.flushall()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.urls: list[str] = []
        self.worker_started_at = 0.0
        self._conn: psycopg.Connection | None = None

    def wirefeed(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "worker", *args], env=self.env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def install(self, feed_url: str, urls: list[str]) -> None:
        """``wirefeed db init`` and ``wirefeed sources add`` on the private database."""
        self.urls = urls
        self.wirefeed("db", "init")
        self.wirefeed("sources", "add", "wire", feed_url, "--interval", "10")

    def _spawn(self, name: str, args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        with open(self.folder / f"{name}-{len(self.processes)}.log", "wb") as log:
            process = subprocess.Popen(
                args, env=env or self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        return process

    def start_beat(self) -> subprocess.Popen[bytes]:
        schedule = str(self.folder / "beat-schedule")
        args = ["-m", "celery", "-A", "worker.runtime.celery_app", "beat", "-s", schedule, "--loglevel", "INFO"]
        return self._spawn("beat", [sys.executable, *args])

    def start_worker(self, fault: str = "") -> subprocess.Popen[bytes]:
        """``wirefeed worker --concurrency 2`` through the test's launcher, which injects ``fault`` (if any)."""
        env = self.env | {"WIREFEED_TEST_FAULT": fault, "WIREFEED_TEST_FAULT_DIR": str(self.folder)}
        self.worker_started_at = time.time()
        args = ["-m", "tests.integration.faults.launcher", "--concurrency", "2", "--loglevel", "INFO"]
        return self._spawn("worker", [sys.executable, *args], env)

    def hold_stores(self) -> None:
        """Stop each pool process of a ``hold-stores`` worker before its next store (see the launcher)."""
        (self.folder / "hold").touch()

    def stores_held(self) -> int:
        return len(list(self.folder.glob("held-*")))

    def release_stores(self) -> None:
        (self.folder / "go").touch()

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process and every process of its group (a worker and its pool), and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def _query(self, sql: str, params: dict[str, object]) -> dict[str, int]:
        """Run ``sql`` on a connection of the test's own, opened again after the server restarts."""
        for _ in range(2):
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = psycopg.connect(self.database_url, autocommit=True, connect_timeout=5)
                cursor = self._conn.execute(sql, params)
                names = [c.name for c in cursor.description or ()]
                row = cursor.fetchone()
                return dict(zip(names, row or (), strict=False))
            except psycopg.OperationalError:
                self._conn = None
        raise psycopg.OperationalError("the private database does not answer")

    def stored(self) -> int:
        return self._query(_FIGURES, {"urls": self.urls})["stored"]

    def settled(self) -> bool:
        """The broker holds no task waiting and none delivered to the live worker that is not acknowledged."""
        try:
            queued = self.broker.llen(PREFIX + QUEUE)
            unacked = self.broker.zcount(PREFIX + "unacked_index", self.worker_started_at, "+inf")
        except redis.ConnectionError:
            return False  # the test's connection was cut by a restart: the next call opens another
        return queued == 0 and unacked == 0

    def recover(self, fault: str, struck_at: float, in_flight: int) -> Figures:
        """Wait (at most RECOVERY_LIMIT after the fault) for every article to be stored and the broker to settle;
        the figures then."""
        deadline = struck_at + RECOVERY_LIMIT
        complete = wait_for(lambda: self.stored() == len(self.urls), deadline - time.monotonic())
        recovery = time.monotonic() - struck_at if complete else None
        wait_for(self.settled, deadline - time.monotonic())
        row = self._query(_FIGURES, {"urls": self.urls})
        doubled = row["doubled"] + max(0, row["articles"] - row["stored"])
        lost = len(self.urls) - row["stored"]
        rows = f"articles {row['articles']}, pages {row['pages']}, versions {row['versions']}"
        rows += f", pages of interrupted attempts {row['interrupted']}"
        figures = Figures(fault, in_flight, row["stored"], lost, doubled, recovery, rows)
        print(figures.line())
        return figures

    def close(self) -> None:
        for process in self.processes:
            self.kill(process)
        if self._conn is not None:
            self._conn.close()
        self.broker.close()
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
