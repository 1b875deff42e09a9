"""Source health decisions, as pure functions: backoff after a failed poll, when to pause, when to resume.

A failed poll pushes the next one back exponentially (with jitter, capped, never sooner than the server's
Retry-After). After ``pause_after_failures`` failures in a row the source is paused with its reason for
``pause_seconds``; it then resumes by itself (the scheduler skips it until ``paused_until``), or at once
with ``wirefeed sources resume NAME``. Some failures pause at once: they will not heal by retrying.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from worker.network.http import FetchError
from worker.runtime.settings import DEFAULTS, Settings

# Kinds of listing failure that retrying will not mend: pause at once and tell the operator why.
PAUSE_AT_ONCE = {
    "gone": "the listing URL is gone (HTTP 404/410): check the source's URL",
    "robots_disallowed": "robots.txt disallows the listing; a licensed feed may set ignore_robots",
    "private_address": "the listing resolves or redirects to a private address",
}
# Not the source's fault: our own per-host rate limit asked us to come back later.
NOT_A_FAILURE = frozenset({"throttled"})


@dataclass(frozen=True)
class HealthPolicy:
    pause_after_failures: int = DEFAULTS.pause_after_failures
    pause_seconds: int = DEFAULTS.pause_seconds
    max_backoff_seconds: int = DEFAULTS.max_backoff_seconds

    @classmethod
    def from_settings(cls, settings: Settings) -> HealthPolicy:
        return cls(
            pause_after_failures=settings.pause_after_failures,
            pause_seconds=settings.pause_seconds,
            max_backoff_seconds=settings.max_backoff_seconds,
        )


@dataclass(frozen=True)
class FailedPoll:
    """What to write on the source after a failed poll."""

    error: str
    failures: int
    backoff_seconds: int
    paused_reason: str | None = None
    paused_until: datetime | None = None


def backoff_seconds(
    failures: int,
    interval: int,
    policy: HealthPolicy,
    retry_after: float | None = None,
    jitter: Callable[[], float] = random.random,
) -> int:
    """interval × 2^(failures-1), capped, ± 10 % jitter; at least what Retry-After asked for."""
    base = min(policy.max_backoff_seconds, interval * 2 ** max(0, failures - 1))
    jittered = base * (0.9 + 0.2 * jitter())
    return int(max(jittered, retry_after or 0.0))


def failed_poll(
    error: Exception,
    failures_before: int,
    interval: int,
    now: datetime,
    policy: HealthPolicy,
    jitter: Callable[[], float] = random.random,
) -> FailedPoll:
    failures = failures_before + 1
    kind = getattr(error, "kind", None)
    retry_after = error.retry_after if isinstance(error, FetchError) else None
    message = describe(error)
    backoff = backoff_seconds(failures, interval, policy, retry_after, jitter)
    reason = PAUSE_AT_ONCE.get(kind or "")
    if reason is None and failures >= policy.pause_after_failures:
        reason = f"{failures} failed polls in a row"
    if reason is None:
        return FailedPoll(message[:2000], failures, backoff)
    until = now + timedelta(seconds=max(policy.pause_seconds, backoff))
    return FailedPoll(message[:2000], failures, backoff, f"{reason}; last error: {message[:300]}", until)


def describe(error: Exception) -> str:
    """``kind: message`` for fetch errors (``server_error: HTTP 503``), ``ClassName: message`` otherwise."""
    return f"{getattr(error, 'kind', None) or type(error).__name__}: {error}"


def counts_as_failure(error: Exception) -> bool:
    return getattr(error, "kind", None) not in NOT_A_FAILURE


def adapted_interval(configured: int, published: list[datetime], now: datetime, slowest_factor: int = 8) -> int:
    """Poll interval fitted to how often the listing publishes (Media Cloud, NewsBlur do the same).

    Half the mean gap between the entries of the last week, never more often than the operator's
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
