"""`wirefeed beat` serves the state gauges, read from PostgreSQL and Redis at each scrape: sources by health
state, the backlog of pending fetches by source, the broker's queue depth (beat's ticks, with no worker to take
them, wait in the queue)."""

from __future__ import annotations

import json

import pytest

from tests.integration.processes import wirefeed_process
from tests.integration.scrape import free_port, scrape_until, value
from tests.integration.support import queue_key
from worker.database import pending
from worker.database.pending import Wanted
from worker.database.states import PendingReason
from worker.ingest.sources import SourceConfig, upsert_source


@pytest.fixture
def beat(database, settings, redis_client, tmp_path):
    port = free_port()
    env = {"WIREFEED_METRICS_PORT": str(port), "WIREFEED_TICK_SECONDS": "1", "WIREFEED_LOG_FORMAT": "json"}
    try:
        with wirefeed_process(["beat", "--loglevel", "INFO"], tmp_path / "beat.log", env):
            yield port
    finally:
        redis_client.delete(queue_key(settings))


def _sources(conn) -> None:
    """Four sources, one in each health state, and two pending fetches of the failing one."""
    for name in ("fine", "flaky", "stopped", "off"):
        upsert_source(conn, SourceConfig(name=name, feed_url=f"http://127.0.0.1:9/{name}.xml", enabled=name != "off"))
    conn.execute("UPDATE sources SET consecutive_failures = 3 WHERE name = 'flaky'")
    conn.execute(
        "UPDATE sources SET consecutive_failures = 10, paused_reason = 'too many failures', "
        "paused_until = now() + interval '1 hour' WHERE name = 'stopped'"
    )
    flaky = conn.execute("SELECT id FROM sources WHERE name = 'flaky'").fetchone()["id"]
    pending.add(conn, flaky, [Wanted(f"http://127.0.0.1:9/{n}.html", PendingReason.NEW) for n in (1, 2)])
    conn.execute("UPDATE pending_fetches SET first_seen_at = now() - interval '10 minutes'")
    conn.commit()


def test_beat_serves_sources_by_health_the_backlog_and_the_queue_depth(conn, beat, tmp_path):
    _sources(conn)
    samples = scrape_until(beat, "wirefeed_queue_depth", 1, timeout=60)
    assert value(samples, "wirefeed_state_up") == 1
    states = {s: value(samples, "wirefeed_sources", state=s) for s in ("ok", "failing", "paused", "disabled")}
    assert states == {"ok": 1, "failing": 1, "paused": 1, "disabled": 1}
    assert value(samples, "wirefeed_pending_fetches", source="flaky") == 2
    assert value(samples, "wirefeed_pending_fetches_due", source="flaky") == 2
    assert value(samples, "wirefeed_pending_oldest_seconds", source="flaky") >= 600
    assert value(samples, "wirefeed_queue_depth") >= 1
    lines = [line for line in (tmp_path / "beat.log").read_text().splitlines() if line.strip()]
    assert any("Sending due task wirefeed-tick" in json.loads(line)["message"] for line in lines)
