"""When a source is polled next: after a success, a failure, a deferral; backoff, pausing, adaptation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parsers.listings import UnsafeXMLError
from worker.ingest.schedule import (
    FETCH_GIVE_UP_AFTER,
    FETCH_LATER_SECONDS,
    FETCH_RETRIES,
    SchedulePolicy,
    SourceTiming,
    adapted_interval,
    backoff_seconds,
    deferred_poll,
    failed_poll,
    fetch_retry_delay,
    next_fetch_try,
    resumed,
    succeeded_poll,
    throttled_delay,
)
from worker.network.http import FailureKind, FetchError

NOW = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = SchedulePolicy(pause_after_failures=3, pause_seconds=3600, max_backoff_seconds=4000)
FIXED = SchedulePolicy(adaptive=False)
TIMING = SourceTiming(poll_interval=300)


def mid() -> float:
    return 0.5


def hourly(n: int) -> list[datetime]:
    return [NOW - timedelta(hours=i) for i in range(n)]


def test_backoff_doubles_and_is_capped() -> None:
    waits = [backoff_seconds(n, 300, 4000, jitter=mid) for n in (1, 2, 3, 4, 10)]
    assert waits == [300, 600, 1200, 2400, 4000]
    assert 270 <= backoff_seconds(1, 300, 4000) <= 330
    assert backoff_seconds(1, 300, 4000, retry_after=900, jitter=mid) == 900
    lowest, highest = (
        backoff_seconds(1, 300, 4000, jitter=lambda: 0.0),
        backoff_seconds(1, 300, 4000, jitter=lambda: 0.999),
    )
    assert (lowest, highest) == (pytest.approx(270), pytest.approx(329.94))


def test_fetch_retries_use_the_same_backoff() -> None:
    assert [fetch_retry_delay(n, None, mid) for n in range(5)] == [30, 60, 120, 240, 480]
    assert fetch_retry_delay(20, None, mid) == 3600
    assert fetch_retry_delay(0, 120.0, mid) == 120


def test_throttled_wait_is_spread_over_up_to_twice_the_wait() -> None:
    assert (throttled_delay(2.0, lambda: 0.0), throttled_delay(2.0, lambda: 0.999)) == (2.0, pytest.approx(3.998))
    assert throttled_delay(None, mid) == 1.5


def test_success_polls_again_after_the_configured_interval_without_adaptation() -> None:
    verdict = succeeded_poll(SourceTiming(300, current_interval=1800), hourly(10), NOW, FIXED)
    assert (verdict.current_interval, verdict.next_poll_at) == (None, NOW + timedelta(seconds=300))


def test_success_fits_the_interval_to_a_changed_listing() -> None:
    verdict = succeeded_poll(TIMING, hourly(10), NOW, POLICY)
    assert (verdict.current_interval, verdict.next_poll_at) == (1800, NOW + timedelta(seconds=1800))


def test_an_unchanged_listing_keeps_the_fitted_interval() -> None:
    kept = succeeded_poll(SourceTiming(300, current_interval=1800), None, NOW, POLICY)
    never_fitted = succeeded_poll(TIMING, None, NOW, POLICY)
    assert (kept.current_interval, kept.next_poll_at) == (1800, NOW + timedelta(seconds=1800))
    assert (never_fitted.current_interval, never_fitted.next_poll_at) == (None, NOW + timedelta(seconds=300))


def test_failure_backs_off_on_top_of_the_interval() -> None:
    error = FetchError("HTTP 500", url="u", kind=FailureKind.SERVER_ERROR, status=500)
    verdict = failed_poll(error, SourceTiming(300, consecutive_failures=1), NOW, POLICY, mid)
    assert (verdict.failures, verdict.backoff_seconds, verdict.paused_reason) == (2, 600, None)
    assert verdict.next_poll_at == NOW + timedelta(seconds=300 + 600)
    assert verdict.error == "server_error: HTTP 500"


def test_pause_after_n_failures_in_a_row() -> None:
    error = FetchError("HTTP 500", url="u", kind=FailureKind.SERVER_ERROR, status=500)
    third = failed_poll(error, SourceTiming(300, consecutive_failures=2), NOW, POLICY, mid)
    assert third.failures == 3 and third.paused_reason is not None
    assert third.paused_reason.startswith("3 failed polls in a row")
    assert third.paused_until == third.next_poll_at == NOW + timedelta(seconds=3600)


@pytest.mark.parametrize("kind", [k for k in FailureKind if k.pause_reason])
def test_failures_retrying_cannot_mend_pause_at_once(kind: FailureKind) -> None:
    verdict = failed_poll(FetchError("x", url="u", kind=kind), TIMING, NOW, POLICY, mid)
    assert verdict.failures == 1 and verdict.paused_reason and verdict.paused_reason.startswith(str(kind.pause_reason))
    assert verdict.paused_until == verdict.next_poll_at == NOW + timedelta(seconds=3600)


def test_parse_errors_count() -> None:
    verdict = failed_poll(UnsafeXMLError("entities"), TIMING, NOW, POLICY, mid)
    assert (verdict.failures, verdict.paused_reason, verdict.error) == (1, None, "UnsafeXMLError: entities")


def test_a_deferred_poll_comes_back_when_the_host_has_a_slot() -> None:
    throttled = FetchError("busy", url="h", kind=FailureKind.THROTTLED, retry_after=42.0)
    assert deferred_poll(throttled, NOW) == NOW + timedelta(seconds=42)
    assert deferred_poll(FetchError("busy", url="h", kind=FailureKind.THROTTLED), NOW) == NOW + timedelta(seconds=1)


def test_a_resumed_source_is_due_at_once() -> None:
    assert resumed(NOW) == NOW


def test_adapted_interval_follows_publishing_rate() -> None:
    def every(minutes: int, n: int) -> list[datetime]:
        return [NOW - timedelta(minutes=minutes * i) for i in range(n)]

    assert adapted_interval(300, every(2, 30), NOW) == 300  # busier than the configured rate
    assert adapted_interval(300, every(60, 10), NOW) == 1800  # hourly: half an hour
    assert adapted_interval(300, every(24 * 60, 5), NOW) == 2400  # daily: capped at 8 × 300
    assert adapted_interval(300, [NOW - timedelta(days=30)], NOW) == 600  # nothing this week
    assert adapted_interval(300, [], NOW) == 300  # no dates at all (HTML index)


def test_next_fetch_try_backs_off_then_waits_long_then_gives_up() -> None:
    timeout = FetchError("t", url="u", kind=FailureKind.TIMEOUT)
    quick = [next_fetch_try(n, timeout, mid) for n in range(1, FETCH_RETRIES + 1)]
    assert quick == [30.0 * 2**n for n in range(FETCH_RETRIES)]  # 30 s × 2ⁿ, jitter at its middle
    later = [next_fetch_try(n, timeout, mid) for n in range(FETCH_RETRIES + 1, FETCH_GIVE_UP_AFTER)]
    assert later == [float(FETCH_LATER_SECONDS)] * (FETCH_GIVE_UP_AFTER - FETCH_RETRIES - 1)
    assert next_fetch_try(FETCH_GIVE_UP_AFTER, timeout, mid) is None


def test_next_fetch_try_honours_retry_after_and_gives_up_what_retrying_wont_mend() -> None:
    limited = FetchError("429", url="u", kind=FailureKind.RATE_LIMITED, status=429, retry_after=120)
    first = next_fetch_try(1, limited)
    assert first is not None and first >= 120
    assert next_fetch_try(1, FetchError("404", url="u", kind=FailureKind.GONE)) is None
