"""Start ``wirefeed worker`` with a fault injected into its sending of fetch tasks (test code only).

``WIREFEED_TEST_FAULT`` chooses the fault:

- ``kill-after-enqueues:N``: after the N-th fetch task a process sends, SIGKILL the worker's whole process
  group (the main process and its pool), once: the file ``WIREFEED_TEST_FAULT_ONCE`` marks that it happened.
- ``deliver-thrice``: every fetch task is sent three times, the same task id and arguments each time.

Usage: ``python -m tests.integration.faults.launcher [wirefeed worker options]``. The pool's processes are forked
from this one, so the wrapper installed here runs wherever a task sends a fetch.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from celery import uuid
from celery.app.task import Task

FETCH_TASK = "wirefeed.fetch_article"


def _kill_after(count: int, once: str) -> None:
    send = Task.apply_async
    sent = 0

    def apply_async(self: Task, *args: Any, **kwargs: Any) -> Any:
        nonlocal sent
        result = send(self, *args, **kwargs)
        if self.name == FETCH_TASK:
            sent += 1
            if sent >= count and _first_time(once):
                os.killpg(0, signal.SIGKILL)
        return result

    Task.apply_async = apply_async


def _first_time(marker: str) -> bool:
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


def install(fault: str) -> None:
    name, _, count = fault.partition(":")
    if name == "kill-after-enqueues":
        _kill_after(int(count), os.environ["WIREFEED_TEST_FAULT_ONCE"])
    elif name == "deliver-thrice":
        _deliver_thrice()
    elif name:
        raise SystemExit(f"unknown fault {fault!r}")


if __name__ == "__main__":
    install(os.environ.get("WIREFEED_TEST_FAULT", ""))
    from worker.runtime.cli import main

    main(["worker", *sys.argv[1:]])
