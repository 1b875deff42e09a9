"""The service at a glance (``wirefeed status``): are the workers and beat alive, how far behind is the work,
how fast do stories arrive, which sources and pages need attention, how big is the database.

:func:`gather` asks each service on its own, within seconds: PostgreSQL (worker.database.health), Redis (the
broker's queue), the workers (a Celery ping). A service that does not answer is itself a finding, not the end
of the report. The report is a plain dict, the same for the screen, ``--json`` and any other view; its
``problems`` list what needs attention (empty: healthy).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from worker import database as db
from worker.database import health
from worker.database.ready import check_ready
from worker.ingest.health import SourceState, source_health, span
from worker.runtime import beat_clock
from worker.runtime.settings import Settings, redact, scrub

PING_TIMEOUT = 1.0  # seconds the workers have to answer: `status` must end in seconds when none runs
REDIS_TIMEOUT = 2.0
FAILURE_WINDOW = 86400.0  # recent failures: the last day
TICK_LATE_FACTOR = 3  # the tick is late after this many of its intervals (and a minute more than one)
STATEMENT_TIMEOUT_MS = 10_000  # a health check that hangs on a busy database tells nothing
BACKLOG_LAG_SECONDS = 600  # a due pending fetch waiting longer than this: the workers are behind

Report = dict[str, Any]


def gather(settings: Settings, ping_timeout: float = PING_TIMEOUT) -> Report:
    """The whole report: each section, then the problems they show."""
    report: Report = {"checked_at": datetime.now(UTC).isoformat()}
    report["broker"], sent = _broker(settings)
    report["workers"] = _workers(ping_timeout) if report["broker"]["ok"] else {"ok": False, "answered": []}
    sections, ran = _database_sections(settings)
    report["beat"] = _beat(Ticks(sent, report["broker"]["ok"], ran, sections["database"]["ok"]), settings)
    report.update(sections)
    found = problems(report)
    return {"ok": not found, "problems": found, **report}


def _database_sections(settings: Settings) -> tuple[Report, health.Heartbeat | None]:
    """The sections PostgreSQL answers, and the tick's heartbeat."""
    try:
        check_ready(settings.database_url)
        with db.connect(settings.database_url) as conn:
            conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
            sections = {
                "database": {"ok": True, "error": None, **health.database_size(conn)},
                "backlog": _ages(health.backlog(conn)),
                "ingest": _ages(health.ingest_rate(conn)),
                "sources": _sources(health.sources(conn), settings),
                "failures": {
                    "window_seconds": FAILURE_WINDOW,
                    "kinds": [_ages(r) for r in health.recent_failures(conn, FAILURE_WINDOW)],
                },
            }
            return sections, health.heartbeat(conn)
    except db.DatabaseError as exc:
        return {"database": {"ok": False, "error": scrub(str(exc), settings.database_url)}}, None


@dataclass(frozen=True)
class Ticks:
    """When beat last sent a tick (epoch seconds, from Redis) and when a worker last ran one (PostgreSQL); each
    None when it never happened, and known only when its service answered."""

    sent: float | None
    sent_known: bool
    ran: health.Heartbeat | None
    ran_known: bool


def _beat(ticks: Ticks, settings: Settings) -> Report:
    """Beat is alive when it sent a tick lately; its ticks run when a worker ran one lately: each late after
    ``TICK_LATE_FACTOR`` intervals (and at least an interval and a minute), None when its service did not answer."""
    ran = ticks.ran
    every = (ran.every_seconds if ran else None) or settings.tick_seconds
    late_after = max(TICK_LATE_FACTOR * every, every + 60)
    sent_age = time.time() - ticks.sent if ticks.sent is not None else None
    sent_ok = (sent_age is not None and sent_age <= late_after) if ticks.sent_known else None
    ran_ok = (ran is not None and ran.age_seconds <= late_after) if ticks.ran_known else None
    return {
        "ok": sent_ok is not False and ran_ok is not False,
        "sent_ok": sent_ok,
        "last_sent_at": datetime.fromtimestamp(ticks.sent, UTC).isoformat() if ticks.sent is not None else None,
        "sent_age_seconds": round(sent_age, 1) if sent_age is not None else None,
        "ran_ok": ran_ok,
        "last_tick_at": ran.beat_at.isoformat() if ran else None,
        "age_seconds": round(ran.age_seconds, 1) if ran else None,
        "host": ran.host if ran else None,
        "every_seconds": every,
        "late_after_seconds": late_after,
    }


def _sources(rows: list[dict[str, Any]], settings: Settings) -> Report:
    judged = [(row, source_health(row, settings.adaptive_interval)) for row in rows]
    attention = [
        {
            "name": h.name,
            "state": str(h.state),
            "reasons": list(h.attention),
            "consecutive_failures": row["consecutive_failures"],
            "last_error": row["last_error"],
            "paused_reason": row["paused_reason"],
            "paused_until": _iso(row["paused_until"]),
            "last_success_at": _iso(row["last_success_at"]),
            "last_article_at": _iso(row["last_article_at"]),
            "quiet": asdict(h.quiet) if h.quiet else None,
        }
        for row, h in judged
        if h.attention
    ]
    enabled = sum(1 for _, h in judged if h.state is not SourceState.DISABLED)
    return {"total": len(rows), "enabled": enabled, "attention": attention}


def _broker(settings: Settings) -> tuple[Report, float | None]:
    """The broker's queue lengths, and when beat last sent a tick (worker.runtime.beat_clock)."""
    import redis

    client = redis.Redis.from_url(
        settings.redis_url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT, retry=None
    )
    try:
        queued = client.llen(settings.redis_prefix + settings.queue)
        unacked = client.hlen(settings.redis_prefix + "unacked")  # kombu's taken-but-unacknowledged messages
        sent = beat_clock.last_sent(client, settings)
    except redis.RedisError as exc:
        error = f"Redis does not answer at {redact(settings.redis_url)}: {scrub(str(exc), settings.redis_url)}"
        return {"ok": False, "error": error, "queued": None, "unacked": None}, None
    finally:
        client.close()
    return {"ok": True, "error": None, "queue": settings.queue, "queued": queued, "unacked": unacked}, sent


def _workers(timeout: float) -> Report:
    """The workers that answer a Celery ping within ``timeout`` (control messages go through the broker, under
    the installation's key prefix: another installation's workers do not answer)."""
    from worker.runtime.celery_app import app

    replies = app.control.ping(timeout=timeout) or []
    answered = sorted(name for reply in replies for name in reply)
    return {"ok": bool(answered), "answered": answered, "timeout_seconds": timeout}


def problems(report: Report) -> list[str]:
    """What needs attention in ``report``, one sentence each."""
    found: list[str] = []
    for check in _CHECKS:
        found.extend(check(report))
    return found


def _services(report: Report) -> list[str]:
    found = [f"database: {report['database']['error']}"] if not report["database"]["ok"] else []
    if not report["broker"]["ok"]:
        found.append(f"broker: {report['broker']['error']}")
    elif not report["workers"]["ok"]:
        found.append(f"no worker answered a ping within {span(report['workers']['timeout_seconds'])}")
    return found


def _beat_problem(report: Report) -> list[str]:
    beat = report.get("beat")
    if beat is None or beat["ok"]:
        return []
    every = span(beat["every_seconds"])
    if beat["sent_ok"] is False and beat["last_sent_at"] is None:
        return ["beat has never sent a tick: run `wirefeed beat` (or `wirefeed run`)"]
    if beat["sent_ok"] is False:
        return [f"beat is not running: it sent its last tick {span(beat['sent_age_seconds'])} ago (every {every})"]
    if beat["last_tick_at"] is None:
        return ["no tick has ever run: a worker runs them (`wirefeed worker`)"]
    return [f"beat's last tick ran {span(beat['age_seconds'])} ago (every {every} expected)"]


def _backlog_problem(report: Report) -> list[str]:
    lag = (report.get("backlog") or {}).get("oldest_due_seconds")
    if lag is None or lag <= BACKLOG_LAG_SECONDS:
        return []
    due = report["backlog"]["due"]
    fetches = "1 pending fetch" if due == 1 else f"{due} pending fetches"
    return [f"the workers are behind: {fetches} due, the oldest for {span(lag)}"]


def _source_problems(report: Report) -> list[str]:
    sources = (report.get("sources") or {}).get("attention", [])
    return [f"source {s['name']}: {reason}" for s in sources for reason in s["reasons"]]


_CHECKS: tuple[Callable[[Report], list[str]], ...] = (_services, _beat_problem, _backlog_problem, _source_problems)


def _ages(row: dict[str, Any]) -> Report:
    """``row`` for JSON: times as ISO 8601, and for each ``*_at`` time its age in seconds beside it."""
    now = datetime.now(UTC)
    out: Report = {}
    for key, value in row.items():
        out[key] = _iso(value)
        if isinstance(value, datetime) and key.endswith("_at"):
            out[key.removesuffix("_at") + "_seconds"] = round((now - value).total_seconds(), 1)
    return out


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
