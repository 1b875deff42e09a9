"""Health decisions: backoff, pausing, what does not count as a failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parsers.listings import UnsafeXMLError
from worker.ingest.schedule import HealthPolicy, backoff_seconds, counts_as_failure, failed_poll
from worker.network.http import FailureKind, FetchError

NOW = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = HealthPolicy(pause_after_failures=3, pause_seconds=3600, max_backoff_seconds=4000)


def mid() -> float:
    return 0.5


def test_backoff_doubles_and_is_capped() -> None:
    waits = [backoff_seconds(n, 300, POLICY, jitter=mid) for n in (1, 2, 3, 4, 10)]
    assert waits == [300, 600, 1200, 2400, 4000]
    assert 270 <= backoff_seconds(1, 300, POLICY) <= 330
    assert backoff_seconds(1, 300, POLICY, retry_after=900, jitter=mid) == 900


def test_pause_after_n_failures_in_a_row() -> None:
    error = FetchError("HTTP 500", url="u", kind=FailureKind.SERVER_ERROR, status=500)
    second = failed_poll(error, 1, 300, NOW, POLICY, mid)
    third = failed_poll(error, 2, 300, NOW, POLICY, mid)
    assert (second.failures, second.paused_reason) == (2, None)
    assert third.failures == 3 and third.paused_reason is not None
    assert third.paused_reason.startswith("3 failed polls in a row")
    assert third.paused_until == NOW + timedelta(seconds=3600)
    assert third.error == "server_error: HTTP 500"


def test_gone_and_robots_pause_at_once() -> None:
    for kind in (FailureKind.GONE, FailureKind.ROBOTS_DISALLOWED, FailureKind.PRIVATE_ADDRESS):
        verdict = failed_poll(FetchError("x", url="u", kind=kind), 0, 300, NOW, POLICY, mid)
        assert verdict.failures == 1 and verdict.paused_reason and verdict.paused_until


def test_parse_errors_count() -> None:
    verdict = failed_poll(UnsafeXMLError("entities"), 0, 300, NOW, POLICY, mid)
    assert (verdict.failures, verdict.paused_reason, verdict.error) == (1, None, "UnsafeXMLError: entities")


def test_throttling_is_not_a_failure() -> None:
    assert not counts_as_failure(FetchError("busy", url="h", kind=FailureKind.THROTTLED))
    assert counts_as_failure(FetchError("t", url="h", kind=FailureKind.TIMEOUT))


def test_adapted_interval_follows_publishing_rate() -> None:
    from worker.ingest.schedule import adapted_interval

    def every(minutes: int, n: int) -> list[datetime]:
        return [NOW - timedelta(minutes=minutes * i) for i in range(n)]

    assert adapted_interval(300, every(2, 30), NOW) == 300  # busier than the configured rate
    assert adapted_interval(300, every(60, 10), NOW) == 1800  # hourly: half an hour
    assert adapted_interval(300, every(24 * 60, 5), NOW) == 2400  # daily: capped at 8 × 300
    assert adapted_interval(300, [NOW - timedelta(days=30)], NOW) == 600  # nothing this week
    assert adapted_interval(300, [], NOW) == 300  # no dates at all (HTML index)
