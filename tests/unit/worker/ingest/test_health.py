"""A source's state, effective interval and quietness, as `sources list` and `status` show them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from worker.ingest.health import SourceState, effective_interval, quietness, source_health, source_state, span, stamp

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def row(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "wire",
        "enabled": True,
        "poll_interval": 300,
        "current_interval": None,
        "consecutive_failures": 0,
        "paused_reason": None,
        "paused_until": None,
        "last_poll_at": NOW - timedelta(minutes=1),
        "last_poll_status": "ok",
        "last_error": None,
        "last_article_at": None,
        "usual_gap_seconds": None,
        "gaps": 0,
        "now": NOW,
    }
    return base | changes


@pytest.mark.parametrize(
    ("changes", "state"),
    [
        ({"enabled": False, "consecutive_failures": 3}, SourceState.DISABLED),
        ({"last_poll_at": None, "last_poll_status": None}, SourceState.NEW),
        ({}, SourceState.OK),
        ({"consecutive_failures": 2, "last_poll_status": "failed"}, SourceState.FAILING),
        (
            {"consecutive_failures": 10, "paused_reason": "10 failed polls", "paused_until": NOW + timedelta(hours=1)},
            SourceState.PAUSED,
        ),
        # the pause lapsed: due again, failing until a poll succeeds
        (
            {"consecutive_failures": 10, "paused_reason": "10 failed polls", "paused_until": NOW - timedelta(hours=1)},
            SourceState.FAILING,
        ),
        # `sources resume` cleared the failures and the pause; no poll since
        ({"last_poll_status": "failed", "last_error": "gone: HTTP 410"}, SourceState.RESUMED),
    ],
)
def test_state(changes: dict[str, Any], state: SourceState) -> None:
    assert source_state(row(**changes)) is state


def test_effective_interval_says_where_it_comes_from() -> None:
    assert effective_interval(row(), adaptive=False) == (300, "every 5m: configured (adaptation is off)")
    assert effective_interval(row(), adaptive=True) == (
        300,
        "every 5m: configured; adapts to the listing's pace (up to 40m)",
    )
    assert effective_interval(row(current_interval=1200), adaptive=True) == (
        1200,
        "every 20m: adapted to how often the listing publishes (configured 5m, adapts up to 40m)",
    )


def test_quiet_after_three_usual_gaps_and_never_before_the_floor() -> None:
    habit = {"usual_gap_seconds": 7200.0, "gaps": 10}
    assert quietness(row(last_article_at=NOW - timedelta(hours=5), **habit), 300) is None
    quiet = quietness(row(last_article_at=NOW - timedelta(hours=7), **habit), 300)
    assert quiet is not None and (quiet.silent_seconds, quiet.threshold_seconds) == (7 * 3600, 6 * 3600)
    busy = {"usual_gap_seconds": 60.0, "gaps": 10}  # a minute apart: the one-hour floor decides
    assert quietness(row(last_article_at=NOW - timedelta(minutes=50), **busy), 300) is None
    assert quietness(row(last_article_at=NOW - timedelta(minutes=70), **busy), 300) is not None
    slow_poll = 3 * 3600  # polled every 3 h: it cannot be seen quiet before 3 polls went by
    assert quietness(row(last_article_at=NOW - timedelta(hours=8), **busy), slow_poll) is None


def test_no_habit_no_quiet() -> None:
    assert quietness(row(last_article_at=NOW - timedelta(days=30), usual_gap_seconds=60.0, gaps=2), 300) is None


def test_attention_reasons() -> None:
    paused = source_health(
        row(
            consecutive_failures=1,
            paused_reason="the listing URL is gone (HTTP 404/410): check the source's URL; last error: gone: HTTP 410",
            paused_until=NOW + timedelta(hours=1),
        ),
        adaptive=True,
    )
    assert paused.attention == (
        f"paused until {stamp(NOW + timedelta(hours=1))}: the listing URL is gone (HTTP 404/410): check the "
        "source's URL; last error: gone: HTTP 410",
    )
    failing = source_health(row(consecutive_failures=2, last_error="server_error: HTTP 500"), adaptive=True)
    assert failing.attention == ("2 failed polls in a row: server_error: HTTP 500",)
    quiet = source_health(row(last_article_at=NOW - timedelta(days=2), usual_gap_seconds=3600.0, gaps=5), True)
    assert quiet.label == "ok, quiet"
    assert quiet.attention == ("no new article for 2d; usually one every 1h",)
    assert source_health(row(), adaptive=True).attention == ()


def test_span_and_stamp() -> None:
    assert [span(s) for s in (0, 45, 60, 3900, 90061)] == ["0s", "45s", "1m", "1h 5m", "1d 1h"]
    local = NOW.astimezone()
    assert stamp(NOW) == f"{local:%Y-%m-%d %H:%M} {local.tzname()}"  # the machine's zone (TZ), named
    assert stamp(NOW).startswith("2026-12-0") and stamp(None) == "never"
