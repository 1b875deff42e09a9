"""What needs attention in a status report (worker.runtime.status.problems)."""

from __future__ import annotations

from typing import Any

from worker.runtime.status import problems


def healthy() -> dict[str, Any]:
    return {
        "database": {"ok": True},
        "broker": {"ok": True},
        "workers": {"ok": True, "timeout_seconds": 1.0},
        "beat": {"ok": True},
        "backlog": {"due": 3, "oldest_due_seconds": 599},
        "sources": {"attention": []},
    }


def test_a_healthy_report_has_no_problem() -> None:
    assert problems(healthy()) == []


def test_the_workers_behind() -> None:
    report = healthy()
    report["backlog"]["oldest_due_seconds"] = 601
    assert problems(report) == ["the workers are behind: 3 pending fetches due, the oldest for 10m 1s"]


def test_no_worker_late_beat_and_sources() -> None:
    report = healthy()
    report["workers"] = {"ok": False, "answered": [], "timeout_seconds": 1.0}
    report["beat"] = {
        "ok": False,
        "sent_ok": True,
        "ran_ok": False,
        "last_tick_at": "2026-12-03T12:00:00+00:00",
        "age_seconds": 300,
        "every_seconds": 30,
    }
    report["sources"]["attention"] = [{"name": "w", "reasons": ["2 failed polls in a row: dns: no such host", "x"]}]
    assert problems(report) == [
        "no worker answered a ping within 1s",
        "beat's last tick ran 5m ago (every 30s expected)",
        "source w: 2 failed polls in a row: dns: no such host",
        "source w: x",
    ]


def test_a_database_down_hides_nothing_else() -> None:
    report = {"database": {"ok": False, "error": "PostgreSQL does not answer"}, "broker": {"ok": False, "error": "no"}}
    assert problems(report) == ["database: PostgreSQL does not answer", "broker: no"]


def test_beat_stopped_or_never_started() -> None:
    report = healthy()
    stopped = {"ok": False, "sent_ok": False, "last_sent_at": "2026-12-03T12:00:00+00:00", "sent_age_seconds": 3720}
    report["beat"] = {**stopped, "every_seconds": 30}
    assert problems(report) == ["beat is not running: it sent its last tick 1h 2m ago (every 30s)"]
    report["beat"] = {"ok": False, "sent_ok": False, "last_sent_at": None, "every_seconds": 30}
    assert problems(report) == ["beat has never sent a tick: run `wirefeed beat` (or `wirefeed run`)"]
