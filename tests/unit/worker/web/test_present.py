"""What a console page shows, from rows: a source's health, the chart, a version diff, times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from worker.ingest.health import source_health
from worker.web import present

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def source(**changes):
    """A ``source_health`` row (worker.database.health): a source with a habit of one arrival every 30 minutes."""
    row = {
        "name": "wire",
        "enabled": True,
        "paused_reason": None,
        "paused_until": None,
        "consecutive_failures": 0,
        "last_error": None,
        "last_poll_status": "ok",
        "last_poll_at": NOW - timedelta(minutes=3),
        "poll_interval": 300,
        "current_interval": None,
        "last_article_at": NOW - timedelta(hours=1),
        "usual_gap_seconds": 1800.0,
        "gaps": 10,
        "now": NOW,
    }
    return row | changes


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({}, "ok"),
        ({"enabled": False}, "disabled"),
        ({"paused_reason": "410 Gone", "paused_until": NOW + timedelta(hours=1)}, "paused"),
        ({"paused_reason": "old reason", "paused_until": NOW - timedelta(hours=1)}, "ok"),  # the pause is over
        ({"consecutive_failures": 3, "last_poll_status": "failed"}, "failing ×3"),
        ({"last_poll_status": "failed"}, "resumed"),  # `sources resume` cleared the failures
        ({"last_poll_at": None, "last_article_at": None, "usual_gap_seconds": None, "gaps": 0}, "new"),
        # Quiet past max(3 × its 30 min habit, 1 h, 3 polls): 90 min; a day means nothing by itself.
        ({"last_article_at": NOW - timedelta(minutes=91)}, "ok, quiet"),
        ({"last_article_at": NOW - timedelta(minutes=89)}, "ok"),
        ({"last_article_at": NOW - timedelta(days=2), "gaps": 2}, "ok"),  # no habit yet: never quiet
        ({"last_article_at": NOW - timedelta(hours=5), "usual_gap_seconds": 7200.0}, "ok"),  # a slow source
    ],
)
def test_health_names_the_state_as_the_command_line_does(changes, label):
    row = source(**changes)
    assert present.health(row, adaptive=True).label == label == source_health(row, adaptive=True).label


def test_quiet_waits_for_three_polls_of_the_adapted_interval():
    row = source(last_article_at=NOW - timedelta(hours=2), current_interval=3000)  # 3 polls: 2 h 30 min
    assert present.health(row, adaptive=True).label == "ok"
    assert present.health(row, adaptive=False).label == "ok, quiet"


def test_failing_paused_and_quiet_need_attention_with_their_reason():
    failing = present.health(source(consecutive_failures=3, last_error="HTTP 503"), adaptive=True)
    assert failing.attention and failing.reason == "3 failed polls in a row: HTTP 503"
    paused = present.health(source(paused_reason="robots.txt", paused_until=NOW + timedelta(hours=1)), True)
    assert paused.attention and paused.reason.endswith(": robots.txt")
    quiet = present.health(source(last_article_at=NOW - timedelta(hours=3)), adaptive=True)
    assert quiet.attention and quiet.quiet and quiet.reason == "no new article for 3h; usually one every 30m"
    assert not present.health(source(), adaptive=True).attention


def test_interval_says_when_it_adapted():
    assert present.interval(source()) == "300 s"
    assert present.interval(source(current_interval=900)) == "900 s (adapted; configured 300 s)"


def test_chart_has_one_bar_a_day_scaled_to_the_busiest():
    today = date(2026, 12, 3)
    bars = present.chart({today: 10, today - timedelta(days=13): 5, today - timedelta(days=20): 99}, today, 14)
    assert len(bars) == 14 and bars[0].day == today - timedelta(days=13) and bars[-1].day == today
    assert (bars[-1].height, bars[0].height, bars[5].height) == (present.CHART_HEIGHT, present.CHART_HEIGHT // 2, 0)
    assert all(bar.y + bar.height == present.CHART_HEIGHT for bar in bars)
    assert [bar.x for bar in bars[:2]] == [0, present.BAR_WIDTH + 1]
    assert all(bar.height == 0 for bar in present.chart({}, today, 14))


def test_diff_shows_kept_removed_and_added_paragraphs_and_the_headline():
    before = {"headline": "Rockets hit Tripoli", "body": "One.\n\nTwo.\n\nThree."}
    after = {"headline": "Rockets hit Tripoli again", "body": "One.\n\nTwo, revised.\n\nThree.\n\nFour."}
    lines = [(line.kind, line.text) for line in present.diff(before, after)]
    assert lines == [
        ("removed", "# Rockets hit Tripoli"),
        ("added", "# Rockets hit Tripoli again"),
        ("same", "One."),
        ("removed", "Two."),
        ("added", "Two, revised."),
        ("same", "Three."),
        ("added", "Four."),
    ]


def test_version_diffs_pair_each_version_with_the_one_before_newest_first():
    versions = [{"version": n, "headline": "H", "body": f"Text {n}."} for n in (1, 2, 3)]
    diffs = present.version_diffs(versions)
    assert [after["version"] for after, _ in diffs] == [3, 2]
    assert present.version_diffs(versions[:1]) == []


def test_times_show_date_and_zone_in_utc():
    assert present.when(datetime(2026, 12, 3, 14, 5, tzinfo=timezone(timedelta(hours=2)))) == "2026-12-03 12:05 UTC"
    assert present.when(None) == "—"
