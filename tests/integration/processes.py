"""Real worker and beat processes for end-to-end and fault tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def wirefeed_process(
    args: list[str], log_path: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A real `wirefeed ARGS` with the test session's settings updated by ``env``, logging to ``log_path``;
    stopped warmly (SIGTERM) at the end, killed if it hangs."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "worker", *args],
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield proc
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def worker_process(
    log_path: Path, env: Mapping[str, str] | None = None, loglevel: str = "WARNING"
) -> Iterator[subprocess.Popen[bytes]]:
    """A real `wirefeed run` (Celery worker, concurrency 2, with beat embedded)."""
    with wirefeed_process(["run", "--concurrency", "2", "--loglevel", loglevel], log_path, env) as proc:
        yield proc
