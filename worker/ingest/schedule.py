"""When a source is polled next, and when a failed fetch is tried again: the one module that decides it.

Pure functions of the source's timing and a clock reading; the database only stores what they return.

- A poll that succeeds schedules the next one an interval later: the operator's ``poll_interval``, or, with
  adaptation on, the interval fitted to how often the listing publishes (``adapted_interval``).
- A poll that fails pushes the next one back by ``poll_interval`` + a backoff (``backoff_seconds``, one
  formula for polls and fetch retries: exponential, capped, ±10 % jitter, never sooner than the server's
  Retry-After). After ``pause_after_failures`` failures in a row the source is paused with its reason for
  ``pause_seconds`` or the current backoff, whichever is longer; it then resumes by itself (it is due again
  at ``paused_until``), or at once with ``wirefeed sources resume NAME``. Some failures pause at once
  (``FailureKind.pause_reason``).
- A poll refused by our own per-host rate limit is deferred: due again when the host has a slot, no
  failure counted (``FailureKind.counts_against_source``).
- The scheduler claims a due source for ``CLAIM_LEASE_SECONDS``, so that it is not queued twice while its
  poll waits in the queue; the poll then sets the real next time. A running poll holds its source for as long
  (longer than a task may run), so that a second poll at the same moment does nothing.
- A failed article fetch (``next_fetch_try``) is tried again after the fetch backoff (30 s, doubling) for
  ``FETCH_RETRIES`` retries; then its pending row stays open with its error and is tried every
  ``FETCH_LATER_SECONDS``; after ``FETCH_GIVE_UP_AFTER`` failed tries in all (about a day) it is given up and
  closed as fetch_failed. A failure retrying won't mend (404, 410, not a page) is given up at once.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from worker.network.http import MAX_ERROR, FetchError, describe
from worker.runtime.settings import DEFAULTS, Settings

CLAIM_LEASE_SECONDS = 600
# Fetch retries of an article page: 30 s, 60 s, 120 s… capped at an hour.
FETCH_RETRY_BASE_SECONDS = 30
FETCH_RETRY_CAP_SECONDS = 3600
FETCH_RETRIES = 5  # quick retries after the first try: 30 s … 8 min, about 15 minutes in all
FETCH_LATER_SECONDS = 6 * 3600  # then a try every 6 hours, the pending row open with its error
FETCH_GIVE_UP_AFTER = 10  # failed tries in all (the quick 6, then 4 later ones: about a day)
SLOWEST_FACTOR = 8  # an adapted interval is never longer than this times the operator's

Jitter = Callable[[], float]


@dataclass(frozen=True)
class SchedulePolicy:
    pause_after_failures: int = DEFAULTS.pause_after_failures
    pause_seconds: int = DEFAULTS.pause_seconds
    max_backoff_seconds: int = DEFAULTS.max_backoff_seconds
    adaptive: bool = DEFAULTS.adaptive_interval

    @classmethod
    def from_settings(cls, settings: Settings) -> SchedulePolicy:
        return cls(
            pause_after_failures=settings.pause_after_failures,
            pause_seconds=settings.pause_seconds,
            max_backoff_seconds=settings.max_backoff_seconds,
            adaptive=settings.adaptive_interval,
        )


@dataclass(frozen=True)
class SourceTiming:
    """What the schedule needs of a source row."""

    poll_interval: int
    current_interval: int | None = None
    consecutive_failures: int = 0

    @classmethod
    def of(cls, source: dict[str, Any]) -> SourceTiming:
        current = source["current_interval"]
        return cls(
            int(source["poll_interval"]),
            int(current) if current is not None else None,
            int(source["consecutive_failures"]),
        )


@dataclass(frozen=True)
class SucceededPoll:
    """What to write on the source after a successful poll."""

    current_interval: int | None
    next_poll_at: datetime


@dataclass(frozen=True)
class FailedPoll:
    """What to write on the source after a failed poll."""

    error: str
    failures: int
    backoff_seconds: int
    next_poll_at: datetime
    paused_reason: str | None = None
    paused_until: datetime | None = None


def backoff_seconds(
    attempt: int, base: float, cap: float, retry_after: float | None = None, jitter: Jitter = random.random
) -> float:
    """base × 2^(attempt-1), capped, ± 10 % jitter; at least what Retry-After asked for."""
    exponential = min(cap, base * 2 ** max(0, attempt - 1))
    jittered = exponential * (0.9 + 0.2 * jitter())
    return float(max(jittered, retry_after or 0.0))


def fetch_retry_delay(failures: int, retry_after: float | None, jitter: Jitter = random.random) -> float:
    """Seconds before trying a failed article fetch again, after ``failures`` failed tries before this one."""
    return backoff_seconds(failures + 1, FETCH_RETRY_BASE_SECONDS, FETCH_RETRY_CAP_SECONDS, retry_after, jitter)


def next_fetch_try(failures: int, error: FetchError, jitter: Jitter = random.random) -> float | None:
    """Seconds before trying again an article fetch that has failed ``failures`` times (this one included),
    or None to give it up."""
    if not error.kind.retryable or failures >= FETCH_GIVE_UP_AFTER:
        return None
    if failures <= FETCH_RETRIES:
        return fetch_retry_delay(failures - 1, error.retry_after, jitter)
    return backoff_seconds(1, FETCH_LATER_SECONDS, FETCH_LATER_SECONDS, error.retry_after, jitter)


def throttled_delay(retry_after: float | None, jitter: Jitter = random.random) -> float:
    """Seconds before asking our own rate limit again: its wait, spread by up to as much again so that
    the fetches waiting for one host do not all come back at once."""
    wait = retry_after or 1.0
    return wait * (1.0 + jitter())


def succeeded_poll(
    timing: SourceTiming, published: list[datetime] | None, now: datetime, policy: SchedulePolicy
) -> SucceededPoll:
    """The next poll after a successful one. ``published``: the entries' dates of a changed listing, None
    when it was unchanged (the interval fitted before is kept). With adaptation off a fitted interval is
    forgotten, not kept."""
    if not policy.adaptive:
        return SucceededPoll(None, now + timedelta(seconds=timing.poll_interval))
    fitted = adapted_interval(timing.poll_interval, published, now) if published is not None else None
    current = fitted or timing.current_interval
    return SucceededPoll(current, now + timedelta(seconds=current or timing.poll_interval))


def failed_poll(
    error: Exception, timing: SourceTiming, now: datetime, policy: SchedulePolicy, jitter: Jitter = random.random
) -> FailedPoll:
    """The next poll after a failed one: backed off, or paused (at once for failures retrying won't mend)."""
    failures = timing.consecutive_failures + 1
    retry_after = error.retry_after if isinstance(error, FetchError) else None
    message = describe(error)
    backoff = int(backoff_seconds(failures, timing.poll_interval, policy.max_backoff_seconds, retry_after, jitter))
    reason = error.kind.pause_reason if isinstance(error, FetchError) else None
    if reason is None and failures >= policy.pause_after_failures:
        reason = f"{failures} failed polls in a row"
    if reason is None:
        next_poll_at = now + timedelta(seconds=timing.poll_interval + backoff)
        return FailedPoll(message[:MAX_ERROR], failures, backoff, next_poll_at)
    until = now + timedelta(seconds=max(policy.pause_seconds, backoff))
    return FailedPoll(message[:MAX_ERROR], failures, backoff, until, f"{reason}; last error: {message[:300]}", until)


def deferred_poll(error: FetchError, now: datetime) -> datetime:
    """The next poll after our own rate limit refused this one: when the host has a slot again."""
    return now + timedelta(seconds=max(1.0, error.retry_after or 1.0))


def resumed(now: datetime) -> datetime:
    """The next poll of a source the operator resumes: at once."""
    return now


def adapted_interval(
    configured: int, published: list[datetime], now: datetime, slowest_factor: int = SLOWEST_FACTOR
) -> int:
    """Poll interval fitted to how often the listing publishes (Media Cloud, NewsBlur do the same).

    Half the larger of the mean gap between the entries of the last week and a quarter of the time since the
    newest entry (a listing gone quiet slows down), never more often than the operator's
    ``configured`` interval and never rarer than ``slowest_factor`` times it. A listing without dates
    (an HTML index) keeps the configured interval; one quiet all week is polled half as often.
    """
    if not published:
        return configured
    recent = sorted(t for t in published if now - timedelta(days=7) <= t <= now)
    if len(recent) < 2:
        return configured * 2
    mean_gap = (recent[-1] - recent[0]).total_seconds() / (len(recent) - 1)
    quiet_for = (now - recent[-1]).total_seconds()
    wanted = max(mean_gap, quiet_for / 4) / 2
    return int(min(max(wanted, configured), configured * slowest_factor))
