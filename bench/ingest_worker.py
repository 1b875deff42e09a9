"""`wirefeed worker` as bench/ingest.py starts it, counting what each task costs the database.

    python bench/ingest_worker.py COUNTS_DIR NODE_NAME CONCURRENCY

The same Celery worker `wirefeed worker --concurrency CONCURRENCY` runs (same app, same queue, same options),
with a node name of its own so that several run side by side, and with counters wrapped around psycopg: SQL
statements (an ``executemany`` counts one per row), round trips (each wait for the server's answer: a query, a
BEGIN or COMMIT, a pool's health check, a pipeline's sync or fetch) with the time spent waiting in them, connection
checkouts from the pool, and the time a pool process waits between the end of a task and the start of its next. After
each task a pool process writes its totals to ``COUNTS_DIR/<pid>.json``. The wrappers cost about a microsecond
per call, nothing next to a round trip.
"""

from __future__ import annotations

import cProfile
import gc
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from celery import signals  # noqa: E402
from psycopg._enums import Wait  # noqa: E402
from psycopg_pool import ConnectionPool  # noqa: E402

COUNTS: Counter[str] = Counter()


def _counting(cls: Any, name: str, counter: str, weight: Any = None) -> None:
    original = getattr(cls, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        COUNTS[counter] += weight(args) if weight else 1
        return original(self, *args, **kwargs)

    setattr(cls, name, wrapper)


def _rows(args: tuple[Any, ...]) -> int:
    params = args[1] if len(args) > 1 else []
    return len(params) if hasattr(params, "__len__") else 1


def _reads(gen: Any) -> Any:
    """``gen`` (a psycopg generator), counting one round trip if it waits to read what the server sends: a query
    outside a pipeline, a pipeline's sync or fetch, a BEGIN or COMMIT, a pool's health check. A wait to write,
    or to read or write (a pipeline sending what it queued), is not one."""
    counted = False
    try:
        value = gen.send(None)
        while True:
            if value == Wait.R and not counted:
                COUNTS["round_trips"] += 1
                counted = True
            value = gen.send((yield value))
    except StopIteration as end:
        return end.value


def _count_waits() -> None:
    wait = psycopg.Connection.wait

    def counted_wait(self: Any, gen: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return wait(self, _reads(gen), *args, **kwargs)
        finally:
            COUNTS["database_ms"] += (time.perf_counter() - started) * 1000

    psycopg.Connection.wait = counted_wait  # type: ignore[method-assign]


def _cpu_of(module: Any, name: str, stage: str) -> None:
    """Count the CPU time (this thread's) spent in ``module.name``, as ``cpu_<stage>_ms``."""
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            COUNTS[f"cpu_{stage}_ms"] += (time.thread_time() - started) * 1000

    setattr(module, name, wrapper)


def _cpu_by_stage() -> None:
    """CPU time of each stage of a fetch task: claim, fetch, keeping the raw page, parsing, storing; and of the
    whole task as Celery runs it (``cpu_task_ms``), and of the pool process between two tasks (``cpu_between_ms``).
    The raw page is kept by ``send_page`` since issue 14's round-trip work, by ``save_page`` before it: the bench
    runs on both."""
    from worker.ingest import fetch
    from worker.network import politeness

    page = "send_page" if hasattr(fetch, "send_page") else "save_page"
    for name, stage in (("_claim", "claim"), (page, "page"), ("parse_page", "parse"), ("store_article", "store")):
        _cpu_of(fetch, name, stage)
    _cpu_of(politeness.PoliteFetcher, "fetch", "fetch")


def _count_collections() -> None:
    """The CPU time of the cyclic garbage collector's runs (``cpu_gc_ms``), and of the full ones (``cpu_gc2_ms``)."""
    started = [0.0]

    def timing(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.thread_time()
            return
        spent = (time.thread_time() - started[0]) * 1000
        COUNTS["cpu_gc_ms"] += spent
        if info["generation"] == 2:
            COUNTS["cpu_gc2_ms"] += spent

    gc.callbacks.append(timing)


def install() -> None:
    _count_collections()
    _cpu_by_stage()
    _counting(psycopg.Cursor, "execute", "statements")
    _counting(psycopg.Cursor, "executemany", "statements", _rows)
    _counting(ConnectionPool, "getconn", "checkouts")
    _count_waits()


def _profile_pool(profile_dir: Path) -> None:
    """cProfile (CPU time) each pool process from its start (``WIREFEED_BENCH_PROFILE=DIR``); its stats go to
    ``DIR/<pid>.prof`` after every 50th task (a pool process the bench's SIGTERM ends may not reach its shutdown)."""
    profiler = cProfile.Profile(time.process_time)  # CPU: the waits are counted apart
    tasks = Counter[str]()

    def started(**_: Any) -> None:
        profiler.enable()

    def ended(**_: Any) -> None:
        tasks["n"] += 1
        if tasks["n"] % 50 == 0:
            profiler.dump_stats(profile_dir / f"{os.getpid()}.prof")

    signals.worker_process_init.connect(started, weak=False)
    signals.task_postrun.connect(ended, weak=False)


def main() -> None:
    counts_dir, node, concurrency = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    install()

    ended = [0.0]  # when this pool process's last task ended (0: none yet)

    cpu = [0.0, 0.0]  # this process's CPU time at the start of the running task, at the end of the last one

    def starts(**_: Any) -> None:
        cpu[0] = time.process_time()
        if ended[0]:
            COUNTS["idle_ms"] += (time.perf_counter() - ended[0]) * 1000
            COUNTS["cpu_between_ms"] += (cpu[0] - cpu[1]) * 1000
            COUNTS["gaps"] += 1

    def dump(**_: Any) -> None:
        cpu[1] = time.process_time()
        COUNTS["cpu_task_ms"] += (cpu[1] - cpu[0]) * 1000
        COUNTS["tasks"] += 1
        (counts_dir / f"{os.getpid()}.json").write_text(json.dumps(COUNTS))
        ended[0] = time.perf_counter()

    signals.worker_process_init.connect(lambda **_: COUNTS.clear(), weak=False)  # not the parent's start-up checks
    signals.task_prerun.connect(starts, weak=False)
    signals.task_postrun.connect(dump, weak=False)
    if os.environ.get("WIREFEED_BENCH_PROFILE"):
        _profile_pool(Path(os.environ["WIREFEED_BENCH_PROFILE"]))
    from worker.runtime.celery_app import app
    from worker.runtime.settings import get_settings

    queue = get_settings().queue
    app.start(["worker", "--loglevel=INFO", "-Q", queue, f"--concurrency={concurrency}", "-n", node])


if __name__ == "__main__":
    main()
