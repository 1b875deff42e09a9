"""Start ``wirefeed worker`` with a fault injected (test code only: production code has no fault hook).

``WIREFEED_TEST_FAULT`` chooses the fault; ``WIREFEED_TEST_FAULT_DIR`` is the folder of the files through which
the launcher and the test signal each other:

- ``kill-after-enqueues:N``: after the N-th fetch task a process sends, SIGKILL the worker's whole process
  group (the main process and its pool), once (the file ``killed`` marks that it happened).
- ``deliver-thrice``: every fetch task is sent three times, the same task id and arguments each time.
- ``hold-stores``: once the test creates the file ``hold``, each pool process about to store an article (its
  page kept, a pooled connection in hand) writes ``held-PID`` and waits there until the test creates ``go``.

Usage: ``python -m tests.integration.faults.launcher [wirefeed worker options]``. The pool's processes are forked
from this one, so what is installed here runs wherever a task runs.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from celery import uuid
from celery.app.task import Task

FETCH_TASK = "wirefeed.fetch_article"


def _kill_after(count: int, folder: Path) -> None:
    send = Task.apply_async
    sent = 0

    def apply_async(self: Task, *args: Any, **kwargs: Any) -> Any:
        nonlocal sent
        result = send(self, *args, **kwargs)
        if self.name == FETCH_TASK:
            sent += 1
            if sent >= count and _first_time(folder / "killed"):
                os.killpg(0, signal.SIGKILL)
        return result

    Task.apply_async = apply_async


def _first_time(marker: Path) -> bool:
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


def _deliver_thrice() -> None:
    send = Task.apply_async

    def apply_async(self: Task, args: Any = None, kwargs: Any = None, **options: Any) -> Any:
        if self.name != FETCH_TASK:
            return send(self, args, kwargs, **options)
        options.setdefault("task_id", uuid())
        for _ in range(2):
            send(self, args, kwargs, **options)
        return send(self, args, kwargs, **options)

    Task.apply_async = apply_async


def _hold_stores(folder: Path) -> None:
    from worker.ingest import fetch

    store = fetch.store_article

    def store_article(*args: Any, **kwargs: Any) -> Any:
        if (folder / "hold").exists() and not (folder / "go").exists():
            (folder / f"held-{os.getpid()}").touch()
            while not (folder / "go").exists():
                time.sleep(0.05)
        return store(*args, **kwargs)

    fetch.store_article = store_article


def install(fault: str, folder: Path) -> None:
    name, _, count = fault.partition(":")
    if name == "kill-after-enqueues":
        _kill_after(int(count), folder)
    elif name == "deliver-thrice":
        _deliver_thrice()
    elif name == "hold-stores":
        _hold_stores(folder)
    elif name:
        raise SystemExit(f"unknown fault {fault!r}")


if __name__ == "__main__":
    install(os.environ.get("WIREFEED_TEST_FAULT", ""), Path(os.environ.get("WIREFEED_TEST_FAULT_DIR", ".")))
    from worker.runtime.cli import main

    main(["worker", *sys.argv[1:]])
