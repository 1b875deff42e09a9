"""Database faults retry the task: a lost connection, a restarted server, a serialization failure or a
deadlock (``worker.database.is_transient`` says which) sends the task back to the queue with a growing
countdown instead of failing it, for every task that takes :class:`RetriesDatabaseFaults` as its base.

The countdown follows the one backoff formula (``worker.ingest.schedule.backoff_seconds``): 2 s × 2ⁿ ± 10 %,
capped at a minute, :data:`DATABASE_RETRIES` times (about six minutes of outage in all); then the fault fails
the task as before. Any other exception, a programming error included (bad SQL, a violated constraint), is
raised as it was: trying it again would meet it again.

The faults met so far travel in a message header of the retried task (:data:`FAULTS_HEADER`), apart from
Celery's ``request.retries`` that a task's own retries (a fetch's) use, so one budget does not eat the other.
"""

from __future__ import annotations

import random
from typing import Any

from celery import Task
from celery.utils.log import get_task_logger

from worker import database as db
from worker.ingest.schedule import Jitter, backoff_seconds

log = get_task_logger(__name__)

DATABASE_RETRIES = 10
DATABASE_RETRY_BASE_SECONDS = 2.0
DATABASE_RETRY_CAP_SECONDS = 60.0
FAULTS_HEADER = "wirefeed_database_faults"


def database_retry_delay(faults: int, jitter: Jitter = random.random) -> float:
    """Seconds before the next try of a task that met ``faults`` database faults before this one."""
    return backoff_seconds(faults + 1, DATABASE_RETRY_BASE_SECONDS, DATABASE_RETRY_CAP_SECONDS, jitter=jitter)


def faults_so_far(request: Any) -> int:
    """Database faults the task met on its earlier tries (0 on a first try). A worker puts a message's own
    headers on the request; an eager ``apply`` keeps them under ``request.headers``."""
    value = getattr(request, FAULTS_HEADER, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(FAULTS_HEADER, 0)
    return int(value or 0)


class RetriesDatabaseFaults(Task):  # type: ignore[misc]
    """A task base that retries the task on a transient database fault, :data:`DATABASE_RETRIES` times."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.request.called_directly:  # a plain function call: nothing to retry
            return super().__call__(*args, **kwargs)
        try:
            return self.run(*args, **kwargs)  # under the worker's (or apply's) request, as Task.__call__ is not
        except Exception as exc:
            faults = faults_so_far(self.request)
            if faults >= DATABASE_RETRIES or not db.is_transient(exc):
                raise
            countdown = database_retry_delay(faults)
            log.warning("database fault (%d of %d), retry in %.0f s: %s", faults + 1, DATABASE_RETRIES, countdown, exc)
            # Celery's own limit counts every retry of the task (a fetch's too): this budget is the header's.
            raise self.retry(
                exc=exc,
                countdown=countdown,
                max_retries=self.request.retries + 1,
                headers={FAULTS_HEADER: faults + 1},
            ) from exc
