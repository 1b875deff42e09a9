"""`wirefeed status`: the service at a glance, from a real worker process (with beat), Redis and PostgreSQL; and
its exit status as a health check."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import redis
from click.testing import CliRunner

from tests.integration.faultserver import FaultServer, Status
from tests.integration.processes import worker_process
from worker.ingest.sources import SourceConfig, upsert_source
from worker.runtime import beat_clock
from worker.runtime.cli import main
from worker.runtime.settings import Settings

pytestmark = pytest.mark.usefixtures("fresh_politeness")


def status(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["status", *args], catch_exceptions=False)
    return result.exit_code, result.output


def status_json() -> tuple[int, dict[str, Any]]:
    code, output = status("--json")
    return code, json.loads(output)


def wait_for(conn: Any, sql: str, timeout: float = 90.0) -> Any:
    """The first row of ``sql`` once it has one whose first value is true (committed by another process)."""
    deadline = time.monotonic() + timeout
    while True:
        conn.commit()
        row = conn.execute(sql).fetchone()
        if (row and next(iter(row.values()))) or time.monotonic() > deadline:
            return row
        time.sleep(0.3)


@pytest.mark.e2e
def test_status_json_reflects_a_failing_source_and_a_stopped_worker(
    conn: Any, fault_server: FaultServer, tmp_path: Any, settings: Settings, redis_client: redis.Redis
) -> None:
    with worker_process(tmp_path / "worker.log", {"WIREFEED_TICK_SECONDS": "1"}):
        assert wait_for(conn, "SELECT count(*) AS n FROM heartbeats WHERE name = 'tick'")["n"] == 1
        code, healthy = status_json()
        assert (code, healthy["ok"], healthy["problems"]) == (0, True, [])
        assert healthy["workers"]["ok"] and healthy["workers"]["answered"]
        assert healthy["beat"]["ok"] and healthy["beat"]["host"] in healthy["workers"]["answered"]
        assert healthy["beat"]["sent_ok"] and healthy["beat"]["ran_ok"] and healthy["beat"]["last_sent_at"]

        upsert_source(conn, SourceConfig(name="flaky", feed_url=fault_server.route("/feed.xml", Status(500))))
        conn.commit()
        assert wait_for(conn, "SELECT consecutive_failures FROM sources WHERE name = 'flaky'")
        code, failing = status_json()
        assert (code, failing["ok"], failing["workers"]["ok"]) == (1, False, True)
        [flaky] = failing["sources"]["attention"]
        assert (flaky["name"], flaky["state"], flaky["consecutive_failures"]) == ("flaky", "failing", 1)
        assert flaky["last_error"] == "server_error: HTTP 500"
        assert failing["problems"] == ["source flaky: 1 failed poll in a row: server_error: HTTP 500"]

    code, stopped = status_json()
    assert (code, stopped["ok"], stopped["workers"]) == (
        1,
        False,
        {"ok": False, "answered": [], "timeout_seconds": 1.0},
    )
    assert stopped["problems"][0] == "no worker answered a ping within 1s"
    assert "source flaky: 1 failed poll in a row: server_error: HTTP 500" in stopped["problems"]

    conn.execute("UPDATE heartbeats SET beat_at = clock_timestamp() - interval '10 minutes'")  # beat stopped long ago
    conn.commit()
    code, late = status_json()
    assert late["beat"]["ok"] is False and late["beat"]["age_seconds"] >= 600
    assert (
        late["problems"][1].startswith("beat's last tick ran 10m") and "ago (every 1s expected)" in late["problems"][1]
    )
    code, screen = status()
    assert code == 1 and "! no worker answered a ping within 1s" in screen and "LATE" in screen

    redis_client.set(settings.redis_prefix + beat_clock.KEY, repr(time.time() - 600))  # beat stopped too
    code, both = status_json()
    assert both["beat"]["sent_ok"] is False and both["beat"]["sent_age_seconds"] >= 600
    assert both["problems"][1].startswith("beat is not running: it sent its last tick 10m")


def _article(conn: Any, source_id: int, n: int, hours_ago: float) -> None:
    story = conn.execute("INSERT INTO stories (headline) VALUES ('s') RETURNING id").fetchone()["id"]
    conn.execute(
        "INSERT INTO articles (story_id, source_id, url, canonical_url, content_hash, first_seen_at) "
        "VALUES (%(story)s, %(source)s, %(url)s, %(url)s, %(url)s, now() - make_interval(secs => %(hours)s * 3600))",
        {"story": story, "source": source_id, "url": f"https://quiet.example.org/{n}", "hours": hours_ago},
    )


def _page(conn: Any, status: str, error: str, hours_ago: float = 1) -> None:
    conn.execute(
        "INSERT INTO pages (url, parse_status, parse_error, fetched_at) "
        "VALUES ('https://x.example.org/p', %s, %s, now() - make_interval(secs => %s * 3600))",
        (status, error, hours_ago),
    )


def test_status_shows_quiet_sources_ingest_rate_failures_and_backlog(conn: Any) -> None:
    for name in ("quiet", "steady"):
        upsert_source(conn, SourceConfig(name=name, feed_url=f"https://{name}.example.org/feed"))
    conn.execute("UPDATE sources SET last_poll_at = now(), last_success_at = now(), last_poll_status = 'ok'")
    ids = {r["name"]: r["id"] for r in conn.execute("SELECT id, name FROM sources")}
    for n, hours_ago in enumerate((20, 18, 16, 14, 14.001)):  # every 2 h (the last two: one poll), then silence
        _article(conn, ids["quiet"], n, hours_ago)
    for n, hours_ago in enumerate((6, 4, 2, 0.5)):  # every 2 h and still publishing
        _article(conn, ids["steady"], 10 + n, hours_ago)
    _page(conn, "failed", "ParseError: not an HTML document: application/pdf")
    _page(conn, "failed", "ParseError: not an HTML document: image/png")
    _page(conn, "fetch_failed", "server_error: HTTP 503")
    _page(conn, "fetch_failed", "server_error: HTTP 502", hours_ago=30)  # older than the day shown
    conn.execute(
        "INSERT INTO pending_fetches (source_id, url, reason, next_attempt_at) "
        "VALUES (%s, 'https://steady.example.org/late', 'new', now() - interval '20 minutes')",
        (ids["steady"],),
    )
    conn.commit()

    code, report = status_json()
    assert code == 1
    [quiet] = report["sources"]["attention"]
    assert (quiet["name"], quiet["state"], quiet["reasons"]) == (
        "quiet",
        "ok",
        ["no new article for 14h; usually one every 2h"],
    )
    assert quiet["quiet"]["usual_gap_seconds"] == pytest.approx(7200, abs=1)
    assert quiet["quiet"]["threshold_seconds"] == pytest.approx(6 * 3600, abs=1)
    assert (report["ingest"]["new_last_hour"], report["ingest"]["new_last_day"]) == (9, 9)  # committed just now
    kinds = [(k["status"], k["kind"], k["count"]) for k in report["failures"]["kinds"]]
    assert kinds == [("failed", "ParseError: not an HTML document", 2), ("fetch_failed", "server_error", 1)]
    assert report["failures"]["kinds"][1]["latest_error"] == "server_error: HTTP 503"
    assert (report["backlog"]["open"], report["backlog"]["due"]) == (1, 1)
    assert report["backlog"]["oldest_due_seconds"] >= 1200
    assert any(
        p.startswith("the workers are behind: 1 pending fetch due, the oldest for 20m") for p in report["problems"]
    )
    assert report["database"]["bytes"] > 0 and report["database"]["largest_tables"]

    code, screen = status()
    assert "! source quiet: no new article for 14h; usually one every 2h" in screen, screen
    assert "needing attention: quiet (ok, quiet)" in screen, screen
    assert "2  failed       ParseError: not an HTML document  (latest: " in screen, screen


def test_status_reports_services_that_do_not_answer(database: str) -> None:
    """A service that does not answer is a finding, not the end of the report: one JSON object, exit status 1,
    no password of DATABASE_URL printed."""
    from worker.devtools.services import free_port
    from worker.runtime.settings import get_settings

    env = {
        "DATABASE_URL": f"postgresql://postgres:s3cret@127.0.0.1:{free_port()}/wirefeed",
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
    }
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["status", "--json"], env=env, catch_exceptions=False)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "s3cret" not in result.output
    report = json.loads(result.output)
    assert (report["database"]["ok"], report["broker"]["ok"], report["workers"]["ok"]) == (False, False, False)
    assert report["problems"][0].startswith("database: PostgreSQL does not answer at postgresql://postgres:***@")
    assert report["problems"][1].startswith("broker: Redis does not answer at redis://127.0.0.1:")
    assert (report["beat"]["sent_ok"], report["beat"]["ran_ok"]) == (None, None)  # unknown: already a problem
    assert "sources" not in report and len(report["problems"]) == 2
