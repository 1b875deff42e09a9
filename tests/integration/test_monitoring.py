"""Monitoring through a real worker (`wirefeed run`, concurrency 2, beat embedded) that ingests the sample wire
site: its Prometheus endpoint sums the counters of its pool's processes and reads the state gauges at scrape time,
and its JSON log lines parse and carry the task's fields, with no password of DATABASE_URL anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from tests.integration.processes import worker_process
from tests.integration.scrape import free_port, scrape_until, value
from worker.ingest.sources import SourceConfig, upsert_source

pytestmark = pytest.mark.e2e

PASSWORD = "s3cret-pw-Xq7"  # trust authentication ignores it: it only has to stay out of the logs


@pytest.fixture
def monitored(database, conn, sample_site, tmp_path):
    """The worker, with metrics on a free port and JSON logs at INFO; the sample site as a source."""
    port = free_port()
    env = {
        "WIREFEED_TICK_SECONDS": "1",
        "WIREFEED_METRICS_PORT": str(port),
        "WIREFEED_LOG_FORMAT": "json",
        "DATABASE_URL": psycopg.conninfo.make_conninfo(database, password=PASSWORD),
    }
    log_path = tmp_path / "worker.log"
    with worker_process(log_path, env, loglevel="INFO"):
        upsert_source(conn, SourceConfig(name="sample", feed_url=sample_site.url("/feed.xml"), poll_interval=3600))
        conn.commit()
        yield port, log_path


def test_the_metrics_endpoint_counts_an_ingest_and_the_logs_are_json(monitored):
    port, log_path = monitored
    # The tasks run in the pool's child processes: the main process serves their counters only through
    # prometheus_client's multi-process mode.
    samples = scrape_until(port, "wirefeed_feed_to_row_seconds_count", 4)

    assert value(samples, "wirefeed_polls_total", source="sample", outcome="ok") >= 1
    assert value(samples, "wirefeed_fetches_total", kind="listing", status_class="2xx") >= 1
    assert value(samples, "wirefeed_fetches_total", kind="page", status_class="2xx") == 4
    pages = {o: value(samples, "wirefeed_pages_total", outcome=o) for o in ("parsed", "fallback", "duplicate")}
    assert pages["parsed"] + pages["fallback"] == 4 and pages["duplicate"] == 0
    assert value(samples, "wirefeed_pages_total", outcome="failed") == 0
    assert value(samples, "wirefeed_articles_total", relation="original") == 3
    assert value(samples, "wirefeed_articles_total", relation="copy") == 1
    assert value(samples, "wirefeed_fetch_outcomes_total", outcome="new") == 4
    for stage in ("page_fetch", "parse", "store"):
        assert value(samples, "wirefeed_stage_duration_seconds_count", stage=stage) == 4, stage
    assert value(samples, "wirefeed_stage_duration_seconds_count", stage="listing_fetch") >= 1
    assert value(samples, "wirefeed_feed_to_row_seconds_count") == 4
    # The state gauges, read at scrape time by the worker that embeds beat.
    assert value(samples, "wirefeed_state_up") == 1
    assert value(samples, "wirefeed_sources", state="ok") == 1
    assert value(samples, "wirefeed_sources", state="failing") == 0
    assert ("wirefeed_queue_depth", ()) in samples

    lines = _json_lines(log_path)
    fetched = [line for line in lines if line["stage"] == "fetch" and line["outcome"] == "new"]
    assert len(fetched) == 4
    for line in fetched:
        assert line["task"] == "wirefeed.fetch_article" and line["task_id"]
        assert line["source"] == "sample" and line["url"].startswith("http://127.0.0.1:")
        assert isinstance(line["duration"], float) and line["duration"] >= 0
    polled = [line for line in lines if line["stage"] == "poll" and line["outcome"] == "ok"]
    assert polled and polled[0]["source"] == "sample" and polled[0]["url"].endswith("/feed.xml")
    assert PASSWORD not in log_path.read_text()


def _json_lines(log_path: Path) -> list[dict]:
    """Every line of the worker's output, each of which must be one JSON object."""
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    assert lines
    parsed = [json.loads(line) for line in lines]
    assert all(isinstance(p, dict) and {"time", "level", "message", "task_id"} <= set(p) for p in parsed)
    return parsed
