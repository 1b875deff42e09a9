"""The operator's screens of text: ``wirefeed status``, ``sources list`` and ``sources show``. Times carry their
date and zone (worker.ingest.health.stamp); nothing is cut unless the table asks for it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from worker.ingest.health import SourceHealth, SourceState, span, stamp
from worker.runtime.tables import render

# sources list: its columns and the widths they are cut at; --wide cuts none.
SOURCE_COLUMNS = (
    ("name", 16),
    ("state", 17),
    ("last poll", 12),
    ("every", 9),
    ("last ok", 22),
    ("last new", 22),
    ("next poll", 22),
    ("new 24h", 7),
    ("why / last error", 40),
    ("url", 40),
)


def ago(when: datetime | None, now: datetime) -> str:
    return "never" if when is None else f"{stamp(when)} ({span((now - when).total_seconds())} ago)"


def sources_table(rows: Sequence[tuple[dict[str, Any], SourceHealth]], wide: bool) -> str:
    body = [
        (
            r["name"],
            _state_cell(r, h),
            r["last_poll_status"] or "",
            span(h.interval_seconds) + ("*" if h.interval_seconds != r["poll_interval"] else ""),
            stamp(r["last_success_at"]),
            stamp(r["last_article_at"]),
            _next_poll(r, h),
            r["articles_last_day"],
            _why(r, h),
            r["feed_url"],
        )
        for r, h in rows
    ]
    headers = [name for name, _ in SOURCE_COLUMNS]
    widths = [max([len(headers[i]), *(len(str(row[i])) for row in body)]) for i in range(len(headers))]
    if not wide:
        widths = [min(w, cut) for w, (_, cut) in zip(widths, SOURCE_COLUMNS, strict=True)]
    table = render(headers, body, widths)
    notes = ["* adapted to the listing's pace (see `sources show NAME`)"] if any("*" in b[3] for b in body) else []
    if not wide and any(len(str(row[i])) > widths[i] for row in body for i in range(len(headers))):
        notes.append("… cut: --wide shows every column whole, `sources show NAME` one source in full")
    return "\n".join([table, *notes])


def _state_cell(row: dict[str, Any], h: SourceHealth) -> str:
    return h.label


def _next_poll(row: dict[str, Any], h: SourceHealth) -> str:
    if h.state is SourceState.DISABLED:
        return ""
    return "now" if row["next_poll_at"] <= row["now"] else stamp(row["next_poll_at"])


def _why(row: dict[str, Any], h: SourceHealth) -> str:
    if h.state is SourceState.PAUSED:
        return str(row["paused_reason"])
    if h.state in (SourceState.FAILING, SourceState.RESUMED) and row["last_error"]:
        before = "before resume: " if h.state is SourceState.RESUMED else ""
        return f"{before}{row['last_error']}"
    if h.quiet:
        return h.attention[-1]
    return ""


def source_detail(row: dict[str, Any], h: SourceHealth, articles: int) -> str:
    """Everything about one source, one field a line, nothing cut."""
    now = row["now"]
    lines = [
        ("name", row["name"]),
        ("url", row["feed_url"]),
        ("kind", row["kind"]),
        ("state", _state_cell(row, h)),
        ("interval", h.interval_note),
        ("next poll", "not polled (disabled)" if not row["enabled"] else _next_poll(row, h)),
        ("last poll", f"{row['last_poll_status'] or 'none'}, {ago(row['last_poll_at'], now)}"),
        ("last success", ago(row["last_success_at"], now)),
        ("last error", f"{ago(row['last_error_at'], now)}: {row['last_error']}" if row["last_error"] else "none"),
        ("failures in a row", f"{row['consecutive_failures']}" + _backoff(row)),
        ("paused", _paused(row, h)),
        ("last new article", ago(row["last_article_at"], now)),
        ("usual gap", _usual(row)),
        ("articles", f"{articles} in all, {row['articles_last_day']} in the last day"),
        ("added", stamp(row["created_at"])),
    ]
    lines += [("attention", reason) for reason in h.attention]
    return "\n".join(f"{key + ':':<19}{value}" for key, value in lines)


def _backoff(row: dict[str, Any]) -> str:
    return f" (next poll backed off by {span(row['backoff_seconds'])})" if row["backoff_seconds"] else ""


def _paused(row: dict[str, Any], h: SourceHealth) -> str:
    if h.state is SourceState.PAUSED:
        return f"until {stamp(row['paused_until'])}: {row['paused_reason']}"
    if row["paused_reason"]:
        return f"pause ended {stamp(row['paused_until'])} (was: {row['paused_reason']})"
    return "no"


def _usual(row: dict[str, Any]) -> str:
    if row["usual_gap_seconds"] is None:
        return "not known yet (too few arrivals)"
    return f"one arrival every {span(row['usual_gap_seconds'])} (median of its last {row['gaps']} gaps)"


def status_screen(report: dict[str, Any]) -> str:
    """The status report for a person: the verdict and the problems first, then one line per part."""
    problems = report["problems"]
    verdict = _count(len(problems), "thing needs", "things need") + " attention" if problems else "healthy"
    lines = [f"wirefeed status at {stamp(datetime.fromisoformat(report['checked_at']))}: {verdict}"]
    lines += [f"  ! {p}" for p in problems]
    lines.append("")
    lines += [f"{name:<10}{text}" for name, text in _status_parts(report)]
    for kind in (report.get("failures") or {}).get("kinds", []):
        latest = f"(latest: {kind['latest_error']})"
        lines.append(f"{'':<10}{kind['count']:>6}  {kind['status']:<13}{kind['kind']}  {latest}")
    return "\n".join(lines)


def _status_parts(report: dict[str, Any]) -> list[tuple[str, str]]:
    parts = [
        ("workers", _workers_line(report)),
        ("broker", _broker_line(report["broker"])),
        ("beat", _beat_line(report["beat"])),
    ]
    if not report["database"]["ok"]:
        return [*parts, ("database", f"unavailable: {report['database']['error']}")]
    failures = report["failures"]["kinds"]
    return [
        *parts,
        ("backlog", _backlog_line(report["backlog"])),
        ("ingest", _ingest_line(report["ingest"])),
        ("sources", _sources_line(report["sources"])),
        ("database", _database_line(report["database"])),
        ("failures", f"{sum(k['count'] for k in failures)} pages failed to fetch or parse in the last day"),
    ]


def _workers_line(report: dict[str, Any]) -> str:
    workers = report["workers"]
    if workers["answered"]:
        return f"{len(workers['answered'])} answered a ping: {', '.join(workers['answered'])}"
    return "none answered a ping" if report["broker"]["ok"] else "not asked (the broker does not answer)"


def _broker_line(broker: dict[str, Any]) -> str:
    if not broker["ok"]:
        return f"unavailable: {broker['error']}"
    queued = _count(broker["queued"], "task", "tasks")
    return f"{queued} queued in {broker['queue']}, {broker['unacked']} taken by a worker and not yet acknowledged"


def _beat_line(beat: dict[str, Any]) -> str:
    if beat["sent_ok"] is None:
        sent = "last tick sent: unknown (the broker does not answer)"
    elif beat["last_sent_at"] is None:
        sent = "never sent a tick"
    else:
        sent = f"last tick sent {span(beat['sent_age_seconds'])} ago" + ("" if beat["sent_ok"] else " LATE")
    if beat["ran_ok"] is None:
        ran = "run: unknown (the database does not answer)"
    elif beat["last_tick_at"] is None:
        ran = "no tick run by a worker yet"
    else:
        when = stamp(datetime.fromisoformat(beat["last_tick_at"]))
        by = f", {beat['host']}" if beat["host"] else ""
        late = "" if beat["ran_ok"] else " LATE"
        ran = f"last run by a worker {when} ({span(beat['age_seconds'])} ago{by}){late}"
    return f"{sent}; {ran}; every {span(beat['every_seconds'])}"


def _backlog_line(backlog: dict[str, Any]) -> str:
    if not backlog["open"]:
        return "no pending fetch"
    oldest = f", the oldest due for {span(backlog['oldest_due_seconds'])}" if backlog["oldest_due_at"] else ""
    return f"{backlog['open']} pending fetches: {backlog['due']} due{oldest}; {backlog['failing']} failed before"


def _ingest_line(ingest: dict[str, Any]) -> str:
    last = f"{span(ingest['last_new_seconds'])} ago" if ingest.get("last_new_at") else "never"
    return (
        f"new articles {ingest['new_last_hour']} in the last hour, {ingest['new_last_day']} in the last day; "
        f"new versions {ingest['versions_last_hour']} / {ingest['versions_last_day']}; latest new {last}"
    )


def _sources_line(sources: dict[str, Any]) -> str:
    attention = ", ".join(f"{s['name']} ({s['state']}{', quiet' if s['quiet'] else ''})" for s in sources["attention"])
    return f"{sources['enabled']} enabled of {sources['total']}; needing attention: {attention or 'none'}"


def _database_line(database: dict[str, Any]) -> str:
    tables = ", ".join(
        f"{t['name']} {_size(t['bytes'])}" + (f" (~{t['estimated_rows']} rows)" if t["estimated_rows"] else "")
        for t in database["largest_tables"][:3]
    )
    return f"{_size(database['bytes'])}; largest: {tables}"


def _size(size: float) -> str:
    """Bytes in binary units: ``512 B``, ``8.4 MB``."""
    unit = "B"
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            break
        size /= 1024
    return f"{size:.0f} B" if unit == "B" else f"{size:.1f} {unit}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
